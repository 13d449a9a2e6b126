"""Adaptive Trend Classification (ATC): the full signal pipeline, natively.

The pipeline of the public reference implementation (``Nguyenthang2292/Sovereign-IQ``,
``modules/adaptive_trend_enhance``, ``compute_atc_signals``, its CPU path with pandas_ta 0.3.14b0
and no TA-Lib), as the project's ATC specification writes it up: six moving-average families at
nine lengths each (54 averages), a persistent crossover signal and an equity curve per average,
two layers of equity-weighted averaging, and a thresholded final average.

- :func:`compute_atc_signals`: one series, the 13 output series (single-threaded, GIL released);
- :func:`scan`: many symbols at once, in parallel;
- :class:`ATCStream`: bar by bar for live use, equal to the batch pipeline on each prefix;
- the ATC variants of the moving averages: :func:`atc_ema`, :func:`atc_dema`, :func:`atc_wma`,
  :func:`atc_hma`, :func:`atc_lsma` and :func:`atc_kama`.

Prices must be finite and > 0 (``nan_policy="raise"``, the only policy): the reference runs on
NaN, zero or negative prices with results its authors call undefined. See ``docs/atc.md`` for
every convention and each decision taken where the reference is ambiguous.
"""

from __future__ import annotations

import importlib
import math
import operator
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from . import _backend
from ._fallback._checks import rust_float
from ._validation import float_array, real, text
from .exceptions import (
    ColumnNotFoundError,
    InputTypeError,
    InvalidInputError,
    InvalidParameterError,
)
from .indicators import atc_kama

__all__ = [
    "FAMILIES",
    "OUTPUT_NAMES",
    "ATCStream",
    "atc_dema",
    "atc_ema",
    "atc_hma",
    "atc_kama",
    "atc_lsma",
    "atc_wma",
    "compute_atc_signals",
    "scan",
]

#: The six moving-average families, in the pipeline's fixed order.
FAMILIES = ("EMA", "HMA", "WMA", "DEMA", "LSMA", "KAMA")
#: The 13 outputs, in the reference's order.
OUTPUT_NAMES = tuple(
    [name for family in FAMILIES for name in (f"{family}_Signal", f"{family}_S")]
    + ["Average_Signal"]
)
_OFFSETS = {"Narrow": (1, 2, 3, 4), "Medium": (1, 2, 4, 6), "Wide": (1, 3, 5, 7)}
_LENGTH_NAMES = ("ema_len", "hull_len", "wma_len", "dema_len", "lsma_len", "kama_len")
_WEIGHT_NAMES = ("ema_w", "hma_w", "wma_w", "dema_w", "lsma_w", "kama_w")
# Base lengths past any series; L + o4 stays far from overflow in the kernel.
_MAX_BASE_LENGTH = 2**31 - 1
# Beyond 2**53 a length has no exact float; longer windows are all warm-up anyway.
_MAX_LENGTH = 2**53


def _length(value: Any, name: str) -> int:
    """An int (bool refused, numpy integers welcome), as the reference's type check."""
    if isinstance(value, bool):
        raise InputTypeError(f"{name} must be an integer, got bool")
    try:
        return operator.index(value)
    except TypeError:
        raise InputTypeError(f"{name} must be an integer, got {type(value).__name__}") from None


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be a bool, got {type(value).__name__}")
    return bool(value)


def _finite_values(array: npt.NDArray[np.float64], name: str, positive: bool) -> None:
    """The first value that is not finite (and > 0 when ``positive``), as the kernel words it."""
    bad = ~np.isfinite(array)
    if positive:
        with np.errstate(invalid="ignore"):
            bad |= ~(array > 0.0)
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        accepted = "finite and > 0" if positive else "finite"
        raise InvalidInputError(
            f"{name}[{index}] is {rust_float(float(array[index]))}: {name} must be {accepted}"
        )


def _series(values: Any, name: str) -> tuple[npt.NDArray[np.float64], Any]:
    """A 1-D float64 array and the pandas index it came with (or None)."""
    index = getattr(values, "index", None) if _is_pandas_series(values) else None
    return float_array(values, name), index


def _pandas() -> Any:
    """pandas, imported only when a pandas object came in (it is not a dependency)."""
    return importlib.import_module("pandas")


