"""The pure-Python WILLR, STOCH, ADX and LINEARREG: the state machines of oscillators.rs and
lsma.rs, line for line, so both backends give the same bits."""

from __future__ import annotations

import math
from collections import deque
from typing import Any, Callable

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError, InvalidParameterError
from ._checks import check_finite
from .indicators import _Ema, _Sma

# TA-Lib 0.8's scale-aware zero test: |v| <= TA_EPSILON * scale.
_EPSILON = 1e-14
_MATYPES = {0: "SMA", 1: "EMA"}


def _check_policy(nan_policy: str) -> None:
    if nan_policy not in ("propagate", "skip"):
        raise InvalidParameterError(f'nan_policy must be "propagate" or "skip", got "{nan_policy}"')


def _check_length(name: str, value: int, minimum: int) -> None:
    if value < minimum:
        raise InvalidParameterError(f"{name} must be >= {minimum}, got {value}")


def _skipped(bar: tuple[float, ...], started: bool, skip: bool) -> bool:
    """A bar with a NaN before the first complete bar, or any such bar under "skip"."""
    return any(math.isnan(v) for v in bar) and (not started or skip)


class _BlockScan:
    """``BlockScan`` of oscillators.rs: TA-Lib 0.8's van Herk / Gil-Werman rolling extremum."""

    def __init__(self, period: int, highest: bool) -> None:
        self.period = period
        self.highest = highest
        self.block: list[float] = []
        self.suffix: list[float] = []
        self.prefix = math.nan

    def _better(self, a: float, b: float) -> bool:
        return a > b if self.highest else a < b

    def update(self, value: float) -> float:
        if not self.block or self._better(value, self.prefix):
            self.prefix = value
        self.block.append(value)
        filled = len(self.block)
        if filled == self.period:
            last = self.period - 1
            self.suffix = [math.nan] * self.period
            extremum = self.block[last]
            self.suffix[last] = extremum
            for i in range(last - 1, -1, -1):
                if self._better(self.block[i], extremum):
                    extremum = self.block[i]
                self.suffix[i] = extremum
            self.block = []
            return self.suffix[0]
        if not self.suffix:
            return math.nan
        extremum = self.suffix[filled]
        if self._better(self.prefix, extremum):
            extremum = self.prefix
        return extremum


class _Rescan:
    """``Rescan`` of oscillators.rs: TA-Lib's STOCH extremum, kept with its position and
    rescanned from the window's oldest value when it leaves the window."""

    def __init__(self, period: int, highest: bool) -> None:
        self.period = period
        self.highest = highest
        self.window: deque[float] = deque()
        self.seen = 0  # values taken in; the newest is at position seen - 1
        self.extremum = 0.0
        self.position = -1  # of the extremum

    def update(self, value: float) -> float:
        self.window.append(value)
        if len(self.window) > self.period:
            self.window.popleft()
        self.seen += 1
        if self.seen < self.period:
            return math.nan
        oldest = self.seen - self.period
        if self.position < oldest:
            self.position = oldest
            self.extremum = self.window[0]
            for offset in range(1, self.period):
                v = self.window[offset]
                if (v > self.extremum) if self.highest else (v < self.extremum):
                    self.position = oldest + offset
                    self.extremum = v
        elif (value >= self.extremum) if self.highest else (value <= self.extremum):
            self.position = self.seen - 1
            self.extremum = value
        return self.extremum


def _negligible_range(highest: float, lowest: float) -> bool:
    return abs(highest - lowest) <= _EPSILON * (abs(highest) + abs(lowest))


class _Willr:
    """``Willr`` of oscillators.rs, line for line."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.skip = nan_policy == "skip"
        self.started = False
        self.highest = _BlockScan(period, True)
        self.lowest = _BlockScan(period, False)

    def update(self, high: float, low: float, close: float) -> float:
        if _skipped((high, low, close), self.started, self.skip):
            return math.nan
        self.started = True
        highest = self.highest.update(high)
        lowest = self.lowest.update(low)
        if not self.highest.suffix:
            return math.nan  # warm-up
        if _negligible_range(highest, lowest):
            return 0.0
        value = (highest - close) / (highest - lowest) * -100.0
        if value > 0.0:
            return 0.0
        if value < -100.0:
            return -100.0
        return value


class _Copy:
    """TA-Lib's ``TA_MA`` with period 1: the input itself, whatever the type."""

    def update(self, value: float) -> float:
        return value


