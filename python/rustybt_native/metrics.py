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

__all__ = [
    "ANNUALIZATION_FACTORS",
    "annual_return",
    "annual_volatility",
    "calmar_ratio",
    "cum_returns_final",
    "downside_risk",
    "max_drawdown",
    "sharpe_ratio",
    "sortino_ratio",
]

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
    return _backend.impl.sharpe_ratio(  # type: ignore[no-any-return]
        values, rf, text(period, "period"), _annualization(annualization)
    )


def _annualization(annualization: Any) -> Optional[float]:
    return None if annualization is None else real(annualization, "annualization")


def cum_returns_final(returns: Any, starting_value: float = 0) -> float:
    """Total return of a series: ``prod(1 + returns) - 1``.

    empyrical's ``cum_returns_final``. With a non-zero ``starting_value`` the result is the
    final value of that investment, ``prod(1 + returns) * starting_value``.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period (numpy array, list or pandas Series). A NaN return
        counts as 0.
    starting_value : float, default 0
        The amount invested; 0 gives the total return instead of a final value.

    Returns
    -------
    float
        The total return (or final value). NaN for an empty series; 0 (or ``starting_value``)
        when every return is NaN.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        For a non-finite ``starting_value``.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.cum_returns_final([0.1, -0.05, float("nan"), 0.02])
    0.06589999999999985
    >>> rn.metrics.cum_returns_final([0.1, -0.05], starting_value=1000)
    1045.0
    """
    values = float_array(returns, "returns")
    start = real(starting_value, "starting_value")
    return _backend.impl.cum_returns_final(values, start)  # type: ignore[no-any-return]


def annual_return(
    returns: Any, period: str = "daily", annualization: Optional[float] = None
) -> float:
    """Compound annual growth rate (CAGR) of a return series.

    ``prod(1 + returns) ** (1 / years) - 1`` with ``years = len(returns) / annualization``,
    empyrical's ``annual_return`` (which empyrical also calls ``cagr``).

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period. A NaN return compounds as 0 but still counts as a
        period in ``years``, as in empyrical.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.

    Returns
    -------
    float
        The annual growth rate. NaN for an empty series, and when the total growth is
        negative (a loss beyond -100%) and the root is not real.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        For an unknown ``period`` or ``annualization`` <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.annual_return([0.01, 0.02, -0.01, 0.015], period="quarterly")
    0.03519646999999981
    >>> round(rn.metrics.annual_return([0.001] * 126), 6)
    0.286434
    """
    values = float_array(returns, "returns")
    return _backend.impl.annual_return(  # type: ignore[no-any-return]
        values, text(period, "period"), _annualization(annualization)
    )


def annual_volatility(
    returns: Any,
    period: str = "daily",
    alpha: float = 2.0,
    annualization: Optional[float] = None,
) -> float:
    """Annualized volatility of a return series.

    ``std(returns, ddof=1) * annualization ** (1 / alpha)``, empyrical's
    ``annual_volatility``, NaNs skipped.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period. NaNs are skipped.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    alpha : float, default 2.0
        Scaling exponent (Levy stability exponent); 2 is the square-root-of-time rule.
    annualization : float, optional
        Periods per year, overriding ``period``.

    Returns
    -------
    float
        The annualized volatility. NaN with fewer than two returns (NaNs counted) or two
        present values.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        For an unknown ``period``, or ``alpha`` or ``annualization`` not finite and > 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.annual_volatility([0.01, -0.005, 0.02, 0.0, 0.007])
    0.15251098321104617
    >>> rn.metrics.annual_volatility([0.01, -0.005, 0.02], period="monthly", alpha=3.0)
    0.02880801002324673
    """
    values = float_array(returns, "returns")
    return _backend.impl.annual_volatility(  # type: ignore[no-any-return]
        values, text(period, "period"), real(alpha, "alpha"), _annualization(annualization)
    )


