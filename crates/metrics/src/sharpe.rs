//! The Sharpe ratio.

use crate::checks::{finite, long_enough, positive};
use crate::{nan_moments, MetricsError};

/// Annualized Sharpe ratio of a return series: `mean(r - risk_free) / std(r - risk_free, ddof=1)
/// * sqrt(annualization)`, empyrical's `sharpe_ratio`.
///
/// Follows empyrical's conventions exactly: NaN returns are skipped; fewer than two returns
/// (counting NaNs, as empyrical counts `len(returns)`) or fewer than two present values give
/// NaN; when every present excess return is equal the deviation is 0, so the ratio is ±inf
/// (or NaN when the mean is 0 too). Mean and deviation are summed in the order empyrical sums
/// them (bottleneck's sequential loops), so the result equals empyrical's bit for bit.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `risk_free` is not finite or `annualization` is not
///   finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::{annualization_factor, sharpe_ratio};
/// let returns = [0.01, -0.005, 0.02, 0.0, 0.007];
/// let sharpe = sharpe_ratio(&returns, 0.0, annualization_factor("daily", None).unwrap()).unwrap();
/// assert!((sharpe - 10.574976).abs() < 1e-6);
/// ```
pub fn sharpe_ratio(
    returns: &[f64],
    risk_free: f64,
    annualization: f64,
) -> Result<f64, MetricsError> {
    finite("risk_free", risk_free)?;
    positive("annualization", annualization)?;
    if !long_enough(returns, 2)? {
        return Ok(f64::NAN);
    }
    let moments = nan_moments(returns, risk_free);
    Ok(moments.mean / moments.zero_dispersion_std() * annualization.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_empyrical_values() {
        // empyrical.sharpe_ratio(np.array([0.01, -0.005, 0.02, 0.0, 0.007])) with numpy 2.4
        let r = [0.01, -0.005, 0.02, 0.0, 0.007];
        assert_eq!(sharpe_ratio(&r, 0.0, 252.0), Ok(10.574976083972865));
        // risk_free=0.001, annualization=12
        assert_eq!(sharpe_ratio(&r, 0.001, 12.0), Ok(1.9470788187249102));
    }

    #[test]
    fn degenerate_inputs_follow_empyrical() {
        assert!(sharpe_ratio(&[], 0.0, 252.0).unwrap().is_nan());
        assert!(sharpe_ratio(&[0.01], 0.0, 252.0).unwrap().is_nan());
        assert!(sharpe_ratio(&[0.01, f64::NAN], 0.0, 252.0)
            .unwrap()
            .is_nan());
        assert_eq!(
            sharpe_ratio(&[0.01, 0.01, 0.01], 0.0, 252.0),
            Ok(f64::INFINITY)
        );
        assert!(sharpe_ratio(&[0.0, 0.0], 0.0, 252.0).unwrap().is_nan());
    }

    #[test]
    fn rejects_bad_input() {
        let err = sharpe_ratio(&[0.1, f64::INFINITY], 0.0, 252.0).unwrap_err();
        assert_eq!(
            err,
            MetricsError::NonFinite {
                name: "returns",
                index: 1,
                value: f64::INFINITY
            }
        );
        assert!(sharpe_ratio(&[0.1, 0.2], f64::NAN, 252.0).is_err());
        assert!(sharpe_ratio(&[0.1, 0.2], 0.0, 0.0).is_err());
        assert!(sharpe_ratio(&[0.1, 0.2], 0.0, -1.0).is_err());
    }
}
