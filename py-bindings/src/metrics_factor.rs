//! Bindings of the factor metrics of `rustybt-metrics` (beta, alpha, excess Sharpe, capture):
//! borrow both series, resolve the annualization factor, run with the GIL released.

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

use rustybt_metrics::{annualization_factor, MetricsError};

use crate::arrays::contiguous;
use crate::errors::run_detached;

/// Runs `kernel` on the borrowed returns and factor returns and the annualization factor of
/// `period` / `annualization` (its errors first, as in the fallback), with the GIL released.
fn with_factor<T: Send>(
    py: Python<'_>,
    returns: &PyReadonlyArray1<'_, f64>,
    factor_returns: &PyReadonlyArray1<'_, f64>,
    period: &str,
    annualization: Option<f64>,
    kernel: impl FnOnce(&[f64], &[f64], f64) -> Result<T, MetricsError> + Send,
) -> PyResult<T> {
    let returns = contiguous(returns, "returns")?;
    let factor_returns = contiguous(factor_returns, "factor_returns")?;
    Ok(run_detached(py, || {
        kernel(
            returns,
            factor_returns,
            annualization_factor(period, annualization)?,
        )
    })?)
}

/// Beta against the factor (empyrical's `beta`).
#[pyfunction]
pub fn beta(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    factor_returns: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    with_factor(py, &returns, &factor_returns, "daily", None, |r, f, _| {
        rustybt_metrics::beta(r, f)
    })
}

/// Annualized alpha and beta (empyrical's `alpha_beta`).
#[pyfunction]
#[pyo3(signature = (returns, factor_returns, risk_free, period, annualization=None))]
pub fn alpha_beta(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    factor_returns: PyReadonlyArray1<'_, f64>,
    risk_free: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<(f64, f64)> {
    with_factor(
        py,
        &returns,
        &factor_returns,
        period,
        annualization,
        |r, f, factor| rustybt_metrics::alpha_beta(r, f, risk_free, factor),
    )
}

/// Excess Sharpe ratio against the factor (empyrical's `excess_sharpe`).
#[pyfunction]
pub fn excess_sharpe(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    factor_returns: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    with_factor(py, &returns, &factor_returns, "daily", None, |r, f, _| {
        rustybt_metrics::excess_sharpe(r, f)
    })
}

/// Capture ratio over all periods, up-market or down-market periods (`which` is "all", "up"
/// or "down"; empyrical's `capture`, `up_capture`, `down_capture`).
#[pyfunction]
#[pyo3(signature = (returns, factor_returns, which, period, annualization=None))]
pub fn capture(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    factor_returns: PyReadonlyArray1<'_, f64>,
    which: &str,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<f64> {
    let kernel = match which {
        "up" => rustybt_metrics::up_capture,
        "down" => rustybt_metrics::down_capture,
        _ => rustybt_metrics::capture,
    };
    with_factor(py, &returns, &factor_returns, period, annualization, kernel)
}
