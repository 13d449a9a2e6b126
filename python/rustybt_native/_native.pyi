# Type stubs of the extension module rustybt_native._native (kept true by mypy.stubtest).
# Users call the public modules (rustybt_native.decimal, .metrics, ...), which check arguments
# and then call these.

import decimal
from collections.abc import Iterable
from typing import Any, Optional

import numpy as np
import numpy.typing as npt

__all__ = [
    "__version__",
    "alpha_beta",
    "annual_return",
    "annual_volatility",
    "beta",
    "bucket_starts",
    "build_profile",
    "calmar_ratio",
    "capture",
    "conditional_value_at_risk",
    "cum_returns",
    "cum_returns_final",
    "decimal_sum_arrow",
    "decimal_sum_sequence",
    "downside_risk",
    "drawdown",
    "drawdown_periods",
    "ema",
    "ema_2d",
    "excess_sharpe",
    "log_returns",
    "max_drawdown",
    "omega_ratio",
    "roll_annual_volatility",
    "roll_beta",
    "roll_max_drawdown",
    "roll_sharpe_ratio",
    "rsi",
    "rsi_2d",
    "sharpe_ratio",
    "simple_returns",
    "sma",
    "sma_2d",
    "sortino_ratio",
    "stability_of_timeseries",
    "tail_ratio",
    "value_at_risk",
    "wma",
    "wma_2d",
]

__version__: str
build_profile: str

def decimal_sum_arrow(values: Any) -> decimal.Decimal: ...
def decimal_sum_sequence(values: Iterable[Any]) -> decimal.Decimal: ...
def sharpe_ratio(
    returns: npt.NDArray[np.float64],
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> float: ...
def cum_returns_final(returns: npt.NDArray[np.float64], starting_value: float) -> float: ...
def annual_return(
    returns: npt.NDArray[np.float64], period: str, annualization: Optional[float] = None
) -> float: ...
def annual_volatility(
    returns: npt.NDArray[np.float64],
    period: str,
    alpha: float,
    annualization: Optional[float] = None,
) -> float: ...
def max_drawdown(returns: npt.NDArray[np.float64]) -> float: ...
def downside_risk(
    returns: npt.NDArray[np.float64],
    required_return: float,
    period: str,
    annualization: Optional[float] = None,
) -> float: ...
def sortino_ratio(
    returns: npt.NDArray[np.float64],
    required_return: float,
    period: str,
    annualization: Optional[float] = None,
) -> float: ...
def calmar_ratio(
    returns: npt.NDArray[np.float64], period: str, annualization: Optional[float] = None
) -> float: ...
def sma(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def sma_2d(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def ema(
    values: npt.NDArray[np.float64], period: int, seed: str = "sma", nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def ema_2d(
    values: npt.NDArray[np.float64], period: int, seed: str = "sma", nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def wma(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def wma_2d(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def rsi(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def rsi_2d(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def bucket_starts(
    timestamps: npt.NDArray[np.int64], every: str, offset: Optional[str] = None
) -> npt.NDArray[np.int64]: ...
def simple_returns(prices: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
def log_returns(prices: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
def cum_returns(
    returns: npt.NDArray[np.float64], starting_value: float
) -> npt.NDArray[np.float64]: ...
def drawdown(returns: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
def drawdown_periods(
    returns: npt.NDArray[np.float64], top: int
) -> list[tuple[int, int, Optional[int], float]]: ...
def value_at_risk(returns: npt.NDArray[np.float64], cutoff: float) -> float: ...
def conditional_value_at_risk(returns: npt.NDArray[np.float64], cutoff: float) -> float: ...
def tail_ratio(returns: npt.NDArray[np.float64]) -> float: ...
def omega_ratio(
    returns: npt.NDArray[np.float64],
    risk_free: float,
    required_return: float,
    annualization: float,
) -> float: ...
def beta(returns: npt.NDArray[np.float64], factor_returns: npt.NDArray[np.float64]) -> float: ...
def alpha_beta(
    returns: npt.NDArray[np.float64],
    factor_returns: npt.NDArray[np.float64],
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> tuple[float, float]: ...
def excess_sharpe(
    returns: npt.NDArray[np.float64], factor_returns: npt.NDArray[np.float64]
) -> float: ...
def capture(
    returns: npt.NDArray[np.float64],
    factor_returns: npt.NDArray[np.float64],
    which: str,
    period: str,
    annualization: Optional[float] = None,
) -> float: ...
def roll_sharpe_ratio(
    returns: npt.NDArray[np.float64],
    window: int,
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> npt.NDArray[np.float64]: ...
def roll_max_drawdown(returns: npt.NDArray[np.float64], window: int) -> npt.NDArray[np.float64]: ...
def roll_annual_volatility(
    returns: npt.NDArray[np.float64],
    window: int,
    period: str,
    alpha: float,
    annualization: Optional[float] = None,
) -> npt.NDArray[np.float64]: ...
def roll_beta(
    returns: npt.NDArray[np.float64], factor_returns: npt.NDArray[np.float64], window: int
) -> npt.NDArray[np.float64]: ...
def stability_of_timeseries(returns: npt.NDArray[np.float64]) -> float: ...
