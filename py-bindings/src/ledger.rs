//! Bindings of the ledger module of `rustybt-decimal`: portfolio values, commissions, fills,
//! order checks and slippage.

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyList;

use std::collections::HashSet;

use rustybt_decimal::{add, dot, quantize, Operand};
use rustybt_decimal::{
    apply_fills, check_scale, commissions, commissions_f64, portfolio_values, portfolio_values_f64,
    portfolio_values_rows, validate_orders, ColumnRef, CommissionModel, CommissionModelF64,
    DecimalValue, OrderLimits,
};
use rustybt_decimal::{fixed_slippage, tiered_commissions, volume_share_slippage, TieredSchedule};

use crate::arrays::contiguous;
use crate::decimal::{
    column_out, context, read_arg, read_column, read_frame_columns, read_matrix, to_py_decimal,
    validity, Arg, ColumnIn, Mantissas,
};
use crate::errors::{run_detached, run_small, Exception, NativeError};

fn column_ref(column: &ColumnIn) -> Result<ColumnRef<'_>, NativeError> {
    Ok(ColumnRef {
        values: column.values.as_slice(),
        scale: column.scale,
        validity: validity(column.nulls.as_ref())?,
    })
}

fn scalar(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<DecimalValue> {
    match read_arg(obj, name)? {
        Arg::Scalar(value) => Ok(value),
        Arg::Column(_) => Err(Exception::InputType.err(
            obj.py(),
            format!("{name} must be a single Decimal, str or int"),
        )),
    }
}

fn optional_scale(scale: Option<i64>) -> Result<Option<i32>, NativeError> {
    Ok(scale.map(|s| check_scale("scale", s)).transpose()?)
}

/// The asset columns of a 2-D input: a list of decimal columns, or an Arrow frame (a pyarrow
/// Table or RecordBatch, a polars DataFrame) read with one import.
fn asset_columns(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<ColumnIn>> {
    match obj.cast::<PyList>() {
        Ok(list) => list
            .iter()
            .enumerate()
            .map(|(j, c)| read_column(&c, &format!("{name}[{j}]")))
            .collect(),
        Err(_) => read_frame_columns(obj, name),
    }
}

/// Portfolio value per bar over asset columns (one per asset, one row per bar), plus cash.
#[pyfunction]
#[pyo3(signature = (quantities, prices, cash=None, scale=None, precision=38, rounding="ROUND_HALF_EVEN", arrow=true))]
#[allow(clippy::too_many_arguments)]
pub fn ledger_portfolio_values<'py>(
    py: Python<'py>,
    quantities: &Bound<'py, PyAny>,
    prices: &Bound<'py, PyAny>,
    cash: Option<Bound<'py, PyAny>>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
    arrow: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = optional_scale(scale)?;
    let q = asset_columns(quantities, "quantities")?;
    let p = asset_columns(prices, "prices")?;
    // One cash value for every bar is broadcast here, not sent as a Python list.
    let cash = match cash.map(|c| read_arg(&c, "cash")).transpose()? {
        Some(Arg::Scalar(v)) => Some(ColumnIn {
            values: Mantissas::Owned(vec![
                v.mantissa;
                q.first().map_or(0, |c| c.values.as_slice().len())
            ]),
            scale: v.scale,
            nulls: None,
            arrow: false,
        }),
        Some(Arg::Column(c)) => Some(c),
        None => None,
    };
    let column = run_detached(py, || -> Result<_, NativeError> {
        let q = q.iter().map(column_ref).collect::<Result<Vec<_>, _>>()?;
        let p = p.iter().map(column_ref).collect::<Result<Vec<_>, _>>()?;
        let cash = cash.as_ref().map(column_ref).transpose()?;
        Ok(portfolio_values(&q, &p, cash.as_ref(), scale, &ctx)?)
    })?;
    column_out(py, column.values, column.scale, None, arrow)
}

/// Portfolio value per bar over row-major frames: Arrow fixed-size lists of decimals, one list
/// of asset values per bar, plus cash; the result is an Arrow decimal column.
#[pyfunction]
#[pyo3(signature = (quantities, prices, cash=None, scale=None, precision=38, rounding="ROUND_HALF_EVEN"))]
pub fn ledger_portfolio_values_rows<'py>(
    py: Python<'py>,
    quantities: &Bound<'py, PyAny>,
    prices: &Bound<'py, PyAny>,
    cash: Option<Bound<'py, PyAny>>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = optional_scale(scale)?;
    let (q, bars, assets) = read_matrix(quantities, "quantities")?;
    let (p, price_bars, price_assets) = read_matrix(prices, "prices")?;
    if (bars, assets) != (price_bars, price_assets) {
        return Err(Exception::InvalidInput.err(
            py,
            format!(
                "quantities has {bars} bars of {assets} assets and prices {price_bars} bars of \
                 {price_assets} assets"
            ),
        ));
    }
    let cash = match cash.map(|c| read_arg(&c, "cash")).transpose()? {
        Some(Arg::Scalar(v)) => Some(ColumnIn {
            values: Mantissas::Owned(vec![v.mantissa; bars]),
            scale: v.scale,
            nulls: None,
            arrow: false,
        }),
        Some(Arg::Column(c)) if c.values.as_slice().len() != bars => {
            return Err(Exception::InvalidInput.err(
                py,
                format!(
                    "cash has {} values and the frames {bars} bars",
                    c.values.as_slice().len()
                ),
            ))
        }
        Some(Arg::Column(c)) => Some(c),
        None => None,
    };
    let column = run_detached(py, || -> Result<_, NativeError> {
        let cash = cash.as_ref().map(column_ref).transpose()?;
        Ok(portfolio_values_rows(
            &column_ref(&q)?,
            &column_ref(&p)?,
            (bars, assets),
            cash.as_ref(),
            scale,
            &ctx,
        )?)
    })?;
    column_out(py, column.values, column.scale, None, true)
}

