"""Rolling metrics: the scalar fallback metric over each window, as empyrical's ``roll_*``
(one value per full window), with the checks of ``crates/metrics/src/rolling.rs``."""

from __future__ import annotations

from typing import Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidParameterError
from ._checks import check_finite
from ._columns import per_column
from .metrics import (
    _annualization_factor,
    _finite,
    _growth_and_max_drawdown,
    _positive,
    annual_volatility,
    sharpe_ratio,
)
from .metrics_factor import _beta, _paired

Array = npt.NDArray[np.float64]


def _windows(length: int, window: int) -> range:
    """Start of each full window; the Rust kernels' error for a bad window."""
    if window < 1 or window > length:
        raise InvalidParameterError(
            f"window must be between 1 and the length of the series ({length}), got {window}"
        )
    return range(length - window + 1)


@per_column("series")
def roll_sharpe_ratio(
    returns: Array,
    window: int,
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> Array:
    """empyrical's ``roll_sharpe_ratio``."""
    factor = _annualization_factor(period, annualization)
    _finite(risk_free, "risk_free")
    check_finite(returns, "returns")
    starts = _windows(returns.size, window)
    return np.array(
        [sharpe_ratio(returns[i : i + window], risk_free, period, factor) for i in starts],
        dtype=np.float64,
    )


@per_column("series")
def roll_max_drawdown(returns: Array, window: int) -> Array:
    """empyrical's ``roll_max_drawdown``."""
    check_finite(returns, "returns")
    starts = _windows(returns.size, window)
    return np.array(
        [_growth_and_max_drawdown(returns[i : i + window])[1] for i in starts], dtype=np.float64
    )


@per_column("series")
def roll_annual_volatility(
    returns: Array,
    window: int,
    period: str,
    alpha: float,
    annualization: Optional[float] = None,
) -> Array:
    """empyrical's ``roll_annual_volatility``."""
    factor = _annualization_factor(period, annualization)
    _positive(alpha, "alpha")
    check_finite(returns, "returns")
    starts = _windows(returns.size, window)
    return np.array(
        [annual_volatility(returns[i : i + window], period, alpha, factor) for i in starts],
        dtype=np.float64,
    )


def roll_beta(returns: Array, factor_returns: Array, window: int) -> Array:
    """empyrical's ``roll_beta``."""
    _paired(returns, factor_returns)
    starts = _windows(returns.size, window)
    return np.array(
        [_beta(returns[i : i + window], factor_returns[i : i + window]) for i in starts],
        dtype=np.float64,
    )
