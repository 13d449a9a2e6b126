//! Bindings of `rustybt-metrics`: each borrows the returns, resolves the annualization factor
//! and runs one kernel with the GIL released.

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

use rustybt_metrics::{annualization_factor, MetricsError};

use crate::arrays::contiguous;
use crate::errors::run_detached;

/// Runs `kernel` on the borrowed returns and the annualization factor of `period` /
/// `annualization`, with the GIL released (the factor's errors come first, as in the fallback).
fn annualized(
    py: Python<'_>,
    returns: &PyReadonlyArray1<'_, f64>,
    period: &str,
    annualization: Option<f64>,
    kernel: impl FnOnce(&[f64], f64) -> Result<f64, MetricsError> + Send,
) -> PyResult<f64> {
    let returns = contiguous(returns, "returns")?;
    Ok(run_detached(py, || {
        kernel(returns, annualization_factor(period, annualization)?)
    })?)
}

/// Runs `kernel` on the borrowed returns with the GIL released.
fn unannualized(
    py: Python<'_>,
    returns: &PyReadonlyArray1<'_, f64>,
    kernel: impl FnOnce(&[f64]) -> Result<f64, MetricsError> + Send,
) -> PyResult<f64> {
    let returns = contiguous(returns, "returns")?;
    Ok(run_detached(py, || kernel(returns))?)
}

/// Annualized Sharpe ratio of a contiguous float64 return series (empyrical's conventions).
#[pyfunction]
#[pyo3(signature = (returns, risk_free, period, annualization=None))]
pub fn sharpe_ratio(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    risk_free: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<f64> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::sharpe_ratio(r, risk_free, factor)
    })
}

/// Total return, `prod(1 + r) - 1` (or times `starting_value`), empyrical's conventions.
#[pyfunction]
pub fn cum_returns_final(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    starting_value: f64,
) -> PyResult<f64> {
    unannualized(py, &returns, |r| {
        rustybt_metrics::cum_returns_final(r, starting_value)
    })
}

/// Compound annual growth rate (empyrical's `annual_return`).
#[pyfunction]
#[pyo3(signature = (returns, period, annualization=None))]
pub fn annual_return(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<f64> {
    annualized(
        py,
        &returns,
        period,
        annualization,
        rustybt_metrics::annual_return,
    )
}

/// Annualized volatility, `std(ddof=1) * annualization ** (1 / alpha)`.
#[pyfunction]
#[pyo3(signature = (returns, period, alpha, annualization=None))]
pub fn annual_volatility(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    period: &str,
    alpha: f64,
    annualization: Option<f64>,
) -> PyResult<f64> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::annual_volatility(r, alpha, factor)
    })
}

/// Maximum drawdown of the cumulative value (empyrical's `max_drawdown`).
#[pyfunction]
pub fn max_drawdown(py: Python<'_>, returns: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    unannualized(py, &returns, rustybt_metrics::max_drawdown)
}

/// Annualized downside deviation below `required_return` (empyrical's `downside_risk`).
#[pyfunction]
#[pyo3(signature = (returns, required_return, period, annualization=None))]
pub fn downside_risk(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    required_return: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<f64> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::downside_risk(r, required_return, factor)
    })
}

/// Sortino ratio (empyrical's `sortino_ratio`).
#[pyfunction]
#[pyo3(signature = (returns, required_return, period, annualization=None))]
pub fn sortino_ratio(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    required_return: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<f64> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::sortino_ratio(r, required_return, factor)
    })
}

/// Calmar ratio, annual return over the maximum drawdown (empyrical's `calmar_ratio`).
#[pyfunction]
#[pyo3(signature = (returns, period, annualization=None))]
pub fn calmar_ratio(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<f64> {
    annualized(
        py,
        &returns,
        period,
        annualization,
        rustybt_metrics::calmar_ratio,
    )
}
