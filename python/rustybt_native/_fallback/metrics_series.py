"""Series metrics in numpy, as empyrical (and pyfolio, for drawdown periods) computes them.

Each value is computed with the operations of the Rust kernels in ``crates/metrics/src/
{series,underwater}.rs``, in the same order, so both backends agree bit for bit (``log_returns``
aside: numpy's ``log`` and the platform's may differ in the last bit).
"""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
import numpy.typing as npt

from ._checks import check_finite
from ._columns import per_column
from .metrics import DRAWDOWN_ANCHOR, _finite, _growth_path

Array = npt.NDArray[np.float64]


@per_column("series")
def simple_returns(prices: Array) -> Array:
    """empyrical's ``simple_returns`` on an ndarray: ``np.diff(p) / p[:-1]``."""
    check_finite(prices, "prices")
    with np.errstate(all="ignore"):  # IEEE results, as in Rust
        return np.diff(prices) / prices[:-1]


@per_column("series")
def log_returns(prices: Array) -> Array:
    """The differences of the log prices, ``np.diff(np.log(p))``."""
    check_finite(prices, "prices")
    with np.errstate(all="ignore"):  # IEEE results, as in Rust
        return np.diff(np.log(prices))


@per_column("series")
def cum_returns(returns: Array, starting_value: float) -> Array:
    """empyrical's ``cum_returns``: ``cumprod(1 + r) - 1`` or ``* starting_value``."""
    _finite(starting_value, "starting_value")
    check_finite(returns, "returns")
    growth = _growth_path(returns)
    with np.errstate(all="ignore"):
        return growth - 1.0 if starting_value == 0 else growth * starting_value


@per_column("series")
def drawdown(returns: Array) -> Array:
    """empyrical's ``drawdown_series``: ``(value - peak) / peak``, the peak anchored at 100."""
    check_finite(returns, "returns")
    with np.errstate(all="ignore"):  # overflow to inf, as in Rust
        values = _growth_path(returns) * DRAWDOWN_ANCHOR
        peaks = np.fmax.accumulate(np.concatenate(([DRAWDOWN_ANCHOR], values)))[1:]
        return (values - peaks) / peaks


def drawdown_periods(returns: Array, top: int) -> list[tuple[int, int, Optional[int], float]]:
    """pyfolio's ``get_top_drawdowns``, on positions: (peak, valley, recovery, depth)."""
    check_finite(returns, "returns")
    cum = _growth_path(returns)
    with np.errstate(all="ignore"):
        curve = (cum / np.fmax.accumulate(cum) - 1.0).tolist()
    remaining = list(range(len(curve)))
    periods: list[tuple[int, int, Optional[int], float]] = []
    for _ in range(top):
        present = [k for k, i in enumerate(remaining) if not math.isnan(curve[i])]
        if not present:
            break
        valley_at = min(present, key=lambda k: curve[remaining[k]])  # the first lowest
        zeros_before = [k for k in range(valley_at + 1) if curve[remaining[k]] == 0.0]
        peak_at = zeros_before[-1] if zeros_before else 0
        zeros_after = [k for k in range(valley_at, len(remaining)) if curve[remaining[k]] == 0.0]
        recovery_at = zeros_after[0] if zeros_after else None
        valley = remaining[valley_at]
        periods.append(
            (
                remaining[peak_at],
                valley,
                None if recovery_at is None else remaining[recovery_at],
                curve[valley],
            )
        )
        if recovery_at is None:
            del remaining[peak_at + 1 :]
        else:
            del remaining[peak_at + 1 : recovery_at]
        rest = [curve[i] for i in remaining if not math.isnan(curve[i])]
        if rest and min(rest) == 0.0:
            break
    return periods
