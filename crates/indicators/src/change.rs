//! Change over a lag: TA-Lib's `MOM` and `ROC`, and the simple fractional change of pandas'
//! `pct_change`.

use std::collections::VecDeque;

use crate::stream::{check_finite, check_period, filled, run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// Number of leading outputs that are NaN for a series with no missing values: `period` (the
/// first change needs `period + 1` values). The same for [`mom`], [`roc`] and
/// [`rate_of_change`].
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::change_lookback(10), 10);
/// ```
pub fn change_lookback(period: usize) -> usize {
    period
}

/// How the value `period` steps back and the current one make an output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    /// `value - past` (TA-Lib's `MOM`).
    Difference,
    /// `(value / past - 1) * 100`, 0 when `past` is 0 (TA-Lib's `ROC`).
    Percent,
    /// `value / past - 1`, IEEE division (pandas' `pct_change`).
    Fraction,
}

/// The state every change indicator shares: the last `period` values taken in.
#[derive(Debug, Clone)]
struct Lag {
    period: usize,
    nan_policy: NanPolicy,
    measure: Measure,
    /// The last `period` values taken in (fewer during the warm-up), oldest first.
    window: VecDeque<f64>,
    started: bool,
}

impl Measure {
    #[inline]
    fn apply(self, value: f64, past: f64) -> f64 {
        match self {
            Measure::Difference => value - past,
            Measure::Percent if past != 0.0 => (value / past - 1.0) * 100.0,
            Measure::Percent => 0.0,
            Measure::Fraction => value / past - 1.0,
        }
    }
}

/// One series through `state`; without NaN inside under [`NanPolicy::Skip`] (the common case),
/// one pass over `values` itself instead: there is no running state, so `values[i]` against
/// `values[i - period]` is the state machine's arithmetic on the same operands. Leading NaNs and
/// (under `Propagate`) NaNs inside give NaN where the state machine does, since any output
/// reaching back to a NaN is NaN.
fn run_lagged(state: Lag, values: &[f64]) -> Result<Vec<f64>, IndicatorError> {
    // The finiteness check rides along in the sweep (see `crate::stream::run_series`); each
    // output is written once.
    let mut all_finite = true;
    let out = filled(
        values.len(),
        #[inline(always)]
        |i| {
            let value = values[i];
            all_finite &= value.is_finite();
            match i.checked_sub(state.period) {
                Some(past) => state.measure.apply(value, values[past]),
                None => f64::NAN,
            }
        },
    );
    if all_finite {
        return Ok(out);
    }
    check_finite(values)?;
    if state.nan_policy == NanPolicy::Skip {
        return run_series(state, values);
    }
    Ok(out)
}

impl StateMachine for Lag {
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        Lag::update(self, value)
    }
}

impl Lag {
    fn new(period: usize, nan_policy: NanPolicy, measure: Measure) -> Result<Self, IndicatorError> {
        check_period(period)?;
        // The window grows with the data, so a huge period costs no memory up front.
        Ok(Self {
            period,
            nan_policy,
            measure,
            window: VecDeque::new(),
            started: false,
        })
    }

    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        self.started = true;
        // Under Propagate a NaN enters the window: the outputs at its position and `period`
        // steps later are NaN, as in TA-Lib (there is no running sum to poison).
        self.window.push_back(value);
        if self.window.len() <= self.period {
            return f64::NAN;
        }
        let past = self.window.pop_front().unwrap_or(f64::NAN);
        self.measure.apply(value, past)
    }

    fn reset(&mut self) {
        self.window.clear();
        self.started = false;
    }
}

macro_rules! change_indicator {
    ($(#[$doc:meta])* $name:ident, $measure:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(Lag);

        impl $name {
            /// The change over `period` steps.
            ///
            /// # Errors
            /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
            pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
                Lag::new(period, nan_policy, $measure).map(Self)
            }

            /// Feeds the next value and returns the change from `period` values back, or NaN
            /// during the warm-up (and as the [`NanPolicy`] says for NaN inputs).
            #[inline]
            pub fn update(&mut self, value: f64) -> f64 {
                self.0.update(value)
            }

            /// Forgets all values seen, keeping the period and policy.
            pub fn reset(&mut self) {
                self.0.reset();
            }
        }

        impl StateMachine for $name {
            #[inline]
            fn update(&mut self, value: f64) -> f64 {
                self.0.update(value)
            }
        }
    };
}

