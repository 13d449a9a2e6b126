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

/// A fresh vector of `f(i)` for `i` in `0..len`, each value written once.
///
/// `vec![0.0; len]` then overwriting pays a second write of the whole output (glibc's `calloc`
/// clears recycled heap memory), and `Vec::push` keeps a call to the growth path in the loop,
/// which makes the compiler keep a state machine's floats on the stack (every `xmm` register is
/// caller-saved) instead of in registers. `f` is inlined into the caller's loop, so the
/// FMA-enabled copy of a kernel (crate::fma) stays whole.
#[inline(always)]
pub(crate) fn filled(len: usize, mut f: impl FnMut(usize) -> f64) -> Vec<f64> {
    let [out] = filled_lines(
        len,
        #[inline(always)]
        |i| [f(i)],
    );
    out
}

/// [`filled`] for `N` outputs per index: `N` fresh vectors, line `j` holding `f(i)[j]`.
#[inline(always)]
pub(crate) fn filled_lines<const N: usize>(
    len: usize,
    mut f: impl FnMut(usize) -> [f64; N],
) -> [Vec<f64>; N] {
    let mut out: [Vec<f64>; N] = std::array::from_fn(|_| Vec::with_capacity(len));
    {
        let mut slots = out
            .each_mut()
            .map(|line| &mut line.spare_capacity_mut()[..len]);
        for i in 0..len {
            for (line, value) in slots.iter_mut().zip(f(i)) {
                line[i].write(value);
            }
        }
    }
    for line in &mut out {
        // SAFETY: the loop above initialised the first `len` slots of the line's capacity
        // (at least `len`): every `i` in `0..len`, every line.
        #[allow(unsafe_code)] // the one way to hand out a vector written once without a clear
        unsafe {
            line.set_len(len);
        }
    }
    out
}

/// `state` run over one series; the error of [`check_finite`] if a value is infinite.
///
/// The finiteness check rides along in the state machine's sweep (one read of `values`, not
/// two): an infinity is only noticed after the sweep, whose outputs are then dropped for the
/// error. The state machines are plain float arithmetic, so an infinity cannot make them panic.
pub(crate) fn run_series<S: StateMachine>(
    mut state: S,
    values: &[f64],
) -> Result<Vec<f64>, IndicatorError> {
    // A plain loop over a state owned by the closure: it is inlined into the FMA-enabled copy
    // (an iterator adaptor's `fold` would be a separate function compiled without it), and
    // the state's fields live in registers (through a captured reference they would be
    // reloaded after every store to `out`).
    let (out, any_infinite) = with_fma(
        #[inline(always)]
        move || {
            let mut any_infinite = false;
            let out = filled(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_lines_writes_every_line() {
        for len in [0, 1, 5, 3000] {
            let [a, b, c] = filled_lines(len, |i| [i as f64, -(i as f64), 7.0]);
            assert!([&a, &b, &c].iter().all(|line| line.len() == len));
            assert!((0..len).all(|i| a[i] == i as f64 && b[i] == -(i as f64) && c[i] == 7.0));
        }
    }

    #[test]
    fn filled_writes_every_value_once_in_order() {
        for len in [0, 1, 7, 4096] {
            let mut calls = 0;
            let out = filled(len, |i| {
                calls += 1;
                i as f64 * 0.5
            });
            assert_eq!(calls, len);
            assert_eq!(out.len(), len);
            assert!(out.iter().enumerate().all(|(i, &v)| v == i as f64 * 0.5));
        }
    }

    #[test]
    fn run_series_reports_the_first_infinity_after_the_sweep() {
        #[derive(Clone)]
        struct Sum(f64);
        impl StateMachine for Sum {
            fn update(&mut self, value: f64) -> f64 {
                self.0 += value;
                self.0
            }
        }
        let out = run_series(Sum(0.0), &[1.0, f64::NAN, 2.0]).unwrap();
        assert!(same(&out, &[1.0, f64::NAN, f64::NAN]));
        let error = run_series(Sum(0.0), &[1.0, f64::NAN, f64::NEG_INFINITY, f64::INFINITY]);
        assert!(matches!(
            error,
            Err(IndicatorError::NonFinite {
                index: 2,
                name: "values",
                ..
            })
        ));
    }
}