def _is_pandas_series(values: Any) -> bool:
    return type(values).__name__ == "Series" and type(values).__module__.startswith("pandas")


def _ma_source(src: Any, length: int) -> tuple[npt.NDArray[np.float64], int]:
    array = float_array(src, "src")
    period = _length(length, "length")
    if period < 1:
        raise InvalidParameterError(f"length must be >= 1, got {period}")
    _finite_values(array, "src", positive=False)
    return array, period


def atc_ema(src: Any, length: int, *, seed: str = "sma") -> npt.NDArray[np.float64]:
    """The ATC EMA: ``alpha = 2 / (length + 1)``, ``ema[i] = (x[i] - ema[i-1]) * alpha + ema[i-1]``.

    Parameters
    ----------
    src : array-like of float, 1-D
        Finite values (NaN and inf raise: the reference leaves them undefined).
    length : int
        Span, >= 1. Length 1 returns the input exactly.
    seed : {"sma", "first"}, default "sma"
        ``"sma"`` (the reference's CPU path, and TA-Lib): NaN before index ``length - 1``, then
        the simple average of the first ``length`` values. ``"first"`` (a departure: the
        reference's GPU path): ``ema[0] = x[0]``, no warm-up.

    Returns
    -------
    numpy.ndarray of float64
        Same length as ``src``.

    Raises
    ------
    InvalidParameterError
        For ``length`` < 1 or an unknown ``seed``.
    InvalidInputError
        For a NaN or infinite value, or ``src`` not 1-D.
    InputTypeError
        For a non-integer ``length`` or non-numeric ``src``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.atc.atc_ema([1.0, 2.0, 3.0, 6.0], 3)
    array([nan, nan,  2.,  4.])
    >>> rn.atc.atc_ema([1.0, 2.0, 3.0, 6.0], 3, seed="first")
    array([1.   , 1.5  , 2.25 , 4.125])
    """
    array, period = _ma_source(src, length)
    seed_ = text(seed, "seed")
    if seed_ == "sma":
        period = min(period, array.shape[0] + 1)
    return _backend.impl.atc_ema(array, min(period, _MAX_LENGTH), seed_)  # type: ignore[no-any-return]


def atc_dema(src: Any, length: int, *, seed: str = "sma") -> npt.NDArray[np.float64]:
    """The pandas_ta DEMA of the ATC pipeline: ``2 * e1 - e2``.

    ``e1`` is :func:`atc_ema` of ``src``; ``e2`` is the EMA of ``e1`` seeded with ``e1``'s first
    value (pandas_ta averages the non-NaN values among ``e1``'s first ``length``, which is that
    one value). Valid from ``length - 1``, where it equals the simple average. **Not** TA-Lib's
    DEMA (:func:`rustybt_native.indicators.dema`, lookback ``2 * (length - 1)``).

    Parameters
    ----------
    src : array-like of float, 1-D
        Finite values.
    length : int
        Span, >= 1.
    seed : {"sma", "first"}, default "sma"
        As :func:`atc_ema` (``"first"`` is a departure from the reference).

    Returns
    -------
    numpy.ndarray of float64
        Same length as ``src``.

    Raises
    ------
    InvalidParameterError, InvalidInputError, InputTypeError
        As :func:`atc_ema`.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.atc.atc_dema([1.0, 2.0, 3.0, 6.0], 3)
    array([nan, nan,  2.,  5.])
    """
    array, period = _ma_source(src, length)
    seed_ = text(seed, "seed")
    if seed_ == "sma":
        period = min(period, array.shape[0] + 1)
    return _backend.impl.atc_dema(array, min(period, _MAX_LENGTH), seed_)  # type: ignore[no-any-return]


def atc_wma(src: Any, length: int) -> npt.NDArray[np.float64]:
    """Linearly weighted moving average (TA-Lib's ``WMA``, pandas_ta's ``wma``).

    ``sum(j * x[i - length + j]) / (length * (length + 1) / 2)`` for ``j = 1..length`` (newest
    heaviest), valid from ``length - 1``. Computed in O(n) from exact running window sums, so
    each value is the correctly rounded weighted sum divided once.

    Parameters
    ----------
    src : array-like of float, 1-D
        Finite values.
    length : int
        Window, >= 1.

    Returns
    -------
    numpy.ndarray of float64
        Same length as ``src``.

    Raises
    ------
    InvalidParameterError, InvalidInputError, InputTypeError
        As :func:`atc_ema`.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.atc.atc_wma([3.0, 6.0, 9.0], 2)
    array([nan,  5.,  8.])
    """
    array, period = _ma_source(src, length)
    return _backend.impl.atc_wma(array, min(period, array.shape[0] + 1))  # type: ignore[no-any-return]


