//! Exact sums of decimal columns.

use arrow_buffer::i256;
use rayon::prelude::*;

use crate::{DecimalError, DecimalValue, Validity, MAX_MANTISSA};

/// The exact total of the valid mantissas (nulls per `validity` skipped) and their count.
///
/// Branch-free: each mantissa is split into its low 64 bits, summed unsigned in a `u128`, and
/// its high 64 bits, summed signed in an `i128`; neither can overflow for fewer than 2^63
/// values, so no row needs an overflow test. A null row is masked to zero. The caller checks
/// that `validity` describes `values`.
pub(crate) fn exact_total(values: &[i128], validity: Option<&Validity<'_>>) -> (i256, u64) {
    // Memory-bound: a second core reads the other half of a long column.
    let (low, high, count) = if values.len() >= crate::arith::PARALLEL_MIN_ROWS {
        values
            .par_chunks(SUM_CHUNK)
            .enumerate()
            .map(|(c, chunk)| split_total(chunk, validity, c * SUM_CHUNK))
            .reduce(
                || (0, 0, 0),
                |(l1, h1, c1), (l2, h2, c2)| (l1 + l2, h1 + h2, c1 + c2),
            )
    } else {
        split_total(values, validity, 0)
    };
    // high * 2^64 + low
    let total =
        i256::from_parts((high as u128) << 64, high >> 64).wrapping_add(i256::from_parts(low, 0));
    (total, count)
}

/// Rows per parallel task of [`exact_total`].
const SUM_CHUNK: usize = 1 << 16;

/// The (low, high) halves of the valid mantissas' total and their count; row `i` of `values`
/// is row `start + i` of `validity`.
#[inline]
fn split_total(
    values: &[i128],
    validity: Option<&Validity<'_>>,
    start: usize,
) -> (u128, i128, u64) {
    let (mut low, mut high, mut count) = (0u128, 0i128, values.len() as u64);
    match validity {
        None => {
            for &m in values {
                low += u128::from(m as u64);
                high += m >> 64;
            }
        }
        Some(mask) => {
            count = 0;
            for (i, &m) in values.iter().enumerate() {
                let keep = -i128::from(mask.is_valid(start + i));
                let m = m & keep;
                low += u128::from(m as u64);
                high += m >> 64;
                count += (keep & 1) as u64;
            }
        }
    }
    (low, high, count)
}

/// Exact sum of a column of mantissas sharing one scale; nulls (per `validity`) are skipped.
///
/// The result has the column's scale. Partial sums may exceed `i128` on the way (they are
/// carried exactly), so only a final result beyond 38 digits is an error: the order of the
/// values never changes the outcome.
///
/// # Errors
/// - [`DecimalError::Overflow`] if the exact sum needs more than 38 digits.
/// - [`DecimalError::LengthMismatch`] if `validity` does not describe `mantissas.len()` values.
///
/// # Examples
/// ```
/// use rustybt_decimal::{sum, Validity};
/// // 1.25 + 2.50 + null + 0.05, all at scale 2
/// let mask = Validity::new(&[0b1011], 0, 4).unwrap();
/// assert_eq!(sum(&[125, 250, 999, 5], Some(mask)), Ok(380));
/// ```
pub fn sum(mantissas: &[i128], validity: Option<Validity<'_>>) -> Result<i128, DecimalError> {
    let mut total = ExactSum::default();
    total.add_column(mantissas, validity)?;
    total.finish()
}

/// The scale a sequence of values is brought to before summing: the largest scale among
/// them, and never below 0, which is the exponent Python's `sum(values)` gives (it starts
/// from the integer 0). `None` entries (nulls) are ignored.
///
/// # Errors
/// [`DecimalError::Overflow`] naming the (last) value with the most digits after the point, if
/// that is more than 38.
///
/// # Examples
/// ```
/// use rustybt_decimal::{common_scale, DecimalValue};
/// let values = [Some("1.5".parse::<DecimalValue>().unwrap()), None, Some("1E+3".parse().unwrap())];
/// assert_eq!(common_scale(&values), Ok(1));
/// ```
pub fn common_scale(values: &[Option<DecimalValue>]) -> Result<i32, DecimalError> {
    let mut widest: Option<(usize, DecimalValue)> = None;
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            if widest.is_none_or(|(_, w)| v.scale >= w.scale) {
                widest = Some((i, *v));
            }
        }
    }
    match widest {
        Some((i, v)) if v.scale > crate::MAX_SCALE => Err(DecimalError::Overflow {
            what: format!(
                "values[{i}] = {v}, with {} digits after the point,",
                v.scale
            ),
        }),
        Some((_, v)) => Ok(v.scale.max(0)),
        None => Ok(0),
    }
}

