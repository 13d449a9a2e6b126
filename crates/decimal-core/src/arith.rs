//! Elementwise kernels on decimal columns: `add`, `sub`, `mul`, `div`, `neg`, `abs`, `quantize`.
//!
//! Every kernel gives the exact result, or the exact result correctly rounded once to the output
//! scale, which is what Python's `decimal` gives for `(a op b).quantize(10**-scale, rounding)`
//! with enough precision. Nulls are the caller's business: kernels compute every row, and a row
//! that would overflow is an error only if it is valid per the `validity` mask given.

use std::sync::atomic::{AtomicBool, Ordering};

use arrow_buffer::i256;
use rayon::prelude::*;

use crate::rounding::{div_pow10_round_wide, div_round_wide, round_tiny};
use crate::{div_pow10_round, div_round, pow10, DecimalError, RoundingMode, Validity, MAX_SCALE};

/// Precision and rounding of a computation: Python's `decimal.Context`, restricted to what a
/// decimal128 column holds.
///
/// The precision caps the significant digits of every result (a result that needs more is
/// [`DecimalError::Overflow`], as `Decimal.quantize` signals `InvalidOperation`); the rounding
/// mode decides every result that must be rounded to its scale.
///
/// # Examples
/// ```
/// use rustybt_decimal::{Context, RoundingMode};
/// let ctx = Context::new(18, RoundingMode::HalfUp).unwrap();
/// assert_eq!((ctx.precision(), ctx.rounding()), (18, RoundingMode::HalfUp));
/// assert!(Context::new(39, RoundingMode::HalfUp).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    precision: u32,
    rounding: RoundingMode,
    bound: u128,
}

impl Default for Context {
    /// 38 digits (all of decimal128), `ROUND_HALF_EVEN` (Python's default rounding).
    fn default() -> Self {
        Self {
            precision: crate::MAX_PRECISION,
            rounding: RoundingMode::HalfEven,
            bound: crate::MAX_MANTISSA as u128,
        }
    }
}

impl Context {
    /// A context of `precision` significant digits (1 to 38) and a rounding mode.
    ///
    /// # Errors
    /// [`DecimalError::InvalidPrecision`] outside `1..=38`.
    pub fn new(precision: i64, rounding: RoundingMode) -> Result<Self, DecimalError> {
        let digits = u32::try_from(precision)
            .ok()
            .filter(|p| (1..=crate::MAX_PRECISION).contains(p))
            .ok_or(DecimalError::InvalidPrecision { precision })?;
        let bound = pow10(digits).map_or(crate::MAX_MANTISSA, |p| p - 1) as u128;
        Ok(Self {
            precision: digits,
            rounding,
            bound,
        })
    }

    /// Most significant digits a result may have.
    pub fn precision(&self) -> u32 {
        self.precision
    }

    /// The rounding mode.
    pub fn rounding(&self) -> RoundingMode {
        self.rounding
    }

    /// The same precision with another rounding mode.
    pub fn with_rounding(self, rounding: RoundingMode) -> Self {
        Self { rounding, ..self }
    }

    /// Whether a mantissa has at most `precision` digits.
    #[inline]
    pub(crate) fn fits(&self, m: i128) -> bool {
        m.unsigned_abs() <= self.bound
    }
}

/// One side of a binary kernel: a column of mantissas, or one value applied to every row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand<'a> {
    /// A column of mantissas.
    Column(&'a [i128]),
    /// One mantissa broadcast to every row.
    Scalar(i128),
}

impl Operand<'_> {
    #[inline]
    fn at(&self, i: usize) -> i128 {
        match self {
            Operand::Column(values) => values[i],
            Operand::Scalar(value) => *value,
        }
    }
}

/// The number of rows of a binary kernel: the columns' common length (two scalars make one row).
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for columns of different lengths.
pub fn rows(a: &Operand<'_>, b: &Operand<'_>) -> Result<usize, DecimalError> {
    match (a, b) {
        (Operand::Column(x), Operand::Column(y)) if x.len() != y.len() => {
            Err(DecimalError::ShapeMismatch {
                left: x.len(),
                right: y.len(),
            })
        }
        (Operand::Column(x), _) => Ok(x.len()),
        (_, Operand::Column(y)) => Ok(y.len()),
        _ => Ok(1),
    }
}

/// A column computed by a kernel: mantissas at one scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// One mantissa per row (0 in null rows).
    pub values: Vec<i128>,
    /// Digits after the point, shared by every row.
    pub scale: i32,
}

