//! Kaufman adaptive moving average, as TA-Lib's `KAMA` computes it.

use std::collections::VecDeque;

use crate::fma::with_fma;
use crate::stream::{check_finite, check_period, filled, run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// TA-Lib's fastest and slowest smoothing constants: `2 / (2 + 1)` and `2 / (30 + 1)`.
const FASTEST: f64 = 2.0 / (2.0 + 1.0);
const SLOWEST: f64 = 2.0 / (30.0 + 1.0);

/// Number of leading outputs that are NaN for a series with no missing values: `period` (0 for
/// period 1, which TA-Lib answers with the input itself).
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::kama_lookback(30), 30);
/// ```
pub fn kama_lookback(period: usize) -> usize {
    if period == 1 {
        0
    } else {
        period
    }
}

/// Streaming Kaufman adaptive moving average: one value in, one value out.
///
/// TA-Lib's `KAMA` (`ta_KAMA.c`) step for step, so results equal TA-Lib 0.8's to the last bit:
/// the efficiency ratio is `|x[i] - x[i - period]| / noise`, with `noise` the running sum of
/// `|x[j] - x[j - 1]|` over the last `period` changes (the oldest change subtracted, then the
/// newest added, and purged to exactly 0 after `period` unchanged values in a row, TA-Lib 0.8's
/// flat-run rule); the ratio is 1 when `noise <= x[i] - x[i - period]` (signed, as in TA-Lib)
/// and is capped at 1 otherwise (TA-Lib 0.4's `|noise| < 1e-8` test is gone). The smoothing
/// constant is
/// `(ratio * (2/3 - 2/31) + 2/31)^2`, and `kama += (x[i] - kama) * sc`, both multiply-adds fused
/// into one rounding as TA-Lib 0.8's FMA build does. The average starts from `x[period - 1]`,
/// so the first output is at index `period`. Period 1 returns the input, as TA-Lib does. NaNs
/// before the first number are skipped; later ones follow the [`NanPolicy`] (under `Propagate`
/// the noise sum keeps the NaN, so every later output is NaN, as in TA-Lib).
///
/// # Examples
/// ```
/// use rustybt_indicators::{Kama, NanPolicy};
/// let mut kama = Kama::new(2, NanPolicy::Propagate).unwrap();
/// assert!(kama.update(1.0).is_nan());
/// assert!(kama.update(2.0).is_nan());
/// // a straight move: ratio 1, sc = (2/3)^2, kama = 2 + (3 - 2) * 4/9
/// assert!((kama.update(3.0) - 22.0 / 9.0).abs() < 1e-15);
/// ```
#[derive(Debug, Clone)]
pub struct Kama {
    period: usize,
    nan_policy: NanPolicy,
    /// The last `period + 1` values taken in (fewer during the warm-up), oldest first; one more
    /// just before the oldest change leaves the noise sum.
    window: VecDeque<f64>,
    noise: f64,
    /// Unchanged values in a row (TA-Lib 0.8's flat-run count).
    flat_run: usize,
    kama: f64,
    started: bool,
}

impl Kama {
    /// An adaptive moving average whose efficiency ratio looks back `period` values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_period(period)?;
        Ok(Self {
            period,
            nan_policy,
            window: VecDeque::new(),
            noise: 0.0,
            flat_run: 0,
            kama: 0.0,
            started: false,
        })
    }

    /// Feeds the next value and returns the average, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        self.started = true;
        if self.period == 1 {
            return value; // TA-Lib copies the input for period 1
        }
        let change = self.window.back().map(|&last| (last - value).abs());
        self.window.push_back(value);
        let len = self.window.len();
        if len > self.period.saturating_add(1) {
            // The change between the two oldest values leaves the window.
            let leaving = self.window.pop_front().unwrap_or(f64::NAN);
            self.noise -= (leaving - self.window[0]).abs();
        }
        if let Some(change) = change {
            add_change(&mut self.noise, &mut self.flat_run, self.period, change);
        }
        if len <= self.period {
            return f64::NAN;
        }
        if len == self.period.saturating_add(1) {
            self.kama = self.window[len - 2];
        }
        self.kama = kama_step(self.noise, self.kama, value, self.window[0]);
        self.kama
    }

    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.window.clear();
        self.noise = 0.0;
        self.flat_run = 0;
        self.kama = 0.0;
        self.started = false;
    }
}

impl StateMachine for Kama {
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    fn update(&mut self, value: f64) -> f64 {
        Kama::update(self, value)
    }
}

