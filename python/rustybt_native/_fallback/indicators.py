"""Indicators as plain Python loops in TA-Lib's order of operations."""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidParameterError
from ._checks import check_finite

NAN_POLICIES = ("propagate", "skip")


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


def _check_policy(nan_policy: str) -> None:
    if nan_policy not in NAN_POLICIES:
        raise InvalidParameterError(f'nan_policy must be "propagate" or "skip", got "{nan_policy}"')


def sma(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's SMA of a 1-D series."""
    _check_policy(nan_policy)
    check_finite(values, "values")
    state = _Sma(period, nan_policy)
    return np.array([state.update(float(v)) for v in values], dtype=np.float64)


def sma_2d(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]:
    """TA-Lib's SMA of each column of a (time x assets) matrix."""
    _check_policy(nan_policy)
    check_finite(values, "values")
    out = np.empty_like(values)
    for column in range(values.shape[1]):
        state = _Sma(period, nan_policy)
        out[:, column] = [state.update(float(v)) for v in values[:, column]]
    return out
