//! Double exponential moving average, as TA-Lib's `DEMA` computes it.

use crate::stream::{run_columns, run_series, StateMachine};
use crate::{Ema, EmaSeed, IndicatorError, NanPolicy};

/// Number of leading outputs that are NaN for a series with no missing values:
/// `2 * (period - 1)`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::dema_lookback(10), 18);
/// ```
pub fn dema_lookback(period: usize) -> usize {
    period.saturating_sub(1).saturating_mul(2)
}

/// Streaming double exponential moving average: `2 * EMA(x) - EMA(EMA(x))`.
///
/// TA-Lib's `DEMA`: chained TA-Lib EMAs (each seeded with the simple average of its first
/// `period` inputs, see [`Ema`]), each starting at the first output of the one before, and
/// TA-Lib's final expression, so results equal TA-Lib 0.8's (FMA build) to the last bit. Period 1
/// returns the input. NaNs before the first number are skipped; later ones follow the
/// [`NanPolicy`] (under `Propagate` every later output is NaN, as in TA-Lib).
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Dema};
/// let mut average = Dema::new(2, NanPolicy::Propagate).unwrap();
/// let out: Vec<f64> = [1.0, 3.0, 5.0, 7.0].iter().map(|&v| average.update(v)).collect();
/// assert!(out[1].is_nan());
/// assert_eq!(out[3], 7.0); // a straight line has no lag
/// ```
#[derive(Debug, Clone)]
pub struct Dema {
    first: Ema,
    second: Ema,
}

impl Dema {
    /// A double EMA with span `period`.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        Ok(Self {
            first: Ema::new(period, EmaSeed::Sma, nan_policy)?,
            second: Ema::new(period, EmaSeed::Sma, nan_policy)?,
        })
    }

    /// Feeds the next value and returns the average, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    pub fn update(&mut self, value: f64) -> f64 {
        // Each EMA skips the NaNs of the warm-up before it, as TA-Lib starts each at the first
        // output of the one before.
        let e1 = self.first.update(value);
        let e2 = self.second.update(e1);
        // Exactly TA-Lib's expression; 2 * e1 is exact, so no rounding hides in the order.
        2.0 * e1 - e2
    }

    /// Forgets all values seen, keeping the parameters.
    pub fn reset(&mut self) {
        self.first.reset();
        self.second.reset();
    }
}

impl StateMachine for Dema {
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    fn update(&mut self, value: f64) -> f64 {
        Dema::update(self, value)
    }
}

/// double EMA of `values` with span `period`: same length as the input, NaN through the
/// warm-up; TA-Lib's `DEMA` under [`NanPolicy::Propagate`] (see [`Dema`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{dema, NanPolicy};
/// let out = dema(&[2.0, 2.0, 2.0, 2.0, 2.0], 2, NanPolicy::Propagate).unwrap();
/// assert!(out[1].is_nan());
/// assert_eq!(out[2], 2.0);
/// ```
pub fn dema(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_series(Dema::new(period, nan_policy)?, values)
}

/// [`dema`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`dema`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{dema_columns, NanPolicy};
/// let out = dema_columns(&[1.0, 5.0, 2.0, 6.0], 2, 2, 1, NanPolicy::Propagate).unwrap();
/// assert_eq!(out, vec![1.0, 5.0, 2.0, 6.0]); // period 1 is the input
/// ```
pub fn dema_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Dema::new(period, nan_policy)?, values, rows, cols)
}

impl crate::Snapshot for Dema {
    fn save(&self, out: &mut Vec<f64>) {
        self.first.save(out);
        self.second.save(out);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.first.load(saved)?;
        self.second.load(saved)
    }
}

#[allow(unused_imports)]
use crate::Snapshot as _;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ema;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;

    /// The EMA of the valid part of `values` (TA-Lib starts each EMA at its input's first number).
    fn ema_of(values: &[f64], period: usize) -> Vec<f64> {
        ema(values, period, EmaSeed::Sma, P).unwrap()
    }

    #[test]
    fn equals_chained_emas() {
        let values = rustybt_bench_data::prices(400, 6);
        for period in [1, 2, 3, 10, 30] {
            let e1 = ema_of(&values, period);
            let e2 = ema_of(&e1, period);
            let expected: Vec<f64> = (0..values.len())
                .map(|i| {
                    let (e1, e2) = (e1[i], e2[i]);
                    2.0 * e1 - e2
                })
                .collect();
            let out = dema(&values, period, P).unwrap();
            assert!(same(&out, &expected), "period {period}");
            let lookback = dema_lookback(period);
            assert!(out[lookback].is_finite());
            assert!(lookback == 0 || out[lookback - 1].is_nan());
        }
    }

    #[test]
    fn nan_follows_the_policy() {
        let mut values = rustybt_bench_data::prices(60, 2);
        values[0] = NAN;
        values[30] = NAN;
        let out = dema(&values, 3, P).unwrap();
        assert!(out[29].is_finite() && out[30..].iter().all(|v| v.is_nan()));
        let skipped = dema(&values, 3, NanPolicy::Skip).unwrap();
        let clean: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        let expected = dema(&clean, 3, P).unwrap();
        let valid: Vec<f64> = skipped.iter().copied().filter(|v| !v.is_nan()).collect();
        assert!(same(&valid, &expected[expected.len() - valid.len()..]));
        assert!(skipped[30].is_nan() && skipped[31].is_finite());
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 4);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let out = dema_columns(&matrix, 300, 2, 7, P).unwrap();
        let first: Vec<f64> = out.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &dema(&a, 7, P).unwrap()));
        let mut state = Dema::new(7, P).unwrap();
        state.update(3.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&first, &streamed));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            dema(&[1.0], 0, P),
            Err(IndicatorError::InvalidPeriod { value: 0, .. })
        ));
        assert!(matches!(
            dema(&[1.0, f64::INFINITY], 2, P),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            dema_columns(&[1.0; 3], 2, 2, 1, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(same(
            &dema(&[1.0, 2.0], usize::MAX, P).unwrap(),
            &[NAN, NAN]
        ));
        assert!(dema(&[], 3, P).unwrap().is_empty());
    }
}
