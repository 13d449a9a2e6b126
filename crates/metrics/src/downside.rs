//! Downside risk and the Sortino ratio: deviation below a required return.

use crate::checks::{finite, long_enough, positive};
use crate::MetricsError;

/// Per-period statistics of the excess returns `r - required_return`, NaNs skipped.
struct Downside {
    /// Mean excess return (bottleneck's `nanmean`).
    mean: f64,
    /// `sqrt(mean(min(excess, 0) ** 2))`, the downside deviation per period.
    deviation: f64,
}

/// One pass, two sequential sums (each in bottleneck's order, as empyrical takes two
/// `nanmean`s): the excess returns and the squares of their negative parts.
fn downside(returns: &[f64], required_return: f64) -> Downside {
    let (mut count, mut sum, mut squares) = (0usize, 0.0, 0.0);
    for &r in returns {
        // Branch-free, as in `nan_moments`: adding +0 for a NaN changes no bit of the sums.
        let excess = r - required_return;
        let present = !excess.is_nan();
        let shortfall = excess.min(0.0); // np.clip(excess, -inf, 0); 0 for a NaN, unused
        count += usize::from(present);
        sum += if present { excess } else { 0.0 };
        squares += if present { shortfall * shortfall } else { 0.0 };
    }
    let n = count as f64; // 0 / 0 is NaN: bottleneck's nanmean of nothing
    Downside {
        mean: sum / n,
        deviation: (squares / n).sqrt(),
    }
}

/// The arguments checked (in the order both metrics check them), then [`downside`] when there
/// are at least `min_len` returns, NaNs counted; `None` when there are fewer (empyrical's NaN).
fn checked_downside(
    returns: &[f64],
    required_return: f64,
    annualization: f64,
    min_len: usize,
) -> Result<Option<Downside>, MetricsError> {
    finite("required_return", required_return)?;
    positive("annualization", annualization)?;
    Ok(long_enough(returns, min_len)?.then(|| downside(returns, required_return)))
}

/// Annualized downside deviation, empyrical's `downside_risk`:
/// `sqrt(mean(min(r - required_return, 0) ** 2)) * sqrt(annualization)`, NaNs skipped.
///
/// Every present return counts in the mean, those above the required return as 0 (the
/// deviation below a target, not the deviation of the losses). An empty or all-NaN series
/// gives NaN.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `required_return` is not finite or
///   `annualization` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::downside_risk;
/// // Shortfalls 0, 0.02, 0: sqrt(0.0004 / 3) per period.
/// let risk = downside_risk(&[0.01, -0.02, 0.03], 0.0, 1.0)?;
/// assert!((risk - (0.0004f64 / 3.0).sqrt()).abs() < 1e-15);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn downside_risk(
    returns: &[f64],
    required_return: f64,
    annualization: f64,
) -> Result<f64, MetricsError> {
    Ok(
        checked_downside(returns, required_return, annualization, 1)?
            .map_or(f64::NAN, |d| d.deviation * annualization.sqrt()),
    )
}

/// Sortino ratio, empyrical's `sortino_ratio`:
/// `mean(r - required_return) * annualization / downside_risk(r, required_return)`.
///
/// Fewer than two returns (NaNs counted, as empyrical counts `len(returns)`) give NaN. With no
/// return below `required_return` the downside risk is 0 and the ratio is ±inf (NaN when the
/// mean excess is 0 too), as in empyrical.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `required_return` is not finite or
///   `annualization` is not finite and > 0.
///
/// # Examples
/// ```
/// use rustybt_metrics::sortino_ratio;
/// let sortino = sortino_ratio(&[0.01, -0.02, 0.03, 0.005], 0.0, 252.0)?;
/// assert!(sortino > 0.0);
/// assert_eq!(sortino_ratio(&[0.01, 0.02], 0.0, 252.0)?, f64::INFINITY);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn sortino_ratio(
    returns: &[f64],
    required_return: f64,
    annualization: f64,
) -> Result<f64, MetricsError> {
    Ok(
        checked_downside(returns, required_return, annualization, 2)?.map_or(f64::NAN, |d| {
            d.mean * annualization / (d.deviation * annualization.sqrt())
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downside_risk_follows_empyrical() {
        // empyrical.downside_risk(np.array([0.01, -0.02, nan, 0.03, -0.005]))
        let r = [0.01, -0.02, f64::NAN, 0.03, -0.005];
        assert_eq!(downside_risk(&r, 0.0, 252.0), Ok(0.16363068171953574));
        assert!(downside_risk(&[], 0.0, 252.0).unwrap().is_nan());
        assert!(downside_risk(&[f64::NAN], 0.0, 252.0).unwrap().is_nan());
        assert_eq!(downside_risk(&[0.01], 0.0, 252.0), Ok(0.0));
    }

    #[test]
    fn sortino_ratio_follows_empyrical() {
        // empyrical.sortino_ratio(np.array([0.01, -0.02, nan, 0.03, -0.005]), 0.001)
        let r = [0.01, -0.02, f64::NAN, 0.03, -0.005];
        assert_eq!(sortino_ratio(&r, 0.001, 252.0), Ok(3.9976408137139696));
        assert!(sortino_ratio(&[0.01], 0.0, 252.0).unwrap().is_nan());
        assert!(sortino_ratio(&[0.0, 0.0], 0.0, 252.0).unwrap().is_nan());
        assert!(sortino_ratio(&[0.01, 0.02], f64::NAN, 252.0).is_err());
    }
}
