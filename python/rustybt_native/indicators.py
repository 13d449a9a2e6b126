"""Technical indicators matching TA-Lib.

Float64 in, float64 out, same length as the input, NaN through the warm-up exactly where TA-Lib
puts it. 2-D input is read as time x assets and computed column by column (large matrices on
several threads, with the same results). pandas in gives pandas out: a Series or DataFrame
argument returns Series/DataFrames with its index (and columns), and tuples of them for the
multi-output functions; pandas is never imported for numpy input.

Missing values: NaNs before the first number are skipped and the warm-up starts at the first
number, as TA-Lib's Python wrapper does. A NaN after that follows ``nan_policy``:

- ``"propagate"`` (default, TA-Lib parity): the NaN enters the running arithmetic and every later
  output is NaN, exactly as TA-Lib gives;
- ``"skip"``: the NaN gives NaN at its own position and is otherwise ignored; windows hold the last
  ``period`` valid values, so each valid position gets TA-Lib's value on the series without NaNs.

Infinite values raise :class:`~rustybt_native.exceptions.InvalidInputError`.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np
import numpy.typing as npt

from . import _backend
from ._fallback._checks import rust_float
from ._pandas import pandas_io
from ._validation import float_array, real, text, window
from .exceptions import InputTypeError, InvalidInputError, InvalidParameterError

__all__ = [
    "adx",
    "atc_kama",
    "atr",
    "bbands",
    "cci",
    "crossover",
    "crossunder",
    "dema",
    "ema",
    "equity_curve",
    "hma",
    "kama",
    "lsma",
    "ma_signal",
    "macd",
    "mfi",
    "midpoint",
    "mom",
    "natr",
    "obv",
    "rate_of_change",
    "roc",
    "rsi",
    "signal_persistence",
    "sma",
    "stddev",
    "stoch",
    "tema",
    "trange",
    "trima",
    "willr",
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


# --- Adaptive Trend Classification (ATC) kernels ------------------------------------------------


def _finite(value: Any, name: str) -> float:
    """A finite real parameter, worded as the Rust kernels word the error."""
    number = real(value, name)
    if not math.isfinite(number):
        raise InvalidParameterError(f"{name} must be finite, got {rust_float(number)}")
    return number


def atc_kama(
    prices: Any, length: int = 28, fast: float = 0.666, slow: float = 0.064
) -> npt.NDArray[np.float64]:
    """Kaufman's adaptive moving average as the Adaptive Trend Classification (ATC) computes it.

    ``kama[0] = p[0]`` and ``kama[i] = kama[i-1]`` for ``i < length``; after that
    ``noise = sum(|p[j] - p[j-1]|)`` over the last ``length`` moves, ``signal = |p[i] -
    p[i-length]|``, ``ratio = signal / noise`` (0 when the noise is 0), ``sc = (ratio * (fast -
    slow) + slow) ** 2`` and ``kama[i] = kama[i-1] + sc * (p[i] - kama[i-1])``. This is not
    TA-Lib's ``KAMA`` (different constants, no NaN warm-up, a flat start at the first price).

    Parameters
    ----------
    prices : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices; ints are converted to float64.
    length : int, default 28
        Window of the efficiency ratio, >= 1.
    fast, slow : float, default 0.666 and 0.064
        ATC's smoothing constants (finite).

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``prices``, no warm-up NaN. Computed in O(n) with a compensated running
        noise sum (re-summed every ``max(1024, 4 * length)`` bars), so it equals a loop over the
        formula with the noise summed directly to about 1e-14 relative, not bit for bit.
        A NaN price makes every window holding it NaN; after that the average restarts from the
        price (when ``kama[i-1]`` is NaN, ``p[i]`` stands in for it), as the ATC reference does.

    Raises
    ------
    InvalidParameterError
        If ``length`` < 1, or ``fast`` or ``slow`` is not finite.
    InvalidInputError
        If a price is infinite, or ``prices`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``length``, non-real ``fast``/``slow`` or non-numeric ``prices``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.atc_kama([1.0, 2.0, 3.0, 2.0], 2)
    array([1.        , 1.        , 1.887112  , 1.88757439])
    """
    array = float_array(prices, "prices", ndims=(1, 2))
    # A length past the series is all warm-up, so the clamp changes nothing.
    window_length = window(length, "length", array.shape[0])
    fast_ = _finite(fast, "fast")
    slow_ = _finite(slow, "slow")
    return _call("atc_kama", array, window_length, fast_, slow_)


def equity_curve(
    returns: Any,
    prev_signal: Any,
    starting_equity: float = 1.0,
    decay: float = 0.0,
    cutout: int = 0,
    floor: float = 0.25,
) -> npt.NDArray[np.float64]:
    """The equity curve of a long/short signal, as the Adaptive Trend Classification computes it.

    NaN before ``cutout``; ``max(floor, starting_equity)`` on bar ``cutout``; then
    ``e[i] = max(floor, (e[i-1] * (1 - decay)) * (1 + a))`` in that order of operations, with
    ``a = r[i]`` if ``prev_signal[i] > 0``, ``-r[i]`` if it is < 0, and 0 when the signal is 0 or
    either value is NaN.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Bar returns (ATC passes its growth-adjusted returns).
    prev_signal : array-like of float, 1-D (bars) or 2-D (signals x bars)
        The position held over each bar, i.e. the signal already shifted by one bar; only its
        sign matters (int8 signals are fine). A 2-D array computes one curve per row against the
        same returns, in one call (rows in parallel on large inputs).
    starting_equity : float, default 1.0
        Equity on bar ``cutout`` (floored), finite.
    decay : float, default 0.0
        Fraction lost every bar, within [0, 1] (ATC: ``De / 100``).
    cutout : int, default 0
        Bars before the curve starts, >= 0; NaN there. At or past the end: all NaN.
    floor : float, default 0.25
        Lowest equity, finite.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``prev_signal``.

    Raises
    ------
    InvalidParameterError
        For a non-finite ``starting_equity`` or ``floor``, ``decay`` outside [0, 1], or
        ``cutout`` < 0.
    InvalidInputError
        If ``prev_signal``'s bars differ from ``returns``' length, a value is infinite, or an
        array has the wrong number of dimensions.
    InputTypeError
        For non-numeric arrays or parameters of the wrong type.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.equity_curve([0.0, 0.5, 0.5, -0.5], [0, 1, -1, -1])
    array([1.   , 1.5  , 0.75 , 1.125])
    >>> rn.indicators.equity_curve([0.0, 0.5], [[0, 1], [0, -1]], decay=0.5)
    array([[1.  , 0.75],
           [1.  , 0.25]])
    """
    returns_array = float_array(returns, "returns")
    signal = float_array(prev_signal, "prev_signal", ndims=(1, 2))
    if signal.shape[-1] != returns_array.shape[0]:
        raise InvalidInputError(
            "returns and prev_signal must have the same length, got "
            f"{returns_array.shape[0]} and {signal.shape[-1]}"
        )
    start = _finite(starting_equity, "starting_equity")
    floor_ = _finite(floor, "floor")
    decay_ = real(decay, "decay")
    if not 0.0 <= decay_ <= 1.0:
        raise InvalidParameterError(f"decay must be within [0, 1], got {rust_float(decay_)}")
    first = window(cutout, "cutout", returns_array.shape[0], minimum=0)
    kernel = getattr(_backend.impl, "equity_curve_2d" if signal.ndim == 2 else "equity_curve")
    return kernel(returns_array, signal, start, decay_, first, floor_)  # type: ignore[no-any-return]


# --- Signals (int8) -------------------------------------------------------------------------------


def _pair(
    a: Any, b: Any, names: tuple[str, str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Two float arrays of one shape, 1-D (time) or 2-D (time x assets)."""
    left = float_array(a, names[0], ndims=(1, 2))
    right = float_array(b, names[1], ndims=(1, 2))
    _same_shape(left, right, names)
    return left, right


def _same_shape(left: npt.NDArray[Any], right: npt.NDArray[Any], names: tuple[str, str]) -> None:
    if left.shape == right.shape:
        return
    if left.ndim == right.ndim == 1:
        raise InvalidInputError(
            f"{names[0]} and {names[1]} must have the same length, got {left.shape[0]} and "
            f"{right.shape[0]}"
        )
    raise InvalidInputError(
        f"{names[0]} and {names[1]} must have the same shape, got {left.shape} and {right.shape}"
    )


def _call_pair(name: str, left: npt.NDArray[Any], right: npt.NDArray[Any]) -> npt.NDArray[np.int8]:
    kernel = getattr(_backend.impl, f"{name}_2d" if left.ndim == 2 else name)
    return kernel(left, right)  # type: ignore[no-any-return]


def crossover(a: Any, b: Any) -> npt.NDArray[np.int8]:
    """1 where ``a`` crosses above ``b``, else 0: TradingView's ``ta.crossover``.

    ``out[i] = a[i] > b[i] and a[i-1] <= b[i-1]``; ``out[0]`` is 0.

    Parameters
    ----------
    a, b : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        E.g. a price and its moving average; 2-D is computed per column.

    Returns
    -------
    numpy.ndarray of int8
        Same shape, 0 or 1. Any comparison with NaN is false, so a bar where ``a`` or ``b`` is
        NaN, or was NaN on the bar before, is 0 (a moving average's warm-up never crosses).

    Raises
    ------
    InvalidInputError
        If the shapes differ, a value is infinite, or an array is not 1-D or 2-D.
    InputTypeError
        For non-numeric arrays.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.crossover([1.0, 2.0, 3.0, 1.0, 4.0], [2.0, 2.0, 2.0, 2.0, 2.0])
    array([0, 0, 1, 0, 1], dtype=int8)
    """
    left, right = _pair(a, b, ("a", "b"))
    return _call_pair("crossover", left, right)


def crossunder(a: Any, b: Any) -> npt.NDArray[np.int8]:
    """1 where ``a`` crosses below ``b``, else 0: TradingView's ``ta.crossunder``.

    ``out[i] = a[i] < b[i] and a[i-1] >= b[i-1]``; ``out[0]`` is 0; NaN as in :func:`crossover`.

    Parameters
    ----------
    a, b : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        E.g. a price and its moving average; 2-D is computed per column.

    Returns
    -------
    numpy.ndarray of int8
        Same shape, 0 or 1.

    Raises
    ------
    InvalidInputError
        If the shapes differ, a value is infinite, or an array is not 1-D or 2-D.
    InputTypeError
        For non-numeric arrays.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.crossunder([3.0, 2.0, 1.0, 3.0, 1.0], [2.0, 2.0, 2.0, 2.0, 2.0])
    array([0, 0, 1, 0, 1], dtype=int8)
    """
    left, right = _pair(a, b, ("a", "b"))
    return _call_pair("crossunder", left, right)


def _events(values: Any, name: str) -> npt.NDArray[np.bool_]:
    """Events as a C-contiguous bool array: nonzero numbers are true, 0 and NaN false."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise InputTypeError(f"{name} must be an array of booleans: {error}") from error
    if array.dtype.kind not in "biuf":
        raise InputTypeError(f"{name} must hold booleans or numbers, got dtype {array.dtype}")
    if array.ndim not in (1, 2):
        raise InvalidInputError(f"{name} must be 1-D or 2-D, got {array.ndim}-D")
    if array.dtype.kind == "f":
        array = (array != 0) & ~np.isnan(array)
    return np.ascontiguousarray(array, dtype=np.bool_)


def signal_persistence(up: Any, down: Any) -> npt.NDArray[np.int8]:
    """The position held after up and down events: 1 after up, -1 after down, 0 before either.

    Starts at 0; on each bar, 1 if ``up``, else -1 if ``down``, else the previous value. When
    both are true on one bar, up wins (the Adaptive Trend Classification reference tests up
    first); a crossover and a crossunder of one pair of series never coincide.

    Parameters
    ----------
    up, down : array-like of bool, 1-D (time) or 2-D (time x assets), of one shape
        The events, e.g. :func:`crossover` and :func:`crossunder`. Numbers are accepted:
        nonzero is true, 0 and NaN are false.

    Returns
    -------
    numpy.ndarray of int8
        Same shape, in {-1, 0, 1}; 2-D is computed per column.

    Raises
    ------
    InvalidInputError
        If the shapes differ, or an array is not 1-D or 2-D.
    InputTypeError
        For arrays that hold neither booleans nor numbers.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.signal_persistence([0, 1, 0, 0, 1], [0, 0, 0, 1, 1])
    array([ 0,  1,  1, -1,  1], dtype=int8)
    """
    ups = _events(up, "up")
    downs = _events(down, "down")
    _same_shape(ups, downs, ("up", "down"))
    return _call_pair("signal_persistence", ups, downs)


def ma_signal(price: Any, ma: Any) -> npt.NDArray[np.int8]:
    """The persistent position from price crossing its moving average.

    ``signal_persistence(crossover(price, ma), crossunder(price, ma))`` in one pass: 0 until the
    first cross, then 1 after a cross above and -1 after a cross below, as the Adaptive Trend
    Classification's component signals.

    Parameters
    ----------
    price, ma : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Prices and their moving average (NaN during its warm-up is fine: it never crosses).

    Returns
    -------
    numpy.ndarray of int8
        Same shape, in {-1, 0, 1}.

    Raises
    ------
    InvalidInputError
        If the shapes differ, a value is infinite, or an array is not 1-D or 2-D.
    InputTypeError
        For non-numeric arrays.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> closes = [10.0, 11.0, 12.0, 11.0, 10.0, 9.0]
    >>> rn.indicators.ma_signal(closes, rn.indicators.sma(closes, 2))
    array([ 0,  0,  0, -1, -1, -1], dtype=int8)
    """
    left, right = _pair(price, ma, ("price", "ma"))
    return _call_pair("ma_signal", left, right)


# --- Indicators of several inputs per bar (high, low, close, volume) ------------------------------


def _bars(named: dict[str, Any]) -> list[npt.NDArray[np.float64]]:
    """The named inputs as float64 arrays of one shape, 1-D (time) or 2-D (time x assets)."""
    arrays = [float_array(values, name, ndims=(1, 2)) for name, values in named.items()]
    if any(array.shape != arrays[0].shape for array in arrays):
        names = list(named)
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        if all(array.ndim == 1 for array in arrays):
            got = ", ".join(str(a.shape[0]) for a in arrays[:-1]) + f" and {arrays[-1].shape[0]}"
            raise InvalidInputError(f"{listed} must have the same length, got {got}")
        got = ", ".join(str(a.shape) for a in arrays[:-1]) + f" and {arrays[-1].shape}"
        raise InvalidInputError(f"{listed} must have the same shape, got {got}")
    return arrays


def _call_bars(
    name: str, arrays: list[npt.NDArray[np.float64]], *args: Any
) -> npt.NDArray[np.float64]:
    kernel = getattr(_backend.impl, f"{name}_2d" if arrays[0].ndim == 2 else name)
    return kernel(*arrays, *args)  # type: ignore[no-any-return]


def trange(
    high: Any, low: Any, close: Any, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """True range, as TA-Lib's ``TRANGE``.

    ``max(high - low, |close[i-1] - high|, |close[i-1] - low|)``, in TA-Lib's order of comparisons.

    Parameters
    ----------
    high, low, close : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices; ints are converted to float64.
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a bar with a NaN after the first complete bar does: TA-Lib's arithmetic
        ("propagate"; a NaN previous close is ignored by TA-Lib's comparisons, so the bar after
        it is ``high - low``), or NaN at that bar only, the next bar measured from the last valid
        close ("skip").

    Returns
    -------
    numpy.ndarray of float64
        Same shape; the first bar (per column) is NaN. Equal to ``talib.TRANGE`` bit for bit.

    Raises
    ------
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InvalidParameterError
        If ``nan_policy`` is not one of the two names.
    InputTypeError
        For non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.trange([11.0, 15.0, 14.0], [9.0, 12.0, 13.0], [10.0, 14.0, 13.5])
    array([nan,  5.,  1.])
    """
    arrays = _bars({"high": high, "low": low, "close": close})
    return _call_bars("trange", arrays, text(nan_policy, "nan_policy"))


def atr(
    high: Any, low: Any, close: Any, period: int = 14, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Average true range (Wilder), as TA-Lib's ``ATR``.

    The true ranges of bars 1 to ``period`` are averaged; after that
    ``atr = (atr * (period - 1) + tr) / period``. Period 1 gives the true range itself, except
    that a NaN inside stays for good under "propagate" (``NaN * 0`` is NaN), as in TA-Lib 0.8.1.

    Parameters
    ----------
    high, low, close : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices; ints are converted to float64.
    period : int, default 14
        Smoothing period, >= 1. A period of at least the series length gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        As in :func:`trange`: under "propagate" a NaN true range poisons every later value.

    Returns
    -------
    numpy.ndarray of float64
        Same shape; the first ``period`` bars (per column) are NaN. Equal to ``talib.ATR`` to
        about 1e-15 relative (TA-Lib 0.8.1's build rounds the smoothing differently in some
        bars); the first value and period 1 are bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.atr([11.0, 12.0, 13.0, 13.0], [9.0, 10.0, 9.0, 12.0],
    ...                   [10.0, 11.0, 12.0, 12.5], 2)
    array([nan, nan,  3.,  2.])
    """
    arrays = _bars({"high": high, "low": low, "close": close})
    length = window(period, "period", arrays[0].shape[0])
    return _call_bars("atr", arrays, length, text(nan_policy, "nan_policy"))


def natr(
    high: Any, low: Any, close: Any, period: int = 14, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Normalised average true range, as TA-Lib's ``NATR``: ``atr / close * 100``.

    Parameters
    ----------
    high, low, close : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices; ints are converted to float64.
    period : int, default 14
        Smoothing period, >= 1. Period 1 gives the raw true range, not normalised, as TA-Lib 0.8
        does.
    nan_policy : {"propagate", "skip"}, default "propagate"
        As in :func:`atr`.

    Returns
    -------
    numpy.ndarray of float64
        Same shape; NaN where :func:`atr` is; 0 where ``|close| < 1e-14`` (TA-Lib's zero test).
        Equal to ``talib.NATR`` to about 1e-15 relative, as :func:`atr`.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.natr([11.0, 12.0, 13.0], [9.0, 10.0, 9.0], [10.0, 11.0, 12.0], 2)
    array([nan, nan, 25.])
    """
    arrays = _bars({"high": high, "low": low, "close": close})
    length = window(period, "period", arrays[0].shape[0])
    return _call_bars("natr", arrays, length, text(nan_policy, "nan_policy"))


def obv(close: Any, volume: Any, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """On-balance volume, as TA-Lib's ``OBV``.

    Starts at the first bar's volume; then adds the volume when the close rises, subtracts it
    when it falls, and holds when it is unchanged.

    Parameters
    ----------
    close, volume : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Closes and volumes; ints are converted to float64.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" is TA-Lib's arithmetic: a NaN close compares false (OBV holds on that bar
        and the next), and a NaN volume that is added or subtracted makes every later value NaN.
        "skip": a bar with a NaN is NaN and ignored, the next close compared with the last
        valid one. A series (column) with no bar free of NaN gives NaN everywhere except its last
        bar, which is that bar's volume: TA-Lib's Python wrapper starts such a series at its last
        bar, and "propagate" keeps that for parity.

    Returns
    -------
    numpy.ndarray of float64
        Same shape, no warm-up. Equal to ``talib.OBV`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``nan_policy`` is not one of the two names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.obv([10.0, 11.0, 10.5, 10.5], [100.0, 50.0, 20.0, 70.0])
    array([100., 150., 130., 130.])
    """
    arrays = _bars({"close": close, "volume": volume})
    return _call_bars("obv", arrays, text(nan_policy, "nan_policy"))


def cci(
    high: Any, low: Any, close: Any, period: int = 14, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Commodity channel index, as TA-Lib's ``CCI``.

    With the typical price ``tp = (high + low + close) / 3`` over the last ``period`` bars,
    ``avg = mean(tp)`` and ``dev = mean(|tp - avg|)``: ``(tp - avg) / (0.015 * dev)``, or 0 when
    ``|tp - avg|`` or ``dev`` is below ``1e-14 * |avg|`` (TA-Lib 0.8's relative zero test) or
    ``dev`` is 0.

    Parameters
    ----------
    high, low, close : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices; ints are converted to float64.
    period : int, default 14
        Window, >= 2 (as TA-Lib). A period longer than the series gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" is TA-Lib's: a bar with a NaN makes the outputs NaN while it is in the
        window. "skip": that bar is NaN and left out of the windows.

    Returns
    -------
    numpy.ndarray of float64
        Same shape; the first ``period - 1`` bars (per column) are NaN. The sums run over
        TA-Lib's circular buffer in its slot order, so values equal ``talib.CCI`` bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.cci([3.0, 5.0, 4.0], [1.0, 3.0, 2.0], [2.0, 4.0, 3.0], 2)
    array([         nan,  66.66666667, -66.66666667])
    """
    arrays = _bars({"high": high, "low": low, "close": close})
    # An empty series still needs a period the kernel accepts, hence at least 2 for the clamp.
    length = window(period, "period", max(arrays[0].shape[0], 1), minimum=2)
    return _call_bars("cci", arrays, length, text(nan_policy, "nan_policy"))


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


