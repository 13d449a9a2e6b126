//! Moment-based metrics of Decimal returns: exact sums, one correctly rounded square root.
//!
//! With `m` the mantissas of the excess returns on their common scale `s` (nulls skipped),
//! `c` their count, `S1 = sum(m)`, `S2 = sum(m^2)` and `D2 = sum(min(m, 0)^2)` (exact
//! integers), every metric is a square root of an exact rational number:
//! - `annual_volatility = sqrt(A * (c*S2 - S1^2) / (c*(c-1))) * 10^-s`
//! - `sharpe_ratio = sign(S1) * sqrt(S1^2 * (c-1) * A / (c * (c*S2 - S1^2)))`
//! - `downside_risk = sqrt(A * D2 / c) * 10^-s`
//! - `sortino_ratio = sign(S1) * sqrt(S1^2 * A / (c * D2))`
//!
//! (`A` the annualization factor), empyrical's formulas with the means and deviations written
//! out. The root is rounded once to the context's precision with its rounding mode. An exact
//! root drops trailing zeros down to exponent 0; an inexact one has exactly `precision`
//! digits.

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::Zero;

use super::number::{digits, round_drop, shifted, ContextDecimal, DecimalContext};
use super::{positive_factor, DecimalMetric, DecimalReturns};
use crate::MetricsError;

/// Exact sums of the excess returns `m = r - shift` (shift at scale `scale`).
struct Sums {
    count: u64,
    sum: i128,
    squares: BigUint,
    downside_squares: BigUint,
}

/// Adds `v^2` (`|v| < 2^64` fast, anything else through `BigUint`).
#[derive(Default)]
struct SquareSum {
    low: u128,
    carries: u64,
    big: BigUint,
}

impl SquareSum {
    #[inline]
    fn add(&mut self, magnitude: u128) {
        if let Ok(small) = u64::try_from(magnitude) {
            let square = u128::from(small) * u128::from(small);
            let (low, carry) = self.low.overflowing_add(square);
            self.low = low;
            self.carries += u64::from(carry);
        } else {
            let m = BigUint::from(magnitude);
            self.big += &m * &m;
        }
    }

    /// Adds a square already computed (below 2^128).
    #[inline]
    fn add_square(&mut self, square: u128) {
        let (low, carry) = self.low.overflowing_add(square);
        self.low = low;
        self.carries += u64::from(carry);
    }

    fn finish(self) -> BigUint {
        (BigUint::from(self.carries) << 128u32) + BigUint::from(self.low) + self.big
    }
}

/// The returns and the shift (risk-free or required return) on their common scale, and the
/// exact sums over the valid rows.
fn sums(returns: &DecimalReturns<'_>, shift: &ContextDecimal) -> Result<(Sums, i32), MetricsError> {
    let overflow = || MetricsError::DecimalSumOverflow {
        what: "returns on the common scale",
    };
    let shift_scale = i32::try_from(-shift.exponent()).map_err(|_| overflow())?;
    let scale = returns.scale().max(shift_scale);
    let up = |k: i32| -> Result<i128, MetricsError> {
        10i128.checked_pow(k.unsigned_abs()).ok_or_else(overflow)
    };
    let shift_magnitude = i128::try_from(shift.coefficient()).map_err(|_| overflow())?;
    let shift_mantissa = if shift.is_negative() {
        -shift_magnitude
    } else {
        shift_magnitude
    }
    .checked_mul(up(scale - shift_scale)?)
    .ok_or_else(overflow)?;
    let factor = up(scale - returns.scale())?;
    let (mut count, mut sum) = (0u64, 0i128);
    let (mut squares, mut downside) = (SquareSum::default(), SquareSum::default());
    let mut add = |r: i128| -> Result<(), MetricsError> {
        // A 128-bit multiplication is a library call: skip it on the usual common scale.
        let rescaled = if factor == 1 {
            Some(r)
        } else {
            r.checked_mul(factor)
        };
        let m = rescaled
            .and_then(|r| r.checked_sub(shift_mantissa))
            .ok_or_else(overflow)?;
        count += 1;
        sum = sum.checked_add(m).ok_or_else(overflow)?;
        if let Ok(small) = i64::try_from(m) {
            // The usual lane: one 64x64-bit product, the shortfall selected without a branch.
            let magnitude = u128::from(small.unsigned_abs());
            let square = magnitude * magnitude;
            squares.add_square(square);
            downside.add_square(if small < 0 { square } else { 0 });
        } else {
            squares.add(m.unsigned_abs());
            if m < 0 {
                downside.add(m.unsigned_abs());
            }
        }
        Ok(())
    };
    let values = returns.values();
    match returns.validity() {
        None => values.iter().try_for_each(|&r| add(r))?,
        Some(mask) => values
            .iter()
            .enumerate()
            .filter(|&(i, _)| mask.is_valid(i))
            .try_for_each(|(_, &r)| add(r))?,
    }
    Ok((
        Sums {
            count,
            sum,
            squares: squares.finish(),
            downside_squares: downside.finish(),
        },
        scale,
    ))
}

