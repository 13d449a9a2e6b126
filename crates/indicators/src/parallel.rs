//! Running the columns of a row-major (time x assets) matrix on rayon's threads.
//!
//! Each column is an independent series, so a block of columns can run on its own thread with
//! its own state machines: the results are the very bits of the serial sweep. Blocks are cut
//! from each output row with `split_at_mut` (safe Rust, no copy, no gather): a thread sweeps its
//! block row by row, reading each row's piece of the input in order.

use rayon::prelude::*;

use crate::atc::PARALLEL_MIN_VALUES;

/// Whether a `len`-value matrix of `cols` columns is worth splitting across threads: several
/// columns and at least [`PARALLEL_MIN_VALUES`] values (below that, waking the pool costs more
/// than the work; see that constant for the measurement).
#[inline]
pub(crate) fn worth_splitting(len: usize, cols: usize) -> bool {
    cols > 1 && len >= PARALLEL_MIN_VALUES
}

/// One block of columns: its first column, its width, and per row its pieces of the `N` outputs.
pub(crate) struct ColumnBlock<'a, const N: usize> {
    pub first: usize,
    pub width: usize,
    pub rows: Vec<[&'a mut [f64]; N]>,
}

/// The rows of `N` row-major `? x cols` output matrices cut into column blocks, about four per
/// thread (so a thread that finishes early takes another).
fn column_blocks<const N: usize>(outs: [&mut [f64]; N], cols: usize) -> Vec<ColumnBlock<'_, N>> {
    let blocks = cols.min(rayon::current_num_threads() * 4).max(1);
    let width = cols.div_ceil(blocks);
    let rows = outs[0].len() / cols;
    let mut out: Vec<ColumnBlock<'_, N>> = (0..cols)
        .step_by(width)
        .map(|first| ColumnBlock {
            first,
            width: width.min(cols - first),
            rows: Vec::with_capacity(rows),
        })
        .collect();
    let mut row_iters = outs.map(|o| o.chunks_exact_mut(cols));
    loop {
        let next: [Option<&mut [f64]>; N] = row_iters.each_mut().map(Iterator::next);
        if next.iter().any(Option::is_none) {
            break;
        }
        let mut rests: [&mut [f64]; N] = next.map(Option::unwrap_or_default);
        for block in &mut out {
            let pieces = rests.each_mut().map(|rest| {
                let (piece, tail) = std::mem::take(rest).split_at_mut(block.width);
                *rest = tail;
                piece
            });
            block.rows.push(pieces);
        }
    }
    out
}

/// `run(block)` for each column block of the `N` outputs, blocks in parallel. The caller decides
/// with [`worth_splitting`] whether to come here.
pub(crate) fn for_column_blocks<const N: usize>(
    outs: [&mut [f64]; N],
    cols: usize,
    run: impl Fn(ColumnBlock<'_, N>) + Send + Sync,
) {
    if cols == 0 {
        return;
    }
    column_blocks(outs, cols).into_par_iter().for_each(run);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_cell_once() {
        for cols in [1, 2, 3, 7, 64, 500] {
            let rows = 5;
            let mut a = vec![0.0; rows * cols];
            let mut b = vec![0.0; rows * cols];
            for_column_blocks([&mut a, &mut b], cols, |block| {
                for (r, [ra, rb]) in block.rows.into_iter().enumerate() {
                    assert_eq!(ra.len(), block.width);
                    for (j, (x, y)) in ra.iter_mut().zip(rb.iter_mut()).enumerate() {
                        *x += (r * cols + block.first + j) as f64;
                        *y += 1.0;
                    }
                }
            });
            let expected: Vec<f64> = (0..rows * cols).map(|k| k as f64).collect();
            assert_eq!(a, expected);
            assert!(b.iter().all(|&v| v == 1.0));
        }
        assert!(!worth_splitting(1 << 20, 1));
        assert!(!worth_splitting(100, 10));
    }

    /// Large matrices (split across threads) equal each column computed as its own series.
    #[test]
    fn parallel_columns_equal_separate_series() {
        use crate::stream::same;
        use crate::{atr, bbands, bbands_columns, rsi, rsi_columns, sma, sma_columns, NanPolicy};
        let (rows, cols) = (400, 97);
        assert!(worth_splitting(rows * cols, cols));
        let mut matrix = vec![0.0; rows * cols];
        for j in 0..cols {
            let series = rustybt_bench_data::prices(rows, j as u64);
            for (i, v) in series.into_iter().enumerate() {
                matrix[i * cols + j] = v;
            }
        }
        let column =
            |m: &[f64], j: usize| -> Vec<f64> { m.iter().skip(j).step_by(cols).copied().collect() };
        let mut with_nan = matrix.clone();
        with_nan[5 * cols + 3] = f64::NAN;
        for policy in [NanPolicy::Propagate, NanPolicy::Skip] {
            for m in [&matrix, &with_nan] {
                let s = sma_columns(m, rows, cols, 20, policy).unwrap();
                let r = rsi_columns(m, rows, cols, 14, policy).unwrap();
                let b = bbands_columns(m, rows, cols, 5, 2.0, 2.0, policy).unwrap();
                let a = atr(m, m, m, rows, cols, 14, policy).unwrap();
                for j in 0..cols {
                    let series = column(m, j);
                    assert!(same(&column(&s, j), &sma(&series, 20, policy).unwrap()));
                    assert!(same(&column(&r, j), &rsi(&series, 14, policy).unwrap()));
                    let one = bbands(&series, 5, 2.0, 2.0, policy).unwrap();
                    assert!(same(&column(&b.upper, j), &one.upper));
                    assert!(same(&column(&b.lower, j), &one.lower));
                    let a1 = atr(&series, &series, &series, rows, 1, 14, policy).unwrap();
                    assert!(same(&column(&a, j), &a1));
                }
            }
        }
        assert!(!worth_splitting(100, 10));
        assert!(worth_splitting(PARALLEL_MIN_VALUES, 2));
        assert!(!worth_splitting(1 << 20, 1));
    }
}