# Streaming indicators live in a module of their own, reachable as `indicators.stream` and
# importable as `rustybt_native.indicators.stream` (registered under that name, so this module
# need not become a package).
import sys as _sys  # noqa: E402

from . import _stream as stream  # noqa: E402

_sys.modules[f"{__name__}.stream"] = stream


# --- issue 6: oscillators (WILLR, STOCH, ADX) and the least-squares moving average ---------------


def willr(
    high: Any, low: Any, close: Any, period: int = 14, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Williams' %R, as TA-Lib's ``WILLR``.

    With the highest high and lowest low of the last ``period`` bars:
    ``(highest - close) / (highest - lowest) * -100``, clamped to [-100, 0] (TA-Lib 0.8 clamps a
    close outside the bar range), or 0 when ``|highest - lowest| <= 1e-14 * (|highest| +
    |lowest|)`` (TA-Lib 0.8's scale-aware zero test).

    Parameters
    ----------
    high, low, close : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices; ints are converted to float64.
    period : int, default 14
        Window, >= 2 (as TA-Lib). A period longer than the series gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" is TA-Lib's: the extrema come from TA-Lib 0.8's block scan (van Herk /
        Gil-Werman), whose comparisons pass over a NaN except where a scan starts from it, and a
        NaN close gives NaN at its bar. "skip": a bar with a NaN is NaN and left out of the
        windows.

    Returns
    -------
    numpy.ndarray of float64
        Same shape; the first ``period - 1`` bars (per column) are NaN. Equal to ``talib.WILLR``
        bit for bit, NaN included.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.willr([10.0, 12.0, 11.0], [8.0, 9.0, 10.0], [9.0, 11.0, 10.5], 2)
    array([ nan, -25., -50.])
    """
    arrays = _bars({"high": high, "low": low, "close": close})
    length = window(period, "period", max(arrays[0].shape[0], 1), minimum=2)
    return _call_bars("willr", arrays, length, text(nan_policy, "nan_policy"))


def _matype(value: Any, name: str) -> int:
    """A TA-Lib moving-average type code this module supports: 0 (SMA) or 1 (EMA)."""
    if isinstance(value, bool):
        raise InputTypeError(f"{name} must be an integer, got bool")
    try:
        code = operator.index(value)
    except TypeError:
        raise InputTypeError(f"{name} must be an integer, got {type(value).__name__}") from None
    if code not in (0, 1):
        raise InvalidParameterError(f"{name} must be 0 (SMA) or 1 (EMA), got {code}")
    return code


def stoch(
    high: Any,
    low: Any,
    close: Any,
    fastk_period: int = 5,
    slowk_period: int = 3,
    slowk_matype: int = 0,
    slowd_period: int = 3,
    slowd_matype: int = 0,
    *,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Stochastic oscillator, as TA-Lib's ``STOCH``: ``(slowk, slowd)``.

    The fast %K is ``(close - lowest) / (highest - lowest) * 100`` over ``fastk_period`` bars
    (0 when the range is negligible, as in :func:`willr`; not clamped); the slow %K is its moving
    average over ``slowk_period``, the slow %D the moving average of the slow %K over
    ``slowd_period``, each of TA-Lib type 0 (SMA) or 1 (EMA, seeded with the simple average). A
    period of 1 copies its input, whatever the type, as TA-Lib's ``MA`` does.

    Parameters
    ----------
    high, low, close : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices; ints are converted to float64.
    fastk_period, slowk_period, slowd_period : int, default 5, 3 and 3
        Windows, each >= 1.
    slowk_matype, slowd_matype : {0, 1}, default 0
        TA-Lib's moving-average codes: 0 SMA, 1 EMA. TA-Lib's other types (2 WMA to 8 T3) raise
        :class:`~rustybt_native.exceptions.InvalidParameterError`.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" is TA-Lib's: the extrema are TA-Lib's cached extremum, rescanned when it
        leaves the window (a NaN is passed over except where a rescan starts from it), and a NaN
        %K enters the moving averages (every later value is NaN). "skip": a bar with a NaN is
        NaN in both lines and left out of every window.

    Returns
    -------
    tuple of two numpy.ndarray of float64
        ``(slowk, slowd)``, each shaped as the inputs; the first ``fastk_period + slowk_period +
        slowd_period - 3`` bars (per column) are NaN in both. Equal to ``talib.STOCH`` bit for bit,
        NaN included.

    Raises
    ------
    InvalidParameterError
        If a period < 1, a matype is not 0 or 1, or ``nan_policy`` is not one of the names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For non-integer periods or types, or non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> k, d = rn.indicators.stoch([10.0, 12.0, 11.0], [8.0, 9.0, 10.0], [9.0, 11.0, 10.5],
    ...                            fastk_period=2, slowk_period=1, slowd_period=2)
    >>> k
    array([nan, nan, 50.])
    >>> d
    array([ nan,  nan, 62.5])
    """
    arrays = _bars({"high": high, "low": low, "close": close})
    rows = arrays[0].shape[0]
    policy = text(nan_policy, "nan_policy")
    k_type = _matype(slowk_matype, "slowk_matype")
    d_type = _matype(slowd_matype, "slowd_matype")
    fastk = window(fastk_period, "fastk_period", rows)
    slowk = window(slowk_period, "slowk_period", rows)
    slowd = window(slowd_period, "slowd_period", rows)
    kernel = getattr(_backend.impl, "stoch_2d" if arrays[0].ndim == 2 else "stoch")
    return kernel(*arrays, fastk, slowk, k_type, slowd, d_type, policy)  # type: ignore[no-any-return]


def adx(
    high: Any, low: Any, close: Any, period: int = 14, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Average directional index (Wilder), as TA-Lib's ``ADX``.

    Wilder's smoothed +DM, -DM and true range (the first ``period - 1`` bars summed, then
    ``x = x - x / period + new``), ``±DI = 100 * ±DM / TR``,
    ``DX = 100 * |-DI - +DI| / (-DI + +DI)``; the first ADX is the mean of the first ``period``
    DX, then ``adx = (adx * (period - 1) + dx) / period``. TA-Lib's unstable period is 0 (its
    default), so the first value is at bar ``2 * period - 1``. A bar whose smoothed true range
    or DI sum is exactly 0 (TA-Lib 0.8 has no epsilon band here) gives no DX and the ADX holds.

    Parameters
    ----------
    high, low, close : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices; ints are converted to float64.
    period : int, default 14
        Smoothing period, >= 2 (as TA-Lib).
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" is TA-Lib's: a NaN bar makes the smoothed true range NaN for good, after which
        no DX is formed and the ADX holds its last value (TA-Lib's zero test is false for NaN).
        "skip": a bar with a NaN is NaN and left out.

    Returns
    -------
    numpy.ndarray of float64
        Same shape; the first ``2 * period - 1`` bars (per column) are NaN. Equal to
        ``talib.ADX`` to about 1e-15 relative with identical NaN positions (bit for bit on most
        data; TA-Lib's build rounds an occasional smoothing step differently, by one ulp).

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.adx([10.0, 11.0, 12.0, 13.0], [8.0, 9.0, 10.0, 11.0],
    ...                   [9.0, 10.0, 11.0, 12.0], 2)
    array([ nan,  nan,  nan, 100.])
    """
    arrays = _bars({"high": high, "low": low, "close": close})
    # 2 * period - 1 >= length means all NaN, so a period past half the series is all warm-up.
    length = window(period, "period", max(arrays[0].shape[0] // 2 + 1, 2), minimum=2)
    return _call_bars("adx", arrays, length, text(nan_policy, "nan_policy"))


def lsma(
    values: Any, period: int = 14, *, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Least-squares moving average: the end point of the linear regression over the last
    ``period`` values, as TA-Lib's ``LINEARREG``.

    TA-Lib's formulas, with ``x`` the age of a value in the window:
    ``m = (period * Σxy - Σx Σy) / (Σx² - period Σx²)``, ``b = (Σy - m Σx) / period``, output
    ``b + m * (period - 1)``; ``Σy`` and ``Σxy`` are running sums updated in O(1) per value and
    re-summed exactly every 1024 values.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int, default 14
        Window, >= 2 (as TA-Lib).
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" is TA-Lib 0.8's: a NaN enters its running sums, so every later value is NaN.
        "skip": NaN at its position only, windows of valid values.

    Returns
    -------
    numpy.ndarray of float64
        Same shape; the first ``period - 1`` values (per column) are NaN. Equal to
        ``talib.LINEARREG`` to about 1e-13 relative (TA-Lib sums in another order), NaN positions
        identical.

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
    >>> rn.indicators.lsma([1.0, 2.0, 3.0, 1.0], 3)
    array([nan, nan, 3. , 1.5])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", max(array.shape[0], 1), minimum=2)
    return _call("lsma", array, length, text(nan_policy, "nan_policy"))


# --- issue 6: the money flow index ----------------------------------------------------------------


def mfi(
    high: Any,
    low: Any,
    close: Any,
    volume: Any,
    period: int = 14,
    *,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """Money flow index, as TA-Lib's ``MFI``.

    With the typical price ``tp = (high + low + close) / 3`` and the money flow ``tp * volume``,
    the flows of the last ``period`` bars are summed by the direction of the typical price: a bar
    whose typical price fell adds to the negative flow, any other to the positive flow. The
    output is ``100 * positive / (positive + negative)``. TA-Lib 0.8's conventions are kept:

    - a bar whose typical price moved by at most ``1e-14 * (|tp| + |previous tp|)`` (an equal
      typical price, TA-Lib's scale-aware dead zone) carries no money flow, nor does a bar
      without volume;
    - once ``period`` bars in a row carried no money flow, both sums are reset to exactly 0;
    - a window without money flow (total <= 0) gives 0; the positive sum is clamped to
      ``[0, total]``, so sliding-sum drift never leaves [0, 100].

    The sums slide in O(1) per bar (oldest flow subtracted, newest added, in TA-Lib's order).

    Parameters
    ----------
    high, low, close, volume : array-like of float, 1-D (time) or 2-D (time x assets), of one shape
        Bar prices and volumes; ints are converted to float64.
    period : int, default 14
        Window, >= 2 (as TA-Lib). A period of at least the series length gives all NaN.
    nan_policy : {"propagate", "skip"}, default "propagate"
        "propagate" is TA-Lib's arithmetic: a NaN bar after the first complete bar gives a NaN
        money flow that makes the output NaN until ``period`` bars in a row without money flow
        reset the sums (the next bar, whose move from a NaN typical price is no number, counts
        its flow as positive); a NaN volume on a bar whose typical price did not move carries no
        flow and changes nothing. "skip": a
        bar with a NaN is NaN and left out of the windows (the next move is measured from the
        last valid typical price). Bars before the first one free of NaN are NaN under both.

    Returns
    -------
    numpy.ndarray of float64
        Same shape; the first ``period`` bars (per column) are NaN (the first bar only sets the
        typical price). Equal to ``talib.MFI`` bit for bit, NaN included.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 2 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If the inputs differ in shape, a value is infinite, or an input is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric inputs.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.mfi([3.0, 4.0, 3.0], [1.0, 2.0, 1.0], [2.0, 3.0, 2.0], [10.0, 10.0, 5.0], 2)
    array([nan, nan, 75.])
    """
    arrays = _bars({"high": high, "low": low, "close": close, "volume": volume})
    length = window(period, "period", max(arrays[0].shape[0], 1), minimum=2)
    return _call_bars("mfi", arrays, length, text(nan_policy, "nan_policy"))


# --- pandas in, pandas out ------------------------------------------------------------------------

# Output names of the multi-output indicators, as TA-Lib's abstract API names them.
_LINE_NAMES: dict[str, tuple[str, ...]] = {
    "macd": ("macd", "macdsignal", "macdhist"),
    "bbands": ("upperband", "middleband", "lowerband"),
    "stoch": ("slowk", "slowd"),
}


def _accept_pandas() -> None:
    """Every public function: a pandas Series/DataFrame argument gives pandas results (with its
    index and columns), through one wrapper for both backends (see ``_pandas.py``)."""
    namespace = globals()
    for name in __all__:
        namespace[name] = pandas_io(namespace[name], _LINE_NAMES.get(name))


_accept_pandas()
