//! Comparisons of decimal columns (`eq`, `ne`, `lt`, `le`, `gt`, `ge`), across scales.

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::arith::rows;
use crate::{pow10, DecimalError, Operand};

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `a == b`
    Eq,
    /// `a != b`
    Ne,
    /// `a < b`
    Lt,
    /// `a <= b`
    Le,
    /// `a > b`
    Gt,
    /// `a >= b`
    Ge,
}

impl Comparison {
    #[inline]
    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Comparison::Eq => ordering == Ordering::Equal,
            Comparison::Ne => ordering != Ordering::Equal,
            Comparison::Lt => ordering == Ordering::Less,
            Comparison::Le => ordering != Ordering::Greater,
            Comparison::Gt => ordering == Ordering::Greater,
            Comparison::Ge => ordering != Ordering::Less,
        }
    }
}

impl std::str::FromStr for Comparison {
    type Err = DecimalError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Ok(match name {
            "eq" => Comparison::Eq,
            "ne" => Comparison::Ne,
            "lt" => Comparison::Lt,
            "le" => Comparison::Le,
            "gt" => Comparison::Gt,
            "ge" => Comparison::Ge,
            _ => {
                return Err(DecimalError::Parse {
                    text: name.chars().take(64).collect(),
                    at: " (a comparison: eq, ne, lt, le, gt or ge)".to_owned(),
                })
            }
        })
    }
}

/// Orders `x * 10^-sx` against `y * 10^-sy` exactly.
///
/// Bringing the smaller-scale side up to the larger scale can only overflow when that side is
/// larger in magnitude than any mantissa the other side can hold, so its sign decides.
#[inline]
pub fn cmp_scaled(x: i128, sx: i32, y: i128, sy: i32) -> Ordering {
    let up = |m: i128, by: u32| pow10(by).and_then(|p| m.checked_mul(p));
    match sx.cmp(&sy) {
        Ordering::Equal => x.cmp(&y),
        Ordering::Less => match up(x, sx.abs_diff(sy)) {
            Some(x) => x.cmp(&y),
            None => x.cmp(&0),
        },
        Ordering::Greater => match up(y, sx.abs_diff(sy)) {
            Some(y) => x.cmp(&y),
            None => 0.cmp(&y),
        },
    }
}

