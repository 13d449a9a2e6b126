//! The fast lanes of the ledger kernels. In the 64-bit lanes, rows whose mantissas are below
//! [`LANE_LIMIT`] take products in one widening multiply (no overflow possible), and divisions by
//! a constant (a power of ten when rounding, a tick or lot size when checking multiples) become a
//! multiplication by a precomputed reciprocal. The 128-bit lanes (fills, slippage, tiered
//! schedules) compute every scale factor once per call and do checked 128-bit arithmetic per
//! row. A row outside a lane's bounds goes back to the general (256-bit) code, which gives the
//! same result: the lanes change the speed, never the numbers.

use arrow_buffer::i256;

use super::{ColumnRef, Consts, Kind, OrderCheck};
use crate::{Context, DecimalValue, RoundingMode};

/// Magnitudes the lanes accept for an input mantissa: below 2^31, so that the product of two
/// fits 62 bits and three-way products fit 128 bits with room to spare.
pub(super) const LANE_LIMIT: u128 = 1 << 31;

/// Division of a magnitude below 2^63 by a constant `d >= 2`, exactly, by a multiplication
/// (Granlund and Montgomery, "Division by invariant integers using multiplication", PLDI 1994,
/// theorem 4.2 with N = 63): with `l = ceil(log2 d)` and `m = floor(2^(63 + l) / d) + 1`,
/// `floor(n / d) = floor(n m / 2^(63 + l))` for every `0 <= n < 2^63`, and `m < 2^64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ConstDiv {
    d: u64,
    magic: u64,
    shift: u32,
}

impl ConstDiv {
    /// The divider by `d`, or None for `d < 2` or `d >= 2^63`.
    pub(super) fn new(d: u64) -> Option<Self> {
        if !(2..1 << 63).contains(&d) {
            return None;
        }
        let l = 64 - (d - 1).leading_zeros();
        // 2^(l-1) < d gives 2^(63 + l) / d < 2^64, so m fits 64 bits (`try_from` checks it).
        let magic = u64::try_from((1u128 << (63 + l)) / u128::from(d) + 1).ok()?;
        Some(Self {
            d,
            magic,
            shift: l - 1,
        })
    }

    /// The divider by `10^k`, `1 <= k <= 18`.
    pub(super) fn pow10(k: u32) -> Option<Self> {
        if k == 0 {
            return None;
        }
        Self::new(10u64.checked_pow(k)?)
    }

    /// `n / d` rounded to an integer with Python's rules, for `|n| < 2^63`, without
    /// data-dependent branches (the remainder of a price is as good as random, so a branch on it
    /// mispredicts often): `MODE` numbers the modes as [`MODES`] lists them.
    #[inline(always)]
    pub(super) fn round_branchless<const MODE: u8>(&self, n: i64) -> i64 {
        let negative = n < 0;
        let (q, r) = self.div_rem(n.unsigned_abs());
        let inexact = r != 0;
        let twice = 2 * r;
        let away = match MODES[usize::from(MODE)] {
            RoundingMode::HalfEven => (twice > self.d) | ((twice == self.d) & (q & 1 == 1)),
            RoundingMode::HalfUp => twice >= self.d,
            RoundingMode::HalfDown => twice > self.d,
            RoundingMode::Up => inexact,
            RoundingMode::Down => false,
            RoundingMode::Ceiling => inexact & !negative,
            RoundingMode::Floor => inexact & negative,
            RoundingMode::Up05 => inexact & (q % 5 == 0),
        };
        let m = (q + u64::from(away)) as i64;
        // m or -m without a branch: (m ^ s) - s with s all ones when negative.
        let s = -i64::from(negative);
        (m ^ s) - s
    }

    /// `(n / d, n % d)` for `n < 2^63`.
    #[inline]
    pub(super) fn div_rem(&self, n: u64) -> (u64, u64) {
        debug_assert!(n < 1 << 63);
        let q = ((u128::from(n) * u128::from(self.magic)) >> 64) as u64 >> self.shift;
        (q, n - q * self.d)
    }

