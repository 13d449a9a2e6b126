//! Bindings of `rustybt-decimal`: decimal columns in, `decimal.Decimal` out.

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Decimal32Type, Decimal64Type};
use arrow_array::{Array, ArrayRef};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyInt, PyString, PyType};
use pyo3_arrow::input::AnyArray;

use rustybt_decimal::{sum_values, DecimalError, DecimalValue, ExactSum, Validity};

use crate::errors::{run_detached, Exception, NativeError};

/// A Python `decimal.Decimal` with exactly this mantissa and exponent.
fn to_py_decimal<'py>(py: Python<'py>, value: DecimalValue) -> PyResult<Bound<'py, PyAny>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    // Decimal(str) is exact whatever the context precision, unlike arithmetic on Decimals.
    DECIMAL
        .import(py, "decimal", "Decimal")?
        .call1((value.to_string(),))
}

/// An Arrow null buffer as a [`Validity`] mask, borrowed in place.
fn validity(nulls: Option<&NullBuffer>) -> Result<Option<Validity<'_>>, DecimalError> {
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
