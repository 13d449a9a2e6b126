//! Hull moving average, composed of TA-Lib weighted moving averages.

use crate::stream::{run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy, Wma};

/// The three WMA lengths of a Hull average over `period`: `(period / 2, period, floor(sqrt(period)))`,
/// halves and square roots rounded down.
fn hma_periods(period: usize) -> (usize, usize, usize) {
    (period / 2, period, period.isqrt())
}

/// Number of leading outputs that are NaN for a series with no missing values:
/// `period - 1 + floor(sqrt(period)) - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::hma_lookback(16), 18);
/// ```
pub fn hma_lookback(period: usize) -> usize {
    let (_, full, smooth) = hma_periods(period);
    full.saturating_sub(1) + smooth.saturating_sub(1)
}

/// Streaming Hull moving average (Alan Hull, 2005):
/// `WMA(2 * WMA(x, period / 2) - WMA(x, period), floor(sqrt(period)))`.
///
/// TA-Lib has no HMA; this is that formula over TA-Lib's `WMA` (see [`Wma`], bit for bit), so
/// it equals `talib.WMA(2 * talib.WMA(x, n // 2) - talib.WMA(x, n), isqrt(n))` to the last bit.
/// `period / 2` and `sqrt(period)` are rounded down (period 2 gives WMAs of 1, 2 and 1; 15 gives
/// 7, 15 and 3), the common convention (pandas-ta, TradingView's `math.floor`). The outer WMA
/// starts at the first difference, so the first output is at [`hma_lookback`]. NaNs before the
/// first number are skipped; later ones follow the [`NanPolicy`] through each WMA (under
/// `Propagate` exactly as the composed `talib.WMA` calls give, re-sums included).
///
/// # Examples
/// ```
/// use rustybt_indicators::{Hma, NanPolicy};
/// let mut hull = Hma::new(4, NanPolicy::Propagate).unwrap();
/// let out: Vec<f64> = (1..=6).map(|v| hull.update(f64::from(v))).collect();
/// assert!(out[3].is_nan());
/// assert_eq!(&out[4..], &[5.0, 6.0]); // no lag on a straight line
/// ```
#[derive(Debug, Clone)]
pub struct Hma {
    half: Wma,
    full: Wma,
    smooth: Wma,
}

impl Hma {
    /// A Hull moving average over `period` values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is below 2 (`period / 2` must be >= 1).
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        if period < 2 {
            return Err(IndicatorError::InvalidPeriod {
                name: "period",
                min: 2,
                value: period,
            });
        }
        let (half, full, smooth) = hma_periods(period);
        Ok(Self {
            half: Wma::new(half, nan_policy)?,
            full: Wma::new(full, nan_policy)?,
            smooth: Wma::new(smooth, nan_policy)?,
        })
    }

    /// Feeds the next value and returns the average, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline]
    pub fn update(&mut self, value: f64) -> f64 {
        let half = self.half.update(value);
        let full = self.full.update(value);
        // NaN until the long WMA has warmed up: the outer WMA skips it as a leading NaN.
        self.smooth.update(2.0 * half - full)
    }

    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.half.reset();
        self.full.reset();
        self.smooth.reset();
    }
}

impl StateMachine for Hma {
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        Hma::update(self, value)
    }
}

/// Hull moving average of `values` over `period` values (see [`Hma`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is below 2.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{hma, NanPolicy};
/// let out = hma(&[3.0; 6], 4, NanPolicy::Propagate).unwrap();
/// assert!(out[3].is_nan());
/// assert_eq!(&out[4..], &[3.0, 3.0]);
/// ```
pub fn hma(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_series(Hma::new(period, nan_policy)?, values)
}

/// [`hma`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`hma`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{hma_columns, NanPolicy};
/// let out = hma_columns(&[5.0, 9.0, 5.0, 9.0, 5.0, 9.0], 3, 2, 2, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[5.0, 9.0, 5.0, 9.0]); // flat columns stay flat
/// ```
pub fn hma_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Hma::new(period, nan_policy)?, values, rows, cols)
}

// --- issue 8: streaming (snapshot) ---------------------------------------------------------------

impl crate::Snapshot for Hma {
    fn save(&self, out: &mut Vec<f64>) {
        self.half.save(out);
        self.full.save(out);
        self.smooth.save(out);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.half.load(saved)?;
        self.full.load(saved)?;
        self.smooth.load(saved)
    }
}

#[allow(unused_imports)]
use crate::Snapshot as _;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;
    use crate::wma;

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;

    #[test]
    fn equals_composed_wmas() {
        let values = rustybt_bench_data::prices(500, 5);
        for period in [2, 3, 4, 9, 15, 16, 50] {
            let half = wma(&values, period / 2, P).unwrap();
            let full = wma(&values, period, P).unwrap();
            let raw: Vec<f64> = half.iter().zip(&full).map(|(h, f)| 2.0 * h - f).collect();
            let expected = wma(&raw, period.isqrt(), P).unwrap();
            let out = hma(&values, period, P).unwrap();
            assert!(same(&out, &expected), "period {period}");
            let lookback = hma_lookback(period);
            assert!(out[lookback].is_finite() && out[lookback - 1].is_nan());
        }
    }

    #[test]
    fn nan_and_columns_and_streaming() {
        let mut a = rustybt_bench_data::prices(200, 4);
        a[50] = NAN;
        let skipped = hma(&a, 9, NanPolicy::Skip).unwrap();
        let clean: Vec<f64> = a.iter().copied().filter(|v| !v.is_nan()).collect();
        let expected = hma(&clean, 9, P).unwrap();
        assert!(skipped[50].is_nan());
        assert!(same(&skipped[51..], &expected[50..]));
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let out = hma_columns(&matrix, 200, 2, 9, P).unwrap();
        let first: Vec<f64> = out.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &hma(&a, 9, P).unwrap()));
        let mut state = Hma::new(9, P).unwrap();
        state.update(1.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&first, &streamed));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            hma(&[1.0], 1, P),
            Err(IndicatorError::InvalidPeriod {
                min: 2,
                value: 1,
                ..
            })
        ));
        assert!(matches!(
            hma(&[1.0, f64::INFINITY], 2, P),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            hma_columns(&[1.0; 3], 2, 2, 2, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(same(&hma(&[1.0, 2.0], usize::MAX, P).unwrap(), &[NAN, NAN]));
        assert!(hma(&[], 4, P).unwrap().is_empty());
    }
}
