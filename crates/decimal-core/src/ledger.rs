//! Ledger math on decimal columns: portfolio value per bar and commissions per fill.
//!
//! Every amount is computed exactly at a common working scale and rounded once, at the end, to
//! the currency scale the caller asks for: in the 64- and 128-bit lanes of [`fast`] when a row's
//! numbers fit them, else in 256-bit integers (the results are the same; only the speed differs).

use std::collections::HashMap;

use arrow_buffer::i256;
use rayon::prelude::*;

use crate::rounding::div_pow10_round_wide;
use crate::{Column, Context, DecimalError, DecimalValue, Validity, MAX_SCALE};

mod fast;

#[cfg(test)]
thread_local! {
    /// Tests turn the fast lanes off to check them against the general code.
    static NO_LANES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the fast lanes may serve (always, outside tests that compare them with the general
/// code).
fn lanes() -> bool {
    #[cfg(test)]
    {
        !NO_LANES.with(std::cell::Cell::get)
    }
    #[cfg(not(test))]
    {
        true
    }
}

/// A decimal column borrowed as mantissas and a scale, with its nulls.
#[derive(Debug, Clone, Copy)]
pub struct ColumnRef<'a> {
    /// One mantissa per row.
    pub values: &'a [i128],
    /// Digits after the point.
    pub scale: i32,
    /// Nulls, if any.
    pub validity: Option<Validity<'a>>,
}

impl ColumnRef<'_> {
    fn is_valid(&self, i: usize) -> bool {
        self.validity.is_none_or(|v| v.is_valid(i))
    }
}

/// An exact amount: a 256-bit mantissa at a scale.
#[derive(Debug, Clone, Copy)]
struct Amount {
    mantissa: i256,
    scale: i32,
}

impl Amount {
    fn new(mantissa: i128, scale: i32) -> Self {
        Self {
            mantissa: i256::from_i128(mantissa),
            scale,
        }
    }

    fn mul(self, other: Amount) -> Option<Amount> {
        Some(Amount {
            mantissa: self.mantissa.checked_mul(other.mantissa)?,
            scale: self.scale + other.scale,
        })
    }

    /// The mantissa at a larger or equal scale.
    fn at(self, scale: i32) -> Option<i256> {
        let shift = u32::try_from(scale - self.scale).ok()?;
        i256::from_i128(10)
            .checked_pow(shift)?
            .checked_mul(self.mantissa)
    }
}

/// The result of one row at `work` scale, rounded to `to` (or kept exact when `to` is None).
fn finish(value: i256, work: i32, to: i32, ctx: &Context) -> Option<i128> {
    let rounded = if to >= work {
        i256::from_i128(10)
            .checked_pow(u32::try_from(to - work).ok()?)?
            .checked_mul(value)?
    } else {
        div_pow10_round_wide(value, work.abs_diff(to), ctx.rounding())
    };
    rounded.to_i128().filter(|&m| ctx.fits(m))
}

fn overflow(what: String, ctx: &Context) -> DecimalError {
    DecimalError::PrecisionExceeded {
        what,
        precision: ctx.precision(),
    }
}

