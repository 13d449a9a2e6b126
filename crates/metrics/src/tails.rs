//! Tail metrics: value at risk, conditional value at risk and the tail ratio, from the
//! percentiles of the return distribution.

use crate::checks::finite_returns;
use crate::MetricsError;

/// `values` sorted ascending (NaN-free input expected; `total_cmp` puts -0 before +0).
fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.collect();
    sorted.sort_unstable_by(f64::total_cmp);
    sorted
}

/// The `q`-th percentile (0..=100) of ascending, NaN-free `sorted` values, with numpy's
/// default `method="linear"` to the bit: `q / 100` as numpy divides it, the virtual index
/// `(n - 1) * q / 100`, and numpy's `_lerp`, which interpolates from the upper neighbour when
/// the fraction is >= 0.5. NaN for no values.
pub(crate) fn percentile(sorted: &[f64], q: f64) -> f64 {
    percentile_by(sorted.len(), q, |i| sorted[i])
}

/// [`percentile`] of `n` sorted values of which `sorted(i)` gives the `i`-th (it is asked only
/// for the indices [`percentile_indices`] names).
fn percentile_by(n: usize, q: f64, sorted: impl Fn(usize) -> f64) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    let virtual_index = (n - 1) as f64 * (q / 100.0);
    let below = virtual_index.floor();
    // Past the last index numpy takes the last value for both neighbours (and its "previous
    // index" becomes -1, so the fraction is >= 1 and the upper formula gives that value).
    let (lower, upper, fraction) = if virtual_index >= (n - 1) as f64 {
        (sorted(n - 1), sorted(n - 1), virtual_index + 1.0)
    } else {
        let i = below as usize; // 0 <= below < n - 1
        (sorted(i), sorted(i + 1), virtual_index - below)
    };
    let difference = upper - lower;
    if fraction >= 0.5 {
        upper - difference * (1.0 - fraction)
    } else {
        lower + difference * fraction
    }
}

/// Checks a cutoff in [0, 1].
fn cutoff_fraction(cutoff: f64) -> Result<f64, MetricsError> {
    if (0.0..=1.0).contains(&cutoff) {
        Ok(cutoff)
    } else {
        Err(MetricsError::InvalidParameter {
            name: "cutoff",
            requirement: "between 0 and 1",
            value: cutoff,
        })
    }
}

/// Value at risk, empyrical's `value_at_risk`: the `100 * cutoff`-th percentile of the
/// returns, interpolated linearly as `np.percentile` does (bit for bit).
///
/// As in empyrical (which calls `np.percentile`, not `np.nanpercentile`), any NaN return makes
/// the result NaN, and an empty series gives NaN.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `cutoff` is not in [0, 1].
///
/// # Examples
/// ```
/// use rustybt_metrics::value_at_risk;
/// let r = [0.01, -0.02, 0.03, -0.05, 0.0];
/// // the virtual index 4 * 0.05 = 0.2 lies between -0.05 and -0.02
/// assert!((value_at_risk(&r, 0.05)? + 0.044).abs() < 1e-15);
/// assert!(value_at_risk(&[0.01, f64::NAN], 0.05)?.is_nan());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn value_at_risk(returns: &[f64], cutoff: f64) -> Result<f64, MetricsError> {
    let cutoff = cutoff_fraction(cutoff)?;
    finite_returns(returns)?;
    if returns.iter().any(|r| r.is_nan()) {
        return Ok(f64::NAN);
    }
    Ok(percentile(&sorted(returns.iter().copied()), 100.0 * cutoff))
}

