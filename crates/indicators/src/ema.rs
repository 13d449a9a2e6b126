//! Exponential moving average: TA-Lib's `EMA`, or pandas' `ewm(span=period, adjust=False)`.

use crate::stream::{check_period, run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// Where an exponential moving average starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmaSeed {
    /// TA-Lib's `EMA`: the first output, at index `period - 1`, is the simple average of the first
    /// `period` values; then `ema = (value - ema) * k + ema` with `k = 2 / (period + 1)`.
    #[default]
    Sma,
    /// pandas' `Series.ewm(span=period, adjust=False).mean()`: the first value is the first output
    /// (no warm-up), then `ema = ((1 - a) * ema + a * value) / ((1 - a) + a)` with
    /// `a = 1 / (1 + (period - 1) / 2)`, pandas' own order of operations.
    First,
}

impl std::str::FromStr for EmaSeed {
    type Err = IndicatorError;

    /// Reads "sma" or "first".
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "sma" => Ok(EmaSeed::Sma),
            "first" => Ok(EmaSeed::First),
            _ => Err(IndicatorError::UnknownSeed {
                name: name.to_owned(),
            }),
        }
    }
}

/// Number of leading outputs that are NaN for a series with no missing values: `period - 1` for
/// [`EmaSeed::Sma`], 0 for [`EmaSeed::First`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{ema_lookback, EmaSeed};
/// assert_eq!(ema_lookback(20, EmaSeed::Sma), 19);
/// assert_eq!(ema_lookback(20, EmaSeed::First), 0);
/// ```
pub fn ema_lookback(period: usize, seed: EmaSeed) -> usize {
    match seed {
        EmaSeed::Sma => period.saturating_sub(1),
        EmaSeed::First => 0,
    }
}

/// Streaming exponential moving average: one value in, one value out.
///
/// Under [`EmaSeed::Sma`] this is TA-Lib's `EMA` (`ta_EMA.c`) to the last bit: the seed sums the
/// first `period` values in order and divides by `period`, then each value moves the average by
/// `(value - ema) * k` with `k = 2 / (period + 1)`, the multiply and the add fused into one
/// rounding (`f64::mul_add`) as in TA-Lib 0.8's FMA code path, which it selects on any CPU with
/// FMA. Period 1 returns its input, as TA-Lib does.
/// Under [`EmaSeed::First`] it is pandas' `ewm(span=period, adjust=False).mean()` to the last
/// bit, on series without NaN. NaNs before the first number are skipped; later ones follow the
/// [`NanPolicy`] (under `Propagate` they poison every later output, as in TA-Lib).
///
/// # Examples
/// ```
/// use rustybt_indicators::{Ema, EmaSeed, NanPolicy};
/// let mut ema = Ema::new(3, EmaSeed::Sma, NanPolicy::Propagate).unwrap();
/// assert!(ema.update(1.0).is_nan());
/// assert!(ema.update(2.0).is_nan());
/// assert_eq!(ema.update(3.0), 2.0); // the average of the first three
/// assert_eq!(ema.update(6.0), 4.0); // (6 - 2) * 0.5 + 2
/// ```
#[derive(Debug, Clone)]
pub struct Ema {
    period: usize,
    seed: EmaSeed,
    nan_policy: NanPolicy,
    /// TA-Lib's `k` under `Sma`; pandas' `alpha` under `First`.
    alpha: f64,
    /// pandas' `1 - alpha` and `(1 - alpha) + alpha` (unused under `Sma`).
    decay: f64,
    divisor: f64,
    /// Values taken in so far, up to `period` (the seed's warm-up).
    count: usize,
    /// The seed's running sum, then the average itself.
    ema: f64,
}

impl Ema {
    /// An exponential moving average with span `period`.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(
        period: usize,
        seed: EmaSeed,
        nan_policy: NanPolicy,
    ) -> Result<Self, IndicatorError> {
        check_period(period)?;
        let span = period as f64;
        let (alpha, decay) = match seed {
            // TA-Lib's PER_TO_K.
            EmaSeed::Sma => (2.0 / (span + 1.0), 0.0),
            // pandas: com = (span - 1) / 2, alpha = 1 / (1 + com).
            EmaSeed::First => {
                let alpha = 1.0 / (1.0 + (span - 1.0) / 2.0);
                (alpha, 1.0 - alpha)
            }
        };
        Ok(Self {
            period,
            seed,
            nan_policy,
            alpha,
            decay,
            divisor: decay + alpha,
            count: 0,
            ema: 0.0,
        })
    }

    /// Feeds the next value and returns the average, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (self.count == 0 || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        match self.seed {
            EmaSeed::Sma if self.period == 1 => {
                self.count = 1;
                value // TA-Lib copies the input for period 1
            }
            EmaSeed::Sma => {
                if self.count < self.period {
                    self.ema += value;
                    self.count += 1;
                    if self.count < self.period {
                        return f64::NAN;
                    }
                    self.ema /= self.period as f64;
                } else {
                    // One rounding for the multiply-add, as TA-Lib's build does on every CPU with
                    // FMA (it picks its `fma` code path at run time).
                    self.ema = (value - self.ema).mul_add(self.alpha, self.ema);
                }
                self.ema
            }
            EmaSeed::First => {
                if self.count == 0 {
                    self.count = 1;
                    self.ema = value;
                } else if self.ema != value {
                    // pandas skips the update when it would be a no-op (constant series).
                    let weighted = self.decay * self.ema + self.alpha * value;
                    // x / 1.0 is x, bit for bit: skip the slow division when (1 - a) + a is 1.
                    self.ema = if self.divisor == 1.0 {
                        weighted
                    } else {
                        weighted / self.divisor
                    };
                }
                self.ema
            }
        }
    }

    /// Forgets all values seen, keeping the parameters.
    pub fn reset(&mut self) {
        self.count = 0;
        self.ema = 0.0;
    }
}

