//! Triangular moving average, as TA-Lib's `TRIMA` computes it.

use std::collections::VecDeque;

use crate::stream::{check_finite, check_period, filled, run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// Number of leading outputs that are NaN for a series with no missing values: `period - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::trima_lookback(10), 9);
/// ```
pub fn trima_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Streaming triangular moving average: weights rising 1, 2, ... to the middle of the window and
/// falling back to 1, divided by their sum; the same as an SMA of an SMA over
/// `(period + 1) / 2` values (odd periods) or over `period / 2` and `period / 2 + 1` (even).
///
/// TA-Lib's `TRIMA` (`ta_TRIMA.c`) step for step, so results equal TA-Lib's to the last bit: a
/// running numerator with two running half sums (the older half and the newer half of the
/// window), updated in TA-Lib's order, which differs between odd and even periods, and multiplied
/// by `1 / ((h + 1)^2)` (odd) or `1 / (h * (h + 1))` (even), `h = period / 2`. An SMA of an SMA
/// differs from it in the last bits. Period 1 returns the input through a one-value running sum,
/// as TA-Lib does (so under `Propagate` a NaN inside makes every later output NaN). NaNs before the
/// first number are skipped; later ones follow the [`NanPolicy`] (under `Propagate` the running
/// sums keep the NaN, so every later output is NaN, as in TA-Lib).
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Trima};
/// let mut trima = Trima::new(3, NanPolicy::Propagate).unwrap();
/// assert!(trima.update(4.0).is_nan());
/// assert!(trima.update(8.0).is_nan());
/// assert_eq!(trima.update(0.0), 5.0); // (1 * 4 + 2 * 8 + 1 * 0) / 4
/// ```
#[derive(Debug, Clone)]
pub struct Trima {
    period: usize,
    nan_policy: NanPolicy,
    /// Position in the window of the first value of the newer half.
    middle: usize,
    factor: f64,
    odd: bool,
    /// The last `period` values taken in (fewer during the warm-up), oldest first.
    window: VecDeque<f64>,
    /// TA-Lib's `numerator`, `numeratorSub` (older half) and `numeratorAdd` (newer half).
    numerator: f64,
    older: f64,
    newer: f64,
    started: bool,
}

impl Trima {
    /// A triangular moving average over `period` values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_period(period)?;
        let half = period / 2;
        let odd = period % 2 == 1;
        let (middle, factor) = if odd {
            let h = half as f64 + 1.0;
            (half + 1, 1.0 / (h * h))
        } else {
            (half, 1.0 / (half as f64 * (half as f64 + 1.0)))
        };
        Ok(Self {
            period,
            nan_policy,
            middle,
            factor,
            odd,
            window: VecDeque::new(),
            numerator: 0.0,
            older: 0.0,
            newer: 0.0,
            started: false,
        })
    }

    /// Feeds the next value and returns the average, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline]
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        self.started = true;
        if self.period == 1 {
            // TA-Lib runs period 1 as a one-value running sum: the input back, but a NaN inside
            // stays in the sum for good (under Propagate).
            self.numerator += value;
            let out = self.numerator;
            self.numerator -= value;
            return out;
        }
        self.window.push_back(value);
        let len = self.window.len();
        if len < self.period {
            return f64::NAN;
        }
        if len == self.period {
            let window = &self.window;
            [self.numerator, self.older, self.newer] = seed(|j| window[j], len, self.middle);
            return self.numerator * self.factor;
        }
        // The window holds `period + 1` values: the oldest leaves, the one at `middle` crosses
        // from the newer half to the older one, and `value` enters.
        let leaving = self.window.pop_front().unwrap_or(f64::NAN);
        let crossing = self.window[self.middle - 1];
        let mut sums = [self.numerator, self.older, self.newer];
        step(&mut sums, self.odd, leaving, crossing, value);
        [self.numerator, self.older, self.newer] = sums;
        self.numerator * self.factor
    }

    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.window.clear();
        self.numerator = 0.0;
        self.older = 0.0;
        self.newer = 0.0;
        self.started = false;
    }
}

impl StateMachine for Trima {
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        Trima::update(self, value)
    }
}

