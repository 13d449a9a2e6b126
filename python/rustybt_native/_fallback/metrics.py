"""Metrics in numpy, as empyrical computes them.

empyrical takes ``nanmean``/``nanstd`` from bottleneck (a dependency of empyrical-reloaded),
which add the present values one after the other; ``np.cumsum`` adds in that same order, where
``np.sum`` would add pairwise and differ in the last bits. Products (``np.nanprod``,
``np.cumprod``) are sequential in numpy already.
"""

from __future__ import annotations

import math
from typing import NamedTuple, Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidParameterError
from ._checks import check_finite, rust_float
from ._columns import per_column

ANNUALIZATION_FACTORS = {"daily": 252, "weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1}
#: The value empyrical's ``drawdown_series`` starts from and anchors the running peak at.
DRAWDOWN_ANCHOR = 100.0


def _finite(value: float, name: str) -> float:
    if not math.isfinite(value):
        raise InvalidParameterError(f"{name} must be finite, got {rust_float(value)}")
    return value


def _positive(value: float, name: str) -> float:
    if not (math.isfinite(value) and value > 0):
        raise InvalidParameterError(f"{name} must be a finite number > 0, got {rust_float(value)}")
    return value


def _long_enough(returns: npt.NDArray[np.float64], min_len: int) -> bool:
    """Rejects infinite returns, then: are there ``min_len`` of them, NaNs counted (empyrical
    gives NaN for ``len(returns) < min_len`` before looking at the values)?"""
    check_finite(returns, "returns")
    return len(returns) >= min_len


def _annualization_factor(period: str, annualization: Optional[float]) -> float:
    if annualization is not None:
        return _positive(annualization, "annualization")
    if period not in ANNUALIZATION_FACTORS:
        raise InvalidParameterError(
            f'period cannot be "{period}": use one of "daily", "weekly", "monthly", '
            '"quarterly", "yearly"'
        )
    return float(ANNUALIZATION_FACTORS[period])


def _divide(numerator: float, denominator: float) -> float:
    """IEEE division: ±inf or NaN for a zero denominator, as numpy gives (without a warning)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return float(np.divide(np.float64(numerator), np.float64(denominator)))


class _Moments(NamedTuple):
    present: int  # how many values are not NaN
    mean: float
    std: float  # bottleneck's nanstd(ddof=1)
    all_equal: bool

    def zero_dispersion_std(self) -> float:
        """empyrical's ``_zero_dispersion_std``: 0 for two or more equal values."""
        return 0.0 if self.all_equal and self.present >= 2 else self.std


def _moments(values: npt.NDArray[np.float64], shift: float) -> _Moments:
    """Count, mean and ddof=1 deviation of ``values - shift``, NaNs skipped, bottleneck's order."""
    excess = values - shift
    present = excess[~np.isnan(excess)]
    count = present.size
    mean = _sequential_sum(present) / count if count else math.nan
    if count < 2:
        std = math.nan
    else:
        deviations = present - mean
        std = math.sqrt(_sequential_sum(deviations * deviations) / (count - 1))
    all_equal = bool(count == 0 or present.min() == present.max())
    return _Moments(count, mean, std, all_equal)


def _sequential_sum(values: npt.NDArray[np.float64]) -> float:
    """values[0] + values[1] + ... left to right (cumsum's order, not np.sum's pairwise one)."""
    return float(np.cumsum(values)[-1]) if values.size else 0.0


def _growth_path(returns: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Running growth of one unit, ``cumprod(1 + r)``, a NaN return counting as 0."""
    with np.errstate(over="ignore", invalid="ignore"):  # overflow to inf, as in Rust
        return np.cumprod(np.where(np.isnan(returns), 0.0, returns) + 1.0, dtype=np.float64)


def _total_growth(returns: npt.NDArray[np.float64]) -> float:
    return float(_growth_path(returns)[-1]) if returns.size else 1.0


def _annualized_growth_rate(growth: float, periods: int, annualization: float) -> float:
    """``growth ** (1 / years) - 1``: empyrical's ``annual_return`` formula."""
    years = periods / annualization
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        return float(np.float64(growth) ** (1.0 / years) - 1.0)


def _growth_and_max_drawdown(returns: npt.NDArray[np.float64]) -> tuple[float, float]:
    """Total growth and the deepest ``(value - peak) / peak`` (NaN for an empty series)."""
    growth = _growth_path(returns)
    values = growth * DRAWDOWN_ANCHOR
    peaks = np.fmax.accumulate(np.concatenate(([DRAWDOWN_ANCHOR], values)))[1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        drawdowns = (values - peaks) / peaks
    present = drawdowns[~np.isnan(drawdowns)]
    worst = float(present.min()) if present.size else math.nan
    return (float(growth[-1]) if growth.size else 1.0), worst


def _downside(
    returns: npt.NDArray[np.float64],
    required_return: float,
    period: str,
    annualization: Optional[float],
    min_len: int,
) -> Optional[tuple[float, float, float]]:
    """The factor, the mean excess return and the downside deviation per period, NaNs skipped;
    None for fewer than ``min_len`` returns (empyrical's NaN). Checks as the Rust kernels do."""
    factor = _annualization_factor(period, annualization)
    _finite(required_return, "required_return")
    if not _long_enough(returns, min_len):
        return None
    excess = returns - required_return
    present = excess[~np.isnan(excess)]
    shortfalls = np.minimum(present, 0.0)
    count = present.size
    if not count:
        return factor, math.nan, math.nan
    return (
        factor,
        _sequential_sum(present) / count,
        math.sqrt(_sequential_sum(shortfalls * shortfalls) / count),
    )


@per_column("scalar")
def sharpe_ratio(
    returns: npt.NDArray[np.float64],
    risk_free: float,
    period: str,
    annualization: Optional[float] = None,
) -> float:
    """empyrical's ``sharpe_ratio``, with its (bottleneck's) sequential sums."""
    factor = _annualization_factor(period, annualization)
    _finite(risk_free, "risk_free")
    if not _long_enough(returns, 2):
        return math.nan
    moments = _moments(returns, risk_free)
    return _divide(moments.mean, moments.zero_dispersion_std()) * math.sqrt(factor)


@per_column("scalar")
def cum_returns_final(returns: npt.NDArray[np.float64], starting_value: float) -> float:
    """empyrical's ``cum_returns_final``: ``nanprod(1 + r) - 1`` or ``* starting_value``."""
    _finite(starting_value, "starting_value")
    if not _long_enough(returns, 1):
        return math.nan
    growth = _total_growth(returns)
    return growth - 1.0 if starting_value == 0 else growth * starting_value


@per_column("scalar")
def annual_return(
    returns: npt.NDArray[np.float64], period: str, annualization: Optional[float] = None
) -> float:
    """empyrical's ``annual_return``: ``nanprod(1 + r) ** (1 / years) - 1``."""
    factor = _annualization_factor(period, annualization)
    if not _long_enough(returns, 1):
        return math.nan
    return _annualized_growth_rate(_total_growth(returns), returns.size, factor)


@per_column("scalar")
def annual_volatility(
    returns: npt.NDArray[np.float64],
    period: str,
    alpha: float,
    annualization: Optional[float] = None,
) -> float:
    """empyrical's ``annual_volatility``: bottleneck's ``nanstd(ddof=1) * factor ** (1/alpha)``."""
    factor = _annualization_factor(period, annualization)
    _positive(alpha, "alpha")
    if not _long_enough(returns, 2):
        return math.nan
    return _moments(returns, 0.0).std * math.pow(factor, 1.0 / alpha)


@per_column("scalar")
def max_drawdown(returns: npt.NDArray[np.float64]) -> float:
    """empyrical's ``max_drawdown``: the most negative ``(value - peak) / peak``."""
    check_finite(returns, "returns")
    return _growth_and_max_drawdown(returns)[1]


@per_column("scalar")
def downside_risk(
    returns: npt.NDArray[np.float64],
    required_return: float,
    period: str,
    annualization: Optional[float] = None,
) -> float:
    """empyrical's ``downside_risk``: ``sqrt(nanmean(min(r - required, 0) ** 2) * factor)``."""
    downside = _downside(returns, required_return, period, annualization, 1)
    if downside is None:
        return math.nan
    factor, _, deviation = downside
    return deviation * math.sqrt(factor)


@per_column("scalar")
def sortino_ratio(
    returns: npt.NDArray[np.float64],
    required_return: float,
    period: str,
    annualization: Optional[float] = None,
) -> float:
    """empyrical's ``sortino_ratio``: annualized mean excess over annualized downside risk."""
    downside = _downside(returns, required_return, period, annualization, 2)
    if downside is None:
        return math.nan
    factor, mean, deviation = downside
    return _divide(mean * factor, deviation * math.sqrt(factor))


@per_column("scalar")
def calmar_ratio(
    returns: npt.NDArray[np.float64], period: str, annualization: Optional[float] = None
) -> float:
    """empyrical's ``calmar_ratio``: annual return over ``|max_drawdown|``, NaN if none or inf."""
    factor = _annualization_factor(period, annualization)
    check_finite(returns, "returns")
    growth, worst = _growth_and_max_drawdown(returns)
    if not worst < 0:
        return math.nan
    ratio = _annualized_growth_rate(growth, returns.size, factor) / abs(worst)
    return math.nan if math.isinf(ratio) else ratio
