"""Metrics in numpy, as empyrical computes them."""

from __future__ import annotations

import math
import warnings
from typing import Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError, InvalidParameterError

ANNUALIZATION_FACTORS = {"daily": 252, "weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1}


def _annualization_factor(period: str, annualization: Optional[float]) -> float:
    if annualization is not None:
        if not (math.isfinite(annualization) and annualization > 0):
            raise InvalidParameterError(
                f"annualization must be a finite number > 0, got {_rust_float(annualization)}"
            )
        return annualization
    if period not in ANNUALIZATION_FACTORS:
        raise InvalidParameterError(
            f'period cannot be "{period}": use one of "daily", "weekly", "monthly", '
            '"quarterly", "yearly"'
        )
    return float(ANNUALIZATION_FACTORS[period])


def _rust_float(value: float) -> str:
    """``value`` as Rust's ``{}`` writes an f64 (inf, NaN, 1, 0.5), for identical messages."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


def _check_finite(values: npt.NDArray[np.float64], name: str) -> None:
    infinite = np.flatnonzero(np.isinf(values))
    if infinite.size:
        index = int(infinite[0])
        raise InvalidInputError(
            f"{name}[{index}] is {_rust_float(float(values[index]))}: infinite values are not "
            "allowed (NaN marks a missing value)"
        )


def sharpe_ratio(
    returns: npt.NDArray[np.float64],
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> float:
    """empyrical's ``sharpe_ratio`` (numpy's ``nanmean`` and ``nanstd(ddof=1)``)."""
    factor = _annualization_factor(period, annualization)
    if not math.isfinite(risk_free):
        raise InvalidParameterError(f"risk_free must be finite, got {_rust_float(risk_free)}")
    _check_finite(returns, "returns")
    if len(returns) < 2:
        return math.nan
    excess = returns - risk_free
    present = excess[~np.isnan(excess)]
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN or single-value input
        mean = np.nanmean(excess)
        std = np.nanstd(excess, ddof=1)
        # empyrical's _zero_dispersion_std: equal values have exactly zero deviation.
        if present.size >= 2 and present.min() == present.max():
            std = 0.0
        return float(np.divide(mean, std) * np.sqrt(factor))
