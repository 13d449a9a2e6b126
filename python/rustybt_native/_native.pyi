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
    "bucket_starts",
    "build_profile",
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
