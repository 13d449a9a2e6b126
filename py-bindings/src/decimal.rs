//! Bindings of `rustybt-decimal`: decimal columns in (Arrow data or Python sequences),
//! columns or `decimal.Decimal` out.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Decimal32Type, Decimal64Type};
use arrow_array::{Array, ArrayRef, BooleanArray, Decimal128Array};
use arrow_buffer::{BooleanBuffer, BooleanBufferBuilder, Buffer, NullBuffer, ScalarBuffer};
use arrow_schema::DataType;
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyInt, PyList, PyString, PyTuple, PyType};
use pyo3::IntoPyObjectExt;
use pyo3_arrow::input::{AnyArray, AnyRecordBatch};
use pyo3_arrow::PyArray;

use rustybt_decimal::{
    abs, add, check_scale, common_scale, compare_bitmap, cumsum, div, dot, from_float, max, mean,
    min, mul, neg, quantize, rescale_value, rows, sub, sum_values, to_float, Comparison, Context,
    DecimalError, DecimalValue, ExactSum, OnZero, Operand, RoundingMode, Validity,
};

use crate::arrays::contiguous;
use crate::errors::{run_detached, Exception, NativeError};

/// A Python `decimal.Decimal` with exactly this mantissa and exponent.
pub(crate) fn to_py_decimal<'py>(
    py: Python<'py>,
    value: DecimalValue,
) -> PyResult<Bound<'py, PyAny>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    // Decimal(str) is exact whatever the context precision, unlike arithmetic on Decimals.
    DECIMAL
        .import(py, "decimal", "Decimal")?
        .call1((value.to_string(),))
}

/// An Arrow null buffer as a [`Validity`] mask, borrowed in place.
pub(crate) fn validity(nulls: Option<&NullBuffer>) -> Result<Option<Validity<'_>>, DecimalError> {
    nulls
        .map(|n| Validity::new(n.inner().values(), n.inner().offset(), n.len()))
        .transpose()
}

/// Sum of one Arrow chunk into `total`; decimal32/64 are widened to i128 first.
fn add_chunk(total: &mut ExactSum, chunk: &ArrayRef) -> Result<(), DecimalError> {
    match chunk.data_type() {
        DataType::Decimal128(_, _) => {
            let array = chunk.as_primitive::<Decimal128Type>();
            total.add_column(array.values(), validity(array.nulls())?)
        }
        DataType::Decimal64(_, _) => {
            let array = chunk.as_primitive::<Decimal64Type>();
            let wide: Vec<i128> = array.values().iter().map(|&v| i128::from(v)).collect();
            total.add_column(&wide, validity(array.nulls())?)
        }
        DataType::Decimal32(_, _) => {
            let array = chunk.as_primitive::<Decimal32Type>();
            let wide: Vec<i128> = array.values().iter().map(|&v| i128::from(v)).collect();
            total.add_column(&wide, validity(array.nulls())?)
        }
        _ => Ok(()), // types are checked before the GIL is released
    }
}

/// Exact sum of an Arrow decimal array or stream (anything with `__arrow_c_array__` or
/// `__arrow_c_stream__`): zero-copy over the Arrow buffers, GIL released while summing.
#[pyfunction]
pub fn decimal_sum_arrow<'py>(py: Python<'py>, values: AnyArray) -> PyResult<Bound<'py, PyAny>> {
    let reader = values.into_reader()?;
    let field = reader.field();
    let scale = match field.data_type() {
        DataType::Decimal128(_, s) | DataType::Decimal64(_, s) | DataType::Decimal32(_, s) => {
            i32::from(*s)
        }
        other => {
            return Err(Exception::InputType.err(
                py,
                format!(
                "values must be a decimal column (Arrow decimal32/64/128), got Arrow type {other}"
            ),
            ))
        }
    };
    let mut total = ExactSum::default();
    for chunk in reader {
        let chunk = chunk.map_err(|e| Exception::InvalidInput.err(py, format!("values: {e}")))?;
        run_detached(py, || add_chunk(&mut total, &chunk))?;
    }
    let column_sum = DecimalValue {
        mantissa: total.finish().map_err(NativeError::from)?,
        scale,
    };
    // Negative-scale columns give an integer-valued sum at scale 0, as Python's sum() does.
    let result = if scale < 0 {
        DecimalValue {
            mantissa: column_sum.mantissa_at(0).map_err(NativeError::from)?,
            scale: 0,
        }
    } else {
        column_sum
    };
    to_py_decimal(py, result)
}