/// `(-1)^negative * sqrt(num / den * 10^exp10)` rounded to the context (`den > 0`).
fn sqrt_ratio(
    num: BigUint,
    den: &BigUint,
    exp10: i64,
    negative: bool,
    ctx: DecimalContext,
) -> ContextDecimal {
    if num.is_zero() {
        return ContextDecimal::from_mantissa(0, 0);
    }
    let (num, exp10) = if exp10 % 2 == 0 {
        (num, exp10)
    } else {
        (num * 10u32, exp10 - 1)
    };
    let precision = u64::from(ctx.precision());
    // Enough digits that the integer root has at least precision + 2 of them.
    let spare = (digits(&num) as i64 - digits(den) as i64) / 2;
    let k = (precision as i64 + 3 - spare).max(0) as u64;
    let scaled = shifted(&num, 2 * k);
    let (quotient, remainder) = scaled.div_rem(den);
    let mut root = quotient.sqrt();
    let exact = remainder.is_zero() && &root * &root == quotient;
    let mut exponent = exp10 / 2 - k as i64;
    if exact {
        while exponent < 0 && (&root % 10u32).is_zero() {
            root /= 10u32;
            exponent += 1;
        }
    }
    let n = digits(&root);
    if n <= precision {
        return ContextDecimal::from_parts(negative, root, exponent);
    }
    let drop = n - precision;
    let (mut rounded, _) = round_drop(&root, drop, !exact, negative, ctx.rounding());
    exponent += drop as i64;
    if digits(&rounded) > precision {
        rounded /= 10u32;
        exponent += 1;
    }
    ContextDecimal::from_parts(negative, rounded, exponent)
}

/// The annualization factor as `coefficient * 10^exponent`.
fn factor_parts(annualization: &ContextDecimal) -> Result<(&BigUint, i64), MetricsError> {
    let a = positive_factor(annualization)?;
    Ok((a.coefficient(), a.exponent()))
}

fn value(result: ContextDecimal, what: &'static str) -> Result<DecimalMetric, MetricsError> {
    Ok(DecimalMetric::Value(result.in_range(what)?))
}

/// Annualized volatility of Decimal returns, empyrical's `annual_volatility` (with its
/// default `alpha = 2`): the sample deviation (ddof = 1) times `sqrt(annualization)`, from
/// exact sums, rounded once (see the module docs).
///
/// NaN with fewer than two rows, or fewer than two valid values.
///
/// # Errors
/// - [`MetricsError::InvalidParameter`] if `annualization` is not > 0.
/// - [`MetricsError::DecimalSumOverflow`] if the sum of returns needs more than 38 digits.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{annual_volatility, ContextDecimal, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[1, 3], 2, None)?; // 0.01, 0.03
/// let two = ContextDecimal::from_mantissa(2, 0);
/// let vol = annual_volatility(&returns, &two, DecimalContext::default())?;
/// assert_eq!(vol.to_string(), "0.02");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn annual_volatility(
    returns: &DecimalReturns<'_>,
    annualization: &ContextDecimal,
    ctx: DecimalContext,
) -> Result<DecimalMetric, MetricsError> {
    let (a, a_exp) = factor_parts(annualization)?;
    if returns.len() < 2 {
        return Ok(DecimalMetric::NaN);
    }
    let (s, scale) = sums(returns, &ContextDecimal::from_mantissa(0, 0))?;
    if s.count < 2 {
        return Ok(DecimalMetric::NaN);
    }
    let c = BigUint::from(s.count);
    let s1 = BigUint::from(s.sum.unsigned_abs());
    let spread = &c * &s.squares - &s1 * &s1; // >= 0 (Cauchy-Schwarz)
    let den = &c * (&c - 1u32);
    let root = sqrt_ratio(spread * a, &den, a_exp - 2 * i64::from(scale), false, ctx);
    value(root, "annual_volatility")
}