/// Checks a scale argument.
///
/// # Errors
/// [`DecimalError::ScaleOutOfRange`] outside `[-38, 38]`.
pub fn check_scale(name: &'static str, scale: i64) -> Result<i32, DecimalError> {
    i32::try_from(scale)
        .ok()
        .filter(|s| s.abs() <= MAX_SCALE)
        .ok_or(DecimalError::ScaleOutOfRange {
            name,
            scale,
            reason: "scales must lie in [-38, 38]",
        })
}

fn is_valid(validity: Option<&Validity<'_>>, i: usize) -> bool {
    validity.is_none_or(|v| v.is_valid(i))
}

fn check_validity(validity: Option<&Validity<'_>>, rows: usize) -> Result<(), DecimalError> {
    match validity {
        Some(v) if v.len() != rows => Err(DecimalError::LengthMismatch {
            mask_len: v.len(),
            values_len: rows,
        }),
        _ => Ok(()),
    }
}

/// Columns at least this long are split across rayon's threads. Elementwise kernels are
/// memory-bound: below about 100,000 rows (1.6 MB a column) the fork-join costs more than a
/// second core saves; above it two cores run them about 1.5x faster.
pub const PARALLEL_MIN_ROWS: usize = 1 << 17;

/// Applies `lane` to every row; `lane` returns the value and whether it is out of range. The
/// hot loop only notes that some row was bad; the first bad valid row is looked for only then.
///
/// Lanes should capture what they need by value (`move`), so that nothing is reloaded through
/// a reference in the hot loop.
fn map2(
    a: Operand<'_>,
    b: Operand<'_>,
    rows: usize,
    validity: Option<&Validity<'_>>,
    lane: impl Fn(i128, i128) -> (i128, bool) + Sync + Copy,
) -> Result<Vec<i128>, usize> {
    let (mut out, bad) = map2_raw(a, b, rows, lane);
    if bad {
        for (i, slot) in out.iter_mut().enumerate() {
            if !is_valid(validity, i) {
                *slot = 0;
            } else if lane(a.at(i), b.at(i)).1 {
                return Err(i);
            }
        }
    }
    Ok(out)
}

/// Every row's value, and whether any row (valid or not) was flagged.
#[inline(always)]
fn map2_raw(
    a: Operand<'_>,
    b: Operand<'_>,
    rows: usize,
    lane: impl Fn(i128, i128) -> (i128, bool) + Sync + Copy,
) -> (Vec<i128>, bool) {
    if rows >= PARALLEL_MIN_ROWS {
        let bad = AtomicBool::new(false);
        let step = |x: i128, y: i128| {
            let (value, out_of_range) = lane(x, y);
            if out_of_range {
                bad.store(true, Ordering::Relaxed);
            }
            value
        };
        let mut out: Vec<i128> = Vec::new();
        match (a, b) {
            (Operand::Column(x), Operand::Column(y)) => x
                .par_iter()
                .zip(y)
                .map(|(&x, &y)| step(x, y))
                .collect_into_vec(&mut out),
            (Operand::Column(x), Operand::Scalar(y)) => {
                x.par_iter().map(|&x| step(x, y)).collect_into_vec(&mut out)
            }
            (Operand::Scalar(x), Operand::Column(y)) => {
                y.par_iter().map(|&y| step(x, y)).collect_into_vec(&mut out)
            }
            (Operand::Scalar(x), Operand::Scalar(y)) => {
                out = (0..rows).map(|_| step(x, y)).collect()
            }
        }
        return (out, bad.into_inner());
    }
    // Sequential: the flags are or-ed into a local, without a branch per row.
    let mut bad = false;
    let mut step = |x: i128, y: i128| {
        let (value, out_of_range) = lane(x, y);
        bad |= out_of_range;
        value
    };
    let out = match (a, b) {
        (Operand::Column(x), Operand::Column(y)) => {
            x.iter().zip(y).map(|(&x, &y)| step(x, y)).collect()
        }
        (Operand::Column(x), Operand::Scalar(y)) => x.iter().map(|&x| step(x, y)).collect(),
        (Operand::Scalar(x), Operand::Column(y)) => y.iter().map(|&y| step(x, y)).collect(),
        (Operand::Scalar(x), Operand::Scalar(y)) => (0..rows).map(|_| step(x, y)).collect(),
    };
    (out, bad)
}

