//! Bindings of `rustybt-aggregation`.

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;

use arrow_buffer::NullBuffer;
use rustybt_aggregation::{
    aggregate_f64, aggregate_i128, bucket_runs, bucket_starts as bucket_kernel, count_valid,
    threshold_runs as threshold_kernel, Agg, AggregationError, BarWeights, BucketRule, Closed,
    Duration, Label, Origin,
};

use crate::arrays::contiguous;
use crate::decimal::{column_out, read_column};
use crate::errors::{run_detached, Exception, NativeError};

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

/// Row offsets from Python (int64) as the kernels take them.
pub(crate) fn offsets(
    py: Python<'_>,
    array: &PyReadonlyArray1<'_, i64>,
    name: &str,
) -> PyResult<Vec<usize>> {
    contiguous(array, name)?
        .iter()
        .map(|&b| usize::try_from(b))
        .collect::<Result<_, _>>()
        .map_err(|_| Exception::InvalidInput.err(py, format!("{name} must not be negative")))
}

pub(crate) fn to_int64<'py>(py: Python<'py>, values: Vec<usize>) -> Bound<'py, PyArray1<i64>> {
    values
        .into_iter()
        .map(|v| v as i64)
        .collect::<Vec<_>>()
        .into_pyarray(py)
}

type RunArrays<'py> = (
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i64>>,
);

/// Labels, row offsets and group offsets of the bars of sorted int64 nanosecond timestamps.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (timestamps, group_bounds, every, offset, closed, label, origin, origin_ns, fill))]
pub fn resample_runs<'py>(
    py: Python<'py>,
    timestamps: PyReadonlyArray1<'py, i64>,
    group_bounds: PyReadonlyArray1<'py, i64>,
    every: &str,
    offset: Option<&str>,
    closed: &str,
    label: &str,
    origin: &str,
    origin_ns: Option<i64>,
    fill: bool,
) -> PyResult<RunArrays<'py>> {
    let rule = BucketRule {
        every: Duration::parse_positive(every, "every").map_err(NativeError::from)?,
        offset: offset
            .map(|text| Duration::parse(text, "offset").map(|d| d.nanos))
            .transpose()
            .map_err(NativeError::from)?
            .unwrap_or(0),
        closed: Closed::parse(closed, "closed").map_err(NativeError::from)?,
        label: Label::parse(label, "label").map_err(NativeError::from)?,
        origin: Origin::parse(origin, origin_ns).map_err(NativeError::from)?,
    };
    let groups = offsets(py, &group_bounds, "group_bounds")?;
    let timestamps = contiguous(&timestamps, "timestamps")?;
    let runs = run_detached(py, || bucket_runs(timestamps, &groups, &rule, fill))?;
    Ok((
        runs.labels.into_pyarray(py),
        to_int64(py, runs.bounds),
        to_int64(py, runs.group_bounds),
    ))
}

/// `agg` of a float64 column over each bar (NaN is missing).
#[pyfunction]
pub fn aggregate_runs_f64<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    bounds: PyReadonlyArray1<'py, i64>,
    agg: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let agg = Agg::parse(agg).map_err(NativeError::from)?;
    let bounds = offsets(py, &bounds, "bounds")?;
    let values = contiguous(&values, "values")?;
    let out = run_detached(py, || aggregate_f64(values, &bounds, agg))?;
    Ok(out.into_pyarray(py))
}

type ValuesAndValidity<'py> = (Bound<'py, PyArray1<i64>>, Bound<'py, PyArray1<bool>>);

/// `agg` of an int64 column over each bar: the values and their validity (sums are checked).
#[pyfunction]
pub fn aggregate_runs_i64<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, i64>,
    bounds: PyReadonlyArray1<'py, i64>,
    agg: &str,
) -> PyResult<ValuesAndValidity<'py>> {
    let agg = Agg::parse(agg).map_err(NativeError::from)?;
    let bounds = offsets(py, &bounds, "bounds")?;
    let values = contiguous(&values, "values")?;
    let (out, valid) = run_detached(py, || {
        let wide: Vec<i128> = values.iter().map(|&v| i128::from(v)).collect();
        let (out, valid) = aggregate_i128(&wide, None, &bounds, agg)?;
        out.into_iter()
            .enumerate()
            .map(|(index, v)| i64::try_from(v).map_err(|_| AggregationError::Overflow { index }))
            .collect::<Result<Vec<i64>, _>>()
            .map(|out| (out, valid))
    })?;
    Ok((out.into_pyarray(py), valid.into_pyarray(py)))
}