class _Average:
    """TA-Lib's ``TA_MA`` of type SMA (0) or EMA (1) as STOCH runs it on its own output: the
    crate's state machines, except that a NaN first value enters the sums (the state machines
    would pass over it as a leading NaN) and so makes every later value NaN."""

    def __init__(self, period: int, matype: int, nan_policy: str) -> None:
        self.inner: Any = (
            _Copy()
            if period == 1
            else _Sma(period, nan_policy)
            if matype == 0
            else _Ema(period, "sma", nan_policy)
        )
        self.copy = period == 1
        self.skip = nan_policy == "skip"
        self.fed = False
        self.poisoned = False

    def update(self, value: float) -> float:
        if not self.fed and math.isnan(value) and not self.copy and not self.skip:
            self.poisoned = True
        self.fed = True
        return math.nan if self.poisoned else float(self.inner.update(value))


class _Stoch:
    """``Stoch`` of oscillators.rs, line for line."""

    def __init__(
        self,
        fastk_period: int,
        slowk_period: int,
        slowk_matype: int,
        slowd_period: int,
        slowd_matype: int,
        nan_policy: str,
    ) -> None:
        self.skip = nan_policy == "skip"
        self.started = False
        self.highest = _Rescan(fastk_period, True)
        self.lowest = _Rescan(fastk_period, False)
        self.slowk = _Average(slowk_period, slowk_matype, nan_policy)
        self.slowd = _Average(slowd_period, slowd_matype, nan_policy)
        self.slowk_period = slowk_period
        self.slowd_period = slowd_period
        self.fed = 0

    def update(self, high: float, low: float, close: float) -> tuple[float, float]:
        if _skipped((high, low, close), self.started, self.skip):
            return (math.nan, math.nan)
        self.started = True
        lowest = self.lowest.update(low)
        highest = self.highest.update(high)
        if self.highest.seen < self.highest.period:
            return (math.nan, math.nan)  # warm-up of the fast %K
        if _negligible_range(highest, lowest):
            fastk = 0.0
        else:
            fastk = (close - lowest) / (highest - lowest) * 100.0
        self.fed += 1
        slowk = self.slowk.update(fastk)
        if self.fed < self.slowk_period:
            return (math.nan, math.nan)  # warm-up of the slow %K
        slowd = self.slowd.update(slowk)
        if self.fed < self.slowk_period + self.slowd_period - 1:
            return (math.nan, math.nan)  # warm-up of the slow %D
        return (slowk, slowd)


class _Adx:
    """``Adx`` of oscillators.rs, line for line."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.started = False
        self.bars = 0  # bars after the first
        self.prev_high = self.prev_low = self.prev_close = math.nan
        self.plus_dm = self.minus_dm = self.tr = 0.0
        self.sum_dx = 0.0
        self.adx = math.nan

    def update(self, high: float, low: float, close: float) -> float:
        if _skipped((high, low, close), self.started, self.skip):
            return math.nan
        if not self.started:
            self.started = True
            self.prev_high, self.prev_low, self.prev_close = high, low, close
            return math.nan
        self.bars += 1
        period = float(self.period)
        diff_plus = high - self.prev_high
        diff_minus = self.prev_low - low
        self.prev_high, self.prev_low = high, low
        smoothing = self.bars >= self.period
        if smoothing:
            self.minus_dm -= self.minus_dm / period
            self.plus_dm -= self.plus_dm / period
        if diff_minus > 0 and diff_plus < diff_minus:
            self.minus_dm += diff_minus
        elif diff_plus > 0 and diff_plus > diff_minus:
            self.plus_dm += diff_plus
        true_range = high - low
        to_high = abs(high - self.prev_close)
        if to_high > true_range:
            true_range = to_high
        to_low = abs(low - self.prev_close)
        if to_low > true_range:
            true_range = to_low
        self.prev_close = close
        if not smoothing:
            self.tr += true_range
            return math.nan
        self.tr = self.tr - self.tr / period + true_range
        dx = math.nan
        if not _is_zero(self.tr):
            minus_di = 100.0 * (self.minus_dm / self.tr)
            plus_di = 100.0 * (self.plus_dm / self.tr)
            total = minus_di + plus_di
            if not _is_zero(total):
                dx = 100.0 * (abs(minus_di - plus_di) / total)
        if self.bars < 2 * self.period - 1:
            if not math.isnan(dx):
                self.sum_dx += dx
            return math.nan
        if self.bars == 2 * self.period - 1:
            if not math.isnan(dx):
                self.sum_dx += dx
            self.adx = self.sum_dx / period
            return self.adx
        if not math.isnan(dx):
            self.adx = (self.adx * (period - 1) + dx) / period
        return self.adx


def _is_zero(value: float) -> bool:
    """TA-Lib 0.8's zero test in ADX: exactly 0 (no epsilon band; NaN is not zero)."""
    return value == 0.0


