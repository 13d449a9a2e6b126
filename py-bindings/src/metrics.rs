//! Bindings of `rustybt-metrics`: each borrows the returns, resolves the annualization factor
//! and runs one kernel with the GIL released.

use pyo3::prelude::*;

use rustybt_metrics::{annualization_factor, MetricsError};

use crate::errors::NativeError;
use crate::metrics_columns::{per_series, Returns};

/// Runs `kernel` on the returns (one series, or each column of a matrix) and the annualization
/// factor of `period` / `annualization`, with the GIL released (the factor's errors come first,
/// as in the fallback).
fn annualized<'py>(
    py: Python<'py>,
    returns: &Returns<'py>,
    period: &str,
    annualization: Option<f64>,
    kernel: impl Fn(&[f64], f64) -> Result<f64, MetricsError> + Sync + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let factor = annualization_factor(period, annualization).map_err(NativeError::from)?;
    per_series(py, returns, |r| kernel(r, factor))
}

/// Runs `kernel` on the returns (one series, or each column of a matrix), GIL released.
fn unannualized<'py>(
    py: Python<'py>,
    returns: &Returns<'py>,
    kernel: impl Fn(&[f64]) -> Result<f64, MetricsError> + Sync + Send,
) -> PyResult<Bound<'py, PyAny>> {
    per_series(py, returns, kernel)
}

/// Annualized Sharpe ratio of a contiguous float64 return series (empyrical's conventions).
#[pyfunction]
#[pyo3(signature = (returns, risk_free, period, annualization=None))]
pub fn sharpe_ratio<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    risk_free: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::sharpe_ratio(r, risk_free, factor)
    })
}

/// Total return, `prod(1 + r) - 1` (or times `starting_value`), empyrical's conventions.
#[pyfunction]
pub fn cum_returns_final<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    starting_value: f64,
) -> PyResult<Bound<'py, PyAny>> {
    unannualized(py, &returns, |r| {
        rustybt_metrics::cum_returns_final(r, starting_value)
    })
}

/// Compound annual growth rate (empyrical's `annual_return`).
#[pyfunction]
#[pyo3(signature = (returns, period, annualization=None))]
pub fn annual_return<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
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
pub fn annual_volatility<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    period: &str,
    alpha: f64,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::annual_volatility(r, alpha, factor)
    })
}

/// Maximum drawdown of the cumulative value (empyrical's `max_drawdown`).
#[pyfunction]
pub fn max_drawdown<'py>(py: Python<'py>, returns: Returns<'py>) -> PyResult<Bound<'py, PyAny>> {
    unannualized(py, &returns, rustybt_metrics::max_drawdown)
}

/// Annualized downside deviation below `required_return` (empyrical's `downside_risk`).
#[pyfunction]
#[pyo3(signature = (returns, required_return, period, annualization=None))]
pub fn downside_risk<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    required_return: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::downside_risk(r, required_return, factor)
    })
}

/// Sortino ratio (empyrical's `sortino_ratio`).
#[pyfunction]
#[pyo3(signature = (returns, required_return, period, annualization=None))]
pub fn sortino_ratio<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    required_return: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    annualized(py, &returns, period, annualization, |r, factor| {
        rustybt_metrics::sortino_ratio(r, required_return, factor)
    })
}

/// Calmar ratio, annual return over the maximum drawdown (empyrical's `calmar_ratio`).
#[pyfunction]
#[pyo3(signature = (returns, period, annualization=None))]
pub fn calmar_ratio<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    annualized(
        py,
        &returns,
        period,
        annualization,
        rustybt_metrics::calmar_ratio,
    )
}
