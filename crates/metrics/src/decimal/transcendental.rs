//! `ln` and `exp` correctly rounded (half-even) to a context, as Python's `Decimal.ln()` and
//! `Decimal.exp()` give them.
//!
//! Ziv's strategy: evaluate in fixed point with some guard digits and a proven error bound; if
//! the whole error interval rounds to one p-digit number, that is the correctly rounded result
//! (rounding is monotone); else retry with more digits. `ln x` (x != 1) and `exp z` (z != 0)
//! of a decimal are transcendental, never exactly representable nor a rounding tie, so the
//! loop ends.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::Zero;
use rustybt_decimal::RoundingMode;

use super::number::{digits, pow10, round_drop, shifted, ContextDecimal, DecimalContext};
use crate::MetricsError;

/// Error bound, in units of the last fixed-point digit, of every evaluation below. The actual
/// errors are a few hundred units at most (one per truncated division, see each function);
/// the bound is loose on purpose, a wider interval only costs a retry.
const ERROR_BOUND: u64 = 100_000_000_000;

/// Guard digits beyond the precision on the first attempt.
const GUARD_DIGITS: u64 = 25;

fn ten_pow(k: u64) -> BigInt {
    BigInt::from(pow10(k).into_owned())
}

/// `atanh(1/m) * 10^f`, truncated terms: error below 3 units per term.
fn atanh_inverse(m: u64, f: u64) -> BigInt {
    let one = ten_pow(f);
    let m2 = BigInt::from(m * m);
    let mut power = &one / BigInt::from(m);
    let mut sum = power.clone();
    let mut k = 1u64;
    loop {
        power /= &m2;
        if power.is_zero() {
            return sum;
        }
        sum += &power / BigInt::from(2 * k + 1);
        k += 1;
    }
}

/// `ln 2 * 10^f` (2 atanh(1/3)) and `ln 10 * 10^f` (3 ln 2 + 2 atanh(1/9), since 10 = 8 * 5/4).
fn ln2_ln10(f: u64) -> (BigInt, BigInt) {
    let ln2 = atanh_inverse(3, f) * 2;
    let ln10 = &ln2 * 3 + atanh_inverse(9, f) * 2;
    (ln2, ln10)
}

/// `atanh(t / 10^f) * 10^f` for `|t| <= 0.2 * 10^f`.
fn atanh_fixed(t: &BigInt, f: u64) -> BigInt {
    let one = ten_pow(f);
    let t2 = t * t / &one;
    let mut power = t.clone();
    let mut sum = t.clone();
    let mut k = 1u64;
    loop {
        power = &power * &t2 / &one;
        if power.is_zero() {
            return sum;
        }
        sum += &power / BigInt::from(2 * k + 1);
        k += 1;
    }
}

/// The correctly rounded (half-even) `p`-digit number in `[a - bound, a + bound] * 10^-f`,
/// if that whole interval rounds to one number.
fn settle(a: &BigInt, f: u64, precision: u32) -> Option<ContextDecimal> {
    let bound = BigInt::from(ERROR_BOUND);
    let (lo, hi) = (a - &bound, a + &bound);
    if lo.sign() != hi.sign() || lo.is_zero() || hi.is_zero() {
        return None;
    }
    let negative = lo.sign() == Sign::Minus;
    let round = |x: &BigInt| -> Option<(BigUint, i64)> {
        let magnitude = x.magnitude();
        let n = digits(magnitude);
        // Enough digits that the bound lies well below the last kept digit.
        if n < u64::from(precision) + 14 {
            return None;
        }
        let drop = n - u64::from(precision);
        let (mut q, _) = round_drop(magnitude, drop, false, negative, RoundingMode::HalfEven);
        let mut exponent = drop as i64 - f as i64;
        if digits(&q) > u64::from(precision) {
            q /= 10u32;
            exponent += 1;
        }
        Some((q, exponent))
    };
    let (low, high) = (round(&lo)?, round(&hi)?);
    (low == high).then(|| ContextDecimal::from_parts(negative, low.0, low.1))
}

/// Retries `attempt(f)` with more digits until [`settle`] gives a result.
fn ziv(
    precision: u32,
    extra: u64,
    attempt: impl Fn(u64) -> BigInt,
) -> Result<ContextDecimal, MetricsError> {
    let mut f = u64::from(precision) + GUARD_DIGITS + extra;
    for _ in 0..40 {
        let a = attempt(f);
        if let Some(result) = settle(&a, f, precision) {
            return Ok(result);
        }
        // Too few significant digits (a result near 0) or an interval across a rounding
        // boundary: both need more digits.
        let have = digits(a.magnitude());
        f += (u64::from(precision) + GUARD_DIGITS).saturating_sub(have) + 20;
    }
    Err(MetricsError::InvalidParameter {
        name: "decimal precision",
        requirement: "reachable by the ln/exp evaluation",
        value: f64::from(precision),
    })
}

