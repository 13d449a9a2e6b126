"""Risk and performance metrics with empyrical's conventions.

Returns are non-cumulative period returns (0.01 is +1%). NaN marks a missing observation and is
skipped as empyrical skips it; infinite values raise
:class:`~rustybt_native.exceptions.InvalidInputError`. Results equal empyrical's to the last bit:
the kernels sum in the order empyrical does (bottleneck's sequential loops).

The metrics that quantstats offers too take ``convention="quantstats"`` for quantstats' results
(annual risk-free rate, parametric value at risk, ...); see "Conventions: empyrical and
quantstats" in docs/metrics.md.
"""

from __future__ import annotations

import operator
import sys
from decimal import Decimal as _Decimal
from typing import Any, Optional, Union

import numpy as np

from . import _backend
from ._validation import float_array, real, text, window
from .exceptions import InputTypeError, InvalidParameterError

__all__ = [
    "ANNUALIZATION_FACTORS",
    "alpha",
    "alpha_beta",
    "annual_return",
    "annual_volatility",
    "beta",
    "cagr",
    "calmar_ratio",
    "capture",
    "conditional_value_at_risk",
    "cum_returns",
    "cum_returns_final",
    "down_capture",
    "downside_risk",
    "drawdown",
    "drawdown_periods",
    "excess_sharpe",
    "log_returns",
    "max_drawdown",
    "omega_ratio",
    "roll_annual_volatility",
    "roll_beta",
    "roll_max_drawdown",
    "roll_sharpe_ratio",
    "sharpe_ratio",
    "simple_returns",
    "sortino_ratio",
    "stability_of_timeseries",
    "summary",
    "tail_ratio",
    "up_capture",
    "value_at_risk",
]

#: A float for float returns; a Decimal, int or str (exact values) for Decimal returns.
_Exact = Union[float, _Decimal, str]

