"""Risk and performance metrics with empyrical's conventions.

Returns are non-cumulative period returns (0.01 is +1%). NaN marks a missing observation and is
skipped as empyrical skips it; infinite values raise
:class:`~rustybt_native.exceptions.InvalidInputError`. Results equal empyrical's to the last bit:
the kernels sum in the order empyrical does (bottleneck's sequential loops).
"""

from __future__ import annotations

from typing import Any, Optional

from . import _backend
from ._validation import float_array, real, text

__all__ = ["ANNUALIZATION_FACTORS", "sharpe_ratio"]

#: Periods per year for each ``period`` name, as in empyrical.
ANNUALIZATION_FACTORS = {"daily": 252, "weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1}


def sharpe_ratio(
    returns: Any,
    risk_free: float = 0.0,
    period: str = "daily",
    annualization: Optional[float] = None,
) -> float:
    """Annualized Sharpe ratio of a return series.

    ``mean(returns - risk_free) / std(returns - risk_free, ddof=1) * sqrt(annualization)``,
    empyrical's ``sharpe_ratio``.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period (numpy array, list or pandas Series). NaNs are skipped.
    risk_free : float, default 0.0
        Risk-free return per period, subtracted from every return.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period`` (e.g. 365 for crypto daily returns).

    Returns
    -------
    float
        The annualized Sharpe ratio. NaN with fewer than two returns or two present values;
        ``inf``/``-inf`` when every excess return is equal and non-zero (zero deviation), NaN
        when they are all zero, as empyrical gives.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        For an unknown ``period``, a non-finite ``risk_free``, or ``annualization`` <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> round(rn.metrics.sharpe_ratio([0.01, -0.005, 0.02, 0.0, 0.007]), 6)
    10.574976
    >>> round(rn.metrics.sharpe_ratio([0.01, -0.005, 0.02], period="monthly"), 6)
    2.294157
    """
    values = float_array(returns, "returns")
    rf = real(risk_free, "risk_free")
    factor = None if annualization is None else real(annualization, "annualization")
    return _backend.impl.sharpe_ratio(  # type: ignore[no-any-return]
        values, rf, text(period, "period"), factor
    )
