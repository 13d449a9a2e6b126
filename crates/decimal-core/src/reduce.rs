//! Reductions and scans of decimal columns: `min`, `max`, `mean`, `dot`, `cumsum`.
//!
//! Nulls are skipped by the reductions; the scan leaves them null and carries on.

use arrow_buffer::i256;

use crate::rounding::div_round_wide;
use crate::{Context, DecimalError, DecimalValue, Validity};

fn valid_values<'a>(
    values: &'a [i128],
    validity: Option<&'a Validity<'a>>,
) -> Result<impl Iterator<Item = i128> + 'a, DecimalError> {
    if let Some(v) = validity {
        if v.len() != values.len() {
            return Err(DecimalError::LengthMismatch {
                mask_len: v.len(),
                values_len: values.len(),
            });
        }
    }
    Ok(values
        .iter()
        .enumerate()
        .filter(move |(i, _)| validity.is_none_or(|v| v.is_valid(*i)))
        .map(|(_, &m)| m))
}

/// The smallest valid mantissa, or `None` for an empty or all-null column.
///
/// # Errors
/// [`DecimalError::LengthMismatch`] if `validity` does not describe the column.
///
/// # Examples
/// ```
/// use rustybt_decimal::min;
/// assert_eq!(min(&[3, -1, 2], None), Ok(Some(-1)));
/// ```
pub fn min(values: &[i128], validity: Option<&Validity<'_>>) -> Result<Option<i128>, DecimalError> {
    Ok(valid_values(values, validity)?.min())
}

/// The largest valid mantissa, or `None` for an empty or all-null column.
///
/// # Errors
/// As [`min`].
///
/// # Examples
/// ```
/// use rustybt_decimal::max;
/// assert_eq!(max(&[3, -1, 2], None), Ok(Some(3)));
/// ```
pub fn max(values: &[i128], validity: Option<&Validity<'_>>) -> Result<Option<i128>, DecimalError> {
    Ok(valid_values(values, validity)?.max())
}

/// Converts an exact 256-bit result to a mantissa of at most the context's digits.
fn narrow(wide: i256, what: &str, ctx: &Context) -> Result<i128, DecimalError> {
    wide.to_i128()
        .filter(|&m| ctx.fits(m))
        .ok_or_else(|| DecimalError::PrecisionExceeded {
            what: what.to_owned(),
            precision: ctx.precision(),
        })
}

