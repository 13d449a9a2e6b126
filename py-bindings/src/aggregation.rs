//! Bindings of `rustybt-aggregation`.

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use rustybt_aggregation::{bucket_starts as bucket_kernel, Duration};

use crate::arrays::contiguous;
use crate::errors::{run_detached, NativeError};

/// Start of the time bucket of each int64 nanosecond timestamp.
#[pyfunction]
#[pyo3(signature = (timestamps, every, offset=None))]
pub fn bucket_starts<'py>(
    py: Python<'py>,
    timestamps: PyReadonlyArray1<'py, i64>,
    every: &str,
    offset: Option<&str>,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    let every = Duration::parse_positive(every, "every").map_err(NativeError::from)?;
    let offset = offset
        .map(|text| Duration::parse(text, "offset"))
        .transpose()
        .map_err(NativeError::from)?;
    let timestamps = contiguous(&timestamps, "timestamps")?;
    let out = run_detached(py, || bucket_kernel(timestamps, every, offset))?;
    Ok(out.into_pyarray(py))
}
