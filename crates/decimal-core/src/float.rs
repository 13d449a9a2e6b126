//! Conversions between float64 and decimal columns, both correctly rounded.

use arrow_buffer::i256;

use crate::rounding::{div_round_wide, round_tiny};
use crate::{Context, DecimalError, DecimalValue};

/// `x = mantissa * 2^exponent` exactly, with the sign on the mantissa.
fn decompose(x: f64) -> (i64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = (bits & ((1 << 52) - 1)) as i64;
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    (if x.is_sign_negative() { -m } else { m }, e)
}

/// One float at `scale`, correctly rounded from its exact binary value.
fn float_to_mantissa(x: f64, scale: i32, ctx: &Context) -> Option<i128> {
    let (m, e) = decompose(x);
    if m == 0 {
        return Some(0);
    }
    let two = i256::from_i128(2);
    let ten = i256::from_i128(10);
    // value * 10^scale = n / d with n, d integers.
    let mut n = i256::from_i128(i128::from(m));
    let mut d = i256::ONE;
    if e >= 0 {
        n = n.checked_mul(two.checked_pow(e.unsigned_abs())?)?;
    } else {
        match two.checked_pow(e.unsigned_abs()) {
            Some(p) => d = p,
            // 2^-e beyond 2^255: the quotient is below 2^53 * 10^38 / 2^255, far below half.
            None => return Some(round_tiny(m < 0, ctx.rounding())).filter(|&r| ctx.fits(r)),
        }
    }
    if scale >= 0 {
        n = n.checked_mul(ten.checked_pow(scale.unsigned_abs())?)?;
    } else {
        match ten
            .checked_pow(scale.unsigned_abs())
            .and_then(|p| p.checked_mul(d))
        {
            Some(p) => d = p,
            None => return Some(round_tiny(m < 0, ctx.rounding())).filter(|&r| ctx.fits(r)),
        }
    }
    div_round_wide(n, d, ctx.rounding())
        .to_i128()
        .filter(|&r| ctx.fits(r))
}

/// Float64 values to a decimal column at `scale`, each correctly rounded from the float's exact
/// binary value (`Decimal(x).quantize(Decimal(10) ** -scale, rounding)` in Python, not
/// `Decimal(str(x))`): `0.1` at scale 20 is `0.10000000000000000555`.
///
/// # Errors
/// [`DecimalError::NotFinite`] naming the first NaN or infinite value;
/// [`DecimalError::Overflow`] for a value that needs more digits than the context's precision.
///
/// # Examples
/// ```
/// use rustybt_decimal::{from_float, Context};
/// assert_eq!(from_float(&[0.1, -2.675], 2, &Context::default()), Ok(vec![10, -267]));
/// ```
pub fn from_float(values: &[f64], scale: i32, ctx: &Context) -> Result<Vec<i128>, DecimalError> {
    values
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            if !x.is_finite() {
                let value = if x.is_nan() {
                    "NaN"
                } else if x > 0.0 {
                    "Infinity"
                } else {
                    "-Infinity"
                };
                return Err(DecimalError::NotFinite {
                    what: format!("values[{i}]"),
                    value: value.to_owned(),
                });
            }
            float_to_mantissa(x, scale, ctx).ok_or_else(|| DecimalError::PrecisionExceeded {
                what: format!("values[{i}] at scale {scale}"),
                precision: ctx.precision(),
            })
        })
        .collect()
}

/// Exact powers of ten as floats: every `10^k` for `k <= 22` is a double.
const POW10_F64: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A decimal column to float64, each value correctly rounded (Python's `float(Decimal)`).
///
/// When the mantissa has at most 53 bits and the scale at most 22 digits, one IEEE division
/// (or multiplication) of two exact doubles is correctly rounded; other values go through
/// Rust's correctly rounded decimal parser.
///
/// # Examples
/// ```
/// use rustybt_decimal::to_float;
/// assert_eq!(to_float(&[125, -1], 2), vec![1.25, -0.01]);
/// ```
pub fn to_float(values: &[i128], scale: i32) -> Vec<f64> {
    let exact_limit = 1i128 << 53;
    let fast = POW10_F64.get(scale.unsigned_abs() as usize).copied();
    values
        .iter()
        .map(|&m| match fast {
            Some(p) if m.abs() <= exact_limit => {
                if scale >= 0 {
                    m as f64 / p
                } else {
                    m as f64 * p
                }
            }
            _ => DecimalValue { mantissa: m, scale }
                .to_string()
                .parse()
                .unwrap_or(f64::NAN),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RoundingMode;

    #[test]
    fn from_float_uses_the_exact_binary_value() {
        let ctx = Context::default();
        assert_eq!(
            from_float(&[0.1], 20, &ctx),
            Ok(vec![10_000_000_000_000_000_555])
        );
        // 2.675 is 2.67499999999999982236431605997495353221893310546875
        assert_eq!(from_float(&[2.675], 2, &ctx), Ok(vec![267]));
        let up = Context::new(38, RoundingMode::Up).unwrap();
        assert_eq!(from_float(&[1e-300, -1e-300], 2, &up), Ok(vec![1, -1]));
        assert_eq!(from_float(&[5e-324], 38, &ctx), Ok(vec![0]));
        assert_eq!(from_float(&[1234.5], -2, &ctx), Ok(vec![12]));
        assert_eq!(from_float(&[-0.0], 2, &ctx), Ok(vec![0]));
        assert!(from_float(&[1e38], 1, &ctx).is_err());
        assert!(from_float(&[f64::NAN], 1, &ctx).is_err());
        assert!(from_float(&[f64::MAX], 0, &ctx).is_err());
    }

    #[test]
    fn to_float_is_correctly_rounded() {
        assert_eq!(to_float(&[1, 3], 1), vec![0.1, 0.3]);
        let big = crate::MAX_MANTISSA;
        assert_eq!(to_float(&[big], 0), vec![1e38]);
        assert_eq!(to_float(&[1], 38), vec![1e-38]);
        assert_eq!(to_float(&[7], -30), vec![7e30]);
    }
}
