//! Binding of `rustybt_metrics::summary`: every scalar metric of a series (or of each column of
//! a matrix) in one call.

use numpy::{IntoPyArray, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use rustybt_metrics::{annualization_factor, per_column, summary, SummaryOptions};

use crate::arrays::contiguous;
use crate::errors::{run_detached, NativeError};
use crate::metrics_columns::Returns;

/// Every scalar metric as a dict of name to value (to an array of one value per column for a
/// 2-D matrix), in `SUMMARY_METRICS` order, then `FACTOR_METRICS` with a factor.
#[pyfunction]
#[pyo3(signature = (returns, factor_returns, risk_free, required_return, cutoff, period, annualization=None))]
#[allow(clippy::too_many_arguments)]
pub fn metrics_summary<'py>(
    py: Python<'py>,
    returns: Returns<'py>,
    factor_returns: Option<PyReadonlyArray1<'py, f64>>,
    risk_free: f64,
    required_return: f64,
    cutoff: f64,
    period: &str,
    annualization: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = SummaryOptions {
        annualization: annualization_factor(period, annualization).map_err(NativeError::from)?,
        risk_free,
        required_return,
        cutoff,
    };
    let factor = factor_returns
        .as_ref()
        .map(|f| contiguous(f, "factor_returns"))
        .transpose()?;
    let out = PyDict::new(py);
    match &returns {
        Returns::One(array) => {
            let values = contiguous(array, "returns")?;
            for (name, value) in run_detached(py, || summary(values, factor, &options))? {
                out.set_item(name, value)?;
            }
        }
        Returns::Many(array) => {
            let (rows, cols) = array.as_array().dim();
            let values = contiguous(array, "returns")?;
            let reports = run_detached(py, || {
                per_column(values, rows, cols, |c| summary(c, factor, &options))
            })?;
            let names: Vec<&str> = match reports.first() {
                Some(report) => report.iter().map(|(name, _)| *name).collect(),
                None => rustybt_metrics::SUMMARY_METRICS
                    .iter()
                    .chain(factor.map_or(&[][..], |_| &rustybt_metrics::FACTOR_METRICS[..]))
                    .copied()
                    .collect(),
            };
            for (i, name) in names.into_iter().enumerate() {
                let column: Vec<f64> = reports.iter().map(|report| report[i].1).collect();
                out.set_item(name, column.into_pyarray(py))?;
            }
        }
    }
    Ok(out)
}