/// Reads element `index` of a Python sequence as a decimal value; `None` means null.
fn read_element(
    item: &Bound<'_, PyAny>,
    index: usize,
    decimal_type: &Bound<'_, PyType>,
) -> PyResult<Option<DecimalValue>> {
    let py = item.py();
    let parse = |text: &str| {
        text.parse::<DecimalValue>().map_err(|e| match e {
            DecimalError::Parse { text, .. } => NativeError::Decimal(DecimalError::Parse {
                text,
                at: format!(" (values[{index}])"),
            }),
            DecimalError::NotFinite { value, .. } => {
                NativeError::Decimal(DecimalError::NotFinite {
                    what: format!("values[{index}]"),
                    value,
                })
            }
            DecimalError::Overflow { .. } => NativeError::Decimal(DecimalError::Overflow {
                what: format!("values[{index}] = {}", text.trim()),
            }),
            other => NativeError::Decimal(other),
        })
    };
    if item.is_none() {
        Ok(None)
    } else if item.is_instance(decimal_type)? {
        Ok(Some(parse(&item.str()?.to_cow()?)?))
    } else if item.is_instance_of::<PyBool>() {
        Err(Exception::InputType.err(
            py,
            format!("values[{index}] is a bool; expected decimal.Decimal, str or int"),
        ))
    } else if item.is_instance_of::<PyInt>() {
        let overflow = || {
            NativeError::Decimal(DecimalError::Overflow {
                what: format!("values[{index}] = {item}"),
            })
        };
        let mantissa: i128 = item.extract().map_err(|_| overflow())?;
        Ok(Some(
            DecimalValue::new(mantissa, 0).map_err(|_| overflow())?,
        ))
    } else if let Ok(text) = item.cast::<PyString>() {
        Ok(Some(parse(&text.to_cow()?)?))
    } else {
        let type_name = item.get_type().name()?;
        Err(Exception::InputType.err(
            py,
            format!(
                "values[{index}] has type {type_name}; expected decimal.Decimal, str or int \
                 (floats are inexact: convert them explicitly, e.g. Decimal(str(x)))"
            ),
        ))
    }
}

/// Exact sum of a Python iterable of `decimal.Decimal`, `str` or `int` (None skipped), at the
/// largest scale among the values (and at least 0), as Python's `sum()` with enough precision.
#[pyfunction]
pub fn decimal_sum_sequence<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let decimal_type = DECIMAL.import(py, "decimal", "Decimal")?;
    let mut parsed = Vec::with_capacity(values.len().unwrap_or(0));
    // Nulls stay in place so that errors name the caller's indices.
    for (index, item) in values.try_iter()?.enumerate() {
        parsed.push(read_element(&item?, index, decimal_type)?);
    }
    let total = run_detached(py, || sum_values(&parsed))?;
    to_py_decimal(py, total)
}

// ---------------------------------------------------------------------------------------------
// Column kernels: one decimal column (or scalar) in, a column or a value out.

/// Mantissas of an input column: Arrow's buffer, borrowed in place, or our own copy (Python
/// sequences, multi-chunk streams, decimal32/64 widened).
pub(crate) enum Mantissas {
    Arrow(ScalarBuffer<i128>),
    Owned(Vec<i128>),
}

impl Mantissas {
    pub(crate) fn as_slice(&self) -> &[i128] {
        match self {
            Mantissas::Arrow(buffer) => buffer,
            Mantissas::Owned(values) => values,
        }
    }
}

/// A decimal column read from Python: mantissas, one scale, nulls, and whether it came as Arrow
/// data (then the result goes back as Arrow data).
pub(crate) struct ColumnIn {
    pub(crate) values: Mantissas,
    pub(crate) scale: i32,
    pub(crate) nulls: Option<NullBuffer>,
    pub(crate) arrow: bool,
}

/// One argument of a kernel: a column, or one value applied to every row.
pub(crate) enum Arg {
    Column(ColumnIn),
    Scalar(DecimalValue),
}

impl Arg {
    fn operand(&self) -> (Operand<'_>, i32) {
        match self {
            Arg::Column(c) => (Operand::Column(c.values.as_slice()), c.scale),
            Arg::Scalar(v) => (Operand::Scalar(v.mantissa), v.scale),
        }
    }

    fn column(&self) -> Option<&ColumnIn> {
        match self {
            Arg::Column(c) => Some(c),
            Arg::Scalar(_) => None,
        }
    }
}

fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

fn is_arrow(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("__arrow_c_array__")? || obj.hasattr("__arrow_c_stream__")?)
}

