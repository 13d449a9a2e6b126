"""The metrics under quantstats' conventions, in numpy (``crates/metrics/src/quantstats.rs``
step for step, so both backends agree bit for bit).

quantstats computes on pandas: a mean is ``np.sum`` (numpy's pairwise sum) of the values with
NaN as 0, over the count of present values; a standard deviation is bottleneck's sequential
``nanstd`` (:func:`.metrics._moments`); a product is numpy's sequential ``prod``.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Callable

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidParameterError
from ._checks import check_finite, rust_float
from ._columns import per_column
from .metrics import _divide, _finite, _moments, _positive
from .metrics_factor import _paired
from .metrics_tails import _cutoff, _percentile

Array = npt.NDArray[np.float64]


def _mean(values: Array, shift: float) -> tuple[int, float]:
    """pandas' ``Series.mean()`` of ``values - shift``: ``np.sum`` with NaN as 0 over the count."""
    excess = values - shift
    present = ~np.isnan(excess)
    count = int(present.sum())
    total = float(np.sum(np.where(present, excess, 0.0)))
    return count, (total / count if count else math.nan)


def _per_period_risk_free(risk_free: float, periods: float) -> float:
    _finite(risk_free, "risk_free")
    if risk_free < 0.0:
        raise InvalidParameterError(
            "risk_free must be >= 0 under the quantstats convention (quantstats ignores a "
            f"negative rate), got {rust_float(risk_free)}"
        )
    if risk_free > 0.0:
        return float(np.float64(1.0 + risk_free) ** (1.0 / periods) - 1.0)
    return 0.0


def _prepared(returns: Array, periods: float) -> bool:
    _positive(periods, "annualization")
    check_finite(returns, "returns")
    return bool((~np.isnan(returns)).any())


def sharpe_ratio(returns: Array, risk_free: float, periods: float) -> float:
    present = _prepared(returns, periods)
    shift = _per_period_risk_free(risk_free, periods)
    if not present:
        return math.nan
    _, mean = _mean(returns, shift)
    return _divide(mean, _moments(returns, shift).std) * math.sqrt(periods)


def sortino_ratio(returns: Array, risk_free: float, periods: float) -> float:
    present = _prepared(returns, periods)
    shift = _per_period_risk_free(risk_free, periods)
    if not present:
        return math.nan
    count, mean = _mean(returns, shift)
    excess = returns - shift
    losses = excess[excess < 0.0]
    downside = math.sqrt(float(np.sum(losses * losses)) / count)
    if downside == 0.0:
        return math.nan
    return mean / downside * math.sqrt(periods)


def annual_volatility(returns: Array, periods: float) -> float:
    if not _prepared(returns, periods):
        return math.nan
    return _moments(returns, 0.0).std * math.sqrt(periods)


def _growth(returns: Array) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.prod(1.0 + returns[~np.isnan(returns)]))


def cum_returns_final(returns: Array) -> float:
    check_finite(returns, "returns")
    return _growth(returns) - 1.0


def cagr(returns: Array, periods: float) -> float:
    if not _prepared(returns, periods):
        return math.nan
    count = int((~np.isnan(returns)).sum())
    wealth = (_growth(returns) - 1.0) + 1.0
    years = count / periods
    if wealth < 0.0:
        return math.nan
    with np.errstate(over="ignore"):
        return float(np.float64(abs(wealth)) ** (1.0 / years) - 1.0)


def max_drawdown(returns: Array) -> float:
    if not _prepared(returns, 1.0):
        return math.nan
    with np.errstate(over="ignore", invalid="ignore"):
        growth = np.cumprod(1.0 + np.where(np.isnan(returns), 0.0, returns))
        equity = np.concatenate(([1.0], 1.0 + (growth - 1.0)))
        # fmax/fmin skip NaN as Rust's f64::max/min do
        peak = np.fmax.accumulate(equity)
        return float(np.fmin.reduce(equity / peak)) - 1.0


def calmar_ratio(returns: Array, periods: float) -> float:
    growth = cagr(returns, periods)
    return _divide(growth, abs(max_drawdown(returns)))


def omega_ratio(returns: Array, risk_free: float, required_return: float, periods: float) -> float:
    present = _prepared(returns, periods)
    shift = _per_period_risk_free(risk_free, periods)
    _finite(required_return, "required_return")
    if not present or len(returns) < 2 or required_return <= -1.0:
        return math.nan
    if periods == 1.0:
        threshold = required_return
    else:
        threshold = float(np.float64(1.0 + required_return) ** (1.0 / periods) - 1.0)
    excess = (returns - shift) - threshold if shift > 0.0 else returns - threshold
    numerator = float(np.sum(excess[excess > 0.0]))
    denominator = -1.0 * float(np.sum(excess[excess < 0.0]))
    return numerator / denominator if denominator > 0.0 else math.nan


def inverse_normal_cdf(p: float) -> float:
    """The standard normal quantile (scipy's ``ndtri``) by Wichura's AS241, as CPython's
    :meth:`statistics.NormalDist.inv_cdf` evaluates it."""
    if math.isnan(p) or not 0.0 <= p <= 1.0:
        return math.nan
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    return NormalDist().inv_cdf(p)


