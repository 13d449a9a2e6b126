"""The Adaptive Trend Classification pipeline in numpy and plain Python, from the specification.

The readable reference for the Rust kernels of ``crates/indicators/src/atc_ma.rs`` and
``atc_pipeline.rs``. Window sums are computed directly (bar-vectorised, summed over the window in
a fixed order), so each average is a function of its window alone, like the native exact running
sums; the two agree to about 1e-15 relative on the averages and exactly on every decision
(crossovers, 2-decimal rounding, thresholds) for price data. The recursive parts (EMA, KAMA,
persistence, equity curves) are loops in the specification's order of operations, so they give
the native bits. Arguments arrive checked by :mod:`rustybt_native.atc`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError, InvalidParameterError
from ._checks import rust_float

Array = npt.NDArray[np.float64]

FAMILIES = ("EMA", "HMA", "WMA", "DEMA", "LSMA", "KAMA")
OFFSETS = {"Narrow": (1, 2, 3, 4), "Medium": (1, 2, 4, 6), "Wide": (1, 3, 5, 7)}
FLOOR = 0.25
KAMA_FAST = 0.666
KAMA_SLOW = 0.064
PANDAS_TA_DEFAULT_LENGTH = 10


def _seed(name: str) -> str:
    if name not in ("sma", "first"):
        raise InvalidParameterError(f'seed must be "sma" or "first", got "{name}"')
    return name


def _ema_loop(x: Array, length: int, seed: str) -> Array:
    n = x.shape[0]
    out = np.full(n, np.nan)
    if seed == "sma":
        if n < length:
            return out
        total = 0.0
        for v in x[:length].tolist():
            total += v
        start, y = length - 1, total / length
    else:
        if n == 0:
            return out
        start, y = 0, float(x[0])
    out[start] = y
    if length == 1:
        out[start:] = x[start:]
        return out
    alpha = 2.0 / (length + 1.0)
    values = x.tolist()
    result = out.tolist()
    for i in range(start + 1, n):
        y = (values[i] - y) * alpha + y
        result[i] = y
    return np.array(result, dtype=np.float64)


def atc_ema(src: Array, length: int, seed: str = "sma") -> Array:
    """ATC EMA: SMA seed (or first value), then ``(x - y) * alpha + y``."""
    return _ema_loop(src, length, _seed(seed))


def atc_dema(src: Array, length: int, seed: str = "sma") -> Array:
    """pandas_ta DEMA: ``2 * e1 - e2``, e2 seeded with e1's first value."""
    seed = _seed(seed)
    n = src.shape[0]
    out = np.full(n, np.nan)
    e1 = _ema_loop(src, length, seed)
    start = length - 1 if seed == "sma" else 0
    if start >= n:
        return out
    e2 = np.full(n, np.nan)
    e2[start:] = _ema_loop(e1[start:], length, "first")
    out[start:] = 2.0 * e1[start:] - e2[start:]
    return out


def _window_sums(x: Array, length: int) -> tuple[Array, Array]:
    """Plain and weighted (1..length, newest heaviest) sums of every full window."""
    count = x.shape[0] - length + 1
    plain = np.zeros(count)
    weighted = np.zeros(count)
    for j in range(1, length + 1):
        column = x[j - 1 : j - 1 + count]
        plain = plain + column
        weighted = weighted + float(j) * column
    return plain, weighted


