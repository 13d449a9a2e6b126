//! Bindings of `rustybt-metrics`.

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

use rustybt_metrics::{annualization_factor, sharpe_ratio as sharpe_kernel};

use crate::arrays::contiguous;
use crate::errors::run_detached;

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
    let returns = contiguous(&returns, "returns")?;
    let factor = run_detached(py, || annualization_factor(period, annualization))?;
    Ok(run_detached(py, || {
        sharpe_kernel(returns, risk_free, factor)
    })?)
}