/// Exact sum of decimal values of mixed scales, `None` entries (nulls) skipped, as Python's
/// `sum(values)` computes it with enough precision: the result has scale
/// [`common_scale`]`(values)`.
///
/// The values are first put into one column at that scale, as a decimal128 column would hold
/// them, so each value must fit 38 digits at the common scale. Errors name positions in
/// `values`, nulls counted.
///
/// # Errors
/// [`DecimalError::Overflow`] naming the value if one has more than 38 digits after the point or
/// does not fit 38 digits at the common scale, or if the sum itself needs more than 38 digits.
///
/// # Examples
/// ```
/// use rustybt_decimal::{sum_values, DecimalValue};
/// let values: Vec<Option<DecimalValue>> =
///     ["1.5", "2.25", "3"].iter().map(|s| s.parse().ok()).collect();
/// assert_eq!(sum_values(&values).unwrap().to_string(), "6.75");
/// ```
pub fn sum_values(values: &[Option<DecimalValue>]) -> Result<DecimalValue, DecimalError> {
    let scale = common_scale(values)?;
    let mut total = ExactSum::default();
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            let m = v.mantissa_at(scale).map_err(|_| DecimalError::Overflow {
                what: format!("values[{i}] = {v} at the common scale {scale}"),
            })?;
            total.add(m);
        }
    }
    let mantissa = total.finish()?;
    Ok(DecimalValue { mantissa, scale })
}

/// An exact running sum of mantissas at one scale, for columns that arrive in chunks (an Arrow
/// stream or a chunked array): partial sums may exceed `i128`, only the final result must fit.
///
/// It is an `i128` that counts its wrap-arounds, so the exact total is `value + wraps * 2^128`.
///
/// # Examples
/// ```
/// use rustybt_decimal::ExactSum;
/// let mut total = ExactSum::default();
/// total.add_column(&[i128::MAX, 5], None).unwrap();
/// total.add_column(&[-i128::MAX], None).unwrap();
/// assert_eq!(total.finish(), Ok(5));
/// ```
#[derive(Debug, Default, Clone, Copy)]
pub struct ExactSum {
    value: i128,
    wraps: i64,
}

impl ExactSum {
    /// Adds every valid value of a column (nulls per `validity` are skipped).
    ///
    /// # Errors
    /// [`DecimalError::LengthMismatch`] if `validity` does not describe `mantissas.len()` values.
    pub fn add_column(
        &mut self,
        mantissas: &[i128],
        validity: Option<Validity<'_>>,
    ) -> Result<(), DecimalError> {
        if let Some(mask) = &validity {
            if mask.len() != mantissas.len() {
                return Err(DecimalError::LengthMismatch {
                    mask_len: mask.len(),
                    values_len: mantissas.len(),
                });
            }
        }
        let (column, _) = exact_total(mantissas, validity.as_ref());
        self.add_exact(column);
        Ok(())
    }

    /// Adds an exact 256-bit total (of fewer than 2^63 mantissas, so the wrap count fits).
    fn add_exact(&mut self, total: i256) {
        let (low, high) = self.exact().wrapping_add(total).to_parts();
        self.value = low as i128;
        // exact() is from_parts(value, sign(value) + wraps): undo the sign.
        self.wraps = (high + i128::from(self.value < 0)) as i64;
    }

    /// Adds one mantissa.
    #[inline]
    pub fn add(&mut self, m: i128) {
        let (value, wrapped) = self.value.overflowing_add(m);
        self.value = value;
        if wrapped {
            self.wraps += if m < 0 { -1 } else { 1 };
        }
    }

    /// The exact sum in 256 bits, whatever its size.
    pub(crate) fn exact(self) -> i256 {
        let sign = if self.value < 0 { -1 } else { 0 };
        i256::from_parts(self.value as u128, sign + i128::from(self.wraps))
    }

