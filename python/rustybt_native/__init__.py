"""rustybt-native: exact decimal money math, metrics, indicators and bar aggregation in Rust.

Modules
-------
decimal
    Exact arithmetic on decimal columns (pyarrow, polars or lists of ``decimal.Decimal``).
metrics
    Risk and performance metrics with empyrical's conventions.
indicators
    Technical indicators matching TA-Lib.
ledger
    Portfolio values and commissions on decimal columns, exact.
aggregation
    Time bucketing and resampling of bars.
atc
    The Adaptive Trend Classification signal pipeline and its moving averages.

``backend`` tells which implementation runs: ``"native"`` (the Rust extension) or
``"python"`` (the pure-Python fallback, same results); see :func:`set_backend`.

Examples
--------
>>> import rustybt_native as rn
>>> rn.indicators.sma([1.0, 2.0, 3.0], 2)
array([nan, 1.5, 2.5])
>>> from decimal import Decimal
>>> rn.decimal.sum([Decimal("0.10"), Decimal("0.20")])
Decimal('0.30')
"""

from __future__ import annotations

from . import _backend, aggregation, atc, decimal, exceptions, indicators, ledger, metrics
from ._backend import set_backend
from ._version import __version__

__all__ = [
    "__version__",
    "aggregation",
    "atc",
    "backend",
    "decimal",
    "exceptions",
    "indicators",
    "ledger",
    "metrics",
    "set_backend",
]

backend: str


def __getattr__(attribute: str) -> str:
    # `backend` is read live, so set_backend() shows through `rustybt_native.backend`.
    if attribute == "backend":
        return _backend.name
    raise AttributeError(f"module 'rustybt_native' has no attribute {attribute!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