/// Calls `$by!(k, 10^k)` for the arm of `$shift` in 1..=18, or evaluates `$other`.
macro_rules! for_each_pow10 {
    ($shift:expr, $by:ident, $other:block) => {
        match $shift {
            1 => $by!(1, 10),
            2 => $by!(2, 100),
            3 => $by!(3, 1_000),
            4 => $by!(4, 10_000),
            5 => $by!(5, 100_000),
            6 => $by!(6, 1_000_000),
            7 => $by!(7, 10_000_000),
            8 => $by!(8, 100_000_000),
            9 => $by!(9, 1_000_000_000),
            10 => $by!(10, 10_000_000_000),
            11 => $by!(11, 100_000_000_000),
            12 => $by!(12, 1_000_000_000_000),
            13 => $by!(13, 10_000_000_000_000),
            14 => $by!(14, 100_000_000_000_000),
            15 => $by!(15, 1_000_000_000_000_000),
            16 => $by!(16, 10_000_000_000_000_000),
            17 => $by!(17, 100_000_000_000_000_000),
            18 => $by!(18, 1_000_000_000_000_000_000),
            _ => $other,
        }
    };
}
/// [`div_pow10_round`] by the constant `D = 10^K`: a 64-bit mantissa divides by a
/// multiplication; wider ones take the general path.
#[inline(always)]
fn div_pow10_const<const D: i64, const K: u32>(x: i128, mode: RoundingMode) -> i128 {
    match i64::try_from(x) {
        Ok(n) => {
            let (q, r) = (n / D, n % D);
            let r = r.unsigned_abs();
            let half = r.cmp(&(D as u64 - r));
            i128::from(crate::rounding::round_quotient(
                q,
                n < 0,
                r != 0,
                half,
                mode,
            ))
        }
        Err(_) => div_pow10_round(x, K, mode),
    }
}

/// `x * 10^shift`, flagged when it needs more than `i128` (or the power of ten does).
#[inline]
fn scale_up(x: i128, factor: Option<i128>) -> (i128, bool) {
    match factor {
        Some(f) => x.overflowing_mul(f),
        None => (0, x != 0),
    }
}

fn overflow(op: &str, row: usize, ctx: &Context) -> DecimalError {
    DecimalError::PrecisionExceeded {
        what: format!("{op} at row {row}"),
        precision: ctx.precision,
    }
}

