//! Bollinger bands around a simple moving average, as TA-Lib's `BBANDS` computes them.

use crate::fma::with_fma;
use crate::multi_output::{run_columns_multi, run_series_multi, MultiStateMachine};
use crate::stddev::{check_deviation_period, check_finite_parameter};
use crate::stream::{check_finite, filled_lines};
use crate::variance::{RollingVariance, VarianceSweep};
use crate::{IndicatorError, NanPolicy, Sma};

/// The three bands of [`bbands`], each as long as the input (row-major matrices for
/// [`bbands_columns`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    /// `middle + nbdev_up * stddev`.
    pub upper: Vec<f64>,
    /// The simple moving average.
    pub middle: Vec<f64>,
    /// `middle - nbdev_dn * stddev`.
    pub lower: Vec<f64>,
}

impl From<[Vec<f64>; 3]> for Bands {
    fn from([upper, middle, lower]: [Vec<f64>; 3]) -> Self {
        Self {
            upper,
            middle,
            lower,
        }
    }
}

/// Number of leading outputs that are NaN for a series with no missing values: `period - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::bbands_lookback(5), 4);
/// ```
pub fn bbands_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Streaming Bollinger bands: one value in, `[upper, middle, lower]` out.
///
/// TA-Lib 0.8's `BBANDS` with its default SMA middle band, to the last bit: the middle band is
/// TA-Lib's `SMA` (see [`Sma`]), the deviation is the square root of TA-Lib 0.8's rolling
/// population variance (see [`crate::Stddev`]), and the bands follow TA-Lib's arithmetic: with
/// `nbdev_up == nbdev_dn` the product `stddev * nbdev` is formed once and added and subtracted;
/// otherwise the upper band is one fused multiply-add `stddev * nbdev_up + middle` (as TA-Lib's
/// FMA build) and the lower band `middle - stddev * nbdev_dn`. NaNs before the first number are
/// skipped; later ones follow the [`NanPolicy`] (under `Propagate` the SMA keeps a NaN for good,
/// so every band is NaN after it, as in TA-Lib).
///
/// # Examples
/// ```
/// use rustybt_indicators::{Bbands, NanPolicy};
/// let mut bands = Bbands::new(2, 2.0, 2.0, NanPolicy::Propagate).unwrap();
/// assert!(bands.update(1.0)[1].is_nan());
/// assert_eq!(bands.update(3.0), [4.0, 2.0, 0.0]); // 2 +- 2 * 1
/// ```
#[derive(Debug, Clone)]
pub struct Bbands {
    middle: Sma,
    variance: RollingVariance,
    nbdev_up: f64,
    nbdev_dn: f64,
}

impl Bbands {
    /// Bands over `period` values, `nbdev_up` and `nbdev_dn` deviations from the middle.
    ///
    /// # Errors
    /// - [`IndicatorError::InvalidPeriod`] if `period` is below 2 (as TA-Lib).
    /// - [`IndicatorError::NonFiniteParameter`] if `nbdev_up` or `nbdev_dn` is not finite.
    pub fn new(
        period: usize,
        nbdev_up: f64,
        nbdev_dn: f64,
        nan_policy: NanPolicy,
    ) -> Result<Self, IndicatorError> {
        check_deviation_period(period)?;
        check_finite_parameter("nbdev_up", nbdev_up)?;
        check_finite_parameter("nbdev_dn", nbdev_dn)?;
        Ok(Self {
            middle: Sma::new(period, nan_policy)?,
            variance: RollingVariance::new(period, nan_policy),
            nbdev_up,
            nbdev_dn,
        })
    }

    /// Feeds the next value and returns `[upper, middle, lower]`, NaN during the warm-up (and
    /// as the [`NanPolicy`] says for NaN inputs).
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    pub fn update(&mut self, value: f64) -> [f64; 3] {
        let middle = self.middle.update(value);
        let deviation = self.variance.update(value).sqrt();
        self.bands(middle, deviation)
    }

    /// The three bands from the middle and the deviation.
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    fn bands(&self, middle: f64, deviation: f64) -> [f64; 3] {
        if self.nbdev_up == self.nbdev_dn {
            let width = deviation * self.nbdev_up;
            [middle + width, middle, middle - width]
        } else {
            [
                deviation.mul_add(self.nbdev_up, middle),
                middle,
                middle - deviation * self.nbdev_dn,
            ]
        }
    }

    /// Forgets all values seen, keeping the parameters.
    pub fn reset(&mut self) {
        self.middle.reset();
        self.variance.reset();
    }
}

