//! The Omega ratio.

use crate::checks::{finite, long_enough, positive};
use crate::MetricsError;

/// Omega ratio, empyrical's `omega_ratio`: the sum of the excess returns above the threshold
/// over the magnitude of the sum of those below it, `excess = r - risk_free - threshold`.
///
/// The threshold is `required_return` de-annualized, `(1 + required_return) ** (1 /
/// annualization) - 1`, or `required_return` itself when `annualization` is 1. As in
/// empyrical: fewer than two returns (NaNs counted) give NaN, a `required_return` <= -1 gives
/// NaN (unless `annualization` is 1), NaN returns are skipped, and no excess below the
/// threshold gives NaN (not inf). Both sums run left to right, as Python's `sum` runs them.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `risk_free` or `required_return` is not finite or
///   `annualization` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::omega_ratio;
/// // gains 0.02 + 0.01 over losses 0.01 + 0.02 (threshold 0 when annualization is 1)
/// let omega = omega_ratio(&[0.02, -0.01, 0.01, -0.02], 0.0, 0.0, 1.0)?;
/// assert_eq!(omega, 1.0);
/// assert!(omega_ratio(&[0.01, 0.02], 0.0, 0.0, 252.0)?.is_nan());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn omega_ratio(
    returns: &[f64],
    risk_free: f64,
    required_return: f64,
    annualization: f64,
) -> Result<f64, MetricsError> {
    finite("risk_free", risk_free)?;
    finite("required_return", required_return)?;
    positive("annualization", annualization)?;
    if !long_enough(returns, 2)? {
        return Ok(f64::NAN);
    }
    let threshold = if annualization == 1.0 {
        required_return
    } else if required_return <= -1.0 {
        return Ok(f64::NAN);
    } else {
        (1.0 + required_return).powf(1.0 / annualization) - 1.0
    };
    let (mut gains, mut losses) = (0.0, 0.0);
    for &r in returns {
        let excess = r - risk_free - threshold;
        if excess > 0.0 {
            gains += excess;
        } else if excess < 0.0 {
            losses += excess;
        }
    }
    let denominator = -losses;
    Ok(if denominator > 0.0 {
        gains / denominator
    } else {
        f64::NAN
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_empyrical_values() {
        // empyrical.omega_ratio(np.array([0.01, -0.02, nan, 0.03, -0.005, 0.004]), ...)
        let r = [0.01, -0.02, f64::NAN, 0.03, -0.005, 0.004];
        assert_eq!(omega_ratio(&r, 0.0, 0.0, 252.0), Ok(1.7599999999999998));
        assert_eq!(omega_ratio(&r, 0.001, 0.05, 252.0), Ok(1.475836099895218));
        assert_eq!(omega_ratio(&r, 0.0, 0.01, 1.0), Ok(0.392156862745098));
        assert!(omega_ratio(&r, 0.0, -1.0, 252.0).unwrap().is_nan());
        assert!(omega_ratio(&[0.01], 0.0, 0.0, 252.0).unwrap().is_nan());
        assert!(omega_ratio(&[], 0.0, 0.0, 252.0).unwrap().is_nan());
    }

    #[test]
    fn rejects_bad_input() {
        assert!(omega_ratio(&[0.1, f64::INFINITY], 0.0, 0.0, 252.0).is_err());
        assert!(omega_ratio(&[0.1, 0.2], f64::NAN, 0.0, 252.0).is_err());
        assert!(omega_ratio(&[0.1, 0.2], 0.0, f64::INFINITY, 252.0).is_err());
        assert!(omega_ratio(&[0.1, 0.2], 0.0, 0.0, 0.0).is_err());
    }
}