    /// `n / d` rounded to an integer with `mode` (Python's rules), for `|n| < 2^63`.
    #[cfg(test)]
    fn round(&self, n: i64, mode: RoundingMode) -> i64 {
        match MODES.iter().position(|&m| m == mode) {
            Some(0) => self.round_branchless::<0>(n),
            Some(1) => self.round_branchless::<1>(n),
            Some(2) => self.round_branchless::<2>(n),
            Some(3) => self.round_branchless::<3>(n),
            Some(4) => self.round_branchless::<4>(n),
            Some(5) => self.round_branchless::<5>(n),
            Some(6) => self.round_branchless::<6>(n),
            _ => self.round_branchless::<7>(n),
        }
    }
}

/// The rounding modes by the numbers [`Charges::run`] gives them.
const MODES: [RoundingMode; 8] = [
    RoundingMode::HalfEven,
    RoundingMode::HalfUp,
    RoundingMode::HalfDown,
    RoundingMode::Up,
    RoundingMode::Down,
    RoundingMode::Ceiling,
    RoundingMode::Floor,
    RoundingMode::Up05,
];

/// Magnitude of an `i128` as an `i64` when below [`LANE_LIMIT`].
#[inline]
pub(super) fn small(v: i128) -> Option<i64> {
    (v.unsigned_abs() < LANE_LIMIT).then_some(v as i64)
}

/// The commission of independent fills (every fill an order of its own, so each pays at least
/// the minimum, or the flat cost), in the 64-bit lane: `|q|` and `|p|` below [`LANE_LIMIT`],
/// every parameter within 64 bits, the charge within 62 bits, rounded by a power of ten.
#[derive(Debug, Clone, Copy)]
pub(super) struct Charges {
    kind: Kind,
    unit_factor: i64,
    minimum: i64,
    cost: i64,
    cap_factor: Option<i64>,
    divider: Option<ConstDiv>,
    ctx: Context,
    /// The largest magnitude the context's precision allows, within 64 bits.
    bound: u64,
}

impl Charges {
    /// The lane for these parameters (at the working scale), rounding by `divider` (None: the
    /// working scale is the result's), or None when a parameter does not fit 64 bits.
    pub(super) fn new(c: &Consts<i128>, divider: Option<ConstDiv>, ctx: &Context) -> Option<Self> {
        Some(Self {
            kind: c.kind,
            unit_factor: i64::try_from(c.unit_factor).ok()?,
            minimum: i64::try_from(c.minimum).ok()?,
            cost: i64::try_from(c.cost).ok()?,
            cap_factor: match c.cap_factor {
                Some(f) => Some(i64::try_from(f).ok()?),
                None => None,
            },
            divider,
            ctx: *ctx,
            bound: (0..=18)
                .rev()
                .map(|k| 10u64.pow(k) * 10 - 1)
                .chain([u64::MAX])
                .filter(|&m| ctx.fits(i128::from(m)))
                .max()
                .unwrap_or(0),
        })
    }

    /// One commission per row (0 where the lane cannot serve it) and the rows it could not
    /// serve, in ascending order.
    pub(super) fn run(
        &self,
        quantity: &[i128],
        price: &[i128],
        units: Option<&[i128]>,
    ) -> (Vec<i128>, Vec<usize>) {
        // The loop is compiled once per rounding mode: a mode read per row costs an indirect
        // jump that dominates a row's few multiplications.
        macro_rules! by_mode {
            ($kind:literal, $cap:literal) => {
                match self.ctx.rounding() {
                    RoundingMode::HalfEven => self.rows::<$kind, $cap, 0>(quantity, price, units),
                    RoundingMode::HalfUp => self.rows::<$kind, $cap, 1>(quantity, price, units),
                    RoundingMode::HalfDown => self.rows::<$kind, $cap, 2>(quantity, price, units),
                    RoundingMode::Up => self.rows::<$kind, $cap, 3>(quantity, price, units),
                    RoundingMode::Down => self.rows::<$kind, $cap, 4>(quantity, price, units),
                    RoundingMode::Ceiling => self.rows::<$kind, $cap, 5>(quantity, price, units),
                    RoundingMode::Floor => self.rows::<$kind, $cap, 6>(quantity, price, units),
                    RoundingMode::Up05 => self.rows::<$kind, $cap, 7>(quantity, price, units),
                }
            };
        }
        match (self.kind, self.cap_factor.is_some(), units.is_some()) {
            (Kind::Shares, false, _) => by_mode!(0, false),
            (Kind::Shares, true, _) => by_mode!(0, true),
            (Kind::Dollars, false, _) => by_mode!(1, false),
            (Kind::Dollars, true, _) => by_mode!(1, true),
            (Kind::Trade, _, _) => by_mode!(2, false),
            (Kind::Units, false, true) => by_mode!(3, false),
            (Kind::Units, true, true) => by_mode!(3, true),
            // Per-unit costs the lane was not given: every row goes back.
            (Kind::Units, _, false) => (vec![0; quantity.len()], (0..quantity.len()).collect()),
        }
    }

