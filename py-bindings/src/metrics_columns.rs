//! Returns given as one series (1-D) or as the columns of a (time x portfolios) matrix (2-D):
//! a metric gives a float for the first and one value per column for the second.

use numpy::{IntoPyArray, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;

use rustybt_metrics::{per_column, per_column_series, MetricsError};

use crate::arrays::contiguous;
use crate::errors::run_detached;

/// Returns as a 1-D series or a 2-D (time x portfolios) matrix, borrowed from numpy.
#[derive(FromPyObject)]
pub enum Returns<'py> {
    /// One series.
    One(PyReadonlyArray1<'py, f64>),
    /// One series per column.
    Many(PyReadonlyArray2<'py, f64>),
}

/// `kernel` on the returns with the GIL released: a float for one series, a float64 array of
/// one value per column for a matrix (columns in parallel).
pub fn per_series<'py, F>(
    py: Python<'py>,
    returns: &Returns<'py>,
    kernel: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Fn(&[f64]) -> Result<f64, MetricsError> + Sync + Send,
{
    match returns {
        Returns::One(array) => {
            let values = contiguous(array, "returns")?;
            run_detached(py, || kernel(values))?.into_bound_py_any(py)
        }
        Returns::Many(array) => {
            let (rows, cols) = array.as_array().dim();
            let values = contiguous(array, "returns")?;
            let out = run_detached(py, || per_column(values, rows, cols, &kernel))?;
            Ok(out.into_pyarray(py).into_any())
        }
    }
}

/// A series-valued `kernel` on the returns with the GIL released: a 1-D array for one series,
/// a 2-D array of one column per input column for a matrix (columns in parallel).
pub fn series_per_series<'py, F>(
    py: Python<'py>,
    returns: &Returns<'py>,
    name: &str,
    kernel: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Fn(&[f64]) -> Result<Vec<f64>, MetricsError> + Sync + Send,
{
    match returns {
        Returns::One(array) => {
            let values = contiguous(array, name)?;
            Ok(run_detached(py, || kernel(values))?
                .into_pyarray(py)
                .into_any())
        }
        Returns::Many(array) => {
            let (rows, cols) = array.as_array().dim();
            let values = contiguous(array, name)?;
            let (out, n) = run_detached(py, || per_column_series(values, rows, cols, &kernel))?;
            Ok(out.into_pyarray(py).reshape([n, cols])?.into_any())
        }
    }
}
