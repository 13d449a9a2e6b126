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
    return (
        one_column
        + matrix
        + _indicator_cases(profile)
        + _atc_cases(profile)
        + _bar_cases(profile)
        + _single_input_cases(profile)
    )


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


# --- ATC kernels and signals ----------------------------------------------------------------------

ATC_LENGTH = 28
ATC_DECAY = 0.0003  # De = 0.03 percent, ATC's default
#: ATC runs 54 component equity curves per price series; the issue's figure is 54 x 10,000 bars.
ATC_SIGNALS = 54
ATC_BARS = 10_000


def _atc_cases(profile: Profile) -> list[Case]:
    """atc_kama, equity_curve (one signal, then 54 at once) and ma_signal."""
    cases = sized_cases(
        profile.sizes,
        group="indicators.atc_kama",
        variant="[1d]",
        table=f"indicators.atc_kama - 1-D prices, length {ATC_LENGTH}",
        baseline=FALLBACK_1D,
        build=_atc_kama_impls,
    )
    cases += sized_cases(
        profile.sizes,
        group="indicators.equity_curve",
        variant="[1d]",
        table="indicators.equity_curve - one signal, decay 0.0003",
        baseline=FALLBACK_1D,
        build=_equity_impls,
    )
    bars = min(ATC_BARS, max(profile.sizes))
    cases.append(
        Case(
            name=f"indicators.equity_curve[2d]/{shape_label((ATC_SIGNALS, bars))}",
            group="indicators.equity_curve",
            table="indicators.equity_curve - 54 signals x bars in one call, decay 0.0003",
            size=ATC_SIGNALS * bars,
            shape=(ATC_SIGNALS, bars),
            baseline=FALLBACK_2D,
            build=partial(_equity_matrix_impls, bars),
        )
    )
    cases += sized_cases(
        profile.sizes,
        group="indicators.ma_signal",
        variant="[1d]",
        table=f"indicators.ma_signal - 1-D prices against their SMA({SMA_PERIOD})",
        baseline=FALLBACK_1D,
        build=_ma_signal_impls,
    )
    return cases


def _atc_kama_impls(n: int) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    prices = data.prices(n)
    impls = rn_pair("1-D", lambda: indicators.atc_kama(prices, ATC_LENGTH))

    def make(numba: ModuleType) -> Callable[[], object]:
        kernel = numba.njit(cache=False)(_kama_loop)
        kernel(prices[:100], ATC_LENGTH, 0.666, 0.064)  # compile outside the timing
        return partial(kernel, prices, ATC_LENGTH, 0.666, 0.064)

    impls["numba loop (O(n*length), as ATC)"] = peer("numba", make)
    return impls