fn add_or_sub(
    op: &'static str,
    negate_b: bool,
    (a, scale_a): (Operand<'_>, i32),
    (b, scale_b): (Operand<'_>, i32),
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    let rows = rows(&a, &b)?;
    check_validity(validity, rows)?;
    let scale = scale_a.max(scale_b);
    let fa = pow10(scale.abs_diff(scale_a));
    let fb = pow10(scale.abs_diff(scale_b));
    let c = *ctx;
    // One loop per operation and rescaling, each lane monomorphic.
    let result = match (negate_b, fa == Some(1) && fb == Some(1)) {
        (false, true) => map2(a, b, rows, validity, move |x, y| {
            let (r, o) = x.overflowing_add(y);
            (r, o | !c.fits(r))
        }),
        (true, true) => map2(a, b, rows, validity, move |x, y| {
            let (r, o) = x.overflowing_sub(y);
            (r, o | !c.fits(r))
        }),
        (false, false) => map2(a, b, rows, validity, move |x, y| {
            let (x, ox) = scale_up(x, fa);
            let (y, oy) = scale_up(y, fb);
            let (r, o) = x.overflowing_add(y);
            (r, ox | oy | o | !c.fits(r))
        }),
        (true, false) => map2(a, b, rows, validity, move |x, y| {
            let (x, ox) = scale_up(x, fa);
            let (y, oy) = scale_up(y, fb);
            let (r, o) = x.overflowing_sub(y);
            (r, ox | oy | o | !c.fits(r))
        }),
    };
    let values = result.map_err(|row| overflow(op, row, ctx))?;
    Ok(Column { values, scale })
}

/// `a + b`, exact, at the larger of the two scales.
///
/// # Errors
/// [`DecimalError::Overflow`] naming the first valid row whose sum needs more digits than the
/// context's precision; [`DecimalError::ShapeMismatch`] for columns of different lengths.
///
/// # Examples
/// ```
/// use rustybt_decimal::{add, Context, Operand};
/// // [1.50, 2.25] + 0.1
/// let c = add((Operand::Column(&[150, 225]), 2), (Operand::Scalar(1), 1), None, &Context::default()).unwrap();
/// assert_eq!((c.values, c.scale), (vec![160, 235], 2));
/// ```
pub fn add(
    a: (Operand<'_>, i32),
    b: (Operand<'_>, i32),
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    add_or_sub("add", false, a, b, validity, ctx)
}

/// `a - b`, exact, at the larger of the two scales.
///
/// # Errors
/// As [`add`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{sub, Context, Operand};
/// let c = sub((Operand::Column(&[100]), 2), (Operand::Column(&[3]), 0), None, &Context::default()).unwrap();
/// assert_eq!((c.values, c.scale), (vec![-200], 2)); // 1.00 - 3 = -2.00
/// ```
pub fn sub(
    a: (Operand<'_>, i32),
    b: (Operand<'_>, i32),
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    add_or_sub("sub", true, a, b, validity, ctx)
}

/// `a * b`: exact at scale `scale_a + scale_b`, or correctly rounded to `scale` when given.
///
/// Products that do not fit 128 bits are carried in 256 bits before rounding, so
/// `mul(x, y, scale)` is never double-rounded.
///
/// # Errors
/// [`DecimalError::ScaleOutOfRange`] if the exact scale lies outside `[-38, 38]` and no `scale`
/// is given; [`DecimalError::Overflow`] naming the first valid row whose result needs more
/// digits than the context's precision; [`DecimalError::ShapeMismatch`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{mul, Context, Operand, RoundingMode};
/// // 19.99 * 0.0125 = 0.249875, rounded half-up to cents: 0.25
/// let ctx = Context::new(38, RoundingMode::HalfUp).unwrap();
/// let c = mul((Operand::Column(&[1999]), 2), (Operand::Scalar(125), 4), Some(2), None, &ctx).unwrap();
/// assert_eq!((c.values, c.scale), (vec![25], 2));
/// ```
pub fn mul(
    (a, scale_a): (Operand<'_>, i32),
    (b, scale_b): (Operand<'_>, i32),
    scale: Option<i32>,
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    let rows = rows(&a, &b)?;
    check_validity(validity, rows)?;
    let exact = scale_a + scale_b;
    let target = match scale {
        Some(s) => s,
        None => {
            check_scale("scale", i64::from(exact)).map_err(|_| DecimalError::ScaleOutOfRange {
                name: "scale_a + scale_b",
                scale: i64::from(exact),
                reason: "the exact product needs a scale in [-38, 38]; pass scale= to round it",
            })?
        }
    };
    let (mode, c) = (ctx.rounding, *ctx);
    let result = if target == exact {
        map2(a, b, rows, validity, move |x, y| match product(x, y) {
            Some(p) => (p, !c.fits(p)),
            None => (0, true),
        })
    } else if target > exact {
        let factor = pow10(target.abs_diff(exact));
        map2(a, b, rows, validity, move |x, y| match product(x, y) {
            Some(p) => {
                let (r, o) = scale_up(p, factor);
                (r, o | !c.fits(r))
            }
            None => (0, true),
        })
    } else {
        let shift = exact.abs_diff(target);
        let wide = move |x: i128, y: i128| {
            let p = i256::from_i128(x).wrapping_mul(i256::from_i128(y));
            match div_pow10_round_wide(p, shift, mode).to_i128() {
                Some(r) => (r, !c.fits(r)),
                None => (0, true),
            }
        };
        macro_rules! by {
            ($k:literal, $d:literal) => {
                map2(a, b, rows, validity, move |x, y| match product(x, y) {
                    Some(p) => {
                        let r = div_pow10_const::<$d, $k>(p, mode);
                        (r, !c.fits(r))
                    }
                    None => wide(x, y),
                })
            };
        }
        for_each_pow10!(shift, by, {
            map2(a, b, rows, validity, move |x, y| match product(x, y) {
                Some(p) => {
                    let r = div_pow10_round(p, shift, mode);
                    (r, !c.fits(r))
                }
                None => wide(x, y),
            })
        })
    };
    let values = result.map_err(|row| overflow("mul", row, ctx))?;
    Ok(Column {
        values,
        scale: target,
    })
}

/// `x * y` when it fits 128 bits. Operands of up to 18 digits (most prices and quantities) take
/// the 64-bit lane: one widening multiply instead of a checked 128-bit one.
#[inline(always)]
pub(crate) fn product(x: i128, y: i128) -> Option<i128> {
    match (i64::try_from(x), i64::try_from(y)) {
        (Ok(x), Ok(y)) => Some(i128::from(x) * i128::from(y)),
        _ => x.checked_mul(y),
    }
}

/// What a division by zero gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnZero {
    /// An error, as Python's `decimal` raises.
    #[default]
    Raise,
    /// A null in that row.
    Null,
}

/// The quotient of one row, correctly rounded: `x * 10^shift / y`, `y != 0`.
fn quotient(x: i128, y: i128, shift: i32, mode: RoundingMode) -> Option<i128> {
    if x == 0 {
        return Some(0);
    }
    // Divide magnitudes with the sign on the numerator: div_round wants a positive divisor.
    let (x, y) = if y < 0 {
        (x.checked_neg()?, y.checked_neg()?)
    } else {
        (x, y)
    };
    let k = shift.unsigned_abs();
    if shift >= 0 {
        if let Some(n) = pow10(k).and_then(|p| x.checked_mul(p)) {
            return Some(div_round(n, y, mode));
        }
        // A numerator beyond 256 bits over a 128-bit divisor is at least 10^38: overflow.
        let n = i256::from_i128(10)
            .checked_pow(k)
            .and_then(|p| p.checked_mul(i256::from_i128(x)))?;
        div_round_wide(n, i256::from_i128(y), mode).to_i128()
    } else {
        if let Some(d) = pow10(k).and_then(|p| y.checked_mul(p)) {
            return Some(div_round(x, d, mode));
        }
        match i256::from_i128(10)
            .checked_pow(k)
            .and_then(|p| p.checked_mul(i256::from_i128(y)))
        {
            Some(d) => div_round_wide(i256::from_i128(x), d, mode).to_i128(),
            // |x| < 2^127 over a divisor beyond 2^255: far below half a unit.
            None => Some(round_tiny(x < 0, mode)),
        }
    }
}

/// `a / b` correctly rounded to `scale` from the exact quotient (not truncated as Arrow's
/// division is, and not rounded twice).
///
/// Returns the column and the rows where `b` was zero (empty unless `on_zero` is
/// [`OnZero::Null`]: the caller makes them null).
///
/// # Errors
/// [`DecimalError::DivisionByZero`] naming the first valid row with a zero divisor under
/// [`OnZero::Raise`]; [`DecimalError::Overflow`]; [`DecimalError::ShapeMismatch`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{div, Context, OnZero, Operand};
/// // 1 / 3 at scale 4 (half-even): 0.3333
/// let (c, _) = div((Operand::Column(&[1]), 0), (Operand::Scalar(3), 0), 4, None, &Context::default(), OnZero::Raise).unwrap();
/// assert_eq!(c.values, vec![3333]);
/// ```
pub fn div(
    (a, scale_a): (Operand<'_>, i32),
    (b, scale_b): (Operand<'_>, i32),
    scale: i32,
    validity: Option<&Validity<'_>>,
    ctx: &Context,
    on_zero: OnZero,
) -> Result<(Column, Vec<usize>), DecimalError> {
    let rows = rows(&a, &b)?;
    check_validity(validity, rows)?;
    // a/b at scale s: (ma * 10^-sa) / (mb * 10^-sb) * 10^s = ma * 10^(s - sa + sb) / mb
    let shift = scale - scale_a + scale_b;
    let (mode, c) = (ctx.rounding, *ctx);
    // The 64-bit lane: 10^shift, numerator and divisor all in i64 (prices and quantities).
    let factor = u32::try_from(shift)
        .ok()
        .filter(|&k| k <= 18)
        .and_then(|k| i64::try_from(pow10(k)?).ok());
    let lane = move |x: i128, y: i128| -> (i128, bool) {
        if y == 0 {
            return (0, true);
        }
        let q = match (factor, i64::try_from(x), i64::try_from(y)) {
            (Some(f), Ok(x), Ok(y)) => quotient_i64(x, y, f, mode)
                .or_else(|| quotient(i128::from(x), i128::from(y), shift, mode)),
            _ => quotient(x, y, shift, mode),
        };
        match q {
            Some(q) if c.fits(q) => (q, false),
            _ => (0, true),
        }
    };
    let (mut values, bad) = map2_raw(a, b, rows, lane);
    let mut zeros = Vec::new();
    if bad {
        // Some row divided by zero or overflowed: nulls become 0, then the first bad valid row
        // decides (zero divisors become nulls under OnZero::Null).
        for (i, slot) in values.iter_mut().enumerate() {
            if !is_valid(validity, i) {
                *slot = 0;
                continue;
            }
            if b.at(i) == 0 {
                match on_zero {
                    OnZero::Raise => {
                        return Err(DecimalError::DivisionByZero {
                            what: format!("row {i}"),
                        })
                    }
                    OnZero::Null => zeros.push(i),
                }
            } else if lane(a.at(i), b.at(i)).1 {
                return Err(overflow("div", i, ctx));
            }
        }
    }
    Ok((Column { values, scale }, zeros))
}

/// `x * f / y` correctly rounded in 64-bit arithmetic (`y != 0`, `f = 10^shift`); `None` when
/// the numerator needs more than 64 bits.
#[inline(always)]
fn quotient_i64(x: i64, y: i64, f: i64, mode: RoundingMode) -> Option<i128> {
    let n = x.checked_mul(f)?;
    // div_round wants a positive divisor: move the sign to the numerator.
    let (n, y) = if y < 0 {
        (n.checked_neg()?, y.checked_neg()?)
    } else {
        (n, y)
    };
    Some(i128::from(crate::rounding::div_round_i64(n, y, mode)))
}

/// `-a`, exact.
///
/// # Errors
/// [`DecimalError::Overflow`] only for a mantissa beyond the context's precision.
///
/// # Examples
/// ```
/// use rustybt_decimal::{neg, Context};
/// assert_eq!(neg(&[5, -7], None, &Context::default()), Ok(vec![-5, 7]));
/// ```
pub fn neg(
    a: &[i128],
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Vec<i128>, DecimalError> {
    check_validity(validity, a.len())?;
    let c = *ctx;
    map2(
        Operand::Column(a),
        Operand::Scalar(0),
        a.len(),
        validity,
        move |x, _| {
            let r = x.wrapping_neg();
            (r, !c.fits(r))
        },
    )
    .map_err(|row| overflow("neg", row, ctx))
}

/// `|a|`, exact.
///
/// # Errors
/// As [`neg`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{abs, Context};
/// assert_eq!(abs(&[5, -7], None, &Context::default()), Ok(vec![5, 7]));
/// ```
pub fn abs(
    a: &[i128],
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Vec<i128>, DecimalError> {
    check_validity(validity, a.len())?;
    let c = *ctx;
    map2(
        Operand::Column(a),
        Operand::Scalar(0),
        a.len(),
        validity,
        move |x, _| {
            let r = x.wrapping_abs();
            (r, !c.fits(r))
        },
    )
    .map_err(|row| overflow("abs", row, ctx))
}

/// Rescales a column to `scale`: exactly when it grows, correctly rounded when it shrinks
/// (Python's `Decimal.quantize(Decimal(10) ** -scale, rounding)`).
///
/// # Errors
/// [`DecimalError::Overflow`] naming the first valid row that needs more digits than the
/// context's precision at the new scale.
///
/// # Examples
/// ```
/// use rustybt_decimal::{quantize, Context, RoundingMode};
/// let ctx = Context::new(38, RoundingMode::HalfEven).unwrap();
/// // 1.005, 1.015, 1.025 to cents, half-even
/// assert_eq!(quantize(&[1005, 1015, 1025], 3, 2, None, &ctx), Ok(vec![100, 102, 102]));
/// ```
pub fn quantize(
    a: &[i128],
    from: i32,
    to: i32,
    validity: Option<&Validity<'_>>,
    ctx: &Context,
) -> Result<Vec<i128>, DecimalError> {
    check_validity(validity, a.len())?;
    let (column, zero, rows, c) = (Operand::Column(a), Operand::Scalar(0), a.len(), *ctx);
    let result = if to >= from {
        let factor = pow10(to.abs_diff(from));
        map2(column, zero, rows, validity, move |x, _| {
            let (r, o) = scale_up(x, factor);
            (r, o | !c.fits(r))
        })
    } else {
        let (shift, mode) = (from.abs_diff(to), ctx.rounding);
        // One loop per power of ten, each dividing by a constant (a multiplication).
        macro_rules! by {
            ($k:literal, $d:literal) => {
                map2(column, zero, rows, validity, move |x, _| {
                    let r = div_pow10_const::<$d, $k>(x, mode);
                    (r, !c.fits(r))
                })
            };
        }
        for_each_pow10!(shift, by, {
            map2(column, zero, rows, validity, move |x, _| {
                let r = div_pow10_round(x, shift, mode);
                (r, !c.fits(r))
            })
        })
    };
    result.map_err(|row| overflow("quantize", row, ctx))
}

/// One value brought to scale `to`: exactly when the scale grows, correctly rounded when it
/// shrinks. `None` if the result needs more digits than the context's precision.
///
/// # Examples
/// ```
/// use rustybt_decimal::{rescale_value, Context, DecimalValue};
/// let v: DecimalValue = "2.345".parse().unwrap();
/// assert_eq!(rescale_value(v, 2, &Context::default()), Some(234));
/// ```
#[inline]
pub fn rescale_value(value: crate::DecimalValue, to: i32, ctx: &Context) -> Option<i128> {
    let r = if to >= value.scale {
        scale_up(value.mantissa, pow10(to.abs_diff(value.scale)))
    } else {
        (
            div_pow10_round(value.mantissa, value.scale.abs_diff(to), ctx.rounding),
            false,
        )
    };
    (!r.1 && ctx.fits(r.0)).then_some(r.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(mode: RoundingMode) -> Context {
        Context::new(38, mode).unwrap()
    }

    #[test]
    fn add_mixed_scales_and_scalars() {
        let c = add(
            (Operand::Column(&[15, -225]), 1),
            (Operand::Column(&[1, 2]), 3),
            None,
            &Context::default(),
        )
        .unwrap();
        assert_eq!((c.values, c.scale), (vec![1501, -22498], 3));
        let c = sub(
            (Operand::Scalar(1), 0),
            (Operand::Column(&[25]), 2),
            None,
            &Context::default(),
        )
        .unwrap();
        assert_eq!(c.values, vec![75]);
    }

    #[test]
    fn overflow_names_the_first_valid_row_and_skips_nulls() {
        let big = crate::MAX_MANTISSA;
        let err = add(
            (Operand::Column(&[1, big, big]), 0),
            (Operand::Scalar(1), 0),
            None,
            &Context::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("row 1"), "{err}");
        let mask = Validity::new(&[0b101], 0, 3).unwrap();
        let c = add(
            (Operand::Column(&[1, big, 2]), 0),
            (Operand::Scalar(1), 0),
            Some(&mask),
            &Context::default(),
        )
        .unwrap();
        assert_eq!(c.values, vec![2, 0, 3]);
        // A precision of 3 digits caps results at 999.
        let small = Context::new(3, RoundingMode::HalfEven).unwrap();
        assert!(add(
            (Operand::Scalar(999), 0),
            (Operand::Scalar(1), 0),
            None,
            &small
        )
        .is_err());
    }

    #[test]
    fn mul_exact_rounded_and_wide() {
        let c = mul(
            (Operand::Column(&[1999, -1999]), 2),
            (Operand::Scalar(125), 4),
            Some(2),
            None,
            &ctx(RoundingMode::HalfUp),
        )
        .unwrap();
        assert_eq!(c.values, vec![25, -25]);
        // (10^20)(10^20) at scale 40 back to scale 2: needs 256 bits on the way.
        let e20 = 10i128.pow(20);
        let c = mul(
            (Operand::Column(&[e20 + 5]), 20),
            (Operand::Column(&[e20]), 20),
            Some(2),
            None,
            &ctx(RoundingMode::HalfEven),
        )
        .unwrap();
        assert_eq!(c.values, vec![100]);
        assert!(mul(
            (Operand::Scalar(1), 20),
            (Operand::Scalar(1), 20),
            None,
            None,
            &Context::default()
        )
        .is_err());
    }

    #[test]
    fn div_rounds_once_from_the_exact_quotient() {
        let (c, zeros) = div(
            (Operand::Column(&[2, -2, 1, 5]), 0),
            (Operand::Column(&[3, 3, 0, 8]), 0),
            2,
            None,
            &ctx(RoundingMode::HalfEven),
            OnZero::Null,
        )
        .unwrap();
        assert_eq!((c.values, zeros), (vec![67, -67, 0, 62], vec![2])); // 0.625 -> 0.62
        let err = div(
            (Operand::Column(&[1]), 0),
            (Operand::Scalar(0), 0),
            2,
            None,
            &Context::default(),
            OnZero::Raise,
        )
        .unwrap_err();
        assert!(matches!(err, DecimalError::DivisionByZero { .. }));
        // A huge divisor gives a tiny quotient: 0, or one unit in the directed modes.
        let (c, _) = div(
            (Operand::Column(&[1]), 38),
            (Operand::Column(&[crate::MAX_MANTISSA]), -38),
            38,
            None,
            &ctx(RoundingMode::Up),
            OnZero::Raise,
        )
        .unwrap();
        assert_eq!(c.values, vec![1]);
    }

    #[test]
    fn quantize_up_and_down() {
        let c = ctx(RoundingMode::HalfEven);
        assert_eq!(quantize(&[15], 1, 3, None, &c), Ok(vec![1500]));
        assert_eq!(quantize(&[-15, 25], 1, 0, None, &c), Ok(vec![-2, 2]));
        let three = Context::new(3, RoundingMode::HalfUp).unwrap();
        assert!(quantize(&[99_95], 2, 1, None, &three).is_err()); // 99.95 -> 100.0: 4 digits
    }

    #[test]
    fn parallel_path_equals_sequential_and_finds_the_first_bad_row() {
        let rows = PARALLEL_MIN_ROWS + 1000;
        let a: Vec<i128> = (0..rows as i128).map(|i| i * 7 - 3).collect();
        let b: Vec<i128> = (0..rows as i128).map(|i| 5 - i).collect();
        let c = Context::default();
        let big = add((Operand::Column(&a), 2), (Operand::Column(&b), 1), None, &c).unwrap();
        let small = add(
            (Operand::Column(&a[..1000]), 2),
            (Operand::Column(&b[..1000]), 1),
            None,
            &c,
        )
        .unwrap();
        assert_eq!(&big.values[..1000], &small.values[..]);
        assert_eq!(big.values[rows - 1], a[rows - 1] + 10 * b[rows - 1]);
        let mut with_bad = a.clone();
        with_bad[rows - 5] = crate::MAX_MANTISSA;
        with_bad[rows - 2] = crate::MAX_MANTISSA;
        let err = add(
            (Operand::Column(&with_bad), 0),
            (Operand::Scalar(1), 0),
            None,
            &c,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains(&format!("row {}", rows - 5)),
            "{err}"
        );
        let p = mul(
            (Operand::Scalar(3), 0),
            (Operand::Column(&a), 2),
            None,
            None,
            &c,
        )
        .unwrap();
        assert_eq!(p.values[rows - 1], 3 * a[rows - 1]);
    }

    /// Mantissas around the edges of the 64-bit lanes, and ties.
    fn lane_edges() -> Vec<i128> {
        let mut v = vec![0, 1, -1, 5, -5, 15, -25, 12_345, -99_995, 1_000_000_005];
        for edge in [i64::MAX as i128, i64::MIN as i128] {
            v.extend((-2..=2).map(|d| edge + d));
        }
        v.extend([
            10i128.pow(18) * 5,
            -(10i128.pow(20)) * 15,
            crate::MAX_MANTISSA,
        ]);
        v
    }

    #[test]
    fn quantize_and_mul_lanes_equal_the_general_rounding() {
        let values = lane_edges();
        for mode in RoundingMode::ALL {
            let c = ctx(mode);
            for k in 1..=20u32 {
                let got = quantize(&values, k as i32, 0, None, &c).unwrap();
                let want: Vec<i128> = values
                    .iter()
                    .map(|&m| div_pow10_round(m, k, mode))
                    .collect();
                assert_eq!(got, want, "quantize by 10^{k} {mode}");
                // x * 1 at scale k back to scale 0 takes the mul lane of the same shift.
                let got = mul(
                    (Operand::Column(&values), k as i32),
                    (Operand::Scalar(1), 0),
                    Some(0),
                    None,
                    &c,
                )
                .unwrap();
                assert_eq!(got.values, want, "mul by 10^-{k} {mode}");
            }
        }
    }

    #[test]
    fn div_lane_equals_the_general_quotient() {
        let values = lane_edges();
        let divisors = [
            1i128,
            -1,
            3,
            -7,
            8,
            10i128.pow(18) + 1,
            i64::MIN as i128,
            -(i64::MAX as i128) - 2,
        ];
        for mode in RoundingMode::ALL {
            let c = ctx(mode);
            for &(sa, sb, scale) in &[(0, 0, 0), (4, 4, 8), (2, 0, 20), (0, 0, 17), (3, 1, 0)] {
                let shift = scale - sa + sb;
                for &y in &divisors {
                    let (got, _) = div(
                        (Operand::Column(&values), sa),
                        (Operand::Scalar(y), sb),
                        scale,
                        None,
                        &c,
                        OnZero::Raise,
                    )
                    .map(|(col, z)| (col.values, z))
                    .unwrap_or_else(|_| (Vec::new(), Vec::new()));
                    let want: Option<Vec<i128>> = values
                        .iter()
                        .map(|&x| quotient(x, y, shift, mode).filter(|&q| c.fits(q)))
                        .collect();
                    assert_eq!(
                        Some(got).filter(|g| !g.is_empty()),
                        want,
                        "/{y} at {scale} {mode}"
                    );
                }
            }
        }
        // Zero divisors: the first valid one raises, or every one becomes a null row.
        let mask = Validity::new(&[0b110], 0, 3).unwrap();
        let err = div(
            (Operand::Column(&[1, 2, 3]), 0),
            (Operand::Column(&[0, 1, 0]), 0),
            2,
            Some(&mask),
            &Context::default(),
            OnZero::Raise,
        )
        .unwrap_err();
        assert!(err.to_string().contains("row 2"), "{err}");
        let (col, zeros) = div(
            (Operand::Column(&[1, 2, 3]), 0),
            (Operand::Column(&[0, 1, 0]), 0),
            2,
            Some(&mask),
            &Context::default(),
            OnZero::Null,
        )
        .unwrap();
        assert_eq!((col.values, zeros), (vec![0, 200, 0], vec![2]));
    }

    #[test]
    fn neg_abs_and_shapes() {
        let c = Context::default();
        assert_eq!(neg(&[1, -2], None, &c), Ok(vec![-1, 2]));
        assert!(abs(&[i128::MIN], None, &c).is_err());
        assert!(rows(&Operand::Column(&[1]), &Operand::Column(&[1, 2])).is_err());
    }
}
