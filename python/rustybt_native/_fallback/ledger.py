"""Ledger math with the decimal module: portfolio values and zipline's commission models."""

from __future__ import annotations

import decimal
import math
from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InputTypeError, InvalidInputError, InvalidParameterError
from .decimal import (
    _WIDE,
    MAX_SCALE,
    _arrow_column,
    _Column,
    _column_out,
    _fits,
    _precision_exceeded,
    _pyarrow,
    _quantized,
    _read_arg,
    _read_column,
    decimal_binary,
    decimal_dot,
    decimal_unary,
)


def _shape_error(left: int, right: int) -> InvalidInputError:
    return InvalidInputError(f"columns differ in length: {left} and {right} values")


def _scale_error(what: str, scale: int) -> InvalidParameterError:
    return InvalidParameterError(
        f"{what} = {scale} is out of range: it must lie in [-38, 38]; pass scale= to round it"
    )


def _frame_columns(frame: Any) -> list[Any]:
    """The columns of a pyarrow Table/RecordBatch or polars DataFrame; a list as it is."""
    if isinstance(frame, (list, tuple)):
        return list(frame)
    if hasattr(frame, "get_columns"):  # polars
        return list(frame.get_columns())
    return list(frame.columns)


def ledger_portfolio_values(
    quantities: Any,
    prices: Any,
    cash: Any = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
    arrow: bool = True,
) -> Any:
    """Per bar: cash + sum of quantity x price over the asset columns, rounded once."""
    q = [_read_column(c, f"quantities[{j}]") for j, c in enumerate(_frame_columns(quantities))]
    p = [_read_column(c, f"prices[{j}]") for j, c in enumerate(_frame_columns(prices))]
    c = None if cash is None else _read_arg(cash, "cash")
    if isinstance(c, tuple):  # one value for every bar
        c = _Column([c[0]] * (len(q[0].values) if q else 0), c[1], False)
    if len(q) != len(p):
        raise _shape_error(len(q), len(p))
    columns = [*q, *p] + ([c] if c is not None else [])
    rows = len(columns[0].values) if columns else 0
    for column in columns:
        if len(column.values) != rows:
            raise _shape_error(rows, len(column.values))
    return _values_per_bar(q, p, c, rows, scale, precision, rounding, arrow)


def _read_matrix(value: Any, name: str) -> tuple[list[_Column], int, int]:
    """The asset columns of a row-major list column (Arrow fixed-size lists of decimals), its
    number of bars and of assets; a null list makes each of its values null."""
    pa = _pyarrow()
    column = _arrow_column(value)
    data_type = column.type
    if not pa.types.is_fixed_size_list(data_type):
        raise InputTypeError(
            f"{name} must be an Arrow fixed-size list of decimals, got Arrow type {data_type}"
        )
    item = data_type.value_type
    if not pa.types.is_decimal(item) or pa.types.is_decimal256(item):
        raise InputTypeError(
            f"{name} must be a decimal column (Arrow decimal32/64/128), got Arrow type {item}"
        )
    rows = column.to_pylist()
    size = data_type.list_size
    columns = [
        _Column([None if r is None else r[j] for r in rows], item.scale, True) for j in range(size)
    ]
    return columns, len(rows), size


