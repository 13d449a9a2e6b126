//! Moving average convergence/divergence, as TA-Lib's `MACD` computes it.

use crate::multi_output::{run_columns_multi, run_series_multi, MultiStateMachine};
use crate::{IndicatorError, NanPolicy};

/// The three lines of [`macd`], each as long as the input (row-major matrices for
/// [`macd_columns`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MacdLines {
    /// Fast EMA minus slow EMA.
    pub macd: Vec<f64>,
    /// EMA of the MACD line over `signal` values.
    pub signal: Vec<f64>,
    /// `macd - signal`.
    pub hist: Vec<f64>,
}

impl From<[Vec<f64>; 3]> for MacdLines {
    fn from([macd, signal, hist]: [Vec<f64>; 3]) -> Self {
        Self { macd, signal, hist }
    }
}

/// Number of leading outputs that are NaN for a series with no missing values:
/// `max(fast, slow) - 1 + signal - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::macd_lookback(12, 26, 9), 33);
/// ```
pub fn macd_lookback(fast: usize, slow: usize, signal: usize) -> usize {
    fast.max(slow)
        .saturating_sub(1)
        .saturating_add(signal.saturating_sub(1))
}

/// Streaming MACD: one value in, `[macd, signal, hist]` out.
///
/// TA-Lib's `MACD` (`ta_MACD.c`, default compatibility) step for step, so results equal TA-Lib
/// 0.8's to the last bit:
/// - if `slow < fast` the two are swapped, as TA-Lib does;
/// - both EMAs start at the same bar, `slow - 1`: the slow one seeded with the average of the
///   first `slow` values, the fast one with the average of the last `fast` of them (TA-Lib aligns
///   the fast EMA's warm-up to the slow one instead of starting it `slow - fast` bars earlier);
/// - each later value moves both by `(value - ema) * k + ema`, `k = 2 / (period + 1)`, the
///   multiply-add fused into one rounding as in TA-Lib 0.8's FMA build (see [`crate::Ema`]);
/// - the signal line is seeded with the average of the first `signal` MACD values, then follows
///   the same recursion (a signal period of 1 copies the MACD line, as TA-Lib 0.8 copies any
///   1-period average); `hist = macd - signal`.
///
/// The first output is at index [`macd_lookback`]. NaNs before the first number are skipped;
/// later ones follow the [`NanPolicy`] (under `Propagate` every later output is NaN).
///
/// # Examples
/// ```
/// use rustybt_indicators::{Macd, NanPolicy};
/// let mut macd = Macd::new(2, 3, 1, NanPolicy::Propagate).unwrap();
/// assert!(macd.update(1.0)[0].is_nan());
/// assert!(macd.update(2.0)[0].is_nan());
/// // fast = (2 + 3) / 2, slow = (1 + 2 + 3) / 3, signal = the first MACD value
/// assert_eq!(macd.update(3.0), [0.5, 0.5, 0.0]);
/// ```
#[derive(Debug, Clone)]
pub struct Macd {
    fast: usize,
    slow: usize,
    signal: usize,
    nan_policy: NanPolicy,
    fast_k: f64,
    slow_k: f64,
    signal_k: f64,
    /// Values taken in, up to `slow` (the EMAs' warm-up).
    count: usize,
    /// MACD values taken into the signal's seed, up to `signal`.
    signal_count: usize,
    /// The EMAs' seed sums, then the EMAs themselves.
    fast_ema: f64,
    slow_ema: f64,
    /// The signal's seed sum, then the signal line itself.
    signal_ema: f64,
}

impl Macd {
    /// A MACD with EMAs over `fast` and `slow` values and a signal EMA over `signal` MACD values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `fast` or `slow` is below 2 or `signal` below 1 (the
    /// smallest TA-Lib accepts).
    pub fn new(
        fast: usize,
        slow: usize,
        signal: usize,
        nan_policy: NanPolicy,
    ) -> Result<Self, IndicatorError> {
        for (name, min, value) in [("fast", 2, fast), ("slow", 2, slow), ("signal", 1, signal)] {
            if value < min {
                return Err(IndicatorError::InvalidPeriod { name, min, value });
            }
        }
        let (fast, slow) = if slow < fast {
            (slow, fast)
        } else {
            (fast, slow)
        };
        // TA-Lib's PER_TO_K, computed in double from the integer period + 1.
        let k = |period: usize| 2.0 / (period as f64 + 1.0);
        Ok(Self {
            fast,
            slow,
            signal,
            nan_policy,
            fast_k: k(fast),
            slow_k: k(slow),
            signal_k: k(signal),
            count: 0,
            signal_count: 0,
            fast_ema: 0.0,
            slow_ema: 0.0,
            signal_ema: 0.0,
        })
    }

