//! Bindings of the rolling metrics of `rustybt-metrics`: borrow, resolve the annualization
//! factor, run with the GIL released, hand the `Vec` to numpy without copying.

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use rustybt_metrics::annualization_factor;

use crate::arrays::contiguous;
use crate::errors::{run_detached, NativeError};
use crate::metrics_columns::{series_per_series, Returns};

/// Rolling Sharpe ratio (empyrical's `roll_sharpe_ratio`).
#[pyfunction]
#[pyo3(signature = (returns, window, risk_free, period, annualization=None))]
pub fn roll_sharpe_ratio<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    window: usize,
    risk_free: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let factor = annualization_factor(period, annualization).map_err(NativeError::from)?;
    series_per_series(py, &returns, "returns", |r| {
        rustybt_metrics::roll_sharpe_ratio(r, window, risk_free, factor)
    })
}

/// Rolling maximum drawdown (empyrical's `roll_max_drawdown`).
#[pyfunction]
pub fn roll_max_drawdown<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    window: usize,
) -> PyResult<Bound<'py, PyAny>> {
    series_per_series(py, &returns, "returns", |r| {
        rustybt_metrics::roll_max_drawdown(r, window)
    })
}

/// Rolling annual volatility (empyrical's `roll_annual_volatility`).
#[pyfunction]
#[pyo3(signature = (returns, window, period, alpha, annualization=None))]
pub fn roll_annual_volatility<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    window: usize,
    period: &str,
    alpha: f64,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let factor = annualization_factor(period, annualization).map_err(NativeError::from)?;
    series_per_series(py, &returns, "returns", |r| {
        rustybt_metrics::roll_annual_volatility(r, window, alpha, factor)
    })
}

/// Rolling beta (empyrical's `roll_beta`).
#[pyfunction]
pub fn roll_beta<'py>(
    py: Python<'py>,
    returns: PyReadonlyArray1<'py, f64>,
    factor_returns: PyReadonlyArray1<'py, f64>,
    window: usize,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let returns = contiguous(&returns, "returns")?;
    let factor_returns = contiguous(&factor_returns, "factor_returns")?;
    let out = run_detached(py, || {
        rustybt_metrics::roll_beta(returns, factor_returns, window)
    })?;
    Ok(out.into_pyarray(py))
}