def ledger_portfolio_values_rows(
    quantities: Any,
    prices: Any,
    cash: Any = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> Any:
    """Per bar: cash + sum of quantity x price over a row-major list column, rounded once."""
    q, bars, assets = _read_matrix(quantities, "quantities")
    p, price_bars, price_assets = _read_matrix(prices, "prices")
    if (bars, assets) != (price_bars, price_assets):
        raise InvalidInputError(
            f"quantities has {bars} bars of {assets} assets and prices {price_bars} bars of "
            f"{price_assets} assets"
        )
    c = None if cash is None else _read_arg(cash, "cash")
    if isinstance(c, tuple):  # one value for every bar
        c = _Column([c[0]] * bars, c[1], False)
    elif c is not None and len(c.values) != bars:
        raise InvalidInputError(f"cash has {len(c.values)} values and the frames {bars} bars")
    return _values_per_bar(q, p, c, bars, scale, precision, rounding, True)


def _values_per_bar(
    q: list[_Column],
    p: list[_Column],
    c: Optional[_Column],
    rows: int,
    scale: Optional[int],
    precision: int,
    rounding: str,
    arrow: bool,
) -> Any:
    scales = [a.scale + b.scale for a, b in zip(q, p)] + ([c.scale] if c is not None else [])
    exact = max(scales, default=0)
    if scale is None and abs(exact) > MAX_SCALE:
        raise _scale_error("the portfolio value's exact scale", exact)
    target = exact if scale is None else scale
    out: list[Optional[int]] = []
    for t in range(rows):
        total = decimal.Decimal(0)
        for a, b in zip(q, p):
            x, y = a.values[t], b.values[t]
            if x is not None and y is not None:
                total = _WIDE.add(total, _WIDE.multiply(x, y))
        cash_t = None if c is None else c.values[t]
        if cash_t is not None:
            total = _WIDE.add(total, cash_t)
        mantissa = _quantized(total, target, rounding)
        if not _fits(mantissa, precision):
            raise _precision_exceeded(f"the portfolio value at row {t}", precision)
        out.append(mantissa)
    return _column_out(out, target, arrow)


def ledger_portfolio_values_f64(
    quantities: npt.NDArray[np.float64],
    prices: npt.NDArray[np.float64],
    cash: Optional[npt.NDArray[np.float64]] = None,
) -> npt.NDArray[np.float64]:
    """Per row: cash + the sum, left to right, of the non-NaN products."""
    rows, cols = quantities.shape
    for array in (quantities, prices):
        if array.size != rows * cols:
            raise _shape_error(rows * cols, array.size)
    if cash is not None and cash.size != rows:
        raise _shape_error(rows, cash.size)
    out = np.empty(rows, dtype=np.float64)
    for t in range(rows):
        held = 0.0
        for j in range(cols):
            product = float(quantities[t, j]) * float(prices[t, j])
            if not math.isnan(product):
                held += product
        extra = 0.0 if cash is None else float(cash[t])
        out[t] = held if math.isnan(extra) else held + extra
    return out


def _scalar(value: Any, name: str) -> decimal.Decimal:
    parsed = _read_arg(value, name)
    if isinstance(parsed, _Column):
        raise InputTypeError(f"{name} must be a single Decimal, str or int")
    return parsed[0]  # type: ignore[no-any-return]


def _scalar_scale(value: decimal.Decimal) -> int:
    return -int(value.as_tuple().exponent)


def ledger_portfolio_value(
    quantities: Any,
    prices: Any,
    cash: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> decimal.Decimal:
    """One bar's value: the exact dot product, plus cash, then rounded once to ``scale``."""
    held = decimal_dot(quantities, prices)
    total = decimal_binary("add", [held], cash, precision=precision, rounding=rounding)
    if scale is not None:
        total = decimal_unary(
            "quantize", total, scale=scale, precision=precision, rounding=rounding
        )
    return total[0]  # type: ignore[no-any-return]


def ledger_commissions(
    model: str,
    quantity: Any,
    price: Any,
    order_ids: Optional[npt.NDArray[np.int64]] = None,
    rate: Any = None,
    minimum: Any = None,
    max_fraction: Any = None,
    cost: Any = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> Any:
    """Commission per fill under zipline's PerShare, PerTrade or PerDollar, rounded once."""
    zero = decimal.Decimal(0)
    rate_v = zero if rate is None else _scalar(rate, "rate")
    minimum_v = zero if minimum is None else _scalar(minimum, "minimum")
    fraction_v = None if max_fraction is None else _scalar(max_fraction, "max_fraction")
    cost_v = zero if cost is None else _scalar(cost, "cost")
    q = _read_column(quantity, "quantity")
    p = _read_column(price, "price")
    rows = len(q.values)
    if len(p.values) != rows:
        raise _shape_error(rows, len(p.values))
    if order_ids is not None and len(order_ids) != rows:
        raise _shape_error(rows, len(order_ids))
    sq, sp = q.scale, p.scale
    if model == "per_share":
        work = max(sq + _scalar_scale(rate_v), _scalar_scale(minimum_v))
        if fraction_v is not None:
            work = max(work, sq + sp + _scalar_scale(fraction_v))
    elif model == "per_trade":
        work = _scalar_scale(cost_v)
    else:
        work = max(sq + sp + _scalar_scale(rate_v), _scalar_scale(minimum_v))
    if scale is None and abs(work) > MAX_SCALE:
        raise _scale_error("the commission's exact scale", work)
    target = work if scale is None else scale
    # Per order: (per-unit cost of the fills so far, commission charged so far), both exact.
    orders: dict[int, tuple[decimal.Decimal, decimal.Decimal]] = {}
    out: list[Optional[int]] = []
    for i in range(rows):
        x, y = q.values[i], p.values[i]
        if x is None or y is None:
            out.append(None)
            continue
        shares, fill_price = abs(x), abs(y)
        notional = _WIDE.multiply(shares, fill_price)
        key = None if order_ids is None else int(order_ids[i])
        before, paid = orders.get(key, (zero, zero)) if key is not None else (zero, zero)
        if model == "per_share":
            per_unit = _WIDE.multiply(shares, rate_v)
        elif model == "per_dollar":
            per_unit = _WIDE.multiply(notional, rate_v)
        else:
            per_unit = zero
        if model == "per_trade":
            charge = cost_v if paid == 0 else zero
        elif paid == 0:  # zipline tests order.commission == 0
            charge = max(per_unit, minimum_v)
        else:
            total = _WIDE.add(before, per_unit)
            charge = zero if total < minimum_v else _WIDE.subtract(total, paid)
        if model == "per_share" and fraction_v is not None:
            charge = min(charge, _WIDE.multiply(notional, fraction_v))
        mantissa = _quantized(charge, target, rounding)
        if not _fits(mantissa, precision):
            raise _precision_exceeded(f"the commission at row {i}", precision)
        out.append(mantissa)
        if key is not None:
            charged = decimal.Decimal(mantissa).scaleb(-target, _WIDE)
            orders[key] = (_WIDE.add(before, per_unit), _WIDE.add(paid, charged))
    return _column_out(out, target, q.arrow or p.arrow)


def _check_schedule(
    tiers: list[tuple[decimal.Decimal, decimal.Decimal]],
    minimum: decimal.Decimal,
    max_fraction: Optional[decimal.Decimal],
    volume_before: decimal.Decimal,
) -> None:
    if not tiers:
        raise InvalidInputError(
            "invalid input: tiers is empty: give at least one (threshold, rate)"
        )
    if tiers[0][0] != 0:
        raise InvalidInputError("invalid input: the first tier's threshold must be 0")
    for i in range(len(tiers) - 1):
        if not tiers[i + 1][0] > tiers[i][0]:
            raise InvalidInputError(
                "invalid input: tier thresholds must be strictly ascending: "
                f"tiers[{i + 1}] does not exceed tiers[{i}]"
            )
    for i, (_, rate) in enumerate(tiers):
        if rate < 0:
            raise InvalidInputError(f"invalid input: tiers[{i}] has a negative rate")
    for name, value in (
        ("minimum", minimum),
        ("max_fraction", max_fraction),
        ("volume_before", volume_before),
    ):
        if value is not None and value < 0:
            raise InvalidInputError(f"invalid input: {name} must not be negative")


def ledger_tiered_commissions(
    quantity: Any,
    price: Any,
    tiers: Any,
    minimum: Any,
    max_fraction: Any = None,
    volume_before: Any = None,
    order_ids: Optional[npt.NDArray[np.int64]] = None,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> Any:
    """Commission per fill under a tiered per-share schedule, zipline's per-order rule."""
    zero = decimal.Decimal(0)
    schedule = [
        (_scalar(t, f"tiers[{i}] threshold"), _scalar(r, f"tiers[{i}] rate"))
        for i, (t, r) in enumerate(tiers)
    ]
    minimum_v = _scalar(minimum, "minimum")
    fraction_v = None if max_fraction is None else _scalar(max_fraction, "max_fraction")
    before_v = zero if volume_before is None else _scalar(volume_before, "volume_before")
    q = _read_column(quantity, "quantity")
    p = _read_column(price, "price")
    rows = len(q.values)
    if len(p.values) != rows:
        raise _shape_error(rows, len(p.values))
    if order_ids is not None and len(order_ids) != rows:
        raise _shape_error(rows, len(order_ids))
    _check_schedule(schedule, minimum_v, fraction_v, before_v)
    sq, sp = q.scale, p.scale
    volume_scale = max([_scalar_scale(t) for t, _ in schedule] + [sq, _scalar_scale(before_v)])
    work = max(volume_scale + max(_scalar_scale(r) for _, r in schedule), _scalar_scale(minimum_v))
    if fraction_v is not None:
        work = max(work, sq + sp + _scalar_scale(fraction_v))
    if scale is None and abs(work) > MAX_SCALE:
        raise _scale_error("the commission's exact scale", work)
    target = work if scale is None else scale
    volume = before_v
    orders: dict[int, tuple[decimal.Decimal, decimal.Decimal]] = {}
    out: list[Optional[int]] = []
    for i in range(rows):
        x, y = q.values[i], p.values[i]
        if x is None or y is None:
            out.append(None)
            continue
        shares, fill_price = abs(x), abs(y)
        end = _WIDE.add(volume, shares)
        per_unit = zero
        for k, (start, rate) in enumerate(schedule):
            upto = schedule[k + 1][0] if k + 1 < len(schedule) else end
            lo, hi = max(volume, start), min(end, upto)
            if hi > lo:
                per_unit = _WIDE.add(per_unit, _WIDE.multiply(_WIDE.subtract(hi, lo), rate))
        volume = end
        key = None if order_ids is None else int(order_ids[i])
        before, paid = orders.get(key, (zero, zero)) if key is not None else (zero, zero)
        if paid == 0:  # zipline tests order.commission == 0
            charge = max(per_unit, minimum_v)
        else:
            total = _WIDE.add(before, per_unit)
            charge = zero if total < minimum_v else _WIDE.subtract(total, paid)
        if fraction_v is not None:
            charge = min(charge, _WIDE.multiply(_WIDE.multiply(shares, fill_price), fraction_v))
        mantissa = _quantized(charge, target, rounding)
        if not _fits(mantissa, precision):
            raise _precision_exceeded(f"the commission at row {i}", precision)
        out.append(mantissa)
        if key is not None:
            charged = decimal.Decimal(mantissa).scaleb(-target, _WIDE)
            orders[key] = (_WIDE.add(before, per_unit), _WIDE.add(paid, charged))
    return _column_out(out, target, q.arrow or p.arrow)


def ledger_commissions_f64(
    model: str,
    quantity: npt.NDArray[np.float64],
    price: npt.NDArray[np.float64],
    order_ids: Optional[npt.NDArray[np.int64]] = None,
    rate: float = 0.0,
    minimum: float = 0.0,
    max_fraction: float = math.inf,
    cost: float = 0.0,
) -> npt.NDArray[np.float64]:
    """zipline's float arithmetic, in its order of operations."""
    rows = quantity.size
    for size in (price.size, rows if order_ids is None else order_ids.size):
        if size != rows:
            raise _shape_error(rows, size)
    orders: dict[int, tuple[float, float]] = {}
    out = np.empty(rows, dtype=np.float64)
    for i in range(rows):
        amount, fill_price = float(quantity[i]), float(price[i])
        if math.isnan(amount) or math.isnan(fill_price):
            out[i] = math.nan
            continue
        key = None if order_ids is None else int(order_ids[i])
        filled, paid = orders.get(key, (0.0, 0.0)) if key is not None else (0.0, 0.0)
        if model == "per_share":
            additional = abs(amount * rate)
            if paid == 0.0:
                charge = max(minimum, additional)
            else:
                per_unit_total = abs(filled * rate) + additional
                charge = 0.0 if per_unit_total < minimum else per_unit_total - paid
            charge = min(charge, max_fraction * (abs(amount) * abs(fill_price)))
        elif model == "per_trade":
            charge = cost if paid == 0.0 else 0.0
        else:
            additional = rate * abs(amount) * fill_price
            if paid == 0.0:
                charge = max(minimum, additional)
            else:
                per_unit_total = rate * filled + additional
                charge = 0.0 if per_unit_total < minimum else per_unit_total - paid
        out[i] = charge
        if key is not None:
            step = abs(amount) * fill_price if model == "per_dollar" else amount
            orders[key] = (filled + step, paid + charge)
    return out


def ledger_apply_fills(
    positions: Any,
    cost_basis: Any,
    fill_qty: Any,
    fill_price: Any,
    commissions: Any = None,
    basis_scale: int = 6,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> tuple[Any, Any, Any]:
    """zipline's Position.update and adjust_commission_cost_basis, exact, one fill per row."""
    q0s = _read_column(positions, "positions")
    b0s = _read_column(cost_basis, "cost_basis")
    dqs = _read_column(fill_qty, "fill_qty")
    ps = _read_column(fill_price, "fill_price")
    cs = None if commissions is None else _read_column(commissions, "commissions")
    columns = [q0s, b0s, dqs, ps] + ([cs] if cs is not None else [])
    rows = len(q0s.values)
    for column in columns:
        if len(column.values) != rows:
            raise _shape_error(rows, len(column.values))
    sq = max(q0s.scale, dqs.scale)
    pnl_scale = max(sq + ps.scale, sq + b0s.scale, 0 if cs is None else cs.scale)
    for name, scale in (("the positions' scale", sq), ("the realised profit's scale", pnl_scale)):
        if abs(scale) > MAX_SCALE:
            raise InvalidParameterError(
                f"{name} = {scale} is out of range: it must lie in [-38, 38]"
            )
    zero = decimal.Decimal(0)
    out_q: list[Optional[int]] = []
    out_b: list[Optional[int]] = []
    out_pnl: list[Optional[int]] = []
    for i in range(rows):
        cells = [c.values[i] for c in columns]
        if any(v is None for v in cells):
            out_q.append(None)
            out_b.append(None)
            out_pnl.append(None)
            continue
        q0, b0, dq, p, c = (v if v is not None else zero for v in (*cells[:4], cells[-1]))
        if cs is None:
            c = zero
        q1 = _WIDE.add(q0, dq)
        opens = q0 == 0 or (q0 > 0) == (dq > 0)
        flips = not opens and abs(dq) > abs(q0)
        closed = zero if opens else (q0 if flips else _WIDE.minus(dq))
        realized = _WIDE.multiply(closed, _WIDE.subtract(p, b0))
        if q1 == 0:
            realized = _WIDE.subtract(realized, c)
            basis = zero
        else:
            if opens:
                total = _WIDE.add(_WIDE.multiply(b0, q0), _WIDE.multiply(p, dq))
            elif flips:
                total = _WIDE.multiply(p, q1)
            else:
                total = _WIDE.multiply(b0, q1)
            basis = _WIDE.divide(_WIDE.add(total, c), q1)
        values = (
            _quantized(q1, sq, rounding),
            _quantized(basis, basis_scale, rounding),
            _quantized(realized, pnl_scale, rounding),
        )
        if not all(_fits(v, precision) for v in values):
            raise _precision_exceeded(f"apply_fills at row {i}", precision)
        out_q.append(values[0])
        out_b.append(values[1])
        out_pnl.append(values[2])
    arrow = any(column.arrow for column in columns)
    return (
        _column_out(out_q, sq, arrow),
        _column_out(out_b, basis_scale, arrow),
        _column_out(out_pnl, pnl_scale, arrow),
    )


def ledger_validate_orders(
    quantity: Any,
    price: Any,
    side: Optional[npt.NDArray[np.int8]] = None,
    positions: Any = None,
    assets: Optional[npt.NDArray[np.int64]] = None,
    known_assets: Optional[npt.NDArray[np.int64]] = None,
    tick_size: Any = None,
    lot_size: Any = None,
    min_notional: Any = None,
    max_order_value: Any = None,
    max_position: Any = None,
    cash: Any = None,
) -> npt.NDArray[np.uint8]:
    """The first failed check per order (codes as rustybt_native.ledger.OrderCheck)."""
    limits = {
        name: None if value is None else _scalar(value, name)
        for name, value in (
            ("tick_size", tick_size),
            ("lot_size", lot_size),
            ("min_notional", min_notional),
            ("max_order_value", max_order_value),
            ("max_position", max_position),
            ("cash", cash),
        )
    }
    q = _read_column(quantity, "quantity")
    p = _read_column(price, "price")
    held = None if positions is None else _read_column(positions, "positions")
    rows = len(q.values)
    for size in (
        len(p.values),
        *([] if held is None else [len(held.values)]),
        *([] if side is None else [len(side)]),
        *([] if assets is None else [len(assets)]),
    ):
        if size != rows:
            raise _shape_error(rows, size)
    for name in ("tick_size", "lot_size"):
        step = limits[name]
        if step is not None and step <= 0:
            raise InvalidInputError(f"invalid input: {name} must be positive")
    known = set() if known_assets is None else {int(a) for a in known_assets}
    cash_left = limits["cash"]
    codes = np.zeros(rows, dtype=np.uint8)
    for i in range(rows):
        x, y = q.values[i], p.values[i]
        if x is None or y is None:
            raise InvalidInputError(f"invalid input: order {i} has a null quantity or price")
        sign = 1 if side is None else int(side[i])
        if sign not in (1, -1):
            raise InvalidInputError(
                f"invalid input: side[{i}] = {sign}: sides are +1 (buy) or -1 (sell)"
            )
        notional = _WIDE.multiply(x, y)
        if assets is not None and int(assets[i]) not in known:
            code = 1
        elif x <= 0:
            code = 2
        elif limits["tick_size"] is not None and _WIDE.remainder(y, limits["tick_size"]) != 0:
            code = 3
        elif limits["lot_size"] is not None and _WIDE.remainder(x, limits["lot_size"]) != 0:
            code = 4
        elif limits["min_notional"] is not None and notional < limits["min_notional"]:
            code = 5
        elif limits["max_order_value"] is not None and notional > limits["max_order_value"]:
            code = 6
        elif (
            limits["max_position"] is not None
            and abs(
                _WIDE.add(
                    (held.values[i] if held is not None else None) or decimal.Decimal(0),
                    _WIDE.multiply(x, sign),
                )
            )
            > limits["max_position"]
        ):
            code = 7
        elif sign > 0 and cash_left is not None and notional > cash_left:
            code = 8
        else:
            code = 0
            if sign > 0 and cash_left is not None:
                cash_left = _WIDE.subtract(cash_left, notional)
        codes[i] = code
    return codes


def ledger_fixed_slippage(quantity: Any, price: Any, spread: Any) -> tuple[Any, Any]:
    """Full fills at price +- spread / 2, exact."""
    half = _WIDE.multiply(_scalar(spread, "spread"), decimal.Decimal("0.5"))
    q = _read_column(quantity, "quantity")
    p = _read_column(price, "price")
    rows = len(q.values)
    if len(p.values) != rows:
        raise _shape_error(rows, len(p.values))
    scale = max(p.scale, _scalar_scale(_scalar(spread, "spread")) + 1)
    prices: list[Optional[int]] = []
    quantities: list[Optional[int]] = []
    for i, (x, y) in enumerate(zip(q.values, p.values)):
        if x is None or y is None:
            prices.append(None)
            quantities.append(None)
            continue
        sign = (x > 0) - (x < 0)
        mantissa = _quantized(_WIDE.add(y, _WIDE.multiply(half, sign)), scale, decimal.ROUND_DOWN)
        if not _fits(mantissa, 38):
            raise _precision_exceeded(f"the fill price at row {i}", 38)
        prices.append(mantissa)
        quantities.append(_quantized(x, q.scale, decimal.ROUND_DOWN))
    arrow = q.arrow or p.arrow
    return _column_out(quantities, q.scale, arrow), _column_out(prices, scale, arrow)


def ledger_volume_share_slippage(
    quantity: Any,
    price: Any,
    volume: Any,
    assets: Optional[npt.NDArray[np.int64]] = None,
    volume_limit: Any = None,
    price_impact: Any = None,
    scale: int = 4,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> tuple[Any, Any]:
    """zipline.finance.slippage.VolumeShareSlippage.process_order, exact, orders in row order."""
    limit = (
        decimal.Decimal("0.025") if volume_limit is None else _scalar(volume_limit, "volume_limit")
    )
    impact = (
        decimal.Decimal("0.1") if price_impact is None else _scalar(price_impact, "price_impact")
    )
    q = _read_column(quantity, "quantity")
    p = _read_column(price, "price")
    v = _read_column(volume, "volume")
    rows = len(q.values)
    for size in (len(p.values), len(v.values), rows if assets is None else len(assets)):
        if size != rows:
            raise _shape_error(rows, size)
    traded: dict[int, decimal.Decimal] = {}
    quantities: list[Optional[int]] = []
    prices: list[Optional[int]] = []
    for i in range(rows):
        x, y, vol = q.values[i], p.values[i], v.values[i]
        if x is None or y is None or vol is None:
            quantities.append(None)
            prices.append(None)
            continue
        if vol < 0:
            raise InvalidInputError(f"invalid input: volume[{i}] is negative")
        key = i if assets is None else int(assets[i])
        max_volume = _WIDE.multiply(limit, vol)
        remaining = _WIDE.subtract(max_volume, traded.get(key, decimal.Decimal(0)))
        shares = int(min(remaining, abs(x)))  # zipline: int() truncates toward zero
        if remaining < 1 or shares < 1 or y == 0:
            quantities.append(0)
            prices.append(None)
            continue
        share = min(_WIDE.divide(decimal.Decimal(shares), vol), limit)
        sign = (x > 0) - (x < 0)
        impacted = _WIDE.add(
            y, _WIDE.multiply(_WIDE.multiply(_WIDE.multiply(share, share), impact * sign), y)
        )
        mantissa = _quantized(impacted, scale, rounding)
        if not _fits(mantissa, precision):
            raise _precision_exceeded(f"the fill at row {i}", precision)
        quantities.append(shares * sign)
        prices.append(mantissa)
        traded[key] = _WIDE.add(traded.get(key, decimal.Decimal(0)), shares)
    arrow = q.arrow or p.arrow or v.arrow
    return _column_out(quantities, 0, arrow), _column_out(prices, scale, arrow)