def atc_hma(src: Any, length: int) -> npt.NDArray[np.float64]:
    """The true Hull moving average, as pandas_ta computes it.

    ``WMA(q)(2 * WMA(h)(x) - WMA(length)(x))`` with ``h = length // 2``, ``q = isqrt(length)``,
    valid from ``length + q - 2``. pandas_ta quirk, kept for parity: a half length of 0 (length
    1) becomes pandas_ta's default 10, so ``atc_hma(x, 1) == 2 * atc_wma(x, 10) - x`` from
    index 9 on (the Pine original uses an SMA here; the Python reference does not).

    Parameters
    ----------
    src : array-like of float, 1-D
        Finite values.
    length : int
        Window, >= 1.

    Returns
    -------
    numpy.ndarray of float64
        Same length as ``src``.

    Raises
    ------
    InvalidParameterError, InvalidInputError, InputTypeError
        As :func:`atc_ema`.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.atc.atc_hma([1.0, 2.0, 3.0, 4.0, 5.0], 4)
    array([nan, nan, nan, nan,  5.])
    """
    array, period = _ma_source(src, length)
    return _backend.impl.atc_hma(array, min(period, array.shape[0] + 1))  # type: ignore[no-any-return]


def atc_lsma(src: Any, length: int, *, lsma_at: str = "penultimate") -> npt.NDArray[np.float64]:
    """Least-squares moving average, as pandas_ta 0.3.14b0's ``linreg`` (the ATC reference).

    Per window ``y_j = x[i - length + j]``, ``j = 1..length``: ``slope = (l*Sxy - Sx*Sy) / D``,
    ``intercept = (Sy*Sxx - Sx*Sxy) / D`` with ``Sx = l(l+1)/2``, ``Sxx = Sx(2l+1)/3``,
    ``D = l*Sxx - Sx**2``. The reference evaluates the line at ``l - 1``, the **second-newest**
    bar (a pandas_ta quirk: TA-Lib's ``LINEARREG`` minus one slope). Valid from ``length - 1``;
    length 1 gives all NaN (``D = 0``), as in pandas_ta.

    Parameters
    ----------
    src : array-like of float, 1-D
        Finite values.
    length : int
        Window, >= 1.
    lsma_at : {"penultimate", "last"}, default "penultimate"
        ``"last"`` evaluates at the newest bar (TA-Lib, TradingView's ``ta.linreg``): a
        departure from the reference.

    Returns
    -------
    numpy.ndarray of float64
        Same length as ``src``.

    Raises
    ------
    InvalidParameterError, InvalidInputError, InputTypeError
        As :func:`atc_ema` (and an unknown ``lsma_at``).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.atc.atc_lsma([1.0, 3.0, 5.0, 7.0], 3)
    array([nan, nan,  3.,  5.])
    >>> rn.atc.atc_lsma([1.0, 3.0, 5.0, 7.0], 3, lsma_at="last")
    array([nan, nan,  5.,  7.])
    """
    array, period = _ma_source(src, length)
    at = text(lsma_at, "lsma_at")
    return _backend.impl.atc_lsma(array, min(period, array.shape[0] + 1), at)  # type: ignore[no-any-return]