    /// `KIND`: 0 per share, 1 per dollar, 2 per trade, 3 given per-unit costs; `CAP`: whether `max_fraction` is set;
    /// `MODE`: the rounding mode, as numbered in [`Charges::run`].
    fn rows<const KIND: u8, const CAP: bool, const MODE: u8>(
        &self,
        quantity: &[i128],
        price: &[i128],
        units: Option<&[i128]>,
    ) -> (Vec<i128>, Vec<usize>) {
        let mut slow = Vec::new();
        let given = |i: usize| units.map_or(0, |u| u[i]);
        let values = quantity
            .iter()
            .zip(price)
            .enumerate()
            .map(
                |(i, (&q, &p))| match self.row::<KIND, CAP, MODE>(q, p, given(i)) {
                    Some(v) => i128::from(v),
                    None => {
                        slow.push(i);
                        0
                    }
                },
            )
            .collect();
        (values, slow)
    }

    /// One fill in 64-bit arithmetic: a product that overflows sends the row back (a cap that
    /// overflows saturates, which leaves the minimum with the charge, as the exact cap would).
    #[inline(always)]
    fn row<const KIND: u8, const CAP: bool, const MODE: u8>(
        &self,
        q: i128,
        p: i128,
        given: i128,
    ) -> Option<i64> {
        let (q, p) = (small(q)?.abs(), small(p)?.abs());
        let notional = q * p; // below 2^62
        let charge = match KIND {
            0 => q.checked_mul(self.unit_factor)?.max(self.minimum),
            1 => notional.checked_mul(self.unit_factor)?.max(self.minimum),
            3 => i64::try_from(given).ok()?.max(self.minimum),
            _ => self.cost,
        };
        let charge = if CAP {
            charge.min(notional.saturating_mul(self.cap_factor.unwrap_or(0)))
        } else {
            charge
        };
        let rounded = match &self.divider {
            Some(d) if charge != i64::MIN => d.round_branchless::<MODE>(charge),
            Some(_) => return None,
            None => charge,
        };
        (rounded.unsigned_abs() <= self.bound).then_some(rounded)
    }
}

/// `totals[t] += sum over the columns of quantity[t] x price[t]` for asset columns without
/// nulls at the totals' scale (`N` of them at a time, so that each bar's total is read and
/// written once per `N` products), branch-free: a bar where a mantissa does not fit 64 bits or
/// a sum overflows 128 bits is flagged in `wide` (its total is then recomputed in 256 bits).
pub(super) fn add_products<const N: usize>(
    totals: &mut [i128],
    wide: &mut [bool],
    quantities: [&[i128]; N],
    prices: [&[i128]; N],
) {
    let rows = totals.len().min(wide.len());
    let q = quantities.map(|c| &c[..rows]);
    let p = prices.map(|c| &c[..rows]);
    for t in 0..rows {
        let mut sum = 0i128;
        let mut flag = false;
        for k in 0..N {
            let (qv, pv) = (q[k][t], p[k][t]);
            let (q64, p64) = (qv as i64, pv as i64);
            let fits = (i128::from(q64) == qv) & (i128::from(p64) == pv);
            let (s, overflowed) = sum.overflowing_add(i128::from(q64) * i128::from(p64));
            sum = s;
            flag |= overflowed | !fits;
        }
        let (s, overflowed) = totals[t].overflowing_add(sum);
        totals[t] = s;
        wide[t] |= flag | overflowed;
    }
}

