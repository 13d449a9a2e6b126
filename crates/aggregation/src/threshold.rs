//! Activity bars: bars that close when the traded volume, the traded notional (price x size) or
//! the number of trades reaches a threshold, instead of when a clock ticks over.
//!
//! Volume, dollar and tick bars are the "information-driven" bars of M. Lopez de Prado,
//! *Advances in Financial Machine Learning* (Wiley, 2018), section 2.3.1. Ticks are not split:
//! the tick whose weight makes the running total of its bar reach the threshold (`total >=
//! threshold`) closes that bar and belongs to it, so a bar can overshoot the threshold by less
//! than one tick's weight; the next tick opens a new bar with a total of zero.

use rayon::prelude::*;

use crate::resample::first_disorder;
use crate::{AggregationError, Runs};

/// Below this many rows, groups are walked in one thread (the rayon hand-off costs more than
/// it saves, as for time buckets).
const PARALLEL_ROWS: usize = 1 << 16;

/// What each tick weighs and how much weight closes a bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BarWeights<'a> {
    /// Every tick weighs one: a bar closes at its `n`-th tick (tick bars).
    Count(u64),
    /// Float weights (sizes, or price x size); a bar closes when their left-to-right float64
    /// sum reaches `threshold`.
    Float {
        /// One weight per row: finite and not negative.
        values: &'a [f64],
        /// Finite and positive.
        threshold: f64,
    },
    /// Exact weights: decimal mantissas at one scale (or integers), with the threshold at the
    /// same scale; sums are exact.
    Exact {
        /// One mantissa per row: not negative.
        values: &'a [i128],
        /// Positive.
        threshold: i128,
    },
}

impl BarWeights<'_> {
    fn check_threshold(&self) -> Result<(), AggregationError> {
        let bad = match *self {
            Self::Count(n) => (n == 0).then(|| "0".to_owned()),
            Self::Float { threshold, .. } => {
                (!(threshold.is_finite() && threshold > 0.0)).then(|| threshold.to_string())
            }
            Self::Exact { threshold, .. } => (threshold <= 0).then(|| threshold.to_string()),
        };
        match bad {
            Some(text) => Err(AggregationError::InvalidThreshold { text }),
            None => Ok(()),
        }
    }

    fn rows(&self) -> Option<usize> {
        match self {
            Self::Count(_) => None,
            Self::Float { values, .. } => Some(values.len()),
            Self::Exact { values, .. } => Some(values.len()),
        }
    }
}