fn check_lengths(columns: &[&ColumnRef<'_>]) -> Result<usize, DecimalError> {
    let rows = columns.first().map_or(0, |c| c.values.len());
    for c in columns {
        if c.values.len() != rows {
            return Err(DecimalError::ShapeMismatch {
                left: rows,
                right: c.values.len(),
            });
        }
        if let Some(v) = c.validity {
            if v.len() != rows {
                return Err(DecimalError::LengthMismatch {
                    mask_len: v.len(),
                    values_len: rows,
                });
            }
        }
    }
    Ok(rows)
}

/// Frames of at least this many cells (bars x assets in the 64-bit lane) split their bars across
/// rayon's threads, as the elementwise kernels split long columns
/// ([`PARALLEL_MIN_ROWS`](crate::arith::PARALLEL_MIN_ROWS)): below it a thread's start-up costs more than
/// the sum (a cell costs a few nanoseconds).
const PARALLEL_MIN_CELLS: usize = 1 << 17;

/// The fewest bars a thread takes (each block reads a slice of every column).
const PARALLEL_MIN_BARS: usize = 64;

/// Portfolio value per bar: `cash[t] + sum over assets of quantity[t] * price[t]`, exact, at
/// scale `scale` (default: the largest of the products' scales and the cash scale), rounded once
/// when `scale` is smaller. Null quantities or prices count as no position (skipped, as in
/// [`dot`](crate::dot)); a null cash is zero.
///
/// `quantities[j]` and `prices[j]` are the columns (one row per bar) of asset `j`.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for columns of different lengths or a different number of
/// quantity and price columns; [`DecimalError::PrecisionExceeded`] naming the bar whose value needs
/// more digits than the context's precision; [`DecimalError::ScaleOutOfRange`] when the exact scale
/// exceeds 38 and no `scale` is given.
///
/// # Examples
/// ```
/// use rustybt_decimal::{portfolio_values, ColumnRef, Context};
/// // two bars, two assets: 10 x 1.50 + 2 x 100.25, then 10 x 1.60 + 0 x 101.00; cash 5
/// let q = [ColumnRef { values: &[10, 10], scale: 0, validity: None }, ColumnRef { values: &[2, 0], scale: 0, validity: None }];
/// let p = [ColumnRef { values: &[150, 160], scale: 2, validity: None }, ColumnRef { values: &[10025, 10100], scale: 2, validity: None }];
/// let cash = ColumnRef { values: &[5, 5], scale: 0, validity: None };
/// let v = portfolio_values(&q, &p, Some(&cash), None, &Context::default()).unwrap();
/// assert_eq!((v.values, v.scale), (vec![22050, 2100], 2));
/// ```
pub fn portfolio_values(
    quantities: &[ColumnRef<'_>],
    prices: &[ColumnRef<'_>],
    cash: Option<&ColumnRef<'_>>,
    scale: Option<i32>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    if quantities.len() != prices.len() {
        return Err(DecimalError::ShapeMismatch {
            left: quantities.len(),
            right: prices.len(),
        });
    }
    let mut all: Vec<&ColumnRef<'_>> = quantities.iter().chain(prices).collect();
    all.extend(cash);
    let rows = check_lengths(&all)?;
    let product_scales = quantities
        .iter()
        .zip(prices)
        .map(|(q, p)| q.scale + p.scale);
    let (exact, to) = value_scales(product_scales, cash, scale)?;
    // Column by column into one 128-bit total per bar (sequential reads of each column); a bar
    // whose total does not fit is recomputed in 256 bits below.
    let mut totals = vec![0i128; rows];
    let mut wide = vec![false; rows];
    let accumulate = |totals: &mut [i128],
                      wide: &mut [bool],
                      values: &[i128],
                      valid: &dyn Fn(usize) -> bool,
                      factor: Option<i128>,
                      other: Option<&[i128]>| {
        for t in 0..rows {
            if wide[t] || !valid(t) {
                continue;
            }
            let term = match other {
                Some(o) => crate::arith::product(values[t], o[t]),
                None => Some(values[t]),
            };
            match term
                .zip(factor)
                .and_then(|(v, f)| v.checked_mul(f))
                .and_then(|v| totals[t].checked_add(v))
            {
                Some(v) => totals[t] = v,
                None => wide[t] = true,
            }
        }
    };
    // Assets whose products are at the exact scale and have no nulls take the 64-bit lane,
    // eight at a time; the others the general loop.
    let (plain, other): (Vec<_>, Vec<_>) = quantities.iter().zip(prices).partition(|(q, p)| {
        q.scale + p.scale == exact && q.validity.is_none() && p.validity.is_none() && lanes()
    });
    // Bars are independent: large frames split them into blocks across rayon's threads (each
    // block reads its slice of every column), small ones run in this thread.
    let lane_block = |first: usize, totals: &mut [i128], wide: &mut [bool]| {
        let end = first + totals.len();
        let mut groups = plain.chunks_exact(8);
        for g in &mut groups {
            fast::add_products::<8>(
                totals,
                wide,
                std::array::from_fn(|k| &g[k].0.values[first..end]),
                std::array::from_fn(|k| &g[k].1.values[first..end]),
            );
        }
        for (q, p) in groups.remainder() {
            fast::add_products::<1>(
                totals,
                wide,
                [&q.values[first..end]],
                [&p.values[first..end]],
            );
        }
    };
    if rows.saturating_mul(plain.len()) >= PARALLEL_MIN_CELLS && rows >= 2 * PARALLEL_MIN_BARS {
        let block = rows
            .div_ceil(rayon::current_num_threads().max(1))
            .max(PARALLEL_MIN_BARS);
        totals
            .par_chunks_mut(block)
            .zip(wide.par_chunks_mut(block))
            .enumerate()
            .for_each(|(b, (totals, wide))| lane_block(b * block, totals, wide));
    } else {
        lane_block(0, &mut totals, &mut wide);
    }
    for (q, p) in other {
        let factor = crate::pow10(exact.abs_diff(q.scale + p.scale));
        accumulate(
            &mut totals,
            &mut wide,
            q.values,
            &|t| q.is_valid(t) && p.is_valid(t),
            factor,
            Some(p.values),
        );
    }
    if let Some(c) = cash {
        accumulate(
            &mut totals,
            &mut wide,
            c.values,
            &|t| c.is_valid(t),
            crate::pow10(exact.abs_diff(c.scale)),
            None,
        );
    }
    let mut values = Vec::with_capacity(rows);
    for t in 0..rows {
        if !wide[t] {
            let rounded = if to <= exact {
                Some(crate::div_pow10_round(
                    totals[t],
                    exact.abs_diff(to),
                    ctx.rounding(),
                ))
            } else {
                crate::pow10(to.abs_diff(exact)).and_then(|f| totals[t].checked_mul(f))
            };
            if let Some(r) = rounded.filter(|&r| ctx.fits(r)) {
                values.push(r);
                continue;
            }
        }
        let bar_overflow = || overflow(format!("the portfolio value at row {t}"), ctx);
        let mut total = i256::ZERO;
        for (q, p) in quantities.iter().zip(prices) {
            if !(q.is_valid(t) && p.is_valid(t)) {
                continue;
            }
            let product = Amount::new(q.values[t], q.scale)
                .mul(Amount::new(p.values[t], p.scale))
                .and_then(|a| a.at(exact))
                .ok_or_else(bar_overflow)?;
            total = total.checked_add(product).ok_or_else(bar_overflow)?;
        }
        if let Some(c) = cash.filter(|c| c.is_valid(t)) {
            let cash = Amount::new(c.values[t], c.scale)
                .at(exact)
                .ok_or_else(bar_overflow)?;
            total = total.checked_add(cash).ok_or_else(bar_overflow)?;
        }
        values.push(finish(total, exact, to, ctx).ok_or_else(bar_overflow)?);
    }
    Ok(Column { values, scale: to })
}

/// The exact scale of portfolio values (the largest of the products' and the cash's scales, 0
/// for none) and the scale they are given at (`scale`, else the exact one).
fn value_scales(
    product_scales: impl Iterator<Item = i32>,
    cash: Option<&ColumnRef<'_>>,
    scale: Option<i32>,
) -> Result<(i32, i32), DecimalError> {
    let exact = product_scales
        .chain(cash.map(|c| c.scale))
        .max()
        .unwrap_or(0);
    match scale {
        Some(s) => Ok((exact, s)),
        None if exact.abs() <= MAX_SCALE => Ok((exact, exact)),
        None => Err(DecimalError::ScaleOutOfRange {
            name: "the portfolio value's exact scale",
            scale: i64::from(exact),
            reason: "it must lie in [-38, 38]; pass scale= to round it",
        }),
    }
}

/// Portfolio value per bar of row-major frames: `quantities` and `prices` hold `bars x assets`
/// values, bar after bar (Arrow's fixed-size lists, a polars `Array` column), and bar `t` is
/// `cash[t] + sum over j of quantity[t, j] * price[t, j]`, exact, at scale `scale` (default:
/// the product scale or the cash scale, whichever is larger), rounded once. Null quantities or
/// prices count as no position; a null cash is zero.
///
/// Each bar reads two contiguous runs of `assets` values, and the frame is one pair of
/// columns, so this form avoids the per-column work of [`portfolio_values`] on wide frames.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] when a column does not hold `bars x assets` values or the cash
/// column not `bars`; [`DecimalError::PrecisionExceeded`] naming the first bar whose value needs
/// more digits than the context's precision; [`DecimalError::ScaleOutOfRange`] when the exact
/// scale exceeds 38 and no `scale` is given.
///
/// # Examples
/// ```
/// use rustybt_decimal::{portfolio_values_rows, ColumnRef, Context};
/// // two bars, two assets: 10 x 1.50 + 2 x 100.25, then 10 x 1.60 + 0 x 101.00; cash 5
/// let q = ColumnRef { values: &[10, 2, 10, 0], scale: 0, validity: None };
/// let p = ColumnRef { values: &[150, 10025, 160, 10100], scale: 2, validity: None };
/// let cash = ColumnRef { values: &[5, 5], scale: 0, validity: None };
/// let v = portfolio_values_rows(&q, &p, (2, 2), Some(&cash), None, &Context::default()).unwrap();
/// assert_eq!((v.values, v.scale), (vec![22050, 2100], 2));
/// ```
pub fn portfolio_values_rows(
    quantities: &ColumnRef<'_>,
    prices: &ColumnRef<'_>,
    (bars, assets): (usize, usize),
    cash: Option<&ColumnRef<'_>>,
    scale: Option<i32>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    let cells = bars
        .checked_mul(assets)
        .ok_or(DecimalError::ShapeMismatch {
            left: bars,
            right: assets,
        })?;
    for column in [quantities, prices] {
        if column.values.len() != cells {
            return Err(DecimalError::ShapeMismatch {
                left: cells,
                right: column.values.len(),
            });
        }
    }
    if let Some(c) = cash.filter(|c| c.values.len() != bars) {
        return Err(DecimalError::ShapeMismatch {
            left: bars,
            right: c.values.len(),
        });
    }
    let product_scale = quantities.scale + prices.scale;
    let (exact, to) = value_scales(std::iter::once(product_scale), cash, scale)?;
    let products_factor = i256::from_i128(10).checked_pow(exact.abs_diff(product_scale));
    let cash_factor = cash.and_then(|c| i256::from_i128(10).checked_pow(exact.abs_diff(c.scale)));
    let nulls = quantities.validity.is_some() || prices.validity.is_some();
    // One bar: the exact sum of its products (256 bits), at the exact scale, plus cash, rounded
    // once; None when it does not fit the context.
    let bar = |t: usize| -> Option<i128> {
        let first = t * assets;
        let (xs, ys) = (
            &quantities.values[first..first + assets],
            &prices.values[first..first + assets],
        );
        let products = if nulls {
            crate::reduce::dot_span(
                xs,
                ys,
                Some(|j| quantities.is_valid(first + j) && prices.is_valid(first + j)),
            )
        } else {
            crate::reduce::dot_span(xs, ys, None::<fn(usize) -> bool>)
        };
        let mut total = if exact == product_scale {
            products
        } else {
            products.checked_mul(products_factor?)?
        };
        if let Some(c) = cash.filter(|c| c.is_valid(t)) {
            let cash = i256::from_i128(c.values[t]).checked_mul(cash_factor?)?;
            total = total.checked_add(cash)?;
        }
        finish(total, exact, to, ctx)
    };
    let values: Vec<Option<i128>> = if cells >= PARALLEL_MIN_CELLS && bars >= 2 * PARALLEL_MIN_BARS
    {
        (0..bars)
            .into_par_iter()
            .with_min_len(PARALLEL_MIN_BARS)
            .map(bar)
            .collect()
    } else {
        (0..bars).map(bar).collect()
    };
    // The first bar in bar order that does not fit is named, whichever thread met it first.
    let values = values
        .into_iter()
        .enumerate()
        .map(|(t, v)| v.ok_or_else(|| overflow(format!("the portfolio value at row {t}"), ctx)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Column { values, scale: to })
}

/// A commission model, with zipline's semantics (`zipline.finance.commission`).
///
/// Amounts are [`DecimalValue`]s: `rate` per share or per unit of notional, `minimum` per order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommissionModel {
    /// zipline's `PerShare(cost, min_trade_cost)`: `|quantity| x rate`, at least `minimum` per
    /// order; optionally capped at `max_fraction` of each fill's notional (as brokers such as
    /// Interactive Brokers cap it).
    PerShare {
        /// Commission per share.
        rate: DecimalValue,
        /// Minimum commission per order.
        minimum: DecimalValue,
        /// Cap as a fraction of the fill's notional, if any.
        max_fraction: Option<DecimalValue>,
    },
    /// zipline's `PerTrade(cost)`: a flat `cost` on the first fill of each order.
    PerTrade {
        /// Commission per order.
        cost: DecimalValue,
    },
    /// zipline's `PerDollar(cost)`: `rate x |quantity| x price`, at least `minimum` per order
    /// (zipline has no minimum: 0 gives its numbers).
    PerDollar {
        /// Commission per unit of notional.
        rate: DecimalValue,
        /// Minimum commission per order.
        minimum: DecimalValue,
    },
}

/// Integers the commission arithmetic runs on: `i128` first, `i256` when a row needs it.
trait Wide: Copy + Ord {
    const ZERO: Self;
    fn mul(self, other: Self) -> Option<Self>;
    fn add(self, other: Self) -> Option<Self>;
    fn sub(self, other: Self) -> Option<Self>;
}

impl Wide for i128 {
    const ZERO: Self = 0;
    fn mul(self, other: Self) -> Option<Self> {
        crate::arith::product(self, other)
    }
    fn add(self, other: Self) -> Option<Self> {
        self.checked_add(other)
    }
    fn sub(self, other: Self) -> Option<Self> {
        self.checked_sub(other)
    }
}

impl Wide for i256 {
    const ZERO: Self = i256::ZERO;
    fn mul(self, other: Self) -> Option<Self> {
        self.checked_mul(other)
    }
    fn add(self, other: Self) -> Option<Self> {
        self.checked_add(other)
    }
    fn sub(self, other: Self) -> Option<Self> {
        self.checked_sub(other)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shares,
    Trade,
    Dollars,
    /// The per-unit cost of each row is given (a tiered schedule computed it).
    Units,
}

/// A commission model's parameters at the working scale, as factors of the row's integers:
/// per-unit cost = |q| x unit_factor (per share) or |q| x |p| x unit_factor (per dollar).
#[derive(Debug, Clone, Copy)]
struct Consts<O> {
    kind: Kind,
    unit_factor: O,
    minimum: O,
    cost: O,
    cap_factor: Option<O>,
}

impl Consts<Option<i256>> {
    /// The parameters, or None if one does not fit 256 bits at the working scale.
    fn settle(self) -> Option<Consts<i256>> {
        Some(Consts {
            kind: self.kind,
            unit_factor: self.unit_factor?,
            minimum: self.minimum?,
            cost: self.cost?,
            cap_factor: match self.cap_factor {
                Some(f) => Some(f?),
                None => None,
            },
        })
    }
}

impl Consts<i256> {
    /// The same parameters in 128 bits, when they fit.
    fn narrow(&self) -> Option<Consts<i128>> {
        Some(Consts {
            kind: self.kind,
            unit_factor: self.unit_factor.to_i128()?,
            minimum: self.minimum.to_i128()?,
            cost: self.cost.to_i128()?,
            cap_factor: match self.cap_factor {
                Some(f) => Some(f.to_i128()?),
                None => None,
            },
        })
    }
}

/// One fill's per-unit cost and charge (zipline's rule), at the working scale, exact.
#[inline]
fn charge_row<W: Wide>(q: W, p: W, given: W, before: W, paid: W, c: &Consts<W>) -> Option<(W, W)> {
    let unit = match c.kind {
        Kind::Shares => q.mul(c.unit_factor)?,
        Kind::Dollars => q.mul(p)?.mul(c.unit_factor)?,
        Kind::Trade => W::ZERO,
        Kind::Units => given,
    };
    let mut charge = match c.kind {
        // zipline tests `order.commission == 0`, not "first fill": so does this.
        Kind::Trade if paid == W::ZERO => c.cost,
        Kind::Trade => W::ZERO,
        _ if paid == W::ZERO => unit.max(c.minimum),
        _ => {
            // The per-unit cost of the whole order so far, less what was charged.
            let total = before.add(unit)?;
            if total < c.minimum {
                W::ZERO
            } else {
                total.sub(paid)?
            }
        }
    };
    if let Some(factor) = c.cap_factor {
        charge = charge.min(q.mul(p)?.mul(factor)?);
    }
    Some((unit, charge))
}

/// Per-unit costs given per row (a tiered schedule computed them): 128-bit when every one fits.
#[derive(Debug, Clone, Copy)]
enum Units<'a> {
    Narrow(&'a [i128]),
    Wide(&'a [i256]),
}

impl Units<'_> {
    fn get(&self, i: usize) -> i256 {
        match self {
            Units::Narrow(u) => i256::from_i128(u[i]),
            Units::Wide(u) => u[i],
        }
    }
}

/// What has been charged on one order so far: zipline's `order.filled` and `order.commission`.
#[derive(Debug, Clone, Copy)]
struct OrderState {
    /// Per-unit cost of the fills so far (zipline's `order.filled * cost`), at the working scale.
    per_unit_total: i256,
    /// Commission charged so far, at the working scale.
    paid: i256,
}

/// Commission of each fill under `model`, rounded once to `scale` (default: exact).
///
/// Fills with the same `order_ids` entry are fills of one order, in row order, and follow
/// zipline's incremental rule: the first fill pays at least the minimum (or the flat per-trade
/// cost); later fills pay only what the per-unit total exceeds the commission already charged.
/// Without `order_ids` every fill is an order of its own. Null quantities or prices give a null
/// commission (the caller keeps them null) and do not touch their order's state.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for columns of different lengths;
/// [`DecimalError::PrecisionExceeded`] naming the fill whose commission needs more digits than the
/// context's precision; [`DecimalError::ScaleOutOfRange`] when the exact scale exceeds 38 and no
/// `scale` is given.
///
/// # Examples
/// ```
/// use rustybt_decimal::{commissions, ColumnRef, CommissionModel, Context, DecimalValue};
/// // $0.005 a share, $1 minimum: 100 shares pay the minimum, 1,000 shares pay $5.00
/// let model = CommissionModel::PerShare {
///     rate: "0.005".parse().unwrap(),
///     minimum: "1".parse().unwrap(),
///     max_fraction: None,
/// };
/// let q = ColumnRef { values: &[100, -1000], scale: 0, validity: None };
/// let p = ColumnRef { values: &[2000, 2000], scale: 2, validity: None };
/// let c = commissions(&q, &p, None, &model, Some(2), &Context::default()).unwrap();
/// assert_eq!(c.values, vec![100, 500]);
/// ```
pub fn commissions(
    quantity: &ColumnRef<'_>,
    price: &ColumnRef<'_>,
    order_ids: Option<&[i64]>,
    model: &CommissionModel,
    scale: Option<i32>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    let rows = check_lengths(&[quantity, price])?;
    if let Some(ids) = order_ids {
        if ids.len() != rows {
            return Err(DecimalError::ShapeMismatch {
                left: rows,
                right: ids.len(),
            });
        }
    }
    let (sq, sp) = (quantity.scale, price.scale);
    let work = match *model {
        CommissionModel::PerShare {
            rate,
            minimum,
            max_fraction,
        } => (sq + rate.scale)
            .max(minimum.scale)
            .max(max_fraction.map_or(i32::MIN, |f| sq + sp + f.scale)),
        CommissionModel::PerTrade { cost } => cost.scale,
        CommissionModel::PerDollar { rate, minimum } => (sq + sp + rate.scale).max(minimum.scale),
    };
    let to = match scale {
        Some(s) => s,
        None if work.abs() <= MAX_SCALE => work,
        None => {
            return Err(DecimalError::ScaleOutOfRange {
                name: "the commission's exact scale",
                scale: i64::from(work),
                reason: "it must lie in [-38, 38]; pass scale= to round it",
            })
        }
    };
    // Every parameter brought to the working scale once: per row only products remain.
    let param = |v: DecimalValue, base: i32| Amount::new(v.mantissa, v.scale).at(work - base);
    let wide = match *model {
        CommissionModel::PerShare {
            rate,
            minimum,
            max_fraction,
        } => Consts {
            kind: Kind::Shares,
            unit_factor: param(rate, sq),
            minimum: param(minimum, 0),
            cost: Some(i256::ZERO),
            cap_factor: max_fraction.map(|f| param(f, sq + sp)),
        },
        CommissionModel::PerTrade { cost } => Consts {
            kind: Kind::Trade,
            unit_factor: Some(i256::ZERO),
            minimum: Some(i256::ZERO),
            cost: param(cost, 0),
            cap_factor: None,
        },
        CommissionModel::PerDollar { rate, minimum } => Consts {
            kind: Kind::Dollars,
            unit_factor: param(rate, sq + sp),
            minimum: param(minimum, 0),
            cost: Some(i256::ZERO),
            cap_factor: None,
        },
    };
    charge_fills(quantity, price, order_ids, wide, None, work, to, ctx)
}

/// The charge loop shared by the commission models: per fill, zipline's rule on the per-unit
/// cost (computed from `consts`, or given in `units` for [`Kind::Units`]), rounded once from
/// the working scale `work` to `to`.
#[allow(clippy::too_many_arguments)]
fn charge_fills(
    quantity: &ColumnRef<'_>,
    price: &ColumnRef<'_>,
    order_ids: Option<&[i64]>,
    wide: Consts<Option<i256>>,
    units: Option<Units<'_>>,
    work: i32,
    to: i32,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    let rows = quantity.values.len();
    let wide = wide
        .settle()
        .ok_or_else(|| overflow("the commission's parameters".to_owned(), ctx))?;
    let narrow = wide.narrow();
    // One fill's (unit, charge, rounded) given its order's state, or None for a null fill.
    let one_row = |i: usize, before: i256, paid: i256| -> Result<Option<_>, DecimalError> {
        if !(quantity.is_valid(i) && price.is_valid(i)) {
            return Ok(None);
        }
        let (q, p) = (
            quantity.values[i].wrapping_abs(),
            price.values[i].wrapping_abs(),
        );
        let given = units.map_or(i256::ZERO, |u| u.get(i));
        // The 128-bit lane serves every row whose amounts fit; the rest take 256 bits.
        let fast = narrow.as_ref().and_then(|c| {
            let (before, paid, given) = (before.to_i128()?, paid.to_i128()?, given.to_i128()?);
            let (unit, charge) = charge_row(q, p, given, before, paid, c)?;
            let rounded = if to <= work {
                crate::div_pow10_round(charge, work.abs_diff(to), ctx.rounding())
            } else {
                charge.checked_mul(crate::pow10(to.abs_diff(work))?)?
            };
            ctx.fits(rounded)
                .then_some((i256::from_i128(unit), i256::from_i128(charge), rounded))
        });
        Ok(Some(match fast {
            Some(result) => result,
            None => {
                let fill_overflow = || overflow(format!("the commission at row {i}"), ctx);
                let (unit, charge) = charge_row(
                    i256::from_i128(q),
                    i256::from_i128(p),
                    given,
                    before,
                    paid,
                    &wide,
                )
                .ok_or_else(fill_overflow)?;
                let rounded = finish(charge, work, to, ctx).ok_or_else(fill_overflow)?;
                (unit, charge, rounded)
            }
        }))
    };
    // Every fill an order of its own: rows are independent, and the 64-bit lane serves those
    // whose mantissas fit it; the others are redone one by one (in row order, so an error
    // names the same row).
    let lane = narrow.as_ref().and_then(|c| {
        let k = work.checked_sub(to).and_then(|k| u32::try_from(k).ok())?;
        let divider = if k == 0 {
            None
        } else {
            Some(fast::ConstDiv::pow10(k)?)
        };
        let given = match units {
            None => None,
            Some(Units::Narrow(u)) => Some(u),
            Some(Units::Wide(_)) => return None,
        };
        (order_ids.is_none() && lanes())
            .then_some(())
            .and_then(|()| fast::Charges::new(c, divider, ctx))
            .map(|lane| (lane, given))
    });
    if let Some((lane, given)) = lane {
        let (mut values, slow) = lane.run(quantity.values, price.values, given);
        for i in slow {
            values[i] = one_row(i, i256::ZERO, i256::ZERO)?.map_or(0, |(_, _, r)| r);
        }
        if quantity.validity.is_some() || price.validity.is_some() {
            for (i, value) in values.iter_mut().enumerate() {
                if !(quantity.is_valid(i) && price.is_valid(i)) {
                    *value = 0;
                }
            }
        }
        return Ok(Column { values, scale: to });
    }
    let mut orders: HashMap<i64, OrderState> = HashMap::new();
    let mut values = Vec::with_capacity(rows);
    for i in 0..rows {
        let key = order_ids.map(|ids| ids[i]);
        let state = key.and_then(|k| orders.get(&k).copied());
        let (before, paid) = state.map_or((i256::ZERO, i256::ZERO), |s| (s.per_unit_total, s.paid));
        let Some((unit, charge, rounded)) = one_row(i, before, paid)? else {
            values.push(0);
            continue;
        };
        values.push(rounded);
        if let Some(k) = key {
            let fill_overflow = || overflow(format!("the commission at row {i}"), ctx);
            // What was charged is what the broker books: the rounded amount.
            let charged = if to <= work {
                Amount::new(rounded, to)
                    .at(work)
                    .ok_or_else(fill_overflow)?
            } else {
                charge
            };
            let entry = orders.entry(k).or_insert(OrderState {
                per_unit_total: i256::ZERO,
                paid: i256::ZERO,
            });
            entry.per_unit_total = entry.per_unit_total.wrapping_add(unit);
            entry.paid = entry.paid.wrapping_add(charged);
        }
    }
    Ok(Column { values, scale: to })
}

/// A tiered per-share schedule, as Interactive Brokers' tiered pricing charges it: the rate of
/// each share depends on the volume traded before it (in the month, say), so one fill can span
/// two tiers and pay each tier's rate on its part.
#[derive(Debug, Clone, PartialEq)]
pub struct TieredSchedule {
    /// `(threshold, rate)`: the shares traded from `threshold` (cumulative volume) up to the next
    /// threshold cost `rate` each. Thresholds strictly ascending, the first 0; rates >= 0.
    pub tiers: Vec<(DecimalValue, DecimalValue)>,
    /// Minimum commission per order.
    pub minimum: DecimalValue,
    /// Cap as a fraction of each fill's notional, if any.
    pub max_fraction: Option<DecimalValue>,
    /// Volume traded before the first fill (where in the schedule the fills start).
    pub volume_before: DecimalValue,
}

fn invalid(what: impl Into<String>) -> DecimalError {
    DecimalError::InvalidInput { what: what.into() }
}

impl TieredSchedule {
    fn check(&self) -> Result<(), DecimalError> {
        let Some(((first, _), _)) = self.tiers.split_first() else {
            return Err(invalid(
                "tiers is empty: give at least one (threshold, rate)",
            ));
        };
        if first.mantissa != 0 {
            return Err(invalid("the first tier's threshold must be 0"));
        }
        for (i, pair) in self.tiers.windows(2).enumerate() {
            if cmp_values(pair[1].0, pair[0].0) != std::cmp::Ordering::Greater {
                return Err(invalid(format!(
                    "tier thresholds must be strictly ascending: tiers[{}] does not exceed \
                     tiers[{i}]",
                    i + 1
                )));
            }
        }
        if let Some(i) = self.tiers.iter().position(|(_, rate)| rate.mantissa < 0) {
            return Err(invalid(format!("tiers[{i}] has a negative rate")));
        }
        for (name, value) in [
            ("minimum", Some(self.minimum)),
            ("max_fraction", self.max_fraction),
            ("volume_before", Some(self.volume_before)),
        ] {
            if value.is_some_and(|v| v.mantissa < 0) {
                return Err(invalid(format!("{name} must not be negative")));
            }
        }
        Ok(())
    }
}

/// `a` against `b`, exactly, whatever their scales.
fn cmp_values(a: DecimalValue, b: DecimalValue) -> std::cmp::Ordering {
    let scale = a.scale.max(b.scale);
    match (
        Amount::new(a.mantissa, a.scale).at(scale),
        Amount::new(b.mantissa, b.scale).at(scale),
    ) {
        (Some(x), Some(y)) => x.cmp(&y),
        // Only a value beyond 256 bits fails to rescale: the larger magnitude wins.
        _ => a.scale.cmp(&b.scale).reverse(),
    }
}

/// Commission of each fill under a tiered per-share schedule, rounded once to `scale`
/// (default: exact).
///
/// Fills count towards the volume in row order, from `volume_before`; a fill's per-share cost
/// is the sum over the tiers it spans of the shares in each tier times its rate, exact. Then
/// zipline's per-order rule applies as for [`CommissionModel::PerShare`]: the first fill of an
/// order pays at least `minimum`, later fills pay only what the order's cost so far exceeds
/// what was charged, and `max_fraction` caps each fill at that fraction of its notional. Null
/// fills give null and count no volume.
///
/// # Errors
/// [`DecimalError::InvalidInput`] for an empty schedule, a first threshold other than 0,
/// thresholds not strictly ascending, or a negative rate, minimum, cap or starting volume;
/// otherwise as [`commissions`].
///
/// # Examples
/// ```
/// use rustybt_decimal::{tiered_commissions, ColumnRef, Context, TieredSchedule};
/// // $0.0035 a share up to 300,000 shares, then $0.002; 100,000 already traded.
/// let schedule = TieredSchedule {
///     tiers: vec![("0".parse().unwrap(), "0.0035".parse().unwrap()),
///                 ("300000".parse().unwrap(), "0.002".parse().unwrap())],
///     minimum: "0.35".parse().unwrap(),
///     max_fraction: None,
///     volume_before: "100000".parse().unwrap(),
/// };
/// // 250,000 shares: 200,000 at 0.0035 (700) and 50,000 at 0.002 (100)
/// let q = ColumnRef { values: &[250_000, 10], scale: 0, validity: None };
/// let p = ColumnRef { values: &[1000, 1000], scale: 2, validity: None };
/// let c = tiered_commissions(&q, &p, None, &schedule, Some(2), &Context::default()).unwrap();
/// assert_eq!(c.values, vec![80_000, 35]); // $800.00, then 10 x 0.002 = 0.02 -> minimum 0.35
/// ```
pub fn tiered_commissions(
    quantity: &ColumnRef<'_>,
    price: &ColumnRef<'_>,
    order_ids: Option<&[i64]>,
    schedule: &TieredSchedule,
    scale: Option<i32>,
    ctx: &Context,
) -> Result<Column, DecimalError> {
    let rows = check_lengths(&[quantity, price])?;
    if let Some(ids) = order_ids {
        if ids.len() != rows {
            return Err(DecimalError::ShapeMismatch {
                left: rows,
                right: ids.len(),
            });
        }
    }
    schedule.check()?;
    let (sq, sp) = (quantity.scale, price.scale);
    // Volumes (shares, thresholds) at one scale; per-share costs at the working scale.
    let volume_scale = schedule
        .tiers
        .iter()
        .map(|(t, _)| t.scale)
        .chain([sq, schedule.volume_before.scale])
        .max()
        .unwrap_or(sq);
    let max_rate_scale = schedule
        .tiers
        .iter()
        .map(|(_, r)| r.scale)
        .max()
        .unwrap_or(0);
    let work = (volume_scale + max_rate_scale)
        .max(schedule.minimum.scale)
        .max(
            schedule
                .max_fraction
                .map_or(i32::MIN, |f| sq + sp + f.scale),
        );
    let to = match scale {
        Some(s) => s,
        None if work.abs() <= MAX_SCALE => work,
        None => {
            return Err(DecimalError::ScaleOutOfRange {
                name: "the commission's exact scale",
                scale: i64::from(work),
                reason: "it must lie in [-38, 38]; pass scale= to round it",
            })
        }
    };
    let params = || overflow("the commission's parameters".to_owned(), ctx);
    let at = |v: DecimalValue, scale: i32| Amount::new(v.mantissa, v.scale).at(scale);
    let thresholds: Vec<i256> = schedule
        .tiers
        .iter()
        .map(|(t, _)| at(*t, volume_scale))
        .collect::<Option<_>>()
        .ok_or_else(params)?;
    // A share costs rate; `volume_scale` units of volume are one share, so per volume unit the
    // rate at scale work - volume_scale.
    let rates: Vec<i256> = schedule
        .tiers
        .iter()
        .map(|(_, r)| at(*r, work - volume_scale))
        .collect::<Option<_>>()
        .ok_or_else(params)?;
    let mut volume = at(schedule.volume_before, volume_scale).ok_or_else(params)?;
    // The 128-bit lane runs while every amount fits; the first row that does not switches the
    // rest of the column to 256 bits (the volume carries over from row to row).
    let mut narrow_units: Vec<i128> = Vec::with_capacity(rows);
    let mut start = 0;
    if let Some(lane) = fast::TierLane::new(
        &thresholds,
        &rates,
        volume,
        10_i128
            .checked_pow(volume_scale.abs_diff(sq))
            .filter(|_| volume_scale >= sq),
    )
    .filter(|_| lanes())
    {
        let (done, end_volume) = lane.units(quantity, price, &mut narrow_units);
        start = done;
        volume = i256::from_i128(end_volume);
    }
    let mut units: Vec<i256> = if start == rows {
        Vec::new()
    } else {
        let mut wide = Vec::with_capacity(rows);
        wide.extend(narrow_units.iter().map(|&u| i256::from_i128(u)));
        wide
    };
    for i in start..rows {
        if !(quantity.is_valid(i) && price.is_valid(i)) {
            units.push(i256::ZERO);
            continue;
        }
        let row = || overflow(format!("the commission at row {i}"), ctx);
        let shares = Amount::new(quantity.values[i].wrapping_abs(), sq)
            .at(volume_scale)
            .ok_or_else(row)?;
        let end = volume.checked_add(shares).ok_or_else(row)?;
        let mut unit = i256::ZERO;
        for (k, (&from, &rate)) in thresholds.iter().zip(&rates).enumerate() {
            let upto = thresholds.get(k + 1).copied();
            let lo = volume.max(from);
            let hi = upto.map_or(end, |u| end.min(u));
            if hi > lo {
                let part = (hi - lo).checked_mul(rate).ok_or_else(row)?;
                unit = unit.checked_add(part).ok_or_else(row)?;
            }
        }
        units.push(unit);
        volume = end;
    }
    let consts = Consts {
        kind: Kind::Units,
        unit_factor: Some(i256::ZERO),
        minimum: at(schedule.minimum, work),
        cost: Some(i256::ZERO),
        cap_factor: schedule
            .max_fraction
            .map(|f| Amount::new(f.mantissa, f.scale).at(work - sq - sp)),
    };
    let units = if start == rows {
        Units::Narrow(&narrow_units)
    } else {
        Units::Wide(&units)
    };
    charge_fills(
        quantity,
        price,
        order_ids,
        consts,
        Some(units),
        work,
        to,
        ctx,
    )
}

/// Commission model parameters as floats, for [`commissions_f64`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CommissionModelF64 {
    /// As [`CommissionModel::PerShare`].
    PerShare {
        /// Commission per share.
        rate: f64,
        /// Minimum per order.
        minimum: f64,
        /// Cap as a fraction of the fill's notional (`f64::INFINITY` for none).
        max_fraction: f64,
    },
    /// As [`CommissionModel::PerTrade`].
    PerTrade {
        /// Commission per order.
        cost: f64,
    },
    /// As [`CommissionModel::PerDollar`].
    PerDollar {
        /// Commission per unit of notional.
        rate: f64,
        /// Minimum per order.
        minimum: f64,
    },
}

/// The float64 twin of [`commissions`], in zipline's order of operations (so its numbers are
/// zipline's, bit for bit); NaN quantities or prices give NaN and leave the order untouched. No
/// rounding: round floats yourself if you must.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for columns of different lengths.
///
/// # Examples
/// ```
/// use rustybt_decimal::{commissions_f64, CommissionModelF64};
/// let model = CommissionModelF64::PerTrade { cost: 1.0 };
/// let c = commissions_f64(&[100.0, 50.0], &[20.0, 20.0], Some(&[7, 7]), &model).unwrap();
/// assert_eq!(c, vec![1.0, 0.0]);
/// ```
pub fn commissions_f64(
    quantity: &[f64],
    price: &[f64],
    order_ids: Option<&[i64]>,
    model: &CommissionModelF64,
) -> Result<Vec<f64>, DecimalError> {
    let rows = quantity.len();
    for len in [price.len(), order_ids.map_or(rows, <[i64]>::len)] {
        if len != rows {
            return Err(DecimalError::ShapeMismatch {
                left: rows,
                right: len,
            });
        }
    }
    // Per order: zipline's (order.filled, order.commission).
    let mut orders: HashMap<i64, (f64, f64)> = HashMap::new();
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let (amount, fill_price) = (quantity[i], price[i]);
        if amount.is_nan() || fill_price.is_nan() {
            out.push(f64::NAN);
            continue;
        }
        let (filled, paid) = order_ids
            .and_then(|ids| orders.get(&ids[i]).copied())
            .unwrap_or((0.0, 0.0));
        let charge = match *model {
            CommissionModelF64::PerShare {
                rate,
                minimum,
                max_fraction,
            } => {
                // zipline.finance.commission.calculate_per_unit_commission
                let additional = (amount * rate).abs();
                let charge = if paid == 0.0 {
                    minimum.max(additional)
                } else {
                    let per_unit_total = (filled * rate).abs() + additional;
                    if per_unit_total < minimum {
                        0.0
                    } else {
                        per_unit_total - paid
                    }
                };
                charge.min(max_fraction * (amount.abs() * fill_price.abs()))
            }
            CommissionModelF64::PerTrade { cost } => {
                if paid == 0.0 {
                    cost
                } else {
                    0.0
                }
            }
            CommissionModelF64::PerDollar { rate, minimum } => {
                // zipline.finance.commission.PerDollar.calculate, with a per-order minimum
                let additional = rate * amount.abs() * fill_price;
                if paid == 0.0 {
                    minimum.max(additional)
                } else {
                    let per_unit_total = rate * filled + additional;
                    if per_unit_total < minimum {
                        0.0
                    } else {
                        per_unit_total - paid
                    }
                }
            }
        };
        out.push(charge);
        if let Some(ids) = order_ids {
            let entry = orders.entry(ids[i]).or_insert((0.0, 0.0));
            // PerDollar keeps the filled notional; the others the filled shares.
            entry.0 += match *model {
                CommissionModelF64::PerDollar { .. } => amount.abs() * fill_price,
                _ => amount,
            };
            entry.1 += charge;
        }
    }
    Ok(out)
}

/// The float64 twin of [`portfolio_values`]: `cash[t] + sum_j quantities[t, j] * prices[t, j]`
/// over a row-major (time x assets) matrix, summed left to right; NaN products are skipped as
/// [`portfolio_values`] skips nulls.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] if the matrices or `cash` do not fit `rows x cols`.
///
/// # Examples
/// ```
/// use rustybt_decimal::portfolio_values_f64;
/// let v = portfolio_values_f64(&[10.0, 2.0], &[1.5, 100.25], Some(&[5.0]), 1, 2).unwrap();
/// assert_eq!(v, vec![220.5]);
/// ```
pub fn portfolio_values_f64(
    quantities: &[f64],
    prices: &[f64],
    cash: Option<&[f64]>,
    rows: usize,
    cols: usize,
) -> Result<Vec<f64>, DecimalError> {
    let cells = rows * cols;
    for len in [quantities.len(), prices.len()] {
        if len != cells {
            return Err(DecimalError::ShapeMismatch {
                left: cells,
                right: len,
            });
        }
    }
    if let Some(c) = cash {
        if c.len() != rows {
            return Err(DecimalError::ShapeMismatch {
                left: rows,
                right: c.len(),
            });
        }
    }
    Ok((0..rows)
        .map(|t| {
            let row = t * cols..(t + 1) * cols;
            let held: f64 = quantities[row.clone()]
                .iter()
                .zip(&prices[row])
                .map(|(q, p)| q * p)
                .filter(|v| !v.is_nan())
                .sum();
            let cash = cash.map_or(0.0, |c| c[t]);
            if cash.is_nan() {
                held
            } else {
                held + cash
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RoundingMode;

    fn col(values: &[i128], scale: i32) -> ColumnRef<'_> {
        ColumnRef {
            values,
            scale,
            validity: None,
        }
    }

    fn dv(text: &str) -> DecimalValue {
        text.parse().unwrap()
    }

    fn schedule(tiers: &[(&str, &str)], minimum: &str, before: &str) -> TieredSchedule {
        TieredSchedule {
            tiers: tiers.iter().map(|(t, r)| (dv(t), dv(r))).collect(),
            minimum: dv(minimum),
            max_fraction: None,
            volume_before: dv(before),
        }
    }

    #[test]
    fn tiered_fills_pay_each_tier_on_their_part() {
        let s = schedule(
            &[("0", "0.01"), ("100", "0.005"), ("250.5", "0.001")],
            "0",
            "50",
        );
        // 100 shares from 50: 50 at 0.01 + 50 at 0.005 = 0.75; then 200.5 from 150: 100.5 at
        // 0.005 + 100 at 0.001 = 0.6025; then 1.5 at 0.001 = 0.0015.
        let q = col(&[1000, -2005, 15], 1);
        let p = col(&[100, 100, 100], 0);
        let c = tiered_commissions(&q, &p, None, &s, None, &Context::default()).unwrap();
        assert_eq!((c.values, c.scale), (vec![7500, 6025, 15], 4));
    }

    #[test]
    fn tiered_orders_follow_the_per_share_rule() {
        let mut s = schedule(&[("0", "0.01")], "5", "0");
        let q = col(&[100, 200, 300, 100], 0);
        let p = col(&[1000, 1000, 1000, 1000], 2);
        let ids = [1, 1, 1, 2];
        let tiered = tiered_commissions(&q, &p, Some(&ids), &s, Some(2), &Context::default());
        let flat = commissions(
            &q,
            &p,
            Some(&ids),
            &CommissionModel::PerShare {
                rate: dv("0.01"),
                minimum: dv("5"),
                max_fraction: None,
            },
            Some(2),
            &Context::default(),
        );
        assert_eq!(tiered.unwrap().values, flat.unwrap().values);
        s.max_fraction = Some(dv("0.001"));
        let capped = tiered_commissions(&q, &p, None, &s, Some(2), &Context::default()).unwrap();
        assert_eq!(capped.values, vec![100, 200, 300, 100]); // 0.1% of $1,000 per 100 shares
    }

    #[test]
    fn tiered_schedules_are_checked() {
        let q = col(&[1], 0);
        for (tiers, what) in [
            (vec![], "empty"),
            (vec![("1", "0.01")], "first tier"),
            (vec![("0", "0.01"), ("0", "0.02")], "ascending"),
            (vec![("0", "-0.01")], "negative rate"),
        ] {
            let err = tiered_commissions(
                &q,
                &q,
                None,
                &schedule(&tiers, "0", "0"),
                None,
                &Context::default(),
            )
            .unwrap_err();
            assert!(err.to_string().contains(what), "{err}");
        }
        let err = tiered_commissions(
            &q,
            &q,
            None,
            &schedule(&[("0", "1")], "0", "-1"),
            None,
            &Context::default(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("volume_before"), "{err}");
    }

    #[test]
    fn per_share_follows_zipline_across_partial_fills() {
        let model = CommissionModel::PerShare {
            rate: dv("0.01"),
            minimum: dv("5"),
            max_fraction: None,
        };
        let q = col(&[100, 200, 300, 100], 0);
        let p = col(&[1000, 1000, 1000, 1000], 2);
        let ids = [1, 1, 1, 2];
        let c = commissions(&q, &p, Some(&ids), &model, Some(2), &Context::default()).unwrap();
        // 5 (minimum), 0 (3 < 5), 1 (6 - 5), and 5 for the second order
        assert_eq!(c.values, vec![500, 0, 100, 500]);
        let f = CommissionModelF64::PerShare {
            rate: 0.01,
            minimum: 5.0,
            max_fraction: f64::INFINITY,
        };
        let twin = commissions_f64(&[100.0, 200.0, 300.0, 100.0], &[10.0; 4], Some(&ids), &f);
        assert_eq!(twin.unwrap(), vec![5.0, 0.0, 1.0, 5.0]);
    }

    #[test]
    fn per_trade_per_dollar_and_the_cap() {
        let ctx = Context::default();
        let q = col(&[100, -50], 0);
        let p = col(&[2000, 2000], 2);
        let trade = CommissionModel::PerTrade { cost: dv("1.00") };
        let c = commissions(&q, &p, Some(&[3, 3]), &trade, None, &ctx).unwrap();
        assert_eq!((c.values, c.scale), (vec![100, 0], 2));
        let dollar = CommissionModel::PerDollar {
            rate: dv("0.0015"),
            minimum: dv("0"),
        };
        let c = commissions(&q, &p, None, &dollar, None, &ctx).unwrap();
        assert_eq!((c.values, c.scale), (vec![3_000_000, 1_500_000], 6)); // 3.000000, 1.500000
        let capped = CommissionModel::PerShare {
            rate: dv("0.005"),
            minimum: dv("1"),
            max_fraction: Some(dv("0.01")),
        };
        let cheap = col(&[100], 0);
        let penny = col(&[50], 2); // 100 shares at $0.50: notional $50, cap $0.50 < $1 minimum
        let c = commissions(&cheap, &penny, None, &capped, Some(2), &ctx).unwrap();
        assert_eq!(c.values, vec![50]);
    }

    #[test]
    fn portfolio_values_skip_nulls_and_check_shapes() {
        let ctx = Context::default();
        let mask = [0b01u8];
        let q = [ColumnRef {
            values: &[3, 4],
            scale: 0,
            validity: Some(Validity::new(&mask, 0, 2).unwrap()),
        }];
        let p = [col(&[125, 150], 2)];
        let v = portfolio_values(&q, &p, None, None, &ctx).unwrap();
        assert_eq!(v.values, vec![375, 0]);
        let v = portfolio_values(&q, &p, None, Some(0), &ctx).unwrap();
        assert_eq!(v.values, vec![4, 0]); // 3.75 -> 4 (half-even)
        assert!(portfolio_values(&q, &[], None, None, &ctx).is_err());
        let short = [col(&[1], 2)];
        assert!(portfolio_values(&q, &short, None, None, &ctx).is_err());
    }

    /// A frame both ways: asset columns for [`portfolio_values`] and one row-major column for
    /// [`portfolio_values_rows`] (with a null mask in each when `nulls`).
    struct Frame {
        columns: Vec<Vec<i128>>,
        masks: Vec<Vec<u8>>,
        rows: Vec<i128>,
        row_mask: Vec<u8>,
    }

    impl Frame {
        fn new(bars: usize, assets: usize, seed: u64, wide: bool, nulls: bool) -> Frame {
            let mut state = seed;
            let mut next = move || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                state >> 17
            };
            let mut columns = vec![Vec::with_capacity(bars); assets];
            let mut valid = vec![Vec::with_capacity(bars); assets];
            let mut rows = Vec::with_capacity(bars * assets);
            let mut row_valid = Vec::with_capacity(bars * assets);
            for _ in 0..bars {
                for (column, column_valid) in columns.iter_mut().zip(valid.iter_mut()) {
                    let r = next();
                    let mut v = i128::from(r % 200_001) - 100_000;
                    if wide && r % 97 == 0 {
                        v *= 1_000_000_000_000_000; // beyond 64 bits
                    }
                    let ok = !nulls || r % 13 != 0;
                    column.push(v);
                    column_valid.push(ok);
                    rows.push(v);
                    row_valid.push(ok);
                }
            }
            let pack = |bits: &[bool]| {
                let mut bytes = vec![0u8; bits.len().div_ceil(8)];
                for (i, &b) in bits.iter().enumerate() {
                    bytes[i / 8] |= u8::from(b) << (i % 8);
                }
                bytes
            };
            Frame {
                masks: valid.iter().map(|v| pack(v)).collect(),
                row_mask: pack(&row_valid),
                columns,
                rows,
            }
        }

        fn columns(&self, scale: i32, nulls: bool) -> Vec<ColumnRef<'_>> {
            self.columns
                .iter()
                .zip(&self.masks)
                .map(|(values, mask)| ColumnRef {
                    values,
                    scale,
                    validity: nulls.then(|| Validity::new(mask, 0, values.len()).unwrap()),
                })
                .collect()
        }

        fn rows(&self, scale: i32, nulls: bool) -> ColumnRef<'_> {
            ColumnRef {
                values: &self.rows,
                scale,
                validity: nulls.then(|| Validity::new(&self.row_mask, 0, self.rows.len()).unwrap()),
            }
        }
    }

    #[test]
    fn row_major_values_equal_the_column_form() {
        // Small frames run in this thread; 200 x 700 cells split bars across threads.
        for (bars, assets) in [(0, 3), (5, 0), (37, 9), (200, 700)] {
            for (seed, wide, nulls) in [(1, false, false), (2, true, false), (3, true, true)] {
                let q = Frame::new(bars, assets, seed, wide, nulls);
                let p = Frame::new(bars, assets, seed + 100, false, nulls);
                let cash_values: Vec<i128> = (0..bars as i128).map(|t| t * 7 - 50).collect();
                let cash = col(&cash_values, 3);
                for (scale, mode) in [
                    (None, RoundingMode::HalfEven),
                    (Some(1), RoundingMode::HalfUp),
                    (Some(-2), RoundingMode::Floor),
                    (Some(8), RoundingMode::HalfEven),
                ] {
                    let ctx = Context::new(38, mode).unwrap();
                    let by_columns = portfolio_values(
                        &q.columns(0, nulls),
                        &p.columns(2, nulls),
                        Some(&cash),
                        scale,
                        &ctx,
                    );
                    let by_rows = portfolio_values_rows(
                        &q.rows(0, nulls),
                        &p.rows(2, nulls),
                        (bars, assets),
                        Some(&cash),
                        scale,
                        &ctx,
                    );
                    assert_eq!(by_rows, by_columns, "{bars}x{assets} seed {seed} {scale:?}");
                }
            }
        }
    }

    #[test]
    fn row_major_values_check_shapes_and_name_the_first_bar_that_overflows() {
        let ctx = Context::default();
        let q = col(&[1, 2, 3, 4], 0);
        let p = col(&[10, 20, 30, 40], 1);
        let v = portfolio_values_rows(&q, &p, (2, 2), None, None, &ctx).unwrap();
        assert_eq!((v.values, v.scale), (vec![50, 250], 1));
        for shape in [(2, 3), (3, 2), (4, 0), (usize::MAX, 2)] {
            assert!(matches!(
                portfolio_values_rows(&q, &p, shape, None, None, &ctx),
                Err(DecimalError::ShapeMismatch { .. })
            ));
        }
        let short_cash = col(&[1], 0);
        assert!(matches!(
            portfolio_values_rows(&q, &p, (2, 2), Some(&short_cash), None, &ctx),
            Err(DecimalError::ShapeMismatch { .. })
        ));
        // Bars 150 and 190 need more than 6 digits; the first is named from either thread.
        let (bars, assets) = (256, 1024);
        let mut big = vec![1i128; bars * assets];
        big[150 * assets + 3] = 10_000_000;
        big[190 * assets] = 10_000_000;
        let ones = vec![1i128; bars * assets];
        let small = Context::new(6, RoundingMode::HalfEven).unwrap();
        match portfolio_values_rows(
            &col(&big, 0),
            &col(&ones, 0),
            (bars, assets),
            None,
            None,
            &small,
        ) {
            Err(DecimalError::PrecisionExceeded { what, precision }) => {
                assert_eq!(
                    (what.as_str(), precision),
                    ("the portfolio value at row 150", 6)
                );
            }
            other => panic!("{other:?}"),
        }
        let scale_error =
            portfolio_values_rows(&col(&[1], 30), &col(&[1], 30), (1, 1), None, None, &ctx);
        assert!(matches!(
            scale_error,
            Err(DecimalError::ScaleOutOfRange { .. })
        ));
    }
}

/// Positions, cost bases and realised profit after one fill per row, from [`apply_fills`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillsApplied {
    /// New positions, at the larger of the position and fill-quantity scales.
    pub positions: Column,
    /// New cost bases (commissions included, as zipline books them), rounded to the scale asked.
    pub cost_basis: Column,
    /// Realised profit of the part of each fill that closed a position, exact.
    pub realized_pnl: Column,
}

/// Applies one fill per row to a position with zipline's bookkeeping (`Position.update` then
/// `Position.adjust_commission_cost_basis`), exactly, rounding only the cost basis, once:
///
/// - new position `q1 = q0 + dq`;
/// - cost basis: 0 when flat; the volume-weighted `(b0 q0 + p dq) / q1` when the fill opens or adds
///   to the position; `p` when it flips the position; `b0` when it reduces it; then, when `q1` is
///   not 0, the commission `c` is folded in: `(b1 q1 + c) / q1`;
/// - realised profit: `closed x (p - b0)` on the quantity the fill closes
///   (`closed = sign(q0) min(|dq|, |q0|)`), less the commission when the fill leaves the position
///   flat (it has no cost basis left to go into).
///
/// Null rows (any input null) give 0s; the caller keeps them null.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`]; [`DecimalError::PrecisionExceeded`] naming the row;
/// [`DecimalError::ScaleOutOfRange`] when an exact scale exceeds 38.
///
/// # Examples
/// ```
/// use rustybt_decimal::{apply_fills, ColumnRef, Context};
/// let col = |values, scale| ColumnRef { values, scale, validity: None };
/// // long 100 at 10.00; buy 100 more at 12.00 with $1 commission -> 200 at 11.005
/// let out = apply_fills(&col(&[100], 0), &col(&[1000], 2), &col(&[100], 0), &col(&[1200], 2),
///                       Some(&col(&[100], 2)), 4, &Context::default()).unwrap();
/// assert_eq!(out.positions.values, vec![200]);
/// assert_eq!((out.cost_basis.values, out.cost_basis.scale), (vec![110_050], 4));
/// assert_eq!(out.realized_pnl.values, vec![0]);
/// ```
pub fn apply_fills(
    positions: &ColumnRef<'_>,
    cost_basis: &ColumnRef<'_>,
    fill_qty: &ColumnRef<'_>,
    fill_price: &ColumnRef<'_>,
    commissions: Option<&ColumnRef<'_>>,
    basis_scale: i32,
    ctx: &Context,
) -> Result<FillsApplied, DecimalError> {
    let mut all = vec![positions, cost_basis, fill_qty, fill_price];
    all.extend(commissions);
    let rows = check_lengths(&all)?;
    let (sq0, sb, sdq, sp) = (
        positions.scale,
        cost_basis.scale,
        fill_qty.scale,
        fill_price.scale,
    );
    let sc = commissions.map_or(0, |c| c.scale);
    let sq = sq0.max(sdq);
    let pnl_scale = (sq + sp).max(sq + sb).max(sc);
    for (name, scale) in [
        ("the positions' scale", sq),
        ("the realised profit's scale", pnl_scale),
    ] {
        if scale.abs() > MAX_SCALE {
            return Err(DecimalError::ScaleOutOfRange {
                name,
                scale: i64::from(scale),
                reason: "it must lie in [-38, 38]",
            });
        }
    }
    // Cost amounts (basis x quantity, price x quantity, commission) meet at this scale.
    let cost_scale = (sq + sb).max(sq + sp).max(sc);
    let (mut new_q, mut new_b, mut pnl) = (
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
    );
    let ten = i256::from_i128(10);
    let lane = fast::FillLane::new((sq0, sb, sdq, sp, sc), sq, cost_scale, basis_scale, ctx)
        .filter(|_| lanes());
    for i in 0..rows {
        if !all.iter().all(|c| c.is_valid(i)) {
            new_q.push(0);
            new_b.push(0);
            pnl.push(0);
            continue;
        }
        if let Some(l) = &lane {
            let c = commissions.map_or(0, |c| c.values[i]);
            let (q0, b0) = (positions.values[i], cost_basis.values[i]);
            if let Some((q1, b1, r)) = l.row(q0, b0, fill_qty.values[i], fill_price.values[i], c) {
                new_q.push(q1);
                new_b.push(b1);
                pnl.push(r);
                continue;
            }
        }
        let row_overflow = || overflow(format!("apply_fills at row {i}"), ctx);
        let amount = |c: &ColumnRef<'_>| Amount::new(c.values[i], c.scale);
        let q0 = amount(positions).at(sq).ok_or_else(row_overflow)?;
        let dq = amount(fill_qty).at(sq).ok_or_else(row_overflow)?;
        let q1 = q0.checked_add(dq).ok_or_else(row_overflow)?;
        let b0 = amount(cost_basis);
        let p = amount(fill_price);
        let c = commissions.map_or(Some(i256::ZERO), |c| amount(c).at(cost_scale));
        let c = c.ok_or_else(row_overflow)?;
        let at_q = |m: i256| Amount {
            mantissa: m,
            scale: sq,
        };
        // cost = basis x quantity at cost_scale
        let cost = |price: Amount, quantity: i256| {
            price
                .mul(at_q(quantity))
                .and_then(|a| a.at(cost_scale))
                .ok_or_else(row_overflow)
        };
        let zero = i256::ZERO;
        let sign = |v: i256| (v > zero) as i8 - (v < zero) as i8;
        let opens = q0 == zero || sign(q0) == sign(dq);
        let flips = !opens && dq.wrapping_abs() > q0.wrapping_abs();
        // Realised: the closed part of the fill, at the realised scale.
        let closed = if opens {
            zero
        } else if flips {
            q0
        } else {
            dq.wrapping_neg()
        };
        let mut realized = Amount::new(0, 0).at(pnl_scale).ok_or_else(row_overflow)?;
        if closed != zero {
            let gain = cost(p, closed)?
                .checked_sub(cost(b0, closed)?)
                .ok_or_else(row_overflow)?;
            realized = Amount {
                mantissa: gain,
                scale: cost_scale,
            }
            .at(pnl_scale)
            .ok_or_else(row_overflow)?;
        }
        let basis = if q1 == zero {
            realized = realized
                .checked_sub(
                    Amount {
                        mantissa: c,
                        scale: cost_scale,
                    }
                    .at(pnl_scale)
                    .ok_or_else(row_overflow)?,
                )
                .ok_or_else(row_overflow)?;
            Some(zero)
        } else {
            // Total cost of the new position, before the division by q1.
            let total = if opens {
                cost(b0, q0)?.checked_add(cost(p, dq)?)
            } else if flips {
                cost(p, q1).ok()
            } else {
                cost(b0, q1).ok()
            }
            .and_then(|t| t.checked_add(c))
            .ok_or_else(row_overflow)?;
            // basis = total / q1 at basis_scale: total at cost_scale, q1 at sq.
            let shift = basis_scale - cost_scale + sq;
            let (n, d) = if shift >= 0 {
                (
                    ten.checked_pow(shift.unsigned_abs())
                        .and_then(|f| f.checked_mul(total)),
                    Some(q1),
                )
            } else {
                (
                    Some(total),
                    ten.checked_pow(shift.unsigned_abs())
                        .and_then(|f| f.checked_mul(q1)),
                )
            };
            match (n, d) {
                (Some(n), Some(d)) => {
                    let (n, d) = if d < zero {
                        (n.wrapping_neg(), d.wrapping_neg())
                    } else {
                        (n, d)
                    };
                    Some(crate::rounding::div_round_wide(n, d, ctx.rounding()))
                }
                _ => None,
            }
        };
        let narrow = |v: i256| v.to_i128().filter(|&m| ctx.fits(m));
        new_q.push(narrow(q1).ok_or_else(row_overflow)?);
        new_b.push(basis.and_then(narrow).ok_or_else(row_overflow)?);
        pnl.push(narrow(realized).ok_or_else(row_overflow)?);
    }
    Ok(FillsApplied {
        positions: Column {
            values: new_q,
            scale: sq,
        },
        cost_basis: Column {
            values: new_b,
            scale: basis_scale,
        },
        realized_pnl: Column {
            values: pnl,
            scale: pnl_scale,
        },
    })
}

#[cfg(test)]
mod fill_tests {
    use super::*;

    fn col(values: &[i128], scale: i32) -> ColumnRef<'_> {
        ColumnRef {
            values,
            scale,
            validity: None,
        }
    }

    #[test]
    fn open_add_reduce_flip_and_close() {
        let ctx = Context::default();
        // rows: add to a long, reduce a long, flip a long to short, close a short, open from flat
        let q0 = col(&[100, 100, 100, -50, 0], 0);
        let b0 = col(&[1000, 1000, 1000, 2000, 0], 2);
        let dq = col(&[100, -40, -150, 50, -10], 0);
        let p = col(&[1200, 1100, 900, 1800, 500], 2);
        let c = col(&[100, 100, 100, 100, 100], 2);
        let out = apply_fills(&q0, &b0, &dq, &p, Some(&c), 4, &ctx).unwrap();
        assert_eq!(out.positions.values, vec![200, 60, -50, 0, -10]);
        // 11.005; 10 + 1/60 = 10.016666.. -> 10.0167; flip: 9 + 1/-50 = 8.98; flat: 0; 5 - 0.1 = 4.9
        assert_eq!(
            out.cost_basis.values,
            vec![110_050, 100_167, 89_800, 0, 49_000]
        );
        // realised: 0; 40 x (11 - 10) = 40; 100 x (9 - 10) = -100; -50 x (18 - 20) - 1 = 99; 0
        assert_eq!(out.realized_pnl.scale, 2);
        assert_eq!(out.realized_pnl.values, vec![0, 4000, -10_000, 9900, 0]);
    }
}

/// Why an order was refused by [`validate_orders`]; `Ok` when it passed every check. The checks
/// run in this order and the first that fails names the order's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum OrderCheck {
    /// Passed every check.
    Ok = 0,
    /// The asset is not among the known assets.
    UnknownAsset = 1,
    /// The quantity is zero or negative (the side is given separately).
    NonPositiveQuantity = 2,
    /// The price is not a multiple of the tick size.
    PriceNotOnTick = 3,
    /// The quantity is not a multiple of the lot size.
    QuantityNotOnLot = 4,
    /// `quantity x price` is below the minimum notional.
    BelowMinNotional = 5,
    /// `quantity x price` is above the maximum order value.
    AboveMaxOrderValue = 6,
    /// The position after the order would exceed the maximum position in absolute value.
    ExceedsMaxPosition = 7,
    /// A buy costs more than the cash left by the buys accepted before it (in row order).
    InsufficientCash = 8,
}