def _params(named: dict[str, Any]) -> dict[str, Any]:
    """The pipeline parameters checked in the kernel's order, series-independent part."""
    lengths = tuple(_length(named[name], name) for name in _LENGTH_NAMES)
    weights = tuple(real(named[name], name) for name in _WEIGHT_NAMES)
    robustness = text(named["robustness"], "robustness")
    if robustness not in _OFFSETS:
        raise InvalidParameterError(
            f'robustness must be one of "Narrow", "Medium", "Wide", got "{robustness}"'
        )
    la = real(named["La"], "La")
    de = real(named["De"], "De")
    long_threshold = real(named["long_threshold"], "long_threshold")
    short_threshold = real(named["short_threshold"], "short_threshold")
    strategy_mode = _flag(named["strategy_mode"], "strategy_mode")
    cutout = max(_length(named["cutout"], "cutout"), 0)
    ema_seed = text(named.get("ema_seed", "sma"), "ema_seed")
    lsma_at = text(named.get("lsma_at", "penultimate"), "lsma_at")
    if ema_seed not in ("sma", "first"):
        raise InvalidParameterError(f'ema_seed must be "sma" or "first", got "{ema_seed}"')
    if lsma_at not in ("penultimate", "last"):
        raise InvalidParameterError(
            f'lsma_at must be one of "penultimate", "last", got "{lsma_at}"'
        )
    policy = text(named["nan_policy"], "nan_policy")
    if policy != "raise":
        raise InvalidParameterError(f'nan_policy must be "raise", got "{policy}"')
    o4 = _OFFSETS[robustness][3]
    for name, length in zip(_LENGTH_NAMES, lengths):
        if length <= o4:
            raise InvalidParameterError(f"{name} must be >= {o4 + 1}, got {length}")
        if length > _MAX_BASE_LENGTH:
            raise InvalidParameterError(f"{name} must be <= {_MAX_BASE_LENGTH}, got {length}")
    if not math.isfinite(la):
        raise InvalidParameterError(f"La must be finite, got {rust_float(la)}")
    if not 0.0 <= de <= 100.0:
        raise InvalidParameterError(f"De must be within [0, 100], got {rust_float(de)}")
    for name, weight in zip(_WEIGHT_NAMES, weights):
        if not math.isfinite(weight):
            raise InvalidParameterError(f"{name} must be finite, got {rust_float(weight)}")
    return {
        "lengths": lengths,
        "weights": weights,
        "robustness": robustness,
        "la": la,
        "de": de,
        "cutout": cutout,
        "long_threshold": long_threshold,
        "short_threshold": short_threshold,
        "strategy_mode": strategy_mode,
        "options": {"ema_seed": ema_seed, "lsma_at": lsma_at},
    }


def _check_series(prices: npt.NDArray[np.float64], params: dict[str, Any], name: str) -> None:
    """What the kernel checks about one price series, with the same words."""
    n = prices.shape[0]
    if n == 0:
        raise InvalidInputError(f"{name} must not be empty")
    _finite_values(prices, name, positive=True)
    robustness = params["robustness"]
    o4 = _OFFSETS[robustness][3]
    for t in range(5):
        base = params["lengths"][t]
        if n < base + o4:
            raise InvalidInputError(
                f"{_LENGTH_NAMES[t]}={base} at {robustness} robustness needs a series of at "
                f"least {base + o4} bars, got {n}"
            )
    hull = params["lengths"][1]
    if hull - o4 == 1 and n < 10:
        raise InvalidInputError(
            f"hull_len={hull} at {robustness} robustness (its length-1 Hull MA uses a WMA of "
            f"10) needs a series of at least 10 bars, got {n}"
        )
    if params["cutout"] >= n:
        raise InvalidParameterError(
            f"cutout must be < the series length {n}, got {params['cutout']}"
        )


def _call_args(params: dict[str, Any]) -> tuple[Any, ...]:
    return (
        params["lengths"],
        params["weights"],
        params["robustness"],
        params["la"],
        params["de"],
        params["cutout"],
        params["long_threshold"],
        params["short_threshold"],
        params["strategy_mode"],
    )


