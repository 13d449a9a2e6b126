"""Cases for ``rustybt_native.indicators``: rolling indicators over price columns."""

from __future__ import annotations

import math
from functools import partial
from types import ModuleType
from typing import Callable

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, peer, rn_module, rn_pair, shape_label, sized_cases
from benches.profiles import Profile

SMA_PERIOD = 20
NUMPY_SMA = "numpy cumsum"
EMA_PERIOD = 20
WMA_PERIOD = 20
RSI_PERIOD = 14
NUMPY_WMA = "numpy convolve"
#: Recursive indicators (EMA, RSI) have no vectorised numpy form: their baseline is the readable
#: fallback loop, and TA-Lib and pandas are the peers that matter.
FALLBACK_1D = "rn fallback (1-D)"
FALLBACK_2D = "rn fallback (2-D)"


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes and matrix shapes to build.

    Returns
    -------
    list of Case
        ``indicators.sma``, ``ema`` (both seeds), ``wma`` and ``rsi``, each on one price column
        per size, then on a (time x assets) matrix per shape.
    """
    one_column = sized_cases(
        profile.sizes,
        group="indicators.sma",
        variant="[1d]",
        table=f"indicators.sma - 1-D prices, period {SMA_PERIOD}",
        baseline=NUMPY_SMA,
        build=_sma_1d_impls,
    )
    matrix = [
        Case(
            name=f"indicators.sma[2d]/{shape_label(shape)}",
            group="indicators.sma",
            table=f"indicators.sma - 2-D prices (time x assets), period {SMA_PERIOD}",
            size=shape[0] * shape[1],
            shape=shape,
            baseline=NUMPY_SMA,
            build=partial(_sma_2d_impls, shape),
        )
        for shape in profile.matrix_shapes
    ]
    return one_column + matrix + _indicator_cases(profile) + _single_input_cases(profile)


def _indicator_cases(profile: Profile) -> list[Case]:
    """The 1-D and 2-D cases of ema, wma and rsi."""
    specs = [
        (
            "ema",
            "",
            f"EMA, period {EMA_PERIOD}",
            FALLBACK_1D,
            FALLBACK_2D,
            partial(_rn_and_talib_impls, "ema", EMA_PERIOD),
        ),
        (
            "ema",
            "(seed=first)",
            f"EMA seeded by the first value (pandas ewm adjust=False), span {EMA_PERIOD}",
            FALLBACK_1D,
            FALLBACK_2D,
            _ema_first_impls,
        ),
        ("wma", "", f"WMA, period {WMA_PERIOD}", NUMPY_WMA, NUMPY_WMA, _wma_impls),
        (
            "rsi",
            "",
            f"RSI, period {RSI_PERIOD}",
            FALLBACK_1D,
            FALLBACK_2D,
            partial(_rn_and_talib_impls, "rsi", RSI_PERIOD),
        ),
    ]
    cases: list[Case] = []
    for name, variant, title, baseline_1d, baseline_2d, build in specs:
        group = f"indicators.{name}{variant}"
        cases += sized_cases(
            profile.sizes,
            group=group,
            variant="[1d]",
            table=f"indicators.{name} - 1-D prices, {title}",
            baseline=baseline_1d,
            build=partial(_as_series, build),
        )
        cases += [
            Case(
                name=f"{group}[2d]/{shape_label(shape)}",
                group=group,
                table=f"indicators.{name} - 2-D prices (time x assets), {title}",
                size=shape[0] * shape[1],
                shape=shape,
                baseline=baseline_2d,
                build=partial(build, shape),
            )
            for shape in profile.matrix_shapes
        ]
    return cases


def _as_series(build: Callable[[tuple[int, ...]], dict[str, Impl]], n: int) -> dict[str, Impl]:
    return build((n,))


def _inputs(shape: tuple[int, ...]) -> tuple[npt.NDArray[np.float64], str]:
    """Seeded prices of ``shape`` and the row label of their path ("1-D" or "2-D")."""
    if len(shape) == 1:
        return data.prices(shape[0]), "1-D"
    return data.price_matrix(*shape), "2-D"


def _talib_rows(name: str, prices: npt.NDArray[np.float64], period: int) -> dict[str, Impl]:
    """TA-Lib's function on the series, or looped over the columns of a matrix."""

    def make(talib: ModuleType) -> Callable[[], object]:
        function = getattr(talib, name)
        if prices.ndim == 1:
            return partial(function, prices, period)
        columns = [np.ascontiguousarray(prices[:, j]) for j in range(prices.shape[1])]
        return lambda: np.column_stack([function(c, period) for c in columns])

    label = f"talib.{name}" if prices.ndim == 1 else f"talib.{name} loop over columns"
    return {label: peer("talib", make)}


