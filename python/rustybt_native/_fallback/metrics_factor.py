"""Factor metrics in numpy (beta, alpha, excess Sharpe, capture), as empyrical computes them,
following ``crates/metrics/src/factor.rs`` step for step so both backends agree bit for bit."""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError
from ._checks import check_finite
from ._columns import per_column
from .metrics import (
    _annualization_factor,
    _annualized_growth_rate,
    _divide,
    _finite,
    _moments,
    _sequential_sum,
    _total_growth,
)

Array = npt.NDArray[np.float64]


def _paired(returns: Array, factor_returns: Array) -> None:
    if returns.size != factor_returns.size:
        raise InvalidInputError(
            f"factor_returns must have the length of returns ({returns.size}), "
            f"got {factor_returns.size}"
        )
    check_finite(returns, "returns")
    check_finite(factor_returns, "factor_returns")


def _nanmean(values: Array) -> float:
    """bottleneck's ``nanmean``: the present values summed in order, over their count."""
    present = values[~np.isnan(values)]
    return _sequential_sum(present) / present.size if present.size else math.nan


def _beta(returns: Array, factor_returns: Array) -> float:
    """empyrical's ``beta_aligned``: cov / var over the periods where both are present."""
    if returns.size < 2:
        return math.nan
    independent = np.where(np.isnan(returns), np.nan, factor_returns)
    residual = independent - _nanmean(independent)
    covariance = _nanmean(residual * returns)
    variance = _nanmean(residual * residual)
    if variance < 1.0e-30 or math.isnan(variance):
        return math.nan
    return covariance / variance


@per_column("scalar")
def beta(returns: Array, factor_returns: Array) -> float:
    """empyrical's ``beta``."""
    _paired(returns, factor_returns)
    return _beta(returns, factor_returns)


@per_column("pair")
def alpha_beta(
    returns: Array,
    factor_returns: Array,
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> tuple[float, float]:
    """empyrical's ``alpha_beta``: ``(1 + mean(r - rf - beta (f - rf))) ** factor - 1``, beta."""
    factor = _annualization_factor(period, annualization)
    _finite(risk_free, "risk_free")
    _paired(returns, factor_returns)
    b = _beta(returns, factor_returns)
    if returns.size < 2:
        return math.nan, b
    mean = _nanmean((returns - risk_free) - b * (factor_returns - risk_free))
    with np.errstate(invalid="ignore", over="ignore"):
        alpha = float(np.float64(mean + 1.0) ** factor) - 1.0  # the C library's pow
    return alpha, b


@per_column("scalar")
def excess_sharpe(returns: Array, factor_returns: Array) -> float:
    """empyrical's ``excess_sharpe``: mean over ddof=1 deviation of ``r - f``."""
    _paired(returns, factor_returns)
    if returns.size < 2:
        return math.nan
    moments = _moments(returns - factor_returns, 0.0)
    return _divide(moments.mean, moments.zero_dispersion_std())


def _annual_return(returns: Array, factor: float) -> float:
    if returns.size == 0:
        return math.nan
    return _annualized_growth_rate(_total_growth(returns), returns.size, factor)


@per_column("scalar")
def capture(
    returns: Array,
    factor_returns: Array,
    which: str,
    period: str,
    annualization: Optional[float] = None,
) -> float:
    """empyrical's ``capture`` (``which="all"``), ``up_capture`` ("up"), ``down_capture``."""
    factor = _annualization_factor(period, annualization)
    _paired(returns, factor_returns)
    if which != "all":
        both = ~np.isnan(returns) & ~np.isnan(factor_returns)
        keep = both & (factor_returns > 0.0 if which == "up" else factor_returns < 0.0)
        returns, factor_returns = returns[keep], factor_returns[keep]
    return _divide(_annual_return(returns, factor), _annual_return(factor_returns, factor))
