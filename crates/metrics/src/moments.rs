//! NaN-skipping mean and standard deviation computed exactly as empyrical computes them.
//!
//! empyrical depends on bottleneck and takes its `nanmean`/`nanstd`, which sum the present
//! values one after the other (two passes for the deviation). Following the same order of
//! operations gives bit-identical results, so the native backend, the fallback and empyrical
//! agree to the last bit rather than to a tolerance.

/// Count, mean and sample standard deviation (ddof = 1) of the non-NaN values of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    /// Number of non-NaN values.
    pub count: usize,
    /// Mean of the non-NaN values (NaN if there are none).
    pub mean: f64,
    /// Sample standard deviation with ddof = 1, as bottleneck's `nanstd` gives it: NaN with
    /// fewer than two values. Equal values may leave a residue near 1e-18 here (the rounded mean
    /// differs from them); [`Moments::zero_dispersion_std`] removes it.
    pub std: f64,
    /// Whether every non-NaN value is equal (true when there are none).
    pub all_equal: bool,
}

impl Moments {
    /// [`Moments::std`] with empyrical's `_zero_dispersion_std`: exactly 0 when there are at
    /// least two values and all are equal, so that a ratio over it is ±inf rather than some
    /// arbitrary number near 1e15. empyrical applies it in `sharpe_ratio`, not in
    /// `annual_volatility`.
    pub fn zero_dispersion_std(&self) -> f64 {
        if self.all_equal && self.count >= 2 {
            0.0
        } else {
            self.std
        }
    }
}

/// [`Moments`] of `values[i] - shift`, skipping NaNs: bottleneck's `nanmean` and
/// `nanstd(ddof=1)`, summed in bottleneck's order, plus whether all values are equal (for
/// empyrical's `_zero_dispersion_std`, see [`Moments::zero_dispersion_std`]).
///
/// # Examples
/// ```
/// use rustybt_metrics::nan_moments;
/// let m = nan_moments(&[1.0, f64::NAN, 3.0], 0.0);
/// assert_eq!((m.count, m.mean, m.std), (2, 2.0, 2f64.sqrt()));
/// ```
pub fn nan_moments(values: &[f64], shift: f64) -> Moments {
    // NaNs are skipped by adding 0 (and multiplying by 1 below) rather than by branching: the
    // select stays off the chain of additions, which is what bounds the speed. It changes no
    // bit: a sum that starts at +0 never becomes -0, so adding +0 leaves it as it is.
    let (mut count, mut sum) = (0usize, 0.0);
    let (mut lowest, mut highest) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values {
        let x = v - shift;
        let present = !x.is_nan();
        count += usize::from(present);
        sum += if present { x } else { 0.0 };
        lowest = lowest.min(x); // f64::min and max ignore a NaN operand
        highest = highest.max(x);
    }
    let all_equal = count == 0 || lowest == highest;
    let mean = if count == 0 {
        f64::NAN
    } else {
        sum / count as f64
    };
    let std = if count < 2 {
        f64::NAN
    } else {
        let mut squares = 0.0;
        for &v in values {
            let d = v - shift - mean;
            squares += if d.is_nan() { 0.0 } else { d * d };
        }
        (squares / (count - 1) as f64).sqrt()
    };
    Moments {
        count,
        mean,
        std,
        all_equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_skip_nan() {
        let m = nan_moments(&[1.0, f64::NAN, 3.0], 0.0);
        assert_eq!((m.count, m.mean), (2, 2.0));
        assert_eq!(m.std, 2f64.sqrt());
        assert!(nan_moments(&[1.0, f64::NAN], 0.0).std.is_nan());
        assert!(nan_moments(&[], 0.0).mean.is_nan());
        assert!(nan_moments(&[f64::NAN], 0.0).mean.is_nan());
    }

    #[test]
    fn equal_values_have_zero_deviation() {
        // The rounded mean of three 0.1s is not 0.1, which would leave a ~1e-17 deviation.
        let m = nan_moments(&[0.1, 0.1, 0.1], 0.0);
        assert_eq!(m.zero_dispersion_std(), 0.0);
        assert!(
            m.std > 0.0 && m.std < 1e-16,
            "bottleneck's residue, {}",
            m.std
        );
        assert!(nan_moments(&[0.1, f64::NAN], 0.0)
            .zero_dispersion_std()
            .is_nan());
    }

    #[test]
    fn sums_in_sequence_as_bottleneck() {
        // bottleneck.nanstd([0.5] + [0.0] * 11, ddof=1) == 0.1443375672974064
        let mut values = vec![0.0; 12];
        values[0] = 0.5;
        assert_eq!(nan_moments(&values, 0.0).std, 0.1443375672974064);
    }
}
