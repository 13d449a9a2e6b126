"""Cases for ``rustybt_native.metrics``: performance statistics of return series."""

from __future__ import annotations

from functools import partial

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, peer, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

NUMPY_SHARPE = "numpy nanmean/nanstd"
#: Trading days per year, the annualization of period="daily" (empyrical's APPROX_BDAYS_PER_YEAR).
TRADING_DAYS = 252


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One ``metrics.sharpe_ratio`` case per size.
    """
    return sized_cases(
        profile.sizes,
        group="metrics.sharpe_ratio",
        table="metrics.sharpe_ratio - daily returns",
        baseline=NUMPY_SHARPE,
        build=_sharpe_impls,
    )


def numpy_sharpe(returns: npt.NDArray[np.float64]) -> float:
    """Annualized Sharpe ratio (risk-free rate 0) as one would write it in numpy.

    Parameters
    ----------
    returns : ndarray of float64
        Daily returns.

    Returns
    -------
    float
        ``mean / std(ddof=1) * sqrt(252)``, NaNs skipped.
    """
    return float(np.nanmean(returns) / np.nanstd(returns, ddof=1) * np.sqrt(TRADING_DAYS))


def _sharpe_impls(n: int) -> dict[str, Impl]:
    metrics = rn_module("metrics")
    returns = data.returns(n)
    impls = rn_pair("numpy", lambda: metrics.sharpe_ratio(returns))
    impls[NUMPY_SHARPE] = Impl(partial(numpy_sharpe, returns), "numpy")
    impls["empyrical.sharpe_ratio"] = peer(
        "empyrical", lambda empyrical: partial(empyrical.sharpe_ratio, returns)
    )
    return impls