/// Portfolio value of one bar, `cash + sum(quantity x price)`, in one call: the exact sum of
/// products, plus cash, rounded once to `scale` when given (the kernels `decimal_dot`,
/// `decimal_binary("add")` and `decimal_unary("quantize")` run in that order, without three
/// trips through Python).
#[pyfunction]
#[pyo3(signature = (quantities, prices, cash, scale=None, precision=38, rounding="ROUND_HALF_EVEN"))]
pub fn ledger_portfolio_value<'py>(
    py: Python<'py>,
    quantities: &Bound<'py, PyAny>,
    prices: &Bound<'py, PyAny>,
    cash: &Bound<'py, PyAny>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = optional_scale(scale)?;
    let (q, p) = (
        read_column(quantities, "quantities")?,
        read_column(prices, "prices")?,
    );
    let cash = scalar(cash, "b")?;
    let nulls = arrow_buffer::NullBuffer::union(q.nulls.as_ref(), p.nulls.as_ref());
    let value = run_detached(py, || -> Result<DecimalValue, NativeError> {
        let valid = validity(nulls.as_ref())?;
        let held = dot(
            (q.values.as_slice(), q.scale),
            (p.values.as_slice(), p.scale),
            valid.as_ref(),
        )?;
        let total = add(
            (Operand::Column(&[held.mantissa]), held.scale),
            (Operand::Scalar(cash.mantissa), cash.scale),
            None,
            &ctx,
        )?;
        Ok(match scale {
            Some(to) => DecimalValue {
                mantissa: quantize(&total.values, total.scale, to, None, &ctx)?[0],
                scale: to,
            },
            None => DecimalValue {
                mantissa: total.values[0],
                scale: total.scale,
            },
        })
    })?;
    to_py_decimal(py, value)
}