impl StateMachine for Ema {
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    fn update(&mut self, value: f64) -> f64 {
        Ema::update(self, value)
    }
}

/// Exponential moving average of `values` with span `period`: same length as the input, NaN
/// through the warm-up (see [`Ema`] for the two seeds and their sources).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{ema, EmaSeed, NanPolicy};
/// let out = ema(&[1.0, 2.0, 3.0, 6.0], 3, EmaSeed::Sma, NanPolicy::Propagate).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(&out[2..], &[2.0, 4.0]);
/// let out = ema(&[1.0, 3.0], 3, EmaSeed::First, NanPolicy::Propagate).unwrap();
/// assert_eq!(out, vec![1.0, 2.0]);
/// ```
pub fn ema(
    values: &[f64],
    period: usize,
    seed: EmaSeed,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_series(Ema::new(period, seed, nan_policy)?, values)
}

/// [`ema`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`ema`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{ema_columns, EmaSeed, NanPolicy};
/// let out = ema_columns(&[1.0, 10.0, 3.0, 30.0], 2, 2, 2, EmaSeed::Sma, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[2.0, 20.0]);
/// ```
pub fn ema_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    seed: EmaSeed,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Ema::new(period, seed, nan_policy)?, values, rows, cols)
}

impl crate::Snapshot for Ema {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_count(out, self.count);
        out.push(self.ema);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.count = saved.count(self.period)?;
        self.ema = saved.float()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;

    #[test]
    fn ta_lib_seed_and_recursion() {
        let values = [0.1, 0.2, 0.3, 0.4, 0.5];
        let out = ema(&values, 3, EmaSeed::Sma, NanPolicy::Propagate).unwrap();
        let k = 2.0 / 4.0;
        let seed = (0.1 + 0.2 + 0.3) / 3.0;
        let next = (0.4f64 - seed).mul_add(k, seed);
        let last = (0.5f64 - next).mul_add(k, next);
        assert!(same(&out, &[NAN, NAN, seed, next, last]));
        assert!(same(
            &ema(&values, 1, EmaSeed::Sma, NanPolicy::Propagate).unwrap(),
            &values
        ));
        assert!(same(
            &ema(&values, 9, EmaSeed::Sma, NanPolicy::Propagate).unwrap(),
            &[NAN; 5]
        ));
    }

    #[test]
    fn pandas_seed_starts_at_the_first_value() {
        let out = ema(
            &[NAN, 2.0, 4.0, 4.0],
            3,
            EmaSeed::First,
            NanPolicy::Propagate,
        )
        .unwrap();
        assert!(same(&out, &[NAN, 2.0, 3.0, 3.5]));
        assert_eq!(ema_lookback(5, EmaSeed::First), 0);
    }

    #[test]
    fn inner_nan_follows_the_policy() {
        let values = [1.0, 2.0, 3.0, NAN, 6.0];
        for seed in [EmaSeed::Sma, EmaSeed::First] {
            let out = ema(&values, 3, seed, NanPolicy::Propagate).unwrap();
            assert!(out[3..].iter().all(|v| v.is_nan()));
            let skipped = ema(&values, 3, seed, NanPolicy::Skip).unwrap();
            let compressed = ema(&[1.0, 2.0, 3.0, 6.0], 3, seed, NanPolicy::Skip).unwrap();
            assert!(skipped[3].is_nan());
            assert!(same(&[skipped[2], skipped[4]], &compressed[2..]));
        }
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 4);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        for seed in [EmaSeed::Sma, EmaSeed::First] {
            let out = ema_columns(&matrix, 300, 2, 7, seed, NanPolicy::Skip).unwrap();
            let first: Vec<f64> = out.chunks(2).map(|r| r[0]).collect();
            assert!(same(&first, &ema(&a, 7, seed, NanPolicy::Skip).unwrap()));
            let mut state = Ema::new(7, seed, NanPolicy::Skip).unwrap();
            state.update(123.0);
            state.reset();
            let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
            assert!(same(&first, &streamed));
        }
    }

    #[test]
    fn rejects_bad_input() {
        let p = NanPolicy::Propagate;
        assert!(matches!(
            ema(&[1.0], 0, EmaSeed::Sma, p),
            Err(IndicatorError::InvalidPeriod { value: 0, .. })
        ));
        assert!(matches!(
            ema(&[1.0, f64::INFINITY], 2, EmaSeed::First, p),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            ema_columns(&[1.0; 3], 2, 2, 1, EmaSeed::Sma, p),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(matches!(
            "ewm".parse::<EmaSeed>(),
            Err(IndicatorError::UnknownSeed { .. })
        ));
    }
}
