//! Weighted moving average, as TA-Lib computes it.

use std::collections::VecDeque;

use crate::stream::{check_finite, check_period, filled, run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// Number of leading outputs that are NaN for a series with no missing values: `period - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::wma_lookback(20), 19);
/// ```
pub fn wma_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Streaming weighted moving average: weights 1, 2, ..., `period`, the latest value heaviest,
/// divided by `period * (period + 1) / 2`.
///
/// TA-Lib's `WMA` (`ta_WMA.c` as built in TA-Lib 0.8) step for step, so results equal TA-Lib's to
/// the last bit: a running plain sum and a running weighted sum; each new value adds itself to the
/// plain sum and `period` times itself to the weighted sum, the oldest value leaves the plain sum,
/// the output is the weighted sum divided, and then the plain sum is taken off the weighted sum
/// (every weight drops by one). Every `8 * period` outputs TA-Lib re-sums the window from scratch
/// to stop rounding drift, and so does this (a NaN that has left the window is then forgotten, as
/// in TA-Lib). Period 1 returns its input, as TA-Lib does. NaNs before the first number are
/// skipped; later ones follow the [`NanPolicy`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Wma};
/// let mut wma = Wma::new(2, NanPolicy::Propagate).unwrap();
/// assert!(wma.update(3.0).is_nan());
/// assert_eq!(wma.update(6.0), 5.0); // (1 * 3 + 2 * 6) / 3
/// ```
#[derive(Debug, Clone)]
pub struct Wma {
    period: usize,
    nan_policy: NanPolicy,
    /// `period * (period + 1) / 2`, computed as TA-Lib does (`period * (period + 1) * 0.5`).
    divider: f64,
    /// The last `period - 1` values taken in (fewer during the warm-up), oldest first.
    window: VecDeque<f64>,
    /// TA-Lib's `periodSub` (plain sum) and `periodSum` (weighted sum).
    plain_sum: f64,
    weighted_sum: f64,
    /// The value that leaves the plain sum at the next update (TA-Lib's `trailingValue`).
    trailing: f64,
    /// Outputs left until the next re-sum from scratch (TA-Lib's countdown from `8 * period`).
    until_resum: usize,
    started: bool,
}

impl Wma {
    /// A weighted moving average over `period` values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_period(period)?;
        let divider = period as f64 * (period as f64 + 1.0) * 0.5;
        Ok(Self {
            period,
            nan_policy,
            divider,
            window: VecDeque::new(),
            plain_sum: 0.0,
            weighted_sum: 0.0,
            trailing: 0.0,
            until_resum: Self::resum_every(period),
            started: false,
        })
    }

    /// Feeds the next value and returns the weighted average of the last `period` values, or NaN
    /// during the warm-up (and as the [`NanPolicy`] says for NaN inputs).
    // The state stays in registers in the batch loop (crate::stream); inlined into the
    // bindings' FMA-enabled pipeline loop too.
    #[inline(always)]
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        self.started = true;
        if self.period == 1 {
            return value; // TA-Lib copies the input for period 1
        }
        let taken = self.window.len();
        if taken + 1 < self.period {
            self.plain_sum += value;
            self.weighted_sum += value * (taken + 1) as f64;
            self.window.push_back(value);
            return f64::NAN;
        }
        self.until_resum -= 1;
        let weighted = if self.until_resum == 0 {
            self.until_resum = Self::resum_every(self.period);
            self.resum(value)
        } else {
            self.plain_sum += value;
            self.plain_sum -= self.trailing;
            value * self.period as f64 + self.weighted_sum
        };
        self.weighted_sum = weighted - self.plain_sum;
        self.window.push_back(value);
        self.trailing = self.window.pop_front().unwrap_or(0.0);
        weighted / self.divider
    }

    /// TA-Lib re-sums the window after this many outputs.
    fn resum_every(period: usize) -> usize {
        period.saturating_mul(8)
    }

    /// The weighted sum of the window ending with `value`, summed afresh in TA-Lib's order, with
    /// the plain sum set alongside.
    fn resum(&mut self, value: f64) -> f64 {
        let (mut plain, mut weighted) = (0.0, 0.0);
        for (index, &v) in self.window.iter().chain([&value]).enumerate() {
            plain += v;
            weighted += (index + 1) as f64 * v;
        }
        self.plain_sum = plain;
        weighted
    }

    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.window.clear();
        self.plain_sum = 0.0;
        self.weighted_sum = 0.0;
        self.trailing = 0.0;
        self.until_resum = Self::resum_every(self.period);
        self.started = false;
    }
}