/// The limits [`validate_orders`] checks; `None` skips a check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderLimits {
    /// Prices must be multiples of this.
    pub tick_size: Option<DecimalValue>,
    /// Quantities must be multiples of this.
    pub lot_size: Option<DecimalValue>,
    /// Smallest `quantity x price`.
    pub min_notional: Option<DecimalValue>,
    /// Largest `quantity x price`.
    pub max_order_value: Option<DecimalValue>,
    /// Largest `|position + signed quantity|`.
    pub max_position: Option<DecimalValue>,
    /// Cash available to the buys, spent in row order by the accepted ones.
    pub cash: Option<DecimalValue>,
}

/// Exact `a mod m == 0` for decimals, across scales.
fn is_multiple(a: Amount, m: Amount) -> Option<bool> {
    let scale = a.scale.max(m.scale);
    let (a, m) = (a.at(scale)?, m.at(scale)?);
    Some(a.checked_rem(m)? == i256::ZERO)
}

/// One reason code per order: the first check of [`OrderCheck`] it fails, or `Ok`.
///
/// `quantity` is the order size (positive), `side` +1 for a buy and -1 for a sell (default: every
/// order a buy); `positions` the current position per order's asset (signed; default flat);
/// `assets` the order's asset ids with the set of known ones. All comparisons are exact.
///
/// # Errors
/// [`DecimalError::ShapeMismatch`] for inputs of different lengths; [`DecimalError::InvalidInput`]
/// for a null quantity or price, a side other than +1 or -1, or a tick or lot size that is not
/// positive.
///
/// # Examples
/// ```
/// use rustybt_decimal::{validate_orders, ColumnRef, OrderCheck, OrderLimits};
/// let q = ColumnRef { values: &[100, 0, 150], scale: 0, validity: None };
/// let p = ColumnRef { values: &[1005, 1000, 1001], scale: 2, validity: None };
/// let limits = OrderLimits { tick_size: Some("0.05".parse().unwrap()), ..Default::default() };
/// let codes = validate_orders(&q, &p, None, None, None, &limits).unwrap();
/// assert_eq!(codes, vec![OrderCheck::Ok, OrderCheck::NonPositiveQuantity, OrderCheck::PriceNotOnTick]);
/// ```
pub fn validate_orders(
    quantity: &ColumnRef<'_>,
    price: &ColumnRef<'_>,
    side: Option<&[i8]>,
    positions: Option<&ColumnRef<'_>>,
    assets: Option<(&[i64], &std::collections::HashSet<i64>)>,
    limits: &OrderLimits,
) -> Result<Vec<OrderCheck>, DecimalError> {
    let mut all = vec![quantity, price];
    all.extend(positions);
    let rows = check_lengths(&all)?;
    for len in [
        side.map_or(rows, <[i8]>::len),
        assets.map_or(rows, |(a, _)| a.len()),
    ] {
        if len != rows {
            return Err(DecimalError::ShapeMismatch {
                left: rows,
                right: len,
            });
        }
    }
    let value = |v: Option<DecimalValue>| v.map(|v| Amount::new(v.mantissa, v.scale));
    for (name, size) in [
        ("tick_size", limits.tick_size),
        ("lot_size", limits.lot_size),
    ] {
        if size.is_some_and(|s| s.mantissa <= 0) {
            return Err(DecimalError::InvalidInput {
                what: format!("{name} must be positive"),
            });
        }
    }
    let too_big = |i: usize| DecimalError::InvalidInput {
        what: format!("order {i} is too large to check exactly"),
    };
    let cmp = |a: Amount, b: Amount| -> Option<std::cmp::Ordering> {
        let scale = a.scale.max(b.scale);
        Some(a.at(scale)?.cmp(&b.at(scale)?))
    };
    let mut cash_left = value(limits.cash);
    // The 64-bit lane keeps the cash left as a 128-bit mantissa at its own scale; a row it cannot
    // serve hands the cash to the general code and takes it back after (or the lane stops).
    let held_scale = positions.map_or(0, |c| c.scale);
    let mut lane =
        fast::OrderLane::new(quantity.scale, price.scale, held_scale, limits).filter(|_| lanes());
    let lane_cash = match (&lane, cash_left) {
        (Some(l), Some(c)) => c.at(l.cash_scale).and_then(|m| m.to_i128()).map(Some),
        _ => Some(None),
    };
    if lane_cash.is_none() {
        lane = None;
    }
    let mut lane_cash = lane_cash.flatten();
    let mut codes = Vec::with_capacity(rows);
    for i in 0..rows {
        if !(quantity.is_valid(i) && price.is_valid(i)) {
            return Err(DecimalError::InvalidInput {
                what: format!("order {i} has a null quantity or price"),
            });
        }
        let sign = match side.map_or(1, |s| s[i]) {
            1 => 1i128,
            -1 => -1,
            other => {
                return Err(DecimalError::InvalidInput {
                    what: format!("side[{i}] = {other}: sides are +1 (buy) or -1 (sell)"),
                })
            }
        };
        if let Some((ids, known)) = assets {
            if !known.contains(&ids[i]) {
                codes.push(OrderCheck::UnknownAsset);
                continue;
            }
        }
        if let Some(l) = &lane {
            let held = positions
                .filter(|c| c.is_valid(i))
                .map_or(0, |c| c.values[i]);
            let (q, p) = (quantity.values[i], price.values[i]);
            if let Some(code) = l.check(q, p, sign as i64, held, &mut lane_cash) {
                codes.push(code);
                continue;
            }
            if let Some(c) = lane_cash {
                cash_left = Some(Amount {
                    mantissa: i256::from_i128(c),
                    scale: l.cash_scale,
                });
            }
        }
        let q = Amount::new(quantity.values[i], quantity.scale);
        let p = Amount::new(price.values[i], price.scale);
        let code = (|| -> Option<OrderCheck> {
            if quantity.values[i] <= 0 {
                return Some(OrderCheck::NonPositiveQuantity);
            }
            if let Some(tick) = value(limits.tick_size) {
                if !is_multiple(p, tick)? {
                    return Some(OrderCheck::PriceNotOnTick);
                }
            }
            if let Some(lot) = value(limits.lot_size) {
                if !is_multiple(q, lot)? {
                    return Some(OrderCheck::QuantityNotOnLot);
                }
            }
            let notional = q.mul(p)?;
            if let Some(min) = value(limits.min_notional) {
                if cmp(notional, min)? == std::cmp::Ordering::Less {
                    return Some(OrderCheck::BelowMinNotional);
                }
            }
            if let Some(max) = value(limits.max_order_value) {
                if cmp(notional, max)? == std::cmp::Ordering::Greater {
                    return Some(OrderCheck::AboveMaxOrderValue);
                }
            }
            if let Some(max) = value(limits.max_position) {
                let held = positions
                    .filter(|c| c.is_valid(i))
                    .map_or(Amount::new(0, 0), |c| Amount::new(c.values[i], c.scale));
                let scale = held.scale.max(q.scale);
                let after = held
                    .at(scale)?
                    .checked_add(q.at(scale)?.checked_mul(i256::from_i128(sign))?)?;
                let after = Amount {
                    mantissa: after.wrapping_abs(),
                    scale,
                };
                if cmp(after, max)? == std::cmp::Ordering::Greater {
                    return Some(OrderCheck::ExceedsMaxPosition);
                }
            }
            if sign > 0 {
                if let Some(left) = cash_left {
                    if cmp(notional, left)? == std::cmp::Ordering::Greater {
                        return Some(OrderCheck::InsufficientCash);
                    }
                    let scale = left.scale.max(notional.scale);
                    cash_left = Some(Amount {
                        mantissa: left.at(scale)?.checked_sub(notional.at(scale)?)?,
                        scale,
                    });
                }
            }
            Some(OrderCheck::Ok)
        })()
        .ok_or_else(|| too_big(i))?;
        codes.push(code);
        if let (Some(l), Some(c)) = (&lane, cash_left) {
            match c.at(l.cash_scale).and_then(|m| m.to_i128()) {
                Some(m) => lane_cash = Some(m),
                None => lane = None,
            }
        }
    }
    Ok(codes)
}