/// Triangular moving average of `values` over `period` values: same length as the input, NaN
/// through the warm-up; TA-Lib's `TRIMA` under [`NanPolicy::Propagate`] (see [`Trima`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{trima, NanPolicy};
/// let out = trima(&[1.0, 5.0, 2.0, 8.0, 3.0], 2, NanPolicy::Propagate).unwrap();
/// assert!(out[0].is_nan());
/// assert_eq!(&out[1..], &[3.0, 3.5, 5.0, 5.5]);
/// ```
pub fn trima(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let state = Trima::new(period, nan_policy)?;
    if period == 1 {
        return run_series(state, values);
    }
    // One pass for the common case: TA-Lib's loop reading the window's ends from the series
    // itself (no ring buffer), each output written once, the finiteness check riding along.
    // Under Propagate a NaN after the leading ones enters the same operations in the same
    // order as in `Trima::update`, hence the same bits; Skip with a NaN takes the state machine.
    let lead = values.iter().take_while(|v| v.is_nan()).count();
    let (out, all_finite) = running_trima(values, lead, &state);
    if all_finite {
        return Ok(out);
    }
    check_finite(values)?;
    match nan_policy {
        NanPolicy::Propagate => Ok(out),
        NanPolicy::Skip => run_series(state, values),
    }
}

/// TA-Lib's seed of the sums `[numerator, older, newer]` from the first window: the older half
/// (the first `middle` values) summed from its newest value back, then the newer half forwards,
/// each partial sum added to the numerator.
#[inline]
fn seed(at: impl Fn(usize) -> f64, period: usize, middle: usize) -> [f64; 3] {
    let (mut numerator, mut older, mut newer) = (0.0, 0.0, 0.0);
    for j in (0..middle).rev() {
        older += at(j);
        numerator += older;
    }
    for j in middle..period {
        newer += at(j);
        numerator += newer;
    }
    [numerator, older, newer]
}

/// One TA-Lib step of the sums `[numerator, older, newer]`: `leaving` leaves the window,
/// `crossing` moves from the newer half to the older one, `value` enters.
#[inline(always)]
fn step(sums: &mut [f64; 3], odd: bool, leaving: f64, crossing: f64, value: f64) {
    let [numerator, older, newer] = sums;
    *numerator -= *older;
    *older -= leaving;
    *older += crossing;
    if odd {
        *numerator += *newer;
        *newer -= crossing;
    } else {
        *newer -= crossing;
        *numerator += *newer;
    }
    *newer += value;
    *numerator += value;
}

/// [`Trima`]'s batch loop (period 2 or more) over `values` from its first number (at `lead`),
/// indexing the series; and whether every value from `lead` on is finite.
fn running_trima(values: &[f64], lead: usize, state: &Trima) -> (Vec<f64>, bool) {
    let series = &values[lead..];
    let (period, middle, odd, factor) = (state.period, state.middle, state.odd, state.factor);
    let mut finite = series
        .iter()
        .take(period)
        .fold(true, |acc, v| acc & v.is_finite());
    let mut sums = [0.0; 3];
    if series.len() >= period {
        sums = seed(|j| series[j], period, middle);
    }
    let out = filled(
        values.len(),
        #[inline(always)]
        |i| {
            let k = match i.checked_sub(lead) {
                Some(k) if k + 1 >= period => k,
                _ => return f64::NAN,
            };
            if k + 1 == period {
                return sums[0] * factor;
            }
            // After the oldest value leaves, the window is series[k - period + 1..=k].
            let value = series[k];
            finite &= value.is_finite();
            let crossing = series[k - period + middle];
            step(&mut sums, odd, series[k - period], crossing, value);
            sums[0] * factor
        },
    );
    (out, finite)
}

/// [`trima`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`trima`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{trima_columns, NanPolicy};
/// let out = trima_columns(&[4.0, 1.0, 8.0, 1.0, 0.0, 1.0], 3, 2, 3, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[4..], &[5.0, 1.0]);
/// ```
pub fn trima_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Trima::new(period, nan_policy)?, values, rows, cols)
}

// --- issue 8: streaming (snapshot) ---------------------------------------------------------------

impl crate::Snapshot for Trima {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        crate::snapshot::save_window(out, self.window.iter());
        out.extend([self.numerator, self.older, self.newer]);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        // Period 1 keeps no window (its one-value running sum is the numerator).
        let max = if self.period == 1 { 0 } else { self.period };
        saved.window(&mut self.window, max)?;
        self.numerator = saved.float()?;
        self.older = saved.float()?;
        self.newer = saved.float()?;
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