impl MultiStateMachine<3> for Bbands {
    #[inline(always)] // inlined into the FMA-enabled batch loops (crate::fma)
    fn update(&mut self, value: f64) -> [f64; 3] {
        Bbands::update(self, value)
    }
}

/// Bollinger bands of `values`: TA-Lib's `BBANDS` (SMA middle) under [`NanPolicy::Propagate`]
/// (see [`Bbands`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is below 2.
/// - [`IndicatorError::NonFiniteParameter`] if a deviation multiplier is not finite.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{bbands, NanPolicy};
/// let bands = bbands(&[1.0, 3.0, 3.0], 2, 2.0, 1.0, NanPolicy::Propagate).unwrap();
/// assert_eq!(&bands.middle[1..], &[2.0, 3.0]);
/// assert_eq!(&bands.upper[1..], &[4.0, 3.0]);
/// assert_eq!(&bands.lower[1..], &[1.0, 3.0]);
/// ```
pub fn bbands(
    values: &[f64],
    period: usize,
    nbdev_up: f64,
    nbdev_dn: f64,
    nan_policy: NanPolicy,
) -> Result<Bands, IndicatorError> {
    let state = Bbands::new(period, nbdev_up, nbdev_dn, nan_policy)?;
    // One pass for the common case: TA-Lib's running sum and rolling variance reading their
    // windows from the series (no ring buffers), each band written once, the finiteness check
    // riding along. Under Propagate a NaN after the leading ones enters the same operations in
    // the same order as in the state machine, hence the same bits; Skip with a NaN takes the
    // state machine.
    let lead = values.iter().take_while(|v| v.is_nan()).count();
    let series = &values[lead..];
    let divisor = period as f64;
    let mut sweep = VarianceSweep::new(period);
    let mut sum = 0.0;
    let (lines, all_finite) = with_fma(
        #[inline(always)]
        || {
            let mut all_finite = true;
            let lines = filled_lines(
                values.len(),
                #[inline(always)]
                |i| {
                    let Some(k) = i.checked_sub(lead) else {
                        return [f64::NAN; 3];
                    };
                    let value = series[k];
                    all_finite &= value.is_finite();
                    // `Sma::update`: add the newest, divide, subtract the oldest.
                    sum += value;
                    let variance = sweep.at(series, k);
                    let Some(oldest) = (k + 1).checked_sub(period) else {
                        return [f64::NAN; 3];
                    };
                    let middle = sum / divisor;
                    sum -= series[oldest];
                    state.bands(middle, variance.sqrt())
                },
            );
            (lines, all_finite)
        },
    );
    if all_finite {
        return Ok(lines.into());
    }
    check_finite(values)?;
    match nan_policy {
        NanPolicy::Propagate => Ok(lines.into()),
        NanPolicy::Skip => Ok(run_series_multi(state, values)?.into()),
    }
}

/// [`bbands`] of each column of a row-major `rows x cols` matrix (time x assets): three
/// row-major matrices.
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`bbands`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{bbands_columns, NanPolicy};
/// let bands = bbands_columns(&[1.0, 5.0, 3.0, 5.0], 2, 2, 2, 1.0, 1.0, NanPolicy::Propagate).unwrap();
/// assert_eq!(&bands.upper[2..], &[3.0, 5.0]);
/// ```
pub fn bbands_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nbdev_up: f64,
    nbdev_dn: f64,
    nan_policy: NanPolicy,
) -> Result<Bands, IndicatorError> {
    let template = Bbands::new(period, nbdev_up, nbdev_dn, nan_policy)?;
    Ok(run_columns_multi(&template, values, rows, cols)?.into())
}

impl crate::Snapshot for Bbands {
    fn save(&self, out: &mut Vec<f64>) {
        self.middle.save(out);
        self.variance.save(out);
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.middle.load(saved)?;
        self.variance.load(saved)
    }
}

