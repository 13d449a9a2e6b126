//! Stability of a time series: how straight its cumulative log returns grow.

use crate::checks::finite_returns;
use crate::MetricsError;

/// Stability of a return series, empyrical's `stability_of_timeseries`: the R² of an ordinary
/// least-squares line through the cumulative log returns `cumsum(ln(1 + r))` against `0, 1,
/// 2, ...`, i.e. the square of their Pearson correlation (scipy's `linregress` r value).
///
/// As in empyrical: fewer than two returns (NaNs counted) give NaN; NaN returns are dropped
/// before the fit (the remaining ones are numbered 0, 1, 2, ...); fewer than two present
/// returns, or a flat cumulative curve (every present return 0 after the first), give NaN; a
/// return of -1 or below makes the curve infinite or NaN, and the result NaN. The correlation
/// is clamped to [-1, 1] as scipy clamps it.
///
/// scipy computes the moments with `np.cov` (a BLAS product, in an order that is not
/// reproducible); these are sequential sums, so results agree with empyrical to about 1e-12
/// relative rather than to the bit, and to about 1e-15 absolute where R² is near 0.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::stability_of_timeseries;
/// // A steady 1% a period is a straight line in log space.
/// let r2 = stability_of_timeseries(&[0.01; 10])?;
/// assert!((r2 - 1.0).abs() < 1e-12);
/// assert!(stability_of_timeseries(&[0.01])?.is_nan());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn stability_of_timeseries(returns: &[f64]) -> Result<f64, MetricsError> {
    finite_returns(returns)?;
    if returns.len() < 2 {
        return Ok(f64::NAN);
    }
    let mut total = 0.0;
    let curve: Vec<f64> = returns
        .iter()
        .filter(|r| !r.is_nan())
        .map(|r| {
            total += r.ln_1p();
            total
        })
        .collect();
    let sum = curve.iter().fold(0.0, |sum, y| sum + y);
    Ok(stability_of_curve(&curve, sum))
}

/// The R² of [`stability_of_timeseries`] from the cumulative log returns of the present
/// returns, `curve`, and their sum (in order from 0).
pub(crate) fn stability_of_curve(curve: &[f64], sum: f64) -> f64 {
    if is_flat(curve) {
        return f64::NAN;
    }
    let fit = Fit::new(curve.len(), sum);
    let mut sums = [0.0; 3];
    for (i, &y) in curve.iter().enumerate() {
        fit.add(&mut sums, i, y);
    }
    fit.r_squared(sums)
}

/// Whether the fit is undefined: fewer than two points, or all equal.
pub(crate) fn is_flat(curve: &[f64]) -> bool {
    curve.len() < 2 || curve.iter().all(|&y| y == curve[0])
}

/// scipy's `linregress` sums about the means of `0, 1, ..., n - 1` and of the curve.
#[derive(Clone, Copy)]
pub(crate) struct Fit {
    count: f64,
    x_mean: f64,
    y_mean: f64,
}

impl Fit {
    pub(crate) fn new(n: usize, sum: f64) -> Self {
        let count = n as f64;
        Fit {
            count,
            x_mean: (n - 1) as f64 / 2.0, // the mean of 0, 1, ..., n - 1, exactly
            y_mean: sum / count,
        }
    }

    /// Adds point `(i, y)` to the sums of `dx²`, `dx dy` and `dy²`, in order.
    #[inline(always)]
    pub(crate) fn add(&self, sums: &mut [f64; 3], i: usize, y: f64) {
        let dx = i as f64 - self.x_mean;
        let dy = y - self.y_mean;
        sums[0] += dx * dx;
        sums[1] += dx * dy;
        sums[2] += dy * dy;
    }

    /// The squared correlation from the three sums.
    pub(crate) fn r_squared(&self, [ssxm, ssxym, ssym]: [f64; 3]) -> f64 {
        let (ssxm, ssxym, ssym) = (ssxm / self.count, ssxym / self.count, ssym / self.count);
        let r = if ssym == 0.0 {
            // scipy: NaN if the covariance is 0 too, else 0
            if ssxym == 0.0 {
                f64::NAN
            } else {
                0.0
            }
        } else {
            // scipy clamps; `clamp` would keep a NaN as it is, as scipy does
            (ssxym / (ssxm * ssym).sqrt()).clamp(-1.0, 1.0)
        };
        r * r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs()
    }

    #[test]
    fn follows_empyrical() {
        // empyrical.stability_of_timeseries(np.array([0.01, -0.01, 0.01, -0.01]))
        let r2 = stability_of_timeseries(&[0.01, -0.01, 0.01, -0.01]).unwrap();
        assert!(close(r2, 0.2080189435001663), "{r2}");
        let r2 = stability_of_timeseries(&[0.01, f64::NAN, -0.01, 0.01, -0.01]).unwrap();
        assert!(
            close(r2, 0.2080189435001663),
            "NaNs are dropped first: {r2}"
        );
        assert!(stability_of_timeseries(&[]).unwrap().is_nan());
        assert!(stability_of_timeseries(&[f64::NAN, 0.01]).unwrap().is_nan());
        assert!(stability_of_timeseries(&[0.0, 0.0, 0.0]).unwrap().is_nan());
        assert!(stability_of_timeseries(&[0.3, 0.0, 0.0]).unwrap().is_nan());
        assert!(stability_of_timeseries(&[0.1, -1.0, 0.2]).unwrap().is_nan());
    }

    #[test]
    fn rejects_infinite_returns() {
        assert!(stability_of_timeseries(&[0.1, f64::INFINITY]).is_err());
    }
}
