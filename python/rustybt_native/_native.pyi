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
    "atc_kama",
    "atc_kama_2d",
    "atr",
    "atr_2d",
    "bucket_starts",
    "build_profile",
    "calmar_ratio",
    "cci",
    "cci_2d",
    "crossover",
    "crossover_2d",
    "crossunder",
    "crossunder_2d",
    "cum_returns_final",
    "decimal_sum_arrow",
    "decimal_sum_sequence",
    "downside_risk",
    "ema",
    "ema_2d",
    "equity_curve",
    "equity_curve_2d",
    "ma_signal",
    "ma_signal_2d",
    "max_drawdown",
    "natr",
    "natr_2d",
    "obv",
    "obv_2d",
    "rsi",
    "rsi_2d",
    "sharpe_ratio",
    "signal_persistence",
    "signal_persistence_2d",
    "sma",
    "sma_2d",
    "sortino_ratio",
    "trange",
    "trange_2d",
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
def atc_kama(
    prices: npt.NDArray[np.float64], length: int = 28, fast: float = 0.666, slow: float = 0.064
) -> npt.NDArray[np.float64]: ...
def atc_kama_2d(
    prices: npt.NDArray[np.float64], length: int = 28, fast: float = 0.666, slow: float = 0.064
) -> npt.NDArray[np.float64]: ...
def equity_curve(
    returns: npt.NDArray[np.float64],
    prev_signal: npt.NDArray[np.float64],
    starting_equity: float = 1.0,
    decay: float = 0.0,
    cutout: int = 0,
    floor: float = 0.25,
) -> npt.NDArray[np.float64]: ...
def equity_curve_2d(
    returns: npt.NDArray[np.float64],
    prev_signal: npt.NDArray[np.float64],
    starting_equity: float = 1.0,
    decay: float = 0.0,
    cutout: int = 0,
    floor: float = 0.25,
) -> npt.NDArray[np.float64]: ...
def crossover(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]: ...
def crossover_2d(
    a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]
) -> npt.NDArray[np.int8]: ...
def crossunder(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]: ...
def crossunder_2d(
    a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]
) -> npt.NDArray[np.int8]: ...
def signal_persistence(
    up: npt.NDArray[np.bool_], down: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int8]: ...
def signal_persistence_2d(
    up: npt.NDArray[np.bool_], down: npt.NDArray[np.bool_]
) -> npt.NDArray[np.int8]: ...
def ma_signal(
    price: npt.NDArray[np.float64], ma: npt.NDArray[np.float64]
) -> npt.NDArray[np.int8]: ...
def ma_signal_2d(
    price: npt.NDArray[np.float64], ma: npt.NDArray[np.float64]
) -> npt.NDArray[np.int8]: ...
def trange(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def trange_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def atr(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def atr_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def natr(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def natr_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def obv(
    close: npt.NDArray[np.float64], volume: npt.NDArray[np.float64], nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def obv_2d(
    close: npt.NDArray[np.float64], volume: npt.NDArray[np.float64], nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def cci(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def cci_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
