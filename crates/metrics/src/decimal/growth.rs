//! Compounded growth of Decimal returns, rounded operation by operation to a context.
//!
//! The order, which the Python reference follows step for step:
//! `growth = 1; for r in returns: if r is not None: growth = growth * (1 + r)`, each `+` and
//! `*` rounded to the context (a null row leaves growth as it is, as empyrical counts NaN as 0).

use std::cmp::Ordering;

use num_bigint::BigUint;
use rustybt_decimal::RoundingMode;

use super::number::{rounds_away, ContextDecimal, DecimalContext};
use super::transcendental::{exp, ln};
use super::{positive_factor, DecimalMetric, DecimalReturns};
use crate::MetricsError;

/// The running growth: in 128 bits while every step fits there (daily returns with a few
/// decimals in a context of up to 38 digits: the product of a 28-digit growth and a 9-digit
/// factor has at most 37 digits), else as a [`ContextDecimal`]. Both give the same numbers;
/// the 128-bit lane only saves the allocations.
#[derive(Clone)]
enum Growth {
    Small {
        negative: bool,
        coefficient: u128,
        exponent: i64,
    },
    Big(ContextDecimal),
}

/// `coefficient * 10^exponent` rounded to the context, in 128 bits (the 128-bit twin of
/// `ContextDecimal::fix`).
fn fix_small(
    negative: bool,
    coefficient: u128,
    exponent: i64,
    ctx: DecimalContext,
) -> Option<(u128, i64)> {
    let precision = ctx.precision();
    let n = coefficient.checked_ilog10().map_or(1, |d| d + 1);
    if n <= precision {
        return Some((coefficient, exponent));
    }
    let drop = n - precision;
    let unit = 10u128.checked_pow(drop)?;
    let (q, r) = (coefficient / unit, coefficient % unit);
    // r < unit <= 10^38, so 2r < 2^128
    let half = (2 * r).cmp(&unit);
    let last = (q % 10) as u32;
    let mut q = q + u128::from(rounds_away(ctx.rounding(), negative, last, r != 0, half));
    let mut exponent = exponent + i64::from(drop);
    if q.checked_ilog10().map_or(1, |d| d + 1) > precision {
        q /= 10;
        exponent += 1;
    }
    Some((q, exponent))
}

impl Growth {
    fn to_decimal(&self) -> ContextDecimal {
        match self {
            Growth::Small {
                negative,
                coefficient,
                exponent,
            } => ContextDecimal::from_parts(*negative, BigUint::from(*coefficient), *exponent),
            Growth::Big(value) => value.clone(),
        }
    }

    /// `growth * (1 + r)` in 128 bits, or None where a step does not fit.
    fn small_step(&self, m: i128, scale: i32, ctx: DecimalContext) -> Option<Growth> {
        let Growth::Small {
            negative,
            coefficient,
            exponent,
        } = *self
        else {
            return None;
        };
        // 1 + r: the exact sum at the smaller exponent, then rounded (ContextDecimal::add)
        let at = (-i64::from(scale)).min(0);
        let one = 10i128.checked_pow(u32::try_from(-at).ok()?)?;
        let r = m.checked_mul(10i128.checked_pow(u32::try_from(-i64::from(scale) - at).ok()?)?)?;
        let sum = one.checked_add(r)?;
        let factor_negative = if sum == 0 {
            ctx.rounding() == RoundingMode::Floor // 1 + (-1): Python's zero sign
        } else {
            sum < 0
        };
        let (factor, factor_exponent) = fix_small(factor_negative, sum.unsigned_abs(), at, ctx)?;
        let negative = negative != factor_negative;
        let (coefficient, exponent) = fix_small(
            negative,
            coefficient.checked_mul(factor)?,
            exponent + factor_exponent,
            ctx,
        )?;
        Some(Growth::Small {
            negative,
            coefficient,
            exponent,
        })
    }

    fn step(&mut self, m: i128, scale: i32, ctx: DecimalContext) {
        if let Some(next) = self.small_step(m, scale, ctx) {
            *self = next;
            return;
        }
        let factor = ContextDecimal::one().add(&ContextDecimal::from_mantissa(m, scale), ctx);
        *self = Growth::Big(self.to_decimal().mul(&factor, ctx));
    }
}

/// The growth after each row: `growth[i] = growth[i-1] * (1 + r[i])`.
fn growth_states<'a>(
    returns: &'a DecimalReturns<'a>,
    ctx: DecimalContext,
) -> impl Iterator<Item = Growth> + 'a {
    let start = Growth::Small {
        negative: false,
        coefficient: 1,
        exponent: 0,
    };
    let scale = returns.scale();
    (0..returns.len()).scan(start, move |growth, i| {
        if let Some(m) = returns.get(i) {
            growth.step(m, scale, ctx);
        }
        Some(growth.clone())
    })
}