def compute_atc_signals(
    prices: Any,
    src: Any = None,
    *,
    ema_len: int = 28,
    hull_len: int = 28,
    wma_len: int = 28,
    dema_len: int = 28,
    lsma_len: int = 28,
    kama_len: int = 28,
    ema_w: float = 1.0,
    hma_w: float = 1.0,
    wma_w: float = 1.0,
    dema_w: float = 1.0,
    lsma_w: float = 1.0,
    kama_w: float = 1.0,
    robustness: str = "Medium",
    La: float = 0.02,  # noqa: N803 (the reference's name)
    De: float = 0.03,  # noqa: N803
    cutout: int = 0,
    long_threshold: float = 0.1,
    short_threshold: float = -0.1,
    strategy_mode: bool = False,
    ema_seed: str = "sma",
    lsma_at: str = "penultimate",
    nan_policy: str = "raise",
    return_components: bool = False,
) -> Any:
    """The Adaptive Trend Classification signals of one price series.

    Six families (EMA, HMA, WMA, DEMA, LSMA, KAMA) at nine lengths each (the base length and
    four longer and four shorter ones, spread by ``robustness``) give 54 moving averages of
    ``src``; each gives a persistent +-1 crossover signal of ``prices`` and an equity curve
    driven by growth-adjusted returns, decaying by ``De`` percent a bar and floored at 0.25.
    Per family, the equity-weighted mean of its 9 signals rounded to 2 decimals is
    ``{T}_Signal``, and that signal's own equity curve (starting at the family weight) is
    ``{T}_S``. ``Average_Signal`` is the ``{T}_S``-weighted mean of the family signals counted
    +1 above ``long_threshold``, -1 below ``short_threshold`` (strictly; 0 otherwise).

    Parameters
    ----------
    prices : array-like or pandas.Series of float, 1-D
        Closes, finite and > 0, at least ``L + o4`` bars for every non-KAMA family (34 at the
        defaults).
    src : array-like of float, optional
        Source of the moving averages (default ``prices``); finite, same length as ``prices``.
    ema_len, hull_len, wma_len, dema_len, lsma_len, kama_len : int, default 28
        Base length per family; must exceed the largest offset o4 of ``robustness`` (4, 6, 7).
    ema_w, hma_w, wma_w, dema_w, lsma_w, kama_w : float, default 1.0
        Family weight: the first value of ``{T}_S``, floored at 0.25. Finite.
    robustness : {"Narrow", "Medium", "Wide"}, default "Medium"
        Length offsets (1, 2, 3, 4), (1, 2, 4, 6) or (1, 3, 5, 7). Anything else raises (the
        reference silently uses "Medium").
    La : float, default 0.02
        Growth rate: returns are scaled by ``exp(La / 1000 * i)`` at bar ``i``. Finite.
    De : float, default 0.03
        Decay in percent per bar, within [0, 100].
    cutout : int, default 0
        Leading bars dropped after the moving averages are computed; the rest is processed as
        a fresh series and the outputs have ``len(prices) - cutout`` bars. Negative means 0.
    long_threshold, short_threshold : float, default 0.1 and -0.1
        Strict thresholds of the final vote (no check that long > short; long is tested first).
    strategy_mode : bool, default False
        Shift ``Average_Signal`` one bar later (0.0 on the first bar).
    ema_seed : {"sma", "first"}, default "sma"
        Seed of the EMA and DEMA families (see :func:`atc_ema`). ``"first"`` departs from the
        reference (its GPU path seeds with the first value).
    lsma_at : {"penultimate", "last"}, default "penultimate"
        Where the LSMA family evaluates its line (see :func:`atc_lsma`). ``"last"`` departs from
        the reference (TA-Lib, Pine and the LTS Rust kernel).
    nan_policy : {"raise"}, default "raise"
        NaN, infinite, zero or negative prices raise :class:`InvalidInputError` (the only
        policy; the reference's behaviour on them is undefined).
    return_components : bool, default False
        Also return the intermediates: a dict with, per family ``T``, ``"{T}_MA"`` (9 x m
        moving averages after the cutout), ``"{T}_signals"`` (9 x m int8) and
        ``"{T}_equities"`` (9 x m), rows in the length order ``L, L+o1..L+o4, L-o1..L-o4``.

    Returns
    -------
    dict of str to numpy.ndarray, or pandas.DataFrame
        The 13 series of :data:`OUTPUT_NAMES` (float64, m bars each). A pandas Series in gives a
        DataFrame with the input's index, sliced ``[cutout:]``. With ``return_components``, a
        tuple ``(outputs, components)``.

    Raises
    ------
    InvalidParameterError
        For a length <= o4, an unknown robustness or nan_policy, a non-finite La or weight, De
        outside [0, 100], or ``cutout >= len(prices)``.
    InvalidInputError
        For empty prices, a series too short for the lengths, a bad price or ``src`` value, a
        ``src`` of another length, or a non-1-D array.
    InputTypeError
        For a non-integer length or cutout, a non-real weight/rate/threshold, a non-bool flag,
        or non-numeric arrays.

    Examples
    --------
    >>> import numpy as np
    >>> import rustybt_native as rn
    >>> closes = 100.0 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, 300)))
    >>> out = rn.atc.compute_atc_signals(closes)
    >>> list(out)[:3]
    ['EMA_Signal', 'EMA_S', 'HMA_Signal']
    >>> out["Average_Signal"].shape
    (300,)
    >>> bool(np.all(np.abs(out["Average_Signal"]) <= 1.0))
    True
    """
    params = _params(locals())
    returns_components = _flag(return_components, "return_components")
    array, index = _series(prices, "prices")
    source = None
    if src is not None:
        source = float_array(src, "src")
    if array.shape[0] == 0:
        raise InvalidInputError("prices must not be empty")
    if source is not None and source.shape[0] != array.shape[0]:
        raise InvalidInputError(
            f"prices and src must have the same length, got {array.shape[0]} and {source.shape[0]}"
        )
    _finite_values(array, "prices", positive=True)
    if source is not None:
        _finite_values(source, "src", positive=False)
    _check_series(array, params, "prices")
    outputs, parts = _backend.impl.atc_signals(
        array, source, *_call_args(params), returns_components, **params["options"]
    )
    result: Any = dict(zip(OUTPUT_NAMES, outputs))
    if index is not None:
        pd = _pandas()
        result = pd.DataFrame(result, index=index[params["cutout"] :])
    if not returns_components:
        return result
    components = {}
    for t, family in enumerate(FAMILIES):
        components[f"{family}_MA"] = parts[3 * t]
        components[f"{family}_signals"] = parts[3 * t + 1]
        components[f"{family}_equities"] = parts[3 * t + 2]
    return result, components


