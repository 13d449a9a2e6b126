//! Decimal numbers rounded to a context, operation by operation, as Python's `decimal` module
//! rounds them (the General Decimal Arithmetic specification, <https://speleotrove.com/decimal/>).
//!
//! Every result is the exact result rounded to the context's precision with its rounding mode;
//! an exact result keeps the exponent the specification calls ideal (`1.10 * 2` is `2.20`,
//! not `2.2`), so mantissa and exponent both equal Python's, not only the value. The code of
//! each operation follows CPython's `_pydecimal` (`__add__`, `__mul__`, `__truediv__`,
//! `_fix`).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use rustybt_decimal::RoundingMode;

use crate::MetricsError;

/// Largest context precision the Decimal metrics accept.
pub const MAX_CONTEXT_PRECISION: u32 = 1000;

/// Python's exponent limit in the default context (`Emax = 999999`, `Emin = -999999`): a
/// result beyond it is [`MetricsError::DecimalOverflow`] rather than clamped.
pub const MAX_ADJUSTED_EXPONENT: i64 = 999_999;

/// Precision and rounding of the Decimal metrics: Python's `decimal.Context` without its flags,
/// traps and exponent limits.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::DecimalContext;
/// use rustybt_decimal::RoundingMode;
/// let ctx = DecimalContext::default(); // decimal.getcontext() of a fresh interpreter
/// assert_eq!((ctx.precision(), ctx.rounding()), (28, RoundingMode::HalfEven));
/// assert!(DecimalContext::new(0, RoundingMode::HalfUp).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecimalContext {
    precision: u32,
    rounding: RoundingMode,
}

impl Default for DecimalContext {
    /// 28 digits, `ROUND_HALF_EVEN`: Python's default context.
    fn default() -> Self {
        Self {
            precision: 28,
            rounding: RoundingMode::HalfEven,
        }
    }
}

impl DecimalContext {
    /// A context of `precision` significant digits (1 to [`MAX_CONTEXT_PRECISION`]).
    ///
    /// # Errors
    /// [`MetricsError::InvalidParameter`] for a precision outside that range.
    pub fn new(precision: i64, rounding: RoundingMode) -> Result<Self, MetricsError> {
        let digits = u32::try_from(precision)
            .ok()
            .filter(|p| (1..=MAX_CONTEXT_PRECISION).contains(p))
            .ok_or(MetricsError::InvalidParameter {
                name: "precision",
                requirement: "an integer from 1 to 1000",
                value: precision as f64,
            })?;
        Ok(Self {
            precision: digits,
            rounding,
        })
    }

    /// Significant digits of every result.
    pub fn precision(&self) -> u32 {
        self.precision
    }

    /// The rounding mode of every operation but `ln`, `exp` (always half-even, as in Python).
    pub fn rounding(&self) -> RoundingMode {
        self.rounding
    }

    pub(crate) fn half_even(self) -> Self {
        Self {
            rounding: RoundingMode::HalfEven,
            ..self
        }
    }
}

/// A finite decimal number `(-1)^negative * coefficient * 10^exponent`, with a sign on zero as
/// Python's `decimal.Decimal` has.
///
/// Its text form is Python's `str(Decimal)`, so `Decimal(str(x))` rebuilds it exactly.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::ContextDecimal;
/// let x = ContextDecimal::from_mantissa(-1250, 3);
/// assert_eq!(x.to_string(), "-1.250");
/// assert_eq!(ContextDecimal::from_mantissa(5, 9).to_string(), "5E-9");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextDecimal {
    negative: bool,
    coefficient: BigUint,
    exponent: i64,
}

/// Powers of ten below this are computed once and borrowed (the growth loop needs them at
/// every row: 2 * 38 digits of alignment, plus the guard digits of `ln`/`exp`).
const CACHED_POWERS: u64 = 320;

/// `10^k`, borrowed from a table for small `k`.
pub(crate) fn pow10(k: u64) -> Cow<'static, BigUint> {
    static POWERS: OnceLock<Vec<BigUint>> = OnceLock::new();
    if k < CACHED_POWERS {
        let table = POWERS.get_or_init(|| {
            let mut powers = Vec::with_capacity(CACHED_POWERS as usize);
            let mut p = BigUint::from(1u32);
            for _ in 0..CACHED_POWERS {
                powers.push(p.clone());
                p *= 10u32;
            }
            powers
        });
        return Cow::Borrowed(&table[k as usize]);
    }
    Cow::Owned(BigUint::from(10u32).pow(u32::try_from(k).unwrap_or(u32::MAX)))
}