def value_at_risk(returns: Array, cutoff: float) -> float:
    check_finite(returns, "returns")
    _cutoff(cutoff)
    _, mean = _mean(returns, 0.0)
    std = _moments(returns, 0.0).std
    if not std > 0.0 or math.isnan(mean):
        return math.nan
    return inverse_normal_cdf(cutoff) * std + mean


def _normal_pdf(x: float) -> float:
    """scipy's ``_norm_pdf``: ``exp(-x ** 2 / 2) / sqrt(2 pi)``."""
    return math.exp(-(x * x) / 2.0) / math.sqrt(2.0 * math.pi)


def conditional_value_at_risk(returns: Array, cutoff: float) -> float:
    check_finite(returns, "returns")
    _cutoff(cutoff)
    present = np.ascontiguousarray(returns[~np.isnan(returns)])
    if present.size == 0:
        return math.nan
    _, mean = _mean(present, 0.0)
    std = _moments(present, 0.0).std
    if std == 0.0 or math.isnan(std):
        return mean
    return mean - _divide(std * _normal_pdf(inverse_normal_cdf(cutoff)), cutoff)


def tail_ratio(returns: Array) -> float:
    check_finite(returns, "returns")
    ascending = np.sort(returns[~np.isnan(returns)])
    cutoff = 0.95
    upper = _percentile(ascending, cutoff * 100.0)
    lower = _percentile(ascending, (1.0 - cutoff) * 100.0)
    if math.isnan(upper) or math.isnan(lower) or lower == 0.0:
        return math.nan
    return abs(upper / lower)


#: Each metric as a function of (returns, risk_free, required_return, cutoff, periods).
_METRICS: dict[str, Callable[[Array, float, float, float, float], float]] = {
    "sharpe_ratio": lambda r, rf, req, cut, per: sharpe_ratio(r, rf, per),
    "sortino_ratio": lambda r, rf, req, cut, per: sortino_ratio(r, rf, per),
    "annual_volatility": lambda r, rf, req, cut, per: annual_volatility(r, per),
    "cum_returns_final": lambda r, rf, req, cut, per: cum_returns_final(r),
    "cagr": lambda r, rf, req, cut, per: cagr(r, per),
    "max_drawdown": lambda r, rf, req, cut, per: max_drawdown(r),
    "calmar_ratio": lambda r, rf, req, cut, per: calmar_ratio(r, per),
    "omega_ratio": lambda r, rf, req, cut, per: omega_ratio(r, rf, req, per),
    "value_at_risk": lambda r, rf, req, cut, per: value_at_risk(r, cut),
    "conditional_value_at_risk": lambda r, rf, req, cut, per: conditional_value_at_risk(r, cut),
    "tail_ratio": lambda r, rf, req, cut, per: tail_ratio(r),
}


@per_column("scalar")
def _metric(
    returns: Array,
    name: str,
    risk_free: float,
    required_return: float,
    cutoff: float,
    periods: float,
) -> float:
    if name not in _METRICS:
        raise InvalidParameterError(f'there is no metric "{name}" under this convention')
    return _METRICS[name](returns, risk_free, required_return, cutoff, periods)


def quantstats_metric(
    name: str,
    returns: Array,
    risk_free: float,
    required_return: float,
    cutoff: float,
    annualization: float,
) -> object:
    """The quantstats-convention metric ``name`` of one series, or of each column of a matrix."""
    return _metric(returns, name, risk_free, required_return, cutoff, annualization)


@per_column("pair")
def quantstats_alpha_beta(
    returns: Array, factor_returns: Array, annualization: float
) -> tuple[float, float]:
    """quantstats' ``greeks``: ``np.cov``'s beta over the paired present periods, alpha as
    ``(mean(r) - beta * mean(b)) * periods``, NaN given as 0. The products are summed left to
    right (``np.cov`` leaves their order to BLAS)."""
    _positive(annualization, "annualization")
    _paired(returns, factor_returns)
    both = ~np.isnan(returns) & ~np.isnan(factor_returns)
    r, b = np.ascontiguousarray(returns[both]), np.ascontiguousarray(factor_returns[both])
    n = r.size
    with np.errstate(all="ignore"):
        mean_r = np.float64(np.sum(r)) / np.float64(n)
        mean_b = np.float64(np.sum(b)) / np.float64(n)
        scale = np.float64(1.0) / np.float64(n - 1.0)
        dx, dy = r - mean_r, b - mean_b
        cross = np.cumsum(dx * dy)[-1] if n else np.float64(0.0)
        squares = np.cumsum(dy * dy)[-1] if n else np.float64(0.0)
        covariance, variance = cross * scale, squares * scale
        constant = bool(np.all(b == b[0])) if n else True  # residue of a rounded mean
        beta = np.float64(math.nan) if variance == 0.0 or constant else covariance / variance
        alpha = (mean_r - beta * mean_b) * np.float64(annualization)
    return (0.0 if math.isnan(alpha) else float(alpha), 0.0 if math.isnan(beta) else float(beta))