/// Kaufman adaptive moving average of `values`: same length as the input, NaN through the
/// warm-up; TA-Lib's `KAMA` under [`NanPolicy::Propagate`] (see [`Kama`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{kama, NanPolicy};
/// let out = kama(&[5.0; 4], 2, NanPolicy::Propagate).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(&out[2..], &[5.0, 5.0]);
/// ```
pub fn kama(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let state = Kama::new(period, nan_policy)?;
    if period == 1 {
        return run_series(state, values);
    }
    // One pass for the common case: TA-Lib's loop indexing the series itself (no ring buffer),
    // each output written once, with the finiteness check riding along. Under Propagate a NaN
    // after the leading ones needs nothing more: it enters the same operations in the same
    // order as in `Kama::update`, hence the same bits.
    let lead = values.iter().take_while(|v| v.is_nan()).count();
    let (out, all_finite) = with_fma(
        #[inline(always)]
        || kama_1d(values, lead, period),
    );
    if all_finite {
        return Ok(out);
    }
    check_finite(values)?;
    match nan_policy {
        NanPolicy::Propagate => Ok(out),
        NanPolicy::Skip => run_series(state, values),
    }
}

/// TA-Lib's `KAMA` loop (period 2 or more) over `values` from its first number (at `lead`):
/// the operations of [`Kama::update`] in the same order, reading the window's ends from the
/// series instead of a ring buffer; and whether every value from `lead` on is finite.
#[inline(always)] // inlined into the FMA-enabled copy (crate::fma)
fn kama_1d(values: &[f64], lead: usize, period: usize) -> (Vec<f64>, bool) {
    let series = &values[lead..];
    let mut finite = true;
    let mut noise = 0.0;
    let mut flat_run = 0usize;
    let mut kama = 0.0;
    let out = filled(
        values.len(),
        #[inline(always)]
        |i| {
            let Some(k) = i.checked_sub(lead) else {
                return f64::NAN;
            };
            let value = series[k];
            finite &= value.is_finite();
            if k == 0 {
                return f64::NAN;
            }
            if k > period {
                // The change series[k - period - 1] -> series[k - period] leaves the window.
                noise -= (series[k - period - 1] - series[k - period]).abs();
            }
            add_change(
                &mut noise,
                &mut flat_run,
                period,
                (series[k - 1] - value).abs(),
            );
            if k < period {
                return f64::NAN;
            }
            if k == period {
                kama = series[period - 1];
            }
            kama = kama_step(noise, kama, value, series[k - period]);
            kama
        },
    );
    (out, finite)
}

/// A change enters the noise sum. TA-Lib 0.8: after `period` unchanged values in a row the
/// window is flat, and the running sum, which may hold rounding residue, is purged to exactly 0.
#[inline(always)]
fn add_change(noise: &mut f64, flat_run: &mut usize, period: usize, change: f64) {
    *noise += change;
    *flat_run = if change == 0.0 { *flat_run + 1 } else { 0 };
    if *flat_run >= period {
        *noise = 0.0;
    }
}

/// One KAMA step from the noise sum and the window's newest and oldest values.
#[inline(always)]
fn kama_step(noise: f64, kama: f64, value: f64, start: f64) -> f64 {
    let direction = value - start;
    // TA-Lib 0.8: 1 when the noise does not exceed the signed change; otherwise the ratio,
    // capped at 1 (a running sum can fall a few ulps below the change it telescopes to).
    let ratio = if noise <= direction {
        1.0
    } else {
        let ratio = (direction / noise).abs();
        if ratio > 1.0 {
            1.0
        } else {
            ratio
        }
    };
    let sc = ratio.mul_add(FASTEST - SLOWEST, SLOWEST);
    let sc = sc * sc;
    (value - kama).mul_add(sc, kama)
}

/// [`kama`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`kama`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{kama_columns, NanPolicy};
/// let out = kama_columns(&[1.0, 7.0, 1.0, 7.0, 1.0, 7.0], 3, 2, 2, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[4..], &[1.0, 7.0]);
/// ```
pub fn kama_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Kama::new(period, nan_policy)?, values, rows, cols)
}