impl StateMachine for Wma {
    #[inline(always)] // the state stays in registers in the batch loop (crate::stream)
    fn update(&mut self, value: f64) -> f64 {
        Wma::update(self, value)
    }
}

/// Weighted moving average of `values` over `period` values: same length as the input, NaN
/// through the warm-up; TA-Lib's `WMA` under [`NanPolicy::Propagate`] (see [`Wma`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{wma, NanPolicy};
/// let out = wma(&[1.0, 2.0, 4.0, 4.0], 3, NanPolicy::Propagate).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(&out[2..], &[2.8333333333333335, 3.6666666666666665]);
/// ```
pub fn wma(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let state = Wma::new(period, nan_policy)?;
    if period == 1 {
        return run_series(state, values);
    }
    // Everything after the leading NaNs enters the sums, so the window is the input itself:
    // TA-Lib's loop reading its trailing values from `values` instead of a ring buffer, the same
    // operations in the same order as `Wma::update`, hence the same bits. The finiteness check
    // rides along in that sweep; Skip with any NaN takes the state machine instead.
    let lead = values.iter().take_while(|v| v.is_nan()).count();
    let (out, all_finite) = running_wma_after(values, lead, period, state.divider);
    if lead == 0 && all_finite {
        return Ok(out);
    }
    check_finite(values)?;
    match nan_policy {
        NanPolicy::Propagate => Ok(out),
        NanPolicy::Skip => run_series(state, values),
    }
}

/// TA-Lib's WMA loop over `values[lead..]`, NaN for the first `lead + period - 1` outputs
/// (`period` >= 2), each output written once; and whether every value from `lead` on is finite.
fn running_wma_after(values: &[f64], lead: usize, period: usize, divider: f64) -> (Vec<f64>, bool) {
    let series = &values[lead..];
    let warm = (period - 1).min(series.len());
    let mut finite = true;
    let (mut plain_sum, mut weighted_sum) = (0.0, 0.0);
    for (index, &v) in series[..warm].iter().enumerate() {
        finite &= v.is_finite();
        plain_sum += v;
        weighted_sum += v * (index + 1) as f64;
    }
    let weight = period as f64;
    let mut until_resum = Wma::resum_every(period);
    let mut trailing = 0.0;
    // series[warm + k] enters the window; series[k] leaves it at the next step.
    let out = filled(
        values.len(),
        #[inline(always)]
        |i| {
            let Some(k) = i.checked_sub(lead + warm) else {
                return f64::NAN;
            };
            let v = series[warm + k];
            finite &= v.is_finite();
            until_resum -= 1;
            let weighted = if until_resum == 0 {
                until_resum = Wma::resum_every(period);
                let (mut plain, mut weighted) = (0.0, 0.0);
                for (index, &w) in series[k..=k + warm].iter().enumerate() {
                    plain += w;
                    weighted += (index + 1) as f64 * w;
                }
                plain_sum = plain;
                weighted
            } else {
                plain_sum += v;
                plain_sum -= trailing;
                v * weight + weighted_sum
            };
            weighted_sum = weighted - plain_sum;
            trailing = series[k];
            weighted / divider
        },
    );
    (out, finite)
}

/// [`wma`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`wma`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{wma_columns, NanPolicy};
/// let out = wma_columns(&[3.0, 30.0, 6.0, 60.0], 2, 2, 2, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[5.0, 50.0]);
/// ```
pub fn wma_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Wma::new(period, nan_policy)?, values, rows, cols)
}

