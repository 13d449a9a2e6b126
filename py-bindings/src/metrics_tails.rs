//! Bindings of the distribution metrics of `rustybt-metrics`: value at risk, conditional value
//! at risk, the tail ratio and the Omega ratio.

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

use crate::arrays::contiguous;
use crate::errors::run_detached;

/// Value at risk, the `100 * cutoff`-th percentile (empyrical's `value_at_risk`).
#[pyfunction]
pub fn value_at_risk(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    cutoff: f64,
) -> PyResult<f64> {
    let returns = contiguous(&returns, "returns")?;
    Ok(run_detached(py, || {
        rustybt_metrics::value_at_risk(returns, cutoff)
    })?)
}

/// Conditional value at risk (empyrical's `conditional_value_at_risk`).
#[pyfunction]
pub fn conditional_value_at_risk(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    cutoff: f64,
) -> PyResult<f64> {
    let returns = contiguous(&returns, "returns")?;
    Ok(run_detached(py, || {
        rustybt_metrics::conditional_value_at_risk(returns, cutoff)
    })?)
}

/// Tail ratio, `|95th percentile| / |5th percentile|` (empyrical's `tail_ratio`).
#[pyfunction]
pub fn tail_ratio(py: Python<'_>, returns: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    let returns = contiguous(&returns, "returns")?;
    Ok(run_detached(py, || rustybt_metrics::tail_ratio(returns))?)
}

/// Omega ratio (empyrical's `omega_ratio`).
#[pyfunction]
pub fn omega_ratio(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    risk_free: f64,
    required_return: f64,
    annualization: f64,
) -> PyResult<f64> {
    let returns = contiguous(&returns, "returns")?;
    Ok(run_detached(py, || {
        rustybt_metrics::omega_ratio(returns, risk_free, required_return, annualization)
    })?)
}

/// R² of a line through the cumulative log returns (empyrical's `stability_of_timeseries`).
#[pyfunction]
pub fn stability_of_timeseries(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    let returns = contiguous(&returns, "returns")?;
    Ok(run_detached(py, || {
        rustybt_metrics::stability_of_timeseries(returns)
    })?)
}
