//! Argument checks the kernels share, so that every metric words its errors the same way.

use crate::MetricsError;

/// `value` if it is finite, else [`MetricsError::InvalidParameter`] naming `name`.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64, MetricsError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(MetricsError::InvalidParameter {
            name,
            requirement: "finite",
            value,
        })
    }
}

/// `value` if it is finite and > 0 (an annualization factor, a stability exponent).
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, MetricsError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(MetricsError::InvalidParameter {
            name,
            requirement: "a finite number > 0",
            value,
        })
    }
}

/// Rejects the first infinite return; NaN stays allowed (a missing observation).
pub(crate) fn finite_returns(returns: &[f64]) -> Result<(), MetricsError> {
    match returns.iter().position(|r| r.is_infinite()) {
        Some(index) => Err(MetricsError::NonFinite {
            name: "returns",
            index,
            value: returns[index],
        }),
        None => Ok(()),
    }
}

/// Rejects infinite returns, then tells whether there are at least `min_len` of them, NaNs
/// counted: empyrical returns NaN for `len(returns) < min_len` before looking at the values.
pub(crate) fn long_enough(returns: &[f64], min_len: usize) -> Result<bool, MetricsError> {
    finite_returns(returns)?;
    Ok(returns.len() >= min_len)
}
