//! What every indicator shares: input checks, and driving a streaming state machine over one
//! series or over the columns of a (time x assets) matrix.

use crate::fma::with_fma;
use crate::parallel::{for_column_blocks, worth_splitting};
use crate::IndicatorError;

/// A streaming indicator: one value in, one value out. The batch functions of each indicator
/// drive its state machine through this trait, so batch and streaming cannot disagree.
pub(crate) trait StateMachine: Clone + Send + Sync {
    fn update(&mut self, value: f64) -> f64;
}

/// The first infinite value as an error (NaN marks a missing value and is allowed); otherwise
/// whether every value is finite (no NaN either).
pub(crate) fn check_finite(values: &[f64]) -> Result<bool, IndicatorError> {
    // One branch-free pass (it vectorises) settles the common all-finite case; only data with
    // NaN or inf pays for finding where they are.
    if values.iter().fold(true, |acc, v| acc & v.is_finite()) {
        return Ok(true);
    }
    match values.iter().position(|v| v.is_infinite()) {
        Some(index) => Err(IndicatorError::NonFinite {
            name: "values",
            index,
            value: values[index],
        }),
        None => Ok(false),
    }
}

/// An error unless `values` and `out` both hold `rows * cols` values.
pub(crate) fn check_shape(
    values: &[f64],
    out: &[f64],
    rows: usize,
    cols: usize,
) -> Result<(), IndicatorError> {
    let expected = rows.checked_mul(cols);
    for (name, len) in [("values", values.len()), ("out", out.len())] {
        if expected != Some(len) {
            return Err(IndicatorError::ShapeMismatch {
                name,
                len,
                rows,
                cols,
            });
        }
    }
    Ok(())
}

/// `state` run over one series, after the finiteness check.
pub(crate) fn run_series<S: StateMachine>(
    mut state: S,
    values: &[f64],
) -> Result<Vec<f64>, IndicatorError> {
    check_finite(values)?;
    // A plain loop over a state owned by the closure: it is inlined into the FMA-enabled copy
    // (an iterator adaptor's `fold` would be a separate function compiled without it), and
    // the state's fields live in registers (through a captured reference they would be
    // reloaded after every store to `out`).
    let out = with_fma(
        #[inline(always)]
        move || {
            let mut out = vec![0.0; values.len()];
            for (o, &v) in out.iter_mut().zip(values) {
                *o = state.update(v);
            }
            out
        },
    );
    Ok(out)
}

/// A copy of `template` per column of the row-major `rows x cols` matrix `values`, swept row by
/// row (memory read in order, not strided down each column), into `out`; blocks of columns run
/// in parallel on large matrices ([`crate::parallel`]), with the same results.
pub(crate) fn run_columns_into<S: StateMachine>(
    template: &S,
    values: &[f64],
    rows: usize,
    cols: usize,
    out: &mut [f64],
) -> Result<(), IndicatorError> {
    check_shape(values, out, rows, cols)?;
    check_finite(values)?;
    if cols == 0 {
        return Ok(());
    }
    if worth_splitting(values.len(), cols) {
        for_column_blocks([out], cols, |block| {
            let mut states = vec![template.clone(); block.width];
            with_fma(
                #[inline(always)]
                || {
                    for (r, [row_out]) in block.rows.into_iter().enumerate() {
                        let row_in = &values[r * cols + block.first..][..block.width];
                        for ((state, &v), o) in states.iter_mut().zip(row_in).zip(row_out) {
                            *o = state.update(v);
                        }
                    }
                },
            );
        });
        return Ok(());
    }
    let mut states = vec![template.clone(); cols];
    with_fma(
        #[inline(always)]
        || {
            for (row_in, row_out) in values.chunks_exact(cols).zip(out.chunks_exact_mut(cols)) {
                for ((state, &v), o) in states.iter_mut().zip(row_in).zip(row_out) {
                    *o = state.update(v);
                }
            }
        },
    );
    Ok(())
}

/// [`run_columns_into`] into a fresh vector.
pub(crate) fn run_columns<S: StateMachine>(
    template: &S,
    values: &[f64],
    rows: usize,
    cols: usize,
) -> Result<Vec<f64>, IndicatorError> {
    let mut out = vec![f64::NAN; values.len()];
    run_columns_into(template, values, rows, cols, &mut out)?;
    Ok(out)
}

/// Equal bit for bit, NaN where the other is NaN (for the unit tests).
#[cfg(test)]
pub(crate) fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

/// The period check every indicator makes.
pub(crate) fn check_period(period: usize) -> Result<(), IndicatorError> {
    if period == 0 {
        return Err(IndicatorError::InvalidPeriod {
            name: "period",
            min: 1,
            value: period,
        });
    }
    Ok(())
}