    /// The exact sum.
    ///
    /// # Errors
    /// [`DecimalError::Overflow`] if it needs more than 38 digits. (Any non-zero wrap count
    /// means a magnitude of at least 2^127 > 10^38, so only `wraps == 0` can succeed.)
    pub fn finish(self) -> Result<i128, DecimalError> {
        if self.wraps == 0 && self.value.unsigned_abs() <= MAX_MANTISSA as u128 {
            Ok(self.value)
        } else {
            Err(DecimalError::Overflow {
                what: "the sum of values".to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_with_and_without_nulls() {
        assert_eq!(sum(&[], None), Ok(0));
        assert_eq!(sum(&[1, -2, 3], None), Ok(2));
        let mask = Validity::new(&[0b0000_0000, 0b0000_0001], 7, 2).unwrap();
        assert_eq!(sum(&[10, 20], Some(mask)), Ok(20)); // bit 7 null, bit 8 valid
    }

    #[test]
    fn partial_sums_past_i128_are_exact() {
        let big = i128::MAX;
        assert_eq!(sum(&[big, big, -big, -big, 7], None), Ok(7));
        assert_eq!(
            sum(&[i128::MIN, i128::MIN, i128::MAX, i128::MAX, 2], None),
            Ok(0)
        );
    }

    #[test]
    fn overflow_past_38_digits() {
        assert_eq!(sum(&[MAX_MANTISSA], None), Ok(MAX_MANTISSA));
        assert!(matches!(
            sum(&[MAX_MANTISSA, 1], None),
            Err(DecimalError::Overflow { .. })
        ));
        assert!(matches!(
            sum(&[-MAX_MANTISSA, -1], None),
            Err(DecimalError::Overflow { .. })
        ));
        assert!(matches!(
            sum(&[i128::MAX, i128::MAX], None),
            Err(DecimalError::Overflow { .. })
        ));
    }

    #[test]
    fn the_split_total_is_exact_at_the_edges() {
        let edges = [
            i128::MIN,
            i128::MAX,
            -1,
            1,
            0,
            (1 << 64) - 1,
            -(1 << 64),
            1 << 64,
        ];
        for &a in &edges {
            for &b in &edges {
                let (total, count) = exact_total(&[a, b, a], None);
                let want = i256::from_i128(a)
                    .wrapping_add(i256::from_i128(b))
                    .wrapping_add(i256::from_i128(a));
                assert_eq!((total, count), (want, 3), "{a} {b}");
                let mask = Validity::new(&[0b101], 0, 3).unwrap();
                let (total, count) = exact_total(&[a, b, a], Some(&mask));
                let want = i256::from_i128(a).wrapping_add(i256::from_i128(a));
                assert_eq!((total, count), (want, 2), "{a} {b}");
                let mut running = ExactSum::default();
                running.add(a);
                running.add_column(&[b, a], None).unwrap();
                let mut single = ExactSum::default();
                [a, b, a].iter().for_each(|&m| single.add(m));
                assert_eq!(running.finish(), single.finish(), "{a} {b}");
                assert_eq!(running.exact(), single.exact(), "{a} {b}");
            }
        }
    }

    #[test]
    fn parallel_total_equals_the_sequential_one() {
        let n = crate::arith::PARALLEL_MIN_ROWS + SUM_CHUNK + 3;
        let values: Vec<i128> = (0..n as i128)
            .map(|i| (i * 7919 % 1_000_003 - 500_000) << (i % 70))
            .collect();
        let bytes: Vec<u8> = (0..n.div_ceil(8)).map(|i| (i * 37 % 256) as u8).collect();
        let mask = Validity::new(&bytes, 0, n).unwrap();
        for validity in [None, Some(&mask)] {
            let (low, high, count) = split_total(&values, validity, 0);
            let want = i256::from_parts((high as u128) << 64, high >> 64)
                .wrapping_add(i256::from_parts(low, 0));
            assert_eq!(exact_total(&values, validity), (want, count));
        }
    }

    #[test]
    fn mask_length_must_match() {
        let mask = Validity::new(&[0xff], 0, 3).unwrap();
        assert!(matches!(
            sum(&[1, 2], Some(mask)),
            Err(DecimalError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn mixed_scales_follow_python() {
        let v = |s: &str| Some(s.parse::<DecimalValue>().unwrap());
        let total = sum_values(&[v("1.50"), v("2"), v("1E+3")]).unwrap();
        assert_eq!(total.to_string(), "1003.50");
        assert_eq!(sum_values(&[]).unwrap().to_string(), "0");
        assert_eq!(
            sum_values(&[v("1E+3"), v("2E+3")]).unwrap().to_string(),
            "3000"
        );
        let err = sum_values(&[v("1E+37"), v("0.01")]).unwrap_err();
        assert!(err.to_string().contains("values[0]"), "{err}");
        let err = sum_values(&[v("1"), v("1E-39")]).unwrap_err();
        assert!(err.to_string().contains("values[1] = 1E-39"), "{err}");
        // nulls keep their place in the numbering
        let err = sum_values(&[None, v("1E+100")]).unwrap_err();
        assert!(err.to_string().contains("values[1] = 1E+100"), "{err}");
        assert_eq!(
            sum_values(&[None, v("2.5"), None]).unwrap().to_string(),
            "2.5"
        );
    }
}