#[allow(unused_imports)]
use crate::Snapshot as _;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;
    use crate::{sma, stddev};

    const NAN: f64 = f64::NAN;
    const P: NanPolicy = NanPolicy::Propagate;

    /// The batch sweep against the state machine, bit for bit: lengths around the period, both
    /// deviation branches (fused when up != dn), rebuilds of the variance, leading NaNs, a NaN
    /// inside, inf anywhere, and Skip (the state machine's path).
    #[test]
    fn batch_sweep_equals_the_state_machine() {
        let streamed = |values: &[f64], period: usize, up: f64, dn: f64, policy: NanPolicy| {
            let mut state = Bbands::new(period, up, dn, policy).unwrap();
            let mut lines = [vec![], vec![], vec![]];
            for &v in values {
                for (line, b) in lines.iter_mut().zip(state.update(v)) {
                    line.push(b);
                }
            }
            lines
        };
        let agree = |bands: Bands, lines: [Vec<f64>; 3]| {
            same(&bands.upper, &lines[0])
                && same(&bands.middle, &lines[1])
                && same(&bands.lower, &lines[2])
        };
        let mut base = rustybt_bench_data::prices(700, 3);
        base[200..230].fill(50.5);
        base[400] = 1e8;
        for (up, dn) in [(2.0, 2.0), (2.5, 1.5)] {
            for period in [2, 3, 20] {
                for len in [0, 1, period - 1, period, period + 1, 700] {
                    let values = &base[..len];
                    let bands = bbands(values, period, up, dn, P).unwrap();
                    assert!(
                        agree(bands, streamed(values, period, up, dn, P)),
                        "{period} {len}"
                    );
                }
                let mut gappy = base.clone();
                gappy[..2].fill(NAN);
                gappy[90] = NAN;
                for policy in [P, NanPolicy::Skip] {
                    let bands = bbands(&gappy, period, up, dn, policy).unwrap();
                    assert!(agree(bands, streamed(&gappy, period, up, dn, policy)));
                }
                for at in [0, period, 699] {
                    let mut bad = base.clone();
                    bad[at / 2] = NAN;
                    bad[at] = f64::INFINITY;
                    assert!(matches!(
                        bbands(&bad, period, up, dn, P),
                        Err(IndicatorError::NonFinite { index, .. }) if index == at
                    ));
                }
            }
        }
    }

    #[test]
    fn bands_are_sma_and_stddev() {
        let mut values = rustybt_bench_data::prices(400, 2);
        values[150] = NAN;
        for (up, dn) in [(2.0, 2.0), (1.0, 1.0), (2.5, 1.5), (0.7, -1.3)] {
            let bands = bbands(&values, 20, up, dn, P).unwrap();
            let middle = sma(&values, 20, P).unwrap();
            let deviation = stddev(&values, 20, 1.0, P).unwrap();
            assert!(same(&bands.middle, &middle));
            let upper: Vec<f64> = (0..values.len())
                .map(|i| {
                    if up == dn {
                        middle[i] + deviation[i] * up
                    } else {
                        deviation[i].mul_add(up, middle[i])
                    }
                })
                .collect();
            let lower: Vec<f64> = (0..values.len())
                .map(|i| middle[i] - deviation[i] * dn)
                .collect();
            assert!(same(&bands.upper, &upper));
            assert!(same(&bands.lower, &lower));
        }
    }

    #[test]
    fn columns_and_streaming_agree() {
        let a = rustybt_bench_data::prices(300, 4);
        let matrix: Vec<f64> = a.iter().flat_map(|&v| [v, -v]).collect();
        let out = bbands_columns(&matrix, 300, 2, 9, 2.0, 1.0, NanPolicy::Skip).unwrap();
        let single = bbands(&a, 9, 2.0, 1.0, NanPolicy::Skip).unwrap();
        let first: Vec<f64> = out.upper.chunks(2).map(|r| r[0]).collect();
        assert!(same(&first, &single.upper));
        let mut state = Bbands::new(9, 2.0, 1.0, NanPolicy::Skip).unwrap();
        state.update(3.0);
        state.reset();
        let streamed: Vec<f64> = a.iter().map(|&v| state.update(v)[2]).collect();
        assert!(same(&streamed, &single.lower));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            bbands(&[1.0], 1, 2.0, 2.0, P),
            Err(IndicatorError::InvalidPeriod { min: 2, .. })
        ));
        assert!(matches!(
            bbands(&[1.0], 5, 2.0, f64::INFINITY, P),
            Err(IndicatorError::NonFiniteParameter {
                name: "nbdev_dn",
                ..
            })
        ));
        assert!(matches!(
            bbands(&[f64::INFINITY], 5, 2.0, 2.0, P),
            Err(IndicatorError::NonFinite { index: 0, .. })
        ));
        assert!(matches!(
            bbands_columns(&[1.0; 3], 2, 2, 2, 2.0, 2.0, P),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(bbands(&[], 5, 2.0, 2.0, P).unwrap().middle.is_empty());
    }
}
