//! Bindings of `rustybt-aggregation`'s session bars.

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use rustybt_aggregation::{session_runs as session_kernel, Closed, Label};

use crate::aggregation::{offsets, to_int64};
use crate::arrays::contiguous;
use crate::errors::{run_detached, NativeError};

type SessionArrays<'py> = (
    Bound<'py, PyArray1<bool>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i64>>,
);

/// Which rows lie in a session, and the labels, row offsets (over the kept rows) and group
/// offsets of one bar per session.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn session_runs<'py>(
    py: Python<'py>,
    timestamps: PyReadonlyArray1<'py, i64>,
    group_bounds: PyReadonlyArray1<'py, i64>,
    opens: PyReadonlyArray1<'py, i64>,
    closes: PyReadonlyArray1<'py, i64>,
    closed: &str,
    label: &str,
    fill: bool,
) -> PyResult<SessionArrays<'py>> {
    let closed = Closed::parse(closed, "closed").map_err(NativeError::from)?;
    let label = Label::parse(label, "label").map_err(NativeError::from)?;
    let groups = offsets(py, &group_bounds, "group_bounds")?;
    let timestamps = contiguous(&timestamps, "timestamps")?;
    let (opens, closes) = (contiguous(&opens, "opens")?, contiguous(&closes, "closes")?);
    let out = run_detached(py, || {
        session_kernel(timestamps, &groups, opens, closes, closed, label, fill)
    })?;
    Ok((
        out.keep.into_pyarray(py),
        out.runs.labels.into_pyarray(py),
        to_int64(py, out.runs.bounds),
        to_int64(py, out.runs.group_bounds),
    ))
}
