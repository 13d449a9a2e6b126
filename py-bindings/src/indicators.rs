//! Bindings of `rustybt-indicators`.

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;

use rustybt_indicators::{sma as sma_kernel, sma_columns, NanPolicy};

use crate::arrays::contiguous;
use crate::errors::{run_detached, Exception, NativeError};

fn nan_policy(name: &str) -> Result<NanPolicy, NativeError> {
    name.parse().map_err(NativeError::from)
}

/// Simple moving average of a contiguous 1-D float64 series (TA-Lib's SMA).
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn sma<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let values = contiguous(&values, "values")?;
    let out = run_detached(py, || sma_kernel(values, period, policy))?;
    Ok(out.into_pyarray(py))
}

/// Simple moving average of each column of a C-contiguous (time x assets) float64 matrix.
#[pyfunction]
#[pyo3(signature = (values, period, nan_policy="propagate"))]
pub fn sma_2d<'py>(
    py: Python<'py>,
    values: PyReadonlyArray2<'py, f64>,
    period: usize,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let policy = self::nan_policy(nan_policy)?;
    let (rows, cols) = values.as_array().dim();
    let values = contiguous(&values, "values")?;
    let out = run_detached(py, || sma_columns(values, rows, cols, period, policy))?;
    let out = Array2::from_shape_vec((rows, cols), out)
        .map_err(|e| Exception::Internal.err(py, format!("sma output shape: {e}")))?;
    Ok(out.into_pyarray(py))
}