/// Annualized Sharpe ratio of Decimal returns, empyrical's `sharpe_ratio`:
/// `mean(r - risk_free) / std(r - risk_free, ddof=1) * sqrt(annualization)`, from exact sums,
/// rounded once (see the module docs).
///
/// NaN with fewer than two rows or valid values, or when every excess return is 0;
/// `Infinity`/`-Infinity` when they are all equal and non-zero (zero deviation), as
/// empyrical gives.
///
/// # Errors
/// - [`MetricsError::InvalidParameter`] if `annualization` is not > 0.
/// - [`MetricsError::DecimalSumOverflow`] if a return minus `risk_free`, or their sum, needs
///   more than 38 digits on the common scale.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{sharpe_ratio, ContextDecimal, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[1, 3], 2, None)?;
/// let (zero, one) = (ContextDecimal::from_mantissa(0, 0), ContextDecimal::from_mantissa(1, 0));
/// let sharpe = sharpe_ratio(&returns, &zero, &one, DecimalContext::default())?;
/// assert_eq!(sharpe.to_string(), "1.414213562373095048801688724");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn sharpe_ratio(
    returns: &DecimalReturns<'_>,
    risk_free: &ContextDecimal,
    annualization: &ContextDecimal,
    ctx: DecimalContext,
) -> Result<DecimalMetric, MetricsError> {
    let (a, a_exp) = factor_parts(annualization)?;
    if returns.len() < 2 {
        return Ok(DecimalMetric::NaN);
    }
    let (s, _) = sums(returns, risk_free)?;
    if s.count < 2 {
        return Ok(DecimalMetric::NaN);
    }
    let c = BigUint::from(s.count);
    let s1 = BigUint::from(s.sum.unsigned_abs());
    let s1_squared = &s1 * &s1;
    let spread = &c * &s.squares - &s1_squared;
    let negative = s.sum < 0;
    if spread.is_zero() {
        return Ok(if s.sum == 0 {
            DecimalMetric::NaN
        } else {
            DecimalMetric::Infinity { negative }
        });
    }
    let num = s1_squared * (&c - 1u32) * a;
    let root = sqrt_ratio(num, &(&c * spread), a_exp, negative, ctx);
    value(root, "sharpe_ratio")
}

/// Annualized downside deviation of Decimal returns below `required_return`, empyrical's
/// `downside_risk`: `sqrt(mean(min(r - required_return, 0)^2)) * sqrt(annualization)`, the
/// mean over the valid values, from exact sums, rounded once (see the module docs).
///
/// NaN for an empty or all-null series.
///
/// # Errors
/// As [`sharpe_ratio`].
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{downside_risk, ContextDecimal, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[3, -4], 2, None)?; // 0.03, -0.04
/// let (zero, two) = (ContextDecimal::from_mantissa(0, 0), ContextDecimal::from_mantissa(2, 0));
/// let risk = downside_risk(&returns, &zero, &two, DecimalContext::default())?;
/// assert_eq!(risk.to_string(), "0.04");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn downside_risk(
    returns: &DecimalReturns<'_>,
    required_return: &ContextDecimal,
    annualization: &ContextDecimal,
    ctx: DecimalContext,
) -> Result<DecimalMetric, MetricsError> {
    let (a, a_exp) = factor_parts(annualization)?;
    if returns.is_empty() {
        return Ok(DecimalMetric::NaN);
    }
    let (s, scale) = sums(returns, required_return)?;
    if s.count == 0 {
        return Ok(DecimalMetric::NaN);
    }
    let c = BigUint::from(s.count);
    let root = sqrt_ratio(
        s.downside_squares * a,
        &c,
        a_exp - 2 * i64::from(scale),
        false,
        ctx,
    );
    value(root, "downside_risk")
}

