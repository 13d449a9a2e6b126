//! Simple moving average, as TA-Lib computes it.

use std::collections::VecDeque;

use crate::parallel::{for_column_blocks, worth_splitting};
use crate::stream::{check_finite, check_period, check_shape, run_columns_into, StateMachine};
use crate::{IndicatorError, NanPolicy};

/// Number of leading outputs that are NaN for a series with no missing values: `period - 1`.
///
/// # Examples
/// ```
/// assert_eq!(rustybt_indicators::sma_lookback(20), 19);
/// ```
pub fn sma_lookback(period: usize) -> usize {
    period.saturating_sub(1)
}

/// Streaming simple moving average: one value in, one value out.
///
/// This one state machine defines the batch functions too, so streaming and batch results
/// cannot disagree. The running sum follows TA-Lib's order of operations (add the newest value,
/// divide, then subtract the oldest), so results equal TA-Lib's `SMA` to the last bit. NaNs
/// before the first number are skipped; later ones follow the [`NanPolicy`].
///
/// # Examples
/// ```
/// use rustybt_indicators::{NanPolicy, Sma};
/// let mut sma = Sma::new(2, NanPolicy::Skip).unwrap();
/// assert!(sma.update(1.0).is_nan());
/// assert_eq!(sma.update(2.0), 1.5);
/// assert!(sma.update(f64::NAN).is_nan()); // skipped
/// assert_eq!(sma.update(4.0), 3.0);
/// ```
#[derive(Debug, Clone)]
pub struct Sma {
    period: usize,
    nan_policy: NanPolicy,
    /// The last `period - 1` values taken in (fewer during the warm-up), oldest first.
    window: VecDeque<f64>,
    sum: f64,
    started: bool,
}

impl Sma {
    /// A moving average over `period` values.
    ///
    /// # Errors
    /// [`IndicatorError::InvalidPeriod`] if `period` is 0.
    pub fn new(period: usize, nan_policy: NanPolicy) -> Result<Self, IndicatorError> {
        check_period(period)?;
        // The window grows with the data, so a huge period costs no memory up front.
        Ok(Self {
            period,
            nan_policy,
            window: VecDeque::new(),
            sum: 0.0,
            started: false,
        })
    }

    /// Feeds the next value and returns the average of the last `period` values, or NaN during
    /// the warm-up (and as the [`NanPolicy`] says for NaN inputs).
    #[inline(always)] // into the bindings' FMA-enabled pipeline loop
    pub fn update(&mut self, value: f64) -> f64 {
        if value.is_nan() && (!self.started || self.nan_policy == NanPolicy::Skip) {
            return f64::NAN;
        }
        self.started = true;
        self.sum += value; // under Propagate a NaN stays in the sum for good, as in TA-Lib
        if self.window.len() + 1 < self.period {
            self.window.push_back(value);
            return f64::NAN;
        }
        let average = self.sum / self.period as f64;
        // Drop the oldest value now, as TA-Lib does, so the window holds `period - 1` values.
        self.window.push_back(value);
        if let Some(oldest) = self.window.pop_front() {
            self.sum -= oldest;
        }
        average
    }

    /// Forgets all values seen, keeping the period and policy.
    pub fn reset(&mut self) {
        self.window.clear();
        self.sum = 0.0;
        self.started = false;
    }
}

impl StateMachine for Sma {
    #[inline]
    fn update(&mut self, value: f64) -> f64 {
        Sma::update(self, value)
    }
}

/// Simple moving average of `values` over `period` values: same length as the input, NaN through
/// the warm-up; TA-Lib's `SMA` under [`NanPolicy::Propagate`] (see [`Sma`]).
///
/// # Errors
/// - [`IndicatorError::InvalidPeriod`] if `period` is 0.
/// - [`IndicatorError::NonFinite`] if a value is ±inf.
///
/// # Examples
/// ```
/// use rustybt_indicators::{sma, NanPolicy};
/// let out = sma(&[1.0, 2.0, 3.0, 4.0], 2, NanPolicy::Propagate).unwrap();
/// assert!(out[0].is_nan());
/// assert_eq!(&out[1..], &[1.5, 2.5, 3.5]);
/// ```
pub fn sma(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let mut state = Sma::new(period, nan_policy)?;
    // One pass for the common case: the running sum over everything after the leading NaNs,
    // written once into a fresh vector, with the finiteness check riding along off the sum's
    // dependency chain. Under Propagate, NaNs inside need nothing more: they poison the sum
    // exactly as they do in TA-Lib.
    let lead = values.iter().take_while(|v| v.is_nan()).count();
    let mut all_finite = true;
    let mut out = Vec::with_capacity(values.len());
    out.resize(lead, f64::NAN);
    out.extend(running_mean_1d(&values[lead..], period, &mut all_finite));
    if all_finite {
        return Ok(out);
    }
    check_finite(values)?;
    match nan_policy {
        NanPolicy::Propagate => Ok(out),
        NanPolicy::Skip => Ok(values.iter().map(|&v| state.update(v)).collect()),
    }
}

