"""The pure-Python backend: the readable reference, with the same functions as ``_native``.

Plain Python, numpy and the :mod:`decimal` module, no cleverness: loops follow the Rust kernels'
order of operations so that both backends give identical results (bit for bit for floats) and
raise the same exceptions with the same messages (Arrow type names aside: each backend spells
them as its Arrow library does).
"""

from .aggregation import bucket_starts
from .decimal import (
    decimal_binary,
    decimal_compare,
    decimal_dot,
    decimal_format,
    decimal_from_float,
    decimal_parse,
    decimal_reduce,
    decimal_sum_arrow,
    decimal_sum_sequence,
    decimal_to_float,
    decimal_unary,
)
from .indicators import ema, ema_2d, rsi, rsi_2d, sma, sma_2d, wma, wma_2d
from .ledger import (
    ledger_apply_fills,
    ledger_commissions,
    ledger_commissions_f64,
    ledger_portfolio_values,
    ledger_portfolio_values_f64,
    ledger_validate_orders,
)
from .metrics import (
    annual_return,
    annual_volatility,
    calmar_ratio,
    cum_returns_final,
    downside_risk,
    max_drawdown,
    sharpe_ratio,
    sortino_ratio,
)
from .metrics_factor import alpha_beta, beta, capture, excess_sharpe
from .metrics_rolling import (
    roll_annual_volatility,
    roll_beta,
    roll_max_drawdown,
    roll_sharpe_ratio,
)
from .metrics_series import (
    cum_returns,
    drawdown,
    drawdown_periods,
    log_returns,
    simple_returns,
)
from .metrics_tails import (
    conditional_value_at_risk,
    omega_ratio,
    stability_of_timeseries,
    tail_ratio,
    value_at_risk,
)

__all__ = [
    "alpha_beta",
    "annual_return",
    "annual_volatility",
    "beta",
    "bucket_starts",
    "calmar_ratio",
    "capture",
    "conditional_value_at_risk",
    "cum_returns",
    "cum_returns_final",
    "decimal_binary",
    "decimal_compare",
    "decimal_dot",
    "decimal_format",
    "decimal_from_float",
    "decimal_parse",
    "decimal_reduce",
    "decimal_sum_arrow",
    "decimal_sum_sequence",
    "decimal_to_float",
    "decimal_unary",
    "downside_risk",
    "drawdown",
    "drawdown_periods",
    "ema",
    "ema_2d",
    "excess_sharpe",
    "ledger_apply_fills",
    "ledger_commissions",
    "ledger_commissions_f64",
    "ledger_portfolio_values",
    "ledger_portfolio_values_f64",
    "ledger_validate_orders",
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
