"""Distribution metrics in numpy, as empyrical computes them (``crates/metrics/src/{tails,
omega}.rs`` line for line, so both backends agree bit for bit)."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidParameterError
from ._checks import check_finite, rust_float
from ._columns import per_column
from .metrics import _finite, _long_enough, _positive, _sequential_sum

Array = npt.NDArray[np.float64]


def _cutoff(cutoff: float) -> float:
    if not 0.0 <= cutoff <= 1.0:
        raise InvalidParameterError(f"cutoff must be between 0 and 1, got {rust_float(cutoff)}")
    return cutoff


def _percentile(ascending: Array, q: float) -> float:
    """``np.percentile(values, q)`` (method "linear") of sorted NaN-free values, numpy's steps."""
    n = ascending.size
    if n == 0:
        return math.nan
    virtual_index = (n - 1) * (q / 100.0)
    below = math.floor(virtual_index)
    if virtual_index >= n - 1:  # numpy takes the last value for both neighbours
        lower = upper = float(ascending[-1])
        fraction = virtual_index + 1.0
    else:
        lower, upper = float(ascending[below]), float(ascending[below + 1])
        fraction = virtual_index - below
    difference = upper - lower
    if fraction >= 0.5:
        return upper - difference * (1.0 - fraction)
    return lower + difference * fraction


@per_column("scalar")
def value_at_risk(returns: Array, cutoff: float) -> float:
    """empyrical's ``value_at_risk``: ``np.percentile(returns, 100 * cutoff)``."""
    _cutoff(cutoff)
    check_finite(returns, "returns")
    if np.isnan(returns).any():
        return math.nan
    return _percentile(np.sort(returns), 100.0 * cutoff)


@per_column("scalar")
def conditional_value_at_risk(returns: Array, cutoff: float) -> float:
    """empyrical's ``conditional_value_at_risk``: the mean of the ``k + 1`` lowest present
    returns, ``k = int((n - 1) * cutoff)``, summed in ascending order."""
    _cutoff(cutoff)
    check_finite(returns, "returns")
    present = returns[~np.isnan(returns)]
    if present.size == 0:
        return math.nan
    k = int((present.size - 1) * cutoff)
    tail = np.sort(present)[: k + 1]
    return (0.0 + _sequential_sum(tail)) / tail.size


@per_column("scalar")
def tail_ratio(returns: Array) -> float:
    """empyrical's ``tail_ratio``: ``|95th percentile| / |5th percentile|``, NaNs dropped."""
    check_finite(returns, "returns")
    ascending = np.sort(returns[~np.isnan(returns)])
    if ascending.size == 0:
        return math.nan
    top, bottom = abs(_percentile(ascending, 95.0)), abs(_percentile(ascending, 5.0))
    # A subnormal 5th percentile overflows the ratio to inf, as the native kernel gives.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return float(np.float64(top) / np.float64(bottom))


@per_column("scalar")
def omega_ratio(
    returns: Array, risk_free: float, required_return: float, annualization: float
) -> float:
    """empyrical's ``omega_ratio``: gains over losses beyond the de-annualized threshold."""
    _finite(risk_free, "risk_free")
    _finite(required_return, "required_return")
    _positive(annualization, "annualization")
    if not _long_enough(returns, 2):
        return math.nan
    if annualization == 1.0:
        threshold = required_return
    elif required_return <= -1.0:
        return math.nan
    else:
        with np.errstate(over="ignore"):  # the C library's pow, inf on overflow as in Rust
            threshold = float(np.float64(1.0 + required_return) ** (1.0 / annualization)) - 1.0
    excess = returns - risk_free - threshold
    gains = 0.0 + _sequential_sum(excess[excess > 0.0])
    losses = 0.0 + _sequential_sum(excess[excess < 0.0])
    denominator = -losses
    return gains / denominator if denominator > 0.0 else math.nan


def _log1p(value: float) -> float:
    """``ln(1 + value)`` as Rust's ``ln_1p`` (the C library's ``log1p``), -inf at -1 and NaN
    below (``math.log1p`` raises there; numpy's vectorised ``log1p`` may round differently)."""
    if value > -1.0:
        return math.log1p(value)
    return -math.inf if value == -1.0 else math.nan


@per_column("scalar")
def stability_of_timeseries(returns: Array) -> float:
    """empyrical's ``stability_of_timeseries``: R² of a line through ``cumsum(log1p(r))``."""
    check_finite(returns, "returns")
    if returns.size < 2:
        return math.nan
    present = returns[~np.isnan(returns)]
    curve = np.cumsum(np.array([_log1p(r) for r in present.tolist()], dtype=np.float64))
    n = curve.size
    if n < 2 or bool(np.all(curve == curve[0])):
        return math.nan
    with np.errstate(invalid="ignore"):
        dx = np.arange(n, dtype=np.float64) - (n - 1) / 2.0
        dy = curve - (0.0 + _sequential_sum(curve)) / n
        ssxm = (0.0 + _sequential_sum(dx * dx)) / n
        ssxym = (0.0 + _sequential_sum(dx * dy)) / n
        ssym = (0.0 + _sequential_sum(dy * dy)) / n
    if ssym == 0.0:
        r = math.nan if ssxym == 0.0 else 0.0
    else:
        r = ssxym / math.sqrt(ssxm * ssym)
        r = r if math.isnan(r) else min(max(r, -1.0), 1.0)
    return r * r