/// `c * 10^k`.
pub(crate) fn shifted(c: &BigUint, k: u64) -> BigUint {
    if k == 0 {
        c.clone()
    } else {
        c * pow10(k).as_ref()
    }
}

/// Decimal digits of `c` (1 for zero).
pub(crate) fn digits(c: &BigUint) -> u64 {
    let bits = c.bits();
    if bits <= 1 {
        return 1;
    }
    // 2^(bits-1) <= c < 2^bits, so the count is this estimate or one more.
    let estimate = ((bits - 1) as f64 * std::f64::consts::LOG10_2) as u64 + 1;
    if c >= pow10(estimate).as_ref() {
        estimate + 1
    } else {
        estimate
    }
}

/// Whether rounding a magnitude away from its truncation is due (the decimal specification's
/// rounding modes): `last_digit` of the truncated magnitude, `inexact` whether anything was
/// dropped, `half` how the dropped part compares with half a unit.
pub(crate) fn rounds_away(
    mode: RoundingMode,
    negative: bool,
    last_digit: u32,
    inexact: bool,
    half: Ordering,
) -> bool {
    inexact
        && match mode {
            RoundingMode::Down => false,
            RoundingMode::Up => true,
            RoundingMode::Ceiling => !negative,
            RoundingMode::Floor => negative,
            RoundingMode::HalfUp => half != Ordering::Less,
            RoundingMode::HalfDown => half == Ordering::Greater,
            RoundingMode::HalfEven => {
                half == Ordering::Greater || (half == Ordering::Equal && last_digit % 2 == 1)
            }
            RoundingMode::Up05 => last_digit == 0 || last_digit == 5,
        }
}

/// `coefficient / 10^drop` rounded by `mode`; `sticky` says a non-zero part lies below the
/// coefficient's last digit. Returns the rounded magnitude and whether anything was lost.
pub(crate) fn round_drop(
    coefficient: &BigUint,
    drop: u64,
    sticky: bool,
    negative: bool,
    mode: RoundingMode,
) -> (BigUint, bool) {
    if drop == 0 {
        let last = (coefficient % 10u32).to_u32().unwrap_or(0);
        let up = rounds_away(mode, negative, last, sticky, Ordering::Less);
        return (coefficient + u32::from(up), sticky);
    }
    let unit = pow10(drop);
    let (q, r) = coefficient.div_rem(unit.as_ref());
    let inexact = sticky || !r.is_zero();
    let half = match (&r << 1u32).cmp(unit.as_ref()) {
        Ordering::Equal if sticky => Ordering::Greater,
        other => other,
    };
    let last = (&q % 10u32).to_u32().unwrap_or(0);
    let up = rounds_away(mode, negative, last, inexact, half);
    (q + u32::from(up), inexact)
}

impl ContextDecimal {
    /// `mantissa * 10^-scale`, exactly: a value of a decimal column.
    pub fn from_mantissa(mantissa: i128, scale: i32) -> Self {
        Self {
            negative: mantissa < 0,
            coefficient: BigUint::from(mantissa.unsigned_abs()),
            exponent: -i64::from(scale),
        }
    }

    /// `(-1)^negative * coefficient * 10^exponent`, exactly.
    pub fn from_parts(negative: bool, coefficient: BigUint, exponent: i64) -> Self {
        Self {
            negative,
            coefficient,
            exponent,
        }
    }

    /// The integer 1 (`Decimal(1)`).
    pub fn one() -> Self {
        Self::from_mantissa(1, 0)
    }

    /// The sign (true for negative numbers and -0).
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The coefficient (magnitude of the mantissa).
    pub fn coefficient(&self) -> &BigUint {
        &self.coefficient
    }

    /// The exponent: the value is `coefficient * 10^exponent`.
    pub fn exponent(&self) -> i64 {
        self.exponent
    }

    /// Whether the value is zero (of either sign).
    pub fn is_zero(&self) -> bool {
        self.coefficient.is_zero()
    }

