//! Relative strength index (Wilder), as TA-Lib computes it.

use crate::stream::{run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// The smallest period TA-Lib's `RSI` accepts (a 1-period RSI is only ever 0 or 100).
const MIN_PERIOD: usize = 2;

/// Number of leading outputs that are NaN for a series with no missing values: `period` (the
/// first output needs `period` changes, hence `period + 1` values).
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::rsi_lookback(14), 14);
/// ```
pub fn rsi_lookback(period: usize) -> usize {
    period
}

/// Streaming relative strength index: `100 * gain / (gain + loss)` of Wilder-smoothed average
/// gains and losses.
///
/// TA-Lib's `RSI` (`ta_RSI.c` as built in TA-Lib 0.8, default unstable period 0) step for step, so
/// results equal TA-Lib's to the last bit. Each change splits into a gain (the change if it is
/// above 0, else 0) and a loss (`gain - change`). The first `period` of each are summed and
/// multiplied by `1 / period`; after that each average is multiplied by `period - 1`, the new gain
/// or loss added, and the sum multiplied by `1 / period`. The output is `gain / (gain + loss) *
/// 100` when `gain + loss > 0`, and 0 otherwise: a flat stretch gives 0, and so does a NaN total,
/// which is how TA-Lib 0.8 treats a NaN inside the series (its loss turns NaN for good, its output
/// 0 from there on); [`NanPolicy::Propagate`] follows it. NaNs before the first number are
/// skipped; under [`NanPolicy::Skip`] a change is measured from the last valid value.
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Rsi};
/// let mut rsi = Rsi::new(2, NanPolicy::Propagate).unwrap();
/// assert!(rsi.update(10.0).is_nan());
/// assert!(rsi.update(11.0).is_nan());
/// assert_eq!(rsi.update(10.0), 50.0); // average gain 0.5, average loss 0.5
/// ```
#[derive(Debug, Clone)]
pub struct Rsi {
    period: usize,
    nan_policy: NanPolicy,
    /// The last value taken in (TA-Lib's `prevValue`).
    previous: f64,
    /// `1 / period`: TA-Lib multiplies by it rather than divide.
    reciprocal: f64,
    /// Changes taken in so far, up to `period` (the warm-up).
    changes: usize,
    /// TA-Lib's `prevGain` and `prevLoss`: sums during the warm-up, averages after.
    gain: f64,
    loss: f64,
    started: bool,
}

impl Rsi {
    /// A relative strength index over `period` changes.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is below 2, as in TA-Lib.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        if period < MIN_PERIOD {
            return Err(IndicatorError::InvalidPeriod {
                name: "period",
                min: MIN_PERIOD,
                value: period,
            });
        }
        Ok(Self {
            period,
            nan_policy,
            previous: f64::NAN,
            reciprocal: 1.0 / period as f64,
            changes: 0,
            gain: 0.0,
            loss: 0.0,
            started: false,
        })
    }

    /// Feeds the next value and returns the index, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline]
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        if !self.started {
            self.started = true;
            self.previous = value;
            return f64::NAN;
        }
        let change = value - self.previous;
        self.previous = value;
        // TA-Lib's branch-free split; a NaN change is no gain and a NaN loss.
        let gain = if change > 0.0 { change } else { 0.0 };
        let loss = gain - change;
        if self.changes < self.period {
            self.gain += gain;
            self.loss += loss;
            self.changes += 1;
            if self.changes < self.period {
                return f64::NAN;
            }
        } else {
            let older = (self.period - 1) as f64;
            self.gain = self.gain * older + gain;
            self.loss = self.loss * older + loss;
        }
        self.gain *= self.reciprocal;
        self.loss *= self.reciprocal;
        let total = self.gain + self.loss;
        if total > 0.0 {
            self.gain / total * 100.0
        } else {
            0.0
        }
    }

    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.previous = f64::NAN;
        self.changes = 0;
        self.gain = 0.0;
        self.loss = 0.0;
        self.started = false;
    }
}

impl StateMachine for Rsi {
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        Rsi::update(self, value)
    }
}

