"""Indicators as plain Python loops in TA-Lib's order of operations."""

from __future__ import annotations

import math
from collections import deque
from fractions import Fraction
from typing import Any, Callable, Protocol

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError, InvalidParameterError
from ._checks import check_finite, rust_float

NAN_POLICIES = ("propagate", "skip")
EMA_SEEDS = ("sma", "first")


class _StateMachine(Protocol):
    def update(self, value: float) -> float: ...


def _fused_multiply_add(a: float, b: float, c: float) -> float:
    """``a * b + c`` rounded once, as Rust's ``f64::mul_add`` and the C ``fma`` that TA-Lib's build
    contracts ``x * y + z`` into (``math.fma`` needs Python 3.13). Exact rational arithmetic, then
    one correctly rounded int division; NaN goes in, NaN comes out."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    return float(Fraction(a) * Fraction(b) + Fraction(c))


class _Sma:
    """The streaming SMA of the Rust crate, line for line (see ``Sma`` in sma.rs)."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.window: deque[float] = deque()
        self.total = 0.0
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        self.started = True
        self.total += value  # under "propagate" a NaN stays in the sum for good, as in TA-Lib
        if len(self.window) + 1 < self.period:
            self.window.append(value)
            return math.nan
        average = self.total / self.period
        self.window.append(value)
        self.total -= self.window.popleft()
        return average


class _Ema:
    """The streaming EMA of the Rust crate, line for line (see ``Ema`` in ema.rs)."""

    def __init__(self, period: int, seed: str, nan_policy: str) -> None:
        self.period = period
        self.seed = seed
        self.skip = nan_policy == "skip"
        span = float(period)
        if seed == "sma":
            self.alpha = 2.0 / (span + 1.0)  # TA-Lib's PER_TO_K
            self.decay = 0.0
        else:
            self.alpha = 1.0 / (1.0 + (span - 1.0) / 2.0)  # pandas: 1 / (1 + com)
            self.decay = 1.0 - self.alpha
        self.divisor = self.decay + self.alpha
        self.count = 0
        self.ema = 0.0

    def update(self, value: float) -> float:
        if math.isnan(value) and (self.count == 0 or self.skip):
            return math.nan
        if self.seed == "sma":
            if self.period == 1:
                self.count = 1
                return value  # TA-Lib copies the input for period 1
            if self.count < self.period:
                self.ema += value
                self.count += 1
                if self.count < self.period:
                    return math.nan
                self.ema /= self.period
            else:
                self.ema = _fused_multiply_add(value - self.ema, self.alpha, self.ema)
            return self.ema
        if self.count == 0:
            self.count = 1
            self.ema = value
        elif self.ema != value:  # pandas skips the no-op update
            self.ema = (self.decay * self.ema + self.alpha * value) / self.divisor
        return self.ema


class _Wma:
    """The streaming WMA of the Rust crate, line for line (see ``Wma`` in wma.rs)."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.divider = float(period) * (float(period) + 1.0) * 0.5
        self.window: deque[float] = deque()
        self.plain_sum = 0.0
        self.weighted_sum = 0.0
        self.trailing = 0.0
        self.until_resum = 8 * period  # TA-Lib re-sums the window every 8 * period outputs
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        self.started = True
        if self.period == 1:
            return value  # TA-Lib copies the input for period 1
        taken = len(self.window)
        if taken + 1 < self.period:
            self.plain_sum += value
            self.weighted_sum += value * float(taken + 1)
            self.window.append(value)
            return math.nan
        self.until_resum -= 1
        if self.until_resum == 0:
            self.until_resum = 8 * self.period
            plain = weighted = 0.0
            for index, v in enumerate([*self.window, value]):
                plain += v
                weighted += float(index + 1) * v
            self.plain_sum = plain
        else:
            self.plain_sum += value
            self.plain_sum -= self.trailing
            weighted = value * float(self.period) + self.weighted_sum
        self.weighted_sum = weighted - self.plain_sum
        self.window.append(value)
        self.trailing = self.window.popleft()
        return weighted / self.divider


class _Rsi:
    """The streaming RSI of the Rust crate, line for line (see ``Rsi`` in rsi.rs)."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.previous = math.nan
        self.reciprocal = 1.0 / float(period)  # TA-Lib multiplies by it rather than divide
        self.changes = 0
        self.gain = 0.0
        self.loss = 0.0
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        if not self.started:
            self.started = True
            self.previous = value
            return math.nan
        change = value - self.previous
        self.previous = value
        gain = change if change > 0.0 else 0.0  # TA-Lib's split: NaN is no gain and a NaN loss
        loss = gain - change
        if self.changes < self.period:
            self.gain += gain
            self.loss += loss
            self.changes += 1
            if self.changes < self.period:
                return math.nan
        else:
            older = float(self.period - 1)
            self.gain = self.gain * older + gain
            self.loss = self.loss * older + loss
        self.gain *= self.reciprocal
        self.loss *= self.reciprocal
        total = self.gain + self.loss
        return self.gain / total * 100.0 if total > 0.0 else 0.0