    /// Feeds the next value and returns `[macd, signal, hist]`, all NaN during the warm-up (and
    /// as the [`NanPolicy`] says for NaN inputs).
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    pub fn update(&mut self, value: f64) -> [f64; 3] {
        const WARM: [f64; 3] = [f64::NAN; 3];
        if value.is_nan() && (self.count == 0 || self.nan_policy == NanPolicy::Skip) {
            return WARM;
        }
        if self.count < self.slow {
            // The slow seed sums every value; the fast seed only the last `fast` of them.
            self.count += 1;
            if self.count > self.slow - self.fast {
                self.fast_ema += value;
            }
            self.slow_ema += value;
            if self.count < self.slow {
                return WARM;
            }
            self.fast_ema /= self.fast as f64;
            self.slow_ema /= self.slow as f64;
        } else {
            self.fast_ema = (value - self.fast_ema).mul_add(self.fast_k, self.fast_ema);
            self.slow_ema = (value - self.slow_ema).mul_add(self.slow_k, self.slow_ema);
        }
        let macd = self.fast_ema - self.slow_ema;
        if self.signal_count < self.signal {
            self.signal_count += 1;
            self.signal_ema += macd;
            if self.signal_count < self.signal {
                return WARM;
            }
            self.signal_ema /= self.signal as f64;
        } else if self.signal == 1 {
            self.signal_ema = macd; // TA-Lib 0.8 copies a 1-period average (no k = 1 rounding)
        } else {
            self.signal_ema = (macd - self.signal_ema).mul_add(self.signal_k, self.signal_ema);
        }
        [macd, self.signal_ema, macd - self.signal_ema]
    }

    /// Forgets all values seen, keeping the parameters.
    pub fn reset(&mut self) {
        self.count = 0;
        self.signal_count = 0;
        self.fast_ema = 0.0;
        self.slow_ema = 0.0;
        self.signal_ema = 0.0;
    }
}

impl MultiStateMachine<3> for Macd {
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    fn update(&mut self, value: f64) -> [f64; 3] {
        Macd::update(self, value)
    }
}

/// MACD of `values`: the three lines, each as long as the input, NaN through the warm-up;
/// TA-Lib's `MACD` under [`NanPolicy::Propagate`] (see [`Macd`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `fast` or `slow` is below 2 or `signal` below 1.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{macd, NanPolicy};
/// let lines = macd(&[1.0, 2.0, 3.0, 5.0], 2, 3, 2, NanPolicy::Propagate).unwrap();
/// assert!(lines.macd[2].is_nan()); // the signal's warm-up blanks all three lines
/// // fast EMA 2.5 -> 25/6, slow EMA 2 -> 3.5: MACD 0.5 -> 2/3, signal their average
/// assert!((lines.macd[3] - 2.0 / 3.0).abs() < 1e-15);
/// assert!((lines.signal[3] - 7.0 / 12.0).abs() < 1e-15);
/// assert_eq!(lines.hist[3], lines.macd[3] - lines.signal[3]);
/// ```
pub fn macd(
    values: &[f64],
    fast: usize,
    slow: usize,
    signal: usize,
    nan_policy: NanPolicy,
) -> Result<MacdLines, IndicatorError> {
    let state = Macd::new(fast, slow, signal, nan_policy)?;
    Ok(run_series_multi(state, values)?.into())
}

/// [`macd`] of each column of a row-major `rows x cols` matrix (time x assets): three row-major
/// matrices.
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`macd`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{macd_columns, NanPolicy};
/// let values = [1.0, 10.0, 2.0, 20.0, 3.0, 30.0];
/// let lines = macd_columns(&values, 3, 2, 2, 3, 1, NanPolicy::Propagate).unwrap();
/// assert_eq!(&lines.macd[4..], &[0.5, 5.0]);
/// ```
pub fn macd_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    fast: usize,
    slow: usize,
    signal: usize,
    nan_policy: NanPolicy,
) -> Result<MacdLines, IndicatorError> {
    let template = Macd::new(fast, slow, signal, nan_policy)?;
    Ok(run_columns_multi(&template, values, rows, cols)?.into())
}

impl crate::Snapshot for Macd {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_count(out, self.count);
        crate::snapshot::save_count(out, self.signal_count);
        out.extend([self.fast_ema, self.slow_ema, self.signal_ema]);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.count = saved.count(self.slow)?;
        self.signal_count = saved.count(self.signal)?;
        self.fast_ema = saved.float()?;
        self.slow_ema = saved.float()?;
        self.signal_ema = saved.float()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;