/// Every chunk of an Arrow array or stream, with its field.
fn arrow_chunks(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<(DataType, Vec<ArrayRef>)> {
    let py = obj.py();
    let reader = obj.extract::<AnyArray>()?.into_reader()?;
    let data_type = reader.field().data_type().clone();
    let mut chunks = Vec::new();
    for chunk in reader {
        chunks.push(chunk.map_err(|e| Exception::InvalidInput.err(py, format!("{name}: {e}")))?);
    }
    Ok((data_type, chunks))
}

/// Concatenated null masks of several chunks (None when no chunk has a null).
fn concat_nulls(chunks: &[ArrayRef], len: usize) -> Option<NullBuffer> {
    if chunks.iter().all(|c| c.null_count() == 0) {
        return None;
    }
    let mut builder = BooleanBufferBuilder::new(len);
    for chunk in chunks {
        match chunk.nulls() {
            Some(n) => builder.append_buffer(n.inner()),
            None => builder.append_n(chunk.len(), true),
        }
    }
    Some(NullBuffer::new(builder.finish()))
}

/// An Arrow decimal column; a single decimal128 chunk is borrowed without copying.
fn read_arrow_column(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<ColumnIn> {
    let (data_type, chunks) = arrow_chunks(obj, name)?;
    column_from_chunks(obj.py(), &data_type, &chunks, name)
}

/// Every column of an Arrow table, record batch or stream of batches (pyarrow, polars, ...) as
/// decimal columns, through one import of the whole frame: importing the columns one by one
/// costs a schema exchange each, which dominates for many short columns.
pub(crate) fn read_frame_columns(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<ColumnIn>> {
    let py = obj.py();
    let reader = obj.extract::<AnyRecordBatch>()?.into_reader()?;
    let schema = reader.schema();
    let mut batches = Vec::new();
    for batch in reader {
        batches.push(batch.map_err(|e| Exception::InvalidInput.err(py, format!("{name}: {e}")))?);
    }
    schema
        .fields()
        .iter()
        .enumerate()
        .map(|(j, field)| {
            let chunks: Vec<ArrayRef> = batches.iter().map(|b| b.column(j).clone()).collect();
            column_from_chunks(py, field.data_type(), &chunks, &format!("{name}[{j}]"))
        })
        .collect()
}

/// A row-major 2-D decimal input: an Arrow array or stream of fixed-size lists of decimals
/// (a pyarrow `fixed_size_list` array, a polars `Array` series), as its values in one column
/// (borrowed when it is one decimal128 chunk), the number of rows and the list size. A null row
/// makes each of its values null.
pub(crate) fn read_matrix(
    obj: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<(ColumnIn, usize, usize)> {
    let py = obj.py();
    let (data_type, chunks) = arrow_chunks(obj, name)?;
    let DataType::FixedSizeList(item, size) = &data_type else {
        return Err(Exception::InputType.err(
            py,
            format!(
                "{name} must be an Arrow fixed-size list of decimals, got Arrow type {data_type}"
            ),
        ));
    };
    let size = usize::try_from(*size)
        .map_err(|_| Exception::InvalidInput.err(py, format!("{name}: negative list size")))?;
    let rows: usize = chunks.iter().map(|c| c.len()).sum();
    let lists: Vec<_> = chunks.iter().map(|c| c.as_fixed_size_list()).collect();
    let items: Vec<ArrayRef> = lists
        .iter()
        .map(|l| l.values().slice(0, l.len() * size))
        .collect();
    let mut column = column_from_chunks(py, item.data_type(), &items, name)?;
    if lists.iter().any(|l| l.null_count() > 0) {
        let mut rows_valid = BooleanBufferBuilder::new(rows * size);
        for list in &lists {
            for t in 0..list.len() {
                rows_valid.append_n(size, list.is_valid(t));
            }
        }
        let rows_valid = NullBuffer::new(rows_valid.finish());
        column.nulls = NullBuffer::union(column.nulls.as_ref(), Some(&rows_valid));
    }
    Ok((column, rows, size))
}

/// One decimal column from the chunks of an Arrow array; a single decimal128 chunk is borrowed.
fn column_from_chunks(
    py: Python<'_>,
    data_type: &DataType,
    chunks: &[ArrayRef],
    name: &str,
) -> PyResult<ColumnIn> {
    let scale = match data_type {
        DataType::Decimal128(_, s) | DataType::Decimal64(_, s) | DataType::Decimal32(_, s) => {
            i32::from(*s)
        }
        other => {
            return Err(Exception::InputType.err(
                py,
                format!(
                    "{name} must be a decimal column (Arrow decimal32/64/128), got Arrow type \
                     {other}"
                ),
            ))
        }
    };
    if let [chunk] = chunks {
        if let Some(array) = chunk.as_primitive_opt::<Decimal128Type>() {
            return Ok(ColumnIn {
                values: Mantissas::Arrow(array.values().clone()),
                scale,
                nulls: array.nulls().cloned(),
                arrow: true,
            });
        }
    }
    let len = chunks.iter().map(|c| c.len()).sum();
    let mut values = Vec::with_capacity(len);
    for chunk in chunks {
        match chunk.data_type() {
            DataType::Decimal128(_, _) => {
                values.extend_from_slice(chunk.as_primitive::<Decimal128Type>().values())
            }
            DataType::Decimal64(_, _) => values.extend(
                chunk
                    .as_primitive::<Decimal64Type>()
                    .values()
                    .iter()
                    .map(|&v| i128::from(v)),
            ),
            _ => values.extend(
                chunk
                    .as_primitive::<Decimal32Type>()
                    .values()
                    .iter()
                    .map(|&v| i128::from(v)),
            ),
        }
    }
    Ok(ColumnIn {
        values: Mantissas::Owned(values),
        scale,
        nulls: concat_nulls(chunks, len),
        arrow: true,
    })
}

/// Renames the index in an element error: `values[3]` becomes `{name}[3]`.
fn renamed(error: PyErr, py: Python<'_>, name: &str) -> PyErr {
    if name == "values" {
        return error;
    }
    let message = error
        .value(py)
        .to_string()
        .replace("values[", &format!("{name}["));
    let class = error.get_type(py);
    PyErr::from_type(class, message)
}

/// A Python sequence of Decimal/str/int/None as a column at the largest scale among its
/// values (at least 0).
fn read_sequence_column(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<ColumnIn> {
    let py = obj.py();
    let decimal = decimal_type(py)?;
    let mut parsed = Vec::with_capacity(obj.len().unwrap_or(0));
    for (index, item) in obj.try_iter()?.enumerate() {
        parsed.push(read_element(&item?, index, decimal).map_err(|e| renamed(e, py, name))?);
    }
    let scale = named_common_scale(py, &parsed, name)?;
    let mut values = Vec::with_capacity(parsed.len());
    let mut any_null = false;
    for (index, value) in parsed.iter().enumerate() {
        match value {
            Some(v) => values.push(v.mantissa_at(scale).map_err(|_| {
                NativeError::from(DecimalError::Overflow {
                    what: format!("{name}[{index}] = {v} at scale {scale}"),
                })
            })?),
            None => {
                any_null = true;
                values.push(0);
            }
        }
    }
    let nulls =
        any_null.then(|| NullBuffer::from(parsed.iter().map(Option::is_some).collect::<Vec<_>>()));
    Ok(ColumnIn {
        values: Mantissas::Owned(values),
        scale,
        nulls,
        arrow: false,
    })
}

/// [`common_scale`] with errors naming `name[index]` instead of `values[index]`.
fn named_common_scale(
    py: Python<'_>,
    parsed: &[Option<DecimalValue>],
    name: &str,
) -> PyResult<i32> {
    common_scale(parsed).map_err(|e| renamed(NativeError::from(e).into(), py, name))
}

fn is_scalar(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.is_instance(decimal_type(obj.py())?)?
        || obj.is_instance_of::<PyString>()
        || (obj.is_instance_of::<PyInt>() && !obj.is_instance_of::<PyBool>()))
}

/// A kernel argument: Arrow column, Python sequence, or one Decimal/str/int.
pub(crate) fn read_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Arg> {
    let py = obj.py();
    if obj.is_none() {
        return Err(Exception::InputType.err(py, format!("{name} is None")));
    }
    if is_scalar(obj)? {
        let value = read_element(obj, 0, decimal_type(py)?)
            .map_err(|e| renamed(e, py, name))?
            .ok_or_else(|| Exception::InputType.err(py, format!("{name} is None")))?;
        return Ok(Arg::Scalar(value));
    }
    // A list or tuple is a sequence column: asking it for the Arrow protocol's attributes
    // would raise (and build) two AttributeErrors, most of the cost of a one-row call.
    if obj.is_exact_instance_of::<PyList>() || obj.is_exact_instance_of::<PyTuple>() {
        return read_sequence_column(obj, name).map(Arg::Column);
    }
    if is_arrow(obj)? {
        return read_arrow_column(obj, name).map(Arg::Column);
    }
    read_sequence_column(obj, name).map(Arg::Column)
}

pub(crate) fn read_column(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<ColumnIn> {
    match read_arg(obj, name)? {
        Arg::Column(c) => Ok(c),
        Arg::Scalar(_) => Err(Exception::InputType.err(
            obj.py(),
            format!("{name} must be a decimal column, not a single value"),
        )),
    }
}

pub(crate) fn context(precision: i64, rounding: &str) -> Result<Context, NativeError> {
    let mode: RoundingMode = rounding.parse()?;
    Ok(Context::new(precision, mode)?)
}

fn output_scale(scale: i32) -> Result<i8, NativeError> {
    check_scale("the result's scale", i64::from(scale))
        .map(|s| s as i8)
        .map_err(NativeError::from)
}

/// A computed column back to Python: Arrow decimal128(38, scale) if the input was Arrow data,
/// else a list of `decimal.Decimal` (None in null rows).
pub(crate) fn column_out<'py>(
    py: Python<'py>,
    values: Vec<i128>,
    scale: i32,
    nulls: Option<NullBuffer>,
    arrow: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let arrow_scale = output_scale(scale)?;
    if arrow {
        let array = Decimal128Array::try_new(values.into(), nulls)
            .and_then(|a| a.with_precision_and_scale(38, arrow_scale))
            .map_err(|e| Exception::Internal.err(py, format!("decimal output: {e}")))?;
        return PyArray::from_array_ref(Arc::new(array)).into_bound_py_any(py);
    }
    let list = PyList::empty(py);
    for (i, mantissa) in values.into_iter().enumerate() {
        if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            list.append(py.None())?;
        } else {
            list.append(to_py_decimal(py, DecimalValue { mantissa, scale })?)?;
        }
    }
    Ok(list.into_any())
}

fn union_nulls(a: &Arg, b: &Arg) -> Option<NullBuffer> {
    NullBuffer::union(
        a.column().and_then(|c| c.nulls.as_ref()),
        b.column().and_then(|c| c.nulls.as_ref()),
    )
}

fn needs_a_column(py: Python<'_>, a: &Arg, b: &Arg) -> PyResult<bool> {
    match (a.column(), b.column()) {
        (None, None) => Err(Exception::InputType.err(
            py,
            "at least one operand must be a decimal column (both are single values)",
        )),
        (x, y) => Ok(x.is_some_and(|c| c.arrow) || y.is_some_and(|c| c.arrow)),
    }
}

/// `a op b` for op in add, sub, mul, div: columns or a column and a scalar.
#[pyfunction]
#[pyo3(signature = (op, a, b, scale=None, precision=38, rounding="ROUND_HALF_EVEN", on_zero="raise"))]
#[allow(clippy::too_many_arguments)]
pub fn decimal_binary<'py>(
    py: Python<'py>,
    op: &str,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
    on_zero: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = scale
        .map(|s| check_scale("scale", s))
        .transpose()
        .map_err(NativeError::from)?;
    let on_zero = match on_zero {
        "raise" => OnZero::Raise,
        "null" => OnZero::Null,
        other => {
            return Err(Exception::InvalidParameter.err(
                py,
                format!("on_zero must be \"raise\" or \"null\", got {other:?}"),
            ))
        }
    };
    let (left, right) = (read_arg(a, "a")?, read_arg(b, "b")?);
    let arrow = needs_a_column(py, &left, &right)?;
    let nulls = union_nulls(&left, &right);
    let (x, y) = (left.operand(), right.operand());
    let (column, zeros) = run_detached(py, || -> Result<_, NativeError> {
        let valid = validity(nulls.as_ref())?;
        let valid = valid.as_ref();
        Ok(match op {
            "add" => (add(x, y, valid, &ctx)?, Vec::new()),
            "sub" => (sub(x, y, valid, &ctx)?, Vec::new()),
            "mul" => (mul(x, y, scale, valid, &ctx)?, Vec::new()),
            "div" => {
                // Python's rule of thumb for money: the larger input scale plus 6 digits.
                let to = scale.unwrap_or((x.1.max(y.1) + 6).min(rustybt_decimal::MAX_SCALE));
                div(x, y, to, valid, &ctx, on_zero)?
            }
            other => {
                return Err(NativeError::Panic(format!(
                    "unknown binary decimal op {other}"
                )))
            }
        })
    })?;
    let nulls = if zeros.is_empty() {
        nulls
    } else {
        let rows = column.values.len();
        let mut mask: Vec<bool> = (0..rows)
            .map(|i| nulls.as_ref().is_none_or(|n| n.is_valid(i)))
            .collect();
        zeros.iter().for_each(|&i| mask[i] = false);
        Some(NullBuffer::from(mask))
    };
    column_out(py, column.values, column.scale, nulls, arrow)
}

/// `a op b` for op in eq, ne, lt, le, gt, ge: Arrow booleans, or a list of bool (None in null
/// rows).
#[pyfunction]
pub fn decimal_compare<'py>(
    py: Python<'py>,
    op: &str,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let op: Comparison = op.parse().map_err(NativeError::from)?;
    let (left, right) = (read_arg(a, "a")?, read_arg(b, "b")?);
    let arrow = needs_a_column(py, &left, &right)?;
    let nulls = union_nulls(&left, &right);
    let (x, y) = (left.operand(), right.operand());
    // Packed straight into Arrow's bitmap layout, 64 rows a word.
    let (words, rows) = run_detached(py, || -> Result<_, NativeError> {
        Ok((compare_bitmap(x, y, op)?, rows(&x.0, &y.0)?))
    })?;
    let flags = BooleanBuffer::new(Buffer::from_vec(words), 0, rows);
    if arrow {
        let array = BooleanArray::new(flags, nulls);
        return PyArray::from_array_ref(Arc::new(array)).into_bound_py_any(py);
    }
    let list = PyList::empty(py);
    for (i, flag) in flags.iter().enumerate() {
        if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            list.append(py.None())?;
        } else {
            list.append(flag)?;
        }
    }
    Ok(list.into_any())
}