/// The order checks of [`validate_orders`](super::validate_orders) in the 64-bit lane: every
/// limit brought once to the scale it is compared at, so that a row costs a few multiplications
/// (and a multiplication by a reciprocal for each multiple-of check). Rows with a mantissa at or
/// above [`LANE_LIMIT`] take the general code.
#[derive(Debug, Clone, Copy)]
pub(super) struct OrderLane {
    /// Price factor and divisor of the tick check: `|p| x factor` must be a multiple of `d`
    /// (None: no check; a `d` of 1 passes every price).
    tick: Option<(i64, Option<ConstDiv>)>,
    /// The same for quantities and the lot size.
    lot: Option<(i64, Option<ConstDiv>)>,
    /// `(notional factor, limit)`: the notional `q x p` times the factor meets the limit at a
    /// common scale.
    min_notional: Option<(i64, i128)>,
    max_order_value: Option<(i64, i128)>,
    /// `(held factor, quantity factor, limit)` at the common scale of the three.
    max_position: Option<(i64, i64, i128)>,
    /// Notional factor to the scale the cash left is kept at (see [`OrderLane::cash_scale`]).
    cash_factor: i64,
    /// The scale the lane keeps the cash left at.
    pub(super) cash_scale: i32,
}

/// A multiple-of check: `value` (at scale `value_scale`) against the step `step`.
fn multiple_check(step: DecimalValue, value_scale: i32) -> Option<(i64, Option<ConstDiv>)> {
    let scale = value_scale.max(step.scale);
    let factor = i64::try_from(crate::pow10(scale.abs_diff(value_scale))?).ok()?;
    let d = step
        .mantissa
        .checked_mul(crate::pow10(scale.abs_diff(step.scale))?)?;
    let d = u64::try_from(d).ok()?;
    // |value| < 2^31 and factor < 2^32 keep |value| x factor below 2^63.
    (factor < 1 << 32 && d >= 1).then_some((factor, ConstDiv::new(d)))
}

/// `(factor to the common scale, limit at it)` for a value at `value_scale`.
fn limit_at(limit: DecimalValue, value_scale: i32) -> Option<(i64, i128)> {
    let scale = value_scale.max(limit.scale);
    let factor = i64::try_from(crate::pow10(scale.abs_diff(value_scale))?).ok()?;
    let limit = limit
        .mantissa
        .checked_mul(crate::pow10(scale.abs_diff(limit.scale))?)?;
    Some((factor, limit))
}

impl OrderLane {
    /// The lane for these scales and limits, or None when a limit does not fit it.
    pub(super) fn new(
        quantity_scale: i32,
        price_scale: i32,
        held_scale: i32,
        limits: &super::OrderLimits,
    ) -> Option<Self> {
        let notional_scale = quantity_scale + price_scale;
        let pair = |v: Option<DecimalValue>| -> Option<Option<(i64, i128)>> {
            v.map(|v| limit_at(v, notional_scale))
                .map_or(Some(None), |x| x.map(Some))
        };
        let check = |v: Option<DecimalValue>, scale| -> Option<Option<(i64, Option<ConstDiv>)>> {
            v.map(|v| multiple_check(v, scale))
                .map_or(Some(None), |x| x.map(Some))
        };
        let max_position = match limits.max_position {
            None => None,
            Some(m) => {
                let scale = held_scale.max(quantity_scale).max(m.scale);
                let f = |s: i32| i64::try_from(crate::pow10(scale.abs_diff(s))?).ok();
                Some((
                    f(held_scale)?,
                    f(quantity_scale)?,
                    m.mantissa
                        .checked_mul(crate::pow10(scale.abs_diff(m.scale))?)?,
                ))
            }
        };
        let cash_scale = limits
            .cash
            .map_or(notional_scale, |c| c.scale.max(notional_scale));
        Some(Self {
            tick: check(limits.tick_size, price_scale)?,
            lot: check(limits.lot_size, quantity_scale)?,
            min_notional: pair(limits.min_notional)?,
            max_order_value: pair(limits.max_order_value)?,
            max_position,
            cash_factor: i64::try_from(crate::pow10(cash_scale.abs_diff(notional_scale))?).ok()?,
            cash_scale,
        })
    }