impl crate::Snapshot for Kama {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        out.extend([self.noise, self.kama]);
        crate::snapshot::save_count(out, self.flat_run);
        crate::snapshot::save_window(out, self.window.iter());
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.noise = saved.float()?;
        self.kama = saved.float()?;
        self.flat_run = saved.count(usize::MAX)?;
        saved.window(&mut self.window, self.period.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;

    /// TA-Lib 0.8's loop over a whole series, indices as in `ta_KAMA.c`.
    fn reference(x: &[f64], p: usize) -> Vec<f64> {
        let mut out = vec![NAN; x.len()];
        if x.len() <= p {
            return out;
        }
        let (mut noise, mut flat) = (0.0, 0);
        let mut add = |noise: &mut f64, change: f64| {
            *noise += change;
            flat = if change == 0.0 { flat + 1 } else { 0 };
            if flat >= p {
                *noise = 0.0;
            }
        };
        for k in 0..p {
            add(&mut noise, (x[k] - x[k + 1]).abs());
        }
        let mut kama = x[p - 1];
        for today in p..x.len() {
            if today > p {
                noise -= (x[today - p - 1] - x[today - p]).abs();
                add(&mut noise, (x[today] - x[today - 1]).abs());
            }
            let direction = x[today] - x[today - p];
            let ratio = if noise <= direction {
                1.0
            } else {
                (direction / noise).abs().min(1.0)
            };
            let sc = ratio.mul_add(FASTEST - SLOWEST, SLOWEST);
            kama = (x[today] - kama).mul_add(sc * sc, kama);
            out[today] = kama;
        }
        out
    }

    #[test]
    fn flat_run_purges_the_noise() {
        // 1e-20 moves are real moves (no fixed zero band); a flat run of `period` resets the sum.
        let values = [0.0, 1e-20, 0.0, 1e-20, 0.0, 0.0, 0.0, 5.0];
        assert!(same(&kama(&values, 2, P).unwrap(), &reference(&values, 2)));
        let flat = kama(&[3.0; 8], 3, P).unwrap();
        assert!(same(&flat[3..], &[3.0; 5]));
    }

    #[test]
    fn equals_ta_lib_loop() {
        let values = rustybt_bench_data::prices(600, 8);
        for period in [2, 3, 10, 30, 599, 600] {
            assert!(same(
                &kama(&values, period, P).unwrap(),
                &reference(&values, period)
            ));
        }
        assert!(same(&kama(&values, 1, P).unwrap(), &values));
        assert_eq!(kama_lookback(1), 0);
        assert_eq!(kama_lookback(10), 10);
    }

    #[test]
    fn nan_and_columns_and_streaming() {
        let mut a = rustybt_bench_data::prices(200, 4);
        a[60] = NAN;
        let out = kama(&a, 5, P).unwrap();
        assert!(out[59].is_finite() && out[60..].iter().all(|v| v.is_nan()));
        let skipped = kama(&a, 5, NanPolicy::Skip).unwrap();
        let clean: Vec<f64> = a.iter().copied().filter(|v| !v.is_nan()).collect();
        assert!(same(&skipped[61..], &kama(&clean, 5, P).unwrap()[60..]));
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let cols = kama_columns(&matrix, 200, 2, 5, P).unwrap();
        let first: Vec<f64> = cols.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &out));
        let mut state = Kama::new(5, P).unwrap();
        state.update(1.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&first, &streamed));
    }

    /// The batch loop (series indexed directly) against the state machine, on its boundaries:
    /// lengths around the period, leading NaNs, a NaN followed by a flat run (the purge brings
    /// the noise sum back from NaN), inf anywhere, and Skip with a NaN (the state machine's path).
    #[test]
    fn batch_loop_equals_the_state_machine() {
        let streamed = |values: &[f64], period: usize, policy: NanPolicy| -> Vec<f64> {
            let mut state = Kama::new(period, policy).unwrap();
            values.iter().map(|&v| state.update(v)).collect()
        };
        let base = rustybt_bench_data::prices(80, 6);
        for period in [2, 3, 7] {
            for len in [0, 1, period - 1, period, period + 1, period + 2, 80] {
                let values = &base[..len];
                assert!(same(
                    &kama(values, period, P).unwrap(),
                    &streamed(values, period, P)
                ));
            }
            let mut gappy = base.clone();
            gappy[..3].fill(NAN);
            gappy[30] = NAN;
            let level = gappy[40];
            gappy[31..33 + 2 * period].fill(level);
            for policy in [P, NanPolicy::Skip] {
                let out = kama(&gappy, period, policy).unwrap();
                assert!(same(&out, &streamed(&gappy, period, policy)));
                // Propagate: the average stays NaN for good, as in TA-Lib.
                assert_eq!(out[50].is_finite(), policy == NanPolicy::Skip);
            }
            for at in [0, 1, period, period + 1, 79] {
                let mut bad = base.clone();
                bad[at / 2] = NAN;
                bad[at] = f64::NEG_INFINITY;
                let error = kama(&bad, period, P).unwrap_err();
                assert!(matches!(error, IndicatorError::NonFinite { index, .. } if index == at));
            }
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            kama(&[1.0], 0, P),
            Err(IndicatorError::InvalidPeriod { value: 0, .. })
        ));
        assert!(matches!(
            kama(&[1.0, f64::INFINITY], 2, P),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            kama_columns(&[1.0; 3], 2, 2, 1, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(same(
            &kama(&[1.0, 2.0], usize::MAX, P).unwrap(),
            &[NAN, NAN]
        ));
        assert!(kama(&[], 3, P).unwrap().is_empty());
    }
}