/// Sortino ratio of Decimal returns, empyrical's `sortino_ratio`: the annualized mean excess
/// return over [`downside_risk`], from exact sums, rounded once (see the module docs).
///
/// NaN with fewer than two rows, no valid value, or no excess and no shortfall at all;
/// `Infinity` when no return falls below `required_return` and the mean excess is positive.
///
/// # Errors
/// As [`sharpe_ratio`].
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{sortino_ratio, ContextDecimal, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[3, -1], 2, None)?; // 0.03, -0.01
/// let (zero, two) = (ContextDecimal::from_mantissa(0, 0), ContextDecimal::from_mantissa(2, 0));
/// let sortino = sortino_ratio(&returns, &zero, &two, DecimalContext::default())?;
/// assert_eq!(sortino.to_string(), "2");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn sortino_ratio(
    returns: &DecimalReturns<'_>,
    required_return: &ContextDecimal,
    annualization: &ContextDecimal,
    ctx: DecimalContext,
) -> Result<DecimalMetric, MetricsError> {
    let (a, a_exp) = factor_parts(annualization)?;
    if returns.len() < 2 {
        return Ok(DecimalMetric::NaN);
    }
    let (s, _) = sums(returns, required_return)?;
    if s.count == 0 {
        return Ok(DecimalMetric::NaN);
    }
    let negative = s.sum < 0;
    if s.downside_squares.is_zero() {
        return Ok(if s.sum == 0 {
            DecimalMetric::NaN
        } else {
            DecimalMetric::Infinity { negative }
        });
    }
    let c = BigUint::from(s.count);
    let s1 = BigUint::from(s.sum.unsigned_abs());
    let num = &s1 * &s1 * a;
    let root = sqrt_ratio(num, &(c * s.downside_squares), a_exp, negative, ctx);
    value(root, "sortino_ratio")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybt_decimal::RoundingMode;

    fn dec(m: i128, scale: i32) -> ContextDecimal {
        ContextDecimal::from_mantissa(m, scale)
    }

    #[test]
    fn edge_cases_follow_empyrical() {
        let ctx = DecimalContext::default();
        let daily = dec(252, 0);
        let one = DecimalReturns::new(&[5], 2, None).unwrap();
        assert_eq!(annual_volatility(&one, &daily, ctx), Ok(DecimalMetric::NaN));
        assert_eq!(
            sharpe_ratio(&one, &dec(0, 0), &daily, ctx),
            Ok(DecimalMetric::NaN)
        );
        let flat = DecimalReturns::new(&[5, 5], 2, None).unwrap();
        assert_eq!(
            sharpe_ratio(&flat, &dec(0, 0), &daily, ctx),
            Ok(DecimalMetric::Infinity { negative: false })
        );
        assert_eq!(
            sharpe_ratio(&flat, &dec(5, 2), &daily, ctx),
            Ok(DecimalMetric::NaN)
        );
        assert_eq!(
            downside_risk(&flat, &dec(0, 0), &daily, ctx)
                .unwrap()
                .to_string(),
            "0"
        );
        assert_eq!(
            sortino_ratio(&flat, &dec(0, 0), &daily, ctx),
            Ok(DecimalMetric::Infinity { negative: false })
        );
    }

    #[test]
    fn roots_round_once_to_the_context() {
        let two = DecimalContext::new(2, RoundingMode::Down).unwrap();
        // sqrt(2) = 1.41..., 2 digits rounded down
        assert_eq!(
            sqrt_ratio(2u32.into(), &1u32.into(), 0, false, two).to_string(),
            "1.4"
        );
        // sqrt(1/4 * 10^-2) = 0.05 exactly
        assert_eq!(
            sqrt_ratio(1u32.into(), &4u32.into(), -2, false, two).to_string(),
            "0.05"
        );
        assert_eq!(
            sqrt_ratio(4u32.into(), &1u32.into(), 2, true, two).to_string(),
            "-20"
        );
    }

    #[test]
    fn sums_overflow_rather_than_wrap() {
        let big = [i128::MAX / 2, i128::MAX / 2, i128::MAX / 2];
        let returns = DecimalReturns::new(&big, 0, None).unwrap();
        let err = sharpe_ratio(&returns, &dec(0, 0), &dec(1, 0), DecimalContext::default());
        assert!(matches!(err, Err(MetricsError::DecimalSumOverflow { .. })));
    }
}