/// The activity bars of sorted ticks: bar `j` is rows `bounds[j]..bounds[j + 1]`, labelled by
/// the timestamp of its first tick; no bar spans two groups; `complete[j]` says whether bar `j`
/// reached the threshold (only the last bar of a group can fall short).
///
/// Within each group (`group_bounds` as in [`bucket_runs`](crate::bucket_runs)) the ticks are
/// walked in order, adding each tick's weight to its bar's running total; the tick that makes
/// the total reach the threshold (`total >= threshold`) is the bar's last, and the next tick
/// opens a new bar at zero. Ticks are never split. The source of the three bar types is
/// M. Lopez de Prado, *Advances in Financial Machine Learning* (2018), section 2.3.1.
///
/// # Errors
/// - [`AggregationError::InvalidThreshold`] for a threshold that is zero, negative or not
///   finite.
/// - [`AggregationError::InvalidGroups`] for group offsets (or weights) that do not cover the
///   rows.
/// - [`AggregationError::MissingTimestamp`] for `i64::MIN` (numpy's NaT).
/// - [`AggregationError::Unsorted`] naming the first timestamp smaller than its predecessor in
///   its group.
/// - [`AggregationError::InvalidWeight`] for a weight that is negative, NaN or infinite.
/// - [`AggregationError::Overflow`] for an exact running total beyond `i128`.
///
/// # Examples
/// ```
/// use rustybt_aggregation::{threshold_runs, BarWeights};
/// // Sizes 4, 3, 5, 2, 9 in bars of volume 7: 4 + 3 = 7 closes at the 2nd tick, 5 + 2 = 7 at
/// // the 4th, and 9 alone is a bar too.
/// let weights = BarWeights::Float { values: &[4.0, 3.0, 5.0, 2.0, 9.0], threshold: 7.0 };
/// let (runs, complete) = threshold_runs(&[10, 11, 12, 13, 14], &[0, 5], &weights)?;
/// assert_eq!(runs.bounds, vec![0, 2, 4, 5]);
/// assert_eq!(runs.labels, vec![10, 12, 14]);
/// assert_eq!(complete, vec![true, true, true]);
/// // Tick bars of 2 trades leave a partial last bar.
/// let (runs, complete) = threshold_runs(&[1, 2, 3], &[0, 3], &BarWeights::Count(2))?;
/// assert_eq!((runs.bounds, complete), (vec![0, 2, 3], vec![true, false]));
/// # Ok::<(), rustybt_aggregation::AggregationError>(())
/// ```
pub fn threshold_runs(
    timestamps: &[i64],
    group_bounds: &[usize],
    weights: &BarWeights<'_>,
) -> Result<(Runs, Vec<bool>), AggregationError> {
    weights.check_threshold()?;
    let rows = timestamps.len();
    let valid_groups = group_bounds.first() == Some(&0)
        && group_bounds.last() == Some(&rows)
        && group_bounds.windows(2).all(|w| w[0] <= w[1])
        && weights.rows().is_none_or(|n| n == rows);
    if !valid_groups {
        return Err(AggregationError::InvalidGroups { rows });
    }
    let mut runs = Runs {
        labels: Vec::new(),
        bounds: vec![0],
        group_bounds: vec![0],
    };
    let mut complete = Vec::new();
    let walk = |lo: usize, hi: usize| {
        let mut part = (Runs::default(), Vec::new());
        group_bars(timestamps, lo, hi, weights, &mut part.0, &mut part.1).map(|()| part)
    };
    let parts: Vec<Result<(Runs, Vec<bool>), AggregationError>> =
        if rows < PARALLEL_ROWS || group_bounds.len() <= 2 {
            group_bounds.windows(2).map(|p| walk(p[0], p[1])).collect()
        } else {
            group_bounds
                .par_windows(2)
                .map(|p| walk(p[0], p[1]))
                .collect()
        };
    // Joined in order: the first error in row order wins, as in a sequential walk.
    for part in parts {
        let (part, done) = part?;
        runs.labels.extend(part.labels);
        runs.bounds.extend(part.bounds);
        runs.group_bounds.push(runs.labels.len());
        complete.extend(done);
    }
    Ok((runs, complete))
}

