"""The pure-Python backend: the readable reference, with the same functions as ``_native``.

Plain Python, numpy and the :mod:`decimal` module, no cleverness: loops follow the Rust kernels'
order of operations so that both backends give identical results (bit for bit for floats) and
raise the same exceptions with the same messages (Arrow type names aside: each backend spells
them as its Arrow library does).
"""

from .aggregation import bucket_starts
from .decimal import decimal_sum_arrow, decimal_sum_sequence
from .indicators import (
    dema,
    dema_2d,
    ema,
    ema_2d,
    hma,
    hma_2d,
    macd,
    macd_2d,
    mom,
    mom_2d,
    rate_of_change,
    rate_of_change_2d,
    roc,
    roc_2d,
    rsi,
    rsi_2d,
    sma,
    sma_2d,
    tema,
    tema_2d,
    trima,
    trima_2d,
    wma,
    wma_2d,
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

__all__ = [
    "annual_return",
    "annual_volatility",
    "bucket_starts",
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
    "macd",
    "macd_2d",
    "max_drawdown",
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
    "tema",
    "tema_2d",
    "trima",
    "trima_2d",
    "wma",
    "wma_2d",
]