#[cfg(test)]
mod order_tests {
    use super::*;

    #[test]
    fn every_reason_code() {
        let col = |values: &'static [i128], scale| ColumnRef {
            values,
            scale,
            validity: None,
        };
        let q = col(&[100, 100, 0, 100, 125, 1, 10_000, 100, 100, 100], 0);
        let p = col(
            &[1000, 1000, 1000, 1001, 1000, 1000, 1000, 1000, 1000, 1000],
            2,
        );
        let held = col(&[0, 0, 0, 0, 0, 0, 0, 950, 0, 0], 0);
        let ids = [1, 9, 1, 1, 1, 1, 1, 1, 1, 1];
        let known: std::collections::HashSet<i64> = [1].into_iter().collect();
        let dv = |t: &str| Some(t.parse::<DecimalValue>().unwrap());
        let limits = OrderLimits {
            tick_size: dv("0.05"),
            lot_size: dv("50"),
            min_notional: dv("5"),
            max_order_value: dv("50000"),
            max_position: dv("1000"),
            cash: dv("1500"),
        };
        let side = [1, 1, 1, 1, 1, 1, 1, 1, 1, -1];
        let codes = validate_orders(
            &q,
            &p,
            Some(&side),
            Some(&held),
            Some((&ids, &known)),
            &limits,
        )
        .unwrap();
        use OrderCheck::*;
        // rows 4 and 5 are off the 50-share lot; row 8: the second accepted $1,000 buy overdraws $1,500
        assert_eq!(
            codes,
            vec![
                Ok,
                UnknownAsset,
                NonPositiveQuantity,
                PriceNotOnTick,
                QuantityNotOnLot,
                QuantityNotOnLot,
                AboveMaxOrderValue,
                ExceedsMaxPosition,
                InsufficientCash,
                Ok
            ]
        );
    }
}

