"""Technical indicators matching TA-Lib.

Float64 in, float64 out, same length as the input, NaN through the warm-up exactly where TA-Lib
puts it. 2-D input is read as time x assets and computed column by column.

Missing values: NaNs before the first number are skipped and the warm-up starts at the first
number, as TA-Lib's Python wrapper does. A NaN after that follows ``nan_policy``:

- ``"propagate"`` (default, TA-Lib parity): the NaN enters the running arithmetic and every later
  output is NaN, exactly as TA-Lib gives;
- ``"skip"``: the NaN gives NaN at its own position and is otherwise ignored; windows hold the last
  ``period`` valid values, so each valid position gets TA-Lib's value on the series without NaNs.

Infinite values raise :class:`~rustybt_native.exceptions.InvalidInputError`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from . import _backend
from ._validation import float_array, real, text, window

__all__ = [
    "bbands",
    "dema",
    "ema",
    "hma",
    "kama",
    "macd",
    "midpoint",
    "mom",
    "rate_of_change",
    "roc",
    "rsi",
    "sma",
    "stddev",
    "tema",
    "trima",
    "wma",
]

# With seed="first" the period sets the smoothing factor and not a warm-up, so it is not clamped
# to the series length; beyond 2**53 a period has no exact float and the factor underflows the
# arithmetic anyway.
_MAX_SPAN = 2**53


def sma(values: Any, period: int, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """Simple moving average, as TA-Lib's ``SMA``.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int
        Window length, >= 1: 1 returns the input, and a period longer than the series gives all
        NaN (as TA-Lib does).
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period - 1`` values (per column) are NaN. The
        running sum follows TA-Lib's order of operations, so values equal TA-Lib's bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.sma([1.0, 2.0, 3.0, 4.0], 3)
    array([nan, nan,  2.,  3.])
    >>> rn.indicators.sma([[1.0, 10.0], [3.0, 30.0]], 2)  # two assets
    array([[nan, nan],
           [ 2., 20.]])
    >>> rn.indicators.sma([1.0, 2.0, float("nan"), 4.0, 6.0], 2, nan_policy="skip")
    array([nan, 1.5, nan, 3. , 5. ])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("sma", array, length, policy)


def _call(name: str, array: npt.NDArray[np.float64], *args: Any) -> npt.NDArray[np.float64]:
    """The current backend's ``name`` (1-D) or ``name_2d`` (2-D) on a checked array."""
    kernel = getattr(_backend.impl, f"{name}_2d" if array.ndim == 2 else name)
    return kernel(array, *args)  # type: ignore[no-any-return]