def _rn_and_talib_impls(name: str, period: int, shape: tuple[int, ...]) -> dict[str, Impl]:
    """``rn.indicators.<name>(prices, period)`` on both backends, and TA-Lib's namesake."""
    function = getattr(rn_module("indicators"), name)
    prices, path = _inputs(shape)
    impls = rn_pair(path, lambda: function(prices, period))
    return impls | _talib_rows(name.upper(), prices, period)


def _wma_impls(shape: tuple[int, ...]) -> dict[str, Impl]:
    impls = _rn_and_talib_impls("wma", WMA_PERIOD, shape)
    impls[NUMPY_WMA] = Impl(partial(numpy_wma, _inputs(shape)[0], WMA_PERIOD), "numpy")
    return impls


def _ema_first_impls(shape: tuple[int, ...]) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    prices, path = _inputs(shape)
    impls = rn_pair(path, lambda: indicators.ema(prices, EMA_PERIOD, seed="first"))
    frame = "Series" if prices.ndim == 1 else "DataFrame"
    impls["pandas ewm(adjust=False)"] = peer(
        "pandas",
        lambda pd: lambda: getattr(pd, frame)(prices).ewm(span=EMA_PERIOD, adjust=False).mean(),
        normalize=_to_numpy,
    )
    return impls


def numpy_wma(values: npt.NDArray[np.float64], period: int) -> npt.NDArray[np.float64]:
    """Weighted moving average along axis 0 (weights 1..period, latest heaviest) by convolution.

    Parameters
    ----------
    values : ndarray of float64
        1-D prices or a (time x assets) matrix.
    period : int
        Window length.

    Returns
    -------
    ndarray of float64
        The averages, shaped like ``values``, NaN for the first period - 1 rows.
    """
    weights = np.arange(period, 0, -1, dtype=np.float64) / (period * (period + 1) / 2)
    out = np.full_like(values, np.nan)
    if values.ndim == 1:
        out[period - 1 :] = np.convolve(values, weights, mode="valid")
    else:
        for j in range(values.shape[1]):
            out[period - 1 :, j] = np.convolve(values[:, j], weights, mode="valid")
    return out


def numpy_sma(values: npt.NDArray[np.float64], period: int) -> npt.NDArray[np.float64]:
    """Simple moving average along axis 0 from a cumulative sum, NaN for the first period - 1 rows.

    Parameters
    ----------
    values : ndarray of float64
        1-D prices or a (time x assets) matrix.
    period : int
        Window length.

    Returns
    -------
    ndarray of float64
        The averages, shaped like ``values``.
    """
    sums = np.cumsum(values, axis=0)
    out = np.full_like(values, np.nan)
    out[period - 1] = sums[period - 1]
    out[period:] = sums[period:] - sums[:-period]
    out[period - 1 :] /= period
    return out


def _to_numpy(frame: object) -> object:
    """A pandas Series or DataFrame as its ndarray."""
    return frame.to_numpy()  # type: ignore[attr-defined]


def _sma_1d_impls(n: int) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    prices = data.prices(n)
    impls = rn_pair("1-D", lambda: indicators.sma(prices, SMA_PERIOD))
    impls[NUMPY_SMA] = Impl(partial(numpy_sma, prices, SMA_PERIOD), "numpy")
    impls["talib.SMA"] = peer("talib", lambda talib: partial(talib.SMA, prices, SMA_PERIOD))
    impls["pandas rolling.mean"] = peer(
        "pandas",
        lambda pd: lambda: pd.Series(prices).rolling(SMA_PERIOD).mean(),
        normalize=_to_numpy,
    )
    return impls