/// `agg` of an Arrow decimal column over each bar, exactly: an Arrow decimal128(38, scale).
#[pyfunction]
pub fn aggregate_runs_decimal<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    bounds: PyReadonlyArray1<'py, i64>,
    agg: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let agg = Agg::parse(agg).map_err(NativeError::from)?;
    let bounds = offsets(py, &bounds, "bounds")?;
    let column = read_column(values, "values")?;
    let valid: Option<Vec<bool>> = column.nulls.as_ref().map(|n| n.iter().collect());
    let mantissas = column.values.as_slice();
    let (out, out_valid) = run_detached(py, || {
        aggregate_i128(mantissas, valid.as_deref(), &bounds, agg)
    })?;
    let nulls = out_valid
        .iter()
        .any(|v| !v)
        .then(|| NullBuffer::from(out_valid));
    column_out(py, out, column.scale, nulls, true)
}

/// Number of true values of `valid` in each bar.
#[pyfunction]
pub fn count_runs<'py>(
    py: Python<'py>,
    valid: PyReadonlyArray1<'py, bool>,
    bounds: PyReadonlyArray1<'py, i64>,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    let bounds = offsets(py, &bounds, "bounds")?;
    let valid = contiguous(&valid, "valid")?;
    let out = run_detached(py, || count_valid(valid, &bounds))?;
    Ok(out.into_pyarray(py))
}

type ThresholdArrays<'py> = (
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<bool>>,
);

/// Labels (first timestamps), row offsets, group offsets and completeness of activity bars.
fn threshold_arrays<'py>(
    py: Python<'py>,
    timestamps: &PyReadonlyArray1<'py, i64>,
    group_bounds: &PyReadonlyArray1<'py, i64>,
    weights: BarWeights<'_>,
) -> PyResult<ThresholdArrays<'py>> {
    let groups = offsets(py, group_bounds, "group_bounds")?;
    let timestamps = contiguous(timestamps, "timestamps")?;
    let (runs, complete) = run_detached(py, || threshold_kernel(timestamps, &groups, &weights))?;
    Ok((
        runs.labels.into_pyarray(py),
        to_int64(py, runs.bounds),
        to_int64(py, runs.group_bounds),
        complete.into_pyarray(py),
    ))
}

/// Bars of `n` ticks each (the last of a group may be short).
#[pyfunction]
pub fn tick_runs<'py>(
    py: Python<'py>,
    timestamps: PyReadonlyArray1<'py, i64>,
    group_bounds: PyReadonlyArray1<'py, i64>,
    n: u64,
) -> PyResult<ThresholdArrays<'py>> {
    threshold_arrays(py, &timestamps, &group_bounds, BarWeights::Count(n))
}

/// Bars closed when the float64 running total of `weights` reaches `threshold`.
#[pyfunction]
pub fn threshold_runs_f64<'py>(
    py: Python<'py>,
    timestamps: PyReadonlyArray1<'py, i64>,
    group_bounds: PyReadonlyArray1<'py, i64>,
    weights: PyReadonlyArray1<'py, f64>,
    threshold: f64,
) -> PyResult<ThresholdArrays<'py>> {
    let values = contiguous(&weights, "weights")?;
    let weights = BarWeights::Float { values, threshold };
    threshold_arrays(py, &timestamps, &group_bounds, weights)
}

/// Bars closed when the exact running total of an Arrow decimal column reaches `threshold`
/// (a mantissa at the column's scale).
#[pyfunction]
pub fn threshold_runs_decimal<'py>(
    py: Python<'py>,
    timestamps: PyReadonlyArray1<'py, i64>,
    group_bounds: PyReadonlyArray1<'py, i64>,
    weights: &Bound<'py, PyAny>,
    threshold: i128,
) -> PyResult<ThresholdArrays<'py>> {
    let column = read_column(weights, "weights")?;
    if let Some(first) = column
        .nulls
        .as_ref()
        .and_then(|n| n.iter().position(|v| !v))
    {
        return Err(Exception::InvalidInput.err(
            py,
            format!("the weight of row {first} is missing: sizes and notionals must be present"),
        ));
    }
    let values = column.values.as_slice();
    let weights = BarWeights::Exact { values, threshold };
    threshold_arrays(py, &timestamps, &group_bounds, weights)
}