/// Fills after slippage, from [`fixed_slippage`] or [`volume_share_slippage`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slipped {
    /// Filled quantity per order, signed like the order (0 when nothing fills).
    pub quantity: Column,
    /// Fill price per order (0 where nothing fills: the caller makes it null).
    pub price: Column,
    /// Rows where nothing filled.
    pub unfilled: Vec<usize>,
}

/// zipline's `FixedSlippage(spread)`: every order fills in full at `price + spread / 2` for a
/// buy and `price - spread / 2` for a sell, exactly (the half spread needs one more digit).
///
/// # Errors
/// [`DecimalError::ShapeMismatch`]; [`DecimalError::PrecisionExceeded`] naming the row.
///
/// # Examples
/// ```
/// use rustybt_decimal::{fixed_slippage, ColumnRef, Context};
/// let q = ColumnRef { values: &[100, -100], scale: 0, validity: None };
/// let p = ColumnRef { values: &[1000, 1000], scale: 2, validity: None };
/// let s = fixed_slippage(&q, &p, "0.02".parse().unwrap(), &Context::default()).unwrap();
/// assert_eq!((s.price.values, s.price.scale), (vec![10_010, 9_990], 3)); // 10.010, 9.990
/// ```
pub fn fixed_slippage(
    quantity: &ColumnRef<'_>,
    price: &ColumnRef<'_>,
    spread: DecimalValue,
    ctx: &Context,
) -> Result<Slipped, DecimalError> {
    let rows = check_lengths(&[quantity, price])?;
    // spread / 2 = spread x 5 at one more digit
    let half = Amount::new(spread.mantissa, spread.scale).mul(Amount::new(5, 1));
    let scale = price.scale.max(spread.scale + 1);
    let mut prices = Vec::with_capacity(rows);
    for i in 0..rows {
        if !(quantity.is_valid(i) && price.is_valid(i)) {
            prices.push(0);
            continue;
        }
        let row_overflow = || overflow(format!("the fill price at row {i}"), ctx);
        let sign = i256::from_i128(quantity.values[i].signum());
        let p = Amount::new(price.values[i], price.scale).at(scale);
        let h = half.and_then(|h| h.at(scale));
        let filled = p
            .zip(h)
            .and_then(|(p, h)| p.checked_add(h.checked_mul(sign)?))
            .and_then(|v| v.to_i128())
            .filter(|&v| ctx.fits(v))
            .ok_or_else(row_overflow)?;
        prices.push(filled);
    }
    Ok(Slipped {
        quantity: Column {
            values: quantity.values.to_vec(),
            scale: quantity.scale,
        },
        price: Column {
            values: prices,
            scale,
        },
        unfilled: Vec::new(),
    })
}