change_indicator!(
    /// Streaming momentum, TA-Lib's `MOM`: `value[i] - value[i - period]`.
    ///
    /// NaNs before the first number are skipped. Under [`NanPolicy::Propagate`] a NaN inside
    /// the series gives NaN at its position and `period` steps later only, exactly as TA-Lib
    /// (no running state carries it further); under [`NanPolicy::Skip`] the lag counts valid
    /// values.
    ///
    /// # Examples
    /// ```
    /// use rustybt_indicators::{Mom, NanPolicy};
    /// let mut mom = Mom::new(1, NanPolicy::Propagate).unwrap();
    /// assert!(mom.update(10.0).is_nan());
    /// assert_eq!(mom.update(12.5), 2.5);
    /// ```
    Mom,
    Measure::Difference
);

change_indicator!(
    /// Streaming rate of change in percent, TA-Lib's `ROC`:
    /// `(value[i] / value[i - period] - 1) * 100`, and 0 where `value[i - period]` is 0 (TA-Lib's
    /// guard against dividing by zero), in TA-Lib's order of operations.
    ///
    /// NaN handling as [`Mom`].
    ///
    /// # Examples
    /// ```
    /// use rustybt_indicators::{NanPolicy, Roc};
    /// let mut roc = Roc::new(1, NanPolicy::Propagate).unwrap();
    /// assert!(roc.update(0.0).is_nan());
    /// assert_eq!(roc.update(5.0), 0.0); // from 0: TA-Lib gives 0
    /// assert_eq!(roc.update(6.0), 19.999999999999996); // (6 / 5 - 1) * 100
    /// ```
    Roc,
    Measure::Percent
);

change_indicator!(
    /// Streaming simple fractional change: `value[i] / value[i - period] - 1`, as pandas'
    /// `Series.pct_change(periods=period, fill_method=None)`, bit for bit; a change from 0 is
    /// ±inf (or NaN for 0 to 0), IEEE division as in pandas.
    ///
    /// NaN handling as [`Mom`].
    ///
    /// # Examples
    /// ```
    /// use rustybt_indicators::{NanPolicy, RateOfChange};
    /// let mut change = RateOfChange::new(1, NanPolicy::Propagate).unwrap();
    /// assert!(change.update(4.0).is_nan());
    /// assert_eq!(change.update(5.0), 0.25);
    /// ```
    RateOfChange,
    Measure::Fraction
);

/// Momentum of `values` over `period` steps, TA-Lib's `MOM` (see [`Mom`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{mom, NanPolicy};
/// let out = mom(&[1.0, 2.0, 4.0, 8.0], 2, NanPolicy::Propagate).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(&out[2..], &[3.0, 6.0]);
/// ```
pub fn mom(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_lagged(Mom::new(period, nan_policy)?.0, values)
}

/// [`mom`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`mom`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{mom_columns, NanPolicy};
/// let out = mom_columns(&[1.0, 10.0, 3.0, 40.0], 2, 2, 1, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[2.0, 30.0]);
/// ```
pub fn mom_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Mom::new(period, nan_policy)?, values, rows, cols)
}

/// Rate of change in percent of `values` over `period` steps, TA-Lib's `ROC` (see [`Roc`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{roc, NanPolicy};
/// let out = roc(&[2.0, 4.0, 1.0], 1, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[1..], &[100.0, -75.0]);
/// ```
pub fn roc(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_lagged(Roc::new(period, nan_policy)?.0, values)
}

/// [`roc`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`roc`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{roc_columns, NanPolicy};
/// let out = roc_columns(&[2.0, 10.0, 3.0, 5.0], 2, 2, 1, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[50.0, -50.0]);
/// ```
pub fn roc_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Roc::new(period, nan_policy)?, values, rows, cols)
}

/// Simple fractional change of `values` over `period` steps, as pandas' `pct_change` (see
/// [`RateOfChange`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{rate_of_change, NanPolicy};
/// let out = rate_of_change(&[2.0, 4.0, 1.0], 1, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[1..], &[1.0, -0.75]);
/// ```
pub fn rate_of_change(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_lagged(RateOfChange::new(period, nan_policy)?.0, values)
}

/// [`rate_of_change`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`rate_of_change`] otherwise; the index of a non-finite value is its flat position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{rate_of_change_columns, NanPolicy};
/// let out = rate_of_change_columns(&[2.0, 10.0, 3.0, 5.0], 2, 2, 1, NanPolicy::Skip).unwrap();
/// assert_eq!(&out[2..], &[0.5, -0.5]);
/// ```
pub fn rate_of_change_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&RateOfChange::new(period, nan_policy)?, values, rows, cols)
}

impl crate::Snapshot for Lag {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        crate::snapshot::save_window(out, self.window.iter());
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        saved.window(&mut self.window, self.period)
    }
}