def scan(
    prices: Any,
    *,
    full: bool = False,
    symbol_column: str = "symbol",
    price_column: str = "close",
    ema_len: int = 28,
    hull_len: int = 28,
    wma_len: int = 28,
    dema_len: int = 28,
    lsma_len: int = 28,
    kama_len: int = 28,
    ema_w: float = 1.0,
    hma_w: float = 1.0,
    wma_w: float = 1.0,
    dema_w: float = 1.0,
    lsma_w: float = 1.0,
    kama_w: float = 1.0,
    robustness: str = "Medium",
    La: float = 0.02,  # noqa: N803
    De: float = 0.03,  # noqa: N803
    cutout: int = 0,
    long_threshold: float = 0.1,
    short_threshold: float = -0.1,
    strategy_mode: bool = False,
    ema_seed: str = "sma",
    lsma_at: str = "penultimate",
    nan_policy: str = "raise",
) -> Any:
    """:func:`compute_atc_signals` of many symbols at once, in parallel (GIL released).

    Each symbol is one independent single-threaded pipeline; the native backend spreads the
    symbols over all cores with rayon. Parameters are shared by every symbol.

    Parameters
    ----------
    prices : 2-D array, pandas.DataFrame, mapping, or long pyarrow.Table / polars.DataFrame
        Closes, finite and > 0: a (time x symbols) array, a DataFrame with one column per
        symbol, a mapping of symbol to 1-D array (lengths may differ), or a long table with a
        symbol column and a price column (rows of a symbol in time order; symbols may
        interleave).
    full : bool, default False
        False: the last bar's ``Average_Signal`` of each symbol. True: all 13 outputs.
    symbol_column, price_column : str, default "symbol" and "close"
        The columns of a long table (ignored for other inputs).
    ema_len ... nan_policy
        As :func:`compute_atc_signals`.

    Returns
    -------
    numpy.ndarray, pandas.Series, dict
        Without ``full``: a 1-D array (one value per column) for a 2-D array, a Series indexed
        by the columns for a DataFrame, a dict symbol -> float for a mapping, or a table of the
        input's library with columns ``symbol_column`` and ``Average_Signal`` (symbols in order
        of first appearance) for a long table. With ``full``: a dict of :data:`OUTPUT_NAMES` to
        (m x symbols) arrays (DataFrames for a DataFrame, index sliced ``[cutout:]``), for a
        mapping a dict symbol -> dict of 13 arrays, or for a long table a long table with
        ``symbol_column`` and the 13 outputs (each symbol's bars after its cutout, grouped by
        symbol).

    Raises
    ------
    InvalidParameterError, InvalidInputError, InputTypeError
        As :func:`compute_atc_signals`; a bad series names its symbol.

    Examples
    --------
    >>> import numpy as np
    >>> import rustybt_native as rn
    >>> steps = np.random.default_rng(2).normal(0, 0.01, (400, 3))
    >>> closes = 50.0 * np.exp(np.cumsum(steps, axis=0))
    >>> last = rn.atc.scan(closes)
    >>> last.shape
    (3,)
    >>> bool(last[1] == rn.atc.compute_atc_signals(closes[:, 1])["Average_Signal"][-1])
    True
    """
    named = dict(locals())
    wants_full = _flag(full, "full")
    params = _params(named)
    kind = "mapping"
    labels: list[Any]
    index = None
    library = _long_table_library(prices)
    if library is not None:
        symbols = text(symbol_column, "symbol_column")
        closes = text(price_column, "price_column")
        labels, grouped = _long_table_groups(prices, library, symbols, closes)
        return _scan_long(labels, grouped, params, wants_full, library, symbols)
    if isinstance(prices, Mapping):
        labels = list(prices)
        series = [float_array(prices[label], f"prices[{label!r}]") for label in labels]
        names = [f"prices[{label!r}]" for label in labels]
    else:
        if type(prices).__name__ == "DataFrame" and type(prices).__module__.startswith("pandas"):
            kind = "frame"
            labels = list(prices.columns)
            index = prices.index
        else:
            kind = "array"
        matrix = float_array(prices, "prices", ndims=(2,))
        labels = labels if kind == "frame" else list(range(matrix.shape[1]))
        by_symbol = np.ascontiguousarray(matrix.T)
        series = list(by_symbol)
        names = [f"prices[:, {j}]" for j in range(matrix.shape[1])]
    for array, name in zip(series, names):
        _check_series(array, params, name)
    out = _backend.impl.atc_scan(series, *_call_args(params), wants_full, **params["options"])
    if kind == "mapping":
        if wants_full:
            return {label: dict(zip(OUTPUT_NAMES, arrays)) for label, arrays in zip(labels, out)}
        return {label: float(value) for label, value in zip(labels, out)}
    if not wants_full:
        if kind == "frame":
            pd = _pandas()
            return pd.Series(out, index=labels, name="Average_Signal")
        return out
    bars = series[0].shape[0] - params["cutout"] if series else 0
    columns = {
        name: (
            np.column_stack([arrays[k] for arrays in out])
            if out
            else np.zeros((bars, 0), dtype=np.float64)
        )
        for k, name in enumerate(OUTPUT_NAMES)
    }
    if kind == "frame":
        pd = _pandas()
        assert index is not None
        return {
            name: pd.DataFrame(values, index=index[params["cutout"] :], columns=labels)
            for name, values in columns.items()
        }
    return columns