/// Relative strength index of `values` over `period` changes: same length as the input, NaN
/// for the first `period` values; TA-Lib's `RSI` under [`NanPolicy::Propagate`] (see [`Rsi`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is below 2.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{rsi, NanPolicy};
/// let out = rsi(&[10.0, 11.0, 10.0, 13.0], 2, NanPolicy::Propagate).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(&out[2..], &[50.0, 87.5]);
/// ```
pub fn rsi(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_series(Rsi::new(period, nan_policy)?, values)
}

/// [`rsi`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`rsi`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{rsi_columns, NanPolicy};
/// let out = rsi_columns(&[1.0, 5.0, 2.0, 4.0, 3.0, 3.0], 3, 2, 2, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[4..], &[100.0, 0.0]);
/// ```
pub fn rsi_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Rsi::new(period, nan_policy)?, values, rows, cols)
}

impl crate::Snapshot for Rsi {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        crate::snapshot::save_count(out, self.changes);
        out.extend([self.previous, self.gain, self.loss]);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.changes = saved.count(self.period)?;
        self.previous = saved.float()?;
        self.gain = saved.float()?;
        self.loss = saved.float()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;

    #[test]
    fn wilder_smoothing_in_ta_lib_order() {
        let p = NanPolicy::Propagate;
        let values = [44.0, 44.5, 43.5, 44.25, 45.0, 44.0];
        let out = rsi(&values, 3, p).unwrap();
        let third = 1.0 / 3.0;
        let (mut gain, mut loss) = ((0.5 + 0.75) * third, 1.0 * third);
        let mut expected = vec![NAN, NAN, NAN, gain / (gain + loss) * 100.0];
        for change in [0.75, -1.0] {
            let up = if change > 0.0 { change } else { 0.0 };
            gain = (gain * 2.0 + up) * third;
            loss = (loss * 2.0 + (up - change)) * third;
            expected.push(gain / (gain + loss) * 100.0);
        }
        assert!(same(&out, &expected));
        // A flat series has gain + loss = 0: TA-Lib outputs 0.
        assert!(same(&rsi(&[5.0; 4], 2, p).unwrap(), &[NAN, NAN, 0.0, 0.0]));
        assert!(same(&rsi(&[1.0, 2.0], 2, p).unwrap(), &[NAN, NAN]));
        assert!(same(&rsi(&[1.0, 2.0], usize::MAX, p).unwrap(), &[NAN, NAN]));
    }

    #[test]
    fn inner_nan_follows_the_policy() {
        let values = [NAN, 1.0, 2.0, 1.0, NAN, 3.0, 2.0];
        // TA-Lib 0.8: the loss turns NaN for good, and a NaN total gives 0.
        let out = rsi(&values, 2, NanPolicy::Propagate).unwrap();
        assert!(same(&out, &[NAN, NAN, NAN, 50.0, 0.0, 0.0, 0.0]));
        let skipped = rsi(&values, 2, NanPolicy::Skip).unwrap();
        let compressed = rsi(&[1.0, 2.0, 1.0, 3.0, 2.0], 2, NanPolicy::Skip).unwrap();
        assert!(same(
            &skipped,
            &[
                NAN,
                NAN,
                NAN,
                compressed[2],
                NAN,
                compressed[3],
                compressed[4]
            ]
        ));
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 6);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, 1.0 / v]).collect();
        let out = rsi_columns(&matrix, 300, 2, 14, NanPolicy::Skip).unwrap();
        let second: Vec<f64> = out.chunks(2).map(|r| r[1]).collect();
        let inverse: Vec<f64> = a.iter().map(|v| 1.0 / v).collect();
        assert!(same(&second, &rsi(&inverse, 14, NanPolicy::Skip).unwrap()));
        let mut state = Rsi::new(14, NanPolicy::Skip).unwrap();
        state.update(3.0);
        state.reset();
        let streamed: Vec<f64> = inverse.iter().map(|&v| state.update(v)).collect();
        assert!(same(&second, &streamed));
    }

    #[test]
    fn rejects_bad_input() {
        let p = NanPolicy::Propagate;
        assert!(matches!(
            rsi(&[1.0], 1, p),
            Err(IndicatorError::InvalidPeriod {
                min: 2,
                value: 1,
                ..
            })
        ));
        assert!(matches!(
            rsi(&[1.0, f64::INFINITY], 2, p),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            rsi_columns(&[1.0; 3], 2, 2, 2, p),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
    }
}