#: Periods per year for each ``period`` name, as in empyrical.
ANNUALIZATION_FACTORS = {"daily": 252, "weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1}


def sharpe_ratio(
    returns: Any,
    risk_free: _Exact = 0.0,
    period: str = "daily",
    annualization: Optional[_Exact] = None,
    *,
    context: Any = None,
    convention: str = "empyrical",
) -> Any:
    """Annualized Sharpe ratio of a return series.

    ``mean(returns - risk_free) / std(returns - risk_free, ddof=1) * sqrt(annualization)``,
    empyrical's ``sharpe_ratio``.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period (numpy array, list or pandas Series). NaNs are skipped.
    risk_free : float, default 0.0
        Risk-free return per period, subtracted from every return.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period`` (e.g. 365 for crypto daily returns).
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.sharpe(returns, rf=risk_free,
        periods=annualization)``: ``risk_free`` is then an annual rate, de-annualized as
        ``(1 + risk_free) ** (1 / annualization) - 1``.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The annualized Sharpe ratio. NaN with fewer than two returns or two present values;
        ``inf``/``-inf`` when every excess return is equal and non-zero (zero deviation), NaN
        when they are all zero, as empyrical gives.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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

    Decimal returns (a decimal column) give a ``decimal.Decimal``, computed exactly and
    rounded once to the context:

    >>> from decimal import Decimal
    >>> rn.metrics.sharpe_ratio([Decimal("0.01"), Decimal("0.03")], annualization=1)
    Decimal('1.414213562373095048801688724')
    """
    if _is_quantstats(convention):
        return _quantstats_metric(
            "sharpe_ratio", returns, period, annualization, risk_free=risk_free
        )
    if _is_decimal_returns(returns):
        return _decimal_metric(
            "sharpe_ratio", returns, risk_free, "risk_free", period, annualization, context
        )
    values = float_array(returns, "returns", ndims=(1, 2))
    rf = real(risk_free, "risk_free")
    return _per_column(
        returns,
        _backend.impl.sharpe_ratio(
            values, rf, text(period, "period"), _annualization(annualization)
        ),
    )


def _annualization(annualization: Any) -> Optional[float]:
    return None if annualization is None else real(annualization, "annualization")


def cum_returns_final(
    returns: Any,
    starting_value: _Exact = 0,
    *,
    context: Any = None,
    convention: str = "empyrical",
) -> Any:
    """Total return of a series: ``prod(1 + returns) - 1``.

    empyrical's ``cum_returns_final``. With a non-zero ``starting_value`` the result is the
    final value of that investment, ``prod(1 + returns) * starting_value``.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period (numpy array, list or pandas Series). A NaN return
        counts as 0.
    starting_value : float, default 0
        The amount invested; 0 gives the total return instead of a final value.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.comp(returns)``: 0 for an empty
        series; ``starting_value`` must be 0.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The total return (or final value). NaN for an empty series; 0 (or ``starting_value``)
        when every return is NaN.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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

    Decimal returns compound in Decimal, each step rounded to the context as Python's
    ``decimal`` rounds it:

    >>> from decimal import Decimal
    >>> rn.metrics.cum_returns_final([Decimal("0.1"), Decimal("-0.05")], starting_value=1000)
    Decimal('1045.0000')
    """
    if _is_quantstats(convention):
        return _quantstats_metric("cum_returns_final", returns, starting_value=starting_value)
    if _is_decimal_returns(returns):
        return _decimal_metric(
            "cum_returns_final", returns, starting_value, "starting_value", "daily", None, context
        )
    values = float_array(returns, "returns", ndims=(1, 2))
    start = real(starting_value, "starting_value")
    return _per_column(returns, _backend.impl.cum_returns_final(values, start))


def annual_return(
    returns: Any,
    period: str = "daily",
    annualization: Optional[_Exact] = None,
    *,
    context: Any = None,
    convention: str = "empyrical",
) -> Any:
    """Compound annual growth rate (CAGR) of a return series.

    ``prod(1 + returns) ** (1 / years) - 1`` with ``years = len(returns) / annualization``,
    empyrical's ``annual_return`` (which empyrical also calls ``cagr``).

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. A NaN return compounds as 0 but still counts as a
        period in ``years``, as in empyrical.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.cagr(returns, periods=annualization)``: years
        count the present (non-NaN) returns only.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The annual growth rate. NaN for an empty series, and when the total growth is
        negative (a loss beyond -100%) and the root is not real.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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
    if _is_quantstats(convention):
        return _quantstats_metric("cagr", returns, period, annualization)
    if _is_decimal_returns(returns):
        return _decimal_metric("annual_return", returns, 0, "", period, annualization, context)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(
        returns,
        _backend.impl.annual_return(values, text(period, "period"), _annualization(annualization)),
    )


def annual_volatility(
    returns: Any,
    period: str = "daily",
    alpha: float = 2.0,
    annualization: Optional[_Exact] = None,
    *,
    context: Any = None,
    convention: str = "empyrical",
) -> Any:
    """Annualized volatility of a return series.

    ``std(returns, ddof=1) * annualization ** (1 / alpha)``, empyrical's
    ``annual_volatility``, NaNs skipped.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are skipped.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    alpha : float, default 2.0
        Scaling exponent (Levy stability exponent); 2 is the square-root-of-time rule.
    annualization : float, optional
        Periods per year, overriding ``period``.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.volatility(returns, periods=annualization)``:
        ``alpha`` must be 2.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The annualized volatility. NaN with fewer than two returns (NaNs counted) or two
        present values.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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
    if _is_quantstats(convention):
        return _quantstats_metric("annual_volatility", returns, period, annualization, alpha=alpha)
    if _is_decimal_returns(returns):
        _decimal_alpha(alpha)
        return _decimal_metric("annual_volatility", returns, 0, "", period, annualization, context)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(
        returns,
        _backend.impl.annual_volatility(
            values, text(period, "period"), real(alpha, "alpha"), _annualization(annualization)
        ),
    )


def max_drawdown(
    returns: Any,
    *,
    context: Any = None,
    convention: str = "empyrical",
) -> Any:
    """Maximum drawdown: the deepest fall of the cumulative value from its running peak.

    The most negative ``(value - peak) / peak`` over ``value = 100 * cumprod(1 + returns)``
    and its running maximum, which starts at the initial 100; empyrical's ``max_drawdown``.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. A NaN return counts as 0.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.max_drawdown(returns)``.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The maximum drawdown, <= 0 (-0.2 is a fall of 20%). 0 for a series that never
        falls below its peak; NaN for an empty series.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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
    if _is_quantstats(convention):
        return _quantstats_metric("max_drawdown", returns)
    if _is_decimal_returns(returns):
        return _decimal_metric("max_drawdown", returns, 0, "", "daily", None, context)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(returns, _backend.impl.max_drawdown(values))


def downside_risk(
    returns: Any,
    required_return: _Exact = 0,
    period: str = "daily",
    annualization: Optional[_Exact] = None,
    *,
    context: Any = None,
) -> Any:
    """Annualized downside deviation below a required return.

    ``sqrt(mean(min(returns - required_return, 0) ** 2)) * sqrt(annualization)``,
    empyrical's ``downside_risk``, NaNs skipped. Returns above ``required_return`` count
    as 0 in the mean.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are skipped.
    required_return : float, default 0
        Minimum acceptable return per period.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The annualized downside deviation. NaN for an empty or all-NaN series.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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
    if _is_decimal_returns(returns):
        return _decimal_metric(
            "downside_risk",
            returns,
            required_return,
            "required_return",
            period,
            annualization,
            context,
        )
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(
        returns,
        _backend.impl.downside_risk(
            values,
            real(required_return, "required_return"),
            text(period, "period"),
            _annualization(annualization),
        ),
    )


def sortino_ratio(
    returns: Any,
    required_return: _Exact = 0,
    period: str = "daily",
    annualization: Optional[_Exact] = None,
    *,
    context: Any = None,
    convention: str = "empyrical",
) -> Any:
    """Sortino ratio: annualized mean excess return over annualized downside risk.

    ``mean(returns - required_return) * annualization / downside_risk(returns,
    required_return)``, empyrical's ``sortino_ratio``, NaNs skipped.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are skipped.
    required_return : float, default 0
        Minimum acceptable return per period.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.sortino(returns, rf=required_return,
        periods=annualization)``: ``required_return`` is then an annual rate (de-annualized as
        the risk-free rate of :func:`sharpe_ratio`), the downside deviation is
        ``sqrt(sum(min(excess, 0) ** 2) / count)`` and no downside gives NaN.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The Sortino ratio. NaN with fewer than two returns (NaNs counted); ``inf``/``-inf``
        when no return is below ``required_return`` (zero downside risk), NaN when the mean
        excess is 0 too, as empyrical gives.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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
    if _is_quantstats(convention):
        return _quantstats_metric(
            "sortino_ratio", returns, period, annualization, risk_free=required_return
        )
    if _is_decimal_returns(returns):
        return _decimal_metric(
            "sortino_ratio",
            returns,
            required_return,
            "required_return",
            period,
            annualization,
            context,
        )
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(
        returns,
        _backend.impl.sortino_ratio(
            values,
            real(required_return, "required_return"),
            text(period, "period"),
            _annualization(annualization),
        ),
    )


def calmar_ratio(
    returns: Any,
    period: str = "daily",
    annualization: Optional[float] = None,
    *,
    convention: str = "empyrical",
) -> Any:
    """Calmar ratio: annual return over the magnitude of the maximum drawdown.

    ``annual_return(returns) / abs(max_drawdown(returns))``, empyrical's ``calmar_ratio``.
    Both come from one pass over the data.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. A NaN return counts as 0 (and as a period).
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.calmar(returns, periods=annualization)``:
        ±inf (NaN for 0 / 0) when there is no drawdown.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The Calmar ratio. NaN when there is no drawdown (maximum drawdown 0, or an empty
        series) and when the ratio would be infinite, as empyrical gives.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
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
    if _is_quantstats(convention):
        return _quantstats_metric("calmar_ratio", returns, period, annualization)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(
        returns,
        _backend.impl.calmar_ratio(values, text(period, "period"), _annualization(annualization)),
    )


# Series: one value per period (or per price change). A pandas Series in gives a pandas Series
# out, with the index of the values it belongs to.


def _pandas_series(values: Any) -> Any:
    """``values`` if it is a pandas Series (pandas not imported unless the caller did), else
    None."""
    pandas = sys.modules.get("pandas")
    return values if pandas is not None and isinstance(values, pandas.Series) else None


def _pandas_frame(values: Any) -> Any:
    """``values`` if it is a pandas DataFrame (pandas not imported unless the caller did), else
    None."""
    pandas = sys.modules.get("pandas")
    return values if pandas is not None and isinstance(values, pandas.DataFrame) else None


def _like(source: Any, out: Any, skip: int = 0) -> Any:
    """``out`` as a pandas Series (or DataFrame) on ``source``'s index, less its first ``skip``
    labels, when ``source`` is a Series (or DataFrame), else ``out`` itself."""
    series = _pandas_series(source)
    if series is not None:
        return type(series)(out, index=series.index[skip:], name=series.name)
    frame = _pandas_frame(source)
    if frame is not None:
        return type(frame)(out, index=frame.index[skip:], columns=frame.columns)
    return out


def _per_column(source: Any, out: Any) -> Any:
    """A metric's value(s) as empyrical gives them: a float for one series, one value per
    column (a float64 array, or a pandas Series on the columns for a DataFrame) for 2-D."""
    frame = _pandas_frame(source)
    if frame is not None:
        series = sys.modules["pandas"].Series
        return series(out, index=frame.columns, dtype=np.float64)
    return out


def simple_returns(prices: Any) -> Any:
    """Simple returns of a price series: ``(prices[i + 1] - prices[i]) / prices[i]``.

    empyrical's ``simple_returns`` (its ndarray formula), one value fewer than ``prices``.

    Parameters
    ----------
    prices : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Prices (numpy array, list or pandas Series). Integers are converted to float64 first.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        2-D input gives one column per input column (a DataFrame for a DataFrame).
        ``len(prices) - 1`` returns (empty for fewer than two prices); a Series on
        ``prices.index[1:]`` for a Series. A NaN price makes both returns beside it NaN; a
        zero price gives ``inf`` or NaN, as numpy divides.

    Raises
    ------
    InvalidInputError
        If a price is infinite or ``prices`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.simple_returns([100.0, 110.0, 99.0])
    array([ 0.1, -0.1])
    """
    values = float_array(prices, "prices", ndims=(1, 2))
    return _like(prices, _backend.impl.simple_returns(values), 1)


def log_returns(prices: Any) -> Any:
    """Log returns of a price series: ``log(prices[i + 1]) - log(prices[i])``.

    The differences of the natural logarithms of the prices (``np.diff(np.log(prices))``);
    empyrical has no such function. One value fewer than ``prices``.

    Parameters
    ----------
    prices : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Prices (numpy array, list or pandas Series).

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        2-D input gives one column per input column (a DataFrame for a DataFrame).
        ``len(prices) - 1`` log returns (empty for fewer than two prices); a Series on
        ``prices.index[1:]`` for a Series. A NaN or negative price makes both returns beside
        it NaN; a zero price gives ``inf``/``-inf`` or NaN.

    Raises
    ------
    InvalidInputError
        If a price is infinite or ``prices`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.log_returns([100.0, 110.0, 100.0]).round(10).tolist()
    [0.0953101798, -0.0953101798]
    """
    values = float_array(prices, "prices", ndims=(1, 2))
    return _like(prices, _backend.impl.log_returns(values), 1)


def cum_returns(returns: Any, starting_value: _Exact = 0, *, context: Any = None) -> Any:
    """Cumulative returns: ``cumprod(1 + returns) - 1``, or times ``starting_value``.

    empyrical's ``cum_returns``. With a non-zero ``starting_value`` the result is the value
    of that investment after each period, ``cumprod(1 + returns) * starting_value``.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period (numpy array, list or pandas Series). A NaN return
        counts as 0.
    starting_value : float, default 0
        The amount invested; 0 gives cumulative returns instead of values.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        2-D input gives one column per input column (a DataFrame for a DataFrame).
        One value per period (empty for an empty series), no NaN; a Series on the same index
        for a Series.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InvalidParameterError
        For a non-finite ``starting_value``.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.cum_returns([0.1, float("nan"), -0.5])
    array([ 0.1 ,  0.1 , -0.45])
    >>> rn.metrics.cum_returns([0.1, -0.5], starting_value=1000)
    array([1100.,  550.])
    """
    if _is_decimal_returns(returns):
        return _decimal_series("cum_returns", returns, starting_value, context)
    values = float_array(returns, "returns", ndims=(1, 2))
    start = real(starting_value, "starting_value")
    return _like(returns, _backend.impl.cum_returns(values, start))


def drawdown(returns: Any, *, context: Any = None) -> Any:
    """The underwater curve: the drawdown from the running peak at each period.

    empyrical's ``drawdown_series``: ``(value - peak) / peak`` over the cumulative value
    ``100 * cumprod(1 + returns)`` and its running maximum, which starts at the initial 100,
    so a loss in the first period is already a drawdown. Its minimum is
    :func:`max_drawdown`.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. A NaN return counts as 0.
    context : decimal.Context, optional
        Decimal returns only: the precision and rounding of the Decimal computation (default
        :func:`decimal.getcontext`). See "Decimal returns" in the metrics documentation.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        2-D input gives one column per input column (a DataFrame for a DataFrame).
        One value <= 0 per period (empty for an empty series, where empyrical returns a scalar
        NaN); a Series on the same index for a Series.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.drawdown([0.1, -0.2, 0.1, -0.15])
    array([ 0.   , -0.2  , -0.12 , -0.252])
    """
    if _is_decimal_returns(returns):
        return _decimal_series("drawdown", returns, 0, context)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _like(returns, _backend.impl.drawdown(values))


def drawdown_periods(returns: Any, top: int = 5) -> list[tuple[Any, Any, Any, float]]:
    """The ``top`` deepest drawdown periods: peak, valley, recovery and depth.

    Found as pyfolio's ``get_top_drawdowns`` finds them, on pyfolio's underwater curve
    ``cum / cummax(cum) - 1`` with ``cum = cumprod(1 + returns)`` (whose running peak starts
    at the first value, unlike :func:`drawdown`). Repeatedly: the valley is the first lowest
    point; the peak the last point at the running peak before it; the recovery the first point
    back at the running peak after it. A recovered period is cut out of the curve (its peak
    and recovery stay), an unrecovered one cuts the curve after its peak; the search stops
    when nothing below the peak remains.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns per period. A NaN return counts as 0.
    top : int, default 5
        How many periods at most.

    Returns
    -------
    list of (peak, valley, recovery, depth)
        Deepest first. ``peak``, ``valley`` and ``recovery`` are positions (index labels for
        a pandas Series); ``recovery`` is None when the series ends under water. ``depth`` is
        ``cum[valley] / cum[peak] - 1`` (<= 0). Empty for an empty series; as in pyfolio, a
        series that never falls gives one period ``(0, 0, 0, 0.0)``.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` is not 1-D.
    InvalidParameterError
        If ``top`` is negative.
    InputTypeError
        For non-numeric input or a non-integer ``top``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> periods = rn.metrics.drawdown_periods([0.1, -0.2, 0.3, -0.05, -0.1, 0.02])
    >>> [(peak, valley, recovery, round(depth, 4)) for peak, valley, recovery, depth in periods]
    [(0, 1, 2, -0.2), (2, 4, None, -0.145)]
    """
    values = float_array(returns, "returns")
    count = window(top, "top", len(values), minimum=0)
    periods = _backend.impl.drawdown_periods(values, count)
    series = _pandas_series(returns)
    if series is None:
        return periods  # type: ignore[no-any-return]
    labels = series.index
    return [(labels[p], labels[v], None if r is None else labels[r], d) for p, v, r, d in periods]


# Scalars from the distribution of returns.


def cagr(
    returns: Any,
    period: str = "daily",
    annualization: Optional[_Exact] = None,
    *,
    context: Any = None,
    convention: str = "empyrical",
) -> Any:
    """Compound annual growth rate: :func:`annual_return` under empyrical's other name.

    empyrical's ``cagr`` is an alias of its ``annual_return``, and so is this one: same
    parameters, conventions, results and errors.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.cagr([0.01, 0.02, -0.01, 0.015], period="quarterly")
    0.03519646999999981
    """
    return annual_return(returns, period, annualization, context=context, convention=convention)


def _cutoff(cutoff: Any) -> float:
    return real(cutoff, "cutoff")


def value_at_risk(returns: Any, cutoff: float = 0.05, *, convention: str = "empyrical") -> Any:
    """Value at risk (VaR): the ``100 * cutoff``-th percentile of the returns.

    empyrical's ``value_at_risk``, i.e. ``np.percentile(returns, 100 * cutoff)`` with numpy's
    linear interpolation between the two nearest order statistics, reproduced to the bit.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. Any NaN makes the result NaN, as in empyrical
        (which uses ``np.percentile``, not ``np.nanpercentile``).
    cutoff : float, default 0.05
        The lower-tail probability, in [0, 1].
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' parametric ``stats.value_at_risk(returns,
        confidence=1 - cutoff)``: ``mean + std * norm.ppf(cutoff)``, NaNs skipped.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The VaR, a return (typically negative). NaN for an empty series or one holding NaN.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InvalidParameterError
        If ``cutoff`` is not in [0, 1] (numpy raises a ValueError there).
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.value_at_risk([0.01, -0.02, 0.03, -0.05, 0.0, 0.015, -0.007])
    -0.041
    """
    if _is_quantstats(convention):
        return _quantstats_metric("value_at_risk", returns, cutoff=cutoff)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(returns, _backend.impl.value_at_risk(values, _cutoff(cutoff)))


def conditional_value_at_risk(
    returns: Any, cutoff: float = 0.05, *, convention: str = "empyrical"
) -> Any:
    """Conditional value at risk (CVaR, expected shortfall): the mean of the worst returns.

    empyrical's ``conditional_value_at_risk``: over the ``n`` present (non-NaN) returns, the
    mean of the ``k + 1`` lowest, ``k = int((n - 1) * cutoff)``.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are dropped before ``k`` is computed.
    cutoff : float, default 0.05
        The lower-tail probability, in [0, 1].
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' parametric
        ``stats.conditional_value_at_risk(returns, confidence=1 - cutoff)``: ``mean - std *
        norm.pdf(norm.ppf(cutoff)) / cutoff``, NaNs skipped.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The CVaR. NaN for an empty or all-NaN series. The tail is summed in ascending order;
        empyrical sums ``np.partition``'s (unspecified) order pairwise, so results agree to a
        few ulps, not always to the bit.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InvalidParameterError
        If ``cutoff`` is not in [0, 1].
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.conditional_value_at_risk([0.01, -0.02, 0.03, -0.05, 0.0], cutoff=0.25)
    -0.035
    """
    if _is_quantstats(convention):
        return _quantstats_metric("conditional_value_at_risk", returns, cutoff=cutoff)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(returns, _backend.impl.conditional_value_at_risk(values, _cutoff(cutoff)))


def tail_ratio(returns: Any, *, convention: str = "empyrical") -> Any:
    """Tail ratio: ``|95th percentile| / |5th percentile|`` of the returns.

    empyrical's ``tail_ratio``, with ``np.percentile``'s interpolation reproduced to the bit.
    0.25 means the losses in the left tail are four times the gains in the right one.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are dropped.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.tail_ratio(returns)``: NaN when the 5th
        percentile is 0.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The ratio. NaN for an empty or all-NaN series; ``inf`` when the 5th percentile is 0
        (NaN when both are), as IEEE division gives.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.tail_ratio([0.01, -0.02, 0.03, -0.05, 0.0, 0.015, -0.007])
    0.6219512195121948
    """
    if _is_quantstats(convention):
        return _quantstats_metric("tail_ratio", returns)
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(returns, _backend.impl.tail_ratio(values))


def omega_ratio(
    returns: Any,
    risk_free: float = 0.0,
    required_return: float = 0.0,
    annualization: float = 252,
    *,
    convention: str = "empyrical",
) -> Any:
    """Omega ratio: gains above a threshold over losses below it.

    empyrical's ``omega_ratio``: with ``excess = returns - risk_free - threshold``, the sum
    of the positive excesses over minus the sum of the negative ones. The threshold is the
    annual ``required_return`` per period, ``(1 + required_return) ** (1 / annualization) -
    1`` (``required_return`` itself when ``annualization`` is 1).

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are skipped.
    risk_free : float, default 0.0
        Risk-free return per period.
    required_return : float, default 0.0
        Minimum acceptable return, per year (per period when ``annualization`` is 1).
    annualization : float, default 252
        Periods per year, to de-annualize ``required_return`` (empyrical takes no ``period``
        here).
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.omega(returns, rf=risk_free,
        required_return=required_return, periods=annualization)``: ``risk_free`` is then an
        annual rate, de-annualized as in :func:`sharpe_ratio`.
        See "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        The Omega ratio. NaN with fewer than two returns (NaNs counted), for a
        ``required_return`` <= -1 (unless ``annualization`` is 1), and when no excess is
        negative, as in empyrical.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InvalidParameterError
        For a non-finite ``risk_free`` or ``required_return``, or ``annualization`` <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.omega_ratio([0.01, -0.02, float("nan"), 0.03, -0.005, 0.004])
    1.7599999999999998
    """
    if _is_quantstats(convention):
        return _quantstats_metric(
            "omega_ratio",
            returns,
            annualization=annualization,
            risk_free=risk_free,
            required_return=required_return,
        )
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(
        returns,
        _backend.impl.omega_ratio(
            values,
            real(risk_free, "risk_free"),
            real(required_return, "required_return"),
            real(annualization, "annualization"),
        ),
    )


# Against a factor (a benchmark). The two series pair up period by period: they must have the
# same length, and pandas inputs are taken by position (empyrical aligns Series on their index
# labels first; align them yourself, e.g. with ``returns.align(factor, join="inner")``).


def _factor_arrays(
    returns: Any, factor_returns: Any, ndims: tuple[int, ...] = (1,)
) -> tuple[Any, Any]:
    return (
        float_array(returns, "returns", ndims=ndims),
        float_array(factor_returns, "factor_returns"),
    )


def beta(
    returns: Any, factor_returns: Any, risk_free: float = 0.0, *, convention: str = "empyrical"
) -> Any:
    """Beta of a strategy against a factor: ``cov(factor, returns) / var(factor)``.

    empyrical's ``beta``: population moments over the periods where both series are present
    (a NaN in either drops that period; empyrical aligns NaNs pairwise the same way), the
    factor centred on its mean over those periods.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns of the strategy per period.
    factor_returns : array-like of float, 1-D
        Returns of the factor (benchmark) over the same periods, as long as ``returns``.
    risk_free : float, default 0.0
        Accepted for empyrical's signature; as in empyrical it does not change beta.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives the beta of quantstats' ``stats.greeks(returns, factor_returns)``:
        ``np.cov``'s ratio, and 0 where it is undefined; ``risk_free`` must then be 0. See
        "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    float, or one value per column for 2-D returns
        (a pandas Series on the columns for a DataFrame). For one series:
        Beta. NaN with fewer than two periods, and when the factor's variance is below 1e-30
        (a constant factor), as in empyrical.

    Raises
    ------
    InvalidInputError
        If the series differ in length, a value is infinite, or an input is not 1-D.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.beta([0.02, -0.04, 0.03, 0.0], [0.01, -0.02, 0.015, 0.0])
    1.9999999999999998
    """
    if _is_quantstats(convention):
        return _quantstats_greeks(returns, factor_returns, risk_free, "daily", None)[1]
    values, factor = _factor_arrays(returns, factor_returns, (1, 2))
    real(risk_free, "risk_free")
    return _per_column(returns, _backend.impl.beta(values, factor))


def alpha_beta(
    returns: Any,
    factor_returns: Any,
    risk_free: float = 0.0,
    period: str = "daily",
    annualization: Optional[float] = None,
    *,
    convention: str = "empyrical",
) -> tuple[Any, Any]:
    """Annualized alpha and beta of a strategy against a factor.

    empyrical's ``alpha_beta``: beta as :func:`beta`, then alpha
    ``(1 + mean(returns - risk_free - beta * (factor_returns - risk_free))) ** annualization
    - 1``, the mean over the periods where both are present.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns of the strategy per period.
    factor_returns : array-like of float, 1-D
        Returns of the factor (benchmark) over the same periods, as long as ``returns``.
    risk_free : float, default 0.0
        Risk-free return per period.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period``.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives quantstats' ``stats.greeks(returns, factor_returns,
        periods=annualization)``: alpha ``(mean(returns) - beta * mean(factor_returns)) *
        annualization`` (multiplied, not compounded), 0 where alpha or beta is undefined;
        ``risk_free`` must then be 0. See "Conventions: empyrical and quantstats" in the
        metrics documentation.

    Returns
    -------
    tuple of (float, float)
        ``(alpha, beta)`` (empyrical returns them as a 2-element array). Both NaN with fewer
        than two periods; alpha is NaN when beta is.

    Raises
    ------
    InvalidInputError
        If the series differ in length, a value is infinite, or an input is not 1-D.
    InvalidParameterError
        For an unknown ``period``, a non-finite ``risk_free``, or ``annualization`` <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> a, b = rn.metrics.alpha_beta([0.011, -0.019, 0.016, 0.001], [0.01, -0.02, 0.015, 0.0])
    >>> round(a, 6), round(b, 12)
    (0.286434, 1.0)
    """
    if _is_quantstats(convention):
        return _quantstats_greeks(returns, factor_returns, risk_free, period, annualization)
    values, factor = _factor_arrays(returns, factor_returns, (1, 2))
    alpha_value, beta_value = _backend.impl.alpha_beta(
        values,
        factor,
        real(risk_free, "risk_free"),
        text(period, "period"),
        _annualization(annualization),
    )
    return _per_column(returns, alpha_value), _per_column(returns, beta_value)


def alpha(
    returns: Any,
    factor_returns: Any,
    risk_free: float = 0.0,
    period: str = "daily",
    annualization: Optional[float] = None,
    *,
    convention: str = "empyrical",
) -> Any:
    """Annualized alpha of a strategy against a factor: the first value of :func:`alpha_beta`.

    empyrical's ``alpha``; same parameters (``convention`` too), conventions and errors as
    :func:`alpha_beta`.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> round(rn.metrics.alpha([0.011, -0.019, 0.016, 0.001], [0.01, -0.02, 0.015, 0.0]), 6)
    0.286434
    """
    return alpha_beta(
        returns, factor_returns, risk_free, period, annualization, convention=convention
    )[0]


def excess_sharpe(returns: Any, factor_returns: Any) -> Any:
    """Excess Sharpe ratio: mean active return over tracking error (not annualized).

    empyrical's ``excess_sharpe``: ``mean(r - f) / std(r - f, ddof=1)`` over the periods
    where both are present.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns of the strategy per period.
    factor_returns : array-like of float, 1-D
        Returns of the factor (benchmark) over the same periods, as long as ``returns``.

    Returns
    -------
    float, or one value per column for 2-D returns
        (a pandas Series on the columns for a DataFrame). For one series:
        The ratio. NaN with fewer than two periods (NaNs counted) or two present differences;
        ``inf``/``-inf`` when every difference is equal and non-zero, NaN when all are 0.

    Raises
    ------
    InvalidInputError
        If the series differ in length, a value is infinite, or an input is not 1-D.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.excess_sharpe([0.02, 0.0, 0.01], [0.01, -0.005, 0.01])
    1.0
    """
    values, factor = _factor_arrays(returns, factor_returns, (1, 2))
    return _per_column(returns, _backend.impl.excess_sharpe(values, factor))


def _capture(
    which: str,
    returns: Any,
    factor_returns: Any,
    period: str,
    annualization: Optional[float],
) -> Any:
    values, factor = _factor_arrays(returns, factor_returns, (1, 2))
    return _per_column(
        returns,
        _backend.impl.capture(
            values, factor, which, text(period, "period"), _annualization(annualization)
        ),
    )


def capture(
    returns: Any,
    factor_returns: Any,
    period: str = "daily",
    annualization: Optional[float] = None,
) -> Any:
    """Capture ratio: the strategy's annual return over the factor's.

    empyrical's ``capture``: ``annual_return(returns) / annual_return(factor_returns)``, each
    as :func:`annual_return` computes it (a NaN return compounds as 0 but counts as a
    period).

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns of the strategy per period.
    factor_returns : array-like of float, 1-D
        Returns of the factor (benchmark) over the same periods, as long as ``returns``.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor (252, 52, 12, 4, 1).
    annualization : float, optional
        Periods per year, overriding ``period`` (empyrical's ``capture`` takes only
        ``period``).

    Returns
    -------
    float, or one value per column for 2-D returns
        (a pandas Series on the columns for a DataFrame). For one series:
        The ratio; NaN for empty series; ``inf`` or NaN when the factor's annual return is 0.

    Raises
    ------
    InvalidInputError
        If the series differ in length, a value is infinite, or an input is not 1-D.
    InvalidParameterError
        For an unknown ``period`` or ``annualization`` <= 0.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.capture([0.02, 0.01], [0.01, 0.005], period="yearly")
    1.9991847478858806
    """
    return _capture("all", returns, factor_returns, period, annualization)


def up_capture(
    returns: Any,
    factor_returns: Any,
    period: str = "daily",
    annualization: Optional[float] = None,
) -> Any:
    """Up-market capture: :func:`capture` over the periods where the factor rose.

    empyrical's ``up_capture``: the periods where both are present and
    ``factor_returns > 0``; the annual returns count only those periods. NaN when there is
    none. Parameters, other results and errors as :func:`capture`.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.up_capture([0.02, -0.01, 0.02], [0.01, -0.02, 0.01], period="yearly")
    2.0
    """
    return _capture("up", returns, factor_returns, period, annualization)


def down_capture(
    returns: Any,
    factor_returns: Any,
    period: str = "daily",
    annualization: Optional[float] = None,
) -> Any:
    """Down-market capture: :func:`capture` over the periods where the factor fell.

    empyrical's ``down_capture``: the periods where both are present and
    ``factor_returns < 0``; the annual returns count only those periods. NaN when there is
    none. Parameters, other results and errors as :func:`capture`.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.down_capture([0.02, -0.01, 0.02], [0.01, -0.02, 0.01], period="yearly")
    0.5
    """
    return _capture("down", returns, factor_returns, period, annualization)


# Rolling: a metric over each window of ``window`` consecutive periods. empyrical's output
# convention: one value per full window (``len(returns) - window + 1`` values, the first for
# the first ``window`` periods); for a pandas Series, the index of each window's last period.


def _roll_window(value: Any, length: int) -> int:
    """A window between 1 and ``length``, worded as the Rust kernels word it."""
    if isinstance(value, bool):
        raise InputTypeError("window must be an integer, got bool")
    try:
        window = operator.index(value)
    except TypeError:
        raise InputTypeError(f"window must be an integer, got {type(value).__name__}") from None
    if not 1 <= window <= length:
        raise InvalidParameterError(
            f"window must be between 1 and the length of the series ({length}), got {window}"
        )
    return window


def roll_sharpe_ratio(
    returns: Any,
    window: int,
    risk_free: float = 0.0,
    period: str = "daily",
    annualization: Optional[float] = None,
) -> Any:
    """Rolling Sharpe ratio: :func:`sharpe_ratio` over each window of ``window`` periods.

    empyrical's ``roll_sharpe_ratio``, bit for bit.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period (numpy array, list or pandas Series).
    window : int
        Periods per window, from 1 to ``len(returns)``.
    risk_free, period, annualization
        As for :func:`sharpe_ratio`.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        2-D input gives one column per input column (a DataFrame for a DataFrame).
        ``len(returns) - window + 1`` values; for a Series, on ``returns.index[window - 1:]``.

    Raises
    ------
    InvalidParameterError
        If ``window`` is < 1 or longer than ``returns`` (empyrical shrinks such a window to
        the series), and for the parameters :func:`sharpe_ratio` rejects.
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input or a non-integer ``window``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.roll_sharpe_ratio([0.01, -0.005, 0.02, 0.0], 3, period="yearly").round(6)
    array([0.662266, 0.377964])
    """
    values = float_array(returns, "returns", ndims=(1, 2))
    size = _roll_window(window, len(values))
    out = _backend.impl.roll_sharpe_ratio(
        values,
        size,
        real(risk_free, "risk_free"),
        text(period, "period"),
        _annualization(annualization),
    )
    return _like(returns, out, size - 1)


def roll_max_drawdown(returns: Any, window: int) -> Any:
    """Rolling maximum drawdown: :func:`max_drawdown` over each window of ``window`` periods.

    empyrical's ``roll_max_drawdown``, bit for bit: each window's cumulative value starts
    afresh, so a drawdown begun before the window counts only from the window's start.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. A NaN return counts as 0.
    window : int
        Periods per window, from 1 to ``len(returns)``.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        2-D input gives one column per input column (a DataFrame for a DataFrame).
        ``len(returns) - window + 1`` values; for a Series, on ``returns.index[window - 1:]``.

    Raises
    ------
    InvalidParameterError
        If ``window`` is < 1 or longer than ``returns``.
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input or a non-integer ``window``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.roll_max_drawdown([0.1, -0.2, 0.1, -0.15], 2)
    array([-0.2 , -0.2 , -0.15])
    """
    values = float_array(returns, "returns", ndims=(1, 2))
    size = _roll_window(window, len(values))
    return _like(returns, _backend.impl.roll_max_drawdown(values, size), size - 1)


def roll_annual_volatility(
    returns: Any,
    window: int,
    period: str = "daily",
    alpha: float = 2.0,
    annualization: Optional[float] = None,
) -> Any:
    """Rolling annual volatility: :func:`annual_volatility` over each window.

    empyrical's ``roll_annual_volatility``, bit for bit.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are skipped.
    window : int
        Periods per window, from 1 to ``len(returns)``.
    period, alpha, annualization
        As for :func:`annual_volatility`.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame
        2-D input gives one column per input column (a DataFrame for a DataFrame).
        ``len(returns) - window + 1`` values; for a Series, on ``returns.index[window - 1:]``.

    Raises
    ------
    InvalidParameterError
        If ``window`` is < 1 or longer than ``returns``, and for the parameters
        :func:`annual_volatility` rejects.
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input or a non-integer ``window``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.roll_annual_volatility([0.01, -0.01, 0.01, -0.01], 2, period="yearly")
    array([0.01414214, 0.01414214, 0.01414214])
    """
    values = float_array(returns, "returns", ndims=(1, 2))
    size = _roll_window(window, len(values))
    out = _backend.impl.roll_annual_volatility(
        values, size, text(period, "period"), real(alpha, "alpha"), _annualization(annualization)
    )
    return _like(returns, out, size - 1)


def roll_beta(returns: Any, factor_returns: Any, window: int) -> Any:
    """Rolling beta: :func:`beta` over each window of the paired series.

    empyrical's ``roll_beta``, bit for bit.

    Parameters
    ----------
    returns : array-like of float, 1-D
        Non-cumulative returns of the strategy per period.
    factor_returns : array-like of float, 1-D
        Returns of the factor over the same periods, as long as ``returns`` (taken by
        position).
    window : int
        Periods per window, from 1 to ``len(returns)``.

    Returns
    -------
    numpy.ndarray or pandas.Series
        ``len(returns) - window + 1`` values; for a Series, on ``returns.index[window - 1:]``.

    Raises
    ------
    InvalidParameterError
        If ``window`` is < 1 or longer than ``returns``.
    InvalidInputError
        If the series differ in length, a value is infinite, or an input is not 1-D.
    InputTypeError
        For non-numeric input or a non-integer ``window``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.metrics.roll_beta([0.02, -0.04, 0.03, 0.0], [0.01, -0.02, 0.015, 0.0], 3).round(12)
    array([2., 2.])
    """
    values, factor = _factor_arrays(returns, factor_returns)
    size = _roll_window(window, len(values))
    return _like(returns, _backend.impl.roll_beta(values, factor, size), size - 1)


def stability_of_timeseries(returns: Any) -> Any:
    """Stability: the R² of a straight line through the cumulative log returns.

    empyrical's ``stability_of_timeseries``: the squared correlation (scipy's ``linregress``
    r value) of ``cumsum(log(1 + returns))`` with ``0, 1, 2, ...``. 1 is a perfectly steady
    compounding; values near 0 mean no steady trend.

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period. NaNs are dropped before the fit.

    Returns
    -------
    float, or one value per column for 2-D
        A numpy array, or a pandas Series on the columns for a DataFrame (columns run in
        parallel). For one series:
        R², in [0, 1]. NaN, as in empyrical, with fewer than two returns (NaNs counted) or
        two present ones, and when a return is -1 or below; NaN too for a flat cumulative
        curve (every present return 0 after the first), where empyrical gives NaN or 0.
        Equal to empyrical's to about 1e-12 relative, not to the bit: scipy sums the moments
        with a BLAS product.

    Raises
    ------
    InvalidInputError
        If a return is infinite or ``returns`` has more than 2 dimensions.
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> round(rn.metrics.stability_of_timeseries([0.01, -0.01, 0.01, -0.01]), 12)
    0.2080189435
    """
    values = float_array(returns, "returns", ndims=(1, 2))
    return _per_column(returns, _backend.impl.stability_of_timeseries(values))


def summary(
    returns: Any,
    factor_returns: Any = None,
    period: str = "daily",
    annualization: Optional[float] = None,
    *,
    risk_free: float = 0.0,
    required_return: float = 0.0,
    cutoff: float = 0.05,
    convention: str = "empyrical",
) -> Any:
    """Every scalar metric of a return series in one call: a backtest report.

    The names and values are those of the functions of this module with the same parameters
    (equal to the last bit): ``annual_return``, ``cum_returns_final``, ``annual_volatility``,
    ``sharpe_ratio``, ``calmar_ratio``, ``stability_of_timeseries``, ``max_drawdown``,
    ``omega_ratio``, ``sortino_ratio``, ``tail_ratio``, ``value_at_risk``,
    ``conditional_value_at_risk``, ``downside_risk`` (pyfolio's ``perf_stats`` order), then, with
    ``factor_returns``, ``alpha``, ``beta``, ``excess_sharpe``, ``capture``, ``up_capture`` and
    ``down_capture``. One native call computes them all, in a few passes over the series
    shared by the metrics (see "A whole report in one call" in the metrics documentation).

    Parameters
    ----------
    returns : array-like of float, 1-D (time) or 2-D (time x portfolios)
        Non-cumulative returns per period; NaNs are skipped as each metric skips them.
    factor_returns : array-like of float, 1-D, optional
        Benchmark returns of the same length, for the metrics against a factor.
    period : {"daily", "weekly", "monthly", "quarterly", "yearly"}, default "daily"
        Sampling frequency, which sets the annualization factor.
    annualization : float, optional
        Periods per year, overriding ``period``.
    risk_free : float, default 0.0
        Risk-free return per period (Sharpe, Omega, alpha).
    required_return : float, default 0.0
        Minimum acceptable return per period (Sortino, downside risk, Omega).
    cutoff : float, default 0.05
        Tail probability of the value at risk and conditional value at risk.
    convention : {"empyrical", "quantstats"}, default "empyrical"
        "quantstats" gives each metric with ``convention="quantstats"`` and leaves out those
        quantstats does not offer (``stability_of_timeseries``, ``downside_risk``,
        ``excess_sharpe`` and the captures); alpha and beta are then quantstats' ``greeks``,
        which take no risk-free rate. One native call per metric, not one in all. See
        "Conventions: empyrical and quantstats" in the metrics documentation.

    Returns
    -------
    dict, pandas.Series or pandas.DataFrame
        ``{name: value}`` for one series; ``{name: array of one value per column}`` for 2-D. A
        pandas Series of returns gives a pandas Series indexed by the names, a DataFrame gives a
        DataFrame with one row per metric and the input's columns (as pyfolio's ``perf_stats``).

    Raises
    ------
    InvalidInputError
        If a return is infinite, ``returns`` has more than 2 dimensions, or ``factor_returns``
        differs in length.
    InvalidParameterError
        For an unknown ``period``, ``annualization`` <= 0, a non-finite ``risk_free`` or
        ``required_return``, or ``cutoff`` outside [0, 1].
    InputTypeError
        For non-numeric input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> report = rn.metrics.summary([0.01, -0.02, 0.015, 0.003, -0.004])
    >>> round(report["max_drawdown"], 6)
    -0.02
    >>> report["sharpe_ratio"] == rn.metrics.sharpe_ratio([0.01, -0.02, 0.015, 0.003, -0.004])
    True
    >>> sorted(rn.metrics.summary([0.01, 0.02], [0.0, 0.01]))[:3]
    ['alpha', 'annual_return', 'annual_volatility']
    """
    values = float_array(returns, "returns", ndims=(1, 2))
    factor = None if factor_returns is None else float_array(factor_returns, "factor_returns")
    if _is_quantstats(convention):
        report = _quantstats_summary(
            values, factor, period, annualization, risk_free, required_return, cutoff
        )
    else:
        report = _backend.impl.metrics_summary(
            values,
            factor,
            real(risk_free, "risk_free"),
            real(required_return, "required_return"),
            _cutoff(cutoff),
            text(period, "period"),
            _annualization(annualization),
        )
    pandas = sys.modules.get("pandas")
    if _pandas_series(returns) is not None and pandas is not None:
        return pandas.Series(report, dtype=np.float64)
    frame = _pandas_frame(returns)
    if frame is not None and pandas is not None:
        return pandas.DataFrame(report, index=frame.columns).T
    return report


# ---------------------------------------------------------------------------------------------
# Decimal returns (see "Decimal returns" in docs/metrics.md)

import decimal as _pydecimal  # noqa: E402 - the Decimal path's imports, kept with it

#: Largest ``decimal.Context`` precision the Decimal metrics accept.
MAX_DECIMAL_PRECISION = 1000


def _first_present(values: Any) -> Any:
    for item in values:
        if item is not None:
            return item
    return None


def _is_decimal_returns(returns: Any) -> bool:
    """Whether ``returns`` is a decimal column: an Arrow decimal array (pyarrow, polars), or a
    sequence (list, tuple, object array or Series) whose first non-null value is a Decimal."""
    if isinstance(returns, (list, tuple)):
        return isinstance(_first_present(returns), _pydecimal.Decimal)
    arrow_type = getattr(returns, "type", None)  # pyarrow Array, ChunkedArray
    if arrow_type is not None and str(arrow_type).startswith("decimal"):
        return True
    dtype = getattr(returns, "dtype", None)
    if dtype is None:
        return False
    if str(dtype).startswith("Decimal"):  # polars
        return True
    if getattr(dtype, "kind", "") != "O" or getattr(returns, "ndim", 1) != 1:
        return False
    return isinstance(_first_present(returns), _pydecimal.Decimal)


def _decimal_scalar(value: Any, name: str) -> _pydecimal.Decimal:
    """A parameter of a Decimal metric as an exact, finite Decimal of at most 38 digits."""
    if isinstance(value, bool):
        raise InputTypeError(f"{name} must be a Decimal, int or str, got bool")
    if isinstance(value, float):
        if not value.is_integer():
            raise InputTypeError(
                f"{name} = {value!r} is a float, which is inexact: pass a decimal.Decimal "
                "(or a str) for Decimal returns"
            )
        value = int(value)
    if isinstance(value, (int, str)):
        try:
            value = _pydecimal.Decimal(value)
        except _pydecimal.InvalidOperation:
            raise InvalidParameterError(f"{name} is not a decimal number: {value[:64]!r}") from None
    if not isinstance(value, _pydecimal.Decimal):
        raise InputTypeError(f"{name} must be a Decimal, int or str, got {type(value).__name__}")
    if not value.is_finite():
        raise InvalidParameterError(f"{name} must be finite, got {value}")
    _, digits, exponent = value.as_tuple()
    if len(digits) > 38 or not -38 <= int(exponent) <= 38:
        raise InvalidParameterError(
            f"{name} = {value} does not fit a decimal128 value (38 digits, exponent in [-38, 38])"
        )
    return value


def _decimal_context(context: Any) -> tuple[int, str]:
    if context is None:
        context = _pydecimal.getcontext()
    if not isinstance(context, _pydecimal.Context):
        raise InputTypeError(f"context must be a decimal.Context, got {type(context).__name__}")
    if not 1 <= context.prec <= MAX_DECIMAL_PRECISION:
        raise InvalidParameterError(
            f"context precision must be from 1 to {MAX_DECIMAL_PRECISION}, got {context.prec}"
        )
    return context.prec, context.rounding


def _decimal_annualization(period: Any, annualization: Any) -> _pydecimal.Decimal:
    if annualization is None:
        name = text(period, "period")
        if name not in ANNUALIZATION_FACTORS:
            raise InvalidParameterError(
                f'period cannot be "{name[:64]}": use one of "daily", "weekly", "monthly", '
                '"quarterly", "yearly"'
            )
        return _pydecimal.Decimal(ANNUALIZATION_FACTORS[name])
    factor = _decimal_scalar(annualization, "annualization")
    if not factor > 0:
        raise InvalidParameterError(f"annualization must be > 0, got {factor}")
    return factor


def _decimal_alpha(alpha: Any) -> None:
    if alpha != 2:
        raise InvalidParameterError(
            f"alpha must be 2 (a square root) for Decimal returns, got {alpha!r}"
        )


def _decimal_metric(
    metric: str,
    returns: Any,
    parameter: Any,
    parameter_name: str,
    period: Any,
    annualization: Any,
    context: Any,
) -> _pydecimal.Decimal:
    value = _decimal_scalar(parameter, parameter_name or "parameter")
    factor = _decimal_annualization(period, annualization)
    precision, rounding = _decimal_context(context)
    return _backend.impl.decimal_metric(  # type: ignore[no-any-return]
        metric, returns, value, factor, precision, rounding
    )


def _decimal_series(metric: str, returns: Any, starting_value: Any, context: Any) -> Any:
    start = _decimal_scalar(starting_value, "starting_value")
    precision, rounding = _decimal_context(context)
    out = _backend.impl.decimal_metric_series(metric, returns, start, precision, rounding)
    if type(returns).__module__.startswith("pandas"):
        import pandas as pd  # type: ignore[import-untyped]

        return pd.Series(out, index=returns.index, name=returns.name, dtype=object)
    return out


# ---------------------------------------------------------------------------------------------
# quantstats' conventions (see "Conventions: empyrical and quantstats" in docs/metrics.md)

#: The ``convention`` names the metrics take.
_CONVENTIONS = ("empyrical", "quantstats")


def _is_quantstats(convention: Any) -> bool:
    """Whether ``convention`` asks for quantstats' results; rejects an unknown name."""
    name = text(convention, "convention")
    if name not in _CONVENTIONS:
        raise InvalidParameterError(
            f'convention cannot be "{name}": use "empyrical" or "quantstats"'
        )
    return name == "quantstats"


def _periods_per_year(period: Any, annualization: Any) -> float:
    """quantstats' ``periods``: ``annualization``, else the factor of ``period``."""
    if annualization is not None:
        return real(annualization, "annualization")
    name = text(period, "period")
    if name not in ANNUALIZATION_FACTORS:
        raise InvalidParameterError(
            f'period cannot be "{name}": use one of "daily", "weekly", "monthly", "quarterly", '
            '"yearly"'
        )
    return float(ANNUALIZATION_FACTORS[name])


def _quantstats_metric(
    name: str,
    returns: Any,
    period: Any = "daily",
    annualization: Any = None,
    *,
    risk_free: Any = 0.0,
    required_return: Any = 0.0,
    cutoff: Any = 0.05,
    starting_value: Any = 0,
    alpha: Any = 2.0,
) -> Any:
    """The metric ``name`` of ``rustybt_metrics::quantstats`` on float returns."""
    if _is_decimal_returns(returns):
        raise InvalidParameterError(
            'convention="quantstats" takes float returns: Decimal returns follow empyrical\'s '
            "conventions"
        )
    values = float_array(returns, "returns", ndims=(1, 2))
    if real(starting_value, "starting_value") != 0.0:
        raise InvalidParameterError(
            'starting_value must be 0 with convention="quantstats" (quantstats\' comp has none)'
        )
    if real(alpha, "alpha") != 2.0:
        raise InvalidParameterError(
            'alpha must be 2 with convention="quantstats" (quantstats annualizes by the square '
            "root)"
        )
    return _per_column(
        returns,
        _backend.impl.quantstats_metric(
            name,
            values,
            real(risk_free, "risk_free"),
            real(required_return, "required_return"),
            _cutoff(cutoff),
            _periods_per_year(period, annualization),
        ),
    )


def _quantstats_greeks(
    returns: Any, factor_returns: Any, risk_free: Any, period: Any, annualization: Any
) -> tuple[Any, Any]:
    """quantstats' ``greeks``: ``(alpha, beta)``."""
    values, factor = _factor_arrays(returns, factor_returns, (1, 2))
    if real(risk_free, "risk_free") != 0.0:
        raise InvalidParameterError(
            'risk_free must be 0 with convention="quantstats" (quantstats\' greeks take none)'
        )
    alpha_value, beta_value = _backend.impl.quantstats_alpha_beta(
        values, factor, _periods_per_year(period, annualization)
    )
    return _per_column(returns, alpha_value), _per_column(returns, beta_value)


def _quantstats_summary(
    values: Any,
    factor: Any,
    period: Any,
    annualization: Any,
    risk_free: Any,
    required_return: Any,
    cutoff: Any,
) -> dict[str, Any]:
    """:func:`summary`'s report under quantstats' conventions, in its order, one call each."""
    periods = {"period": period, "annualization": annualization}
    report = {
        "annual_return": _quantstats_metric("cagr", values, **periods),
        "cum_returns_final": _quantstats_metric("cum_returns_final", values),
        "annual_volatility": _quantstats_metric("annual_volatility", values, **periods),
        "sharpe_ratio": _quantstats_metric("sharpe_ratio", values, **periods, risk_free=risk_free),
        "calmar_ratio": _quantstats_metric("calmar_ratio", values, **periods),
        "max_drawdown": _quantstats_metric("max_drawdown", values),
        "omega_ratio": _quantstats_metric(
            "omega_ratio",
            values,
            **periods,
            risk_free=risk_free,
            required_return=required_return,
        ),
        "sortino_ratio": _quantstats_metric(
            "sortino_ratio", values, **periods, risk_free=required_return
        ),
        "tail_ratio": _quantstats_metric("tail_ratio", values),
        "value_at_risk": _quantstats_metric("value_at_risk", values, cutoff=cutoff),
        "conditional_value_at_risk": _quantstats_metric(
            "conditional_value_at_risk", values, cutoff=cutoff
        ),
    }
    if factor is not None:
        report["alpha"], report["beta"] = _quantstats_greeks(
            values, factor, 0.0, period, annualization
        )
    return report