def atc_wma(src: Array, length: int) -> Array:
    """Linearly weighted moving average, valid from ``length - 1``."""
    out = np.full(src.shape[0], np.nan)
    if src.shape[0] < length:
        return out
    _, weighted = _window_sums(src, length)
    out[length - 1 :] = weighted / float(length * (length + 1) // 2)
    return out


def atc_hma(src: Array, length: int) -> Array:
    """True Hull MA with pandas_ta's length-1 quirk (half length 0 becomes 10)."""
    n = src.shape[0]
    out = np.full(n, np.nan)
    half = length // 2 or PANDAS_TA_DEFAULT_LENGTH
    root = math.isqrt(length)
    start = max(half, length) - 1
    if start >= n:
        return out
    diff = 2.0 * atc_wma(src, half)[start:] - atc_wma(src, length)[start:]
    out[start:] = atc_wma(diff, root)
    return out


def atc_lsma(src: Array, length: int, at: str = "penultimate") -> Array:
    """pandas_ta ``linreg`` at the second-newest bar of each window (or the newest, ``last``)."""
    if at not in ("penultimate", "last"):
        raise InvalidParameterError(f'lsma_at must be one of "penultimate", "last", got "{at}"')
    out = np.full(src.shape[0], np.nan)
    if src.shape[0] < length or length < 2:
        return out
    n = float(length)
    sx = n * (n + 1.0) / 2.0
    sxx = sx * (2.0 * n + 1.0) / 3.0
    divisor = n * sxx - sx * sx
    sy, sxy = _window_sums(src, length)
    slope = (n * sxy - sx * sy) / divisor
    intercept = (sy * sxx - sx * sxy) / divisor
    position = n - 1.0 if at == "penultimate" else n
    out[length - 1 :] = slope * position + intercept
    return out


def _kama(x: Array, length: int) -> Array:
    """The ATC KAMA (specification 4.6) with the noise summed directly."""
    values = x.tolist()
    n = len(values)
    out = [math.nan] * n
    if n == 0:
        return np.array(out)
    moves = [0.0] + [abs(values[j] - values[j - 1]) for j in range(1, n)]
    k = values[0]
    for i in range(n):
        if i >= length:
            noise = math.fsum(moves[i - length + 1 : i + 1])
            signal = abs(values[i] - values[i - length])
            ratio = 0.0 if noise == 0.0 else signal / noise
            smoothing = ratio * (KAMA_FAST - KAMA_SLOW) + KAMA_SLOW
            k = k + (smoothing * smoothing) * (values[i] - k)
        out[i] = k
    return np.array(out, dtype=np.float64)


def _lengths(base: int, robustness: str) -> list[int]:
    o1, o2, o3, o4 = OFFSETS[robustness]
    return [base, base + o1, base + o2, base + o3, base + o4, base - o1, base - o2, base - o3,
            base - o4]  # fmt: skip


def _average(family: str, src: Array, length: int, ema_seed: str, lsma_at: str) -> Array:
    if family == "EMA":
        return _ema_loop(src, length, ema_seed)
    if family == "HMA":
        return atc_hma(src, length)
    if family == "WMA":
        return atc_wma(src, length)
    if family == "DEMA":
        return atc_dema(src, length, ema_seed)
    if family == "LSMA":
        return atc_lsma(src, length, lsma_at)
    return _kama(src, length)


def _persistent_signals(p: Array, averages: Array) -> Array:
    """Crossover persistence (specification 7) of ``p`` against each row of ``averages``."""
    rows, m = averages.shape
    out = np.zeros((rows, m))
    with np.errstate(invalid="ignore"):
        up = np.zeros((rows, m), dtype=bool)
        down = np.zeros((rows, m), dtype=bool)
        up[:, 1:] = (p[None, 1:] > averages[:, 1:]) & (p[None, :-1] <= averages[:, :-1])
        down[:, 1:] = (p[None, 1:] < averages[:, 1:]) & (p[None, :-1] >= averages[:, :-1])
    for k in range(rows):
        state = 0.0
        row = [0.0] * m
        for i, (u, d) in enumerate(zip(up[k].tolist(), down[k].tolist())):
            if u:
                state = 1.0
            elif d:
                state = -1.0
            row[i] = state
        out[k] = row
    return out


def _equity(signal: list[float], r: list[float], start: float, keep: float) -> list[float]:
    """The equity curve (specification 8.1) of one signal, in its order of operations."""
    e = FLOOR if start < FLOOR else start
    out = [e]
    for i in range(1, len(r)):
        previous = signal[i - 1]
        ri = r[i]
        if previous > 0 and not math.isnan(ri):
            a = ri
        elif previous < 0 and not math.isnan(ri):
            a = -ri
        else:
            a = 0.0
        e = (e * keep) * (1.0 + a)
        if e < FLOOR:
            e = FLOOR
        out.append(e)
    return out


def _equities(signals: Array, r: Array, start: Array, keep: float) -> Array:
    """:func:`_equity` of each row of ``signals``."""
    returns = r.tolist()
    return np.array(
        [_equity(row, returns, s, keep) for row, s in zip(signals.tolist(), start.tolist())],
        dtype=np.float64,
    ).reshape(signals.shape)


def _growth(exponent: float) -> float:
    """``pow(e, exponent)`` (C's ``pow``, as the reference), the largest double on overflow."""
    try:
        value = math.e**exponent
    except OverflowError:
        return float(np.finfo(np.float64).max)
    return float(np.finfo(np.float64).max) if math.isinf(value) else value


def atc_signals(
    prices: Array,
    src: Array | None,
    lengths: tuple[int, ...],
    weights: tuple[float, ...],
    robustness: str,
    la: float,
    de: float,
    cutout: int,
    long_threshold: float,
    short_threshold: float,
    strategy_mode: bool,
    components: bool = False,
    ema_seed: str = "sma",
    lsma_at: str = "penultimate",
) -> tuple[list[Array], list[Any] | None]:
    """The 13 outputs (reference order) and, optionally, the 18 component matrices."""
    _seed(ema_seed)
    if lsma_at not in ("penultimate", "last"):
        raise InvalidParameterError(
            f'lsma_at must be one of "penultimate", "last", got "{lsma_at}"'
        )
    # An extreme growth rate overflows returns and equities to inf, as in the reference;
    # numpy's warnings about it are expected.
    with np.errstate(all="ignore"):
        return _atc_signals(
            prices, src, lengths, weights, robustness, la, de, cutout, long_threshold,
            short_threshold, strategy_mode, components, ema_seed, lsma_at,
        )  # fmt: skip


def _atc_signals(
    prices: Array,
    src: Array | None,
    lengths: tuple[int, ...],
    weights: tuple[float, ...],
    robustness: str,
    la: float,
    de: float,
    cutout: int,
    long_threshold: float,
    short_threshold: float,
    strategy_mode: bool,
    components: bool,
    ema_seed: str,
    lsma_at: str,
) -> tuple[list[Array], list[Any] | None]:
    source = prices if src is None else src
    p = prices[cutout:]
    m = p.shape[0]
    with np.errstate(invalid="ignore"):
        returns = np.full(m, np.nan)
        returns[1:] = p[1:] / p[:-1] - 1.0
    lam = la / 1000.0
    growth = np.array([_growth(lam * max(i, 1)) for i in range(m)])
    r = returns * growth
    keep = 1.0 - de / 100.0
    outputs: list[Array] = []
    parts: list[Any] = []
    family_signals = []
    family_equities = []
    for t, family in enumerate(FAMILIES):
        averages = np.array(
            [
                _average(family, source, length, ema_seed, lsma_at)[cutout:]
                for length in _lengths(lengths[t], robustness)
            ]
        ).reshape(9, m)
        signals = _persistent_signals(p, averages)
        equities = _equities(signals, r, np.ones(9), keep)
        nominator = np.zeros(m)
        denominator = np.zeros(m)
        for k in range(9):
            nominator = nominator + signals[k] * equities[k]
            denominator = denominator + equities[k]
        q = nominator / denominator
        q = np.where(np.isfinite(q), q, np.nan)
        layer1 = np.rint(q * 100.0) / 100.0
        layer2 = _equities(layer1[None, :], r, np.array([weights[t]]), keep)[0]
        family_signals.append(layer1)
        family_equities.append(layer2)
        outputs += [layer1, layer2]
        parts += [averages, signals.astype(np.int8), equities]
    nominator = np.zeros(m)
    denominator = np.zeros(m)
    for layer1, layer2 in zip(family_signals, family_equities):
        vote = np.where(layer1 > long_threshold, 1.0, np.where(layer1 < short_threshold, -1.0, 0.0))
        nominator = nominator + vote * layer2
        denominator = denominator + layer2
    with np.errstate(invalid="ignore", divide="ignore"):
        average = nominator / denominator
    average = np.where(np.isfinite(average), average, 0.0)
    if strategy_mode:
        average = np.concatenate([[0.0], average[:-1]])
    outputs.append(average)
    return outputs, (parts if components else None)


def atc_scan(
    series: list[Array],
    lengths: tuple[int, ...],
    weights: tuple[float, ...],
    robustness: str,
    la: float,
    de: float,
    cutout: int,
    long_threshold: float,
    short_threshold: float,
    strategy_mode: bool,
    full: bool = False,
    ema_seed: str = "sma",
    lsma_at: str = "penultimate",
) -> Any:
    """:func:`atc_signals` of each series: the 13 outputs each, or the last Average_Signal."""
    outs = [
        atc_signals(
            p, None, lengths, weights, robustness, la, de, cutout, long_threshold,
            short_threshold, strategy_mode, False, ema_seed, lsma_at,
        )[0]
        for p in series
    ]  # fmt: skip
    if full:
        return outs
    return np.array([out[-1][-1] for out in outs], dtype=np.float64)


class AtcStream:
    """The pipeline fed one bar at a time, by definition: the batch pipeline on the prefix.

    O(n) per update (it recomputes everything), which is the plainest statement of what the
    native stream must equal.
    """

    def __init__(
        self,
        lengths: tuple[int, ...],
        weights: tuple[float, ...],
        robustness: str,
        la: float,
        de: float,
        long_threshold: float,
        short_threshold: float,
        strategy_mode: bool,
        ema_seed: str = "sma",
        lsma_at: str = "penultimate",
    ) -> None:
        self._args = (lengths, weights, robustness, la, de, 0, long_threshold, short_threshold,
                      strategy_mode, False, ema_seed, lsma_at)  # fmt: skip
        self._prices: list[float] = []
        self._src: list[float] = []

    @property
    def bars(self) -> int:
        """Bars taken so far."""
        return len(self._prices)

    def update(self, price: float, src: float | None = None) -> list[float]:
        """The bar's 13 outputs, in the reference's order."""
        index = len(self._prices)
        if not (math.isfinite(price) and price > 0.0):
            raise InvalidInputError(
                f"prices[{index}] is {rust_float(price)}: prices must be finite and > 0"
            )
        source = price if src is None else src
        if not math.isfinite(source):
            raise InvalidInputError(f"src[{index}] is {rust_float(source)}: src must be finite")
        self._prices.append(price)
        self._src.append(source)
        outputs, _ = atc_signals(
            np.array(self._prices, dtype=np.float64),
            np.array(self._src, dtype=np.float64),
            *self._args,
        )
        return [float(series[-1]) for series in outputs]