impl crate::Snapshot for Wma {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        out.extend([self.plain_sum, self.weighted_sum, self.trailing]);
        crate::snapshot::save_count(out, self.until_resum);
        crate::snapshot::save_window(out, self.window.iter());
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.plain_sum = saved.float()?;
        self.weighted_sum = saved.float()?;
        self.trailing = saved.float()?;
        self.until_resum = saved.count(Self::resum_every(self.period))?;
        if self.until_resum == 0 {
            return Err(IndicatorError::InvalidState {
                reason: "the re-summing countdown is 0",
            });
        }
        saved.window(&mut self.window, self.period - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;

    #[test]
    fn weights_the_latest_value_most() {
        let p = NanPolicy::Propagate;
        let out = wma(&[1.0, 2.0, 3.0, 4.0], 3, p).unwrap();
        assert!(same(&out, &[NAN, NAN, 14.0 / 6.0, 20.0 / 6.0]));
        assert!(same(
            &wma(&[1.0, NAN, 3.0], 1, p).unwrap(),
            &[1.0, NAN, 3.0]
        ));
        assert!(same(&wma(&[1.0, 2.0], usize::MAX, p).unwrap(), &[NAN, NAN]));
        assert!(wma(&[], 3, p).unwrap().is_empty());
    }

    #[test]
    fn inner_nan_follows_the_policy() {
        let values = [NAN, 1.0, 2.0, NAN, 4.0, 5.0];
        let out = wma(&values, 2, NanPolicy::Propagate).unwrap();
        assert!(same(&out, &[NAN, NAN, 5.0 / 3.0, NAN, NAN, NAN]));
        let out = wma(&values, 2, NanPolicy::Skip).unwrap();
        assert!(same(
            &out,
            &[NAN, NAN, 5.0 / 3.0, NAN, 10.0 / 3.0, 14.0 / 3.0]
        ));
    }

    #[test]
    fn resums_every_eight_periods_as_ta_lib() {
        // Period 2: the first output is at index 1, and the 16th output (index 16) is summed
        // afresh from its window, so a NaN that has left the window is forgotten.
        let mut values: Vec<f64> = (1..=40).map(f64::from).collect();
        values[3] = NAN;
        let out = wma(&values, 2, NanPolicy::Propagate).unwrap();
        assert!(out[3..16].iter().all(|v| v.is_nan()));
        assert_eq!(out[16], (values[15] + 2.0 * values[16]) / 3.0);
        assert!(out[17..].iter().all(|v| v.is_finite()));
    }

    /// The batch fast path against the streaming state machine it must equal bit for bit.
    #[test]
    fn batch_equals_the_state_machine() {
        let mut values = rustybt_bench_data::prices(1_500, 8);
        values[0] = NAN;
        values[1] = NAN;
        values[400] = NAN;
        for policy in [NanPolicy::Propagate, NanPolicy::Skip] {
            for period in [1, 2, 3, 7, 30, 397, 398, 1_497, 1_498, 1_499, 5_000] {
                for series in [&values[..], &values[2..400]] {
                    let mut state = Wma::new(period, policy).unwrap();
                    let streamed: Vec<f64> = series.iter().map(|&v| state.update(v)).collect();
                    let batch = wma(series, period, policy).unwrap();
                    assert!(same(&batch, &streamed), "period {period}, {policy:?}");
                }
            }
        }
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 5);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, v * 3.0]).collect();
        let out = wma_columns(&matrix, 300, 2, 9, NanPolicy::Propagate).unwrap();
        let first: Vec<f64> = out.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &wma(&a, 9, NanPolicy::Propagate).unwrap()));
        let mut state = Wma::new(9, NanPolicy::Propagate).unwrap();
        state.update(NAN);
        state.update(7.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&first, &streamed));
    }

    #[test]
    fn rejects_bad_input() {
        let p = NanPolicy::Skip;
        assert!(matches!(
            wma(&[1.0], 0, p),
            Err(IndicatorError::InvalidPeriod { value: 0, .. })
        ));
        assert!(matches!(
            wma(&[f64::NEG_INFINITY], 2, p),
            Err(IndicatorError::NonFinite { index: 0, .. })
        ));
        // Found by the sweep itself, after leading NaNs, a NaN inside, in the warm-up or later.
        for policy in [p, NanPolicy::Propagate] {
            for at in [2, 3, 6] {
                let mut values = [NAN, NAN, 1.0, 2.0, NAN, 3.0, 4.0, f64::INFINITY];
                values[at] = f64::NEG_INFINITY;
                assert!(matches!(
                    wma(&values, 3, policy),
                    Err(IndicatorError::NonFinite { index, .. }) if index == at
                ));
            }
        }
        assert!(matches!(
            wma_columns(&[1.0; 3], 1, 2, 1, p),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
    }
}