    /// Exponent of the most significant digit (Python's `Decimal.adjusted()`).
    pub fn adjusted(&self) -> i64 {
        self.exponent + digits(&self.coefficient) as i64 - 1
    }

    /// This number rounded to the context (Python's `_fix` without exponent clamping).
    pub(crate) fn fix(mut self, ctx: DecimalContext) -> Self {
        let precision = u64::from(ctx.precision);
        let n = digits(&self.coefficient);
        if n <= precision {
            return self;
        }
        let drop = n - precision;
        let (mut q, _) = round_drop(&self.coefficient, drop, false, self.negative, ctx.rounding);
        self.exponent += drop as i64;
        if digits(&q) > precision {
            q /= 10u32;
            self.exponent += 1;
        }
        self.coefficient = q;
        self
    }

    /// `self * other` rounded to the context.
    pub fn mul(&self, other: &Self, ctx: DecimalContext) -> Self {
        Self {
            negative: self.negative != other.negative,
            coefficient: &self.coefficient * &other.coefficient,
            exponent: self.exponent + other.exponent,
        }
        .fix(ctx)
    }

    /// `self + other` rounded to the context: the exact sum at the smaller exponent, then
    /// rounded (the sticky-digit shortcut of `_pydecimal._normalize` gives the same result).
    pub fn add(&self, other: &Self, ctx: DecimalContext) -> Self {
        let exponent = self.exponent.min(other.exponent);
        let a = shifted(&self.coefficient, (self.exponent - exponent) as u64);
        let b = shifted(&other.coefficient, (other.exponent - exponent) as u64);
        let floor_zero = ctx.rounding == RoundingMode::Floor && self.negative != other.negative;
        let (negative, coefficient) = if self.negative == other.negative {
            (self.negative, a + b)
        } else {
            match a.cmp(&b) {
                Ordering::Greater => (self.negative, a - b),
                Ordering::Less => (other.negative, b - a),
                Ordering::Equal => (floor_zero, BigUint::zero()),
            }
        };
        let negative = if coefficient.is_zero() && self.is_zero() && other.is_zero() {
            (self.negative && other.negative) || floor_zero
        } else {
            negative
        };
        Self {
            negative,
            coefficient,
            exponent,
        }
        .fix(ctx)
    }

    /// `self - other` rounded to the context.
    pub fn sub(&self, other: &Self, ctx: DecimalContext) -> Self {
        let negated = Self {
            negative: !other.negative,
            ..other.clone()
        };
        self.add(&negated, ctx)
    }

    /// `self / other` rounded to the context, or `None` when `other` is zero. The exact
    /// quotient keeps the exponent nearest the ideal `self.exponent - other.exponent`.
    pub fn div(&self, other: &Self, ctx: DecimalContext) -> Option<Self> {
        if other.is_zero() {
            return None;
        }
        let negative = self.negative != other.negative;
        if self.is_zero() {
            return Some(
                Self {
                    negative,
                    coefficient: BigUint::zero(),
                    exponent: self.exponent - other.exponent,
                }
                .fix(ctx),
            );
        }
        let shift = digits(&other.coefficient) as i64 - digits(&self.coefficient) as i64
            + i64::from(ctx.precision)
            + 1;
        let mut exponent = self.exponent - other.exponent - shift;
        let (mut q, r) = if shift >= 0 {
            shifted(&self.coefficient, shift as u64).div_rem(&other.coefficient)
        } else {
            self.coefficient
                .div_rem(&shifted(&other.coefficient, (-shift) as u64))
        };
        if !r.is_zero() {
            // A last digit of 0 or 5 would read as exact or exactly half: make it sticky.
            if (&q % 5u32).is_zero() {
                q += 1u32;
            }
        } else {
            let ideal = self.exponent - other.exponent;
            while exponent < ideal && (&q % 10u32).is_zero() {
                q /= 10u32;
                exponent += 1;
            }
        }
        Some(
            Self {
                negative,
                coefficient: q,
                exponent,
            }
            .fix(ctx),
        )
    }