def _long_table_library(table: Any) -> str | None:
    """ "pyarrow" or "polars" for a table of theirs, else None."""
    module = type(table).__module__
    if module.startswith("pyarrow") and type(table).__name__ == "Table":
        return "pyarrow"
    if module.startswith("polars") and type(table).__name__ == "DataFrame":
        return "polars"
    return None


def _long_table_groups(
    table: Any, library: str, symbols: str, closes: str
) -> tuple[list[Any], list[npt.NDArray[np.float64]]]:
    """The symbols in order of first appearance, and each one's closes in row order."""
    names = list(table.column_names if library == "pyarrow" else table.columns)
    for column in (symbols, closes):
        if column not in names:
            raise ColumnNotFoundError(f"column {column!r} not found; the table has {names}")
    if library == "pyarrow":
        keys = np.asarray(table.column(symbols).to_pylist(), dtype=object)
        values = table.column(closes).to_numpy()
    else:
        keys = np.asarray(table.get_column(symbols).to_list(), dtype=object)
        values = table.get_column(closes).to_numpy()
    array = float_array(values, f"column {closes!r}")
    if keys.size == 0:
        return [], []
    _, first, inverse = np.unique(keys.astype(str), return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # groups in order of first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    group_of_row = rank[inverse.ravel()]
    rows = np.argsort(group_of_row, kind="stable")
    bounds = np.searchsorted(group_of_row[rows], np.arange(order.size + 1))
    labels = [keys[first[g]] for g in order]
    grouped = [
        np.ascontiguousarray(array[rows[bounds[g] : bounds[g + 1]]]) for g in range(order.size)
    ]
    return labels, grouped


def _scan_long(
    labels: list[Any],
    grouped: list[npt.NDArray[np.float64]],
    params: dict[str, Any],
    full: bool,
    library: str,
    symbols: str,
) -> Any:
    for label, series in zip(labels, grouped):
        _check_series(series, params, f"prices[{label!r}]")
    out = _backend.impl.atc_scan(grouped, *_call_args(params), full, **params["options"])
    module = importlib.import_module(library)
    if not full:
        columns: dict[str, Any] = {symbols: labels, "Average_Signal": np.asarray(out)}
    else:
        counts = [series.shape[0] - params["cutout"] for series in grouped]
        columns = {symbols: [label for label, c in zip(labels, counts) for _ in range(c)]}
        for k, name in enumerate(OUTPUT_NAMES):
            parts = [arrays[k] for arrays in out]
            columns[name] = np.concatenate(parts) if parts else np.zeros(0)
    if library == "pyarrow":
        return module.table(columns)
    return module.DataFrame(columns)


class ATCStream:
    """The ATC pipeline for live use: one bar in, the bar's 13 outputs out.

    ``update(price)`` returns what :func:`compute_atc_signals` gives for the last bar of the
    prices seen so far, bit for bit (the pipeline is causal with ``cutout = 0``, so a prefix of
    the input gives a prefix of the output). The native stream keeps O(1) state per moving
    average: each of the 54 averages, crossover states and equity curves advances by one bar.
    The stream has no minimum length (the batch function refuses series shorter than
    ``L + o4`` bars, but its values on any longer series start with the stream's).

    Parameters
    ----------
    ema_len ... strategy_mode
        As :func:`compute_atc_signals` (there is no ``cutout``: a stream has no leading bars to
        drop). The backend is the one selected when the stream is created.

    Raises
    ------
    InvalidParameterError, InputTypeError
        For bad parameters, as :func:`compute_atc_signals`.

    Examples
    --------
    >>> import numpy as np
    >>> import rustybt_native as rn
    >>> closes = 100.0 * np.exp(np.cumsum(np.random.default_rng(4).normal(0, 0.01, 200)))
    >>> stream = rn.atc.ATCStream()
    >>> for close in closes:
    ...     latest = stream.update(close)
    >>> batch = rn.atc.compute_atc_signals(closes)
    >>> bool(latest["Average_Signal"] == batch["Average_Signal"][-1]), stream.bars
    (True, 200)
    """

    def __init__(
        self,
        *,
        ema_len: int = 28,
        hull_len: int = 28,
        wma_len: int = 28,
        dema_len: int = 28,
        lsma_len: int = 28,
        kama_len: int = 28,
        ema_w: float = 1.0,
        hma_w: float = 1.0,
        wma_w: float = 1.0,
        dema_w: float = 1.0,
        lsma_w: float = 1.0,
        kama_w: float = 1.0,
        robustness: str = "Medium",
        La: float = 0.02,  # noqa: N803
        De: float = 0.03,  # noqa: N803
        long_threshold: float = 0.1,
        short_threshold: float = -0.1,
        strategy_mode: bool = False,
        ema_seed: str = "sma",
        lsma_at: str = "penultimate",
    ) -> None:
        named = dict(locals(), cutout=0, nan_policy="raise")
        params = _params(named)
        args = _call_args(params)
        self._stream = _backend.impl.AtcStream(*args[:5], *args[6:], **params["options"])

    @property
    def bars(self) -> int:
        """Bars taken so far."""
        return int(self._stream.bars)

    def update(self, price: float, src: float | None = None) -> dict[str, float]:
        """Take the next close and return the new bar's outputs.

        Parameters
        ----------
        price : float
            The close, finite and > 0.
        src : float, optional
            The moving averages' source value (default ``price``), finite.

        Returns
        -------
        dict of str to float
            The 13 outputs of :data:`OUTPUT_NAMES` for this bar.

        Raises
        ------
        InvalidInputError
            For a price that is not finite and > 0 or a non-finite ``src``; the stream is left
            unchanged.
        InputTypeError
            For a non-real value.
        """
        close = real(price, "price")
        source = None if src is None else real(src, "src")
        return dict(zip(OUTPUT_NAMES, self._stream.update(close, source)))
