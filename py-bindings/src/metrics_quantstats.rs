//! Bindings of `rustybt_metrics::quantstats`: the metrics under quantstats' conventions, one
//! entry point that names the metric.

use pyo3::prelude::*;

use rustybt_metrics::quantstats::{metric, QuantstatsParams};

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
