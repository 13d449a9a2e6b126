//! The underwater curve and its drawdown periods.

use crate::drawdown::ANCHOR;
use crate::growth::growth_path;
use crate::series::finite_values;
use crate::MetricsError;

/// The drawdown at each period, empyrical's `drawdown_series`: `(value - peak) / peak` over the
/// cumulative value `100 * cumprod(1 + r)` and its running peak, which starts at the initial
/// 100 (so a first loss is already a drawdown). Values are <= 0; the minimum is
/// [`max_drawdown`](crate::max_drawdown).
///
/// A NaN return counts as 0. The output has the length of the input; an empty series gives an
/// empty series (empyrical returns a scalar NaN for an empty ndarray).
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::drawdown;
/// let underwater = drawdown(&[0.1, -0.2, f64::NAN, 0.1, -0.15])?;
/// assert_eq!(underwater[0], 0.0);
/// assert_eq!(underwater[4], -0.25199999999999995);
/// assert_eq!(drawdown(&[-0.1])?, vec![-0.1]);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn drawdown(returns: &[f64]) -> Result<Vec<f64>, MetricsError> {
    finite_values("returns", returns)?;
    let mut peak = ANCHOR;
    Ok(growth_path(returns)
        .map(|g| {
            let value = g * ANCHOR;
            peak = peak.max(value); // np.fmax.accumulate
            (value - peak) / peak
        })
        .collect())
}

/// One drawdown period, as positions in the return series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawdownPeriod {
    /// Last position at the running peak before the valley (where the drawdown starts).
    pub peak: usize,
    /// Position of the lowest point.
    pub valley: usize,
    /// First position back at the running peak after the valley; `None` if the series ends
    /// before it recovers.
    pub recovery: Option<usize>,
    /// The drawdown at the valley, `value[valley] / value[peak] - 1` (<= 0).
    pub depth: f64,
}