/// zipline's `VolumeShareSlippage(volume_limit, price_impact)`, orders in row order:
///
/// each asset (`assets`, default one asset per row) may trade `volume_limit x volume` shares of
/// the bar; an order fills `int(min(remaining, |quantity|))` shares (nothing when that or the
/// remaining volume is below 1, or the price is 0), at
/// `price + sign x min(filled / volume, volume_limit)^2 x price_impact x price`, rounded once to
/// `scale` (the impact is a fraction; everything else is exact).
///
/// # Errors
/// [`DecimalError::ShapeMismatch`]; [`DecimalError::PrecisionExceeded`] naming the row;
/// [`DecimalError::InvalidInput`] for a negative volume.
///
/// # Examples
/// ```
/// use rustybt_decimal::{volume_share_slippage, ColumnRef, Context};
/// let q = ColumnRef { values: &[1000], scale: 0, validity: None };
/// let p = ColumnRef { values: &[1000], scale: 2, validity: None };
/// let v = ColumnRef { values: &[20_000], scale: 0, validity: None };
/// let s = volume_share_slippage(&q, &p, &v, None, "0.025".parse().unwrap(),
///                               "0.1".parse().unwrap(), 4, &Context::default()).unwrap();
/// // 500 shares fill (2.5% of 20,000); impact 0.025^2 x 0.1 x 10 = 0.000625
/// assert_eq!((s.quantity.values, s.price.values), (vec![500], vec![100_006]));
/// ```
#[allow(clippy::too_many_arguments)]
pub fn volume_share_slippage(
    quantity: &ColumnRef<'_>,
    price: &ColumnRef<'_>,
    volume: &ColumnRef<'_>,
    assets: Option<&[i64]>,
    volume_limit: DecimalValue,
    price_impact: DecimalValue,
    scale: i32,
    ctx: &Context,
) -> Result<Slipped, DecimalError> {
    let rows = check_lengths(&[quantity, price, volume])?;
    if let Some(ids) = assets {
        if ids.len() != rows {
            return Err(DecimalError::ShapeMismatch {
                left: rows,
                right: ids.len(),
            });
        }
    }
    let limit = Amount::new(volume_limit.mantissa, volume_limit.scale);
    let impact = Amount::new(price_impact.mantissa, price_impact.scale);
    let mut traded: HashMap<i64, Amount> = HashMap::new();
    let (mut quantities, mut prices, mut unfilled) = (
        Vec::with_capacity(rows),
        Vec::with_capacity(rows),
        Vec::new(),
    );
    let ten = i256::from_i128(10);
    let lane = fast::SlipLane::new(
        (volume_limit.mantissa, volume_limit.scale),
        (price_impact.mantissa, price_impact.scale),
        quantity.scale,
        price.scale,
        volume.scale,
        scale,
        ctx,
    )
    .filter(|_| lanes());
    for i in 0..rows {
        let row_overflow = || overflow(format!("the fill at row {i}"), ctx);
        if !(quantity.is_valid(i) && price.is_valid(i) && volume.is_valid(i)) {
            quantities.push(0);
            prices.push(0);
            unfilled.push(i);
            continue;
        }
        if volume.values[i] < 0 {
            return Err(DecimalError::InvalidInput {
                what: format!("volume[{i}] is negative"),
            });
        }
        let key = assets.map_or(i as i64, |ids| ids[i]);
        // Without asset ids every order is an asset of its own: nothing traded before it.
        let done = match assets {
            None => Some(Amount::new(0, 0)),
            Some(_) => traded.get(&key).copied(),
        };
        if let Some(l) = &lane {
            let done = done.map_or(Some(0), |d| d.mantissa.to_i128().filter(|_| d.scale == 0));
            let slip = done.and_then(|done| {
                l.row(quantity.values[i], price.values[i], volume.values[i], done)
            });
            match slip {
                Some(fast::Slip::Unfilled) => {
                    quantities.push(0);
                    prices.push(0);
                    unfilled.push(i);
                    continue;
                }
                Some(fast::Slip::Filled(shares, fill)) => {
                    quantities.push(shares * quantity.values[i].signum());
                    prices.push(fill);
                    if assets.is_some() {
                        let entry = traded.entry(key).or_insert(Amount::new(0, 0));
                        entry.mantissa = entry
                            .mantissa
                            .checked_add(i256::from_i128(shares))
                            .ok_or_else(row_overflow)?;
                    }
                    continue;
                }
                None => {}
            }
        }
        let vol = Amount::new(volume.values[i], volume.scale);
        let q = Amount::new(quantity.values[i].wrapping_abs(), quantity.scale);
        let p = Amount::new(price.values[i], price.scale);
        let done = done.unwrap_or(Amount::new(0, 0));
        // remaining = limit x volume - done, compared with 1 and with |q| exactly.
        let max_volume = limit.mul(vol).ok_or_else(row_overflow)?;
        let s = max_volume.scale.max(done.scale).max(q.scale).max(0);
        let at = |a: Amount| a.at(s).ok_or_else(row_overflow);
        let remaining = at(max_volume)?
            .checked_sub(at(done)?)
            .ok_or_else(row_overflow)?;
        let one = at(Amount::new(1, 0))?;
        let wanted = at(q)?;
        let cur = remaining.min(wanted);
        // zipline: int(...) truncates the share count toward zero.
        let unit = ten.checked_pow(s.unsigned_abs()).ok_or_else(row_overflow)?;
        let shares = cur.checked_div(unit).ok_or_else(row_overflow)?;
        if remaining < one || shares < i256::ONE || p.mantissa == i256::ZERO {
            quantities.push(0);
            prices.push(0);
            unfilled.push(i);
            continue;
        }
        let shares128 = shares.to_i128().ok_or_else(row_overflow)?;
        // volume share = min(shares / volume, limit), squared, times impact x price x sign
        let capped = {
            // shares / volume > limit  <=>  shares > limit x volume (volume > 0 here)
            let s2 = max_volume.scale.max(0);
            let lhs = Amount::new(shares128, 0).at(s2).ok_or_else(row_overflow)?;
            lhs > max_volume.at(s2).ok_or_else(row_overflow)?
        };
        let sign = quantity.values[i].signum();
        // impact amount = share^2 x impact x price, as a fraction n / d at price scale terms
        let (n, d) = if capped {
            let n = limit
                .mul(limit)
                .and_then(|a| a.mul(impact))
                .and_then(|a| a.mul(p))
                .ok_or_else(row_overflow)?;
            (n, Amount::new(1, 0))
        } else {
            let n = Amount::new(shares128, 0)
                .mul(Amount::new(shares128, 0))
                .and_then(|a| a.mul(impact))
                .and_then(|a| a.mul(p))
                .ok_or_else(row_overflow)?;
            (n, vol.mul(vol).ok_or_else(row_overflow)?)
        };
        // fill price at `scale` = p + sign x n / d, rounded once
        let common = n.scale.max(p.scale).max(p.scale + d.scale);
        let pd = p
            .mul(d)
            .and_then(|a| a.at(common))
            .ok_or_else(row_overflow)?;
        let nn = n.at(common).ok_or_else(row_overflow)?;
        let value = pd
            .checked_add(
                nn.checked_mul(i256::from_i128(sign))
                    .ok_or_else(row_overflow)?,
            )
            .ok_or_else(row_overflow)?;
        // value / (d at scale `common`) -> at `scale`
        let shift = scale - common + d.scale;
        let (num, den) = if shift >= 0 {
            (
                ten.checked_pow(shift.unsigned_abs())
                    .and_then(|f| f.checked_mul(value)),
                Some(d.mantissa),
            )
        } else {
            (
                Some(value),
                ten.checked_pow(shift.unsigned_abs())
                    .and_then(|f| f.checked_mul(d.mantissa)),
            )
        };
        let (num, den) = num.zip(den).ok_or_else(row_overflow)?;
        let fill = crate::rounding::div_round_wide(num, den, ctx.rounding())
            .to_i128()
            .filter(|&v| ctx.fits(v))
            .ok_or_else(row_overflow)?;
        quantities.push(shares128 * sign);
        prices.push(fill);
        if assets.is_none() {
            continue;
        }
        let entry = traded.entry(key).or_insert(Amount::new(0, 0));
        let s3 = entry.scale.max(0);
        *entry = Amount {
            mantissa: entry
                .at(s3)
                .and_then(|e| e.checked_add(Amount::new(shares128, 0).at(s3)?))
                .ok_or_else(row_overflow)?,
            scale: s3,
        };
    }
    Ok(Slipped {
        quantity: Column {
            values: quantities,
            scale: 0,
        },
        price: Column {
            values: prices,
            scale,
        },
        unfilled,
    })
}