def _signal_of(prices: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """A +1/-1/0 position series from the sign of each price change, shifted one bar."""
    signal = np.zeros_like(prices)
    signal[2:] = np.sign(np.diff(prices))[:-1]
    return signal


def _equity_impls(n: int) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    returns = data.returns(n)
    signal = _signal_of(data.prices(n))
    impls = rn_pair("1-D", lambda: indicators.equity_curve(returns, signal, decay=ATC_DECAY))

    def make(numba: ModuleType) -> Callable[[], object]:
        kernel = numba.njit(cache=False)(_equity_loop)
        kernel(returns[:10], signal[:10], 1.0, ATC_DECAY, 0, 0.25)
        return partial(kernel, returns, signal, 1.0, ATC_DECAY, 0, 0.25)

    impls["numba loop"] = peer("numba", make)
    return impls


def _equity_matrix_impls(bars: int) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    returns = data.returns(bars)
    base = data.price_matrix(bars, ATC_SIGNALS)
    signals = np.ascontiguousarray(np.stack([_signal_of(base[:, j]) for j in range(ATC_SIGNALS)]))
    impls = rn_pair("2-D", lambda: indicators.equity_curve(returns, signals, decay=ATC_DECAY))

    def make(numba: ModuleType) -> Callable[[], object]:
        row = numba.njit(cache=False)(_equity_loop)

        def rows(r: npt.NDArray[np.float64], s: npt.NDArray[np.float64]) -> object:
            out = np.empty_like(s)
            for k in range(s.shape[0]):
                out[k] = row(r, s[k], 1.0, ATC_DECAY, 0, 0.25)
            return out

        kernel = numba.njit(cache=False)(rows)
        kernel(returns[:10], signals[:2, :10])
        return partial(kernel, returns, signals)

    def make_parallel(numba: ModuleType) -> Callable[[], object]:
        row = numba.njit(cache=False)(_equity_loop)

        def rows(r: npt.NDArray[np.float64], s: npt.NDArray[np.float64]) -> object:
            out = np.empty_like(s)
            for k in numba.prange(s.shape[0]):
                out[k] = row(r, s[k], 1.0, ATC_DECAY, 0, 0.25)
            return out

        kernel = numba.njit(cache=False, parallel=True)(rows)
        kernel(returns[:10], signals[:2, :10])
        return partial(kernel, returns, signals)

    impls["numba loop over signals"] = peer("numba", make)
    impls["numba prange over signals (as ATC)"] = peer("numba", make_parallel, parallel=True)
    return impls


def _ma_signal_impls(n: int) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    prices = data.prices(n)
    ma = indicators.sma(prices, SMA_PERIOD)
    impls = rn_pair("1-D", lambda: indicators.ma_signal(prices, ma))
    impls["numpy crossings + loop"] = Impl(partial(numpy_ma_signal, prices, ma), "numpy")
    return impls


def numpy_ma_signal(
    price: npt.NDArray[np.float64], ma: npt.NDArray[np.float64]
) -> npt.NDArray[np.int8]:
    """Crossings of ``price`` and ``ma`` with numpy, then their persistence by forward fill.

    Parameters
    ----------
    price, ma : ndarray of float64
        1-D prices and their moving average.

    Returns
    -------
    ndarray of int8
        1 after a cross above, -1 after a cross below, 0 before the first.
    """
    up = np.zeros(price.shape, dtype=bool)
    down = np.zeros(price.shape, dtype=bool)
    up[1:] = (price[1:] > ma[1:]) & (price[:-1] <= ma[:-1])
    down[1:] = (price[1:] < ma[1:]) & (price[:-1] >= ma[:-1])
    events = np.where(up, 1, np.where(down, -1, 0)).astype(np.int8)
    # Index of the latest event at or before each bar (0, whose event is always 0, before any).
    last = np.maximum.accumulate(np.where(events != 0, np.arange(price.size), 0))
    return events[last]


def _kama_loop(
    p: npt.NDArray[np.float64], length: int, fast: float, slow: float
) -> npt.NDArray[np.float64]:
    """The ATC KAMA as its reference writes it (noise summed over the window at every bar)."""
    n = p.shape[0]
    out = np.empty(n)
    if n == 0:
        return out
    out[0] = p[0]
    for i in range(1, n):
        if i < length:
            out[i] = out[i - 1]
            continue
        noise = 0.0
        for j in range(i - length + 1, i + 1):
            noise += abs(p[j] - p[j - 1])
        signal = abs(p[i] - p[i - length])
        ratio = 0.0 if noise == 0.0 else signal / noise
        sc = (ratio * (fast - slow) + slow) ** 2
        out[i] = out[i - 1] + sc * (p[i] - out[i - 1])
    return out


def _equity_loop(
    r: npt.NDArray[np.float64],
    s: npt.NDArray[np.float64],
    start: float,
    decay: float,
    cutout: int,
    floor: float,
) -> npt.NDArray[np.float64]:
    """The ATC equity curve as its reference writes it."""
    n = r.shape[0]
    out = np.full(n, np.nan)
    for i in range(cutout, n):
        if i == cutout:
            out[i] = max(floor, start)
            continue
        a = 0.0
        if not (np.isnan(s[i]) or np.isnan(r[i]) or s[i] == 0.0):
            a = r[i] if s[i] > 0 else -r[i]
        out[i] = max(floor, (out[i - 1] * (1.0 - decay)) * (1.0 + a))
    return out


# --- Indicators of several inputs per bar ---------------------------------------------------------

ATR_PERIOD = 14


def _bar_cases(profile: Profile) -> list[Case]:
    """trange, atr, natr, cci and obv on one column of bars, then on (time x assets) bars."""
    cases: list[Case] = []
    for name, title in [
        ("trange", "true range"),
        ("atr", f"ATR, period {ATR_PERIOD}"),
        ("natr", f"NATR, period {ATR_PERIOD}"),
        ("cci", f"CCI, period {ATR_PERIOD}"),
        ("obv", "on-balance volume"),
    ]:
        group = f"indicators.{name}"
        cases += sized_cases(
            profile.sizes,
            group=group,
            variant="[1d]",
            table=f"{group} - 1-D bars, {title}",
            baseline=FALLBACK_1D,
            build=partial(_as_series, partial(_bar_impls, name)),
        )
        cases += [
            Case(
                name=f"{group}[2d]/{shape_label(shape)}",
                group=group,
                table=f"{group} - 2-D bars (time x assets), {title}",
                size=shape[0] * shape[1],
                shape=shape,
                baseline=FALLBACK_2D,
                build=partial(_bar_impls, name, shape),
            )
            for shape in profile.matrix_shapes
        ]
    return cases


def _bar_inputs(name: str, shape: tuple[int, ...]) -> tuple[list[npt.NDArray[np.float64]], str]:
    """Seeded bars of ``shape`` as the inputs ``name`` takes, and the row label of their path."""
    close, path = _inputs(shape)
    if name == "obv":
        return [close, np.ascontiguousarray(close[::-1] * 100.0)], path
    return [close * 1.01, close * 0.99, close], path


def _bar_impls(name: str, shape: tuple[int, ...]) -> dict[str, Impl]:
    function = getattr(rn_module("indicators"), name)
    inputs, path = _bar_inputs(name, shape)
    options = (ATR_PERIOD,) if name in ("atr", "natr", "cci") else ()
    impls = rn_pair(path, lambda: function(*inputs, *options))

    def make(talib: ModuleType) -> Callable[[], object]:
        peer_function = getattr(talib, name.upper())
        if inputs[0].ndim == 1:
            return partial(peer_function, *inputs, *options)
        columns = [
            [np.ascontiguousarray(values[:, j]) for values in inputs]
            for j in range(inputs[0].shape[1])
        ]
        return lambda: np.column_stack([peer_function(*c, *options) for c in columns])

    label = f"talib.{name.upper()}" + ("" if inputs[0].ndim == 1 else " loop over columns")
    impls[label] = peer("talib", make)
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
