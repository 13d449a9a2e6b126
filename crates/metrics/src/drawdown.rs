//! Drawdown: the fall of the cumulative value from its running peak.

use crate::checks::finite_returns;
use crate::growth::growth_path;
use crate::MetricsError;

/// The value empyrical's `drawdown_series` starts from and anchors the running peak at.
/// Dividing by `100 * growth` rounds differently from dividing by `growth`, so the anchor is
/// kept for bit-identical results.
pub(crate) const ANCHOR: f64 = 100.0;

/// One pass over the growth path: the total growth and the deepest drawdown (NaN when the
/// series is empty).
pub(crate) fn growth_and_max_drawdown(returns: &[f64]) -> (f64, f64) {
    let (mut growth, mut peak) = (1.0, ANCHOR);
    // bottleneck's nanmin: start at +inf, keep a value <= the minimum, NaN if none was kept.
    let (mut worst, mut any) = (f64::INFINITY, false);
    for g in growth_path(returns) {
        growth = g;
        let value = g * ANCHOR;
        peak = peak.max(value); // np.fmax.accumulate: a NaN value leaves the peak as it was
        let drawdown = (value - peak) / peak;
        if drawdown <= worst {
            worst = drawdown;
            any = true;
        }
    }
    (growth, if any { worst } else { f64::NAN })
}

/// Maximum drawdown, empyrical's `max_drawdown`: the most negative `(value - peak) / peak`
/// over the cumulative value `100 * prod(1 + r)` and its running peak, which starts at 100.
///
/// A series that never falls gives 0; a NaN return counts as 0; an empty series gives NaN.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::max_drawdown;
/// // 100 -> 110 -> 88 -> 96.8: the fall from 110 to 88 is -20%.
/// let mdd = max_drawdown(&[0.1, -0.2, 0.1])?;
/// assert!((mdd + 0.2).abs() < 1e-15);
/// assert_eq!(max_drawdown(&[0.01, 0.02])?, 0.0);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn max_drawdown(returns: &[f64]) -> Result<f64, MetricsError> {
    finite_returns(returns)?;
    Ok(growth_and_max_drawdown(returns).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_empyrical_values() {
        // empyrical.max_drawdown(np.array([0.1, -0.2, nan, 0.1, -0.15]))
        let r = [0.1, -0.2, f64::NAN, 0.1, -0.15];
        assert_eq!(max_drawdown(&r), Ok(-0.25199999999999995));
        assert!(max_drawdown(&[]).unwrap().is_nan());
        assert_eq!(max_drawdown(&[f64::NAN]), Ok(0.0));
        assert_eq!(max_drawdown(&[0.01, 0.0]), Ok(0.0));
        assert_eq!(max_drawdown(&[-1.0, 0.5]), Ok(-1.0));
    }

    #[test]
    fn rejects_infinite_returns() {
        assert!(max_drawdown(&[0.1, f64::INFINITY]).is_err());
    }
}