#[cfg(test)]
mod lane_tests {
    //! The fast lanes against the general code, on mantissas at every boundary of the lanes.
    use super::*;
    use crate::RoundingMode;

    fn general<T>(f: impl FnOnce() -> T) -> T {
        NO_LANES.with(|c| c.set(true));
        let out = f();
        NO_LANES.with(|c| c.set(false));
        out
    }

    fn same<T: std::fmt::Debug>(f: impl Fn() -> T) {
        let (fast, slow) = (format!("{:?}", f()), format!("{:?}", general(&f)));
        assert_eq!(fast, slow);
    }

    /// Mantissas at the lanes' edges, then pseudo-random ones (some ties, some zeros).
    fn mantissas(seed: u64, n: usize) -> Vec<i128> {
        let limit = fast::LANE_LIMIT as i128;
        let wide = i128::from(i64::MAX);
        let mut out = vec![
            0,
            1,
            -1,
            5,
            15,
            25,
            99,
            100,
            101,
            12_345,
            limit - 1,
            limit,
            limit + 1,
            1 - limit,
            -limit,
            wide,
            wide + 1,
            -wide - 1,
            1 << 62,
            (1 << 100) + 7,
            -(1 << 100),
        ];
        let mut x = seed;
        while out.len() < n {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            out.push(i128::from((x >> 33) as i64 % 200_001 - 100_000));
        }
        out.rotate_left(seed as usize % 7);
        out
    }

