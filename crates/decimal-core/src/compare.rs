//! Comparisons of decimal columns (`eq`, `ne`, `lt`, `le`, `gt`, `ge`), across scales.

use std::cmp::Ordering;

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