    /// The code of one order (its asset known), or None when a mantissa is outside the lane
    /// (or the cash left would overflow): then nothing has changed and the general code runs.
    /// `cash_left` is at [`OrderLane::cash_scale`].
    #[inline]
    pub(super) fn check(
        &self,
        quantity: i128,
        price: i128,
        sign: i64,
        held: i128,
        cash_left: &mut Option<i128>,
    ) -> Option<OrderCheck> {
        let (q, p, held) = (small(quantity)?, small(price)?, small(held)?);
        if q <= 0 {
            return Some(OrderCheck::NonPositiveQuantity);
        }
        let off_step = |v: i64, (factor, d): (i64, Option<ConstDiv>)| {
            // |v| < 2^31, factor < 2^32: the product is below 2^63
            d.is_some_and(|d| d.div_rem(v.unsigned_abs() * factor as u64).1 != 0)
        };
        if self.tick.is_some_and(|t| off_step(p, t)) {
            return Some(OrderCheck::PriceNotOnTick);
        }
        if self.lot.is_some_and(|l| off_step(q, l)) {
            return Some(OrderCheck::QuantityNotOnLot);
        }
        let notional = q * p; // below 2^62 in magnitude
        let at = |factor: i64| i128::from(notional) * i128::from(factor);
        if let Some((f, min)) = self.min_notional {
            if at(f) < min {
                return Some(OrderCheck::BelowMinNotional);
            }
        }
        if let Some((f, max)) = self.max_order_value {
            if at(f) > max {
                return Some(OrderCheck::AboveMaxOrderValue);
            }
        }
        if let Some((fh, fq, max)) = self.max_position {
            let after = i128::from(held) * i128::from(fh) + i128::from(sign * q) * i128::from(fq);
            if after.unsigned_abs() > max.unsigned_abs() || (max < 0) {
                return Some(OrderCheck::ExceedsMaxPosition);
            }
        }
        if sign > 0 {
            if let Some(left) = cash_left {
                let cost = at(self.cash_factor);
                if cost > *left {
                    return Some(OrderCheck::InsufficientCash);
                }
                *left = left.checked_sub(cost)?;
            }
        }
        Some(OrderCheck::Ok)
    }
}

/// What one order of [`volume_share_slippage`](super::volume_share_slippage) gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slip {
    /// Nothing fills.
    Unfilled,
    /// `(shares, price)`: the unsigned share count and the fill price at the result's scale.
    Filled(i128, i128),
}

/// zipline's volume-share slippage in 128-bit arithmetic, every factor that depends only on the
/// scales computed once: a row costs a few checked multiplications and one rounded division
/// (64-bit when the operands fit), against 256-bit powers of ten per row in the general code.
/// Any overflow sends the row back to the general code.
#[derive(Debug, Clone, Copy)]
pub(super) struct SlipLane {
    limit: i128,
    impact: i128,
    /// `10^(s - (s_l + s_v))`, `10^(s - s_q)` and `10^s`: remaining, wanted and one share at
    /// the common scale `s`.
    f_max: i128,
    f_q: i128,
    one: i128,
    one_div: Option<ConstDiv>,
    /// `10^s2` and `10^(s2 - (s_l + s_v))`: shares against the volume cap at scale `s2`.
    f_shares2: i128,
    f_max2: i128,
    /// The capped case: `n = limit^2 impact p`, `d = 1`.
    capped_n: i128,
    capped_fp: i128,
    capped_fn: i128,
    capped_shift: i32,
    /// The uncapped case: `n = shares^2 impact p`, `d = volume^2`.
    free_fp: i128,
    free_fn: i128,
    free_shift: i32,
    ctx: Context,
}

/// Checked multiplication with a widening 64-bit fast path (operands that fit 64 bits cannot
/// overflow 128), which is most of the lanes' products.
trait Mul64: Sized {
    fn mul64(self, other: Self) -> Option<Self>;
}

impl Mul64 for i128 {
    #[inline(always)]
    fn mul64(self, other: i128) -> Option<i128> {
        crate::arith::product(self, other)
    }
}

fn p10(k: i32) -> Option<i128> {
    crate::pow10(u32::try_from(k).ok()?)
}