    fn dv(text: &str) -> DecimalValue {
        text.parse().unwrap()
    }

    #[test]
    fn commissions_lane_is_the_general_code() {
        let (q, p) = (mantissas(1, 400), mantissas(2, 400));
        let mask: Vec<u8> = (0..50)
            .map(|i| if i % 3 == 0 { 0xfe } else { 0xff })
            .collect();
        let models = [
            CommissionModel::PerShare {
                rate: dv("0.005"),
                minimum: dv("1"),
                max_fraction: None,
            },
            CommissionModel::PerShare {
                rate: dv("0.0035"),
                minimum: dv("0.35"),
                max_fraction: Some(dv("0.01")),
            },
            CommissionModel::PerDollar {
                rate: dv("0.0015"),
                minimum: dv("0"),
            },
            CommissionModel::PerTrade { cost: dv("1.25") },
        ];
        for model in &models {
            for mode in RoundingMode::ALL {
                for precision in [38, 6] {
                    let ctx = Context::new(precision, mode).unwrap();
                    for scale in [Some(2), Some(0), Some(-1), None, Some(7)] {
                        for nulls in [false, true] {
                            let validity = nulls.then(|| Validity::new(&mask, 0, 400).unwrap());
                            let qc = ColumnRef {
                                values: &q,
                                scale: 0,
                                validity,
                            };
                            let pc = ColumnRef {
                                values: &p,
                                scale: 2,
                                validity: None,
                            };
                            same(|| commissions(&qc, &pc, None, model, scale, &ctx));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn portfolio_lane_is_the_general_code() {
        let columns: Vec<Vec<i128>> = (0..20).map(|j| mantissas(j + 10, 300)).collect();
        let cash = mantissas(99, 300);
        for mode in [RoundingMode::HalfEven, RoundingMode::Floor] {
            let ctx = Context::new(38, mode).unwrap();
            let q: Vec<ColumnRef<'_>> = columns[..10]
                .iter()
                .map(|c| ColumnRef {
                    values: c,
                    scale: 0,
                    validity: None,
                })
                .collect();
            let p: Vec<ColumnRef<'_>> = columns[10..]
                .iter()
                .enumerate()
                .map(|(j, c)| ColumnRef {
                    values: c,
                    scale: 2 + i32::from(j == 2),
                    validity: None,
                })
                .collect();
            let c = ColumnRef {
                values: &cash,
                scale: 2,
                validity: None,
            };
            for scale in [None, Some(2), Some(0)] {
                same(|| portfolio_values(&q, &p, Some(&c), scale, &ctx));
                same(|| portfolio_values(&q[..2], &p[..2], None, scale, &ctx));
            }
        }
    }

    #[test]
    fn slippage_lane_is_the_general_code() {
        let q = mantissas(6, 300);
        let p: Vec<i128> = mantissas(7, 300).iter().map(|v| v.abs()).collect();
        let v: Vec<i128> = mantissas(8, 300)
            .iter()
            .map(|v| v.abs() * 3 + 1)
            .chain([0, 1, 39, 40, 41])
            .take(300)
            .collect();
        let ids: Vec<i64> = (0..300).map(|i| i % 7).collect();
        for (limit, impact) in [("0.025", "0.1"), ("1", "0.05"), ("0.5", "2E+1")] {
            for mode in [
                RoundingMode::HalfEven,
                RoundingMode::Up,
                RoundingMode::Floor,
            ] {
                let ctx = Context::new(38, mode).unwrap();
                for (qs, ps, vs) in [(0, 2, 0), (1, 4, 2), (0, 0, -1)] {
                    let (qc, pc, vc) = (
                        ColumnRef {
                            values: &q,
                            scale: qs,
                            validity: None,
                        },
                        ColumnRef {
                            values: &p,
                            scale: ps,
                            validity: None,
                        },
                        ColumnRef {
                            values: &v,
                            scale: vs,
                            validity: None,
                        },
                    );
                    for scale in [4, 0, 9] {
                        for assets in [None, Some(&ids[..])] {
                            same(|| {
                                volume_share_slippage(
                                    &qc,
                                    &pc,
                                    &vc,
                                    assets,
                                    dv(limit),
                                    dv(impact),
                                    scale,
                                    &ctx,
                                )
                            });
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn fills_lane_is_the_general_code() {
        let (q0, b0, dq, p, c) = (
            mantissas(11, 300),
            mantissas(12, 300),
            mantissas(13, 300),
            mantissas(14, 300),
            mantissas(15, 300),
        );
        // Some fills that close, flip or leave the position flat.
        let mut dq = dq;
        for i in (0..300).step_by(5) {
            dq[i] = -q0[i];
        }
        for mode in [
            RoundingMode::HalfEven,
            RoundingMode::Ceiling,
            RoundingMode::Up05,
        ] {
            let ctx = Context::new(38, mode).unwrap();
            for (sq0, sb, sdq, sp, sc) in [(0, 2, 0, 2, 2), (1, 4, 0, 2, 3), (0, 0, 2, 1, 0)] {
                let (a, b, d, e, f) = (
                    ColumnRef {
                        values: &q0,
                        scale: sq0,
                        validity: None,
                    },
                    ColumnRef {
                        values: &b0,
                        scale: sb,
                        validity: None,
                    },
                    ColumnRef {
                        values: &dq,
                        scale: sdq,
                        validity: None,
                    },
                    ColumnRef {
                        values: &p,
                        scale: sp,
                        validity: None,
                    },
                    ColumnRef {
                        values: &c,
                        scale: sc,
                        validity: None,
                    },
                );
                for basis_scale in [6, 0, 2] {
                    same(|| apply_fills(&a, &b, &d, &e, Some(&f), basis_scale, &ctx));
                    same(|| apply_fills(&a, &b, &d, &e, None, basis_scale, &ctx));
                }
            }
        }
    }

    #[test]
    fn tiered_lane_is_the_general_code() {
        let (q, p) = (mantissas(21, 400), mantissas(22, 400));
        let mask: Vec<u8> = (0..50)
            .map(|i| if i % 4 == 0 { 0xef } else { 0xff })
            .collect();
        let schedules = [
            (
                vec![("0", "0.0035"), ("300000", "0.002"), ("3000000", "0.0015")],
                "0.35",
                None,
                "0",
            ),
            (
                vec![("0", "0.01"), ("250.5", "0.001")],
                "1",
                Some("0.01"),
                "100",
            ),
            (
                vec![("0", "1")],
                "0",
                None,
                "99999999999999999999999999999999999999",
            ),
        ];
        for (tiers, minimum, cap, before) in &schedules {
            let schedule = TieredSchedule {
                tiers: tiers.iter().map(|(t, r)| (dv(t), dv(r))).collect(),
                minimum: dv(minimum),
                max_fraction: cap.map(dv),
                volume_before: dv(before),
            };
            for mode in [RoundingMode::HalfEven, RoundingMode::Down] {
                let ctx = Context::new(38, mode).unwrap();
                for scale in [Some(2), None] {
                    for nulls in [false, true] {
                        let qc = ColumnRef {
                            values: &q,
                            scale: 0,
                            validity: nulls.then(|| Validity::new(&mask, 0, 400).unwrap()),
                        };
                        let pc = ColumnRef {
                            values: &p,
                            scale: 2,
                            validity: None,
                        };
                        same(|| tiered_commissions(&qc, &pc, None, &schedule, scale, &ctx));
                        let ids: Vec<i64> = (0..400).map(|i| i % 3).collect();
                        same(|| tiered_commissions(&qc, &pc, Some(&ids), &schedule, scale, &ctx));
                    }
                }
            }
        }
    }

    #[test]
    fn portfolio_lane_splits_large_frames_across_threads() {
        // 2,000 bars x 80 assets: above PARALLEL_MIN_CELLS, so the bars go out in blocks.
        let columns: Vec<Vec<i128>> = (0..160).map(|j| mantissas(j + 50, 2_000)).collect();
        const { assert!(2_000 * 80 >= PARALLEL_MIN_CELLS) };
        let ctx = Context::default();
        let refs: Vec<ColumnRef<'_>> = columns
            .iter()
            .map(|c| ColumnRef {
                values: c,
                scale: 1,
                validity: None,
            })
            .collect();
        let cash = ColumnRef {
            values: &columns[0],
            scale: 2,
            validity: None,
        };
        same(|| portfolio_values(&refs[..80], &refs[80..], Some(&cash), None, &ctx));
        same(|| portfolio_values(&refs[..80], &refs[80..], None, Some(0), &ctx));
    }

    #[test]
    fn order_lane_is_the_general_code() {
        let (q, p, held) = (mantissas(3, 400), mantissas(4, 400), mantissas(5, 400));
        let side: Vec<i8> = (0..400).map(|i| if i % 4 == 1 { -1 } else { 1 }).collect();
        let limit_sets = [
            OrderLimits {
                tick_size: Some(dv("0.05")),
                cash: Some(dv("1000000")),
                ..Default::default()
            },
            OrderLimits {
                tick_size: Some(dv("0.001")),
                lot_size: Some(dv("5")),
                min_notional: Some(dv("5")),
                max_order_value: Some(dv("50000.5")),
                max_position: Some(dv("100000")),
                cash: Some(dv("150000000.25")),
            },
            OrderLimits {
                tick_size: Some(dv("1")),
                lot_size: Some(dv("0.5")),
                max_position: Some(dv("-1")),
                cash: Some(dv("-5")),
                ..Default::default()
            },
            OrderLimits::default(),
        ];
        for limits in &limit_sets {
            for (qs, ps) in [(0, 2), (1, 4), (0, 0)] {
                let qc = ColumnRef {
                    values: &q,
                    scale: qs,
                    validity: None,
                };
                let pc = ColumnRef {
                    values: &p,
                    scale: ps,
                    validity: None,
                };
                let hc = ColumnRef {
                    values: &held,
                    scale: 1,
                    validity: None,
                };
                same(|| validate_orders(&qc, &pc, None, None, None, limits));
                same(|| validate_orders(&qc, &pc, Some(&side), Some(&hc), None, limits));
            }
        }
    }
}
