//! Bindings of the factor metrics of `rustybt-metrics` (beta, alpha, excess Sharpe, capture):
//! borrow both series, resolve the annualization factor, run with the GIL released.

use numpy::{IntoPyArray, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

use rustybt_metrics::{annualization_factor, per_column, MetricsError};

use crate::arrays::contiguous;
use crate::errors::{run_detached, NativeError};
use crate::metrics_columns::{per_series, Returns};

/// Runs `kernel` on the returns (one series, or each column of a matrix, in parallel) against
/// the factor returns and the annualization factor of `period` / `annualization` (its errors
/// first, as in the fallback), with the GIL released.
fn with_factor<'py>(
    py: Python<'py>,
    returns: &Returns<'py>,
    factor_returns: &PyReadonlyArray1<'py, f64>,
    period: &str,
    annualization: Option<f64>,
    kernel: impl Fn(&[f64], &[f64], f64) -> Result<f64, MetricsError> + Sync + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let factor_returns = contiguous(factor_returns, "factor_returns")?;
    let factor = annualization_factor(period, annualization).map_err(NativeError::from)?;
    per_series(py, returns, |r| kernel(r, factor_returns, factor))
}

/// Beta against the factor (empyrical's `beta`).
#[pyfunction]
pub fn beta<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    factor_returns: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyAny>> {
    with_factor(py, &returns, &factor_returns, "daily", None, |r, f, _| {
        rustybt_metrics::beta(r, f)
    })
}

/// Annualized alpha and beta (empyrical's `alpha_beta`).
#[pyfunction]
#[pyo3(signature = (returns, factor_returns, risk_free, period, annualization=None))]
pub fn alpha_beta<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    factor_returns: PyReadonlyArray1<'py, f64>,
    risk_free: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let factor_returns = contiguous(&factor_returns, "factor_returns")?;
    let factor = annualization_factor(period, annualization).map_err(NativeError::from)?;
    let kernel = |r: &[f64]| rustybt_metrics::alpha_beta(r, factor_returns, risk_free, factor);
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

/// Excess Sharpe ratio against the factor (empyrical's `excess_sharpe`).
#[pyfunction]
pub fn excess_sharpe<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    factor_returns: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyAny>> {
    with_factor(py, &returns, &factor_returns, "daily", None, |r, f, _| {
        rustybt_metrics::excess_sharpe(r, f)
    })
}

/// Capture ratio over all periods, up-market or down-market periods (`which` is "all", "up"
/// or "down"; empyrical's `capture`, `up_capture`, `down_capture`).
#[pyfunction]
#[pyo3(signature = (returns, factor_returns, which, period, annualization=None))]
pub fn capture<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    factor_returns: PyReadonlyArray1<'py, f64>,
    which: &str,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let kernel = match which {
        "up" => rustybt_metrics::up_capture,
        "down" => rustybt_metrics::down_capture,
        _ => rustybt_metrics::capture,
    };
    with_factor(py, &returns, &factor_returns, period, annualization, kernel)
}