/// `op(a)` for op in neg, abs, quantize (to `scale`), cumsum: a column of the same length.
#[pyfunction]
#[pyo3(signature = (op, a, scale=None, precision=38, rounding="ROUND_HALF_EVEN"))]
pub fn decimal_unary<'py>(
    py: Python<'py>,
    op: &str,
    a: &Bound<'py, PyAny>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let column = read_column(a, "a")?;
    let to = match scale {
        Some(s) => check_scale("scale", s).map_err(NativeError::from)?,
        None => column.scale,
    };
    let values = column.values.as_slice();
    let nulls = column.nulls.clone();
    let from = column.scale;
    let out = run_detached(py, || -> Result<_, NativeError> {
        let valid = validity(nulls.as_ref())?;
        let valid = valid.as_ref();
        Ok(match op {
            "neg" => neg(values, valid, &ctx)?,
            "abs" => abs(values, valid, &ctx)?,
            "quantize" => quantize(values, from, to, valid, &ctx)?,
            "cumsum" => cumsum(values, valid, &ctx)?,
            other => {
                return Err(NativeError::Panic(format!(
                    "unknown unary decimal op {other}"
                )))
            }
        })
    })?;
    column_out(py, out, to, nulls, column.arrow)
}

/// `op(a)` for op in min, max, mean: a `decimal.Decimal`, or None when no value is valid.
#[pyfunction]
#[pyo3(signature = (op, a, scale=None, precision=38, rounding="ROUND_HALF_EVEN"))]
pub fn decimal_reduce<'py>(
    py: Python<'py>,
    op: &str,
    a: &Bound<'py, PyAny>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let column = read_column(a, "a")?;
    let from = column.scale;
    let to = match (op, scale) {
        (_, Some(s)) => check_scale("scale", s).map_err(NativeError::from)?,
        ("mean", None) => (from + 6).min(rustybt_decimal::MAX_SCALE),
        (_, None) => from,
    };
    let values = column.values.as_slice();
    let nulls = column.nulls.as_ref();
    let result = run_detached(py, || -> Result<_, NativeError> {
        let valid = validity(nulls)?;
        let valid = valid.as_ref();
        Ok(match op {
            "min" => min(values, valid)?,
            "max" => max(values, valid)?,
            "mean" => mean(values, from, to, valid, &ctx)?,
            other => {
                return Err(NativeError::Panic(format!(
                    "unknown decimal reduction {other}"
                )))
            }
        })
    })?;
    match result {
        None => Ok(py.None().into_bound(py)),
        Some(mantissa) => {
            let value = DecimalValue {
                mantissa,
                scale: to,
            };
            // Reductions of a negative-scale column give integers, as Python's sum() does.
            to_py_decimal(py, value)
        }
    }
}