def _check_policy(nan_policy: str) -> None:
    if nan_policy not in NAN_POLICIES:
        raise InvalidParameterError(f'nan_policy must be "propagate" or "skip", got "{nan_policy}"')


def _check_seed(seed: str) -> None:
    if seed not in EMA_SEEDS:
        raise InvalidParameterError(f'seed must be "sma" or "first", got "{seed}"')


def _check_period(period: int, minimum: int) -> None:
    if period < minimum:
        raise InvalidParameterError(f"period must be >= {minimum}, got {period}")


def _run(
    new_state: Callable[[], _StateMachine], values: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """A fresh state machine over a 1-D series, or over each column of a 2-D matrix."""
    check_finite(values, "values")
    if values.ndim == 1:
        state = new_state()
        return np.array([state.update(float(v)) for v in values], dtype=np.float64)
    out = np.empty_like(values)
    for column in range(values.shape[1]):
        state = new_state()
        out[:, column] = [state.update(float(v)) for v in values[:, column]]
    return out


def sma(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's SMA of a 1-D series."""
    _check_policy(nan_policy)
    return _run(lambda: _Sma(period, nan_policy), values)


def sma_2d(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's SMA of each column of a (time x assets) matrix."""
    return sma(values, period, nan_policy)


def ema(
    values: npt.NDArray[np.float64], period: int, seed: str = "sma", nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's EMA (seed "sma") or pandas' ewm(adjust=False) (seed "first") of a 1-D series."""
    _check_seed(seed)
    _check_policy(nan_policy)
    _check_period(period, 1)
    return _run(lambda: _Ema(period, seed, nan_policy), values)


def ema_2d(
    values: npt.NDArray[np.float64], period: int, seed: str = "sma", nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """EMA of each column of a (time x assets) matrix."""
    return ema(values, period, seed, nan_policy)


def wma(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's WMA of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 1)
    return _run(lambda: _Wma(period, nan_policy), values)


def wma_2d(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """WMA of each column of a (time x assets) matrix."""
    return wma(values, period, nan_policy)


def rsi(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's RSI of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 2)
    return _run(lambda: _Rsi(period, nan_policy), values)


def rsi_2d(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """RSI of each column of a (time x assets) matrix."""
    return rsi(values, period, nan_policy)


# --- Adaptive Trend Classification (ATC) kernels ------------------------------------------------


def _check_length(length: int) -> None:
    if length < 1:
        raise InvalidParameterError(f"length must be >= 1, got {length}")


def _check_finite_parameter(name: str, value: float) -> None:
    if not math.isfinite(value):
        raise InvalidParameterError(f"{name} must be finite, got {rust_float(value)}")


def _two_sum(a: float, b: float) -> tuple[float, float]:
    """``a + b`` and its exact rounding error (Knuth's TwoSum), as ``two_sum`` in atc.rs."""
    total = a + b
    b_virtual = total - a
    return total, (a - (total - b_virtual)) + (b - b_virtual)


def _window_noise(p: list[float], end: int, length: int) -> tuple[float, float, int]:
    """The compensated noise of the window ending at ``end``, summed from scratch (atc.rs)."""
    total, compensation, nans = 0.0, 0.0, 0
    for j in range(end + 1 - length, end + 1):
        move = abs(p[j] - p[j - 1])
        if math.isnan(move):
            nans += 1
        else:
            total, error = _two_sum(total, move)
            compensation += error
    return total, compensation, nans


def _atc_kama_series(p: list[float], length: int, fast: float, slow: float) -> list[float]:
    """The ATC KAMA loop of atc.rs (``kama_into``), line for line."""
    n = len(p)
    out = [math.nan] * n
    if n == 0:
        return out
    kama = p[0]
    for i in range(min(length, n)):
        out[i] = kama
    if n <= length:
        return out
    span = fast - slow
    resum_every = max(4 * length, 1024)
    total, compensation, nans = _window_noise(p, length, length)
    for i in range(length, n):
        if i > length:
            if (i - length) % resum_every == 0:
                total, compensation, nans = _window_noise(p, i, length)
            else:
                incoming = abs(p[i] - p[i - 1])
                outgoing = abs(p[i - length] - p[i - length - 1])
                nans += int(math.isnan(incoming)) - int(math.isnan(outgoing))
                incoming = 0.0 if math.isnan(incoming) else incoming
                outgoing = 0.0 if math.isnan(outgoing) else outgoing
                delta, e1 = _two_sum(incoming, -outgoing)
                total, e2 = _two_sum(total, delta)
                compensation += e1 + e2
        noise = math.nan if nans > 0 else total + compensation
        signal = abs(p[i] - p[i - length])
        ratio = 0.0 if noise == 0.0 else signal / noise
        smoothing = ratio * span + slow
        sc = smoothing * smoothing
        previous = p[i] if math.isnan(kama) else kama
        kama = previous + sc * (p[i] - previous)
        out[i] = kama
    return out


def atc_kama(
    prices: npt.NDArray[np.float64], length: int = 28, fast: float = 0.666, slow: float = 0.064
) -> npt.NDArray[np.float64]:
    """The ATC KAMA of a 1-D series."""
    _check_length(length)
    _check_finite_parameter("fast", fast)
    _check_finite_parameter("slow", slow)
    check_finite(prices, "prices")
    if prices.ndim == 1:
        return np.array(_atc_kama_series(prices.tolist(), length, fast, slow), dtype=np.float64)
    out = np.empty_like(prices)
    for column in range(prices.shape[1]):
        out[:, column] = _atc_kama_series(prices[:, column].tolist(), length, fast, slow)
    return out


def atc_kama_2d(
    prices: npt.NDArray[np.float64], length: int = 28, fast: float = 0.666, slow: float = 0.064
) -> npt.NDArray[np.float64]:
    """The ATC KAMA of each column of a (time x assets) matrix."""
    return atc_kama(prices, length, fast, slow)


def _check_equity_parameters(starting_equity: float, decay: float, floor: float) -> None:
    _check_finite_parameter("starting_equity", starting_equity)
    _check_finite_parameter("floor", floor)
    if not 0.0 <= decay <= 1.0:
        raise InvalidParameterError(f"decay must be within [0, 1], got {rust_float(decay)}")


def _equity_series(
    returns: list[float],
    signal: list[float],
    starting_equity: float,
    decay: float,
    cutout: int,
    floor: float,
) -> list[float]:
    """One curve, as ``equity_into`` in atc.rs."""
    out = [math.nan] * len(returns)
    if cutout >= len(returns):
        return out
    keep = 1.0 - decay
    equity = starting_equity
    if equity < floor:
        equity = floor
    out[cutout] = equity
    for i in range(cutout + 1, len(returns)):
        s, r = signal[i], returns[i]
        a = r if s > 0.0 else -r if s < 0.0 else 0.0  # a NaN signal takes neither branch
        if math.isnan(a):
            a = 0.0
        equity = (equity * keep) * (1.0 + a)
        if equity < floor:
            equity = floor
        out[i] = equity
    return out


def equity_curve(
    returns: npt.NDArray[np.float64],
    prev_signal: npt.NDArray[np.float64],
    starting_equity: float = 1.0,
    decay: float = 0.0,
    cutout: int = 0,
    floor: float = 0.25,
) -> npt.NDArray[np.float64]:
    """The ATC equity curve of one signal (1-D) or of each row of a (signals x bars) matrix."""
    if prev_signal.ndim == 1 and prev_signal.shape[0] != returns.shape[0]:
        raise InvalidInputError(
            "returns and prev_signal must have the same length, got "
            f"{returns.shape[0]} and {prev_signal.shape[0]}"
        )
    _check_equity_parameters(starting_equity, decay, floor)
    if prev_signal.ndim == 2 and prev_signal.shape[1] != returns.shape[0]:
        rows, cols = prev_signal.shape[0], returns.shape[0]
        raise InvalidInputError(
            f"prev_signal holds {prev_signal.size} values, not {rows} rows x {cols} columns"
        )
    check_finite(returns, "returns")
    check_finite(prev_signal, "prev_signal")
    ret = returns.tolist()
    if prev_signal.ndim == 1:
        curve = _equity_series(ret, prev_signal.tolist(), starting_equity, decay, cutout, floor)
        return np.array(curve, dtype=np.float64)
    out = np.empty_like(prev_signal)
    for row in range(prev_signal.shape[0]):
        out[row] = _equity_series(
            ret, prev_signal[row].tolist(), starting_equity, decay, cutout, floor
        )
    return out


def equity_curve_2d(
    returns: npt.NDArray[np.float64],
    prev_signal: npt.NDArray[np.float64],
    starting_equity: float = 1.0,
    decay: float = 0.0,
    cutout: int = 0,
    floor: float = 0.25,
) -> npt.NDArray[np.float64]:
    """The ATC equity curves of each row of a (signals x bars) matrix."""
    return equity_curve(returns, prev_signal, starting_equity, decay, cutout, floor)


# --- Signals (int8) -------------------------------------------------------------------------------


def _check_pair(
    a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], names: tuple[str, str]
) -> None:
    if a.size != b.size:
        raise InvalidInputError(
            f"{names[0]} and {names[1]} must have the same length, got {a.size} and {b.size}"
        )
    check_finite(a, names[0])
    check_finite(b, names[1])


def _crossings(
    a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], up: bool
) -> npt.NDArray[np.int8]:
    """TradingView's crossover (``up``) or crossunder along axis 0; NaN compares false."""
    out = np.zeros(a.shape, dtype=np.int8)
    if up:
        out[1:] = (a[1:] > b[1:]) & (a[:-1] <= b[:-1])
    else:
        out[1:] = (a[1:] < b[1:]) & (a[:-1] >= b[:-1])
    return out


def crossover(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
    """1 where ``a`` crosses above ``b`` (1-D, or per column of 2-D)."""
    _check_pair(a, b, ("a", "b"))
    return _crossings(a, b, up=True)


crossover_2d = crossover


def crossunder(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
    """1 where ``a`` crosses below ``b`` (1-D, or per column of 2-D)."""
    _check_pair(a, b, ("a", "b"))
    return _crossings(a, b, up=False)


crossunder_2d = crossunder


def signal_persistence(
    up: npt.NDArray[np.bool_], down: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int8]:
    """1 after up, -1 after down, else the previous value (0 at first); up wins a tie."""
    if up.size != down.size:
        raise InvalidInputError(
            f"up and down must have the same length, got {up.size} and {down.size}"
        )
    out = np.zeros(up.shape, dtype=np.int8)
    state = np.zeros(up.shape[1:], dtype=np.int8)
    for i in range(up.shape[0]):
        state = np.where(up[i], np.int8(1), np.where(down[i], np.int8(-1), state))
        out[i] = state
    return out


signal_persistence_2d = signal_persistence


def ma_signal(price: npt.NDArray[np.float64], ma: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
    """The persistence of price's crossovers and crossunders of its moving average."""
    _check_pair(price, ma, ("price", "ma"))
    up = _crossings(price, ma, up=True).astype(np.bool_)
    down = _crossings(price, ma, up=False).astype(np.bool_)
    return signal_persistence(up, down)


ma_signal_2d = ma_signal


# --- Indicators of several inputs per bar ---------------------------------------------------------


class _TrueRange:
    """``TrueRange`` of bars.rs, line for line."""

    def __init__(self, nan_policy: str) -> None:
        self.skip = nan_policy == "skip"
        self.started = False
        self.prev_close = math.nan

    def update(self, high: float, low: float, close: float) -> float:
        if (math.isnan(high) or math.isnan(low) or math.isnan(close)) and (
            not self.started or self.skip
        ):
            return math.nan
        out = math.nan
        if self.started:
            out = high - low  # TA-Lib's order: high - low, then each distance if greater
            to_high = abs(self.prev_close - high)
            if to_high > out:
                out = to_high
            to_low = abs(self.prev_close - low)
            if to_low > out:
                out = to_low
        self.started = True
        self.prev_close = close
        return out


class _Atr:
    """``Atr`` of bars.rs, line for line."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.true_range = _TrueRange(nan_policy)
        self.count = 0
        self.atr = 0.0

    def update(self, high: float, low: float, close: float) -> float:
        was_started = self.true_range.started
        tr = self.true_range.update(high, low, close)
        if not was_started or (math.isnan(tr) and self.skip):
            return math.nan
        if self.count < self.period:
            self.atr += tr
            self.count += 1
            if self.count < self.period:
                return math.nan
            self.atr /= self.period
        else:
            self.atr *= self.period - 1
            self.atr += tr
            self.atr /= self.period
        return self.atr


class _Natr:
    """``Natr`` of bars.rs, line for line."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.atr = _Atr(period, nan_policy)

    def update(self, high: float, low: float, close: float) -> float:
        atr = self.atr.update(high, low, close)
        if self.atr.period == 1 or math.isnan(atr):
            return atr
        if -1e-14 < close < 1e-14:
            return 0.0
        return atr / close * 100.0


class _Cci:
    """``Cci`` of bars.rs, line for line (sums in the circular buffer's slot order)."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.started = False
        self.buffer: list[float] = []
        self.slot = 0
        self.count = 0

    def update(self, high: float, low: float, close: float) -> float:
        if (math.isnan(high) or math.isnan(low) or math.isnan(close)) and (
            not self.started or self.skip
        ):
            return math.nan
        self.started = True
        typical = (high + low + close) / 3.0
        if len(self.buffer) < self.period:
            self.buffer.append(typical)
        else:
            self.buffer[self.slot] = typical
        self.slot = (self.slot + 1) % self.period
        self.count = min(self.count + 1, self.period)
        if self.count < self.period:
            return math.nan
        average = 0.0
        for v in self.buffer:
            average += v
        average /= self.period
        deviation = 0.0
        for v in self.buffer:
            deviation += abs(v - average)
        distance = typical - average
        mean_deviation = deviation / self.period
        negligible = 1e-14 * abs(average)  # TA-Lib 0.8's relative zero test
        if abs(distance) < negligible or mean_deviation < negligible or deviation == 0.0:
            return 0.0
        return distance / (0.015 * mean_deviation)


class _Obv:
    """``Obv`` of bars.rs, line for line."""

    def __init__(self, nan_policy: str) -> None:
        self.skip = nan_policy == "skip"
        self.started = False
        self.prev_close = math.nan
        self.obv = 0.0

    def update(self, close: float, volume: float) -> float:
        if (math.isnan(close) or math.isnan(volume)) and (not self.started or self.skip):
            return math.nan
        if not self.started:
            self.started = True
            self.obv = volume
        elif close > self.prev_close:
            self.obv += volume
        elif close < self.prev_close:
            self.obv -= volume
        self.prev_close = close
        return self.obv


def _run_bars(
    new_state: Callable[[], Any], inputs: list[tuple[str, npt.NDArray[np.float64]]]
) -> npt.NDArray[np.float64]:
    """A fresh state machine over the bars of 1-D series, or per column of 2-D matrices."""
    first = inputs[0][1]
    rows, cols = (first.shape[0], 1) if first.ndim == 1 else first.shape
    for name, values in inputs:
        if values.size != first.size:
            raise InvalidInputError(
                f"{name} holds {values.size} values, not {rows} rows x {cols} columns"
            )
    for name, values in inputs:
        check_finite(values, name)
    columns = [values.reshape(rows, cols) for _, values in inputs]
    out = np.empty((rows, cols), dtype=np.float64)
    for column in range(out.shape[1]):
        state = new_state()
        series = [c[:, column].tolist() for c in columns]
        out[:, column] = [state.update(*bar) for bar in zip(*series)]
    return out.reshape(first.shape)


def trange(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's TRANGE (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    inputs = [("high", high), ("low", low), ("close", close)]
    return _run_bars(lambda: _TrueRange(nan_policy), inputs)


trange_2d = trange


def atr(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's ATR (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    _check_period(period, 1)
    inputs = [("high", high), ("low", low), ("close", close)]
    return _run_bars(lambda: _Atr(period, nan_policy), inputs)


atr_2d = atr


def natr(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's NATR (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    _check_period(period, 1)
    inputs = [("high", high), ("low", low), ("close", close)]
    return _run_bars(lambda: _Natr(period, nan_policy), inputs)


natr_2d = natr


def obv(
    close: npt.NDArray[np.float64], volume: npt.NDArray[np.float64], nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's OBV (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    out = _run_bars(lambda: _Obv(nan_policy), [("close", close), ("volume", volume)])
    if nan_policy == "propagate" and close.shape[0] > 0:
        # TA-Lib's Python wrapper starts a series with no complete bar at its last bar.
        complete = (~np.isnan(close) & ~np.isnan(volume)).any(axis=0)
        out[-1] = np.where(complete, out[-1], volume[-1])
    return out


obv_2d = obv


def cci(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's CCI (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    _check_period(period, 2)
    inputs = [("high", high), ("low", low), ("close", close)]
    return _run_bars(lambda: _Cci(period, nan_policy), inputs)


cci_2d = cci


# --- issue 6: single-input indicators ------------------------------------------------------------


class _LinesStateMachine(Protocol):
    def update(self, value: float) -> tuple[float, float, float]: ...


def _run_lines(
    new_state: Callable[[], _LinesStateMachine], values: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """A fresh three-output state machine over a 1-D series, or over each column of a matrix."""
    check_finite(values, "values")
    lines = (np.empty_like(values), np.empty_like(values), np.empty_like(values))
    columns = [values] if values.ndim == 1 else [values[:, c] for c in range(values.shape[1])]
    for column, series in enumerate(columns):
        state = new_state()
        outputs = [state.update(float(v)) for v in series]
        for line, values_of_line in zip(lines, zip(*outputs) if outputs else ((), (), ())):
            if values.ndim == 1:
                line[:] = values_of_line
            else:
                line[:, column] = values_of_line
    return lines


def _check_periods(**periods: tuple[int, int]) -> None:
    """Each ``name=(value, minimum)``, in order, as the Rust kernels check them."""
    for name, (value, minimum) in periods.items():
        if value < minimum:
            raise InvalidParameterError(f"{name} must be >= {minimum}, got {value}")


class _Macd:
    """The streaming MACD of the Rust crate, line for line (see ``Macd`` in macd.rs)."""

    def __init__(self, fast: int, slow: int, signal: int, nan_policy: str) -> None:
        self.fast, self.slow = min(fast, slow), max(fast, slow)  # TA-Lib swaps them
        self.signal = signal
        self.skip = nan_policy == "skip"
        self.fast_k = 2.0 / (float(self.fast) + 1.0)
        self.slow_k = 2.0 / (float(self.slow) + 1.0)
        self.signal_k = 2.0 / (float(signal) + 1.0)
        self.count = 0
        self.signal_count = 0
        self.fast_ema = 0.0
        self.slow_ema = 0.0
        self.signal_ema = 0.0

    def update(self, value: float) -> tuple[float, float, float]:
        warm = (math.nan, math.nan, math.nan)
        if math.isnan(value) and (self.count == 0 or self.skip):
            return warm
        if self.count < self.slow:
            self.count += 1
            if self.count > self.slow - self.fast:  # the fast seed: the last `fast` values
                self.fast_ema += value
            self.slow_ema += value
            if self.count < self.slow:
                return warm
            self.fast_ema /= self.fast
            self.slow_ema /= self.slow
        else:
            self.fast_ema = _fused_multiply_add(value - self.fast_ema, self.fast_k, self.fast_ema)
            self.slow_ema = _fused_multiply_add(value - self.slow_ema, self.slow_k, self.slow_ema)
        macd = self.fast_ema - self.slow_ema
        if self.signal_count < self.signal:
            self.signal_count += 1
            self.signal_ema += macd
            if self.signal_count < self.signal:
                return warm
            self.signal_ema /= self.signal
        elif self.signal == 1:
            self.signal_ema = macd  # TA-Lib 0.8 copies a 1-period average
        else:
            self.signal_ema = _fused_multiply_add(
                macd - self.signal_ema, self.signal_k, self.signal_ema
            )
        return macd, self.signal_ema, macd - self.signal_ema


def macd(
    values: npt.NDArray[np.float64],
    fast: int = 12,
    slow: int = 26,
    signal: int = 9,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """TA-Lib's MACD of a 1-D series: (macd, signal, hist)."""
    _check_policy(nan_policy)
    _check_periods(fast=(fast, 2), slow=(slow, 2), signal=(signal, 1))
    return _run_lines(lambda: _Macd(fast, slow, signal, nan_policy), values)


def macd_2d(
    values: npt.NDArray[np.float64],
    fast: int = 12,
    slow: int = 26,
    signal: int = 9,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """MACD of each column of a (time x assets) matrix."""
    return macd(values, fast, slow, signal, nan_policy)


class _Change:
    """The streaming change over a lag of the Rust crate, line for line (see ``Lag`` in
    change.rs): ``measure`` is "difference" (MOM), "percent" (ROC) or "fraction"
    (pct_change)."""

    def __init__(self, period: int, nan_policy: str, measure: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.measure = measure
        self.window: deque[float] = deque()
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        self.started = True
        self.window.append(value)
        if len(self.window) <= self.period:
            return math.nan
        past = self.window.popleft()
        if self.measure == "difference":
            return value - past
        if self.measure == "percent":
            return (value / past - 1.0) * 100.0 if past != 0.0 else 0.0  # TA-Lib's guard
        if past == 0.0:  # IEEE division (as numpy, pandas and Rust do): NaN for 0/0 and NaN/0
            if math.isnan(value) or value == 0.0:
                return math.nan
            return math.copysign(math.inf, value) * math.copysign(1.0, past) - 1.0
        return value / past - 1.0


def _change(
    values: npt.NDArray[np.float64], period: int, nan_policy: str, measure: str
) -> npt.NDArray[np.float64]:
    _check_policy(nan_policy)
    _check_period(period, 1)
    return _run(lambda: _Change(period, nan_policy, measure), values)


def mom(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's MOM of a 1-D series."""
    return _change(values, period, nan_policy, "difference")


def mom_2d(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """MOM of each column of a (time x assets) matrix."""
    return mom(values, period, nan_policy)


def roc(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's ROC of a 1-D series."""
    return _change(values, period, nan_policy, "percent")


def roc_2d(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """ROC of each column of a (time x assets) matrix."""
    return roc(values, period, nan_policy)


def rate_of_change(
    values: npt.NDArray[np.float64], period: int = 1, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """pandas' pct_change(periods=period, fill_method=None) of a 1-D series."""
    return _change(values, period, nan_policy, "fraction")


def rate_of_change_2d(
    values: npt.NDArray[np.float64], period: int = 1, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Fractional change of each column of a (time x assets) matrix."""
    return rate_of_change(values, period, nan_policy)


class _ChainedEma:
    """The streaming DEMA (``depth`` 2) or TEMA (``depth`` 3) of the Rust crate (``Dema`` in
    dema.rs, ``Tema`` in tema.rs): TA-Lib EMAs, each fed the output of the one before."""

    def __init__(self, period: int, nan_policy: str, depth: int) -> None:
        self.emas = [_Ema(period, "sma", nan_policy) for _ in range(depth)]

    def update(self, value: float) -> float:
        e1 = self.emas[0].update(value)
        e2 = self.emas[1].update(e1)
        if len(self.emas) == 2:
            return 2.0 * e1 - e2
        e3 = self.emas[2].update(e2)
        return e3 + (3.0 * e1 - 3.0 * e2)  # TA-Lib's order of operations


def dema(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's DEMA of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 1)
    return _run(lambda: _ChainedEma(period, nan_policy, 2), values)


def dema_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """DEMA of each column of a (time x assets) matrix."""
    return dema(values, period, nan_policy)


def tema(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's TEMA of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 1)
    return _run(lambda: _ChainedEma(period, nan_policy, 3), values)


def tema_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TEMA of each column of a (time x assets) matrix."""
    return tema(values, period, nan_policy)


class _Hma:
    """The streaming Hull average of the Rust crate (``Hma`` in hma.rs): three TA-Lib WMAs."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.half = _Wma(period // 2, nan_policy)
        self.full = _Wma(period, nan_policy)
        self.smooth = _Wma(math.isqrt(period), nan_policy)

    def update(self, value: float) -> float:
        half = self.half.update(value)
        full = self.full.update(value)
        return self.smooth.update(2.0 * half - full)


def hma(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Hull moving average of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 2)
    return _run(lambda: _Hma(period, nan_policy), values)


def hma_2d(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """Hull moving average of each column of a (time x assets) matrix."""
    return hma(values, period, nan_policy)


class _Trima:
    """The streaming TRIMA of the Rust crate, line for line (see ``Trima`` in trima.rs)."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        half = period // 2
        self.odd = period % 2 == 1
        if self.odd:
            self.middle = half + 1
            self.factor = 1.0 / ((float(half) + 1.0) * (float(half) + 1.0))
        else:
            self.middle = half
            self.factor = 1.0 / (float(half) * (float(half) + 1.0))
        self.window: deque[float] = deque()
        self.numerator = 0.0
        self.older = 0.0  # TA-Lib's numeratorSub
        self.newer = 0.0  # TA-Lib's numeratorAdd
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        self.started = True
        if self.period == 1:  # TA-Lib's one-value running sum: a NaN inside stays for good
            self.numerator += value
            out = self.numerator
            self.numerator -= value
            return out
        self.window.append(value)
        size = len(self.window)
        if size < self.period:
            return math.nan
        if size == self.period:
            values = list(self.window)
            for v in reversed(values[: self.middle]):
                self.older += v
                self.numerator += self.older
            for v in values[self.middle :]:
                self.newer += v
                self.numerator += self.newer
            return self.numerator * self.factor
        leaving = self.window.popleft()
        crossing = self.window[self.middle - 1]
        self.numerator -= self.older
        self.older -= leaving
        self.older += crossing
        if self.odd:
            self.numerator += self.newer
            self.newer -= crossing
        else:
            self.newer -= crossing
            self.numerator += self.newer
        self.newer += value
        self.numerator += value
        return self.numerator * self.factor


def trima(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's TRIMA of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 1)
    return _run(lambda: _Trima(period, nan_policy), values)


def trima_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TRIMA of each column of a (time x assets) matrix."""
    return trima(values, period, nan_policy)


class _RollingVariance:
    """TA-Lib 0.8's rolling variance, line for line as ``RollingVariance`` in variance.rs:
    shifted running sums, rebuilt by a two-pass at the window mean when stale."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.inv_period = 1.0 / float(period)
        self.window: deque[float] = deque()
        self.shift = 0.0
        self.total = 0.0
        self.total_squares = 0.0
        self.until_reseed = 32 * period
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        if not self.started:
            self.started = True
            self.shift = value
        deviation = value - self.shift
        self.total += deviation
        self.total_squares += deviation * deviation
        if len(self.window) + 1 < self.period:
            self.window.append(value)
            return math.nan
        mean = self.total * self.inv_period
        variance = self.total_squares * self.inv_period - mean * mean
        trailing = self.window[0] if self.window else value
        deviation = trailing - self.shift
        self.total -= deviation
        squared = deviation * deviation
        self.total_squares -= squared
        self.until_reseed -= 1
        if (
            variance < 0.000001 * (self.total_squares * self.inv_period)
            or squared > 1000000.0 * self.total_squares
            or self.until_reseed <= 0
        ):
            variance = self._reseed(value, trailing)
        self.window.append(value)
        if len(self.window) >= self.period:
            self.window.popleft()
        return variance

    def _reseed(self, value: float, trailing: float) -> float:
        self.until_reseed = 32 * self.period
        values = [*self.window, value]
        total = 0.0
        for v in values:
            total += v
        shift = total * self.inv_period
        plain = squares = 0.0
        for v in values:
            deviation = v - shift
            plain += deviation
            squares += deviation * deviation
        mean = plain * self.inv_period
        variance = squares * self.inv_period - mean * mean
        if variance < 0.000000000001 * (squares * self.inv_period):
            variance = 0.0
        deviation = trailing - shift
        self.shift = shift
        self.total = plain - deviation
        self.total_squares = squares - deviation * deviation
        return variance


def _check_finite_multiplier(name: str, value: float) -> None:
    if not math.isfinite(value):
        shown = "NaN" if math.isnan(value) else str(value)  # as Rust formats it
        raise InvalidParameterError(f"{name} must be a finite number, got {shown}")


class _Stddev:
    """The streaming STDDEV of the Rust crate (``Stddev`` in stddev.rs)."""

    def __init__(self, period: int, nbdev: float, nan_policy: str) -> None:
        self.variance = _RollingVariance(period, nan_policy)
        self.nbdev = nbdev

    def update(self, value: float) -> float:
        variance = self.variance.update(value)
        return math.sqrt(variance) * self.nbdev if not math.isnan(variance) else math.nan


def stddev(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev: float = 1.0,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's STDDEV of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 2)
    _check_finite_multiplier("nbdev", nbdev)
    return _run(lambda: _Stddev(period, nbdev, nan_policy), values)


def stddev_2d(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev: float = 1.0,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """STDDEV of each column of a (time x assets) matrix."""
    return stddev(values, period, nbdev, nan_policy)


class _Bbands:
    """The streaming BBANDS of the Rust crate (``Bbands`` in bbands.rs)."""

    def __init__(self, period: int, nbdev_up: float, nbdev_dn: float, nan_policy: str) -> None:
        self.middle = _Sma(period, nan_policy)
        self.variance = _RollingVariance(period, nan_policy)
        self.nbdev_up = nbdev_up
        self.nbdev_dn = nbdev_dn

    def update(self, value: float) -> tuple[float, float, float]:
        middle = self.middle.update(value)
        variance = self.variance.update(value)
        deviation = math.sqrt(variance) if not math.isnan(variance) else math.nan
        if self.nbdev_up == self.nbdev_dn:
            width = deviation * self.nbdev_up
            return middle + width, middle, middle - width
        upper = _fused_multiply_add(deviation, self.nbdev_up, middle)  # TA-Lib's FMA build
        return upper, middle, middle - deviation * self.nbdev_dn


def bbands(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev_up: float = 2.0,
    nbdev_dn: float = 2.0,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """TA-Lib's BBANDS (SMA middle) of a 1-D series: (upper, middle, lower)."""
    _check_policy(nan_policy)
    _check_period(period, 2)
    _check_finite_multiplier("nbdev_up", nbdev_up)
    _check_finite_multiplier("nbdev_dn", nbdev_dn)
    return _run_lines(lambda: _Bbands(period, nbdev_up, nbdev_dn, nan_policy), values)


def bbands_2d(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev_up: float = 2.0,
    nbdev_dn: float = 2.0,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """BBANDS of each column of a (time x assets) matrix."""
    return bbands(values, period, nbdev_up, nbdev_dn, nan_policy)


_KAMA_FASTEST = 2.0 / (2.0 + 1.0)  # TA-Lib's fastest and slowest smoothing constants
_KAMA_SLOWEST = 2.0 / (30.0 + 1.0)


class _Kama:
    """The streaming KAMA of the Rust crate, line for line (see ``Kama`` in kama.rs)."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.window: deque[float] = deque()
        self.noise = 0.0
        self.flat_run = 0
        self.kama = 0.0
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        self.started = True
        if self.period == 1:
            return value  # TA-Lib copies the input for period 1
        change = abs(self.window[-1] - value) if self.window else None
        self.window.append(value)
        size = len(self.window)
        if size > self.period + 1:
            leaving = self.window.popleft()
            self.noise -= abs(leaving - self.window[0])
        if change is not None:
            self.noise += change
            self.flat_run = self.flat_run + 1 if change == 0.0 else 0
            if self.flat_run >= self.period:  # TA-Lib 0.8's flat-run purge
                self.noise = 0.0
        if size <= self.period:
            return math.nan
        if size == self.period + 1:
            self.kama = self.window[-2]
        direction = value - self.window[0]
        if self.noise <= direction:
            ratio = 1.0
        else:
            # noise is 0 here only with a falling direction: IEEE gives inf, capped below
            ratio = abs(direction / self.noise) if self.noise != 0.0 else math.inf
            if ratio > 1.0:  # TA-Lib 0.8 caps the ratio (a NaN stays NaN)
                ratio = 1.0
        sc = _fused_multiply_add(ratio, _KAMA_FASTEST - _KAMA_SLOWEST, _KAMA_SLOWEST)
        self.kama = _fused_multiply_add(value - self.kama, sc * sc, self.kama)
        return self.kama


def kama(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's KAMA of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 1)
    return _run(lambda: _Kama(period, nan_policy), values)


def kama_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """KAMA of each column of a (time x assets) matrix."""
    return kama(values, period, nan_policy)


class _Midpoint:
    """The streaming MIDPOINT of the Rust crate, line for line (see ``Midpoint`` in
    midpoint.rs): TA-Lib 0.8's van Herk / Gil-Werman block scan, one value at a time."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.block: list[float] = []
        self.suffix_high: list[float] = []
        self.suffix_low: list[float] = []
        self.prefix_high = math.nan
        self.prefix_low = math.nan
        self.started = False

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        self.started = True
        if not self.block:
            self.prefix_high = self.prefix_low = value
        else:
            if value > self.prefix_high:
                self.prefix_high = value
            if value < self.prefix_low:
                self.prefix_low = value
        self.block.append(value)
        filled = len(self.block)
        if filled == self.period:
            self._close_block()
            return (self.suffix_high[0] + self.suffix_low[0]) / 2.0
        if not self.suffix_high:
            return math.nan
        highest = self.suffix_high[filled]
        if self.prefix_high > highest:
            highest = self.prefix_high
        lowest = self.suffix_low[filled]
        if self.prefix_low < lowest:
            lowest = self.prefix_low
        return (highest + lowest) / 2.0

    def _close_block(self) -> None:
        last = self.period - 1
        highest = lowest = self.block[last]
        self.suffix_high = [math.nan] * self.period
        self.suffix_low = [math.nan] * self.period
        self.suffix_high[last] = highest
        self.suffix_low[last] = lowest
        for i in range(last - 1, -1, -1):
            v = self.block[i]
            if v > highest:
                highest = v
            if v < lowest:
                lowest = v
            self.suffix_high[i] = highest
            self.suffix_low[i] = lowest
        self.block = []


def midpoint(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's MIDPOINT of a 1-D series."""
    _check_policy(nan_policy)
    _check_period(period, 2)
    return _run(lambda: _Midpoint(period, nan_policy), values)


def midpoint_2d(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """MIDPOINT of each column of a (time x assets) matrix."""
    return midpoint(values, period, nan_policy)
