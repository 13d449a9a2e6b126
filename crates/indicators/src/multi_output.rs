//! Driving a state machine with several outputs per value (MACD's three lines, Bollinger's three
//! bands) over one series or over the columns of a (time x assets) matrix.

use crate::fma::with_fma;
use crate::parallel::{for_column_blocks, worth_splitting};
use crate::stream::{check_finite, check_shape, filled_lines};
use crate::IndicatorError;

/// A streaming indicator with `N` outputs per input value. Batch and streaming share it, as
/// [`crate::stream`]'s single-output state machines do.
pub(crate) trait MultiStateMachine<const N: usize>: Clone + Send + Sync {
    fn update(&mut self, value: f64) -> [f64; N];
}

/// `state` over one series: `N` output vectors, each as long as `values`.
pub(crate) fn run_series_multi<const N: usize, S: MultiStateMachine<N>>(
    mut state: S,
    values: &[f64],
) -> Result<[Vec<f64>; N], IndicatorError> {
    // The state is moved into the closure so that its fields live in registers, and the
    // finiteness check rides along (see `crate::stream::run_series`).
    let (out, any_infinite) = with_fma(
        #[inline(always)]
        move || {
            // Each line written once; see `crate::stream::filled` for why not `push`.
            let mut any_infinite = false;
            let out = filled_lines(
                values.len(),
                #[inline(always)]
                |i| {
                    let v = values[i];
                    any_infinite |= v.is_infinite();
                    state.update(v)
                },
            );
            (out, any_infinite)
        },
    );
    if any_infinite {
        check_finite(values)?;
    }
    Ok(out)
}

/// A copy of `template` per column of the row-major `rows x cols` matrix `values`, swept row by
/// row: `N` row-major output matrices of the same shape.
pub(crate) fn run_columns_multi<const N: usize, S: MultiStateMachine<N>>(
    template: &S,
    values: &[f64],
    rows: usize,
    cols: usize,
) -> Result<[Vec<f64>; N], IndicatorError> {
    let mut out: [Vec<f64>; N] = std::array::from_fn(|_| vec![f64::NAN; values.len()]);
    for line in &out {
        check_shape(values, line, rows, cols)?;
    }
    check_finite(values)?;
    if cols == 0 {
        return Ok(out);
    }
    if worth_splitting(values.len(), cols) {
        for_column_blocks(out.each_mut().map(|line| &mut line[..]), cols, |block| {
            let mut states = vec![template.clone(); block.width];
            with_fma(
                #[inline(always)]
                || {
                    for (r, mut row_out) in block.rows.into_iter().enumerate() {
                        let row_in = &values[r * cols + block.first..][..block.width];
                        for (j, (state, &v)) in states.iter_mut().zip(row_in).enumerate() {
                            for (line, o) in row_out.iter_mut().zip(state.update(v)) {
                                line[j] = o;
                            }
                        }
                    }
                },
            );
        });
        return Ok(out);
    }
    let mut states = vec![template.clone(); cols];
    with_fma(
        #[inline(always)]
        || {
            for (r, row) in values.chunks_exact(cols).enumerate() {
                for (c, (state, &v)) in states.iter_mut().zip(row).enumerate() {
                    for (line, o) in out.iter_mut().zip(state.update(v)) {
                        line[r * cols + c] = o;
                    }
                }
            }
        },
    );
    Ok(out)
}