/// Exact sum of products of two decimal columns, skipping rows where either is null.
#[pyfunction]
pub fn decimal_dot<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (x, y) = (read_column(a, "a")?, read_column(b, "b")?);
    let nulls = NullBuffer::union(x.nulls.as_ref(), y.nulls.as_ref());
    let (xs, ys) = (x.values.as_slice(), y.values.as_slice());
    let value = run_detached(py, || -> Result<_, NativeError> {
        let valid = validity(nulls.as_ref())?;
        Ok(dot((xs, x.scale), (ys, y.scale), valid.as_ref())?)
    })?;
    to_py_decimal(py, value)
}

/// A decimal column as float64, each value correctly rounded; NaN in null rows.
#[pyfunction]
pub fn decimal_to_float<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let column = read_column(a, "a")?;
    let values = column.values.as_slice();
    let nulls = column.nulls.as_ref();
    let out = run_detached(py, || -> Result<_, NativeError> {
        let mut out = to_float(values, column.scale);
        if let Some(n) = nulls {
            // NaN between the runs of valid rows.
            let mut next = 0;
            for (start, end) in n.inner().set_slices() {
                out[next..start].fill(f64::NAN);
                next = end;
            }
            out[next..].fill(f64::NAN);
        }
        Ok(out)
    })?;
    Ok(out.into_pyarray(py))
}