/// Natural logarithm of `x > 0`, correctly rounded half-even to the context's precision
/// (Python's `Decimal.ln`, which ignores the context's rounding mode): `Decimal('0')` for 1.
///
/// `x = y * 10^a` with `y` in `[1, 10)`, halved `j` times into `[0.7, 1.4)`, then
/// `ln x = 2 atanh((y - 1) / (y + 1)) + j ln 2 + a ln 10`.
pub(crate) fn ln(x: &ContextDecimal, ctx: DecimalContext) -> Result<ContextDecimal, MetricsError> {
    debug_assert!(!x.is_negative() && !x.is_zero());
    let n = digits(x.coefficient());
    if x.coefficient() == pow10(n - 1).as_ref() && x.exponent() == -(n as i64 - 1) {
        return Ok(ContextDecimal::from_mantissa(0, 0));
    }
    let a = x.exponent() + n as i64 - 1;
    // a * ln 10 needs as many more digits as a has, for the same absolute error.
    let extra = digits(&BigUint::from(a.unsigned_abs()));
    let result = ziv(ctx.precision(), extra, |f| {
        let g = f + extra;
        let one = ten_pow(g);
        // y * 10^g, truncated (error < 1 unit)
        let mut y = BigInt::from(shifted(x.coefficient(), g)) / ten_pow(n - 1);
        let limit = &one * 14 / 10;
        let mut halvings = 0u32;
        while y > limit {
            y /= 2; // error stays below 2 units
            halvings += 1;
        }
        let t = (&y - &one) * &one / (&y + &one);
        let (ln2, ln10) = ln2_ln10(g);
        let value = atanh_fixed(&t, g) * 2 + ln2 * halvings + ln10 * a;
        // back to f digits: the extra digits absorbed a's amplification
        value / ten_pow(extra)
    })?;
    result.in_range("ln")
}

/// `e^z`, correctly rounded half-even to the context's precision (Python's `Decimal.exp`):
/// `Decimal('1')` for 0.
///
/// `z = q ln 10 + r` with `r` in `[0, ln 10)`, `e^z = e^r * 10^q`, `e^r` by its Taylor
/// series.
///
/// # Errors
/// [`MetricsError::DecimalOverflow`] for `|z| >= 10^6`, whose power lies beyond Python's
/// default exponent limits.
pub(crate) fn exp(z: &ContextDecimal, ctx: DecimalContext) -> Result<ContextDecimal, MetricsError> {
    if z.is_zero() {
        return Ok(ContextDecimal::one());
    }
    if z.adjusted() >= 6 {
        return Err(MetricsError::DecimalOverflow {
            what: "exp",
            adjusted_exponent: z.adjusted(),
        });
    }
    // |q| < 434295 has 6 digits: ln 10 carries 8 more digits than the result.
    let extra = 8;
    let z_coefficient = BigInt::from_biguint(
        if z.is_negative() {
            Sign::Minus
        } else {
            Sign::Plus
        },
        z.coefficient().clone(),
    );
    let scaled = |g: u64| -> BigInt {
        // z * 10^g, truncated toward zero (error < 1 unit)
        let shift = z.exponent() + g as i64;
        if shift >= 0 {
            &z_coefficient * ten_pow(shift as u64)
        } else {
            &z_coefficient / ten_pow((-shift) as u64)
        }
    };
    // The power of ten, fixed once so that every attempt evaluates the same e^r (near a
    // multiple of ln 10 another choice would only move r outside [0, ln 10) a little).
    let first = u64::from(ctx.precision()) + GUARD_DIGITS + extra;
    let q = scaled(first).div_floor(&ln2_ln10(first).1);
    let result = ziv(ctx.precision(), 0, |f| {
        let g = f + extra;
        let one = ten_pow(g);
        let r = scaled(g) - &q * ln2_ln10(g).1;
        let mut term = one.clone();
        let mut sum = one.clone();
        let mut k = 1u64;
        loop {
            term = &term * &r / (&one * BigInt::from(k));
            if term.is_zero() {
                break;
            }
            sum += &term;
            k += 1;
        }
        sum / ten_pow(extra)
    })?;
    let q = i64::try_from(&q).unwrap_or(i64::MAX);
    ContextDecimal::from_parts(false, result.coefficient().clone(), result.exponent() + q)
        .in_range("exp")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(p: i64) -> DecimalContext {
        DecimalContext::new(p, RoundingMode::HalfEven).unwrap()
    }

    #[test]
    fn ln_matches_python() {
        // Decimal(x).ln() with getcontext().prec = 28
        let two = ContextDecimal::from_mantissa(2, 0);
        assert_eq!(
            ln(&two, ctx(28)).unwrap().to_string(),
            "0.6931471805599453094172321215"
        );
        let small = ContextDecimal::from_mantissa(10001, 4);
        assert_eq!(
            ln(&small, ctx(28)).unwrap().to_string(),
            "0.00009999500033330833533316668095"
        );
        let below = ContextDecimal::from_mantissa(5, 1);
        assert_eq!(
            ln(&below, ctx(28)).unwrap().to_string(),
            "-0.6931471805599453094172321215"
        );
        let one = ContextDecimal::from_mantissa(100, 2);
        assert_eq!(ln(&one, ctx(28)).unwrap().to_string(), "0");
    }

    #[test]
    fn exp_matches_python() {
        let one = ContextDecimal::from_mantissa(1, 0);
        assert_eq!(
            exp(&one, ctx(28)).unwrap().to_string(),
            "2.718281828459045235360287471"
        );
        let minus = ContextDecimal::from_mantissa(-25, 1);
        assert_eq!(
            exp(&minus, ctx(28)).unwrap().to_string(),
            "0.08208499862389879516952867447"
        );
        let big = ContextDecimal::from_mantissa(1000, 0);
        assert_eq!(
            exp(&big, ctx(28)).unwrap().to_string(),
            "1.970071114017046993888879352E+434"
        );
        let zero = ContextDecimal::from_mantissa(0, 3);
        assert_eq!(exp(&zero, ctx(28)).unwrap().to_string(), "1");
        let huge = ContextDecimal::from_mantissa(1_000_000, 0);
        assert!(exp(&huge, ctx(28)).is_err());
    }
}