/// `a op b` row by row, exact across scales (`1.50 == 1.5`, as in Python).
///
/// Nulls are the caller's business: null rows get an unspecified value.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for columns of different lengths.
///
/// # Examples
/// ```
/// use rustybt_decimal::{compare, Comparison, Operand};
/// // [1.50, 2.00] == 1.5
/// let r = compare((Operand::Column(&[150, 200]), 2), (Operand::Scalar(15), 1), Comparison::Eq).unwrap();
/// assert_eq!(r, vec![true, false]);
/// ```
pub fn compare(
    (a, sa): (Operand<'_>, i32),
    (b, sb): (Operand<'_>, i32),
    op: Comparison,
) -> Result<Vec<bool>, DecimalError> {
    let rows = rows(&a, &b)?;
    let test = |x: i128, y: i128| op.holds(cmp_scaled(x, sa, y, sb));
    Ok(match (a, b) {
        (Operand::Column(x), Operand::Column(y)) => {
            x.iter().zip(y).map(|(&x, &y)| test(x, y)).collect()
        }
        (Operand::Column(x), Operand::Scalar(y)) => x.iter().map(|&x| test(x, y)).collect(),
        (Operand::Scalar(x), Operand::Column(y)) => y.iter().map(|&y| test(x, y)).collect(),
        (Operand::Scalar(x), Operand::Scalar(y)) => vec![test(x, y); rows],
    })
}

/// Packs `test(i)` for `rows` rows into 64-bit words, least significant bit first.
#[inline(always)]
fn pack(rows: usize, test: impl Fn(usize) -> bool) -> Vec<u64> {
    let mut words = Vec::with_capacity(rows.div_ceil(64));
    let mut start = 0;
    while start < rows {
        let end = (start + 64).min(rows);
        let mut word = 0u64;
        for (bit, i) in (start..end).enumerate() {
            word |= u64::from(test(i)) << bit;
        }
        words.push(word);
        start = end;
    }
    words
}

/// Packs `test(x[i], y[i])` over two equally long columns (the hot loop of [`compare_bitmap`]:
/// no bounds checks, no branches, one word written per 64 rows).
#[inline(always)]
fn pack_columns(x: &[i128], y: &[i128], test: impl Fn(i128, i128) -> bool + Sync) -> Vec<u64> {
    if x.len() >= crate::arith::PARALLEL_MIN_ROWS {
        // Memory-bound: a second core packs the other half (pieces of whole words).
        let pieces: Vec<Vec<u64>> = x
            .par_chunks(PACK_CHUNK)
            .zip(y.par_chunks(PACK_CHUNK))
            .map(|(xc, yc)| pack_columns_seq(xc, yc, &test))
            .collect();
        return pieces.concat();
    }
    pack_columns_seq(x, y, test)
}

/// Rows per parallel task of [`pack_columns`]: a multiple of 64, so pieces are whole words.
const PACK_CHUNK: usize = 1 << 16;

#[inline(always)]
fn pack_columns_seq(x: &[i128], y: &[i128], test: impl Fn(i128, i128) -> bool) -> Vec<u64> {
    let mut words = Vec::with_capacity(x.len().div_ceil(64));
    let (xs, ys) = (x.chunks_exact(64), y.chunks_exact(64));
    let (x_tail, y_tail) = (xs.remainder(), ys.remainder());
    for (xc, yc) in xs.zip(ys) {
        let mut word = 0u64;
        for (bit, (&a, &b)) in xc.iter().zip(yc).enumerate() {
            word |= u64::from(test(a, b)) << bit;
        }
        words.push(word);
    }
    if !x_tail.is_empty() {
        let mut word = 0u64;
        for (bit, (&a, &b)) in x_tail.iter().zip(y_tail).enumerate() {
            word |= u64::from(test(a, b)) << bit;
        }
        words.push(word);
    }
    words
}

/// One packing loop per operator, so that the operator is decided once, not per row.
#[inline(always)]
fn pack_op(
    op: Comparison,
    rows: usize,
    a: Operand<'_>,
    b: Operand<'_>,
    cmp: impl Fn(i128, i128) -> Ordering + Copy + Sync,
) -> Vec<u64> {
    macro_rules! with {
        ($holds:expr) => {{
            let holds = $holds;
            match (a, b) {
                (Operand::Column(x), Operand::Column(y)) => {
                    pack_columns(x, y, move |p, q| holds(cmp(p, q)))
                }
                (Operand::Column(x), Operand::Scalar(q)) => {
                    pack_columns(x, x, move |p, _| holds(cmp(p, q)))
                }
                (Operand::Scalar(p), Operand::Column(y)) => {
                    pack_columns(y, y, move |_, q| holds(cmp(p, q)))
                }
                (Operand::Scalar(p), Operand::Scalar(q)) => {
                    let flag = holds(cmp(p, q));
                    pack(rows, move |_| flag)
                }
            }
        }};
    }
    match op {
        Comparison::Eq => with!(|o: Ordering| o.is_eq()),
        Comparison::Ne => with!(|o: Ordering| o.is_ne()),
        Comparison::Lt => with!(|o: Ordering| o.is_lt()),
        Comparison::Le => with!(|o: Ordering| o.is_le()),
        Comparison::Gt => with!(|o: Ordering| o.is_gt()),
        Comparison::Ge => with!(|o: Ordering| o.is_ge()),
    }
}

/// [`compare`] as a bitmap: bit `i % 64` of word `i / 64` is `a[i] op b[i]` (Arrow's boolean
/// layout, least significant bit first; bits past the last row are 0).
///
/// Columns of one scale compare their mantissas directly; otherwise each row is ordered
/// exactly by [`cmp_scaled`].
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for columns of different lengths.
///
/// # Examples
/// ```
/// use rustybt_decimal::{compare_bitmap, Comparison, Operand};
/// // [1.50, 2.00, 1.40] > 1.45
/// let words = compare_bitmap((Operand::Column(&[150, 200, 140]), 2), (Operand::Scalar(145), 2), Comparison::Gt).unwrap();
/// assert_eq!(words, vec![0b011]);
/// ```
pub fn compare_bitmap(
    (a, sa): (Operand<'_>, i32),
    (b, sb): (Operand<'_>, i32),
    op: Comparison,
) -> Result<Vec<u64>, DecimalError> {
    let rows = rows(&a, &b)?;
    Ok(if sa == sb {
        pack_op(op, rows, a, b, |x: i128, y: i128| x.cmp(&y))
    } else {
        pack_op(op, rows, a, b, move |x, y| cmp_scaled(x, sa, y, sb))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn across_scales() {
        assert_eq!(cmp_scaled(150, 2, 15, 1), Ordering::Equal);
        assert_eq!(cmp_scaled(-1, 0, 5, 38), Ordering::Less);
        assert_eq!(
            cmp_scaled(crate::MAX_MANTISSA, -38, 1, 38),
            Ordering::Greater
        );
        assert_eq!(cmp_scaled(-crate::MAX_MANTISSA, -38, 1, 38), Ordering::Less);
        assert_eq!(
            cmp_scaled(1, 38, -crate::MAX_MANTISSA, -38),
            Ordering::Greater
        );
    }

    #[test]
    fn bitmap_equals_the_bools() {
        let x: Vec<i128> = (0..200).map(|i| (i * 37 % 11) - 5).collect();
        let y: Vec<i128> = (0..200).map(|i| (i * 13 % 7) * 10 - 30).collect();
        let ops = ["eq", "ne", "lt", "le", "gt", "ge"];
        for len in [0usize, 1, 63, 64, 65, 128, 200] {
            for (sa, sb) in [(0, 0), (0, 1), (2, 1)] {
                for name in ops {
                    let op: Comparison = name.parse().unwrap();
                    let args = [
                        (Operand::Column(&x[..len]), Operand::Column(&y[..len])),
                        (Operand::Column(&x[..len]), Operand::Scalar(3)),
                        (Operand::Scalar(-2), Operand::Column(&y[..len])),
                    ];
                    for (a, b) in args {
                        let bools = compare((a, sa), (b, sb), op).unwrap();
                        let words = compare_bitmap((a, sa), (b, sb), op).unwrap();
                        assert_eq!(words.len(), len.div_ceil(64));
                        for (i, &flag) in bools.iter().enumerate() {
                            assert_eq!(words[i / 64] >> (i % 64) & 1 == 1, flag, "{name} {i}");
                        }
                        if len % 64 != 0 {
                            assert_eq!(words[len / 64] >> (len % 64), 0, "bits past the end");
                        }
                    }
                }
            }
        }
        // Long columns are packed in parallel pieces of whole words.
        let n = crate::arith::PARALLEL_MIN_ROWS + PACK_CHUNK / 2 + 5;
        let long_x: Vec<i128> = (0..n as i128).map(|i| (i * 37 % 11) - 5).collect();
        let long_y: Vec<i128> = (0..n as i128).map(|i| (i * 13 % 7) - 3).collect();
        let words = compare_bitmap(
            (Operand::Column(&long_x), 0),
            (Operand::Column(&long_y), 0),
            Comparison::Lt,
        )
        .unwrap();
        assert_eq!(words.len(), n.div_ceil(64));
        for i in 0..n {
            assert_eq!(
                words[i / 64] >> (i % 64) & 1 == 1,
                long_x[i] < long_y[i],
                "{i}"
            );
        }
        let words = compare_bitmap(
            (Operand::Scalar(1), 0),
            (Operand::Scalar(1), 0),
            Comparison::Eq,
        )
        .unwrap();
        assert_eq!(words, vec![1]);
    }

    #[test]
    fn every_operator() {
        let a = (Operand::Column(&[1, 2, 3]), 0);
        let b = (Operand::Scalar(2), 0);
        let ops = ["eq", "ne", "lt", "le", "gt", "ge"];
        let expected = [
            [false, true, false],
            [true, false, true],
            [true, false, false],
            [true, true, false],
            [false, false, true],
            [false, true, true],
        ];
        for (name, want) in ops.iter().zip(expected) {
            let op: Comparison = name.parse().unwrap();
            assert_eq!(compare(a, b, op).unwrap(), want.to_vec(), "{name}");
        }
    }
}