/// Commission per fill under a zipline model, exact, rounded once to `scale`.
#[pyfunction]
#[pyo3(signature = (model, quantity, price, order_ids=None, rate=None, minimum=None, max_fraction=None, cost=None, scale=None, precision=38, rounding="ROUND_HALF_EVEN"))]
#[allow(clippy::too_many_arguments)]
pub fn ledger_commissions<'py>(
    py: Python<'py>,
    model: &str,
    quantity: &Bound<'py, PyAny>,
    price: &Bound<'py, PyAny>,
    order_ids: Option<PyReadonlyArray1<'py, i64>>,
    rate: Option<Bound<'py, PyAny>>,
    minimum: Option<Bound<'py, PyAny>>,
    max_fraction: Option<Bound<'py, PyAny>>,
    cost: Option<Bound<'py, PyAny>>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = optional_scale(scale)?;
    let zero = DecimalValue {
        mantissa: 0,
        scale: 0,
    };
    let get = |v: &Option<Bound<'py, PyAny>>, name: &str| -> PyResult<DecimalValue> {
        v.as_ref().map_or(Ok(zero), |v| scalar(v, name))
    };
    let model = match model {
        "per_share" => CommissionModel::PerShare {
            rate: get(&rate, "rate")?,
            minimum: get(&minimum, "minimum")?,
            max_fraction: max_fraction
                .as_ref()
                .map(|v| scalar(v, "max_fraction"))
                .transpose()?,
        },
        "per_trade" => CommissionModel::PerTrade {
            cost: get(&cost, "cost")?,
        },
        "per_dollar" => CommissionModel::PerDollar {
            rate: get(&rate, "rate")?,
            minimum: get(&minimum, "minimum")?,
        },
        other => {
            return Err(
                Exception::InvalidParameter.err(py, format!("unknown commission model {other:?}"))
            )
        }
    };
    let (q, p) = (
        read_column(quantity, "quantity")?,
        read_column(price, "price")?,
    );
    let ids = order_ids
        .as_ref()
        .map(|ids| contiguous(ids, "order_ids"))
        .transpose()?;
    let nulls = arrow_buffer::NullBuffer::union(q.nulls.as_ref(), p.nulls.as_ref());
    let arrow = q.arrow || p.arrow;
    let column = run_detached(py, || -> Result<_, NativeError> {
        let (qr, pr) = (column_ref(&q)?, column_ref(&p)?);
        Ok(commissions(&qr, &pr, ids, &model, scale, &ctx)?)
    })?;
    column_out(py, column.values, column.scale, nulls, arrow)
}

/// The float64 twin of `ledger_commissions` (zipline's arithmetic, no rounding).
#[pyfunction]
#[pyo3(signature = (model, quantity, price, order_ids=None, rate=0.0, minimum=0.0, max_fraction=f64::INFINITY, cost=0.0))]
#[allow(clippy::too_many_arguments)]
pub fn ledger_commissions_f64<'py>(
    py: Python<'py>,
    model: &str,
    quantity: PyReadonlyArray1<'py, f64>,
    price: PyReadonlyArray1<'py, f64>,
    order_ids: Option<PyReadonlyArray1<'py, i64>>,
    rate: f64,
    minimum: f64,
    max_fraction: f64,
    cost: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let model = match model {
        "per_share" => CommissionModelF64::PerShare {
            rate,
            minimum,
            max_fraction,
        },
        "per_trade" => CommissionModelF64::PerTrade { cost },
        "per_dollar" => CommissionModelF64::PerDollar { rate, minimum },
        other => {
            return Err(
                Exception::InvalidParameter.err(py, format!("unknown commission model {other:?}"))
            )
        }
    };
    let q = contiguous(&quantity, "quantity")?;
    let p = contiguous(&price, "price")?;
    let ids = order_ids
        .as_ref()
        .map(|ids| contiguous(ids, "order_ids"))
        .transpose()?;
    let out = run_detached(py, || commissions_f64(q, p, ids, &model))?;
    Ok(out.into_pyarray(py))
}

