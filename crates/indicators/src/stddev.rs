//! Rolling standard deviation, as TA-Lib's `STDDEV` computes it.

use crate::stream::{check_finite, filled, run_columns, run_series, StateMachine};
use crate::variance::{RollingVariance, VarianceSweep};
use crate::{IndicatorError, NanPolicy};

/// Number of leading outputs that are NaN for a series with no missing values: `period - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::stddev_lookback(5), 4);
/// ```
pub fn stddev_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// The period check of STDDEV and BBANDS: at least 2, as TA-Lib.
pub(crate) fn check_deviation_period(period: usize) -> Result<(), IndicatorError> {
    if period < 2 {
        return Err(IndicatorError::InvalidPeriod {
            name: "period",
            min: 2,
            value: period,
        });
    }
    Ok(())
}

/// An error unless `value` is finite.
pub(crate) fn check_finite_parameter(name: &'static str, value: f64) -> Result<(), IndicatorError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(IndicatorError::NonFiniteParameter { name, value })
    }
}

/// Streaming standard deviation: `sqrt(variance) * nbdev`, the population variance (divided by
/// `period`, not `period - 1`) of the last `period` values.
///
/// TA-Lib 0.8's `STDDEV`, which square-roots its `VAR`, to the last bit. That variance is not the
/// textbook running `E[x^2] - E[x]^2` of TA-Lib 0.4 (which loses every digit on prices far from
/// zero) but TA-Lib 0.8's shifted sums with periodic and condition-triggered two-pass rebuilds
/// (TA-Lib issue #118): under `Propagate` a NaN inside the series gives NaN until the first
/// rebuild (at most `32 * period` windows later) whose window no longer holds it, exactly as
/// TA-Lib. NaNs before the first number are skipped.
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Stddev};
/// let mut stddev = Stddev::new(2, 1.0, NanPolicy::Propagate).unwrap();
/// assert!(stddev.update(1.0).is_nan());
/// assert_eq!(stddev.update(3.0), 1.0);
/// ```
#[derive(Debug, Clone)]
pub struct Stddev {
    variance: RollingVariance,
    nbdev: f64,
}

impl Stddev {
    /// A standard deviation over `period` values, multiplied by `nbdev`.
    ///
    /// # Errors
    /// - [`IndicatorError::InvalidPeriod`] if `period` is below 2 (as TA-Lib).
    /// - [`IndicatorError::NonFiniteParameter`] if `nbdev` is NaN or infinite.
    pub fn new(period: usize, nbdev: f64, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_deviation_period(period)?;
        check_finite_parameter("nbdev", nbdev)?;
        Ok(Self {
            variance: RollingVariance::new(period, nan_policy),
            nbdev,
        })
    }

    /// Feeds the next value and returns the deviation, or NaN during the warm-up (and as the
    /// [`NanPolicy`] says for NaN inputs).
    #[inline]
    pub fn update(&mut self, value: f64) -> f64 {
        self.variance.update(value).sqrt() * self.nbdev
    }

    /// Forgets all values seen, keeping the parameters.
    pub fn reset(&mut self) {
        self.variance.reset();
    }
}

impl StateMachine for Stddev {
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        Stddev::update(self, value)
    }
}

