//! Bindings of `rustybt_metrics::quantstats`: the metrics under quantstats' conventions, one
//! entry point that names the metric.

use numpy::{IntoPyArray, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

use rustybt_metrics::per_column;
use rustybt_metrics::quantstats::{alpha_beta, metric, QuantstatsParams};

use crate::arrays::contiguous;
use crate::errors::run_detached;
use crate::metrics_columns::{per_series, Returns};

/// The quantstats-convention metric `name` of the returns (one series, or each column of a
/// matrix), with the GIL released.
#[pyfunction]
#[pyo3(signature = (name, returns, risk_free, required_return, cutoff, annualization))]
pub fn quantstats_metric<'py>(
    py: Python<'py>,
    name: &str,
    returns: Returns<'py>,
    risk_free: f64,
    required_return: f64,
    cutoff: f64,
    annualization: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let params = QuantstatsParams {
        risk_free,
        required_return,
        cutoff,
        periods: annualization,
    };
    per_series(py, &returns, |r| metric(name, r, &params))
}

/// quantstats' `greeks`: `(alpha, beta)` of the returns (one series, or each column of a
/// matrix: two arrays) against one benchmark series, with the GIL released.
#[pyfunction]
pub fn quantstats_alpha_beta<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    factor_returns: PyReadonlyArray1<'py, f64>,
    annualization: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let factor_returns = contiguous(&factor_returns, "factor_returns")?;
    let kernel = |r: &[f64]| alpha_beta(r, factor_returns, annualization);
    match &returns {
        Returns::One(array) => {
            let values = contiguous(array, "returns")?;
            run_detached(py, || kernel(values))?.into_bound_py_any(py)
        }
        Returns::Many(array) => {
            let (rows, cols) = array.as_array().dim();
            let values = contiguous(array, "returns")?;
            let pairs = run_detached(py, || per_column(values, rows, cols, kernel))?;
            let (alphas, betas): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
            (alphas.into_pyarray(py), betas.into_pyarray(py)).into_bound_py_any(py)
        }
    }
}
