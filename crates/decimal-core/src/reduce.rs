//! Reductions and scans of decimal columns: `min`, `max`, `mean`, `dot`, `cumsum`.
//!
//! Nulls are skipped by the reductions; the scan leaves them null and carries on.

use arrow_buffer::i256;
use rayon::prelude::*;

use crate::rounding::div_round_wide;
use crate::{Context, DecimalError, DecimalValue, Validity};

fn check_mask(len: usize, validity: Option<&Validity<'_>>) -> Result<(), DecimalError> {
    match validity {
        Some(v) if v.len() != len => Err(DecimalError::LengthMismatch {
            mask_len: v.len(),
            values_len: len,
        }),
        _ => Ok(()),
    }
}

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
    if validity.is_none() {
        return Ok(extreme(values, |a, b| a.min(b)));
    }
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
    if validity.is_none() {
        return Ok(extreme(values, |a, b| a.max(b)));
    }
    Ok(valid_values(values, validity)?.max())
}

/// The smallest or largest of a column without nulls, with four independent running values
/// (one per lane of `chunks_exact(4)`) so that the comparisons do not wait on each other.
#[inline(always)]
fn extreme(values: &[i128], pick: impl Fn(i128, i128) -> i128) -> Option<i128> {
    let first = *values.first()?;
    let mut lanes = [first; 4];
    let chunks = values.chunks_exact(4);
    let tail = chunks.remainder();
    for chunk in chunks {
        for (lane, &m) in lanes.iter_mut().zip(chunk) {
            *lane = pick(*lane, m);
        }
    }
    let mut best = pick(pick(lanes[0], lanes[1]), pick(lanes[2], lanes[3]));
    for &m in tail {
        best = pick(best, m);
    }
    Some(best)
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
    check_mask(values.len(), validity)?;
    // Fewer than 2^63 values below 2^127 each cannot overflow 256 bits.
    let (total, count) = crate::sum::exact_total(values, validity);
    let count = i128::from(count);
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

/// Rows per block of [`dot`]'s 64-bit lane: small enough that a block redone on the general
/// path is still in L1 cache, large enough that the per-block work is negligible.
const DOT_BLOCK: usize = 1024;

/// The exact sum of products over the rows `start..start + DOT_BLOCK` (clipped), valid rows only:
/// on the 64-bit lane when every valid mantissa fits, else row by row in 128/256 bits.
fn dot_block(a: &[i128], b: &[i128], validity: Option<&Validity<'_>>, start: usize) -> i256 {
    let end = (start + DOT_BLOCK).min(a.len());
    let (xs, ys) = (&a[start..end], &b[start..end]);
    match validity {
        None => dot_span(xs, ys, None::<fn(usize) -> bool>),
        Some(v) => dot_span(xs, ys, Some(|j| v.is_valid(start + j))),
    }
}

/// The exact sum of `xs[j] * ys[j]` over the rows where `valid(j)` holds (every row when
/// `valid` is None): on the 64-bit lane when every valid mantissa fits, else row by row in
/// 128/256 bits. Callers keep spans short (a block, a bar) so that a redo stays in cache.
#[inline]
pub(crate) fn dot_span(xs: &[i128], ys: &[i128], valid: Option<impl Fn(usize) -> bool>) -> i256 {
    let fast = match &valid {
        None => dot_lanes(xs, ys, |_| -1),
        Some(v) => dot_lanes(xs, ys, |j| -i64::from(v(j))),
    };
    if let Some((low, high)) = fast {
        // high * 2^64 + low
        return i256::from_parts((high as u128) << 64, high >> 64)
            .wrapping_add(i256::from_parts(low, 0));
    }
    let mut narrow_sum = crate::ExactSum::default();
    let mut wide_sum = i256::ZERO;
    for (j, (&x, &y)) in xs.iter().zip(ys).enumerate() {
        if valid.as_ref().is_none_or(|v| v(j)) {
            match crate::arith::product(x, y) {
                Some(p) => narrow_sum.add(p),
                None => {
                    wide_sum =
                        wide_sum.wrapping_add(i256::from_i128(x).wrapping_mul(i256::from_i128(y)))
                }
            }
        }
    }
    wide_sum.wrapping_add(narrow_sum.exact())
}

/// The products of a block of rows whose mantissas all fit 64 bits, summed as (low 64 bits,
/// high 64 bits) of each 128-bit product; `keep(j)` is -1 for a valid row and 0 for a null
/// row (whose mantissas are then ignored). `None` if a valid mantissa needs more than 64 bits.
#[inline(always)]
fn dot_lanes(xs: &[i128], ys: &[i128], keep: impl Fn(usize) -> i64) -> Option<(u128, i128)> {
    let (mut low, mut high, mut wide) = (0u128, 0i128, 0u64);
    for (j, (&x, &y)) in xs.iter().zip(ys).enumerate() {
        let k = keep(j);
        let (xl, xh) = ((x as i64) & k, ((x >> 64) as i64) & k);
        let (yl, yh) = ((y as i64) & k, ((y >> 64) as i64) & k);
        // A mantissa fits 64 bits when its high half is the sign extension of its low half.
        wide |= ((xh ^ (xl >> 63)) | (yh ^ (yl >> 63))) as u64;
        let p = i128::from(xl) * i128::from(yl);
        low += u128::from(p as u64);
        high += p >> 64;
    }
    (wide == 0).then_some((low, high))
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
    let blocks = a.len().div_ceil(DOT_BLOCK);
    let total = if a.len() >= crate::arith::PARALLEL_MIN_ROWS {
        // Memory-bound: a second core reads the other half of long columns.
        (0..blocks)
            .into_par_iter()
            .with_min_len(64)
            .map(|k| dot_block(a, b, validity, k * DOT_BLOCK))
            .reduce(|| i256::ZERO, i256::wrapping_add)
    } else {
        (0..blocks).fold(i256::ZERO, |t, k| {
            t.wrapping_add(dot_block(a, b, validity, k * DOT_BLOCK))
        })
    };
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
    fn dot_fast_lane_and_its_fallback_agree_with_wide_arithmetic() {
        let edges = [
            i64::MAX as i128,
            i64::MIN as i128,
            i64::MAX as i128 + 1,
            i64::MIN as i128 - 1,
            -1,
            3,
            crate::MAX_MANTISSA,
        ];
        let n = 3 * DOT_BLOCK + 7;
        for &edge in &edges {
            for at in [0, DOT_BLOCK - 1, DOT_BLOCK, n - 1] {
                let mut a: Vec<i128> = (0..n as i128)
                    .map(|i| i * 7919 % 1_000_003 - 500_000)
                    .collect();
                let b: Vec<i128> = (0..n as i128).map(|i| (i * 31 % 97) - 40).collect();
                a[at] = edge;
                let mut mask_bytes = vec![0xffu8; n.div_ceil(8)];
                mask_bytes[at / 8] &= !(1 << (at % 8));
                let mask = Validity::new(&mask_bytes, 0, n).unwrap();
                for (validity, skip) in [(None, usize::MAX), (Some(&mask), at)] {
                    let want = a
                        .iter()
                        .zip(&b)
                        .enumerate()
                        .filter(|(i, _)| *i != skip)
                        .fold(i256::ZERO, |t, (_, (&x, &y))| {
                            t.wrapping_add(i256::from_i128(x).wrapping_mul(i256::from_i128(y)))
                        });
                    let got = dot((&a, 0), (&b, 2), validity);
                    match want
                        .to_i128()
                        .filter(|m| m.unsigned_abs() <= crate::MAX_MANTISSA as u128)
                    {
                        Some(m) => assert_eq!(got.unwrap().mantissa, m, "{edge} at {at}"),
                        None => assert!(got.is_err(), "{edge} at {at}"),
                    }
                }
            }
        }
        // Long columns are summed in parallel blocks, one of them on the general path.
        let n = crate::arith::PARALLEL_MIN_ROWS + 5 * DOT_BLOCK + 11;
        let mut a: Vec<i128> = (0..n as i128)
            .map(|i| i * 7919 % 1_000_003 - 500_000)
            .collect();
        let b: Vec<i128> = (0..n as i128).map(|i| (i * 31 % 97) - 40).collect();
        a[n / 2] = i64::MAX as i128 * 3;
        let want = a.iter().zip(&b).fold(i256::ZERO, |t, (&x, &y)| {
            t.wrapping_add(i256::from_i128(x).wrapping_mul(i256::from_i128(y)))
        });
        assert_eq!(
            i256::from_i128(dot((&a, 0), (&b, 0), None).unwrap().mantissa),
            want
        );
        // Products of two 64-bit extremes sum past 2^127 on the way and come back.
        let m = i64::MIN as i128;
        let v = dot((&[m, m, -m, -m, 5], 0), (&[m, m, m, m, 1], 0), None).unwrap();
        assert_eq!(v.mantissa, 5);
    }

    #[test]
    fn min_max_without_nulls_match_the_iterator() {
        for len in 0..11 {
            let v: Vec<i128> = (0..len)
                .map(|i| if i == 7 { i128::MIN } else { (i * 37 % 11) - 5 })
                .collect();
            assert_eq!(min(&v, None), Ok(v.iter().copied().min()), "{len}");
            assert_eq!(max(&v, None), Ok(v.iter().copied().max()), "{len}");
        }
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