def _sma_2d_impls(shape: tuple[int, int]) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    prices = data.price_matrix(*shape)
    impls = rn_pair("2-D", lambda: indicators.sma(prices, SMA_PERIOD))
    impls[NUMPY_SMA] = Impl(partial(numpy_sma, prices, SMA_PERIOD), "numpy")
    impls["pandas rolling.mean"] = peer(
        "pandas",
        lambda pd: lambda: pd.DataFrame(prices).rolling(SMA_PERIOD).mean(),
        normalize=_to_numpy,
    )
    return impls


# --- issue 6: single-input indicators -----------------------------------------------------------

#: name -> (arguments after the prices, title, peer row builder name)
SINGLE_INPUT: dict[str, tuple[tuple[float, ...], str]] = {
    "macd": ((12, 26, 9), "MACD 12/26/9 (three lines)"),
    "bbands": ((20, 2.0, 2.0), "BBANDS 20, 2/2 (three bands)"),
    "stddev": ((20, 1.0), "STDDEV, period 20"),
    "dema": ((20,), "DEMA, period 20"),
    "tema": ((20,), "TEMA, period 20"),
    "trima": ((30,), "TRIMA, period 30"),
    "kama": ((30,), "KAMA, period 30"),
    "midpoint": ((14,), "MIDPOINT, period 14"),
    "mom": ((10,), "MOM, period 10"),
    "roc": ((10,), "ROC, period 10"),
    "rate_of_change": ((1,), "simple fractional change, period 1"),
    "hma": ((20,), "Hull MA, period 20"),
}


def _single_input_cases(profile: Profile) -> list[Case]:
    """The 1-D and 2-D cases of the single-input indicators of issue 6."""
    cases: list[Case] = []
    for name, (args, title) in SINGLE_INPUT.items():
        group = f"indicators.{name}"
        build = partial(_single_input_impls, name, args)
        cases += sized_cases(
            profile.sizes,
            group=group,
            variant="[1d]",
            table=f"indicators.{name} - 1-D prices, {title}",
            baseline=FALLBACK_1D,
            build=partial(_as_series, build),
        )
        cases += [
            Case(
                name=f"{group}[2d]/{shape_label(shape)}",
                group=group,
                table=f"indicators.{name} - 2-D prices (time x assets), {title}",
                size=shape[0] * shape[1],
                shape=shape,
                baseline=FALLBACK_2D,
                build=partial(build, shape),
            )
            for shape in profile.matrix_shapes
        ]
    return cases


def _hull_by_ta_lib(talib: ModuleType, values: npt.NDArray[np.float64], period: int) -> object:
    """Hull's formula composed of ``talib.WMA`` calls (TA-Lib has no HMA)."""
    raw = 2.0 * talib.WMA(values, period // 2) - talib.WMA(values, period)
    return talib.WMA(raw, math.isqrt(period))


def _single_input_impls(
    name: str, args: tuple[int, ...], shape: tuple[int, ...]
) -> dict[str, Impl]:
    """``rn.indicators.<name>(prices, *args)`` on both backends, and the peer: TA-Lib's namesake
    (looped over the columns of a matrix), pandas ``pct_change`` for ``rate_of_change``."""
    function = getattr(rn_module("indicators"), name)
    prices, path = _inputs(shape)
    impls = rn_pair(path, lambda: function(prices, *args))
    if name == "rate_of_change":
        frame = "Series" if prices.ndim == 1 else "DataFrame"
        impls["pandas pct_change"] = peer(
            "pandas",
            lambda pd: (
                lambda: getattr(pd, frame)(prices).pct_change(int(args[0]), fill_method=None)
            ),
            normalize=_to_numpy,
        )
        return impls

    def make(talib: ModuleType) -> Callable[[], object]:
        if name == "hma":
            kernel: Callable[..., object] = partial(_hull_by_ta_lib, talib)
        else:
            kernel = getattr(talib, name.upper())
        if prices.ndim == 1:
            return partial(kernel, prices, *args)
        columns = [np.ascontiguousarray(prices[:, j]) for j in range(prices.shape[1])]

        def loop() -> object:
            results = [kernel(c, *args) for c in columns]
            if isinstance(results[0], tuple):
                return tuple(np.column_stack(lines) for lines in zip(*results))
            return np.column_stack(results)

        return loop

    label = "talib" if name != "hma" else "talib.WMA composition"
    label = f"{label}.{name.upper()}" if name != "hma" else label
    impls[label if prices.ndim == 1 else f"{label} loop over columns"] = peer("talib", make)
    return impls
