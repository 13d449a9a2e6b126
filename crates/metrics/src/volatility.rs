//! Annual volatility.

use crate::checks::{long_enough, positive};
use crate::{nan_moments, MetricsError};

/// Annualized volatility, empyrical's `annual_volatility`:
/// `std(r, ddof=1) * annualization ** (1 / alpha)`, NaNs skipped.
///
/// `alpha` is the scaling exponent (2 for the square-root-of-time rule of normal returns).
/// Fewer than two returns (NaNs counted, as empyrical counts `len(returns)`) or two present
/// values give NaN. The deviation is bottleneck's `nanstd(ddof=1)`, summed in its order, and,
/// as in empyrical, equal values are not forced to a deviation of 0 (their rounded mean may
/// leave a residue near 1e-18).
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `alpha` or `annualization` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::annual_volatility;
/// let vol = annual_volatility(&[0.01, -0.01, 0.02], 2.0, 252.0)?;
/// assert!((vol - 0.0152752523 * 252f64.sqrt()).abs() < 1e-9);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn annual_volatility(
    returns: &[f64],
    alpha: f64,
    annualization: f64,
) -> Result<f64, MetricsError> {
    positive("alpha", alpha)?;
    positive("annualization", annualization)?;
    if !long_enough(returns, 2)? {
        return Ok(f64::NAN);
    }
    Ok(nan_moments(returns, 0.0).std * annualization.powf(1.0 / alpha))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_empyrical() {
        // empyrical.annual_volatility(np.array([0.01, -0.005, 0.02, nan, 0.007]))
        let r = [0.01, -0.005, 0.02, f64::NAN, 0.007];
        assert_eq!(annual_volatility(&r, 2.0, 252.0), Ok(0.16343806166251487));
        assert!(annual_volatility(&[0.01], 2.0, 252.0).unwrap().is_nan());
        assert!(annual_volatility(&[0.01, f64::NAN], 2.0, 252.0)
            .unwrap()
            .is_nan());
        assert!(annual_volatility(&[0.01, 0.02], 0.0, 252.0).is_err());
    }
}
