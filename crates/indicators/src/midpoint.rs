//! Midpoint of the highest and lowest value over a window, as TA-Lib's `MIDPOINT` computes it.

use crate::select::{greater_of, lesser_of};
use crate::stream::{check_finite, run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// Number of leading outputs that are NaN for a series with no missing values: `period - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::midpoint_lookback(14), 13);
/// ```
pub fn midpoint_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Streaming midpoint: `(highest + lowest) / 2` over the last `period` values.
///
/// TA-Lib 0.8's `MIDPOINT` batch algorithm, the van Herk / Gil-Werman block scan (TA-Lib issue
/// #147), run one value at a time: the series is cut into blocks of `period` values from its
/// first number; when a block completes, its suffix extrema are built by one backward pass, and
/// the values of the next block keep running prefix extrema; each window is a suffix of one block
/// and a prefix of the next, so its extrema combine one suffix and one prefix entry. That is
/// O(1) amortised per value whatever the period, and it follows TA-Lib's comparisons exactly, so
/// results equal TA-Lib's bit for bit, NaN included: under `Propagate` a NaN inside the series
/// is skipped by the comparisons except where TA-Lib starts an extremum from it (the last value
/// of a block in the suffix pass, the first value of a block in the prefix pass), which gives
/// NaN wherever `talib.MIDPOINT` gives NaN. NaNs before the first number are skipped.
///
/// # Examples
/// ```
/// use rustybt_indicators::{Midpoint, NanPolicy};
/// let mut midpoint = Midpoint::new(3, NanPolicy::Propagate).unwrap();
/// assert!(midpoint.update(4.0).is_nan());
/// assert!(midpoint.update(1.0).is_nan());
/// assert_eq!(midpoint.update(9.0), 5.0); // (9 + 1) / 2
/// assert_eq!(midpoint.update(2.0), 5.0); // (9 + 1) / 2 over [1, 9, 2]
/// ```
#[derive(Debug, Clone)]
pub struct Midpoint {
    period: usize,
    nan_policy: NanPolicy,
    /// The values of the block being filled (at most `period`).
    block: Vec<f64>,
    /// Suffix highest and lowest of the last complete block (`period` each once one exists).
    suffix_high: Vec<f64>,
    suffix_low: Vec<f64>,
    /// Prefix highest and lowest of the block being filled.
    prefix_high: f64,
    prefix_low: f64,
    started: bool,
}

impl Midpoint {
    /// A midpoint over `period` values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is below 2 (as TA-Lib).
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        if period < 2 {
            return Err(IndicatorError::InvalidPeriod {
                name: "period",
                min: 2,
                value: period,
            });
        }
        // The buffers grow with the data, so a huge period costs no memory up front.
        Ok(Self {
            period,
            nan_policy,
            block: Vec::new(),
            suffix_high: Vec::new(),
            suffix_low: Vec::new(),
            prefix_high: f64::NAN,
            prefix_low: f64::NAN,
            started: false,
        })
    }

    /// Feeds the next value and returns the midpoint, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline]
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        self.started = true;
        // Prefix extrema of the block being filled, forwards, keeping the incumbent on a tie.
        if self.block.is_empty() {
            self.prefix_high = value;
            self.prefix_low = value;
        } else {
            if value > self.prefix_high {
                self.prefix_high = value;
            }
            if value < self.prefix_low {
                self.prefix_low = value;
            }
        }
        self.block.push(value);
        let filled = self.block.len();
        if filled == self.period {
            self.close_block();
            return (self.suffix_high[0] + self.suffix_low[0]) / 2.0;
        }
        if self.suffix_high.is_empty() {
            return f64::NAN; // the first block is not complete yet
        }
        // The window: the last `period - filled` values of the previous block, then this one's.
        let mut highest = self.suffix_high[filled];
        if self.prefix_high > highest {
            highest = self.prefix_high;
        }
        let mut lowest = self.suffix_low[filled];
        if self.prefix_low < lowest {
            lowest = self.prefix_low;
        }
        (highest + lowest) / 2.0
    }

    /// The block is complete: its suffix extrema, backwards from its last value.
    fn close_block(&mut self) {
        let last = self.period - 1;
        self.suffix_high.resize(self.period, f64::NAN);
        self.suffix_low.resize(self.period, f64::NAN);
        let (mut highest, mut lowest) = (self.block[last], self.block[last]);
        self.suffix_high[last] = highest;
        self.suffix_low[last] = lowest;
        for i in (0..last).rev() {
            let v = self.block[i];
            if v > highest {
                highest = v;
            }
            if v < lowest {
                lowest = v;
            }
            self.suffix_high[i] = highest;
            self.suffix_low[i] = lowest;
        }
        self.block.clear();
    }

    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.block.clear();
        self.suffix_high.clear();
        self.suffix_low.clear();
        self.started = false;
    }
}