/// Growth of one unit after each row, as decimals.
fn growth_path<'a>(
    returns: &'a DecimalReturns<'a>,
    ctx: DecimalContext,
) -> impl Iterator<Item = ContextDecimal> + 'a {
    growth_states(returns, ctx).map(|g| g.to_decimal())
}

/// Growth over the whole series (1 for an empty one).
fn total_growth(returns: &DecimalReturns<'_>, ctx: DecimalContext) -> ContextDecimal {
    growth_states(returns, ctx)
        .last()
        .map_or_else(ContextDecimal::one, |g| g.to_decimal())
}

/// `growth - 1` for a starting value of 0, else `growth * starting_value`.
fn value_of(
    growth: &ContextDecimal,
    start: Option<&ContextDecimal>,
    ctx: DecimalContext,
) -> ContextDecimal {
    match start {
        Some(s) if !s.is_zero() => growth.mul(s, ctx),
        _ => growth.sub(&ContextDecimal::one(), ctx),
    }
}

/// Total return of Decimal returns, empyrical's `cum_returns_final`: `growth - 1`, or
/// `growth * starting_value` for a non-zero starting value, with growth compounded as the
/// module documents.
///
/// An empty series gives [`DecimalMetric::NaN`]; an all-null series gives 0 (or the starting
/// value), as empyrical gives for all-NaN returns.
///
/// # Errors
/// [`MetricsError::DecimalOverflow`] if the result's exponent leaves Python's default range.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{cum_returns_final, ContextDecimal, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[10, 10], 2, None)?; // 0.10, 0.10
/// let start = ContextDecimal::from_mantissa(100, 0);
/// let value = cum_returns_final(&returns, Some(&start), DecimalContext::default())?;
/// assert_eq!(value.to_string(), "121.0000");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn cum_returns_final(
    returns: &DecimalReturns<'_>,
    starting_value: Option<&ContextDecimal>,
    ctx: DecimalContext,
) -> Result<DecimalMetric, MetricsError> {
    if returns.is_empty() {
        return Ok(DecimalMetric::NaN);
    }
    let growth = total_growth(returns, ctx);
    Ok(DecimalMetric::Value(
        value_of(&growth, starting_value, ctx).in_range("cum_returns_final")?,
    ))
}

/// Cumulative returns, empyrical's `cum_returns`: each row's growth minus 1, or times the
/// starting value, compounded as the module documents. A null row repeats the row before.
///
/// # Errors
/// [`MetricsError::DecimalOverflow`] if a value's exponent leaves Python's default range.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{cum_returns, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[10, -50], 2, None)?; // 0.10, -0.50
/// let path = cum_returns(&returns, None, DecimalContext::default())?;
/// let text: Vec<String> = path.iter().map(|v| v.to_string()).collect();
/// assert_eq!(text, ["0.10", "-0.4500"]);
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn cum_returns(
    returns: &DecimalReturns<'_>,
    starting_value: Option<&ContextDecimal>,
    ctx: DecimalContext,
) -> Result<Vec<ContextDecimal>, MetricsError> {
    growth_path(returns, ctx)
        .map(|g| value_of(&g, starting_value, ctx).in_range("cum_returns"))
        .collect()
}

/// The underwater curve, empyrical's `drawdown`: `(growth - peak) / peak` after each row,
/// where `peak` is the largest growth so far and at least 1 (the starting unit); `-` and `/`
/// rounded to the context. The peak moves only to a strictly larger growth.
///
/// # Errors
/// [`MetricsError::DecimalOverflow`] if a value's exponent leaves Python's default range.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{drawdown, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[10, -20], 2, None)?; // 0.10, -0.20
/// let curve = drawdown(&returns, DecimalContext::default())?;
/// assert_eq!(curve[1].to_string(), "-0.20");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn drawdown(
    returns: &DecimalReturns<'_>,
    ctx: DecimalContext,
) -> Result<Vec<ContextDecimal>, MetricsError> {
    let mut peak = ContextDecimal::one();
    growth_path(returns, ctx)
        .map(|g| {
            if g.cmp_value(&peak) == Ordering::Greater {
                peak = g.clone();
            }
            let below = g.sub(&peak, ctx);
            // peak >= 1, never zero
            below.div(&peak, ctx).unwrap_or(below).in_range("drawdown")
        })
        .collect()
}

/// Largest drop from a peak, empyrical's `max_drawdown`: the smallest value of [`drawdown`]
/// (the first one on ties). NaN for an empty series; 0 when the growth never falls.
///
/// # Errors
/// [`MetricsError::DecimalOverflow`] if a value's exponent leaves Python's default range.
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{max_drawdown, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[10, -20, 10], 2, None)?;
/// let worst = max_drawdown(&returns, DecimalContext::default())?;
/// assert_eq!(worst.to_string(), "-0.20");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn max_drawdown(
    returns: &DecimalReturns<'_>,
    ctx: DecimalContext,
) -> Result<DecimalMetric, MetricsError> {
    let mut worst: Option<ContextDecimal> = None;
    for value in drawdown(returns, ctx)? {
        if worst
            .as_ref()
            .is_none_or(|w| value.cmp_value(w) == Ordering::Less)
        {
            worst = Some(value);
        }
    }
    Ok(worst.map_or(DecimalMetric::NaN, DecimalMetric::Value))
}

