//! Bindings of the distribution metrics of `rustybt-metrics`: value at risk, conditional value
//! at risk, the tail ratio and the Omega ratio.

use pyo3::prelude::*;

use crate::metrics_columns::{per_series, Returns};

/// Value at risk, the `100 * cutoff`-th percentile (empyrical's `value_at_risk`).
#[pyfunction]
pub fn value_at_risk<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    cutoff: f64,
) -> PyResult<Bound<'py, PyAny>> {
    per_series(py, &returns, |r| rustybt_metrics::value_at_risk(r, cutoff))
}

/// Conditional value at risk (empyrical's `conditional_value_at_risk`).
#[pyfunction]
pub fn conditional_value_at_risk<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    cutoff: f64,
) -> PyResult<Bound<'py, PyAny>> {
    per_series(py, &returns, |r| {
        rustybt_metrics::conditional_value_at_risk(r, cutoff)
    })
}

/// Tail ratio, `|95th percentile| / |5th percentile|` (empyrical's `tail_ratio`).
#[pyfunction]
pub fn tail_ratio<'py>(py: Python<'py>, returns: Returns<'py>) -> PyResult<Bound<'py, PyAny>> {
    per_series(py, &returns, rustybt_metrics::tail_ratio)
}

/// Omega ratio (empyrical's `omega_ratio`).
#[pyfunction]
pub fn omega_ratio<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    risk_free: f64,
    required_return: f64,
    annualization: f64,
) -> PyResult<Bound<'py, PyAny>> {
    per_series(py, &returns, |r| {
        rustybt_metrics::omega_ratio(r, risk_free, required_return, annualization)
    })
}

/// R² of a line through the cumulative log returns (empyrical's `stability_of_timeseries`).
#[pyfunction]
pub fn stability_of_timeseries<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    per_series(py, &returns, |r| {
        rustybt_metrics::stability_of_timeseries(r)
    })
}
