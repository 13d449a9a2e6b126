# Type stubs of the extension module rustybt_native._native (kept true by mypy.stubtest).
# Users call the public modules (rustybt_native.decimal, .metrics, ...), which check arguments
# and then call these.

import decimal
from collections.abc import Iterable
from typing import Any, Optional, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "ADX",
    "ATR",
    "CCI",
    "DEMA",
    "EMA",
    "HMA",
    "KAMA",
    "LSMA",
    "MACD",
    "MFI",
    "MIDPOINT",
    "MOM",
    "NATR",
    "OBV",
    "ROC",
    "RSI",
    "SMA",
    "STOCH",
    "TEMA",
    "TRIMA",
    "WILLR",
    "WMA",
    "ATCKama",
    "ActivityBarBuilder",
    "AtcStream",
    "BBands",
    "BarBuilder",
    "Crossover",
    "Crossunder",
    "EquityCurve",
    "MaSignal",
    "Pipeline",
    "RateOfChange",
    "SignalPersistence",
    "StdDev",
    "TRange",
    "__version__",
    "adx",
    "adx_2d",
    "aggregate_runs_decimal",
    "aggregate_runs_f64",
    "aggregate_runs_i64",
    "alpha_beta",
    "annual_return",
    "annual_volatility",
    "atc_dema",
    "atc_ema",
    "atc_hma",
    "atc_kama",
    "atc_kama_2d",
    "atc_lsma",
    "atc_scan",
    "atc_signals",
    "atc_wma",
    "atr",
    "atr_2d",
    "bbands",
    "bbands_2d",
    "beta",
    "bucket_starts",
    "build_profile",
    "calmar_ratio",
    "capture",
    "cci",
    "cci_2d",
    "conditional_value_at_risk",
    "count_runs",
    "crossover",
    "crossover_2d",
    "crossunder",
    "crossunder_2d",
    "cum_returns",
    "cum_returns_final",
    "decimal_binary",
    "decimal_compare",
    "decimal_dot",
    "decimal_format",
    "decimal_from_float",
    "decimal_metric",
    "decimal_metric_series",
    "decimal_parse",
    "decimal_reduce",
    "decimal_sum_arrow",
    "decimal_sum_sequence",
    "decimal_to_float",
    "decimal_unary",
    "dema",
    "dema_2d",
    "downside_risk",
    "drawdown",
    "drawdown_periods",
    "ema",
    "ema_2d",
    "equity_curve",
    "equity_curve_2d",
    "excess_sharpe",
    "hma",
    "hma_2d",
    "kama",
    "kama_2d",
    "ledger_apply_fills",
    "ledger_commissions",
    "ledger_commissions_f64",
    "ledger_fixed_slippage",
    "ledger_portfolio_value",
    "ledger_portfolio_values",
    "ledger_portfolio_values_f64",
    "ledger_portfolio_values_rows",
    "ledger_tiered_commissions",
    "ledger_validate_orders",
    "ledger_volume_share_slippage",
    "log_returns",
    "lsma",
    "lsma_2d",
    "ma_signal",
    "ma_signal_2d",
    "macd",
    "macd_2d",
    "max_drawdown",
    "metrics_summary",
    "mfi",
    "mfi_2d",
    "midpoint",
    "midpoint_2d",
    "mom",
    "mom_2d",
    "natr",
    "natr_2d",
    "obv",
    "obv_2d",
    "omega_ratio",
    "quantstats_alpha_beta",
    "quantstats_metric",
    "rate_of_change",
    "rate_of_change_2d",
    "resample_runs",
    "roc",
    "roc_2d",
    "roll_annual_volatility",
    "roll_beta",
    "roll_max_drawdown",
    "roll_sharpe_ratio",
    "rsi",
    "rsi_2d",
    "session_runs",
    "sharpe_ratio",
    "signal_persistence",
    "signal_persistence_2d",
    "simple_returns",
    "sma",
    "sma_2d",
    "sortino_ratio",
    "stability_of_timeseries",
    "stddev",
    "stddev_2d",
    "stoch",
    "stoch_2d",
    "tail_ratio",
    "tema",
    "tema_2d",
    "threshold_runs_decimal",
    "threshold_runs_f64",
    "tick_runs",
    "trange",
    "trange_2d",
    "trima",
    "trima_2d",
    "value_at_risk",
    "willr",
    "willr_2d",
    "wma",
    "wma_2d",
]

