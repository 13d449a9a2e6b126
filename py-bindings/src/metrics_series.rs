//! Bindings of the series functions of `rustybt-metrics` (returns from prices, cumulative
//! returns, the underwater curve and its drawdown periods): borrow, run with the GIL released,
//! hand the `Vec` to numpy without copying.

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;

use crate::arrays::contiguous;
use crate::errors::run_detached;
use crate::metrics_columns::{series_per_series, Returns};

/// Simple returns of a price series (empyrical's `simple_returns`).
#[pyfunction]
pub fn simple_returns<'py>(py: Python<'py>, prices: Returns<'py>) -> PyResult<Bound<'py, PyAny>> {
    series_per_series(py, &prices, "prices", rustybt_metrics::simple_returns)
}

/// Log returns of a price series, the differences of the log prices.
#[pyfunction]
pub fn log_returns<'py>(py: Python<'py>, prices: Returns<'py>) -> PyResult<Bound<'py, PyAny>> {
    series_per_series(py, &prices, "prices", rustybt_metrics::log_returns)
}

/// Cumulative returns (empyrical's `cum_returns`).
#[pyfunction]
pub fn cum_returns<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    starting_value: f64,
) -> PyResult<Bound<'py, PyAny>> {
    series_per_series(py, &returns, "returns", |r| {
        rustybt_metrics::cum_returns(r, starting_value)
    })
}

/// The underwater curve (empyrical's `drawdown_series`).
#[pyfunction]
pub fn drawdown<'py>(py: Python<'py>, returns: Returns<'py>) -> PyResult<Bound<'py, PyAny>> {
    series_per_series(py, &returns, "returns", rustybt_metrics::drawdown)
}

/// One drawdown period as Python sees it: (peak, valley, recovery or None, depth).
type PeriodTuple = (usize, usize, Option<usize>, f64);

/// The `top` deepest drawdown periods as (peak, valley, recovery or None, depth) tuples
/// (pyfolio's `get_top_drawdowns`).
#[pyfunction]
pub fn drawdown_periods(
    py: Python<'_>,
    returns: PyReadonlyArray1<'_, f64>,
    top: usize,
) -> PyResult<Vec<PeriodTuple>> {
    let returns = contiguous(&returns, "returns")?;
    let periods = run_detached(py, || rustybt_metrics::drawdown_periods(returns, top))?;
    Ok(periods
        .into_iter()
        .map(|p| (p.peak, p.valley, p.recovery, p.depth))
        .collect())
}