/// Compound annual growth rate, empyrical's `annual_return`, as
/// `exp(ln(growth) * (annualization / n)) - 1` with `n` the number of rows (nulls included,
/// as empyrical counts NaN periods): the division, product and subtraction rounded to the
/// context, `ln` and `exp` correctly rounded half-even (Python's `Decimal.ln`/`Decimal.exp`).
///
/// NaN for an empty series or a negative growth (a loss beyond -100%, no real root); -1 for
/// a growth of exactly 0 (Python's `exp(-Infinity) - 1`).
///
/// # Errors
/// - [`MetricsError::InvalidParameter`] if `annualization` is not > 0.
/// - [`MetricsError::DecimalOverflow`] if `ln(growth) * annualization / n` reaches `10^6` in
///   magnitude (its power lies beyond Python's default exponent range).
///
/// # Examples
/// ```
/// use rustybt_metrics::decimal::{annual_return, ContextDecimal, DecimalContext, DecimalReturns};
/// let returns = DecimalReturns::new(&[21, 0], 2, None)?; // 0.21, 0 over two years
/// let yearly = ContextDecimal::from_mantissa(1, 0);
/// let cagr = annual_return(&returns, &yearly, DecimalContext::default())?;
/// assert_eq!(cagr.to_string(), "0.100000000000000000000000000");
/// # Ok::<(), rustybt_metrics::MetricsError>(())
/// ```
pub fn annual_return(
    returns: &DecimalReturns<'_>,
    annualization: &ContextDecimal,
    ctx: DecimalContext,
) -> Result<DecimalMetric, MetricsError> {
    let annualization = positive_factor(annualization)?;
    if returns.is_empty() {
        return Ok(DecimalMetric::NaN);
    }
    let one = ContextDecimal::one();
    let growth = total_growth(returns, ctx);
    if growth.is_zero() {
        return Ok(DecimalMetric::Value(
            ContextDecimal::from_mantissa(0, 0).sub(&one, ctx),
        ));
    }
    if growth.is_negative() {
        return Ok(DecimalMetric::NaN);
    }
    let periods = ContextDecimal::from_mantissa(returns.len() as i128, 0);
    let exponent = annualization
        .div(&periods, ctx)
        .unwrap_or_else(ContextDecimal::one);
    let log_growth = ln(&growth, ctx.half_even())?;
    let rate = exp(&log_growth.mul(&exponent, ctx), ctx.half_even())?;
    Ok(DecimalMetric::Value(
        rate.sub(&one, ctx).in_range("annual_return")?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybt_decimal::{RoundingMode, Validity};

    #[test]
    fn growth_skips_nulls_and_rounds_to_the_context() {
        let mask = [0b101u8];
        let validity = Validity::new(&mask, 0, 3).unwrap();
        let returns = DecimalReturns::new(&[10, 99, -5], 2, Some(validity)).unwrap();
        let ctx = DecimalContext::default();
        assert_eq!(
            cum_returns_final(&returns, None, ctx).unwrap().to_string(),
            "0.0450"
        );
        // Python: getcontext().prec = 3; (Decimal(1) + Decimal("0.10")) * (Decimal(1) +
        // Decimal("-0.05")) - 1 == Decimal("0.04")
        let three = DecimalContext::new(3, RoundingMode::HalfEven).unwrap();
        assert_eq!(
            cum_returns_final(&returns, None, three)
                .unwrap()
                .to_string(),
            "0.04"
        );
        let empty = DecimalReturns::new(&[], 2, None).unwrap();
        assert_eq!(cum_returns_final(&empty, None, ctx), Ok(DecimalMetric::NaN));
        assert_eq!(max_drawdown(&empty, ctx), Ok(DecimalMetric::NaN));
        assert!(cum_returns(&empty, None, ctx).unwrap().is_empty());
    }

    #[test]
    fn annual_return_follows_empyrical_cases() {
        let ctx = DecimalContext::default();
        let daily = ContextDecimal::from_mantissa(252, 0);
        let lost = DecimalReturns::new(&[-100, 50], 2, None).unwrap();
        assert_eq!(annual_return(&lost, &daily, ctx).unwrap().to_string(), "-1");
        let beyond = DecimalReturns::new(&[-150, 50], 2, None).unwrap();
        assert_eq!(annual_return(&beyond, &daily, ctx), Ok(DecimalMetric::NaN));
        let zero = ContextDecimal::from_mantissa(0, 0);
        assert!(annual_return(&lost, &zero, ctx).is_err());
    }
}