impl SlipLane {
    /// The lane for these scales, or None when a factor does not fit 128 bits.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        (limit, sl): (i128, i32),
        (impact, si): (i128, i32),
        sq: i32,
        sp: i32,
        sv: i32,
        scale: i32,
        ctx: &Context,
    ) -> Option<Self> {
        let smax = sl + sv;
        let s = smax.max(sq).max(0);
        let s2 = smax.max(0);
        let one = p10(s)?;
        let capped_scale = 2 * sl + si + sp;
        let capped_common = capped_scale.max(sp);
        let free_scale = si + sp;
        let free_common = free_scale.max(sp).max(sp + 2 * sv);
        Some(Self {
            limit,
            impact,
            f_max: p10(s - smax)?,
            f_q: p10(s - sq)?,
            one,
            one_div: u64::try_from(one).ok().and_then(ConstDiv::new),
            f_shares2: p10(s2)?,
            f_max2: p10(s2 - smax)?,
            capped_n: limit.checked_mul(limit)?.checked_mul(impact)?,
            capped_fp: p10(capped_common - sp)?,
            capped_fn: p10(capped_common - capped_scale)?,
            capped_shift: scale - capped_common,
            free_fp: p10(free_common - sp - 2 * sv)?,
            free_fn: p10(free_common - free_scale)?,
            free_shift: scale - free_common + 2 * sv,
            ctx: *ctx,
        })
    }

    /// One order: `quantity`, `price`, `volume` mantissas and the shares its asset already
    /// traded this bar; None when a step overflows (the general code then takes the row).
    #[inline]
    pub(super) fn row(
        &self,
        quantity: i128,
        price: i128,
        volume: i128,
        done: i128,
    ) -> Option<Slip> {
        let max_volume = self.limit.mul64(volume)?;
        let remaining = max_volume
            .mul64(self.f_max)?
            .checked_sub(done.mul64(self.one)?)?;
        if remaining < self.one {
            return Some(Slip::Unfilled);
        }
        let wanted = quantity.checked_abs()?.mul64(self.f_q)?;
        let cur = remaining.min(wanted); // >= 0
        let shares = match (self.one_div, u64::try_from(cur)) {
            (Some(d), Ok(c)) if c < 1 << 63 => i128::from(d.div_rem(c).0),
            _ => cur / self.one,
        };
        if shares < 1 || price == 0 {
            return Some(Slip::Unfilled);
        }
        let capped = shares.mul64(self.f_shares2)? > max_volume.mul64(self.f_max2)?;
        let sign = quantity.signum();
        let (value, d, shift) = if capped {
            let n = self.capped_n.mul64(price)?;
            let value = price
                .mul64(self.capped_fp)?
                .checked_add(n.mul64(self.capped_fn)?.mul64(sign)?)?;
            (value, 1, self.capped_shift)
        } else {
            let n = shares.mul64(shares)?.mul64(self.impact)?.mul64(price)?;
            let d = volume.mul64(volume)?;
            let value = price
                .mul64(d)?
                .mul64(self.free_fp)?
                .checked_add(n.mul64(self.free_fn)?.mul64(sign)?)?;
            (value, d, self.free_shift)
        };
        let (num, den) = if shift >= 0 {
            (value.mul64(p10(shift)?)?, d)
        } else {
            (value, d.mul64(p10(-shift)?)?)
        };
        if den <= 0 {
            return None;
        }
        let fill = crate::div_round(num, den, self.ctx.rounding());
        self.ctx.fits(fill).then_some(Slip::Filled(shares, fill))
    }
}

/// zipline's position bookkeeping of [`apply_fills`](super::apply_fills) in 128-bit
/// arithmetic, the scale factors computed once; any overflow sends the row back to the general
/// (256-bit) code.
#[derive(Debug, Clone, Copy)]
pub(super) struct FillLane {
    /// `10^(s_q - s_q0)`, `10^(s_q - s_dq)`: quantities at their common scale `s_q`.
    f_q0: i128,
    f_dq: i128,
    /// `10^(s_cost - s_b - s_q)`, `10^(s_cost - s_p - s_q)`, `10^(s_cost - s_c)`: amounts at the
    /// cost scale.
    f_b: i128,
    f_p: i128,
    f_c: i128,
    /// `10^shift` on the numerator (shift >= 0) or the denominator of the basis division.
    shift: i32,
    ctx: Context,
}

