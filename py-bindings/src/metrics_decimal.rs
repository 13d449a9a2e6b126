//! Bindings of `rustybt_metrics::decimal`: a Decimal return column in (Arrow data or a
//! sequence of `decimal.Decimal`), `decimal.Decimal` values out.

use pyo3::prelude::*;
use pyo3::types::PyList;

use rustybt_decimal::RoundingMode;
use rustybt_metrics::decimal::{
    self as kernels, ContextDecimal, DecimalContext, DecimalMetric, DecimalReturns,
};

use crate::decimal::{read_arg, read_column, validity, Arg};
use crate::errors::{run_detached, Exception, NativeError};

fn context(precision: i64, rounding: &str) -> Result<DecimalContext, NativeError> {
    let mode: RoundingMode = rounding.parse()?;
    Ok(DecimalContext::new(precision, mode)?)
}

/// One Decimal/int/str argument as an exact decimal.
fn scalar(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<ContextDecimal> {
    match read_arg(obj, name)? {
        Arg::Scalar(v) => Ok(ContextDecimal::from_mantissa(v.mantissa, v.scale)),
        Arg::Column(_) => Err(Exception::InputType.err(
            obj.py(),
            format!("{name} must be a single Decimal, int or str"),
        )),
    }
}

/// `decimal.Decimal(text)`: exact, whatever the context.
fn to_python<'py>(py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
    py.import("decimal")?.getattr("Decimal")?.call1((text,))
}

/// A scalar metric of a Decimal return column: `metric` names the kernel, `parameter` is its
/// risk-free/required return or starting value.
#[pyfunction]
#[pyo3(signature = (metric, returns, parameter, annualization, precision, rounding))]
pub fn decimal_metric<'py>(
    py: Python<'py>,
    metric: &str,
    returns: &Bound<'py, PyAny>,
    parameter: &Bound<'py, PyAny>,
    annualization: &Bound<'py, PyAny>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let column = read_column(returns, "returns")?;
    let (parameter, factor) = (
        scalar(parameter, "parameter")?,
        scalar(annualization, "annualization")?,
    );
    let (values, nulls, scale) = (
        column.values.as_slice(),
        column.nulls.as_ref(),
        column.scale,
    );
    let result = run_detached(py, || -> Result<DecimalMetric, NativeError> {
        let r = DecimalReturns::new(values, scale, validity(nulls)?)?;
        Ok(match metric {
            "cum_returns_final" => kernels::cum_returns_final(&r, Some(&parameter), ctx)?,
            "annual_return" => kernels::annual_return(&r, &factor, ctx)?,
            "max_drawdown" => kernels::max_drawdown(&r, ctx)?,
            "annual_volatility" => kernels::annual_volatility(&r, &factor, ctx)?,
            "sharpe_ratio" => kernels::sharpe_ratio(&r, &parameter, &factor, ctx)?,
            "sortino_ratio" => kernels::sortino_ratio(&r, &parameter, &factor, ctx)?,
            "downside_risk" => kernels::downside_risk(&r, &parameter, &factor, ctx)?,
            other => {
                return Err(NativeError::Panic(format!(
                    "unknown decimal metric {other}"
                )))
            }
        })
    })?;
    to_python(py, result.to_string())
}

/// A series metric (`cum_returns`, `drawdown`) of a Decimal return column, as a list of
/// `decimal.Decimal`.
#[pyfunction]
#[pyo3(signature = (metric, returns, starting_value, precision, rounding))]
pub fn decimal_metric_series<'py>(
    py: Python<'py>,
    metric: &str,
    returns: &Bound<'py, PyAny>,
    starting_value: &Bound<'py, PyAny>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let column = read_column(returns, "returns")?;
    let start = scalar(starting_value, "starting_value")?;
    let (values, nulls, scale) = (
        column.values.as_slice(),
        column.nulls.as_ref(),
        column.scale,
    );
    let texts = run_detached(py, || -> Result<Vec<String>, NativeError> {
        let r = DecimalReturns::new(values, scale, validity(nulls)?)?;
        let series = match metric {
            "cum_returns" => kernels::cum_returns(&r, Some(&start), ctx)?,
            "drawdown" => kernels::drawdown(&r, ctx)?,
            other => {
                return Err(NativeError::Panic(format!(
                    "unknown decimal series {other}"
                )))
            }
        };
        Ok(series.iter().map(ToString::to_string).collect())
    })?;
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    let out = PyList::empty(py);
    for text in texts {
        out.append(decimal.call1((text,))?)?;
    }
    Ok(out.into_any())
}