/// Commission per fill under a tiered per-share schedule, exact, rounded once to `scale`.
#[pyfunction]
#[pyo3(signature = (quantity, price, tiers, minimum, max_fraction=None, volume_before=None, order_ids=None, scale=None, precision=38, rounding="ROUND_HALF_EVEN"))]
#[allow(clippy::too_many_arguments)]
pub fn ledger_tiered_commissions<'py>(
    py: Python<'py>,
    quantity: &Bound<'py, PyAny>,
    price: &Bound<'py, PyAny>,
    tiers: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    minimum: &Bound<'py, PyAny>,
    max_fraction: Option<Bound<'py, PyAny>>,
    volume_before: Option<Bound<'py, PyAny>>,
    order_ids: Option<PyReadonlyArray1<'py, i64>>,
    scale: Option<i64>,
    precision: i64,
    rounding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let ctx = context(precision, rounding)?;
    let scale = optional_scale(scale)?;
    let schedule = TieredSchedule {
        tiers: tiers
            .iter()
            .enumerate()
            .map(|(i, (threshold, rate))| {
                Ok((
                    scalar(threshold, &format!("tiers[{i}] threshold"))?,
                    scalar(rate, &format!("tiers[{i}] rate"))?,
                ))
            })
            .collect::<PyResult<_>>()?,
        minimum: scalar(minimum, "minimum")?,
        max_fraction: max_fraction
            .as_ref()
            .map(|v| scalar(v, "max_fraction"))
            .transpose()?,
        volume_before: volume_before.as_ref().map_or(
            Ok(DecimalValue {
                mantissa: 0,
                scale: 0,
            }),
            |v| scalar(v, "volume_before"),
        )?,
    };
    let (q, p) = (
        read_column(quantity, "quantity")?,
        read_column(price, "price")?,
    );
    let ids = order_ids
        .as_ref()
        .map(|ids| contiguous(ids, "order_ids"))
        .transpose()?;
    let nulls = arrow_buffer::NullBuffer::union(q.nulls.as_ref(), p.nulls.as_ref());
    let arrow = q.arrow || p.arrow;
    let column = run_detached(py, || -> Result<_, NativeError> {
        let (qr, pr) = (column_ref(&q)?, column_ref(&p)?);
        Ok(tiered_commissions(&qr, &pr, ids, &schedule, scale, &ctx)?)
    })?;
    column_out(py, column.values, column.scale, nulls, arrow)
}

/// The float64 twin of `ledger_portfolio_values` over (time x assets) matrices.
#[pyfunction]
#[pyo3(signature = (quantities, prices, cash=None))]
pub fn ledger_portfolio_values_f64<'py>(
    py: Python<'py>,
    quantities: PyReadonlyArray2<'py, f64>,
    prices: PyReadonlyArray2<'py, f64>,
    cash: Option<PyReadonlyArray1<'py, f64>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (rows, cols) = quantities.as_array().dim();
    let q = contiguous(&quantities, "quantities")?;
    let p = contiguous(&prices, "prices")?;
    let cash = cash.as_ref().map(|c| contiguous(c, "cash")).transpose()?;
    let out = run_detached(py, || portfolio_values_f64(q, p, cash, rows, cols))?;
    Ok(out.into_pyarray(py))
}

/// Positions, cost bases and realised profit after one fill per row (zipline's bookkeeping).
#[pyfunction]
#[pyo3(signature = (positions, cost_basis, fill_qty, fill_price, commissions=None, basis_scale=6, precision=38, rounding="ROUND_HALF_EVEN"))]
#[allow(clippy::too_many_arguments)]
pub fn ledger_apply_fills<'py>(
    py: Python<'py>,
    positions: &Bound<'py, PyAny>,
    cost_basis: &Bound<'py, PyAny>,
    fill_qty: &Bound<'py, PyAny>,
    fill_price: &Bound<'py, PyAny>,
    commissions: Option<Bound<'py, PyAny>>,
    basis_scale: i64,
    precision: i64,
    rounding: &str,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let ctx = context(precision, rounding)?;
    let basis_scale = check_scale("basis_scale", basis_scale).map_err(NativeError::from)?;
    let columns = [
        read_column(positions, "positions")?,
        read_column(cost_basis, "cost_basis")?,
        read_column(fill_qty, "fill_qty")?,
        read_column(fill_price, "fill_price")?,
    ];
    let commissions = commissions
        .map(|c| read_column(&c, "commissions"))
        .transpose()?;
    let arrow = columns.iter().chain(&commissions).any(|c| c.arrow);
    let mut nulls = None;
    for c in columns.iter().chain(&commissions) {
        nulls = arrow_buffer::NullBuffer::union(nulls.as_ref(), c.nulls.as_ref());
    }
    let out = run_detached(py, || -> Result<_, NativeError> {
        let refs = columns
            .iter()
            .map(column_ref)
            .collect::<Result<Vec<_>, _>>()?;
        let c = commissions.as_ref().map(column_ref).transpose()?;
        Ok(apply_fills(
            &refs[0],
            &refs[1],
            &refs[2],
            &refs[3],
            c.as_ref(),
            basis_scale,
            &ctx,
        )?)
    })?;
    Ok((
        column_out(
            py,
            out.positions.values,
            out.positions.scale,
            nulls.clone(),
            arrow,
        )?,
        column_out(
            py,
            out.cost_basis.values,
            out.cost_basis.scale,
            nulls.clone(),
            arrow,
        )?,
        column_out(
            py,
            out.realized_pnl.values,
            out.realized_pnl.scale,
            nulls,
            arrow,
        )?,
    ))
}