impl FillLane {
    /// The lane for these scales (positions, basis, fill quantity, price, commission), the
    /// common quantity scale `sq`, the cost scale and the basis scale.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        (sq0, sb, sdq, sp, sc): (i32, i32, i32, i32, i32),
        sq: i32,
        cost_scale: i32,
        basis_scale: i32,
        ctx: &Context,
    ) -> Option<Self> {
        Some(Self {
            f_q0: p10(sq - sq0)?,
            f_dq: p10(sq - sdq)?,
            f_b: p10(cost_scale - sb - sq)?,
            f_p: p10(cost_scale - sp - sq)?,
            f_c: p10(cost_scale - sc)?,
            shift: basis_scale - cost_scale + sq,
            ctx: *ctx,
        })
    }

    /// `(q1, basis, realised)` of one row, or None when a step overflows.
    #[inline]
    pub(super) fn row(
        &self,
        q0: i128,
        b0: i128,
        dq: i128,
        p: i128,
        c: i128,
    ) -> Option<(i128, i128, i128)> {
        let q0 = q0.mul64(self.f_q0)?;
        let dq = dq.mul64(self.f_dq)?;
        let q1 = q0.checked_add(dq)?;
        let c = c.mul64(self.f_c)?;
        let cost_b = |q: i128| b0.mul64(q)?.mul64(self.f_b);
        let cost_p = |q: i128| p.mul64(q)?.mul64(self.f_p);
        let opens = q0 == 0 || q0.signum() == dq.signum();
        let flips = !opens && dq.unsigned_abs() > q0.unsigned_abs();
        let closed = if opens {
            0
        } else if flips {
            q0
        } else {
            dq.checked_neg()?
        };
        let mut realized = 0;
        if closed != 0 {
            realized = cost_p(closed)?.checked_sub(cost_b(closed)?)?;
        }
        let basis = if q1 == 0 {
            realized = realized.checked_sub(c)?;
            0
        } else {
            let total = if opens {
                cost_b(q0)?.checked_add(cost_p(dq)?)?
            } else if flips {
                cost_p(q1)?
            } else {
                cost_b(q1)?
            }
            .checked_add(c)?;
            let (n, d) = if self.shift >= 0 {
                (total.mul64(p10(self.shift)?)?, q1)
            } else {
                (total, q1.mul64(p10(-self.shift)?)?)
            };
            let (n, d) = if d < 0 {
                (n.checked_neg()?, d.checked_neg()?)
            } else {
                (n, d)
            };
            crate::div_round(n, d, self.ctx.rounding())
        };
        [q1, basis, realized]
            .iter()
            .all(|&v| self.ctx.fits(v))
            .then_some((q1, basis, realized))
    }
}

/// The per-share cost of each fill under a tiered schedule in 128-bit arithmetic: the
/// thresholds, rates and running volume as 128-bit mantissas, stopping at the first row where
/// an amount does not fit (the general code goes on from there).
#[derive(Debug, Clone)]
pub(super) struct TierLane {
    thresholds: Vec<i128>,
    rates: Vec<i128>,
    volume: i128,
    /// `10^(s_volume - s_q)`: shares at the volume scale.
    shares_factor: i128,
}

impl TierLane {
    /// The lane, or None when a threshold, rate, the starting volume or the factor does not fit.
    pub(super) fn new(
        thresholds: &[i256],
        rates: &[i256],
        volume: i256,
        shares_factor: Option<i128>,
    ) -> Option<Self> {
        Some(Self {
            thresholds: thresholds
                .iter()
                .map(|t| t.to_i128())
                .collect::<Option<_>>()?,
            rates: rates.iter().map(|r| r.to_i128()).collect::<Option<_>>()?,
            volume: volume.to_i128()?,
            shares_factor: shares_factor?,
        })
    }