/// Float64 values to an Arrow decimal128(38, scale) column, correctly rounded from each
/// float's exact binary value.
#[pyfunction]
#[pyo3(signature = (values, scale, precision=38, rounding="ROUND_HALF_EVEN", arrow=true))]
pub fn decimal_from_float<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, f64>,
    scale: i64,
    precision: i64,
    rounding: &str,
    arrow: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = check_scale("scale", scale).map_err(NativeError::from)?;
    let slice = contiguous(&values, "values")?;
    let out = run_detached(py, || from_float(slice, scale, &ctx))?;
    column_out(py, out, scale, None, arrow)
}

/// Strings (an Arrow string column or a Python sequence of str/None) to a decimal column at
/// `scale` (default: the largest scale among the values, at least 0), rounded per the context.
#[pyfunction]
#[pyo3(signature = (strings, scale=None, precision=38, rounding="ROUND_HALF_EVEN"))]
pub fn decimal_parse<'py>(
    py: Python<'py>,
    strings: &Bound<'py, PyAny>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = scale
        .map(|s| check_scale("scale", s))
        .transpose()
        .map_err(NativeError::from)?;
    let (parsed, arrow) = if is_arrow(strings)? {
        let (data_type, chunks) = arrow_chunks(strings, "strings")?;
        // Parsed in place from the Arrow buffers (no copy of any string), GIL released.
        for chunk in &chunks {
            if !matches!(
                chunk.data_type(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) {
                return Err(Exception::InputType.err(
                    py,
                    format!("strings must be an Arrow string column, got Arrow type {data_type}"),
                ));
            }
        }
        if let Some(scale) = scale {
            // At a given scale: one pass straight to mantissas, no list of parsed values.
            let (values, nulls) = run_detached(py, || parse_at_scale(&chunks, scale, &ctx))?;
            return column_out(py, values, scale, nulls, true);
        }
        let parsed = run_detached(py, || -> Result<_, NativeError> {
            let mut parsed: Vec<Option<DecimalValue>> =
                Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
            let mut read = |text: Option<&str>| -> Result<(), NativeError> {
                let index = parsed.len();
                parsed.push(text.map(|t| parse_text(t, index)).transpose()?);
                Ok(())
            };
            for chunk in &chunks {
                match chunk.data_type() {
                    DataType::Utf8 => chunk.as_string::<i32>().iter().try_for_each(&mut read)?,
                    DataType::LargeUtf8 => {
                        chunk.as_string::<i64>().iter().try_for_each(&mut read)?
                    }
                    _ => chunk.as_string_view().iter().try_for_each(&mut read)?,
                }
            }
            Ok(parsed)
        })?;
        (parsed, true)
    } else {
        let mut parsed = Vec::new();
        for (index, item) in strings.try_iter()?.enumerate() {
            let item = item?;
            if item.is_none() {
                parsed.push(None);
            } else if let Ok(text) = item.cast::<PyString>() {
                parsed.push(Some(parse_text(&text.to_cow()?, index)?));
            } else {
                let type_name = item.get_type().name()?;
                return Err(Exception::InputType.err(
                    py,
                    format!("strings[{index}] has type {type_name}; expected str or None"),
                ));
            }
        }
        (parsed, false)
    };
    let scale = match scale {
        Some(s) => s,
        None => named_common_scale(py, &parsed, "strings")?,
    };
    let values = run_detached(py, || -> Result<Vec<i128>, NativeError> {
        parsed
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                None => Ok(0),
                Some(v) => rescale_value(*v, scale, &ctx).ok_or_else(|| {
                    NativeError::from(DecimalError::PrecisionExceeded {
                        what: format!("strings[{i}] = {v} at scale {scale}"),
                        precision: ctx.precision(),
                    })
                }),
            })
            .collect()
    })?;
    let nulls = parsed
        .iter()
        .any(Option::is_none)
        .then(|| NullBuffer::from(parsed.iter().map(Option::is_some).collect::<Vec<_>>()));
    column_out(py, values, scale, nulls, arrow)
}