    /// TA-Lib's loop written out directly (default compatibility, fused multiply-adds).
    fn reference(values: &[f64], fast: usize, slow: usize, signal: usize) -> [Vec<f64>; 3] {
        let n = values.len();
        let mut out = [vec![NAN; n], vec![NAN; n], vec![NAN; n]];
        let start = slow - 1 + signal - 1;
        if n <= start {
            return out;
        }
        let (fk, sk, gk) = (
            2.0 / (fast as f64 + 1.0),
            2.0 / (slow as f64 + 1.0),
            2.0 / (signal as f64 + 1.0),
        );
        let mut slow_sum = 0.0;
        let mut fast_sum = 0.0;
        for (i, &v) in values[..slow].iter().enumerate() {
            if i >= slow - fast {
                fast_sum += v;
            }
            slow_sum += v;
        }
        let (mut f, mut s) = (fast_sum / fast as f64, slow_sum / slow as f64);
        let mut g = f - s;
        for &v in &values[slow..=start] {
            f = (v - f).mul_add(fk, f);
            s = (v - s).mul_add(sk, s);
            g += f - s;
        }
        g /= signal as f64;
        let m = f - s;
        for (line, x) in out.iter_mut().zip([m, g, m - g]) {
            line[start] = x;
        }
        for (i, &v) in values.iter().enumerate().skip(start + 1) {
            f = (v - f).mul_add(fk, f);
            s = (v - s).mul_add(sk, s);
            let m = f - s;
            g = if signal == 1 {
                m
            } else {
                (m - g).mul_add(gk, g)
            };
            for (line, x) in out.iter_mut().zip([m, g, m - g]) {
                line[i] = x;
            }
        }
        out
    }

    #[test]
    fn equals_ta_lib_loop() {
        let values = rustybt_bench_data::prices(500, 3);
        for (fast, slow, signal) in [(12, 26, 9), (2, 2, 1), (3, 5, 1), (5, 3, 4), (2, 30, 7)] {
            let lines = macd(&values, fast, slow, signal, NanPolicy::Propagate).unwrap();
            let (f, s) = (fast.min(slow), fast.max(slow));
            let expected = reference(&values, f, s, signal);
            assert!(same(&lines.macd, &expected[0]), "{fast} {slow} {signal}");
            assert!(same(&lines.signal, &expected[1]));
            assert!(same(&lines.hist, &expected[2]));
            let lookback = macd_lookback(fast, slow, signal);
            assert!(lines.macd[lookback].is_finite() && lines.macd[lookback - 1].is_nan());
        }
    }

    #[test]
    fn signal_period_one_copies_the_macd_line() {
        let lines = macd(
            &[0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            2,
            4,
            1,
            NanPolicy::Propagate,
        )
        .unwrap();
        assert!(same(&lines.signal, &lines.macd));
        assert!(same(&lines.hist[3..], &[0.0; 3]));
    }

    #[test]
    fn nan_follows_the_policy() {
        let values = [NAN, 1.0, 2.0, 3.0, 5.0, NAN, 4.0, 6.0];
        let out = macd(&values, 2, 3, 1, NanPolicy::Propagate).unwrap();
        assert!(out.macd[..3].iter().all(|v| v.is_nan()));
        assert!(out.macd[3..5].iter().all(|v| v.is_finite()));
        assert!(out.macd[5..].iter().all(|v| v.is_nan()));
        let skipped = macd(&values, 2, 3, 1, NanPolicy::Skip).unwrap();
        let clean = macd(&[1.0, 2.0, 3.0, 5.0, 4.0, 6.0], 2, 3, 1, NanPolicy::Skip).unwrap();
        let valid: Vec<f64> = [3, 4, 6, 7].iter().map(|&i| skipped.signal[i]).collect();
        assert!(same(&valid, &clean.signal[2..]));
        assert!(skipped.hist[5].is_nan());
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 4);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let out = macd_columns(&matrix, 300, 2, 5, 11, 4, NanPolicy::Skip).unwrap();
        let single = macd(&a, 5, 11, 4, NanPolicy::Skip).unwrap();
        let first: Vec<f64> = out.hist.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &single.hist));
        let mut state = Macd::new(5, 11, 4, NanPolicy::Skip).unwrap();
        state.update(9.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)[1]).collect();
        assert!(same(&streamed, &single.signal));
    }

    #[test]
    fn short_and_empty_series() {
        let p = NanPolicy::Propagate;
        assert!(macd(&[], 12, 26, 9, p).unwrap().macd.is_empty());
        let out = macd(&[1.0; 10], 2, usize::MAX, 1, p).unwrap();
        assert!(out.macd.iter().all(|v| v.is_nan()));
        let flat = macd(&[4.0; 40], 12, 26, 9, p).unwrap();
        assert!(same(&flat.hist[33..], &[0.0; 7]));
    }

    #[test]
    fn rejects_bad_input() {
        let p = NanPolicy::Propagate;
        for (fast, slow, signal, name) in [
            (1, 26, 9, "fast"),
            (12, 1, 9, "slow"),
            (12, 26, 0, "signal"),
        ] {
            assert!(matches!(
                macd(&[1.0], fast, slow, signal, p),
                Err(IndicatorError::InvalidPeriod { name: n, .. }) if n == name
            ));
        }
        assert!(matches!(
            macd(&[1.0, f64::INFINITY], 2, 3, 1, p),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            macd_columns(&[1.0; 3], 2, 2, 2, 3, 1, p),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
    }
}