/// Orders up to which `ledger_validate_orders` keeps the GIL (see `run_small`).
const SMALL_BATCH: usize = 64;

/// One reason code per order (see `OrderCheck`), as a uint8 numpy array.
#[pyfunction]
#[pyo3(signature = (quantity, price, side=None, positions=None, assets=None, known_assets=None, tick_size=None, lot_size=None, min_notional=None, max_order_value=None, max_position=None, cash=None))]
#[allow(clippy::too_many_arguments)]
pub fn ledger_validate_orders<'py>(
    py: Python<'py>,
    quantity: &Bound<'py, PyAny>,
    price: &Bound<'py, PyAny>,
    side: Option<PyReadonlyArray1<'py, i8>>,
    positions: Option<Bound<'py, PyAny>>,
    assets: Option<PyReadonlyArray1<'py, i64>>,
    known_assets: Option<PyReadonlyArray1<'py, i64>>,
    tick_size: Option<Bound<'py, PyAny>>,
    lot_size: Option<Bound<'py, PyAny>>,
    min_notional: Option<Bound<'py, PyAny>>,
    max_order_value: Option<Bound<'py, PyAny>>,
    max_position: Option<Bound<'py, PyAny>>,
    cash: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let get = |v: &Option<Bound<'py, PyAny>>, name: &str| -> PyResult<Option<DecimalValue>> {
        v.as_ref().map(|v| scalar(v, name)).transpose()
    };
    let limits = OrderLimits {
        tick_size: get(&tick_size, "tick_size")?,
        lot_size: get(&lot_size, "lot_size")?,
        min_notional: get(&min_notional, "min_notional")?,
        max_order_value: get(&max_order_value, "max_order_value")?,
        max_position: get(&max_position, "max_position")?,
        cash: get(&cash, "cash")?,
    };
    let (q, p) = (
        read_column(quantity, "quantity")?,
        read_column(price, "price")?,
    );
    let held = positions
        .map(|c| read_column(&c, "positions"))
        .transpose()?;
    let side = side.as_ref().map(|s| contiguous(s, "side")).transpose()?;
    let ids = assets
        .as_ref()
        .map(|a| contiguous(a, "assets"))
        .transpose()?;
    let known: Option<HashSet<i64>> = known_assets
        .as_ref()
        .map(|k| contiguous(k, "known_assets").map(|k| k.iter().copied().collect()))
        .transpose()?;
    let kernel = || -> Result<_, NativeError> {
        let (qr, pr) = (column_ref(&q)?, column_ref(&p)?);
        let held = held.as_ref().map(column_ref).transpose()?;
        let assets = ids.zip(known.as_ref());
        Ok(validate_orders(
            &qr,
            &pr,
            side,
            held.as_ref(),
            assets,
            &limits,
        )?)
    };
    // A few orders (the per-order call of a live loop) validate faster than the GIL's release
    // and re-acquisition.
    let codes = if q.values.as_slice().len() <= SMALL_BATCH {
        run_small(kernel)?
    } else {
        run_detached(py, kernel)?
    };
    let codes: Vec<u8> = codes.into_iter().map(|c| c as u8).collect();
    Ok(codes.into_pyarray(py))
}