def max_drawdown(returns: Any) -> float:
    """Maximum drawdown: the deepest fall of the cumulative value from its running peak.

    The most negative ``(value - peak) / peak`` over ``value = 100 * cumprod(1 + returns)``
    and its running maximum, which starts at the initial 100; empyrical's ``max_drawdown``.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period. A NaN return counts as 0.

    Returns
    -------
    float
        The maximum drawdown, <= 0 (-0.2 is a fall of 20%). 0 for a series that never
        falls below its peak; NaN for an empty series.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.max_drawdown([0.1, -0.2, 0.1, -0.15])
    -0.25199999999999995
    >>> rn.metrics.max_drawdown([0.01, 0.02])
    0.0
    """
    values = float_array(returns, "returns")
    return _backend.impl.max_drawdown(values)  # type: ignore[no-any-return]


def downside_risk(
    returns: Any,
    required_return: float = 0,
    period: str = "daily",
    annualization: Optional[float] = None,
) -> float:
    """Annualized downside deviation below a required return.

    ``sqrt(mean(min(returns - required_return, 0) ** 2)) * sqrt(annualization)``,
    empyrical's ``downside_risk``, NaNs skipped. Returns above ``required_return`` count
    as 0 in the mean.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period. NaNs are skipped.
    required_return : float, default 0
        Minimum acceptable return per period.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.

    Returns
    -------
    float
        The annualized downside deviation. NaN for an empty or all-NaN series.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        For an unknown ``period``, a non-finite ``required_return``, or ``annualization``
        <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.downside_risk([0.01, -0.02, 0.03, -0.005])
    0.16363068171953574
    >>> rn.metrics.downside_risk([0.01, -0.02, 0.03], required_return=0.01, period="monthly")
    0.06
    """
    values = float_array(returns, "returns")
    return _backend.impl.downside_risk(  # type: ignore[no-any-return]
        values,
        real(required_return, "required_return"),
        text(period, "period"),
        _annualization(annualization),
    )


def sortino_ratio(
    returns: Any,
    required_return: float = 0,
    period: str = "daily",
    annualization: Optional[float] = None,
) -> float:
    """Sortino ratio: annualized mean excess return over annualized downside risk.

    ``mean(returns - required_return) * annualization / downside_risk(returns,
    required_return)``, empyrical's ``sortino_ratio``, NaNs skipped.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period. NaNs are skipped.
    required_return : float, default 0
        Minimum acceptable return per period.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.

    Returns
    -------
    float
        The Sortino ratio. NaN with fewer than two returns (NaNs counted); ``inf``/``-inf``
        when no return is below ``required_return`` (zero downside risk), NaN when the mean
        excess is 0 too, as empyrical gives.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        For an unknown ``period``, a non-finite ``required_return``, or ``annualization``
        <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.sortino_ratio([0.01, -0.02, 0.03, -0.005])
    5.775200531277728
    >>> rn.metrics.sortino_ratio([0.01, 0.02])
    inf
    """
    values = float_array(returns, "returns")
    return _backend.impl.sortino_ratio(  # type: ignore[no-any-return]
        values,
        real(required_return, "required_return"),
        text(period, "period"),
        _annualization(annualization),
    )


def calmar_ratio(
    returns: Any, period: str = "daily", annualization: Optional[float] = None
) -> float:
    """Calmar ratio: annual return over the magnitude of the maximum drawdown.

    ``annual_return(returns) / abs(max_drawdown(returns))``, empyrical's ``calmar_ratio``.
    Both come from one pass over the data.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period. A NaN return counts as 0 (and as a period).
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.

    Returns
    -------
    float
        The Calmar ratio. NaN when there is no drawdown (maximum drawdown 0, or an empty
        series) and when the ratio would be infinite, as empyrical gives.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        For an unknown ``period`` or ``annualization`` <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.calmar_ratio([0.1, -0.2, 0.1, 0.05], period="monthly")
    0.2500564547200035
    >>> rn.metrics.calmar_ratio([0.01, 0.02])
    nan
    """
    values = float_array(returns, "returns")
    return _backend.impl.calmar_ratio(  # type: ignore[no-any-return]
        values, text(period, "period"), _annualization(annualization)
    )
