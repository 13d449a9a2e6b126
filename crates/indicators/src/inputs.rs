//! Input checks for the indicators that take several named arrays or real-valued parameters
//! (the ATC kernels, the signals and the high/low/close indicators).

use crate::IndicatorError;

/// The first infinite value of `values` as an error naming `name` (NaN marks a missing value
/// and is allowed).
pub(crate) fn check_finite_named(values: &[f64], name: &'static str) -> Result<(), IndicatorError> {
    if values.iter().fold(true, |acc, v| acc & !v.is_infinite()) {
        return Ok(());
    }
    match values.iter().position(|v| v.is_infinite()) {
        Some(index) => Err(IndicatorError::NonFinite {
            name,
            index,
            value: values[index],
        }),
        None => Ok(()),
    }
}

/// An error unless `left` and `right` hold as many values.
pub(crate) fn check_same_length(
    left: (&'static str, usize),
    right: (&'static str, usize),
) -> Result<(), IndicatorError> {
    if left.1 != right.1 {
        return Err(IndicatorError::LengthMismatch {
            left: left.0,
            right: right.0,
            left_len: left.1,
            right_len: right.1,
        });
    }
    Ok(())
}

/// An error unless `value` is a finite number.
pub(crate) fn check_finite_parameter(name: &'static str, value: f64) -> Result<(), IndicatorError> {
    if !value.is_finite() {
        return Err(IndicatorError::ParameterOutOfRange {
            name,
            accepted: "finite",
            value,
        });
    }
    Ok(())
}

/// An error unless a window length named `name` is at least `min`.
pub(crate) fn check_length(
    name: &'static str,
    value: usize,
    min: usize,
) -> Result<(), IndicatorError> {
    if value < min {
        return Err(IndicatorError::InvalidPeriod { name, min, value });
    }
    Ok(())
}

/// An error unless a (rows x cols) matrix of `name` holds `len` values.
pub(crate) fn check_matrix(
    name: &'static str,
    len: usize,
    rows: usize,
    cols: usize,
) -> Result<(), IndicatorError> {
    if rows.checked_mul(cols) != Some(len) {
        return Err(IndicatorError::ShapeMismatch {
            name,
            len,
            rows,
            cols,
        });
    }
    Ok(())
}