macro_rules! change_snapshot {
    ($($name:ident),*) => {$(
        impl crate::Snapshot for $name {
            fn save(&self, out: &mut Vec<f64>) {
                self.0.save(out);
            }

            fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
                self.0.load(saved)
            }
        }
    )*};
}

change_snapshot!(Mom, Roc, RateOfChange);

#[allow(unused_imports)]
use crate::Snapshot as _;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;

    #[test]
    fn the_three_measures() {
        let values = [4.0, 0.0, 5.0, 10.0, 0.0];
        assert!(same(
            &mom(&values, 1, P).unwrap(),
            &[NAN, -4.0, 5.0, 5.0, -10.0]
        ));
        assert!(same(
            &roc(&values, 1, P).unwrap(),
            &[NAN, -100.0, 0.0, 100.0, -100.0]
        ));
        let fraction = rate_of_change(&values, 1, P).unwrap();
        assert!(same(&fraction, &[NAN, -1.0, f64::INFINITY, 1.0, -1.0]));
        assert!(same(
            &mom(&values, 2, P).unwrap(),
            &[NAN, NAN, 1.0, 10.0, -5.0]
        ));
        assert!(same(&mom(&values, usize::MAX, P).unwrap(), &[NAN; 5]));
        assert!(mom(&[], 3, P).unwrap().is_empty());
    }

    /// The one-pass batch path against the streaming state machine, bit for bit.
    #[test]
    fn batch_equals_the_state_machine() {
        let mut values = rustybt_bench_data::prices(400, 5);
        values[0] = NAN;
        values[1] = NAN;
        values[100] = NAN;
        values[200] = 0.0;
        for policy in [P, NanPolicy::Skip] {
            for period in [1, 2, 3, 10, 397, 398, 399, 1_000] {
                for series in [&values[..], &values[2..100]] {
                    let mut states = (
                        Mom::new(period, policy).unwrap(),
                        Roc::new(period, policy).unwrap(),
                        RateOfChange::new(period, policy).unwrap(),
                    );
                    let m: Vec<f64> = series.iter().map(|&v| states.0.update(v)).collect();
                    let r: Vec<f64> = series.iter().map(|&v| states.1.update(v)).collect();
                    let f: Vec<f64> = series.iter().map(|&v| states.2.update(v)).collect();
                    assert!(same(&mom(series, period, policy).unwrap(), &m), "{period}");
                    assert!(same(&roc(series, period, policy).unwrap(), &r), "{period}");
                    assert!(same(&rate_of_change(series, period, policy).unwrap(), &f));
                }
            }
        }
    }

    #[test]
    fn nan_follows_the_policy() {
        let values = [NAN, 1.0, 2.0, NAN, 4.0, 5.0, 6.0];
        let out = mom(&values, 1, P).unwrap();
        assert!(same(&out, &[NAN, NAN, 1.0, NAN, NAN, 1.0, 1.0]));
        let out = mom(&values, 1, NanPolicy::Skip).unwrap();
        assert!(same(&out, &[NAN, NAN, 1.0, NAN, 2.0, 1.0, 1.0]));
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(200, 4);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, v * 2.0]).collect();
        let out = roc_columns(&matrix, 200, 2, 3, P).unwrap();
        let first: Vec<f64> = out.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &roc(&a, 3, P).unwrap()));
        let mut state = RateOfChange::new(3, P).unwrap();
        state.update(1.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&streamed, &rate_of_change(&a, 3, P).unwrap()));
        let out = mom_columns(&matrix, 200, 2, 3, P).unwrap();
        let second: Vec<f64> = out.chunks(2).map(|r| r[1]).collect();
        let doubled: Vec<f64> = a.iter().map(|v| v * 2.0).collect();
        assert!(same(&second, &mom(&doubled, 3, P).unwrap()));
        let out = rate_of_change_columns(&matrix, 200, 2, 3, P).unwrap();
        assert!(out[6].is_finite());
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            mom(&[1.0], 0, P),
            Err(IndicatorError::InvalidPeriod { value: 0, .. })
        ));
        assert!(matches!(
            roc(&[1.0, f64::INFINITY], 1, P),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        // Found by the sweep itself, in the warm-up or later, after NaNs, under both policies.
        for policy in [P, NanPolicy::Skip] {
            for at in [1, 2, 4] {
                let mut values = [NAN, 1.0, 2.0, NAN, 3.0, f64::INFINITY];
                values[at] = f64::NEG_INFINITY;
                assert!(matches!(
                    mom(&values, 2, policy),
                    Err(IndicatorError::NonFinite { index, .. }) if index == at
                ));
            }
        }
        assert!(matches!(
            rate_of_change_columns(&[1.0; 3], 2, 2, 1, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
    }
}