/// Conditional value at risk (expected shortfall), empyrical's `conditional_value_at_risk`:
/// the mean of the `k + 1` lowest returns, `k = floor((n - 1) * cutoff)`, over the `n`
/// present (non-NaN) returns.
///
/// NaN returns are dropped first (so they neither widen the tail nor count in `n`); no
/// present return gives NaN. The tail is summed in ascending order, while empyrical sums
/// `np.partition`'s output (whose order numpy does not specify) pairwise: results agree to a
/// few ulps, not always to the bit.
///
/// # Errors
/// - [`MetricsError::NonFinite`] if a return is ±inf.
/// - [`MetricsError::InvalidParameter`] if `cutoff` is not in [0, 1].
///
/// # Examples
/// ```
/// use rustybt_metrics::conditional_value_at_risk;
/// let r = [0.01, -0.02, 0.03, -0.05, 0.0, f64::NAN];
/// // k = floor(4 * 0.25) = 1: the mean of the two lowest, -0.05 and -0.02
/// assert_eq!(conditional_value_at_risk(&r, 0.25)?, -0.035);
/// assert!(conditional_value_at_risk(&[f64::NAN], 0.05)?.is_nan());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn conditional_value_at_risk(returns: &[f64], cutoff: f64) -> Result<f64, MetricsError> {
    let cutoff = cutoff_fraction(cutoff)?;
    finite_returns(returns)?;
    let mut present: Vec<f64> = returns.iter().copied().filter(|r| !r.is_nan()).collect();
    if present.is_empty() {
        return Ok(f64::NAN);
    }
    // int((len(returns) - 1) * cutoff): truncation of a non-negative float
    let k = ((present.len() - 1) as f64 * cutoff) as usize;
    present.select_nth_unstable_by(k, f64::total_cmp);
    let tail = &mut present[..=k];
    tail.sort_unstable_by(f64::total_cmp);
    let sum = tail.iter().fold(0.0, |sum, r| sum + r);
    Ok(sum / tail.len() as f64)
}

/// Tail ratio, empyrical's `tail_ratio`: `|95th percentile| / |5th percentile|` of the
/// present (non-NaN) returns, percentiles as `np.percentile` computes them (bit for bit).
///
/// No present return gives NaN; a 5th percentile of 0 gives inf (or NaN when the 95th is 0
/// too), as IEEE division gives.
///
/// # Errors
/// [`MetricsError::NonFinite`] if a return is ±inf.
///
/// # Examples
/// ```
/// use rustybt_metrics::tail_ratio;
/// let r = [0.02, -0.01, 0.01, -0.02, f64::NAN];
/// assert!((tail_ratio(&r)? - 1.0).abs() < 1e-15);
/// assert!(tail_ratio(&[])?.is_nan());
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn tail_ratio(returns: &[f64]) -> Result<f64, MetricsError> {
    finite_returns(returns)?;
    let sorted = sorted(returns.iter().copied().filter(|r| !r.is_nan()));
    if sorted.is_empty() {
        return Ok(f64::NAN);
    }
    Ok(percentile(&sorted, 95.0).abs() / percentile(&sorted, 5.0).abs())
}

/// The neighbours [`percentile`] reads for the `q`-th percentile of `n` sorted values: the
/// indices of the lower and upper value (equal past the last index).
fn percentile_indices(n: usize, q: f64) -> [usize; 2] {
    let virtual_index = (n - 1) as f64 * (q / 100.0);
    if virtual_index >= (n - 1) as f64 {
        [n - 1, n - 1]
    } else {
        let i = virtual_index.floor() as usize;
        [i, i + 1]
    }
}

/// Puts at each of `indices` (at most eight) the value a full ascending sort (`total_cmp`)
/// would put there, by selection: each index is selected, from the highest down, among the
/// values below the previous one, so every value placed stays where it is. O(n) instead of a
/// sort's O(n log n); `total_cmp` being a total order on the bits, the values placed are the
/// sorted ones to the bit (the order among equal values cannot show).
fn place_order_statistics(values: &mut [f64], indices: &[usize]) {
    let mut wanted = [0usize; 8];
    let wanted = &mut wanted[..indices.len()];
    wanted.copy_from_slice(indices);
    wanted.sort_unstable_by(|a, b| b.cmp(a));
    let mut upper = values.len();
    for &index in wanted.iter() {
        if index < upper {
            values[..upper].select_nth_unstable_by(index, f64::total_cmp);
            upper = index;
        }
    }
}