/// TA-Lib's SMA loop over one series: NaN for the first `period - 1` outputs, then add the
/// newest value, divide, subtract the oldest (read from `series` itself, no ring buffer).
/// Clears `all_finite` if a value is NaN or inf, checked alongside the sum rather than in a
/// pass of its own.
fn running_mean_1d<'a>(
    series: &'a [f64],
    period: usize,
    all_finite: &'a mut bool,
) -> impl Iterator<Item = f64> + 'a {
    let divisor = period as f64;
    let warm = (period - 1).min(series.len());
    let mut sum = 0.0;
    for &v in &series[..warm] {
        sum += v;
        *all_finite &= v.is_finite();
    }
    // series[warm + k] enters the window as series[k] leaves it.
    let steady = series[warm..].iter().zip(series).map(move |(&v, &old)| {
        *all_finite &= v.is_finite();
        sum += v;
        let average = sum / divisor;
        sum -= old;
        average
    });
    std::iter::repeat_n(f64::NAN, warm).chain(steady)
}

/// [`sma`] writing into a caller-provided buffer of the same length as `values`.
///
/// # Errors
/// As [`sma`], plus [`IndicatorError::ShapeMismatch`] if `out` has another length.
pub fn sma_into(
    values: &[f64],
    period: usize,
    nan_policy: NanPolicy,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    sma_columns_into(values, values.len(), 1, period, nan_policy, out)
}

/// Simple moving average of each column of a row-major `rows x cols` matrix (time x assets).
///
/// Columns are independent series; the matrix is swept row by row, which reads memory in order
/// instead of striding down each column.
///
/// # Errors
/// - [`IndicatorError::ShapeMismatch`] if `values.len() != rows * cols`.
/// - As [`sma`] otherwise; the index of a non-finite value is its flat (row-major) position.
///
/// # Examples
/// ```
/// use rustybt_indicators::{sma_columns, NanPolicy};
/// // two assets, three bars
/// let out = sma_columns(&[1.0, 10.0, 2.0, 20.0, 3.0, 30.0], 3, 2, 2, NanPolicy::Propagate).unwrap();
/// assert_eq!(&out[2..], &[1.5, 15.0, 2.5, 25.0]);
/// ```
pub fn sma_columns(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![f64::NAN; values.len()];
    sma_columns_into(values, rows, cols, period, nan_policy, &mut out)?;
    Ok(out)
}

/// [`sma_columns`] writing into a caller-provided buffer of `rows * cols` values.
///
/// # Errors
/// As [`sma_columns`], plus [`IndicatorError::ShapeMismatch`] if `out` has another length.
pub fn sma_columns_into(
    values: &[f64],
    rows: usize,
    cols: usize,
    period: usize,
    nan_policy: NanPolicy,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    check_shape(values, out, rows, cols)?;
    let template = Sma::new(period, nan_policy)?;
    let all_finite = check_finite(values)?;
    if cols == 0 {
        return Ok(());
    }
    // Where the window is the input itself, the running sum reads its trailing value from
    // `values` instead of a ring buffer: the same operations in the same order as `Sma::update`,
    // hence the same bits, at TA-Lib's speed. That holds with no NaN at all, and for one series
    // under Propagate once its leading NaNs are passed (later NaNs poison the sum as in TA-Lib).
    let lead = if cols == 1 && !all_finite {
        values.iter().take_while(|v| v.is_nan()).count()
    } else {
        0
    };
    if all_finite && worth_splitting(values.len(), cols) {
        running_mean_blocks(values, cols, period, out);
        return Ok(());
    }
    if all_finite || (cols == 1 && nan_policy == NanPolicy::Propagate) {
        out[..lead].fill(f64::NAN);
        running_mean(&values[lead..], cols, period, &mut out[lead..]);
        return Ok(());
    }
    run_columns_into(&template, values, rows, cols, out)
}