    /// Numeric comparison (`Decimal.compare`): `1.0 == 1.00`, `-0 == 0`.
    pub fn cmp_value(&self, other: &Self) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => {
                return if other.negative {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, true) => {
                return if self.negative {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            _ => {}
        }
        if self.negative != other.negative {
            return if self.negative {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let exponent = self.exponent.min(other.exponent);
        let a = shifted(&self.coefficient, (self.exponent - exponent) as u64);
        let b = shifted(&other.coefficient, (other.exponent - exponent) as u64);
        let magnitude = a.cmp(&b);
        if self.negative {
            magnitude.reverse()
        } else {
            magnitude
        }
    }

    /// The number if its adjusted exponent lies within Python's default limits.
    pub(crate) fn in_range(self, what: &'static str) -> Result<Self, MetricsError> {
        let adjusted = self.adjusted();
        if !self.is_zero() && adjusted.abs() > MAX_ADJUSTED_EXPONENT {
            return Err(MetricsError::DecimalOverflow {
                what,
                adjusted_exponent: adjusted,
            });
        }
        Ok(self)
    }
}

impl fmt::Display for ContextDecimal {
    /// Python's `Decimal.__str__` (scientific notation where Python uses it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.coefficient.to_string();
        let len = digits.len() as i64;
        let left_digits = self.exponent + len;
        let dot_place = if self.exponent <= 0 && left_digits > -6 {
            left_digits
        } else {
            1
        };
        let (int_part, frac_part) = if dot_place <= 0 {
            (
                "0".to_string(),
                format!(".{}{}", "0".repeat((-dot_place) as usize), digits),
            )
        } else if dot_place >= len {
            (
                format!("{}{}", digits, "0".repeat((dot_place - len) as usize)),
                String::new(),
            )
        } else {
            let (a, b) = digits.split_at(dot_place as usize);
            (a.to_string(), format!(".{b}"))
        };
        let exp = if left_digits == dot_place {
            String::new()
        } else {
            format!("E{:+}", left_digits - dot_place)
        };
        let sign = if self.negative { "-" } else { "" };
        write!(f, "{sign}{int_part}{frac_part}{exp}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> ContextDecimal {
        // mantissa and scale from a plain decimal literal
        let negative = text.starts_with('-');
        let body = text.trim_start_matches('-');
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let coefficient: BigUint = format!("{int}{frac}").parse().unwrap();
        ContextDecimal::from_parts(negative, coefficient, -(frac.len() as i64))
    }

    #[test]
    fn text_form_is_pythons() {
        assert_eq!(d("1.10").to_string(), "1.10");
        assert_eq!(d("0.0000001").to_string(), "1E-7");
        assert_eq!(d("0.000001").to_string(), "0.000001");
        assert_eq!(
            ContextDecimal::from_parts(false, 15u32.into(), 3).to_string(),
            "1.5E+4"
        );
        assert_eq!(
            ContextDecimal::from_parts(true, 0u32.into(), -2).to_string(),
            "-0.00"
        );
    }

    #[test]
    fn operations_round_as_python() {
        let ctx = DecimalContext::new(5, RoundingMode::HalfEven).unwrap();
        // Decimal values below from Python with getcontext().prec = 5
        assert_eq!(d("1.10").mul(&d("2"), ctx).to_string(), "2.20");
        assert_eq!(d("1.2345").mul(&d("1.0001"), ctx).to_string(), "1.2346");
        assert_eq!(d("99999").add(&d("1"), ctx).to_string(), "1.0000E+5");
        assert_eq!(d("1.5").sub(&d("1.5"), ctx).to_string(), "0.0");
        assert_eq!(d("1").div(&d("3"), ctx).unwrap().to_string(), "0.33333");
        assert_eq!(d("1.00").div(&d("4"), ctx).unwrap().to_string(), "0.25");
        assert_eq!(d("6").div(&d("2"), ctx).unwrap().to_string(), "3");
        let floor = DecimalContext::new(5, RoundingMode::Floor).unwrap();
        assert_eq!(d("1.5").sub(&d("1.5"), floor).to_string(), "-0.0");
        assert!(d("1").div(&d("0"), ctx).is_none());
    }

    #[test]
    fn compares_by_value() {
        assert_eq!(d("1.0").cmp_value(&d("1.00")), Ordering::Equal);
        assert_eq!(d("-0.5").cmp_value(&d("0")), Ordering::Less);
        assert_eq!(d("-0.5").cmp_value(&d("-0.6")), Ordering::Greater);
    }
}