/// The `top` deepest drawdown periods, deepest first, found exactly as pyfolio's
/// `get_top_drawdowns` finds them.
///
/// pyfolio's underwater curve is `cum / cummax(cum) - 1` with `cum = cumprod(1 + r)` (a NaN
/// return counting as 0); its running peak starts at the first value, not at 1, unlike
/// [`drawdown`]. Then, `top` times: the valley is the (first) lowest point of the curve; the
/// peak is the last point at 0 up to the valley; the recovery is the first point at 0 from the
/// valley on. A recovered period's inner points are removed from the curve (its peak and
/// recovery stay); an unrecovered one cuts the curve after its peak. The search stops early
/// when the remaining curve has no point below 0. As in pyfolio, a series that never falls
/// gives one period `(0, 0, Some(0))` of depth 0. NaN points of the curve (only after a
/// first return of -1 or below) are never a valley; an empty series gives no period.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::drawdown_periods;
/// let r = [0.1, -0.2, 0.3, -0.05, -0.1, 0.02];
/// let periods = drawdown_periods(&r, 5)?;
/// assert_eq!((periods[0].peak, periods[0].valley, periods[0].recovery), (0, 1, Some(2)));
/// assert_eq!((periods[1].peak, periods[1].valley, periods[1].recovery), (2, 4, None));
/// assert!((periods[1].depth - (0.95 * 0.9 - 1.0)).abs() < 1e-15);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn drawdown_periods(returns: &[f64], top: usize) -> Result<Vec<DrawdownPeriod>, MetricsError> {
    finite_values("returns", returns)?;
    // pyfolio: cum_returns(returns, 1.0); np.maximum.accumulate; cum / running_max - 1.
    let mut running_max = f64::NAN;
    let curve: Vec<f64> = growth_path(returns)
        .enumerate()
        .map(|(i, cum)| {
            // np.maximum propagates NaN (which growth never is: returns are finite)
            running_max = if i == 0 { cum } else { running_max.max(cum) };
            cum / running_max - 1.0
        })
        .collect();
    // The curve's remaining points, as positions, in order.
    let mut remaining: Vec<usize> = (0..curve.len()).collect();
    let mut periods = Vec::new();
    for _ in 0..top {
        // idxmin: the first lowest non-NaN point.
        let mut valley_at: Option<usize> = None; // index into `remaining`
        for (k, &i) in remaining.iter().enumerate() {
            if !curve[i].is_nan() && valley_at.is_none_or(|v| curve[i] < curve[remaining[v]]) {
                valley_at = Some(k);
            }
        }
        let Some(valley_at) = valley_at else { break };
        let peak_at = remaining[..=valley_at]
            .iter()
            .rposition(|&i| curve[i] == 0.0)
            .unwrap_or(0);
        let recovery_at = remaining[valley_at..]
            .iter()
            .position(|&i| curve[i] == 0.0)
            .map(|k| valley_at + k);
        let (peak, valley) = (remaining[peak_at], remaining[valley_at]);
        periods.push(DrawdownPeriod {
            peak,
            valley,
            recovery: recovery_at.map(|k| remaining[k]),
            depth: curve[valley],
        });
        match recovery_at {
            Some(recovery_at) if recovery_at > peak_at => {
                remaining.drain(peak_at + 1..recovery_at);
            }
            Some(_) => {}
            None => remaining.truncate(peak_at + 1),
        }
        // pyfolio stops when np.min of the rest (NaN skipped) is 0.
        let lowest = remaining
            .iter()
            .map(|&i| curve[i])
            .filter(|v| !v.is_nan())
            .fold(f64::INFINITY, f64::min);
        if lowest == 0.0 {
            break;
        }
    }
    Ok(periods)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triples(periods: &[DrawdownPeriod]) -> Vec<(usize, usize, Option<usize>)> {
        periods
            .iter()
            .map(|p| (p.peak, p.valley, p.recovery))
            .collect()
    }

    #[test]
    fn drawdown_follows_empyrical() {
        // empyrical.stats.drawdown_series(np.array([0.1, -0.2, nan, 0.1, -0.15]))
        let r = [0.1, -0.2, f64::NAN, 0.1, -0.15];
        assert_eq!(
            drawdown(&r).unwrap(),
            vec![
                0.0,
                -0.19999999999999998,
                -0.19999999999999998,
                -0.11999999999999988,
                -0.25199999999999995
            ]
        );
        assert!(drawdown(&[]).unwrap().is_empty());
        assert!(drawdown(&[f64::INFINITY]).is_err());
    }

    #[test]
    fn periods_follow_pyfolio() {
        let r = [0.1, -0.2, 0.3, -0.05, -0.1, 0.02];
        let periods = drawdown_periods(&r, 5).unwrap();
        assert_eq!(triples(&periods), vec![(0, 1, Some(2)), (2, 4, None)]);
        // (1.1 * 0.8) / 1.1 - 1
        assert_eq!(periods[0].depth, -0.19999999999999996);
        // Only `top` periods.
        assert_eq!(drawdown_periods(&r, 1).unwrap().len(), 1);
        assert!(drawdown_periods(&r, 0).unwrap().is_empty());
        // Two recovered drawdowns, the deeper first.
        let r = [0.1, -0.05, 0.1, 0.0, -0.2, 0.3, 0.01];
        assert_eq!(
            triples(&drawdown_periods(&r, 5).unwrap()),
            vec![(3, 4, Some(5)), (0, 1, Some(2))]
        );
    }

    #[test]
    fn degenerate_series_follow_pyfolio() {
        assert!(drawdown_periods(&[], 5).unwrap().is_empty());
        // Never falls: one period (0, 0, 0) of depth 0, as pyfolio gives.
        let periods = drawdown_periods(&[0.01, 0.02], 5).unwrap();
        assert_eq!(triples(&periods), vec![(0, 0, Some(0))]);
        assert_eq!(periods[0].depth, 0.0);
        // A first loss is not a drawdown here: the peak is the first value.
        assert_eq!(
            triples(&drawdown_periods(&[-0.1, -0.1], 5).unwrap()),
            vec![(0, 1, None)]
        );
        // A first return of -1 leaves nothing but NaN after the first point.
        assert!(drawdown_periods(&[-1.0, 0.1], 5).unwrap().is_empty());
        assert!(drawdown_periods(&[0.1, f64::NEG_INFINITY], 5).is_err());
    }
}
