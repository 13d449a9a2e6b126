//! The least-squares moving average: the end point of the linear regression over a window, as
//! TA-Lib's `LINEARREG`.

use crate::stream::{run_columns, run_series, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// Values between two exact re-summations of the running sums: long enough that re-summing
/// costs O(1) per value, short enough that rounding drift stays near one ulp per thousand steps.
const RESUM_EVERY: usize = 1024;

/// Streaming least-squares moving average (TA-Lib's `LINEARREG`): with `x` the age of a value
/// in the window (0 for the newest, `period - 1` for the oldest), TA-Lib's formulas
/// `m = (period * Σxy - Σx Σy) / (Σx² - period Σx²_)`, `b = (Σy - m Σx) / period`, output
/// `b + m * (period - 1)`, where `Σx`, `Σx²` are constants and `Σy`, `Σxy` running sums updated
/// in O(1) per value (`Σxy += Σy - period * oldest`), re-summed exactly every 1024 values.
/// Agrees with `talib.LINEARREG` to about 1e-13 relative (TA-Lib sums in another order).
/// First output at value `period - 1`; under `Propagate` a NaN makes every later value NaN, as
/// in TA-Lib 0.8.
///
/// # Examples
/// ```
/// use rustybt_indicators::{Lsma, NanPolicy};
/// let mut lsma = Lsma::new(3, NanPolicy::Propagate)?;
/// assert!(lsma.update(1.0).is_nan());
/// assert!(lsma.update(2.0).is_nan());
/// assert_eq!(lsma.update(3.0), 3.0); // a straight line ends where it ends
/// assert!((lsma.update(1.0) - 1.5).abs() < 1e-12); // [2, 3, 1]: mean 2, slope -0.5
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Lsma {
    period: usize,
    nan_policy: NanPolicy,
    started: bool,
    poisoned: bool,
    /// The last `period` values in a ring; `slot` is the next to write (the oldest once full).
    window: Vec<f64>,
    slot: usize,
    seen: usize,
    /// Values left before the next exact re-summation.
    until_resum: usize,
    sum_y: f64,
    sum_xy: f64,
    sum_x: f64,
    divisor: f64,
}

impl Lsma {
    /// A least-squares moving average over `period` values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` < 2 (as TA-Lib).
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        if period < 2 {
            return Err(IndicatorError::InvalidPeriod {
                name: "period",
                min: 2,
                value: period,
            });
        }
        let p = period as f64;
        let sum_x = p * (p - 1.0) * 0.5;
        let sum_xx = p * (p - 1.0) * (2.0 * p - 1.0) / 6.0;
        Ok(Self {
            period,
            nan_policy,
            started: false,
            poisoned: false,
            window: Vec::new(),
            slot: 0,
            seen: 0,
            until_resum: RESUM_EVERY,
            sum_y: 0.0,
            sum_xy: 0.0,
            sum_x,
            divisor: sum_x * sum_x - p * sum_xx,
        })
    }

    /// The sums of the full window from scratch, oldest first (age `period - 1` down to 0).
    fn resum(&mut self) {
        let (mut sum_y, mut sum_xy) = (0.0, 0.0);
        let (newer, older) = self.window.split_at(self.slot);
        for (offset, &v) in older.iter().chain(newer).enumerate() {
            sum_y += v;
            sum_xy += (self.period - 1 - offset) as f64 * v;
        }
        self.sum_y = sum_y;
        self.sum_xy = sum_xy;
    }

    /// Feeds the next value; NaN through the warm-up of `period - 1` values.
    // Inlined into the batch loop so the running sums stay in registers.
    #[inline(always)]
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        self.started = true;
        if value.is_nan() {
            self.poisoned = true; // TA-Lib 0.8's running sums keep a NaN for good
        }
        if self.poisoned {
            return f64::NAN;
        }
        let p = self.period as f64;
        if self.window.len() < self.period {
            // Filling: every value so far ages by one.
            self.sum_xy += self.sum_y;
            self.sum_y += value;
            self.window.push(value);
        } else {
            let oldest = self.window[self.slot];
            self.sum_xy += self.sum_y - p * oldest;
            self.sum_y += value - oldest;
            self.window[self.slot] = value;
        }
        self.slot += 1;
        if self.slot == self.period {
            self.slot = 0;
        }
        self.seen += 1;
        self.until_resum -= 1;
        let resum = self.until_resum == 0;
        if resum {
            self.until_resum = RESUM_EVERY;
        }
        if self.seen < self.period {
            return f64::NAN;
        }
        if resum {
            self.resum();
        }
        let slope = (p * self.sum_xy - self.sum_x * self.sum_y) / self.divisor;
        let intercept = (self.sum_y - slope * self.sum_x) / p;
        intercept + slope * (p - 1.0)
    }
}