def ema(
    values: Any, period: int, *, seed: str = "sma", nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Exponential moving average, as TA-Lib's ``EMA`` or pandas' ``ewm(adjust=False)``.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int
        Span, >= 1. The smoothing factor is ``2 / (period + 1)``.
    seed : {"sma", "first"}, default "sma"
        ``"sma"``: TA-Lib's ``EMA``; the first output, at index ``period - 1``, is the simple
        average of the first ``period`` values, and period 1 returns the input. ``"first"``:
        pandas' ``Series.ewm(span=period, adjust=False).mean()``; the first value is the first
        output, with no warm-up, and pandas' own order of operations.
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``. Equal to ``talib.EMA`` (seed "sma"; TA-Lib's FMA code path,
        which it uses on any CPU with FMA) or to pandas (seed "first", on series without NaN
        inside) bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1, or ``seed`` or ``nan_policy`` is not one of its names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period``, non-numeric ``values`` or a non-str ``seed``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.ema([1.0, 2.0, 3.0, 6.0], 3)
    array([nan, nan,  2.,  4.])
    >>> rn.indicators.ema([1.0, 3.0, 3.0, 7.0], 3, seed="first")
    array([1.  , 2.  , 2.5 , 4.75])
    """
    array = float_array(values, "values", ndims=(1, 2))
    seed = text(seed, "seed")
    # Only seed="sma" has a warm-up that a long period turns into all NaN.
    length = window(period, "period", array.shape[0] if seed == "sma" else _MAX_SPAN - 1)
    policy = text(nan_policy, "nan_policy")
    return _call("ema", array, length, seed, policy)


def wma(values: Any, period: int, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """Weighted moving average, as TA-Lib's ``WMA``: weights 1 to ``period``, latest heaviest.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int
        Window length, >= 1: 1 returns the input, and a period longer than the series gives all
        NaN (as TA-Lib does).
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period - 1`` values (per column) are NaN. The
        running sums follow TA-Lib's order of operations, re-summed from scratch every
        ``8 * period`` outputs as TA-Lib does, so values equal TA-Lib's bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.wma([1.0, 2.0, 3.0, 4.0], 3)  # (1*2 + 2*3 + 3*4) / 6 at the end
    array([       nan,        nan, 2.33333333, 3.33333333])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("wma", array, length, policy)


def rsi(values: Any, period: int = 14, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """Relative strength index (Wilder), as TA-Lib's ``RSI``.

    ``100 * gain / (gain + loss)``, with gains and losses averaged over the first ``period``
    changes and Wilder-smoothed after that: ``avg = (avg * (period - 1) + new) / period``.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 14
        Number of changes averaged, >= 2 (as TA-Lib). A period of at least the series length
        gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip", changes measured from the last
        valid value); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``, between 0 and 100; the first ``period`` values (per column)
        are NaN. A flat stretch (gain + loss = 0) gives 0, as TA-Lib does. Values equal TA-Lib's
        bit for bit, including its quirk under "propagate": after a NaN inside the series
        TA-Lib 0.8 outputs 0, not NaN, for the rest of the series.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.rsi([10.0, 11.0, 10.0, 13.0], 2)
    array([ nan,  nan, 50. , 87.5])
    """
    array = float_array(values, "values", ndims=(1, 2))
    # An empty series still needs a period TA-Lib accepts, hence at least 1 for the clamp.
    length = window(period, "period", max(array.shape[0], 1), minimum=2)
    policy = text(nan_policy, "nan_policy")
    return _call("rsi", array, length, policy)


# --- issue 6: single-input indicators ------------------------------------------------------------

Lines = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]


def _call_lines(name: str, array: npt.NDArray[np.float64], *args: Any) -> Lines:
    """The current backend's three-output ``name`` (1-D) or ``name_2d`` (2-D) on a checked
    array."""
    kernel = getattr(_backend.impl, f"{name}_2d" if array.ndim == 2 else name)
    return kernel(array, *args)  # type: ignore[no-any-return]


def macd(
    values: Any, fast: int = 12, slow: int = 26, signal: int = 9, *, nan_policy: str = "propagate"
) -> Lines:
    """Moving average convergence/divergence, as TA-Lib's ``MACD``.

    ``macd = EMA(fast) - EMA(slow)``, ``signal = EMA(macd, signal)``, ``hist = macd - signal``,
    with TA-Lib's seeds: both price EMAs start at bar ``slow - 1`` (the fast one seeded with the
    average of the last ``fast`` of the first ``slow`` values, not ``slow - fast`` bars earlier)
    and the signal line with the average of its first ``signal`` MACD values.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    fast, slow : int, default 12 and 26
        EMA spans, each >= 2 (as TA-Lib). If ``slow < fast`` the two are swapped, as TA-Lib does.
    signal : int, default 9
        Span of the signal EMA, >= 1.
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    tuple of three numpy.ndarray of float64
        ``(macd, signal, hist)``, each of the shape of ``values``; the first
        ``max(fast, slow) + signal - 2`` values (per column) are NaN in all three. Equal to
        ``talib.MACD`` bit for bit (TA-Lib 0.8's FMA code path, as for :func:`ema`).

    Raises
    ------
    InvalidParameterError
        If ``fast`` or ``slow`` < 2, ``signal`` < 1, or ``nan_policy`` is not one of the names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer period or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> line, signal, hist = rn.indicators.macd([1.0, 2.0, 3.0, 5.0], fast=2, slow=3, signal=2)
    >>> line
    array([       nan,        nan,        nan, 0.66666667])
    >>> signal
    array([       nan,        nan,        nan, 0.58333333])
    >>> hist
    array([       nan,        nan,        nan, 0.08333333])
    """
    array = float_array(values, "values", ndims=(1, 2))
    # An empty series still needs periods TA-Lib accepts, hence at least 1 for the clamp.
    fast = window(fast, "fast", max(array.shape[0], 1), minimum=2)
    slow = window(slow, "slow", max(array.shape[0], 1), minimum=2)
    signal = window(signal, "signal", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call_lines("macd", array, fast, slow, signal, policy)


def mom(values: Any, period: int = 10, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """Momentum, as TA-Lib's ``MOM``: ``values[i] - values[i - period]``.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 10
        Lag, >= 1. A period of at least the series length gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" (TA-Lib parity): a NaN inside the series gives NaN at its position and
        ``period`` steps later only, as TA-Lib gives (there is no running sum for it to poison).
        "skip": NaN at its position, and the lag counts valid values only.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period`` values (per column) are NaN. Equal to
        ``talib.MOM`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.mom([1.0, 2.0, 4.0, 8.0], 2)
    array([nan, nan,  3.,  6.])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("mom", array, length, policy)


def roc(values: Any, period: int = 10, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """Rate of change in percent, as TA-Lib's ``ROC``.

    ``(values[i] / values[i - period] - 1) * 100``; where ``values[i - period]`` is 0 the output
    is 0, TA-Lib's guard against dividing by zero.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 10
        Lag, >= 1. A period of at least the series length gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        As for :func:`mom`.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period`` values (per column) are NaN. Equal to
        ``talib.ROC`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.roc([2.0, 4.0, 1.0, 0.0, 5.0], 1)
    array([  nan,  100.,  -75., -100.,    0.])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("roc", array, length, policy)


def rate_of_change(
    values: Any, period: int = 1, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Simple fractional change: ``values[i] / values[i - period] - 1`` (0.05 is +5%).

    pandas' ``Series.pct_change(periods=period, fill_method=None)`` bit for bit. TA-Lib has no
    such function (its ``ROCR`` is ``values[i] / values[i - period]``, without the ``- 1``). A
    change from 0 follows IEEE division as pandas does: ±inf, or NaN for 0 to 0.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 1
        Lag, >= 1. A period of at least the series length gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        As for :func:`mom`; "propagate" is pandas' ``fill_method=None``.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period`` values (per column) are NaN.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.rate_of_change([2.0, 4.0, 1.0])
    array([  nan,  1.  , -0.75])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("rate_of_change", array, length, policy)


def dema(
    values: Any, period: int = 30, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Double exponential moving average, as TA-Lib's ``DEMA``: ``2 * EMA - EMA(EMA)``.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 30
        Span of each EMA, >= 1 (1 returns the input).
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``2 * (period - 1)`` values (per column) are NaN.
        TA-Lib EMAs (see :func:`ema`), the second starting at the first output of the first, so
        values equal ``talib.DEMA`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.dema([1.0, 3.0, 5.0, 7.0], 2)  # a straight line has no lag
    array([nan, nan,  5.,  7.])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("dema", array, length, policy)


def tema(
    values: Any, period: int = 30, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Triple exponential moving average, as TA-Lib's ``TEMA``:
    ``3 * EMA - 3 * EMA(EMA) + EMA(EMA(EMA))``.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 30
        Span of each EMA, >= 1 (1 returns the input).
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``3 * (period - 1)`` values (per column) are NaN.
        Chained TA-Lib EMAs and TA-Lib's ``e3 + (3 * e1 - 3 * e2)``, so values equal
        ``talib.TEMA`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.tema([1.0, 3.0, 5.0, 7.0, 9.0], 2)
    array([nan, nan, nan,  7.,  9.])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("tema", array, length, policy)


def hma(values: Any, period: int, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """Hull moving average: ``WMA(2 * WMA(x, period // 2) - WMA(x, period), isqrt(period))``.

    TA-Lib has no HMA: this is Alan Hull's formula over TA-Lib's ``WMA`` (see :func:`wma`), equal
    bit for bit to ``talib.WMA(2 * talib.WMA(x, n // 2) - talib.WMA(x, n), math.isqrt(n))``.
    ``period / 2`` and ``sqrt(period)`` are rounded down (period 15 uses WMAs of 7, 15 and 3),
    as pandas-ta and TradingView do.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int
        Window length, >= 2 (``period // 2`` must be at least 1).
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate": a NaN goes through each WMA as through ``talib.WMA`` (NaN until its re-sum
        after the NaN has left the window); "skip": NaN at its position only, the WMAs running
        over the valid values.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period + isqrt(period) - 2`` values (per column)
        are NaN.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.hma([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 4)  # no lag on a straight line
    array([nan, nan, nan, nan,  5.,  6.])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", max(array.shape[0], 1), minimum=2)
    policy = text(nan_policy, "nan_policy")
    return _call("hma", array, length, policy)


def trima(
    values: Any, period: int = 30, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Triangular moving average, as TA-Lib's ``TRIMA``.

    Weights rise 1, 2, ... to the middle of the window and fall back to 1 (an SMA of an SMA over
    ``(period + 1) // 2`` values, or ``period // 2`` and ``period // 2 + 1`` for even periods),
    computed with TA-Lib's running numerator and half sums in its order of operations.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 30
        Window length, >= 1 (1 returns the input, but as in TA-Lib a NaN inside still poisons
        every later output under "propagate").
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period - 1`` values (per column) are NaN. Equal to
        ``talib.TRIMA`` bit for bit (an SMA of an SMA differs in the last bits).

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.trima([4.0, 8.0, 0.0, 4.0], 3)  # weights 1, 2, 1
    array([nan, nan,  5.,  3.])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("trima", array, length, policy)


def stddev(
    values: Any, period: int = 5, nbdev: float = 1.0, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Rolling standard deviation times ``nbdev``, as TA-Lib's ``STDDEV``.

    The population deviation (divided by ``period``, not ``period - 1``) of the last ``period``
    values. TA-Lib 0.8 computes the variance from running sums of deviations from a shift, rebuilt
    by a two-pass at the window mean when they go stale and at least every ``32 * period``
    windows (not the cancellation-prone ``E[x^2] - E[x]^2`` of TA-Lib 0.4); this follows it step
    for step.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 5
        Window length, >= 2 (as TA-Lib).
    nbdev : float, default 1.0
        Multiplier of the deviation; any finite number.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" (TA-Lib parity): a NaN inside gives NaN until the first rebuild whose window
        no longer holds it (at most ``32 * period`` windows later), as TA-Lib gives. "skip": NaN
        at its position only, windows of valid values.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period - 1`` values (per column) are NaN. Equal to
        ``talib.STDDEV`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2, ``nbdev`` is not finite, or ``nan_policy`` is not one of the names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period``, a non-real ``nbdev`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.stddev([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], 8)[-1]
    np.float64(2.0)
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", max(array.shape[0], 1), minimum=2)
    deviations = real(nbdev, "nbdev")
    policy = text(nan_policy, "nan_policy")
    return _call("stddev", array, length, deviations, policy)


def bbands(
    values: Any,
    period: int = 5,
    nbdev_up: float = 2.0,
    nbdev_dn: float = 2.0,
    *,
    nan_policy: str = "propagate",
) -> Lines:
    """Bollinger bands around a simple moving average, as TA-Lib's ``BBANDS`` (``matype=0``).

    ``middle = SMA(period)``, ``upper = middle + nbdev_up * stddev``,
    ``lower = middle - nbdev_dn * stddev``, with :func:`stddev`'s population deviation.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 5
        Window length, >= 2 (as TA-Lib).
    nbdev_up, nbdev_dn : float, default 2.0
        Deviations above and below the middle band; any finite numbers.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" (TA-Lib parity): the middle band keeps a NaN for good, so every band is NaN
        after it. "skip": NaN at its position only, windows of valid values.

    Returns
    -------
    tuple of three numpy.ndarray of float64
        ``(upper, middle, lower)``, each of the shape of ``values``; the first ``period - 1``
        values (per column) are NaN. Equal to ``talib.BBANDS`` bit for bit, including its
        arithmetic (with unequal multipliers the upper band is one fused multiply-add).

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2, a multiplier is not finite, or ``nan_policy`` is not one of the names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period``, a non-real multiplier or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> upper, middle, lower = rn.indicators.bbands([1.0, 3.0, 3.0, 7.0], 2)
    >>> middle
    array([nan,  2.,  3.,  5.])
    >>> upper, lower
    (array([nan,  4.,  3.,  9.]), array([nan,  0.,  3.,  1.]))
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", max(array.shape[0], 1), minimum=2)
    up = real(nbdev_up, "nbdev_up")
    down = real(nbdev_dn, "nbdev_dn")
    policy = text(nan_policy, "nan_policy")
    return _call_lines("bbands", array, length, up, down, policy)


def kama(
    values: Any, period: int = 30, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Kaufman adaptive moving average, as TA-Lib's ``KAMA``.

    Efficiency ratio ``|x[i] - x[i - period]| / sum(|x[j] - x[j - 1]|)`` over the last
    ``period`` changes (1 when the sum is 0 or not above the change), smoothing constant
    ``(ratio * (2/3 - 2/31) + 2/31) ** 2``, and ``kama += (x[i] - kama) * sc`` starting from
    ``x[period - 1]``; TA-Lib's running noise sum and fused multiply-adds.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 30
        Look-back of the efficiency ratio, >= 1 (1 returns the input, as TA-Lib does).
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period`` values (per column) are NaN. Equal to
        ``talib.KAMA`` bit for bit (TA-Lib 0.8's FMA code path).

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.kama([1.0, 2.0, 4.0, 4.0], 2)
    array([       nan,        nan, 2.88888889, 3.38271605])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    return _call("kama", array, length, policy)


def midpoint(
    values: Any, period: int = 14, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Midpoint of the window, as TA-Lib's ``MIDPOINT``: ``(highest + lowest) / 2`` over the last
    ``period`` values.

    Computed with TA-Lib 0.8's van Herk / Gil-Werman block scan (O(1) amortised per value,
    whatever the period) and its comparisons, so even NaN lands where TA-Lib puts it.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 14
        Window length, >= 2 (as TA-Lib).
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" (TA-Lib parity): a NaN inside is passed over by the comparisons, except that
        windows whose block scan starts an extremum from it are NaN, exactly where
        ``talib.MIDPOINT`` gives NaN. "skip": NaN at its position only, windows of valid values.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period - 1`` values (per column) are NaN. Equal to
        ``talib.MIDPOINT`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.midpoint([4.0, 1.0, 9.0, 2.0], 3)
    array([nan, nan,  5.,  5.])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", max(array.shape[0], 1), minimum=2)
    policy = text(nan_policy, "nan_policy")
    return _call("midpoint", array, length, policy)