/// zipline's `FixedSlippage`: fill quantities and prices (`price +- spread / 2`), exact.
#[pyfunction]
pub fn ledger_fixed_slippage<'py>(
    py: Python<'py>,
    quantity: &Bound<'py, PyAny>,
    price: &Bound<'py, PyAny>,
    spread: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let spread = scalar(spread, "spread")?;
    let (q, p) = (
        read_column(quantity, "quantity")?,
        read_column(price, "price")?,
    );
    let nulls = arrow_buffer::NullBuffer::union(q.nulls.as_ref(), p.nulls.as_ref());
    let arrow = q.arrow || p.arrow;
    let ctx = context(38, "ROUND_HALF_EVEN")?;
    let out = run_detached(py, || -> Result<_, NativeError> {
        Ok(fixed_slippage(
            &column_ref(&q)?,
            &column_ref(&p)?,
            spread,
            &ctx,
        )?)
    })?;
    Ok((
        column_out(
            py,
            out.quantity.values,
            out.quantity.scale,
            nulls.clone(),
            arrow,
        )?,
        column_out(py, out.price.values, out.price.scale, nulls, arrow)?,
    ))
}

/// zipline's `VolumeShareSlippage`: fill quantities (capped by the volume limit, per asset and
/// bar) and impacted prices rounded to `scale`; null price where nothing fills.
#[pyfunction]
#[pyo3(signature = (quantity, price, volume, assets=None, volume_limit=None, price_impact=None, scale=4, precision=38, rounding="ROUND_HALF_EVEN"))]
#[allow(clippy::too_many_arguments)]
pub fn ledger_volume_share_slippage<'py>(
    py: Python<'py>,
    quantity: &Bound<'py, PyAny>,
    price: &Bound<'py, PyAny>,
    volume: &Bound<'py, PyAny>,
    assets: Option<PyReadonlyArray1<'py, i64>>,
    volume_limit: Option<Bound<'py, PyAny>>,
    price_impact: Option<Bound<'py, PyAny>>,
    scale: i64,
    precision: i64,
    rounding: &str,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let ctx = context(precision, rounding)?;
    let scale = check_scale("scale", scale).map_err(NativeError::from)?;
    let parse = |text: &str| -> Result<DecimalValue, NativeError> { Ok(text.parse()?) };
    let limit = match &volume_limit {
        Some(v) => scalar(v, "volume_limit")?,
        None => parse("0.025")?,
    };
    let impact = match &price_impact {
        Some(v) => scalar(v, "price_impact")?,
        None => parse("0.1")?,
    };
    let (q, p, v) = (
        read_column(quantity, "quantity")?,
        read_column(price, "price")?,
        read_column(volume, "volume")?,
    );
    let ids = assets
        .as_ref()
        .map(|a| contiguous(a, "assets"))
        .transpose()?;
    let arrow = q.arrow || p.arrow || v.arrow;
    let out = run_detached(py, || -> Result<_, NativeError> {
        let (qr, pr, vr) = (column_ref(&q)?, column_ref(&p)?, column_ref(&v)?);
        Ok(volume_share_slippage(
            &qr, &pr, &vr, ids, limit, impact, scale, &ctx,
        )?)
    })?;
    let rows = out.price.values.len();
    let nulls = (!out.unfilled.is_empty()).then(|| {
        let mut mask = vec![true; rows];
        out.unfilled.iter().for_each(|&i| mask[i] = false);
        arrow_buffer::NullBuffer::from(mask)
    });
    let q_nulls = arrow_buffer::NullBuffer::union(
        arrow_buffer::NullBuffer::union(q.nulls.as_ref(), p.nulls.as_ref()).as_ref(),
        v.nulls.as_ref(),
    );
    Ok((
        column_out(py, out.quantity.values, out.quantity.scale, q_nulls, arrow)?,
        column_out(py, out.price.values, out.price.scale, nulls, arrow)?,
    ))
}