    /// Pushes the per-unit cost of each row onto `units` (0 for null rows) until a row does not
    /// fit; returns how many rows it did and the volume after them.
    pub(super) fn units(
        &self,
        quantity: &ColumnRef<'_>,
        price: &ColumnRef<'_>,
        units: &mut Vec<i128>,
    ) -> (usize, i128) {
        let mut volume = self.volume;
        let last = self.thresholds.len() - 1;
        // The tier the volume is in: it only grows, so this moves forward only.
        let mut tier = 0;
        for i in 0..quantity.values.len() {
            if !(quantity.is_valid(i) && price.is_valid(i)) {
                units.push(0);
                continue;
            }
            while tier < last && volume >= self.thresholds[tier + 1] {
                tier += 1;
            }
            let unit = (|| {
                let shares = quantity.values[i]
                    .checked_abs()?
                    .checked_mul(self.shares_factor)?;
                let end = volume.checked_add(shares)?;
                if tier == last || end <= self.thresholds[tier + 1] {
                    // The whole fill in one tier (nearly every fill): one product.
                    return Some((crate::arith::product(shares, self.rates[tier])?, end));
                }
                let mut unit = 0i128;
                for (k, (&from, &rate)) in self.thresholds.iter().zip(&self.rates).enumerate() {
                    let lo = volume.max(from);
                    let hi = if k == last {
                        end
                    } else {
                        end.min(self.thresholds[k + 1])
                    };
                    if hi > lo {
                        unit = unit.checked_add((hi - lo).checked_mul(rate)?)?;
                    }
                }
                Some((unit, end))
            })();
            match unit {
                Some((unit, end)) => {
                    units.push(unit);
                    volume = end;
                }
                None => return (i, volume),
            }
        }
        (quantity.values.len(), volume)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(n: i64, d: i64, mode: RoundingMode) -> i64 {
        crate::div_round(i128::from(n), i128::from(d), mode) as i64
    }

    #[test]
    fn const_div_is_exact_at_the_edges() {
        let mut divisors: Vec<u64> = (2..200).collect();
        divisors.extend((1..=18).map(|k| 10u64.pow(k)));
        divisors.extend([
            5,
            25,
            3,
            7,
            641,
            6_700_417,
            (1 << 62) - 1,
            1 << 62,
            (1 << 63) - 1,
        ]);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for &d in &divisors {
            let div = ConstDiv::new(d).unwrap();
            let mut ns = vec![0, 1, d - 1, d, d + 1, (1 << 63) - 1, (1 << 63) - 2];
            for mult in [1u64, 2, 3, 1000, u64::MAX / d / 2] {
                let base = d.saturating_mul(mult);
                ns.extend([base.wrapping_sub(1), base, base.wrapping_add(1)]);
            }
            for _ in 0..200 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                ns.push(seed >> 1);
                ns.push((seed >> 1) % (d.saturating_mul(1000)).max(1));
            }
            for n in ns.into_iter().filter(|&n| n < 1 << 63) {
                assert_eq!(div.div_rem(n), (n / d, n % d), "{n} / {d}");
            }
        }
        assert_eq!(ConstDiv::new(1), None);
        assert_eq!(ConstDiv::new(1 << 63), None);
        assert_eq!(ConstDiv::pow10(0), None);
        assert_eq!(ConstDiv::pow10(19), None);
    }

    #[test]
    fn rounding_matches_the_general_code_in_every_mode() {
        for k in 1..=18 {
            let d = 10i64.pow(k);
            let div = ConstDiv::pow10(k).unwrap();
            let mut ns = vec![0, i64::MAX, -i64::MAX, i64::MAX - 1];
            for q in [0i64, 1, 2, 4, 5, 9, 10, 11, 12345, i64::MAX / d - 1] {
                for r in [0, 1, d / 2 - 1, d / 2, d / 2 + 1, d - 1] {
                    if let Some(n) = q.checked_mul(d).and_then(|x| x.checked_add(r)) {
                        ns.extend([n, -n]);
                    }
                }
            }
            for mode in RoundingMode::ALL {
                for &n in &ns {
                    assert_eq!(
                        div.round(n, mode),
                        reference(n, d, mode),
                        "{n} / {d} {mode}"
                    );
                }
            }
        }
    }

    #[test]
    fn small_stops_at_the_lane_limit() {
        let limit = LANE_LIMIT as i128;
        assert_eq!(small(limit - 1), Some((limit - 1) as i64));
        assert_eq!(small(1 - limit), Some((1 - limit) as i64));
        assert_eq!(small(limit), None);
        assert_eq!(small(-limit), None);
        assert_eq!(small(i128::MIN), None);
    }
}
