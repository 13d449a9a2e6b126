"""Indicators as plain Python loops in TA-Lib's order of operations."""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import numpy.typing as npt

from ._checks import check_finite


class _Sma:
    """The streaming SMA of the Rust crate, line for line (see ``Sma`` in sma.rs)."""

    def __init__(self, period: int) -> None:
        self.period = period
        self.window: deque[float] = deque()
        self.total = 0.0
        self.nans = 0
        self.started = False

    def update(self, value: float) -> float:
        if not self.started:
            if math.isnan(value):
                return math.nan
            self.started = True
        if math.isnan(value):
            self.nans += 1
        else:
            self.total += value
        if len(self.window) + 1 < self.period:
            self.window.append(value)
            return math.nan
        average = self.total / self.period if self.nans == 0 else math.nan
        self.window.append(value)
        oldest = self.window.popleft()
        if math.isnan(oldest):
            self.nans -= 1
            if self.nans == 0:
                total = 0.0
                for v in self.window:  # re-sum in order once the last NaN has left
                    total += v
                self.total = total
        else:
            self.total -= oldest
        return average


def sma(values: npt.NDArray[np.float64], period: int) -> npt.NDArray[np.float64]:
    """TA-Lib's SMA of a 1-D series."""
    check_finite(values, "values")
    state = _Sma(period)
    return np.array([state.update(float(v)) for v in values], dtype=np.float64)


def sma_2d(values: npt.NDArray[np.float64], period: int) -> npt.NDArray[np.float64]:
    """TA-Lib's SMA of each column of a (time x assets) matrix."""
    check_finite(values, "values")
    out = np.empty_like(values)
    for column in range(values.shape[1]):
        state = _Sma(period)
        out[:, column] = [state.update(float(v)) for v in values[:, column]]
    return out
