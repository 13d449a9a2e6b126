"""The pure-Python backend: the readable reference, with the same functions as ``_native``.

Plain Python, numpy and the :mod:`decimal` module, no cleverness: loops follow the Rust kernels'
order of operations so that both backends give identical results (bit for bit for floats) and
raise the same exceptions with the same messages (Arrow type names aside: each backend spells
them as its Arrow library does).
"""

from .aggregation import bucket_starts
from .decimal import decimal_sum_arrow, decimal_sum_sequence
from .indicators import ema, ema_2d, rsi, rsi_2d, sma, sma_2d, wma, wma_2d
from .metrics import sharpe_ratio

__all__ = [
    "bucket_starts",
    "decimal_sum_arrow",
    "decimal_sum_sequence",
    "ema",
    "ema_2d",
    "rsi",
    "rsi_2d",
    "sharpe_ratio",
    "sma",
    "sma_2d",
    "wma",
    "wma_2d",
]