def _run_bars(
    new_state: Callable[[], Any],
    inputs: list[tuple[str, npt.NDArray[np.float64]]],
    lines: int = 1,
) -> Any:
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
    outs = [np.empty((rows, cols), dtype=np.float64) for _ in range(lines)]
    for column in range(cols):
        state = new_state()
        series = [c[:, column].tolist() for c in columns]
        results = [state.update(*bar) for bar in zip(*series)]
        if lines == 1:
            outs[0][:, column] = results
        else:
            for k in range(lines):
                outs[k][:, column] = [r[k] for r in results]
    shaped = [out.reshape(first.shape) for out in outs]
    return shaped[0] if lines == 1 else tuple(shaped)


class _Lsma:
    """``Lsma`` of lsma.rs, line for line."""

    RESUM_EVERY = 1024

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.started = False
        self.poisoned = False
        self.window: list[float] = []
        self.seen = 0
        self.sum_y = 0.0
        self.sum_xy = 0.0
        p = float(period)
        self.sum_x = p * (p - 1.0) * 0.5
        sum_xx = p * (p - 1.0) * (2.0 * p - 1.0) / 6.0
        self.divisor = self.sum_x * self.sum_x - p * sum_xx

    def _resum(self) -> None:
        sum_y = sum_xy = 0.0
        start = self.seen % self.period
        for offset in range(self.period):
            v = self.window[(start + offset) % self.period]
            sum_y += v
            sum_xy += float(self.period - 1 - offset) * v
        self.sum_y, self.sum_xy = sum_y, sum_xy

    def update(self, value: float) -> float:
        if math.isnan(value) and (not self.started or self.skip):
            return math.nan
        self.started = True
        if math.isnan(value):
            self.poisoned = True
        if self.poisoned:
            return math.nan
        p = float(self.period)
        slot = self.seen % self.period
        if len(self.window) < self.period:
            self.sum_xy += self.sum_y
            self.sum_y += value
            self.window.append(value)
        else:
            oldest = self.window[slot]
            self.sum_xy += self.sum_y - p * oldest
            self.sum_y += value - oldest
            self.window[slot] = value
        self.seen += 1
        if self.seen < self.period:
            return math.nan
        if self.seen % self.RESUM_EVERY == 0:
            self._resum()
        slope = (p * self.sum_xy - self.sum_x * self.sum_y) / self.divisor
        intercept = (self.sum_y - slope * self.sum_x) / p
        return intercept + slope * (p - 1.0)


def _hlc(
    high: npt.NDArray[np.float64], low: npt.NDArray[np.float64], close: npt.NDArray[np.float64]
) -> list[tuple[str, npt.NDArray[np.float64]]]:
    return [("high", high), ("low", low), ("close", close)]


def willr(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's WILLR (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    _check_length("period", period, 2)
    return _run_bars(lambda: _Willr(period, nan_policy), _hlc(high, low, close))  # type: ignore[no-any-return]


willr_2d = willr


def adx(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's ADX (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    _check_length("period", period, 2)
    return _run_bars(lambda: _Adx(period, nan_policy), _hlc(high, low, close))  # type: ignore[no-any-return]


adx_2d = adx


def _check_matype(name: str, code: int) -> None:
    if code not in _MATYPES:
        raise InvalidParameterError(f"{name} must be 0 (SMA) or 1 (EMA), got {code}")


def stoch(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    fastk_period: int = 5,
    slowk_period: int = 3,
    slowk_matype: int = 0,
    slowd_period: int = 3,
    slowd_matype: int = 0,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """TA-Lib's STOCH (1-D, or per column of 2-D): (slowk, slowd)."""
    _check_policy(nan_policy)
    _check_matype("slowk_matype", slowk_matype)
    _check_matype("slowd_matype", slowd_matype)
    _check_length("fastk_period", fastk_period, 1)
    _check_length("slowk_period", slowk_period, 1)
    _check_length("slowd_period", slowd_period, 1)
    return _run_bars(  # type: ignore[no-any-return]
        lambda: _Stoch(
            fastk_period, slowk_period, slowk_matype, slowd_period, slowd_matype, nan_policy
        ),
        _hlc(high, low, close),
        lines=2,
    )


stoch_2d = stoch


def lsma(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's LINEARREG (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    _check_length("period", period, 2)
    return _run_bars(lambda: _Lsma(period, nan_policy), [("values", values)])  # type: ignore[no-any-return]


lsma_2d = lsma