/// The mean of the valid values, correctly rounded to `scale` from the exact sum over the
/// count (no intermediate rounding; the sum itself may exceed 38 digits). `None` when no value
/// is valid.
///
/// # Errors
/// [`DecimalError::Overflow`] if the mean needs more digits than the context's precision at
/// `scale`; [`DecimalError::LengthMismatch`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{mean, Context};
/// // mean(1.00, 2.00, 2.00) to 4 places: 1.6667
/// assert_eq!(mean(&[100, 200, 200], 2, 4, None, &Context::default()), Ok(Some(16_667)));
/// ```
pub fn mean(
    values: &[i128],
    scale: i32,
    to: i32,
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Option<i128>, DecimalError> {
    let mut total = i256::ZERO;
    let mut count: i128 = 0;
    for m in valid_values(values, validity)? {
        // Fewer than 2^64 values below 2^127 each cannot overflow 256 bits.
        total = total.wrapping_add(i256::from_i128(m));
        count += 1;
    }
    if count == 0 {
        return Ok(None);
    }
    let shift = to - scale;
    let ten = i256::from_i128(10);
    let overflow = || DecimalError::PrecisionExceeded {
        what: "the mean".to_owned(),
        precision: ctx.precision(),
    };
    let (n, d) = if shift >= 0 {
        let n = ten
            .checked_pow(shift.unsigned_abs())
            .and_then(|p| p.checked_mul(total))
            .ok_or_else(overflow)?;
        (n, i256::from_i128(count))
    } else {
        match ten
            .checked_pow(shift.unsigned_abs())
            .and_then(|p| p.checked_mul(i256::from_i128(count)))
        {
            Some(d) => (total, d),
            None => {
                let tiny = crate::rounding::round_tiny(total < i256::ZERO, ctx.rounding());
                let tiny = if total == i256::ZERO { 0 } else { tiny };
                return Ok(Some(tiny));
            }
        }
    };
    narrow(div_round_wide(n, d, ctx.rounding()), "the mean", ctx).map(Some)
}

/// The exact sum of `a[i] * b[i]` over rows where both are valid, at scale `scale_a + scale_b`.
///
/// Products and partial sums are carried in 256 bits, so only a final result beyond 38 digits
/// is an error.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for columns of different lengths,
/// [`DecimalError::Overflow`], [`DecimalError::LengthMismatch`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{dot, DecimalValue};
/// // 10 * 1.25 + 3 * 2.50 = 20.00
/// let v = dot((&[10, 3], 0), (&[125, 250], 2), None).unwrap();
/// assert_eq!(v.to_string(), "20.00");
/// ```
pub fn dot(
    (a, sa): (&[i128], i32),
    (b, sb): (&[i128], i32),
    validity: Option<&Validity<'_>>,
) -> Result<DecimalValue, DecimalError> {
    if a.len() != b.len() {
        return Err(DecimalError::ShapeMismatch {
            left: a.len(),
            right: b.len(),
        });
    }
    if let Some(v) = validity {
        if v.len() != a.len() {
            return Err(DecimalError::LengthMismatch {
                mask_len: v.len(),
                values_len: a.len(),
            });
        }
    }
    let mut narrow_sum = crate::ExactSum::default();
    let mut wide_sum = i256::ZERO;
    let mut add = |x: i128, y: i128| match crate::arith::product(x, y) {
        Some(p) => narrow_sum.add(p),
        None => {
            wide_sum = wide_sum.wrapping_add(i256::from_i128(x).wrapping_mul(i256::from_i128(y)))
        }
    };
    match validity {
        None => a.iter().zip(b).for_each(|(&x, &y)| add(x, y)),
        Some(v) => a
            .iter()
            .zip(b)
            .enumerate()
            .filter(|(i, _)| v.is_valid(*i))
            .for_each(|(_, (&x, &y))| add(x, y)),
    }
    let total = wide_sum.wrapping_add(narrow_sum.exact());
    let overflow = || DecimalError::Overflow {
        what: "the sum of products".to_owned(),
    };
    let mantissa = total.to_i128().ok_or_else(overflow)?;
    DecimalValue::new(mantissa, sa + sb).map_err(|_| overflow())
}

/// Running sums of the valid values; null rows get 0 (the caller keeps them null) and do not
/// interrupt the sum, as polars' and pandas' `cumsum` skip them.
///
/// # Errors
/// [`DecimalError::Overflow`] naming the first row whose running sum needs more digits than
/// the context's precision; [`DecimalError::LengthMismatch`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{cumsum, Context};
/// assert_eq!(cumsum(&[1, 2, 3], None, &Context::default()), Ok(vec![1, 3, 6]));
/// ```
pub fn cumsum(
    values: &[i128],
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Vec<i128>, DecimalError> {
    if let Some(v) = validity {
        if v.len() != values.len() {
            return Err(DecimalError::LengthMismatch {
                mask_len: v.len(),
                values_len: values.len(),
            });
        }
    }
    let mut running: i128 = 0;
    let mut out = Vec::with_capacity(values.len());
    for (i, &m) in values.iter().enumerate() {
        if validity.is_some_and(|v| !v.is_valid(i)) {
            out.push(0);
            continue;
        }
        running = running
            .checked_add(m)
            .filter(|&r| ctx.fits(r))
            .ok_or_else(|| DecimalError::PrecisionExceeded {
                what: format!("the running sum at row {i}"),
                precision: ctx.precision(),
            })?;
        out.push(running);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RoundingMode;

    #[test]
    fn mean_is_rounded_once_and_survives_a_large_sum() {
        let big = 6 * 10i128.pow(37);
        let ctx = Context::default();
        // The sum 1.2e38 does not fit 38 digits; the mean does.
        assert_eq!(mean(&[big, big], 0, 0, None, &ctx), Ok(Some(big)));
        let up = Context::new(38, RoundingMode::HalfUp).unwrap();
        assert_eq!(mean(&[1, 2], 0, 0, None, &up), Ok(Some(2)));
        assert_eq!(mean(&[1, 2], 0, 0, None, &ctx), Ok(Some(2))); // 1.5 -> 2 (even)
        assert_eq!(mean(&[5, 6], 0, 0, None, &ctx), Ok(Some(6))); // 5.5 -> 6
        assert_eq!(mean(&[], 0, 2, None, &ctx), Ok(None));
        assert_eq!(mean(&[-25], 1, 0, None, &ctx), Ok(Some(-2)));
    }

    #[test]
    fn dot_carries_wide_products() {
        let e30 = 10i128.pow(30);
        let v = dot((&[e30, -e30], 0), (&[e30, e30], 0), None).unwrap();
        assert_eq!(v.mantissa, 0);
        assert!(dot((&[e30], 0), (&[e30], 0), None).is_err());
        let mask = Validity::new(&[0b01], 0, 2).unwrap();
        assert_eq!(
            dot((&[2, 3], 1), (&[4, 5], 1), Some(&mask))
                .unwrap()
                .to_string(),
            "0.08"
        );
    }

    #[test]
    fn cumsum_skips_nulls_and_checks_precision() {
        let mask = Validity::new(&[0b101], 0, 3).unwrap();
        let ctx = Context::default();
        assert_eq!(cumsum(&[1, 99, 2], Some(&mask), &ctx), Ok(vec![1, 0, 3]));
        let two = Context::new(2, RoundingMode::HalfEven).unwrap();
        assert!(cumsum(&[50, 50], None, &two).is_err());
    }
}
