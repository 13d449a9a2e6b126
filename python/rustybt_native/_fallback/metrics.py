"""Metrics in numpy, as empyrical computes them.

empyrical takes ``nanmean``/``nanstd`` from bottleneck (a dependency of empyrical-reloaded),
which add the present values one after the other; ``np.cumsum`` adds in that same order, where
``np.sum`` would add pairwise and differ in the last bits.
"""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidParameterError
from ._checks import check_finite, rust_float

ANNUALIZATION_FACTORS = {"daily": 252, "weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1}


def _annualization_factor(period: str, annualization: Optional[float]) -> float:
    if annualization is not None:
        if not (math.isfinite(annualization) and annualization > 0):
            raise InvalidParameterError(
                f"annualization must be a finite number > 0, got {rust_float(annualization)}"
            )
        return annualization
    if period not in ANNUALIZATION_FACTORS:
        raise InvalidParameterError(
            f'period cannot be "{period}": use one of "daily", "weekly", "monthly", '
            '"quarterly", "yearly"'
        )
    return float(ANNUALIZATION_FACTORS[period])


def sharpe_ratio(
    returns: npt.NDArray[np.float64],
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> float:
    """empyrical's ``sharpe_ratio``, with its (bottleneck's) sequential sums."""
    factor = _annualization_factor(period, annualization)
    if not math.isfinite(risk_free):
        raise InvalidParameterError(f"risk_free must be finite, got {rust_float(risk_free)}")
    check_finite(returns, "returns")
    if len(returns) < 2:
        return math.nan
    excess = returns - risk_free
    present = excess[~np.isnan(excess)]
    count = present.size
    mean = _sequential_sum(present) / count if count else math.nan
    if count < 2:
        std = math.nan
    elif present.min() == present.max():
        std = 0.0  # empyrical's _zero_dispersion_std: equal values have exactly zero deviation
    else:
        deviations = present - mean
        std = math.sqrt(_sequential_sum(deviations * deviations) / (count - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.divide(np.float64(mean), np.float64(std)) * np.sqrt(factor))


def _sequential_sum(values: npt.NDArray[np.float64]) -> float:
    """values[0] + values[1] + ... left to right (cumsum's order, not np.sum's pairwise one)."""
    return float(np.cumsum(values)[-1]) if values.size else 0.0
