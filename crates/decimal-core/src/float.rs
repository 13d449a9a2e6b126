//! Conversions between float64 and decimal columns, both correctly rounded.

use arrow_buffer::i256;
use rayon::prelude::*;

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

/// The fast lane of [`float_to_mantissa`]: a float below 2^52 in magnitude (a negative binary
/// exponent) at a scale of 0 to 19 digits. Its exact value times 10^scale is
/// `|m| * 10^scale / 2^k` with `|m| < 2^53` and `10^scale < 2^64`, so the numerator fits a
/// `u128` and the division by 2^k is a shift; the remainder against 2^(k-1) decides the rounding.
/// `None` for other floats and scales.
#[inline(always)]
fn float_to_mantissa_fast(
    x: f64,
    scale_factor: Option<u64>,
    ctx: &Context,
) -> Option<Option<i128>> {
    let factor = scale_factor?;
    let (m, e) = decompose(x);
    if e >= 0 {
        return None;
    }
    let negative = m < 0;
    let n = u128::from(m.unsigned_abs()) * u128::from(factor);
    let k = e.unsigned_abs();
    let (q, inexact, half) = if k >= 118 {
        // n < 2^117: the quotient is below half a unit.
        (0, n != 0, std::cmp::Ordering::Less)
    } else {
        let r = n & ((1u128 << k) - 1);
        (n >> k, r != 0, r.cmp(&(1u128 << (k - 1))))
    };
    let q = q + u128::from(ctx.rounding().rounds_away_u128(negative, q, inexact, half));
    // q < 2^117 fits an i128.
    let q = q as i128;
    let r = if negative { -q } else { q };
    Some(Some(r).filter(|&r| ctx.fits(r)))
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
    let factor = u32::try_from(scale)
        .ok()
        .filter(|&s| s <= 19)
        .map(|s| 10u64.pow(s));
    // A tight first pass over the fast lane; rows it cannot take (NaN, infinities, huge
    // floats, other scales, precision overflows) are flagged and redone in order below.
    let mut missed = false;
    let mut out: Vec<i128> = values
        .iter()
        .map(|&x| match float_to_mantissa_fast(x, factor, ctx) {
            Some(Some(m)) => m,
            _ => {
                missed = true;
                0
            }
        })
        .collect();
    if !missed {
        return Ok(out);
    }
    for (i, (&x, slot)) in values.iter().zip(out.iter_mut()).enumerate() {
        if let Some(Some(m)) = float_to_mantissa_fast(x, factor, ctx) {
            *slot = m;
            continue;
        }
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
        *slot =
            float_to_mantissa(x, scale, ctx).ok_or_else(|| DecimalError::PrecisionExceeded {
                what: format!("values[{i}] at scale {scale}"),
                precision: ctx.precision(),
            })?;
    }
    Ok(out)
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
    let exact_limit = 1u64 << 53;
    let fast = POW10_F64.get(scale.unsigned_abs() as usize).copied();
    let slow = |m: i128| {
        DecimalValue { mantissa: m, scale }
            .to_string()
            .parse()
            .unwrap_or(f64::NAN)
    };
    // Both operands exact as doubles: one IEEE operation rounds correctly. The mantissa goes
    // through i64 (one instruction) rather than i128 (a library call).
    let exact = |m: i128| {
        i64::try_from(m)
            .ok()
            .filter(|n| n.unsigned_abs() <= exact_limit)
    };
    let convert = move |m: i128| match fast {
        Some(p) if scale >= 0 => exact(m).map_or_else(|| slow(m), |n| n as f64 / p),
        Some(p) => exact(m).map_or_else(|| slow(m), |n| n as f64 * p),
        None => slow(m),
    };
    if values.len() >= crate::arith::PARALLEL_MIN_ROWS {
        // Memory-bound: a second core converts the other half.
        let mut out = Vec::new();
        values
            .par_iter()
            .map(|&m| convert(m))
            .collect_into_vec(&mut out);
        return out;
    }
    values.iter().map(|&m| convert(m)).collect()
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
    fn the_fast_lane_equals_the_exact_division() {
        let mut floats = vec![
            0.1,
            -0.1,
            2.675,
            1.005,
            0.5,
            -0.5,
            2.5,
            1e-300,
            4503599627370495.5,
        ];
        floats.extend([
            2f64.powi(52) - 0.5,
            123.456_789,
            -98_765.432_1,
            5e-324,
            1.0 / 3.0,
        ]);
        floats.extend((1..200).map(|i| f64::from(i) * 0.0125 - 1.0));
        for mode in RoundingMode::ALL {
            let ctx = Context::new(38, mode).unwrap();
            for scale in [0, 1, 2, 4, 8, 17, 19] {
                let factor = Some(10u64.pow(scale as u32));
                for &x in &floats {
                    let fast = float_to_mantissa_fast(x, factor, &ctx).expect("fast lane");
                    assert_eq!(
                        fast,
                        float_to_mantissa(x, scale, &ctx),
                        "{x} at {scale} {mode}"
                    );
                }
            }
            // Outside the lane: |x| >= 2^52, scales above 19 or below 0.
            assert!(float_to_mantissa_fast(2f64.powi(53), Some(1), &ctx).is_none());
            assert!(float_to_mantissa_fast(1.5, None, &ctx).is_none());
            assert_eq!(
                from_float(&[0.1, 2.5], 20, &ctx).unwrap()[0],
                float_to_mantissa(0.1, 20, &ctx).unwrap()
            );
        }
        // The precision still applies on the fast lane.
        let three = Context::new(3, RoundingMode::HalfEven).unwrap();
        assert!(from_float(&[999.4], 0, &three).is_ok());
        assert!(from_float(&[999.5], 0, &three).is_err());
    }

    #[test]
    fn to_float_fast_lane_boundary() {
        let limit = 1i128 << 53;
        for m in [
            limit - 1,
            limit,
            limit + 1,
            -limit,
            -limit - 1,
            i64::MAX as i128 + 1,
        ] {
            for scale in [0, 2, 22, 23, -3] {
                let text = DecimalValue { mantissa: m, scale }.to_string();
                assert_eq!(
                    to_float(&[m], scale),
                    vec![text.parse::<f64>().unwrap()],
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn to_float_in_parallel_equals_row_by_row() {
        let n = crate::arith::PARALLEL_MIN_ROWS + 3;
        let values: Vec<i128> = (0..n as i128)
            .map(|i| (i * 7919 % 1_000_003 - 500_000) << (i % 80))
            .collect();
        let long = to_float(&values, 4);
        for (i, &m) in values.iter().enumerate().step_by(997) {
            assert_eq!(long[i].to_bits(), to_float(&[m], 4)[0].to_bits(), "{i}");
        }
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