/// Arrow string chunks parsed and rounded to `scale` in one pass. As on the general path (and
/// the fallback), an unparsable string anywhere is reported before a value too wide for the
/// scale: the first rescaling failure is only remembered until every string has been read.
fn parse_at_scale(
    chunks: &[ArrayRef],
    scale: i32,
    ctx: &Context,
) -> Result<(Vec<i128>, Option<NullBuffer>), NativeError> {
    let rows = chunks.iter().map(|c| c.len()).sum();
    let mut values: Vec<i128> = Vec::with_capacity(rows);
    let mut valid = BooleanBufferBuilder::new(rows);
    let mut too_wide: Option<(usize, DecimalValue)> = None;
    let mut read = |text: Option<&str>| -> Result<(), NativeError> {
        let index = values.len();
        valid.append(text.is_some());
        let Some(text) = text else {
            values.push(0);
            return Ok(());
        };
        // Plain text ("-123.4500") without the general grammar and its error plumbing.
        let value = match DecimalValue::parse_plain(text.as_bytes()) {
            Some(v) => v,
            None => parse_text(text, index)?,
        };
        match rescale_value(value, scale, ctx) {
            Some(m) => values.push(m),
            None => {
                too_wide.get_or_insert((index, value));
                values.push(0);
            }
        }
        Ok(())
    };
    for chunk in chunks {
        match chunk.data_type() {
            DataType::Utf8 => chunk.as_string::<i32>().iter().try_for_each(&mut read)?,
            DataType::LargeUtf8 => chunk.as_string::<i64>().iter().try_for_each(&mut read)?,
            _ => chunk.as_string_view().iter().try_for_each(&mut read)?,
        }
    }
    if let Some((i, v)) = too_wide {
        return Err(NativeError::from(DecimalError::PrecisionExceeded {
            what: format!("strings[{i}] = {v} at scale {scale}"),
            precision: ctx.precision(),
        }));
    }
    let valid = valid.finish();
    let nulls = (valid.count_set_bits() < rows).then(|| NullBuffer::new(valid));
    Ok((values, nulls))
}