impl StateMachine for Midpoint {
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        Midpoint::update(self, value)
    }
}

/// Midpoint of the highest and lowest of the last `period` values: same length as the input,
/// NaN through the warm-up; TA-Lib's `MIDPOINT` under [`NanPolicy::Propagate`] (see
/// [`Midpoint`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is below 2.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{midpoint, NanPolicy};
/// let out = midpoint(&[4.0, 1.0, 9.0, 2.0], 2, NanPolicy::Propagate).unwrap();
/// assert!(out[0].is_nan());
/// assert_eq!(&out[1..], &[2.5, 5.0, 5.5]);
/// ```
pub fn midpoint(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let state = Midpoint::new(period, nan_policy)?;
    // One pass for the common case: the block scan reading its blocks from the series itself
    // (no copy of each value into a block buffer), each output written once, the finiteness
    // check riding along. Under Propagate a NaN after the leading ones meets the same
    // comparisons in the same order as in `Midpoint::update`, hence the same bits; Skip with a
    // NaN takes the state machine.
    let lead = values.iter().take_while(|v| v.is_nan()).count();
    let (out, all_finite) = block_scan_1d(values, lead, period);
    if all_finite {
        return Ok(out);
    }
    check_finite(values)?;
    match nan_policy {
        NanPolicy::Propagate => Ok(out),
        NanPolicy::Skip => run_series(state, values),
    }
}

/// [`Midpoint::update`]'s block scan over `values` from its first number (at `lead`), blocks
/// of `period` values read from the series; and whether every value from `lead` on is finite.
fn block_scan_1d(values: &[f64], lead: usize, period: usize) -> (Vec<f64>, bool) {
    let series = &values[lead..];
    if series.len() < period {
        // No complete window (and no buffer sized by a huge period).
        let finite = series.iter().fold(true, |acc, v| acc & v.is_finite());
        return (vec![f64::NAN; values.len()], finite);
    }
    let mut finite = true;
    let mut suffix_high = vec![f64::NAN; period];
    let mut suffix_low = vec![f64::NAN; period];
    let mut have_suffix = false;
    let (mut prefix_high, mut prefix_low) = (f64::NAN, f64::NAN);
    let mut filled = 0; // values of the current block so far
    let out = crate::stream::filled(
        values.len(),
        #[inline(always)]
        |i| {
            let Some(k) = i.checked_sub(lead) else {
                return f64::NAN;
            };
            let value = series[k];
            finite &= value.is_finite();
            // Prefix extrema of the block being filled, forwards, keeping the incumbent on a tie.
            if filled == 0 {
                prefix_high = value;
                prefix_low = value;
            } else {
                if value > prefix_high {
                    prefix_high = value;
                }
                if value < prefix_low {
                    prefix_low = value;
                }
            }
            filled += 1;
            if filled == period {
                // The block series[k + 1 - period..=k] is complete: its suffix extrema,
                // backwards from its last value.
                filled = 0;
                let block = &series[k + 1 - period..=k];
                let (mut highest, mut lowest) = (value, value);
                suffix_high[period - 1] = highest;
                suffix_low[period - 1] = lowest;
                for j in (0..period - 1).rev() {
                    let v = block[j];
                    if v > highest {
                        highest = v;
                    }
                    if v < lowest {
                        lowest = v;
                    }
                    suffix_high[j] = highest;
                    suffix_low[j] = lowest;
                }
                have_suffix = true;
                return (suffix_high[0] + suffix_low[0]) / 2.0;
            }
            if !have_suffix {
                return f64::NAN; // the first block is not complete yet
            }
            // As `Midpoint::update`'s comparisons, branch-free: a coin flip on jumpy prices.
            let highest = greater_of(prefix_high, suffix_high[filled]);
            let lowest = lesser_of(prefix_low, suffix_low[filled]);
            (highest + lowest) / 2.0
        },
    );
    (out, finite)
}

/// [`midpoint`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`midpoint`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{midpoint_columns, NanPolicy};
/// let out = midpoint_columns(&[4.0, 1.0, 8.0, 3.0], 2, 2, 2, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[6.0, 2.0]);
/// ```
pub fn midpoint_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Midpoint::new(period, nan_policy)?, values, rows, cols)
}

// --- issue 8: streaming (snapshot) ---------------------------------------------------------------

