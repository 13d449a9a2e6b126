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
    "annual_return",
    "annual_volatility",
    "bbands",
    "bbands_2d",
    "bucket_starts",
    "build_profile",
    "calmar_ratio",
    "cum_returns_final",
    "decimal_sum_arrow",
    "decimal_sum_sequence",
    "dema",
    "dema_2d",
    "downside_risk",
    "ema",
    "ema_2d",
    "hma",
    "hma_2d",
    "kama",
    "kama_2d",
    "macd",
    "macd_2d",
    "max_drawdown",
    "midpoint",
    "midpoint_2d",
    "mom",
    "mom_2d",
    "rate_of_change",
    "rate_of_change_2d",
    "roc",
    "roc_2d",
    "rsi",
    "rsi_2d",
    "sharpe_ratio",
    "sma",
    "sma_2d",
    "sortino_ratio",
    "stddev",
    "stddev_2d",
    "tema",
    "tema_2d",
    "trima",
    "trima_2d",
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

# issue 6: single-input indicators
def macd(
    values: npt.NDArray[np.float64],
    fast: int = 12,
    slow: int = 26,
    signal: int = 9,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def macd_2d(
    values: npt.NDArray[np.float64],
    fast: int = 12,
    slow: int = 26,
    signal: int = 9,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def mom(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def mom_2d(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def roc(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def roc_2d(
    values: npt.NDArray[np.float64], period: int = 10, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def rate_of_change(
    values: npt.NDArray[np.float64], period: int = 1, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def rate_of_change_2d(
    values: npt.NDArray[np.float64], period: int = 1, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def dema(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def dema_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def tema(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def tema_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def hma(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def hma_2d(
    values: npt.NDArray[np.float64], period: int, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def trima(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def trima_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def bbands(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev_up: float = 2.0,
    nbdev_dn: float = 2.0,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def stddev(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev: float = 1.0,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def bbands_2d(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev_up: float = 2.0,
    nbdev_dn: float = 2.0,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def stddev_2d(
    values: npt.NDArray[np.float64],
    period: int = 5,
    nbdev: float = 1.0,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def kama(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def kama_2d(
    values: npt.NDArray[np.float64], period: int = 30, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def midpoint(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def midpoint_2d(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