/// Appends the bars of rows `lo..hi` (their labels, end offsets and completeness).
///
/// The order of the rows is checked first, in a pass of its own; the weights of the rows before
/// the first missing or out-of-order one are walked, so an earlier bad weight is still the
/// error reported.
fn group_bars(
    timestamps: &[i64],
    lo: usize,
    hi: usize,
    weights: &BarWeights<'_>,
    runs: &mut Runs,
    complete: &mut Vec<bool>,
) -> Result<(), AggregationError> {
    let (valid_end, order_error) = first_disorder(timestamps, lo, hi);
    // Opens a bar at `index` unless one is open; closes it after `index` when `closes`.
    let mut open = false;
    let mut step = |index: usize, closes: bool, runs: &mut Runs, complete: &mut Vec<bool>| {
        if !open {
            runs.labels.push(timestamps[index]);
            open = true;
        }
        if closes {
            runs.bounds.push(index + 1);
            complete.push(true);
            open = false;
        }
    };
    match *weights {
        BarWeights::Count(n) => {
            // Bars of exactly n rows: no walk needed.
            let n = usize::try_from(n).unwrap_or(usize::MAX).max(1);
            for start in (lo..valid_end).step_by(n) {
                runs.labels.push(timestamps[start]);
                match start.checked_add(n).filter(|&end| end <= valid_end) {
                    Some(end) => {
                        runs.bounds.push(end);
                        complete.push(true);
                    }
                    None => open = true,
                }
            }
        }
        BarWeights::Float { values, threshold } => {
            let mut total = 0.0_f64;
            for (index, &w) in values.iter().enumerate().take(valid_end).skip(lo) {
                if !(w.is_finite() && w >= 0.0) {
                    return Err(AggregationError::InvalidWeight {
                        index,
                        value: w.to_string(),
                    });
                }
                total += w;
                let closes = total >= threshold;
                step(index, closes, runs, complete);
                if closes {
                    total = 0.0;
                }
            }
        }
        BarWeights::Exact { values, threshold } => {
            let mut total: i128 = 0;
            for (index, &w) in values.iter().enumerate().take(valid_end).skip(lo) {
                if w < 0 {
                    return Err(AggregationError::InvalidWeight {
                        index,
                        value: w.to_string(),
                    });
                }
                total = total
                    .checked_add(w)
                    .ok_or(AggregationError::Overflow { index })?;
                let closes = total >= threshold;
                step(index, closes, runs, complete);
                if closes {
                    total = 0;
                }
            }
        }
    }
    if let Some(error) = order_error {
        return Err(error);
    }
    if open {
        runs.bounds.push(hi);
        complete.push(false);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tick_that_reaches_the_threshold_closes_the_bar() {
        let ts = [0, 1, 2, 3, 4, 5];
        let sizes = [3, 4, 10, 1, 1, 1];
        let weights = BarWeights::Exact {
            values: &sizes,
            threshold: 7,
        };
        let (runs, complete) = threshold_runs(&ts, &[0, 6], &weights).unwrap();
        // 3 + 4 = 7 closes; 10 alone overshoots and closes; 1 + 1 + 1 is partial.
        assert_eq!(runs.bounds, vec![0, 2, 3, 6]);
        assert_eq!(runs.labels, vec![0, 2, 3]);
        assert_eq!(complete, vec![true, true, false]);
        assert_eq!(runs.group_bounds, vec![0, 3]);
    }

    #[test]
    fn groups_restart_the_running_total() {
        let ts = [5, 6, 7, 1, 2];
        let (runs, complete) = threshold_runs(&ts, &[0, 3, 5], &BarWeights::Count(2)).unwrap();
        assert_eq!(runs.bounds, vec![0, 2, 3, 5]);
        assert_eq!(runs.labels, vec![5, 7, 1]);
        assert_eq!(runs.group_bounds, vec![0, 2, 3]);
        assert_eq!(complete, vec![true, false, true]);
    }

    #[test]
    fn parallel_groups_equal_sequential_groups() {
        let n = PARALLEL_ROWS + 1234;
        let ts: Vec<i64> = (0..n as i64).map(|i| i % 1000).collect();
        let values: Vec<f64> = (0..n).map(|i| (i % 7) as f64 * 0.5).collect();
        let groups: Vec<usize> = (0..n).step_by(1000).chain([n]).collect();
        let weights = BarWeights::Float {
            values: &values,
            threshold: 4.0,
        };
        let together = threshold_runs(&ts, &groups, &weights).unwrap();
        let mut bounds = vec![0];
        let mut complete = Vec::new();
        for pair in groups.windows(2) {
            let part = BarWeights::Float {
                values: &values[pair[0]..pair[1]],
                threshold: 4.0,
            };
            let (runs, done) =
                threshold_runs(&ts[pair[0]..pair[1]], &[0, pair[1] - pair[0]], &part).unwrap();
            bounds.extend(runs.bounds[1..].iter().map(|b| b + pair[0]));
            complete.extend(done);
        }
        assert_eq!(together.0.bounds, bounds);
        assert_eq!(together.1, complete);
    }

    #[test]
    fn empty_input_has_no_bars() {
        let (runs, complete) = threshold_runs(&[], &[0, 0], &BarWeights::Count(3)).unwrap();
        assert_eq!(runs.bounds, vec![0]);
        assert!(runs.labels.is_empty() && complete.is_empty());
    }

    #[test]
    fn rejects_bad_input() {
        let float = |threshold| BarWeights::Float {
            values: &[1.0, 2.0],
            threshold,
        };
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                threshold_runs(&[0, 1], &[0, 2], &float(bad)),
                Err(AggregationError::InvalidThreshold { .. })
            ));
        }
        assert!(matches!(
            threshold_runs(&[0, 1], &[0, 2], &BarWeights::Count(0)),
            Err(AggregationError::InvalidThreshold { .. })
        ));
        assert!(matches!(
            threshold_runs(&[1, 0], &[0, 2], &float(5.0)),
            Err(AggregationError::Unsorted { index: 1, .. })
        ));
        assert!(matches!(
            threshold_runs(&[0, 1, 2], &[0, 3], &float(5.0)),
            Err(AggregationError::InvalidGroups { rows: 3 })
        ));
        let nan = BarWeights::Float {
            values: &[1.0, f64::NAN],
            threshold: 5.0,
        };
        assert!(matches!(
            threshold_runs(&[0, 1], &[0, 2], &nan),
            Err(AggregationError::InvalidWeight { index: 1, .. })
        ));
        let negative = BarWeights::Exact {
            values: &[-1],
            threshold: 5,
        };
        assert!(matches!(
            threshold_runs(&[0], &[0, 1], &negative),
            Err(AggregationError::InvalidWeight { index: 0, .. })
        ));
        let huge = BarWeights::Exact {
            values: &[i128::MAX - 1, 5],
            threshold: i128::MAX,
        };
        assert!(matches!(
            threshold_runs(&[0, 1], &[0, 2], &huge),
            Err(AggregationError::Overflow { index: 1 })
        ));
    }

    /// Labels, bounds and completeness of a group's bars.
    type Bars = (Vec<i64>, Vec<usize>, Vec<bool>);

    /// The bars of one group by the per-row walk the kernel replaced (order checked row by
    /// row, together with the weights): its results and its first error.
    fn walk_by_row(ts: &[i64], weights: &BarWeights<'_>) -> Result<Bars, String> {
        let (mut labels, mut bounds, mut complete) = (Vec::new(), vec![0], Vec::new());
        let (mut previous, mut open, mut count, mut float, mut exact) =
            (i64::MIN, false, 0, 0.0, 0);
        for (index, &t) in ts.iter().enumerate() {
            if t == i64::MIN || t < previous {
                return Err(format!("order {index}"));
            }
            previous = t;
            if !open {
                labels.push(t);
                open = true;
            }
            let closes = match *weights {
                BarWeights::Count(n) => {
                    count += 1;
                    count >= n
                }
                BarWeights::Float { values, threshold } => {
                    if !(values[index].is_finite() && values[index] >= 0.0) {
                        return Err(format!("weight {index}"));
                    }
                    float += values[index];
                    float >= threshold
                }
                BarWeights::Exact { values, threshold } => {
                    if values[index] < 0 {
                        return Err(format!("weight {index}"));
                    }
                    exact += values[index];
                    exact >= threshold
                }
            };
            if closes {
                bounds.push(index + 1);
                complete.push(true);
                (open, count, float, exact) = (false, 0, 0.0, 0);
            }
        }
        if open {
            bounds.push(ts.len());
            complete.push(false);
        }
        Ok((labels, bounds, complete))
    }

    #[test]
    fn the_kernel_equals_a_walk_row_by_row() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..600 {
            let rows = (next() % 600) as usize;
            let mut t = 0_i64;
            let mut ts: Vec<i64> = (0..rows)
                .map(|_| {
                    t += (next() % 3) as i64;
                    t
                })
                .collect();
            let mut floats: Vec<f64> = (0..rows).map(|_| (next() % 50) as f64 / 4.0).collect();
            let mut ints: Vec<i128> = (0..rows).map(|_| i128::from(next() % 50)).collect();
            if rows > 0 && case % 5 == 0 {
                // A disorder, a NaT or a bad weight somewhere (sometimes two of them).
                let at = (next() as usize) % rows;
                match next() % 4 {
                    0 => ts[at] = i64::MIN,
                    1 => ts[at] -= 5,
                    _ => {
                        floats[at] = f64::NAN;
                        ints[at] = -1;
                    }
                }
                let other = (next() as usize) % rows;
                ts[other] -= 3 * i64::from(case % 2 == 0);
            }
            let threshold = 1 + next() % 40;
            for weights in [
                BarWeights::Count(threshold),
                BarWeights::Float {
                    values: &floats,
                    threshold: threshold as f64,
                },
                BarWeights::Exact {
                    values: &ints,
                    threshold: i128::from(threshold),
                },
            ] {
                let got = threshold_runs(&ts, &[0, rows], &weights)
                    .map(|(runs, complete)| (runs.labels, runs.bounds, complete))
                    .map_err(|error| match error {
                        AggregationError::MissingTimestamp { index }
                        | AggregationError::Unsorted { index, .. } => format!("order {index}"),
                        AggregationError::InvalidWeight { index, .. } => format!("weight {index}"),
                        other => other.to_string(),
                    });
                assert_eq!(got, walk_by_row(&ts, &weights), "case {case}");
            }
        }
    }
}