/// Tail ratio, value at risk and conditional value at risk at `cutoff` from one copy of the
/// returns, each equal to its own function's result. Only the values the percentiles read
/// and the `k + 1` lowest are put in order (by selection, see [`place_order_statistics`]),
/// and only those `k + 1` are sorted, as [`conditional_value_at_risk`] sorts them.
pub(crate) fn tails(returns: &[f64], cutoff: f64) -> Result<(f64, f64, f64), MetricsError> {
    let cutoff = cutoff_fraction(cutoff)?;
    finite_returns(returns)?;
    let n = returns.iter().filter(|r| !r.is_nan()).count();
    if n == 0 {
        return Ok((f64::NAN, f64::NAN, f64::NAN));
    }
    let (high, low, at_cutoff) = (
        percentile_indices(n, 95.0),
        percentile_indices(n, 5.0),
        percentile_indices(n, 100.0 * cutoff),
    );
    // int((len(returns) - 1) * cutoff): truncation of a non-negative float
    let k = ((n - 1) as f64 * cutoff) as usize;
    let wanted = [
        high[0],
        high[1],
        low[0],
        low[1],
        at_cutoff[0],
        at_cutoff[1],
        k,
    ];
    // The values the three metrics read: the lowest `bottom` and the highest `top` in
    // ascending order (`k` is always among the lowest).
    let bottom = 1 + wanted
        .iter()
        .filter(|&&i| i < n / 2 || i == k)
        .max()
        .unwrap_or(&0);
    let top = n - wanted.iter().filter(|&&i| i >= bottom).min().unwrap_or(&n);
    let gathered = if bottom + top <= n / TAIL_FRACTION {
        extremes(returns, n, bottom, top)
    } else {
        None
    };
    let (lowest, highest) = if let Some(extremes) = gathered {
        extremes
    } else {
        let mut present = Vec::with_capacity(n);
        present.extend(returns.iter().copied().filter(|r| !r.is_nan()));
        place_order_statistics(&mut present, &wanted);
        present[..bottom].sort_unstable_by(f64::total_cmp);
        let highest = present[n - top..].to_vec();
        present.truncate(bottom);
        (present, highest)
    };
    // the i-th of the sorted present values, for the indices in `wanted`
    let sorted = |i: usize| {
        if i < bottom {
            lowest[i]
        } else {
            highest[i - (n - top)]
        }
    };
    let tail_ratio = percentile_by(n, 95.0, sorted).abs() / percentile_by(n, 5.0, sorted).abs();
    // Without NaNs the present values are all of them, as value_at_risk takes them.
    let value_at_risk = if n == returns.len() {
        percentile_by(n, 100.0 * cutoff, sorted)
    } else {
        f64::NAN
    };
    // The k + 1 lowest in ascending order, summed as conditional_value_at_risk sums them.
    let shortfall = lowest[..=k].iter().fold(0.0, |sum, r| sum + r) / (k + 1) as f64;
    Ok((tail_ratio, value_at_risk, shortfall))
}

/// [`tails`] gathers the extremes by thresholds (see [`extremes`]) when they make at most this
/// fraction of the returns, and selects in a copy of them above.
const TAIL_FRACTION: usize = 4;

/// Returns [`extremes`] samples to set its thresholds.
const SAMPLE: usize = 64;

