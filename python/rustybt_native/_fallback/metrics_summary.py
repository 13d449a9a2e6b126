"""The fallback of ``metrics_summary``: each metric's fallback, in the native kernel's order
(so the same error comes first)."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from ._checks import check_finite
from .metrics import (
    _annualization_factor,
    annual_return,
    annual_volatility,
    calmar_ratio,
    cum_returns_final,
    downside_risk,
    max_drawdown,
    sharpe_ratio,
    sortino_ratio,
)
from .metrics_factor import alpha_beta, capture, excess_sharpe
from .metrics_tails import (
    conditional_value_at_risk,
    omega_ratio,
    stability_of_timeseries,
    tail_ratio,
    value_at_risk,
)

Array = npt.NDArray[np.float64]


def _one(
    returns: Array,
    factor_returns: Optional[Array],
    risk_free: float,
    required_return: float,
    cutoff: float,
    factor: float,
) -> dict[str, float]:
    check_finite(returns, "returns")
    out = {
        "annual_return": annual_return(returns, "daily", factor),
        "cum_returns_final": cum_returns_final(returns, 0.0),
        "annual_volatility": annual_volatility(returns, "daily", 2.0, factor),
        "sharpe_ratio": sharpe_ratio(returns, risk_free, "daily", factor),
        "calmar_ratio": calmar_ratio(returns, "daily", factor),
        "stability_of_timeseries": stability_of_timeseries(returns),
        "max_drawdown": max_drawdown(returns),
        "omega_ratio": omega_ratio(returns, risk_free, required_return, factor),
        "sortino_ratio": sortino_ratio(returns, required_return, "daily", factor),
        "tail_ratio": tail_ratio(returns),
        "value_at_risk": value_at_risk(returns, cutoff),
        "conditional_value_at_risk": conditional_value_at_risk(returns, cutoff),
        "downside_risk": downside_risk(returns, required_return, "daily", factor),
    }
    if factor_returns is not None:
        alpha, beta = alpha_beta(returns, factor_returns, risk_free, "daily", factor)
        out |= {
            "alpha": alpha,
            "beta": beta,
            "excess_sharpe": excess_sharpe(returns, factor_returns),
            "capture": capture(returns, factor_returns, "all", "daily", factor),
            "up_capture": capture(returns, factor_returns, "up", "daily", factor),
            "down_capture": capture(returns, factor_returns, "down", "daily", factor),
        }
    return {name: float(value) for name, value in out.items()}


def metrics_summary(
    returns: Array,
    factor_returns: Optional[Array],
    risk_free: float,
    required_return: float,
    cutoff: float,
    period: str,
    annualization: Optional[float] = None,
) -> dict[str, Any]:
    """Every scalar metric by name; for 2-D returns, an array of one value per column each."""
    factor = _annualization_factor(period, annualization)
    if returns.ndim == 1:
        return _one(returns, factor_returns, risk_free, required_return, cutoff, factor)
    reports = [
        _one(
            np.ascontiguousarray(returns[:, j]),
            factor_returns,
            risk_free,
            required_return,
            cutoff,
            factor,
        )
        for j in range(returns.shape[1])
    ]
    names = list(reports[0]) if reports else list(SUMMARY_NAMES)
    if not reports and factor_returns is not None:
        names += FACTOR_NAMES
    return {name: np.array([r[name] for r in reports], dtype=np.float64) for name in names}


SUMMARY_NAMES = (
    "annual_return",
    "cum_returns_final",
    "annual_volatility",
    "sharpe_ratio",
    "calmar_ratio",
    "stability_of_timeseries",
    "max_drawdown",
    "omega_ratio",
    "sortino_ratio",
    "tail_ratio",
    "value_at_risk",
    "conditional_value_at_risk",
    "downside_risk",
)
FACTOR_NAMES = ("alpha", "beta", "excess_sharpe", "capture", "up_capture", "down_capture")