impl StateMachine for Lsma {
    #[inline(always)]
    fn update(&mut self, value: f64) -> f64 {
        Lsma::update(self, value)
    }
}

/// Least-squares moving average of `values` (TA-Lib's `LINEARREG`); see [`Lsma`].
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` < 2.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{lsma, NanPolicy};
/// let out = lsma(&[1.0, 2.0, 3.0, 4.0], 2, NanPolicy::Propagate)?;
/// assert!(out[0].is_nan());
/// assert_eq!(&out[1..], &[2.0, 3.0, 4.0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn lsma(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_series(Lsma::new(period, nan_policy)?, values)
}

/// [`lsma`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`lsma`] otherwise.
///
/// # Examples
/// ```
/// use rustybt_indicators::{lsma_columns, NanPolicy};
/// let out = lsma_columns(&[1.0, 5.0, 2.0, 5.0], 2, 2, 2, NanPolicy::Propagate)?;
/// assert_eq!(&out[2..], &[2.0, 5.0]);
/// # Ok::<(), rustybt_indicators::IndicatorError>(())
/// ```
pub fn lsma_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Lsma::new(period, nan_policy)?, values, rows, cols)
}

// --- issue 8: streaming (reset and snapshot) ----------------------------------------------------

impl Lsma {
    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.started = false;
        self.poisoned = false;
        self.window.clear();
        self.slot = 0;
        self.seen = 0;
        self.until_resum = RESUM_EVERY;
        self.sum_y = 0.0;
        self.sum_xy = 0.0;
    }
}

impl crate::Snapshot for Lsma {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        crate::snapshot::save_flag(out, self.poisoned);
        crate::snapshot::save_count(out, self.slot);
        crate::snapshot::save_count(out, self.seen);
        crate::snapshot::save_count(out, self.until_resum);
        // The ring as stored (slot order), so `slot` keeps its meaning.
        crate::snapshot::save_window(out, self.window.iter());
        out.extend([self.sum_y, self.sum_xy]);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.poisoned = saved.flag()?;
        self.slot = saved.count(self.period - 1)?;
        self.seen = saved.count(usize::MAX)?;
        self.until_resum = saved.count(RESUM_EVERY)?;
        let mut window = std::collections::VecDeque::new();
        saved.window(&mut window, self.period)?;
        self.window = window.into();
        self.sum_y = saved.float()?;
        self.sum_xy = saved.float()?;
        let len = self.window.len();
        if self.until_resum == 0 || (len < self.period && (self.slot != len || self.seen != len)) {
            return Err(IndicatorError::InvalidState {
                reason: "the window, its position and its counters disagree",
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

    /// TA-Lib's per-window formula, summed directly.
    fn direct(values: &[f64], period: usize) -> Vec<f64> {
        let p = period as f64;
        let sum_x = p * (p - 1.0) * 0.5;
        let sum_xx = p * (p - 1.0) * (2.0 * p - 1.0) / 6.0;
        let divisor = sum_x * sum_x - p * sum_xx;
        (0..values.len())
            .map(|t| {
                if t + 1 < period {
                    return f64::NAN;
                }
                let (mut sy, mut sxy) = (0.0, 0.0);
                for i in (0..period).rev() {
                    sy += values[t - i];
                    sxy += i as f64 * values[t - i];
                }
                let m = (p * sxy - sum_x * sy) / divisor;
                (sy - m * sum_x) / p + m * (p - 1.0)
            })
            .collect()
    }

    #[test]
    fn equals_the_direct_formula() {
        let values = rustybt_bench_data::prices(5000, 4);
        for period in [2, 3, 14, 100] {
            let got = lsma(&values, period, NanPolicy::Propagate).unwrap();
            let expected = direct(&values, period);
            for (g, e) in got.iter().zip(&expected) {
                assert!(g.is_nan() == e.is_nan());
                if !e.is_nan() {
                    assert!((g - e).abs() <= 1e-11 * e.abs(), "{g} {e}");
                }
            }
        }
    }

    #[test]
    fn nan_and_bad_input() {
        let out = lsma(
            &[f64::NAN, 1.0, 2.0, f64::NAN, 4.0, 5.0],
            2,
            NanPolicy::Propagate,
        )
        .unwrap();
        assert!(out[0].is_nan() && out[1].is_nan() && out[2] == 2.0);
        assert!(out[3..].iter().all(|v| v.is_nan()));
        let out = lsma(&[1.0, 2.0, f64::NAN, 4.0, 5.0], 2, NanPolicy::Skip).unwrap();
        assert!(out[2].is_nan() && out[3] == 4.0 && out[4] == 5.0);
        assert!(matches!(
            Lsma::new(1, NanPolicy::Propagate),
            Err(IndicatorError::InvalidPeriod { min: 2, .. })
        ));
        assert!(lsma(&[1.0, f64::INFINITY], 2, NanPolicy::Propagate).is_err());
    }
}