    /// TA-Lib's loop over a whole series (`ta_TRIMA.c`, indices as there).
    fn reference(x: &[f64], n: usize) -> Vec<f64> {
        let mut out = vec![NAN; x.len()];
        if x.len() < n {
            return out;
        }
        let h = n / 2;
        let odd = n % 2 == 1;
        let (mut middle, factor) = if odd {
            (h, 1.0 / (((h + 1) * (h + 1)) as f64))
        } else {
            (h - 1, 1.0 / ((h * (h + 1)) as f64))
        };
        let mut today = middle + h;
        let (mut num, mut sub, mut add) = (0.0, 0.0, 0.0);
        for i in (0..=middle).rev() {
            sub += x[i];
            num += sub;
        }
        middle += 1;
        for &v in &x[middle..=today] {
            add += v;
            num += add;
        }
        let mut trailing = 0;
        let mut t = x[trailing];
        trailing += 1;
        out[n - 1] = num * factor;
        today += 1;
        while today < x.len() {
            num -= sub;
            sub -= t;
            t = x[middle];
            middle += 1;
            sub += t;
            if odd {
                num += add;
                add -= t;
            } else {
                add -= t;
                num += add;
            }
            t = x[today];
            add += t;
            num += t;
            out[today] = num * factor;
            today += 1;
            t = x[trailing];
            trailing += 1;
        }
        out
    }

    #[test]
    fn equals_ta_lib_loop() {
        let values = rustybt_bench_data::prices(700, 8);
        for period in [2, 3, 4, 5, 10, 11, 30, 31, 699, 700] {
            let out = trima(&values, period, P).unwrap();
            assert!(same(&out, &reference(&values, period)), "period {period}");
        }
        assert!(same(&trima(&values, 1, P).unwrap(), &values));
        assert!(same(
            &trima(&[0.0, NAN, 2.0], 1, P).unwrap(),
            &[0.0, NAN, NAN]
        ));
        assert!(same(
            &trima(&[0.0, NAN, 2.0], 1, NanPolicy::Skip).unwrap(),
            &[0.0, NAN, 2.0]
        ));
    }

    /// The batch loop (series indexed directly) against the state machine, on its boundaries:
    /// lengths around the period, odd and even periods, leading NaNs, a NaN inside, inf
    /// anywhere, and Skip with a NaN (the state machine's path).
    #[test]
    fn batch_loop_equals_the_state_machine() {
        let streamed = |values: &[f64], period: usize, policy: NanPolicy| -> Vec<f64> {
            let mut state = Trima::new(period, policy).unwrap();
            values.iter().map(|&v| state.update(v)).collect()
        };
        let base = rustybt_bench_data::prices(90, 7);
        for period in [2, 3, 4, 7, 10] {
            for len in [0, 1, period - 1, period, period + 1, period + 2, 90] {
                let values = &base[..len];
                assert!(same(
                    &trima(values, period, P).unwrap(),
                    &streamed(values, period, P)
                ));
            }
            let mut gappy = base.clone();
            gappy[..3].fill(NAN);
            gappy[40] = NAN;
            for policy in [P, NanPolicy::Skip] {
                let out = trima(&gappy, period, policy).unwrap();
                assert!(
                    same(&out, &streamed(&gappy, period, policy)),
                    "{period} {policy:?}"
                );
            }
            for at in [0, 1, period - 1, period, 89] {
                let mut bad = base.clone();
                bad[at / 2] = NAN;
                bad[at] = f64::INFINITY;
                assert!(matches!(
                    trima(&bad, period, P),
                    Err(IndicatorError::NonFinite { index, .. }) if index == at
                ));
            }
        }
    }

    #[test]
    fn nan_and_columns_and_streaming() {
        let mut a = rustybt_bench_data::prices(200, 4);
        a[60] = NAN;
        let out = trima(&a, 5, P).unwrap();
        assert!(out[59].is_finite() && out[60..].iter().all(|v| v.is_nan()));
        let skipped = trima(&a, 5, NanPolicy::Skip).unwrap();
        let clean: Vec<f64> = a.iter().copied().filter(|v| !v.is_nan()).collect();
        assert!(same(&skipped[61..], &trima(&clean, 5, P).unwrap()[60..]));
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let cols = trima_columns(&matrix, 200, 2, 6, P).unwrap();
        let first: Vec<f64> = cols.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &trima(&a, 6, P).unwrap()));
        let mut state = Trima::new(6, P).unwrap();
        state.update(1.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&first, &streamed));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            trima(&[1.0], 0, P),
            Err(IndicatorError::InvalidPeriod { value: 0, .. })
        ));
        assert!(matches!(
            trima(&[1.0, f64::INFINITY], 2, P),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            trima_columns(&[1.0; 3], 2, 2, 1, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(same(
            &trima(&[1.0, 2.0], usize::MAX, P).unwrap(),
            &[NAN, NAN]
        ));
        assert!(trima(&[], 3, P).unwrap().is_empty());
    }
}
