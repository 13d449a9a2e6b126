"""The pure-Python MFI: the state machine of mfi.rs, line for line, so both backends give the
same bits."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .oscillators import _check_length, _check_policy, _run_bars, _skipped

# TA-Lib 0.8's TA_EPSILON, the relative width of the dead zone of a typical price's move.
_EPSILON = 1e-14


class _Mfi:
    """``Mfi`` of mfi.rs, line for line."""

    def __init__(self, period: int, nan_policy: str) -> None:
        self.period = period
        self.skip = nan_policy == "skip"
        self.started = False
        self.previous_typical = math.nan
        self.positive: list[float] = []
        self.negative: list[float] = []
        self.slot = 0
        self.positive_sum = 0.0
        self.negative_sum = 0.0
        self.null_run = 0

    def update(self, high: float, low: float, close: float, volume: float) -> float:
        if _skipped((high, low, close, volume), self.started, self.skip):
            return math.nan
        typical = (high + low + close) / 3.0
        if not self.started:
            self.started = True
            self.previous_typical = typical
            return math.nan
        full = len(self.positive) == self.period
        if full:
            self.positive_sum -= self.positive[self.slot]
            self.negative_sum -= self.negative[self.slot]
        change = typical - self.previous_typical
        scale = abs(typical) + abs(self.previous_typical)
        self.previous_typical = typical
        # NaN compares false: a NaN change is not in the dead zone, its NaN flow counts as positive
        money_flow = 0.0 if abs(change) <= _EPSILON * scale else typical * volume
        if change < 0.0:
            positive, negative = 0.0, money_flow
        else:
            positive, negative = money_flow, 0.0
        if full:
            self.positive[self.slot] = positive
            self.negative[self.slot] = negative
        else:
            self.positive.append(positive)
            self.negative.append(negative)
        self.positive_sum += positive
        self.negative_sum += negative
        self.null_run = self.null_run + 1 if money_flow == 0.0 else 0
        if self.null_run >= self.period:
            self.null_run = self.period
            self.positive_sum = 0.0
            self.negative_sum = 0.0
        self.slot += 1
        if self.slot == self.period:
            self.slot = 0
        if len(self.positive) < self.period:
            return math.nan
        total = self.positive_sum + self.negative_sum
        if self.positive_sum < 0.0:
            clamped = 0.0
        elif self.positive_sum > total:
            clamped = total
        else:
            clamped = self.positive_sum
        if total <= 0.0:
            return 0.0
        return 100.0 * (clamped / total)


def mfi(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    volume: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]:
    """TA-Lib's MFI (1-D, or per column of 2-D)."""
    _check_policy(nan_policy)
    _check_length("period", period, 2)
    inputs = [("high", high), ("low", low), ("close", close), ("volume", volume)]
    return _run_bars(lambda: _Mfi(period, nan_policy), inputs)  # type: ignore[no-any-return]


mfi_2d = mfi