/// Standard deviation of `values` over `period` values times `nbdev`: same length as the input,
/// NaN through the warm-up; TA-Lib's `STDDEV` under [`NanPolicy::Propagate`] (see [`Stddev`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is below 2.
/// - [`IndicatorError::NonFiniteParameter`] if `nbdev` is not finite.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{stddev, NanPolicy};
/// let out = stddev(&[2.0, 4.0, 4.0, 4.0], 2, 2.0, NanPolicy::Propagate).unwrap();
/// assert!(out[0].is_nan());
/// assert_eq!(&out[1..], &[2.0, 0.0, 0.0]);
/// ```
pub fn stddev(
    values: &[f64],
    period: usize,
    nbdev: f64,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let state = Stddev::new(period, nbdev, nan_policy)?;
    // One pass for the common case: the rolling variance reading its window from the series
    // (no ring buffer), each output written once, the finiteness check riding along. Under
    // Propagate a NaN after the leading ones enters the same operations as in the state
    // machine, hence the same bits; Skip with a NaN takes the state machine.
    let lead = values.iter().take_while(|v| v.is_nan()).count();
    let series = &values[lead..];
    let mut sweep = VarianceSweep::new(period);
    let mut all_finite = true;
    let out = filled(
        values.len(),
        #[inline(always)]
        |i| match i.checked_sub(lead) {
            Some(k) => {
                all_finite &= series[k].is_finite();
                sweep.at(series, k).sqrt() * nbdev
            }
            None => f64::NAN,
        },
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

/// [`stddev`] of each column of a row-major `rows x cols` matrix (time x assets).
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`stddev`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{stddev_columns, NanPolicy};
/// let out = stddev_columns(&[1.0, 5.0, 3.0, 5.0], 2, 2, 2, 1.0, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[1.0, 0.0]);
/// ```
pub fn stddev_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nbdev: f64,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    run_columns(&Stddev::new(period, nbdev, nan_policy)?, values, rows, cols)
}

impl crate::Snapshot for Stddev {
    fn save(&self, out: &mut Vec<f64>) {
        self.variance.save(out);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.variance.load(saved)
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

    #[test]
    fn population_deviation_without_cancellation() {
        // Far from zero, a plain E[x^2] - E[x]^2 would lose every digit here.
        let values = [1e9 + 1.0, 1e9 + 3.0, 1e9 + 1.0, 1e9 + 3.0];
        let out = stddev(&values, 2, 1.0, P).unwrap();
        assert!(same(&out, &[NAN, 1.0, 1.0, 1.0]));
        let flat = stddev(&[7.25; 6], 3, 1.0, P).unwrap();
        assert!(same(&flat, &[NAN, NAN, 0.0, 0.0, 0.0, 0.0]));
        let walk = rustybt_bench_data::prices(500, 3);
        let out = stddev(&walk, 20, 1.0, P).unwrap();
        for (i, &s) in out.iter().enumerate().skip(19) {
            let window = &walk[i - 19..=i];
            let mean = window.iter().sum::<f64>() / 20.0;
            let var = window.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / 20.0;
            assert!(
                (s - var.sqrt()).abs() <= 1e-9 * var.sqrt().max(1e-12),
                "{i}"
            );
        }
    }

    #[test]
    fn nan_is_forgotten_at_the_next_rebuild() {
        let mut values: Vec<f64> = (0..200).map(|i| f64::from(i % 7)).collect();
        values[5] = NAN;
        let out = stddev(&values, 3, 1.0, P).unwrap();
        // The periodic rebuild comes every 32 * 3 windows; the first window is at index 2.
        assert!(out[5..=96].iter().all(|v| v.is_nan()));
        assert!(out[97..].iter().all(|v| v.is_finite()));
        let skipped = stddev(&values, 3, 1.0, NanPolicy::Skip).unwrap();
        assert!(skipped[5].is_nan() && skipped[6..].iter().all(|v| v.is_finite()));
    }

    /// The batch sweep (window read from the series) against the state machine, bit for bit,
    /// through every rebuild trigger: the periodic one (32 periods), a variance collapsing on a
    /// constant run, an outlier leaving the window; with lengths around the period, leading
    /// NaNs, a NaN inside (kept until a rebuild), inf anywhere, and Skip (state machine).
    #[test]
    fn batch_sweep_equals_the_state_machine() {
        let streamed = |values: &[f64], period: usize, policy: NanPolicy| -> Vec<f64> {
            let mut state = Stddev::new(period, 1.5, policy).unwrap();
            values.iter().map(|&v| state.update(v)).collect()
        };
        let mut base = rustybt_bench_data::prices(900, 9);
        base[300..340].fill(123.25); // constant run: the variance collapses
        base[500] = 1e9; // an outlier whose square dwarfs the rest when it leaves
        for period in [2, 3, 5, 14] {
            for len in [0, 1, period - 1, period, period + 1, 900] {
                let values = &base[..len];
                let batch = stddev(values, period, 1.5, P).unwrap();
                assert!(same(&batch, &streamed(values, period, P)), "{period} {len}");
            }
            let mut gappy = base.clone();
            gappy[..4].fill(NAN);
            gappy[100] = NAN;
            for policy in [P, NanPolicy::Skip] {
                let out = stddev(&gappy, period, 1.5, policy).unwrap();
                assert!(
                    same(&out, &streamed(&gappy, period, policy)),
                    "{period} {policy:?}"
                );
            }
            for at in [0, 1, period, 899] {
                let mut bad = base.clone();
                bad[at / 2] = NAN;
                bad[at] = f64::NEG_INFINITY;
                assert!(matches!(
                    stddev(&bad, period, 1.0, P),
                    Err(IndicatorError::NonFinite { index, .. }) if index == at
                ));
            }
        }
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 4);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let out = stddev_columns(&matrix, 300, 2, 7, 1.5, P).unwrap();
        let first: Vec<f64> = out.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &stddev(&a, 7, 1.5, P).unwrap()));
        let mut state = Stddev::new(7, 1.5, P).unwrap();
        state.update(2.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)).collect();
        assert!(same(&first, &streamed));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            stddev(&[1.0], 1, 1.0, P),
            Err(IndicatorError::InvalidPeriod {
                min: 2,
                value: 1,
                ..
            })
        ));
        assert!(matches!(
            stddev(&[1.0], 2, f64::NAN, P),
            Err(IndicatorError::NonFiniteParameter { name: "nbdev", .. })
        ));
        assert!(matches!(
            stddev(&[1.0, f64::INFINITY], 2, 1.0, P),
            Err(IndicatorError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            stddev_columns(&[1.0; 3], 2, 2, 2, 1.0, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(same(
            &stddev(&[1.0, 2.0], usize::MAX, 1.0, P).unwrap(),
            &[NAN, NAN]
        ));
    }
}