impl crate::Snapshot for Midpoint {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        crate::snapshot::save_window(out, self.block.iter());
        crate::snapshot::save_window(out, self.suffix_high.iter());
        crate::snapshot::save_window(out, self.suffix_low.iter());
        out.extend([self.prefix_high, self.prefix_low]);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        let mut window = std::collections::VecDeque::new();
        saved.window(&mut window, self.period - 1)?;
        self.block = window.drain(..).collect();
        saved.window(&mut window, self.period)?;
        self.suffix_high = window.drain(..).collect();
        saved.window(&mut window, self.period)?;
        self.suffix_low = window.into();
        self.prefix_high = saved.float()?;
        self.prefix_low = saved.float()?;
        let suffixes = self.suffix_high.len();
        if suffixes != self.suffix_low.len() || (suffixes != 0 && suffixes != self.period) {
            return Err(IndicatorError::InvalidState {
                reason: "the suffix extrema do not hold one complete block",
            });
        }
        Ok(())
    }
}

#[allow(unused_imports)]
use crate::Snapshot as _;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;

    #[test]
    fn equals_a_window_scan_without_nan() {
        let values = rustybt_bench_data::prices(500, 3);
        for period in [2, 3, 7, 14, 50, 499, 500] {
            let out = midpoint(&values, period, P).unwrap();
            for (i, &o) in out.iter().enumerate() {
                if i + 1 < period {
                    assert!(o.is_nan());
                    continue;
                }
                let window = &values[i + 1 - period..=i];
                let high = window.iter().copied().fold(f64::MIN, f64::max);
                let low = window.iter().copied().fold(f64::MAX, f64::min);
                assert_eq!(o, (high + low) / 2.0, "period {period} at {i}");
            }
        }
    }

    #[test]
    fn nan_follows_the_block_scan() {
        // Blocks of 3 from index 0: [0, 1, 2], [3, 4, 5], ... A NaN last in a block starts its
        // suffix extrema (NaN for windows reaching back into it); a NaN first in a block starts
        // its prefix extrema, which are then only ever compared, so they never win.
        let values = [1.0, 5.0, NAN, 2.0, 8.0, 3.0, 4.0];
        let out = midpoint(&values, 3, P).unwrap();
        assert!(same(&out, &[NAN, NAN, NAN, NAN, NAN, 5.0, 5.5]));
        let skipped = midpoint(&values, 3, NanPolicy::Skip).unwrap();
        let clean = midpoint(&[1.0, 5.0, 2.0, 8.0, 3.0, 4.0], 3, P).unwrap();
        assert!(same(&skipped[3..], &clean[2..]));
        assert!(skipped[2].is_nan());
    }

    /// The batch scan (blocks read from the series) against the state machine, bit for bit:
    /// lengths around the period and its multiples, leading NaNs, NaNs first and last in a
    /// block, inf anywhere, and Skip (the state machine's path).
    #[test]
    fn batch_scan_equals_the_state_machine() {
        let streamed = |values: &[f64], period: usize, policy: NanPolicy| -> Vec<f64> {
            let mut state = Midpoint::new(period, policy).unwrap();
            values.iter().map(|&v| state.update(v)).collect()
        };
        let base = rustybt_bench_data::prices(200, 11);
        for period in [2, 3, 5, 14] {
            for len in [
                0,
                1,
                period - 1,
                period,
                period + 1,
                2 * period,
                2 * period + 1,
                200,
            ] {
                let values = &base[..len];
                assert!(same(
                    &midpoint(values, period, P).unwrap(),
                    &streamed(values, period, P)
                ));
            }
            let mut gappy = base.clone();
            gappy[..2].fill(NAN);
            gappy[2 + period] = NAN; // first of a block
            gappy[1 + 4 * period] = NAN; // last of a block
            gappy[100] = NAN;
            for policy in [P, NanPolicy::Skip] {
                let out = midpoint(&gappy, period, policy).unwrap();
                assert!(
                    same(&out, &streamed(&gappy, period, policy)),
                    "{period} {policy:?}"
                );
            }
            for at in [0, 1, period, 199] {
                let mut bad = base.clone();
                bad[at / 2] = NAN;
                bad[at] = f64::INFINITY;
                assert!(matches!(
                    midpoint(&bad, period, P),
                    Err(IndicatorError::NonFinite { index, .. }) if index == at
                ));
            }
        }
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 4);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let out = midpoint_columns(&matrix, 300, 2, 9, P).unwrap();
        let first: Vec<f64> = out.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &midpoint(&a, 9, P).unwrap()));
        let mut state = Midpoint::new(9, P).unwrap();
        state.update(1.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&first, &streamed));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            midpoint(&[1.0], 1, P),
            Err(IndicatorError::InvalidPeriod { min: 2, .. })
        ));
        assert!(matches!(
            midpoint(&[1.0, f64::INFINITY], 2, P),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            midpoint_columns(&[1.0; 3], 2, 2, 2, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(same(
            &midpoint(&[1.0, 2.0], usize::MAX, P).unwrap(),
            &[NAN, NAN]
        ));
        assert!(midpoint(&[], 3, P).unwrap().is_empty());
    }
}