/// One string as a decimal value; errors name `strings[index]`.
fn parse_text(text: &str, index: usize) -> Result<DecimalValue, NativeError> {
    text.parse::<DecimalValue>().map_err(|e| {
        NativeError::from(match e {
            DecimalError::Parse { text, .. } => DecimalError::Parse {
                text,
                at: format!(" (strings[{index}])"),
            },
            DecimalError::NotFinite { value, .. } => DecimalError::NotFinite {
                what: format!("strings[{index}]"),
                value,
            },
            DecimalError::Overflow { .. } => DecimalError::Overflow {
                what: format!("strings[{index}] = {}", text.trim()),
            },
            other => other,
        })
    })
}

/// A decimal column as text, each value as Python's `str(Decimal)` gives it: an Arrow string
/// column, or a list of str (None in null rows).
#[pyfunction]
pub fn decimal_format<'py>(py: Python<'py>, a: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let column = read_column(a, "a")?;
    let scale = column.scale;
    let nulls = column.nulls.as_ref();
    let values = column.values.as_slice();
    // One byte buffer and its offsets, written in place: no String per value.
    let (bytes, ends) = run_detached(py, || -> Result<_, NativeError> {
        let mut bytes: Vec<u8> = Vec::with_capacity(values.len() * 12);
        let mut ends: Vec<usize> = Vec::with_capacity(values.len());
        for (i, &mantissa) in values.iter().enumerate() {
            if !nulls.is_some_and(|n| n.is_null(i)) {
                DecimalValue { mantissa, scale }.write_text(&mut bytes);
            }
            ends.push(bytes.len());
        }
        Ok((bytes, ends))
    })?;
    if column.arrow {
        let array: Result<ArrayRef, _> = match i32::try_from(bytes.len()) {
            Ok(_) => string_array::<i32>(bytes, &ends, nulls.cloned()).map(|a| Arc::new(a) as _),
            // Past 2 GiB of text: 64-bit offsets (Arrow large_string).
            Err(_) => string_array::<i64>(bytes, &ends, nulls.cloned()).map(|a| Arc::new(a) as _),
        };
        let array = array.map_err(|e| Exception::Internal.err(py, format!("decimal text: {e}")))?;
        return PyArray::from_array_ref(array).into_bound_py_any(py);
    }
    let list = PyList::empty(py);
    let mut start = 0;
    for (i, &end) in ends.iter().enumerate() {
        if nulls.is_some_and(|n| n.is_null(i)) {
            list.append(py.None())?;
        } else {
            // Only ASCII is ever written.
            let text = std::str::from_utf8(&bytes[start..end])
                .map_err(|e| Exception::Internal.err(py, format!("decimal text: {e}")))?;
            list.append(text)?;
        }
        start = end;
    }
    Ok(list.into_any())
}

/// An Arrow string array from concatenated ASCII text and each value's end offset (the
/// checked constructor validates the offsets and the UTF-8).
fn string_array<O: arrow_array::OffsetSizeTrait>(
    bytes: Vec<u8>,
    ends: &[usize],
    nulls: Option<NullBuffer>,
) -> Result<arrow_array::GenericStringArray<O>, arrow_schema::ArrowError> {
    let offsets: Vec<O> = std::iter::once(0)
        .chain(ends.iter().copied())
        .map(O::usize_as)
        .collect();
    arrow_array::GenericStringArray::<O>::try_new(
        arrow_buffer::OffsetBuffer::new(offsets.into()),
        Buffer::from_vec(bytes),
        nulls,
    )
}
