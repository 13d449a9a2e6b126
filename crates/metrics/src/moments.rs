//! NaN-skipping mean and standard deviation computed exactly as numpy computes them.
//!
//! numpy sums float arrays pairwise (blocks of 128 with eight interleaved accumulators), and
//! `nanmean`/`nanstd` sum over the whole array with NaNs replaced by zero. Following the same
//! order of operations gives bit-identical results, so the native backend, the numpy fallback
//! and empyrical agree to the last bit rather than to a tolerance.

/// numpy's block size for pairwise summation (`PW_BLOCKSIZE` in `loops_utils.h.src`).
const PAIRWISE_BLOCK: usize = 128;

/// Sum of `term(i)` for `i` in `start..start + n`, in numpy's pairwise order.
fn pairwise_sum(start: usize, n: usize, term: &impl Fn(usize) -> f64) -> f64 {
    if n < 8 {
        let mut sum = 0.0;
        for i in start..start + n {
            sum += term(i);
        }
        sum
    } else if n <= PAIRWISE_BLOCK {
        let mut r = [0.0f64; 8];
        for (j, r) in r.iter_mut().enumerate() {
            *r = term(start + j);
        }
        let unrolled_end = n - n % 8;
        let mut i = 8;
        while i < unrolled_end {
            for (j, r) in r.iter_mut().enumerate() {
                *r += term(start + i + j);
            }
            i += 8;
        }
        let mut sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for k in unrolled_end..n {
            sum += term(start + k);
        }
        sum
    } else {
        let half = n / 2;
        let half = half - half % 8;
        pairwise_sum(start, half, term) + pairwise_sum(start + half, n - half, term)
    }
}

/// Mean, sample standard deviation (ddof = 1) and whether all present values are equal, of
/// `values[i] - shift`, skipping NaNs: numpy's `nanmean` and `nanstd(ddof=1)`.
///
/// The standard deviation is NaN with fewer than two present values, and exactly 0 when every
/// present value is equal (empyrical's `_zero_dispersion_std`: the rounded mean would otherwise
/// leave a residue near 1e-18).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    /// Number of non-NaN values.
    pub count: usize,
    /// Mean of the non-NaN values (NaN if there are none).
    pub mean: f64,
    /// Sample standard deviation with ddof = 1 (NaN with fewer than two values).
    pub std: f64,
}

/// [`Moments`] of `values - shift`, skipping NaNs.
pub fn nan_moments(values: &[f64], shift: f64) -> Moments {
    let n = values.len();
    let adjusted = |i: usize| {
        let x = values[i] - shift;
        if x.is_nan() {
            0.0
        } else {
            x
        }
    };
    let mut count = 0usize;
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in values {
        let x = v - shift;
        if !x.is_nan() {
            count += 1;
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    let mean = pairwise_sum(0, n, &adjusted) / count as f64;
    let std = if count < 2 {
        f64::NAN
    } else if lo == hi {
        0.0
    } else {
        let squared_deviation = |i: usize| {
            let x = values[i] - shift;
            if x.is_nan() {
                0.0
            } else {
                let d = x - mean;
                d * d
            }
        };
        (pairwise_sum(0, n, &squared_deviation) / (count - 1) as f64).sqrt()
    };
    Moments { count, mean, std }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_blocked_sums_follow_numpy_order() {
        let values: Vec<f64> = (0..300).map(|i| 1.0 / (i as f64 + 1.0)).collect();
        let naive: f64 = values.iter().sum();
        let pairwise = pairwise_sum(0, values.len(), &|i| values[i]);
        assert!((pairwise - naive).abs() < 1e-12);
        // Value printed by numpy 2.4: np.sum(1 / np.arange(1, 301))
        assert_eq!(pairwise, 6.282663880299504);
    }

    #[test]
    fn moments_skip_nan() {
        let m = nan_moments(&[1.0, f64::NAN, 3.0], 0.0);
        assert_eq!((m.count, m.mean), (2, 2.0));
        assert_eq!(m.std, 2f64.sqrt());
        assert!(nan_moments(&[1.0, f64::NAN], 0.0).std.is_nan());
        assert!(nan_moments(&[], 0.0).mean.is_nan());
        assert_eq!(nan_moments(&[0.1, 0.1, 0.1], 0.0).std, 0.0);
    }
}
