//! One metric per column of a (time x portfolios) matrix, the columns in parallel.

use rayon::prelude::*;

use crate::MetricsError;

/// Matrices with fewer cells than this are computed on the calling thread: below it, handing
/// columns to the rayon pool costs more than it saves.
pub const PARALLEL_MIN_CELLS: usize = 32_768;

/// The columns of a row-major `rows x cols` matrix, each contiguous (one transposing copy, so
/// every kernel reads its column sequentially).
fn columns_of(values: &[f64], rows: usize, cols: usize) -> Result<Vec<f64>, MetricsError> {
    let cells = rows.checked_mul(cols);
    if cells != Some(values.len()) {
        return Err(MetricsError::LengthMismatch {
            name: "the matrix",
            other: "rows x columns",
            expected: cells.unwrap_or(usize::MAX),
            got: values.len(),
        });
    }
    let mut by_column = vec![0.0; values.len()];
    for (r, row) in values.chunks_exact(cols.max(1)).enumerate().take(rows) {
        for (c, &v) in row.iter().enumerate() {
            by_column[c * rows + r] = v;
        }
    }
    Ok(by_column)
}

/// `kernel` applied to every column of a row-major `rows x cols` matrix, giving one result per
/// column; columns run in parallel for matrices of [`PARALLEL_MIN_CELLS`] cells or more. When
/// several columns fail, the error of the first (leftmost) is returned.
///
/// # Errors
/// [`MetricsError::LengthMismatch`] when `values` does not hold `rows * cols` values, and any
/// error of `kernel`.
///
/// # Examples
/// ```
/// use rustybt_metrics::{max_drawdown, per_column};
/// // Two portfolios over three periods, row-major (time x portfolios).
/// let returns = [0.1, -0.1, -0.5, 0.2, 0.2, 0.3];
/// let worst = per_column(&returns, 3, 2, max_drawdown).unwrap();
/// assert!((worst[0] - -0.5).abs() < 1e-12);
/// assert!((worst[1] - -0.1).abs() < 1e-12);
/// ```
pub fn per_column<T, E, F>(values: &[f64], rows: usize, cols: usize, kernel: F) -> Result<Vec<T>, E>
where
    T: Send,
    E: Send + From<MetricsError>,
    F: Fn(&[f64]) -> Result<T, E> + Sync,
{
    let by_column = columns_of(values, rows, cols)?;
    if rows == 0 {
        return (0..cols).map(|_| kernel(&[])).collect();
    }
    if values.len() < PARALLEL_MIN_CELLS {
        return by_column.chunks_exact(rows).map(&kernel).collect();
    }
    // rayon's collect into Result returns whichever error a thread hit first; collecting every
    // result, then into Result in column order, reports the leftmost as the serial path does.
    let results: Vec<Result<T, E>> = by_column.par_chunks_exact(rows).map(&kernel).collect();
    results.into_iter().collect()
}

/// `kernel` applied to every column of a row-major `rows x cols` matrix, each giving a series of
/// one common length `n`; the result is the row-major `n x cols` matrix of those series and `n`.
///
/// # Errors
/// As [`per_column`]; also [`MetricsError::LengthMismatch`] if two columns' series differ in
/// length (a kernel bug, never the caller's).
///
/// # Examples
/// ```
/// use rustybt_metrics::{cum_returns, per_column_series};
/// let returns = [0.1, 0.0, 0.1, 0.5];
/// let (out, n) = per_column_series(&returns, 2, 2, |r| cum_returns(r, 0.0)).unwrap();
/// assert_eq!(n, 2);
/// assert!((out[2] - 0.21).abs() < 1e-12 && (out[3] - 0.5).abs() < 1e-12);
/// ```
pub fn per_column_series<E, F>(
    values: &[f64],
    rows: usize,
    cols: usize,
    kernel: F,
) -> Result<(Vec<f64>, usize), E>
where
    E: Send + From<MetricsError>,
    F: Fn(&[f64]) -> Result<Vec<f64>, E> + Sync,
{
    let series = per_column(values, rows, cols, kernel)?;
    let n = series.first().map_or(0, Vec::len);
    let mut out = vec![0.0; n * cols];
    for (c, column) in series.iter().enumerate() {
        if column.len() != n {
            return Err(MetricsError::LengthMismatch {
                name: "a column's series",
                other: "the first column's",
                expected: n,
                got: column.len(),
            }
            .into());
        }
        for (r, &v) in column.iter().enumerate() {
            out[r * cols + c] = v;
        }
    }
    Ok((out, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_sum(c: &[f64]) -> Result<f64, MetricsError> {
        Ok(c.iter().sum())
    }

    #[test]
    fn serial_and_parallel_paths_agree() {
        for (rows, cols) in [(3, 2), (0, 4), (5, 0), (300, 200)] {
            let values: Vec<f64> = (0..rows * cols).map(|i| i as f64).collect();
            let got = per_column(&values, rows, cols, column_sum).unwrap();
            let want: Vec<f64> = (0..cols)
                .map(|c| (0..rows).map(|r| values[r * cols + c]).sum())
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn the_first_failing_column_is_reported() {
        let values: Vec<f64> = (0..400 * 100).map(|i| (i % 100) as f64).collect();
        let err = per_column(&values, 400, 100, |c: &[f64]| {
            if c[0] >= 7.0 {
                Err(MetricsError::InvalidWindow {
                    window: c[0] as usize,
                    len: 0,
                })
            } else {
                Ok(0.0)
            }
        })
        .unwrap_err();
        assert!(matches!(err, MetricsError::InvalidWindow { window: 7, .. }));
    }

    #[test]
    fn a_wrong_shape_is_an_error() {
        let err = per_column(&[1.0, 2.0, 3.0], 2, 2, column_sum).unwrap_err();
        assert!(matches!(err, MetricsError::LengthMismatch { got: 3, .. }));
    }

    #[test]
    fn series_come_back_row_major() {
        let (out, n) = per_column_series(&[1.0, 10.0, 2.0, 20.0], 2, 2, |c| {
            Ok::<_, MetricsError>(c.to_vec())
        })
        .unwrap();
        assert_eq!((out, n), (vec![1.0, 10.0, 2.0, 20.0], 2));
    }
}
