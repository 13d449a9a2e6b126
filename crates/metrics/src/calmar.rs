//! The Calmar ratio.

use crate::checks::{finite_returns, positive};
use crate::drawdown::growth_and_max_drawdown;
use crate::growth::annualized_growth_rate;
use crate::MetricsError;

/// Calmar ratio, empyrical's `calmar_ratio`: `annual_return / |max_drawdown|`.
///
/// NaN when there is no drawdown (a maximum drawdown of 0, or an empty series) and when the
/// ratio would be infinite, as in empyrical. Growth and drawdown come from one pass.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `annualization` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::calmar_ratio;
/// let calmar = calmar_ratio(&[0.1, -0.2, 0.1, 0.05], 12.0)?;
/// assert!(calmar > 0.0);
/// assert!(calmar_ratio(&[0.01, 0.02], 252.0)?.is_nan());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn calmar_ratio(returns: &[f64], annualization: f64) -> Result<f64, MetricsError> {
    positive("annualization", annualization)?;
    finite_returns(returns)?;
    let (growth, max_drawdown) = growth_and_max_drawdown(returns);
    Ok(calmar_from(
        growth,
        max_drawdown,
        returns.len(),
        annualization,
    ))
}

/// The Calmar ratio from the total growth and maximum drawdown of `periods` returns.
pub(crate) fn calmar_from(
    growth: f64,
    max_drawdown: f64,
    periods: usize,
    annualization: f64,
) -> f64 {
    if max_drawdown.is_nan() || max_drawdown >= 0.0 {
        return f64::NAN;
    }
    let ratio = annualized_growth_rate(growth, periods, annualization) / max_drawdown.abs();
    if ratio.is_infinite() {
        f64::NAN
    } else {
        ratio
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_empyrical() {
        // empyrical.calmar_ratio(np.array([0.1, -0.2, nan, 0.1, -0.15]), period="monthly")
        let r = [0.1, -0.2, f64::NAN, 0.1, -0.15];
        assert_eq!(calmar_ratio(&r, 12.0), Ok(-1.4833721494738736));
        assert!(calmar_ratio(&[], 252.0).unwrap().is_nan());
        assert!(calmar_ratio(&[0.01], 252.0).unwrap().is_nan());
        assert!(calmar_ratio(&[0.1], 0.0).is_err());
    }
}