__version__: str
build_profile: str

def decimal_sum_arrow(values: Any) -> decimal.Decimal: ...
def decimal_sum_sequence(values: Iterable[Any]) -> decimal.Decimal: ...
def decimal_binary(
    op: str,
    a: Any,
    b: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
    on_zero: str = "raise",
) -> Any: ...
def decimal_compare(op: str, a: Any, b: Any) -> Any: ...
def decimal_unary(
    op: str,
    a: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> Any: ...
def decimal_reduce(
    op: str,
    a: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> Optional[decimal.Decimal]: ...
def decimal_dot(a: Any, b: Any) -> decimal.Decimal: ...
def decimal_to_float(a: Any) -> npt.NDArray[np.float64]: ...
def decimal_from_float(
    values: npt.NDArray[np.float64],
    scale: int,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
    arrow: bool = True,
) -> Any: ...
def decimal_parse(
    strings: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> Any: ...
def decimal_format(a: Any) -> Any: ...
def ledger_portfolio_value(
    quantities: Any,
    prices: Any,
    cash: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> Any: ...
def ledger_portfolio_values(
    quantities: Any,
    prices: Any,
    cash: Any = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
    arrow: bool = True,
) -> Any: ...
def ledger_portfolio_values_rows(
    quantities: Any,
    prices: Any,
    cash: Any = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> Any: ...
def ledger_portfolio_values_f64(
    quantities: npt.NDArray[np.float64],
    prices: npt.NDArray[np.float64],
    cash: Optional[npt.NDArray[np.float64]] = None,
) -> npt.NDArray[np.float64]: ...
def ledger_apply_fills(
    positions: Any,
    cost_basis: Any,
    fill_qty: Any,
    fill_price: Any,
    commissions: Any = None,
    basis_scale: int = 6,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> tuple[Any, Any, Any]: ...
def ledger_validate_orders(
    quantity: Any,
    price: Any,
    side: Optional[npt.NDArray[np.int8]] = None,
    positions: Any = None,
    assets: Optional[npt.NDArray[np.int64]] = None,
    known_assets: Optional[npt.NDArray[np.int64]] = None,
    tick_size: Any = None,
    lot_size: Any = None,
    min_notional: Any = None,
    max_order_value: Any = None,
    max_position: Any = None,
    cash: Any = None,
) -> npt.NDArray[np.uint8]: ...
def ledger_fixed_slippage(quantity: Any, price: Any, spread: Any) -> tuple[Any, Any]: ...
def ledger_volume_share_slippage(
    quantity: Any,
    price: Any,
    volume: Any,
    assets: Optional[npt.NDArray[np.int64]] = None,
    volume_limit: Any = None,
    price_impact: Any = None,
    scale: int = 4,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> tuple[Any, Any]: ...
def ledger_commissions(
    model: str,
    quantity: Any,
    price: Any,
    order_ids: Optional[npt.NDArray[np.int64]] = None,
    rate: Any = None,
    minimum: Any = None,
    max_fraction: Any = None,
    cost: Any = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> Any: ...
def ledger_tiered_commissions(
    quantity: Any,
    price: Any,
    tiers: Any,
    minimum: Any,
    max_fraction: Any = None,
    volume_before: Any = None,
    order_ids: Optional[npt.NDArray[np.int64]] = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = "ROUND_HALF_EVEN",
) -> Any: ...
def ledger_commissions_f64(
    model: str,
    quantity: npt.NDArray[np.float64],
    price: npt.NDArray[np.float64],
    order_ids: Optional[npt.NDArray[np.int64]] = None,
    rate: float = 0.0,
    minimum: float = 0.0,
    max_fraction: float = ...,
    cost: float = 0.0,
) -> npt.NDArray[np.float64]: ...
def sharpe_ratio(
    returns: npt.NDArray[np.float64],
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> Any: ...
def cum_returns_final(returns: npt.NDArray[np.float64], starting_value: float) -> Any: ...
def annual_return(
    returns: npt.NDArray[np.float64], period: str, annualization: Optional[float] = None
) -> Any: ...
def annual_volatility(
    returns: npt.NDArray[np.float64],
    period: str,
    alpha: float,
    annualization: Optional[float] = None,
) -> Any: ...
def max_drawdown(returns: npt.NDArray[np.float64]) -> Any: ...
def downside_risk(
    returns: npt.NDArray[np.float64],
    required_return: float,
    period: str,
    annualization: Optional[float] = None,
) -> Any: ...
def sortino_ratio(
    returns: npt.NDArray[np.float64],
    required_return: float,
    period: str,
    annualization: Optional[float] = None,
) -> Any: ...
def calmar_ratio(
    returns: npt.NDArray[np.float64], period: str, annualization: Optional[float] = None
) -> Any: ...
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
def simple_returns(prices: npt.NDArray[np.float64]) -> Any: ...
def log_returns(prices: npt.NDArray[np.float64]) -> Any: ...
def cum_returns(returns: npt.NDArray[np.float64], starting_value: float) -> Any: ...
def drawdown(returns: npt.NDArray[np.float64]) -> Any: ...
def drawdown_periods(
    returns: npt.NDArray[np.float64], top: int
) -> list[tuple[int, int, Optional[int], float]]: ...
def value_at_risk(returns: npt.NDArray[np.float64], cutoff: float) -> Any: ...
def conditional_value_at_risk(returns: npt.NDArray[np.float64], cutoff: float) -> Any: ...
def tail_ratio(returns: npt.NDArray[np.float64]) -> Any: ...
def omega_ratio(
    returns: npt.NDArray[np.float64],
    risk_free: float,
    required_return: float,
    annualization: float,
) -> Any: ...
def beta(returns: npt.NDArray[np.float64], factor_returns: npt.NDArray[np.float64]) -> Any: ...
def alpha_beta(
    returns: npt.NDArray[np.float64],
    factor_returns: npt.NDArray[np.float64],
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> Any: ...
def excess_sharpe(
    returns: npt.NDArray[np.float64], factor_returns: npt.NDArray[np.float64]
) -> Any: ...
def capture(
    returns: npt.NDArray[np.float64],
    factor_returns: npt.NDArray[np.float64],
    which: str,
    period: str,
    annualization: Optional[float] = None,
) -> Any: ...
def roll_sharpe_ratio(
    returns: npt.NDArray[np.float64],
    window: int,
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> Any: ...
def roll_max_drawdown(returns: npt.NDArray[np.float64], window: int) -> Any: ...
def roll_annual_volatility(
    returns: npt.NDArray[np.float64],
    window: int,
    period: str,
    alpha: float,
    annualization: Optional[float] = None,
) -> Any: ...
def roll_beta(
    returns: npt.NDArray[np.float64], factor_returns: npt.NDArray[np.float64], window: int
) -> npt.NDArray[np.float64]: ...
def stability_of_timeseries(returns: npt.NDArray[np.float64]) -> Any: ...
def metrics_summary(
    returns: npt.NDArray[np.float64],
    factor_returns: Optional[npt.NDArray[np.float64]],
    risk_free: float,
    required_return: float,
    cutoff: float,
    period: str,
    annualization: Optional[float] = None,
) -> dict[str, Any]: ...
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

# Streaming indicators (rustybt_native.indicators.stream).

@final
class SMA:
    def __new__(cls, period: int, *, nan_policy: str = "propagate") -> SMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class EMA:
    def __new__(cls, period: int, *, seed: str = "sma", nan_policy: str = "propagate") -> EMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class WMA:
    def __new__(cls, period: int, *, nan_policy: str = "propagate") -> WMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class DEMA:
    def __new__(cls, period: int = 30, *, nan_policy: str = "propagate") -> DEMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class TEMA:
    def __new__(cls, period: int = 30, *, nan_policy: str = "propagate") -> TEMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class RSI:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> RSI: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class MACD:
    def __new__(
        cls, fast: int = 12, slow: int = 26, signal: int = 9, *, nan_policy: str = "propagate"
    ) -> MACD: ...
    def update(self, value: float, /) -> tuple[float, float, float]: ...
    def update_many(
        self, values: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
    @property
    def value(self) -> tuple[float, float, float]: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class BBands:
    def __new__(
        cls,
        period: int = 5,
        nbdev_up: float = 2.0,
        nbdev_dn: float = 2.0,
        *,
        nan_policy: str = "propagate",
    ) -> BBands: ...
    def update(self, value: float, /) -> tuple[float, float, float]: ...
    def update_many(
        self, values: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
    @property
    def value(self) -> tuple[float, float, float]: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class ATR:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> ATR: ...
    def update(self, high: float, low: float, close: float, /) -> float: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class NATR:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> NATR: ...
    def update(self, high: float, low: float, close: float, /) -> float: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class TRange:
    def __new__(cls, *, nan_policy: str = "propagate") -> TRange: ...
    def update(self, high: float, low: float, close: float, /) -> float: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class KAMA:
    def __new__(cls, period: int = 30, *, nan_policy: str = "propagate") -> KAMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class MOM:
    def __new__(cls, period: int = 10, *, nan_policy: str = "propagate") -> MOM: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class ROC:
    def __new__(cls, period: int = 10, *, nan_policy: str = "propagate") -> ROC: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class StdDev:
    def __new__(
        cls, period: int = 5, nbdev: float = 1.0, *, nan_policy: str = "propagate"
    ) -> StdDev: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class CCI:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> CCI: ...
    def update(self, high: float, low: float, close: float, /) -> float: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class OBV:
    def __new__(cls, *, nan_policy: str = "propagate") -> OBV: ...
    def update(self, close: float, volume: float, /) -> float: ...
    def update_many(
        self, close: npt.ArrayLike, volume: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class Pipeline:
    def __new__(cls, indicators: Iterable[Any]) -> Pipeline: ...
    def update(self, value: float, /) -> npt.NDArray[np.float64]: ...
    @property
    def width(self) -> int: ...
    @property
    def indicators(self) -> list[Any]: ...
    def reset(self) -> None: ...
    def __len__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Crossover:
    def __new__(cls) -> Crossover: ...
    def update(self, a: float, b: float, /) -> int: ...
    def update_many(self, a: npt.ArrayLike, b: npt.ArrayLike) -> npt.NDArray[np.int8]: ...
    @property
    def value(self) -> int: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class Crossunder:
    def __new__(cls) -> Crossunder: ...
    def update(self, a: float, b: float, /) -> int: ...
    def update_many(self, a: npt.ArrayLike, b: npt.ArrayLike) -> npt.NDArray[np.int8]: ...
    @property
    def value(self) -> int: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class MaSignal:
    def __new__(cls) -> MaSignal: ...
    def update(self, price: float, ma: float, /) -> int: ...
    def update_many(self, price: npt.ArrayLike, ma: npt.ArrayLike) -> npt.NDArray[np.int8]: ...
    @property
    def value(self) -> int: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class SignalPersistence:
    def __new__(cls) -> SignalPersistence: ...
    def update(self, up: float, down: float, /) -> int: ...
    def update_many(self, up: npt.ArrayLike, down: npt.ArrayLike) -> npt.NDArray[np.int8]: ...
    @property
    def value(self) -> int: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class EquityCurve:
    def __new__(
        cls,
        starting_equity: float = 1.0,
        decay: float = 0.0,
        cutout: int = 0,
        floor: float = 0.25,
    ) -> EquityCurve: ...
    def update(self, returns: float, prev_signal: float, /) -> float: ...
    def update_many(
        self, returns: npt.ArrayLike, prev_signal: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class ATCKama:
    def __new__(cls, length: int = 28, fast: float = 0.666, slow: float = 0.064) -> ATCKama: ...
    def update(self, price: float, /) -> float: ...
    def update_many(self, prices: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

# issue 10: the ATC pipeline
def atc_ema(
    src: npt.NDArray[np.float64], length: int, seed: str = "sma"
) -> npt.NDArray[np.float64]: ...
def atc_dema(
    src: npt.NDArray[np.float64], length: int, seed: str = "sma"
) -> npt.NDArray[np.float64]: ...
def atc_wma(src: npt.NDArray[np.float64], length: int) -> npt.NDArray[np.float64]: ...
def atc_hma(src: npt.NDArray[np.float64], length: int) -> npt.NDArray[np.float64]: ...
def atc_lsma(
    src: npt.NDArray[np.float64], length: int, at: str = "penultimate"
) -> npt.NDArray[np.float64]: ...
def atc_signals(
    prices: npt.NDArray[np.float64],
    src: Optional[npt.NDArray[np.float64]],
    lengths: tuple[int, int, int, int, int, int],
    weights: tuple[float, float, float, float, float, float],
    robustness: str,
    la: float,
    de: float,
    cutout: int,
    long_threshold: float,
    short_threshold: float,
    strategy_mode: bool,
    components: bool = False,
    ema_seed: str = "sma",
    lsma_at: str = "penultimate",
) -> tuple[list[npt.NDArray[np.float64]], Optional[list[npt.NDArray[Any]]]]: ...
def atc_scan(
    series: list[npt.NDArray[np.float64]],
    lengths: tuple[int, int, int, int, int, int],
    weights: tuple[float, float, float, float, float, float],
    robustness: str,
    la: float,
    de: float,
    cutout: int,
    long_threshold: float,
    short_threshold: float,
    strategy_mode: bool,
    full: bool = False,
    ema_seed: str = "sma",
    lsma_at: str = "penultimate",
) -> Any: ...

@final
class AtcStream:
    def __new__(
        cls,
        lengths: tuple[int, int, int, int, int, int],
        weights: tuple[float, float, float, float, float, float],
        robustness: str,
        la: float,
        de: float,
        long_threshold: float,
        short_threshold: float,
        strategy_mode: bool,
        ema_seed: str = "sma",
        lsma_at: str = "penultimate",
    ) -> AtcStream: ...
    def update(self, price: float, src: Optional[float] = None) -> list[float]: ...
    @property
    def bars(self) -> int: ...

# issue 7: resampling
def resample_runs(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    every: str,
    offset: Optional[str],
    closed: str,
    label: str,
    origin: str,
    origin_ns: Optional[int],
    fill: bool,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]: ...
def aggregate_runs_f64(
    values: npt.NDArray[np.float64], bounds: npt.NDArray[np.int64], agg: str
) -> npt.NDArray[np.float64]: ...
def aggregate_runs_i64(
    values: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64], agg: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]: ...
def aggregate_runs_decimal(values: Any, bounds: npt.NDArray[np.int64], agg: str) -> Any: ...
def count_runs(
    valid: npt.NDArray[np.bool_], bounds: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]: ...

# issue 6: oscillators and the least-squares moving average
def willr(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def willr_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def stoch(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    fastk_period: int = 5,
    slowk_period: int = 3,
    slowk_matype: int = 0,
    slowd_period: int = 3,
    slowd_matype: int = 0,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def stoch_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    fastk_period: int = 5,
    slowk_period: int = 3,
    slowk_matype: int = 0,
    slowd_period: int = 3,
    slowd_matype: int = 0,
    nan_policy: str = "propagate",
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
def adx(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def adx_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def lsma(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def lsma_2d(
    values: npt.NDArray[np.float64], period: int = 14, nan_policy: str = "propagate"
) -> npt.NDArray[np.float64]: ...
def mfi(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    volume: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...
def mfi_2d(
    high: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    close: npt.NDArray[np.float64],
    volume: npt.NDArray[np.float64],
    period: int = 14,
    nan_policy: str = "propagate",
) -> npt.NDArray[np.float64]: ...

@final
class RateOfChange:
    def __new__(cls, period: int = 1, *, nan_policy: str = "propagate") -> RateOfChange: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class MFI:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> MFI: ...
    def update(self, high: float, low: float, close: float, volume: float, /) -> float: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike, volume: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class WILLR:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> WILLR: ...
    def update(self, high: float, low: float, close: float, /) -> float: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class ADX:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> ADX: ...
    def update(self, high: float, low: float, close: float, /) -> float: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike
    ) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class LSMA:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> LSMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class TRIMA:
    def __new__(cls, period: int = 30, *, nan_policy: str = "propagate") -> TRIMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class MIDPOINT:
    def __new__(cls, period: int = 14, *, nan_policy: str = "propagate") -> MIDPOINT: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class HMA:
    def __new__(cls, period: int, *, nan_policy: str = "propagate") -> HMA: ...
    def update(self, value: float, /) -> float: ...
    def update_many(self, values: npt.ArrayLike) -> npt.NDArray[np.float64]: ...
    @property
    def value(self) -> float: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

@final
class STOCH:
    def __new__(
        cls,
        fastk_period: int = 5,
        slowk_period: int = 3,
        slowk_matype: int = 0,
        slowd_period: int = 3,
        slowd_matype: int = 0,
        *,
        nan_policy: str = "propagate",
    ) -> STOCH: ...
    def update(self, high: float, low: float, close: float, /) -> tuple[float, float]: ...
    def update_many(
        self, high: npt.ArrayLike, low: npt.ArrayLike, close: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]: ...
    @property
    def value(self) -> tuple[float, float]: ...
    @property
    def is_ready(self) -> bool: ...
    def reset(self) -> None: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def __setstate__(self, state: bytes) -> None: ...

# issue 7: activity bars (volume, dollar and tick bars)
def tick_runs(
    timestamps: npt.NDArray[np.int64], group_bounds: npt.NDArray[np.int64], n: int
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]
]: ...
def threshold_runs_f64(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    threshold: float,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]
]: ...
def threshold_runs_decimal(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    weights: Any,
    threshold: int,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]
]: ...

# issue 7: streaming time bars
@final
class BarBuilder:
    def __new__(
        cls,
        every: str,
        offset: Optional[str],
        closed: str,
        label: str,
        origin: str,
        origin_ns: Optional[int],
    ) -> BarBuilder: ...
    def push(
        self, timestamp: int, price: float, size: float
    ) -> list[tuple[int, float, float, float, float, float, int, float]]: ...
    def push_batch(
        self,
        timestamps: npt.NDArray[np.int64],
        prices: npt.NDArray[np.float64],
        sizes: npt.NDArray[np.float64],
    ) -> list[tuple[int, float, float, float, float, float, int, float]]: ...
    def flush(self) -> list[tuple[int, float, float, float, float, float, int, float]]: ...
    @property
    def ticks(self) -> int: ...

@final
class ActivityBarBuilder:
    def __new__(cls, kind: str, threshold: float) -> ActivityBarBuilder: ...
    def push(
        self, timestamp: int, price: float, size: float
    ) -> list[tuple[int, float, float, float, float, float, int, float, int]]: ...
    def push_batch(
        self,
        timestamps: npt.NDArray[np.int64],
        prices: npt.NDArray[np.float64],
        sizes: npt.NDArray[np.float64],
    ) -> list[tuple[int, float, float, float, float, float, int, float, int]]: ...
    def flush(self) -> list[tuple[int, float, float, float, float, float, int, float, int]]: ...
    @property
    def ticks(self) -> int: ...

def decimal_metric(
    metric: str,
    returns: Any,
    parameter: Any,
    annualization: Any,
    precision: int,
    rounding: str,
) -> decimal.Decimal: ...
def decimal_metric_series(
    metric: str, returns: Any, starting_value: Any, precision: int, rounding: str
) -> list[decimal.Decimal]: ...
def session_runs(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    opens: npt.NDArray[np.int64],
    closes: npt.NDArray[np.int64],
    closed: str,
    label: str,
    fill: bool,
) -> tuple[
    npt.NDArray[np.bool_], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]: ...

# issue 5: quantstats' conventions
def quantstats_metric(
    name: str,
    returns: npt.NDArray[np.float64],
    risk_free: float,
    required_return: float,
    cutoff: float,
    annualization: float,
) -> Any: ...
def quantstats_alpha_beta(
    returns: npt.NDArray[np.float64],
    factor_returns: npt.NDArray[np.float64],
    annualization: float,
) -> Any: ...