/// Moving average of row-major data, `cols` series side by side, whose windows are the input
/// itself: TA-Lib's loop (add the newest value, divide, subtract the oldest), vectorisable across
/// columns.
fn running_mean(values: &[f64], cols: usize, period: usize, out: &mut [f64]) {
    if cols == 1 {
        let mut finite = true; // already checked by the caller
        for (o, average) in out
            .iter_mut()
            .zip(running_mean_1d(values, period, &mut finite))
        {
            *o = average;
        }
        return;
    }
    let divisor = period as f64;
    // Rows before the first full window: sum only. Split off so the steady-state loop below
    // has no branch and no index arithmetic, only the add-divide-subtract chain.
    let warm = (period - 1).min(values.len() / cols) * cols;
    if cols == 1 {
        let mut finite = true; // already checked by the caller
        for (o, average) in out
            .iter_mut()
            .zip(running_mean_1d(values, period, &mut finite))
        {
            *o = average;
        }
        return;
    }
    let mut sums = vec![0.0; cols];
    for (row, out_row) in values[..warm]
        .chunks_exact(cols)
        .zip(out[..warm].chunks_exact_mut(cols))
    {
        for (sum, &v) in sums.iter_mut().zip(row) {
            *sum += v;
        }
        out_row.fill(f64::NAN);
    }
    // values[warm + k] enters the window as values[k] leaves it.
    let entering = values[warm..].chunks_exact(cols);
    let leaving = values.chunks_exact(cols);
    for ((row, oldest), out_row) in entering
        .zip(leaving)
        .zip(out[warm..].chunks_exact_mut(cols))
    {
        for (((sum, &v), &old), o) in sums.iter_mut().zip(row).zip(oldest).zip(out_row.iter_mut()) {
            *sum += v;
            *o = *sum / divisor;
            *sum -= old;
        }
    }
}

impl crate::Snapshot for Sma {
    fn save(&self, out: &mut Vec<f64>) {
        crate::snapshot::save_flag(out, self.started);
        out.push(self.sum);
        crate::snapshot::save_window(out, self.window.iter());
    }

    fn load(&mut self, saved: &mut crate::SavedState<'_>) -> Result<(), IndicatorError> {
        self.started = saved.flag()?;
        self.sum = saved.float()?;
        saved.window(&mut self.window, self.period - 1)
    }
}