/// The `bottom` lowest and the `top` highest of the `n` present (non-NaN) `values`, each in
/// ascending `total_cmp` order, or `None` when the thresholds miss (then the caller selects).
///
/// Thresholds are read off a sorted sample of the values, with a margin of twice the share
/// wanted plus two; one branch-free pass gathers the values at or below the low one and at or
/// above the high one, and only those are sorted. When at least `bottom` (`top`) values are
/// gathered, the `bottom` lowest (`top` highest) of the values are all among them, so the
/// result is a full sort's to the bit (`total_cmp` orders the bits totally).
fn extremes(values: &[f64], n: usize, bottom: usize, top: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let len = values.len();
    let mut sample: Vec<f64> = (0..SAMPLE)
        .map(|i| values[i * len / SAMPLE])
        .filter(|v| !v.is_nan())
        .collect();
    let m = sample.len();
    if m < SAMPLE / 2 {
        return None;
    }
    sample.sort_unstable_by(f64::total_cmp);
    let low_rank = ((2 * bottom * m).div_ceil(n) + 2).min(m - 1);
    let high_rank = (m - 1).saturating_sub((2 * top * m).div_ceil(n) + 2);
    let (low_limit, high_limit) = (sample[low_rank], sample[high_rank]);
    if low_rank >= high_rank || low_limit.total_cmp(&high_limit).is_ge() {
        return None;
    }
    // Every value is written, and kept (its slot taken) only when it belongs.
    let (mut low, mut high) = (vec![0.0; len + 1], vec![0.0; len + 1]);
    let (mut lows, mut highs) = (0, 0);
    for &v in values {
        let present = !v.is_nan();
        low[lows] = v;
        lows += usize::from(present && v.total_cmp(&low_limit).is_le());
        high[highs] = v;
        highs += usize::from(present && v.total_cmp(&high_limit).is_ge());
    }
    if lows < bottom || highs < top {
        return None;
    }
    let (low, high) = (&mut low[..lows], &mut high[..highs]);
    low.sort_unstable_by(f64::total_cmp);
    high.sort_unstable_by(f64::total_cmp);
    Some((low[..bottom].to_vec(), high[highs - top..].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sort_gives_the_three_metrics() {
        let cases: [&[f64]; 5] = [
            &[0.01, -0.02, 0.03, -0.05, 0.0, -0.0, 0.02],
            &[0.01, f64::NAN, -0.03, 0.0],
            &[],
            &[f64::NAN],
            &[0.5],
        ];
        for r in cases {
            for cutoff in [0.0, 0.05, 0.25, 1.0] {
                let (t, v, c) = tails(r, cutoff).unwrap();
                let same =
                    |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
                assert!(same(t, tail_ratio(r).unwrap()), "{r:?}");
                assert!(same(v, value_at_risk(r, cutoff).unwrap()), "{r:?} {cutoff}");
                assert!(
                    same(c, conditional_value_at_risk(r, cutoff).unwrap()),
                    "{r:?}"
                );
            }
        }
    }

    #[test]
    fn heaps_and_selection_agree_with_a_full_sort_on_both_sides_of_the_switch() {
        // 1000 values with ties, ±0 and NaNs; the cutoffs cross TAIL_FRACTION's boundary
        // (bottom + top = n / 4) where tails switches from the heaps to the selection.
        let mut state = 7u64;
        let r: Vec<f64> = (0..1000)
            .map(|i| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let step = ((state >> 33) % 61) as f64 - 30.0;
                match i % 97 {
                    96 => f64::NAN,
                    13 => -0.0,
                    _ => step / 1000.0,
                }
            })
            .collect();
        let n = r.iter().filter(|v| !v.is_nan()).count();
        let (mut heaps, mut selections) = (0, 0);
        let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
        for series in [&r[..], &r[..n.min(990)]] {
            for step in 0..=300 {
                let cutoff = f64::from(step) / 1000.0;
                let (t, v, c) = tails(series, cutoff).unwrap();
                let present = series.iter().filter(|v| !v.is_nan()).count();
                let bottom = 1 + ((present - 1) as f64 * cutoff) as usize;
                if bottom + 51 <= present / TAIL_FRACTION {
                    heaps += 1;
                } else {
                    selections += 1;
                }
                assert!(same(t, tail_ratio(series).unwrap()), "{cutoff}");
                assert!(same(v, value_at_risk(series, cutoff).unwrap()), "{cutoff}");
                let want = conditional_value_at_risk(series, cutoff).unwrap();
                assert!(same(c, want), "{cutoff}: {c} vs {want}");
            }
        }
        assert!(heaps > 100 && selections > 100, "{heaps} {selections}");
    }

    #[test]
    fn percentile_follows_numpy() {
        // np.percentile([1, 2, 3, 4], q) for q = 0, 5, 50, 95, 100
        let s = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&s, 0.0), 1.0);
        assert_eq!(percentile(&s, 5.0), 1.15);
        assert_eq!(percentile(&s, 50.0), 2.5);
        assert_eq!(percentile(&s, 95.0), 3.8499999999999996);
        assert_eq!(percentile(&s, 100.0), 4.0);
        assert_eq!(percentile(&[7.0], 5.0), 7.0);
        assert!(percentile(&[], 5.0).is_nan());
    }

    #[test]
    fn metrics_follow_empyrical() {
        // empyrical.value_at_risk / conditional_value_at_risk / tail_ratio on this series
        let r = [0.01, -0.02, 0.03, -0.05, 0.0, 0.015, -0.007];
        assert_eq!(value_at_risk(&r, 0.05), Ok(-0.041));
        assert_eq!(conditional_value_at_risk(&r, 0.05), Ok(-0.05));
        // empyrical gives -0.019250000000000003 too (its partition order happens to agree)
        assert_eq!(
            conditional_value_at_risk(&r, 0.5),
            Ok(-0.019250000000000003)
        );
        assert_eq!(tail_ratio(&r), Ok(0.6219512195121948));
        assert!(value_at_risk(&[], 0.05).unwrap().is_nan());
        assert!(tail_ratio(&[f64::NAN]).unwrap().is_nan());
        assert_eq!(tail_ratio(&[0.01, 0.0, 0.0]), Ok(f64::INFINITY));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(value_at_risk(&[0.1], 1.5).is_err());
        assert!(conditional_value_at_risk(&[0.1], -0.1).is_err());
        assert!(value_at_risk(&[0.1], f64::NAN).is_err());
        assert!(tail_ratio(&[f64::INFINITY]).is_err());
        assert!(conditional_value_at_risk(&[f64::NEG_INFINITY], 0.05).is_err());
    }
}