/// [`running_mean`] of the columns of a `? x cols` matrix in parallel column blocks: per column
/// the same operations in the same order, hence the same bits.
fn running_mean_blocks(values: &[f64], cols: usize, period: usize, out: &mut [f64]) {
    let divisor = period as f64;
    for_column_blocks([out], cols, |block| {
        let mut sums = vec![0.0; block.width];
        for (r, [row_out]) in block.rows.into_iter().enumerate() {
            let row = &values[r * cols + block.first..][..block.width];
            if r + 1 < period {
                for (sum, &v) in sums.iter_mut().zip(row) {
                    *sum += v;
                }
                row_out.fill(f64::NAN);
                continue;
            }
            let oldest = &values[(r + 1 - period) * cols + block.first..][..block.width];
            for (((sum, &v), &old), o) in sums.iter_mut().zip(row).zip(oldest).zip(row_out) {
                *sum += v;
                *o = *sum / divisor;
                *sum -= old;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::same;

    const NAN: f64 = f64::NAN;
    const POLICIES: [NanPolicy; 2] = [NanPolicy::Propagate, NanPolicy::Skip];

    fn streamed(values: &[f64], period: usize, policy: NanPolicy) -> Vec<f64> {
        let mut state = Sma::new(period, policy).unwrap();
        values.iter().map(|&v| state.update(v)).collect()
    }

    /// The batch fast paths against the streaming state machine they must equal bit for bit.
    #[test]
    fn batch_equals_the_state_machine() {
        let mut values = rustybt_bench_data::prices(2_000, 9);
        values[0] = NAN;
        values[1] = NAN;
        values[700] = NAN;
        let clean = &values[2..700];
        for policy in POLICIES {
            for period in [1, 2, 3, 7, 30, 697, 698, 699, 2_001] {
                let expected = streamed(clean, period, policy);
                assert!(
                    same(&sma(clean, period, policy).unwrap(), &expected),
                    "{period}"
                );
                let matrix: Vec<f64> = clean.iter().flat_map(|&v| [v, -v, v * 2.0]).collect();
                let out = sma_columns(&matrix, clean.len(), 3, period, policy).unwrap();
                let column: Vec<f64> = out.chunks(3).map(|r| r[0]).collect();
                assert!(same(&column, &expected), "2-D, period {period}");
                let with_nans = streamed(&values, period, policy);
                assert!(
                    same(&sma(&values, period, policy).unwrap(), &with_nans),
                    "{period}"
                );
                let mut into = vec![0.0; values.len()];
                sma_into(&values, period, policy, &mut into).unwrap();
                assert!(same(&into, &with_nans), "sma_into, period {period}");
            }
        }
    }

    #[test]
    fn warm_up_and_values() {
        let p = NanPolicy::Propagate;
        assert!(same(
            &sma(&[1.0, 2.0, 3.0, 4.0, 5.0], 3, p).unwrap(),
            &[NAN, NAN, 2.0, 3.0, 4.0]
        ));
        assert!(same(&sma(&[1.0, 2.0], 1, p).unwrap(), &[1.0, 2.0]));
        assert!(same(&sma(&[1.0, 2.0], 5, p).unwrap(), &[NAN, NAN]));
        assert!(sma(&[], 3, p).unwrap().is_empty());
    }

    #[test]
    fn leading_nans_shift_the_warm_up() {
        for policy in POLICIES {
            let out = sma(&[NAN, NAN, 1.0, 2.0, 3.0], 2, policy).unwrap();
            assert!(same(&out, &[NAN, NAN, NAN, 1.5, 2.5]));
        }
    }

    #[test]
    fn inner_nan_follows_the_policy() {
        let values = [1.0, 2.0, NAN, 4.0, 5.0, 6.0];
        // TA-Lib: the NaN stays in the running sum.
        let out = sma(&values, 2, NanPolicy::Propagate).unwrap();
        assert!(same(&out, &[NAN, 1.5, NAN, NAN, NAN, NAN]));
        // Skip: NaN at its position, windows of valid values around it.
        let out = sma(&values, 2, NanPolicy::Skip).unwrap();
        assert!(same(&out, &[NAN, 1.5, NAN, 3.0, 4.5, 5.5]));
    }

    #[test]
    fn follows_ta_lib_summation_order() {
        let values = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];
        let out = sma(&values, 3, NanPolicy::Propagate).unwrap();
        let mut total = values[0] + values[1];
        for i in 2..values.len() {
            total += values[i];
            assert_eq!(out[i], total / 3.0);
            total -= values[i - 2];
        }
    }

    #[test]
    fn rejects_bad_input() {
        let p = NanPolicy::Propagate;
        assert_eq!(
            sma(&[1.0], 0, p),
            Err(IndicatorError::InvalidPeriod {
                name: "period",
                min: 1,
                value: 0
            })
        );
        assert_eq!(
            sma(&[1.0, f64::NEG_INFINITY], 2, p),
            Err(IndicatorError::NonFinite {
                name: "values",
                index: 1,
                value: f64::NEG_INFINITY
            })
        );
        assert!(matches!(
            sma_columns(&[1.0; 5], 2, 2, 1, p),
            Err(IndicatorError::ShapeMismatch { .. })
        ));
        assert!(same(&sma(&[1.0, 2.0], usize::MAX, p).unwrap(), &[NAN, NAN]));
        assert!(matches!(
            "ignore".parse::<NanPolicy>(),
            Err(IndicatorError::UnknownNanPolicy { .. })
        ));
    }

    #[test]
    fn columns_equal_separate_series() {
        let a = [NAN, 2.0, NAN, 4.0, 5.0];
        let b = [10.0, 9.0, 8.0, 7.0, 6.0];
        let matrix: Vec<f64> = a.iter().zip(&b).flat_map(|(x, y)| [*x, *y]).collect();
        for policy in POLICIES {
            let out = sma_columns(&matrix, 5, 2, 2, policy).unwrap();
            let (col_a, col_b): (Vec<f64>, Vec<f64>) = out.chunks(2).map(|r| (r[0], r[1])).unzip();
            assert!(same(&col_a, &sma(&a, 2, policy).unwrap()));
            assert!(same(&col_b, &sma(&b, 2, policy).unwrap()));
        }
    }

    #[test]
    fn streaming_reset_starts_over() {
        let mut s = Sma::new(2, NanPolicy::Propagate).unwrap();
        s.update(1.0);
        s.update(NAN);
        s.reset();
        assert!(s.update(5.0).is_nan());
        assert_eq!(s.update(7.0), 6.0);
    }
}
