"""Ledger math on decimal columns: position and portfolio values, commissions.

Money in, money out, exact: inputs are decimal columns (as :mod:`rustybt_native.decimal` takes
them) and every amount is computed exactly, then rounded once to the currency ``scale`` with the
chosen ``rounding``. Each function also takes float64 numpy arrays, and then runs the same work
in float64 (the float twin the benchmark compares against), with zipline's arithmetic.

Commission models follow zipline's ``PerShare``, ``PerTrade`` and ``PerDollar``
(``zipline.finance.commission``), including how a minimum is charged across the partial fills of
one order (pass ``order_ids``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Union

import numpy as np
import numpy.typing as npt

from . import _backend
from . import decimal as _dec
from ._validation import float_array
from .exceptions import InputTypeError, InvalidInputError

__all__ = [
    "OrderCheck",
    "apply_fills",
    "describe_order_checks",
    "fixed_slippage",
    "per_dollar_commission",
    "per_share_commission",
    "per_trade_commission",
    "portfolio_value",
    "position_values",
    "tiered_per_share_commission",
    "validate_orders",
    "volume_share_slippage",
]


def _is_float_array(value: Any) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind == "f"


def _money(value: Any, name: str) -> Any:
    if not _dec._is_scalar(value):
        raise InputTypeError(
            f"{name} must be a single Decimal, str or int, got {type(value).__name__}"
        )
    return value


def position_values(
    quantities: Any, prices: Any, scale: Any = None, *, rounding: Any = None, context: Any = None
) -> Any:
    """Value of each position, ``quantity x price``.

    Parameters
    ----------
    quantities, prices : decimal columns, or float64 numpy arrays
        One row per position. Decimal columns as :func:`rustybt_native.decimal.mul` takes them.
    scale : int, optional
        Currency scale of the result; default exact (``scale_q + scale_p``).
    rounding, context
        As in :func:`rustybt_native.decimal.mul`.

    Returns
    -------
    column
        A decimal column of the input's kind (nulls propagate), or a float64 array.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.position_values(["10", "-3"], ["101.25", "99.125"], 2)
    [Decimal('1012.50'), Decimal('-297.38')]
    """
    if _is_float_array(quantities) or _is_float_array(prices):
        q = float_array(quantities, "quantities", ndims=(1, 2))
        p = float_array(prices, "prices", ndims=(1, 2))
        if q.shape != p.shape:
            raise InvalidInputError(f"quantities {q.shape} and prices {p.shape} differ in shape")
        return q * p
    return _dec.mul(quantities, prices, scale, rounding=rounding, context=context)


def _asset_columns(frame: Any, name: str) -> tuple[Union[list[Any], int], str]:
    """The asset columns of a 2-D decimal input (for an Arrow frame, only their number: the
    frame goes to the kernel whole), and the kind of column to return."""
    module = type(frame).__module__
    if module.startswith("pyarrow") and hasattr(frame, "num_columns"):
        return int(frame.num_columns), "pyarrow"
    if module.startswith("polars") and hasattr(frame, "get_columns"):
        return int(frame.width), "polars"
    if isinstance(frame, dict):
        return list(frame.values()), "list"
    if isinstance(frame, (list, tuple)) and all(
        not _dec._is_scalar(c) and c is not None for c in frame
    ):
        return [_dec._column_only(c, name) for c in frame], "list"
    raise InputTypeError(
        f"{name} must be a pyarrow Table, a polars DataFrame, or a dict or list of decimal "
        f"columns (one per asset), got {type(frame).__name__}"
    )


def portfolio_value(
    quantities: Any,
    prices: Any,
    cash: Any = 0,
    *,
    scale: Any = None,
    rounding: Any = None,
    context: Any = None,
) -> Any:
    """Portfolio value: ``cash + sum(quantity x price)``, exact, per bar in the 2-D form.

    Parameters
    ----------
    quantities, prices : decimal columns, 2-D decimal frames, or float64 numpy arrays
        1-D: one row per asset, giving one value. 2-D (time x assets): a pyarrow Table or polars
        DataFrame with one decimal column per asset (or a dict or list of such columns), giving
        one value per bar; one row-major column of fixed-size lists of decimals, one list of
        asset values per bar (a pyarrow ``fixed_size_list`` array or chunked array, a polars
        ``Array`` series), the fastest 2-D form for many assets; or float64 arrays of shape
        (time, assets). Null quantities or prices count as no position (a null list: no
        position at that bar).
    cash : Decimal, str, int, or column
        Cash added to every value (one value per bar in the 2-D form); float for float input.
    scale : int, optional
        Currency scale of the result; default exact (the largest of the products' and cash's
        scales).
    rounding, context
        As in :func:`rustybt_native.decimal.mul`.

    Returns
    -------
    decimal.Decimal, decimal column, float or float64 array
        1-D: one value. 2-D: one value per bar (a pyarrow array for a Table or a pyarrow
        list column, a polars Series for a DataFrame or a polars series, a list otherwise).

    Raises
    ------
    DecimalOverflowError
        If a value needs more digits than the precision.
    InvalidInputError
        For columns of different lengths or frames of different widths.
    InputTypeError
        For a list column (fixed-size lists) paired with another kind of input, or lists of
        something other than decimals.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.portfolio_value(["10", "-3"], ["101.25", "99.125"], cash="1000.00")
    Decimal('1715.125')
    >>> q = {"AAA": ["10", "10"], "BBB": ["2", "0"]}
    >>> p = {"AAA": ["1.50", "1.60"], "BBB": ["100.25", "101.00"]}
    >>> rn.ledger.portfolio_value(q, p, cash="5")
    [Decimal('220.50'), Decimal('21.00')]
    >>> import pyarrow as pa
    >>> from decimal import Decimal as D
    >>> rows = pa.list_(pa.decimal128(9, 2), 2)  # one list of asset values per bar
    >>> q = pa.array([[D(10), D(2)], [D(10), D(0)]], pa.list_(pa.decimal128(9, 0), 2))
    >>> p = pa.array([[D("1.50"), D("100.25")], [D("1.60"), D("101.00")]], rows)
    >>> rn.ledger.portfolio_value(q, p, cash="5").to_pylist()
    [Decimal('220.50'), Decimal('21.00')]
    """
    precision, mode = _dec._context(context, rounding)
    to = _dec._optional_scale(scale)
    if _is_float_array(quantities) or _is_float_array(prices):
        q = float_array(quantities, "quantities", ndims=(1, 2))
        p = float_array(prices, "prices", ndims=(1, 2))
        if q.shape != p.shape:
            raise InvalidInputError(f"quantities {q.shape} and prices {p.shape} differ in shape")
        if q.ndim == 1:
            q, p = q[np.newaxis, :], p[np.newaxis, :]
            cash_rows = np.full(1, float(cash), dtype=np.float64)
        else:
            cash_rows = np.ascontiguousarray(
                np.broadcast_to(np.asarray(cash, dtype=np.float64), (q.shape[0],))
            )
        values = _backend.impl.ledger_portfolio_values_f64(q, p, cash_rows)
        return float(values[0]) if np.ndim(quantities) == 1 else values
    if _is_matrix(quantities) or _is_matrix(prices):
        for value, name in ((quantities, "quantities"), (prices, "prices")):
            if not _is_matrix(value):
                raise InputTypeError(
                    f"{name} must be a fixed-size list column like the other argument, got "
                    f"{type(value).__name__}"
                )
        cash_arg = cash if _dec._is_scalar(cash) else _dec._column_only(cash, "cash")
        values = _backend.impl.ledger_portfolio_values_rows(
            quantities, prices, cash_arg, scale=to, precision=precision, rounding=mode
        )
        if type(quantities).__module__.startswith("polars"):
            import polars as pl

            return pl.Series(values)
        import pyarrow as pa  # type: ignore[import-untyped]

        return values if isinstance(values, pa.Array) else pa.array(values)
    if _is_frame(quantities):
        q_columns, kind = _asset_columns(quantities, "quantities")
        p_columns, _ = _asset_columns(prices, "prices")
        counts = [c if isinstance(c, int) else len(c) for c in (q_columns, p_columns)]
        if counts[0] != counts[1]:
            raise InvalidInputError(
                f"quantities has {counts[0]} asset columns and prices {counts[1]}"
            )
        cash_column = cash if _dec._is_scalar(cash) else _dec._column_only(cash, "cash")
        # Arrow frames go over whole (one import instead of one per column); the rest as lists.
        result = _backend.impl.ledger_portfolio_values(
            quantities
            if isinstance(q_columns, int)
            else [_dec._column_only(c, "quantities") for c in q_columns],
            prices
            if isinstance(p_columns, int)
            else [_dec._column_only(c, "prices") for c in p_columns],
            cash_column,
            scale=to,
            precision=precision,
            rounding=mode,
            arrow=kind != "list",
        )
        if kind == "pyarrow":
            import pyarrow as pa

            return result if isinstance(result, pa.Array) else pa.array(result)
        if kind == "polars":
            import polars as pl

            return pl.Series(result)
        return result
    # One native call: the exact sum of products, plus cash, rounded once.
    return _backend.impl.ledger_portfolio_value(
        _dec._column_only(quantities, "quantities"),
        _dec._column_only(prices, "prices"),
        _money(cash, "cash"),
        scale=to,
        precision=precision,
        rounding=mode,
    )


def _is_matrix(value: Any) -> bool:
    """Whether a decimal input is one row-major 2-D column: Arrow fixed-size lists (a pyarrow
    array or chunked array, a polars ``Array`` series), one list of asset values per bar."""
    module = type(value).__module__
    if module.startswith("pyarrow") and type(value).__name__ in (
        "FixedSizeListArray",
        "ChunkedArray",
    ):
        import pyarrow as pa

        return bool(pa.types.is_fixed_size_list(value.type))
    if module.startswith("polars") and type(value).__name__ == "Series":
        import polars as pl

        return isinstance(value.dtype, pl.Array)
    return False


def _is_frame(value: Any) -> bool:
    """Whether a decimal input is 2-D: a table or frame, a dict or a list of columns."""
    if isinstance(value, dict):
        return True
    module = type(value).__module__
    if module.startswith("pyarrow") and type(value).__name__ in ("Table", "RecordBatch"):
        return True
    if module.startswith("polars") and type(value).__name__ == "DataFrame":
        return True
    return (
        isinstance(value, (list, tuple))
        and len(value) > 0
        and all(v is not None and not _dec._is_scalar(v) for v in value)
    )


def _commission(
    model: str,
    quantity: Any,
    price: Any,
    order_ids: Any,
    scale: Any,
    rounding: Any,
    context: Any,
    **params: Any,
) -> Any:
    ids = _int_array(order_ids, "order_ids", np.int64)
    if _is_float_array(quantity) or _is_float_array(price):
        q = float_array(quantity, "quantity")
        p = float_array(price, "price")
        floats = {k: float(v) for k, v in params.items() if v is not None}
        return _backend.impl.ledger_commissions_f64(model, q, p, ids, **floats)
    precision, mode = _dec._context(context, rounding)
    money = {k: None if v is None else _money(v, k) for k, v in params.items()}
    result = _backend.impl.ledger_commissions(
        model,
        _dec._column_only(quantity, "quantity"),
        _dec._column_only(price, "price"),
        ids,
        scale=_dec._optional_scale(scale),
        precision=precision,
        rounding=mode,
        **money,
    )
    return _dec._mirror(result, quantity)


def per_share_commission(
    quantity: Any,
    price: Any,
    rate: Any,
    minimum: Any = 0,
    *,
    max_fraction: Any = None,
    order_ids: Any = None,
    scale: Any = 2,
    rounding: Any = None,
    context: Any = None,
) -> Any:
    """Commission per fill at ``rate`` a share, at least ``minimum`` per order (zipline's
    ``PerShare(cost=rate, min_trade_cost=minimum)``), optionally capped at ``max_fraction`` of
    each fill's notional.

    Parameters
    ----------
    quantity, price : decimal columns, or float64 numpy arrays
        One row per fill; the sign of the quantity (buy or sell) does not matter.
    rate, minimum, max_fraction : Decimal, str or int (floats for float input)
        Commission per share, minimum per order, cap as a fraction of notional.
    order_ids : array-like of int, optional
        The order of each fill. Fills of one order follow zipline: the first pays
        ``max(minimum, shares x rate)``, later ones only what the order's per-share total
        exceeds the commission already charged. Default: every fill is an order.
    scale : int or None, default 2
        Currency scale of the result (cents); None keeps it exact.
    rounding, context
        As in :func:`rustybt_native.decimal.mul`. Float input is not rounded.

    Returns
    -------
    column
        One commission per fill (null where quantity or price is null), of the input's kind; a
        float64 array for float input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.per_share_commission(["100", "-1000"], ["20.00", "20.00"], "0.005", "1")
    [Decimal('1.00'), Decimal('5.00')]
    >>> fills = ["100", "200", "300"]  # three fills of one order
    >>> rn.ledger.per_share_commission(fills, ["10"] * 3, "0.01", "5", order_ids=[1, 1, 1])
    [Decimal('5.00'), Decimal('0.00'), Decimal('1.00')]
    """
    return _commission(
        "per_share",
        quantity,
        price,
        order_ids,
        scale,
        rounding,
        context,
        rate=rate,
        minimum=minimum,
        max_fraction=max_fraction,
    )


def tiered_per_share_commission(
    quantity: Any,
    price: Any,
    tiers: Any,
    minimum: Any = 0,
    *,
    max_fraction: Any = None,
    volume_before: Any = 0,
    order_ids: Any = None,
    scale: Any = 2,
    rounding: Any = None,
    context: Any = None,
) -> Any:
    """Commission per fill under a tiered per-share schedule (Interactive Brokers' tiered
    pricing): each share pays the rate of the volume tier it falls in, exact.

    Fills add their shares to the volume in row order, starting from ``volume_before`` (the
    volume already traded in the month, say), so one fill may span tiers and pay each tier's
    rate on its part. Then the order rule of :func:`per_share_commission` (zipline's): the first
    fill of an order pays at least ``minimum``, later fills only what the order's cost so far
    exceeds what was charged; ``max_fraction`` caps each fill at that fraction of its notional.

    Parameters
    ----------
    quantity, price : decimal columns
        One row per fill; the sign of the quantity does not matter.
    tiers : sequence of (threshold, rate)
        The shares from ``threshold`` (cumulative volume) to the next threshold cost ``rate``
        each; thresholds strictly ascending from 0. Decimal, str or int values.
    minimum, max_fraction, volume_before : Decimal, str or int
        Minimum per order, cap as a fraction of notional (None: no cap), starting volume.
    order_ids : array-like of int, optional
        The order of each fill (see :func:`per_share_commission`); default every fill an order.
    scale : int or None, default 2
        Currency scale of the result (cents); None keeps it exact.
    rounding, context
        As in :func:`rustybt_native.decimal.mul`.

    Returns
    -------
    column
        One commission per fill (null where quantity or price is null, which adds no volume),
        of the input's kind.

    Raises
    ------
    InvalidInputError
        For an empty schedule, a first threshold other than 0, thresholds not strictly
        ascending, a negative rate, minimum, cap or starting volume, or columns of different
        lengths.
    DecimalOverflowError
        When a commission needs more digits than the context allows.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> ibkr = [(0, "0.0035"), (300_000, "0.002"), (3_000_000, "0.0015")]
    >>> rn.ledger.tiered_per_share_commission(
    ...     ["250000", "100"], ["10.00", "10.00"], ibkr, "0.35", volume_before=100_000)
    [Decimal('800.00'), Decimal('0.35')]
    """
    if isinstance(tiers, (str, bytes)) or not isinstance(tiers, Iterable):
        raise InputTypeError(
            f"tiers must be a sequence of (threshold, rate) pairs, got {type(tiers).__name__}"
        )
    pairs = []
    for i, tier in enumerate(tiers):
        if not isinstance(tier, (tuple, list)) or len(tier) != 2:
            raise InputTypeError(f"tiers[{i}] must be a (threshold, rate) pair, got {tier!r}")
        pairs.append(
            (_money(tier[0], f"tiers[{i}] threshold"), _money(tier[1], f"tiers[{i}] rate"))
        )
    precision, mode = _dec._context(context, rounding)
    result = _backend.impl.ledger_tiered_commissions(
        _dec._column_only(quantity, "quantity"),
        _dec._column_only(price, "price"),
        pairs,
        _money(minimum, "minimum"),
        None if max_fraction is None else _money(max_fraction, "max_fraction"),
        _money(volume_before, "volume_before"),
        _int_array(order_ids, "order_ids", np.int64),
        scale=_dec._optional_scale(scale),
        precision=precision,
        rounding=mode,
    )
    return _dec._mirror(result, quantity)


def per_trade_commission(
    quantity: Any,
    price: Any,
    cost: Any,
    *,
    order_ids: Any = None,
    scale: Any = 2,
    rounding: Any = None,
    context: Any = None,
) -> Any:
    """A flat ``cost`` on the first fill of each order (zipline's ``PerTrade(cost)``).

    See :func:`per_share_commission` for the parameters.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.per_trade_commission(["100", "50", "10"], ["20"] * 3, "1", order_ids=[7, 7, 8])
    [Decimal('1.00'), Decimal('0.00'), Decimal('1.00')]
    """
    return _commission("per_trade", quantity, price, order_ids, scale, rounding, context, cost=cost)


def per_dollar_commission(
    quantity: Any,
    price: Any,
    rate: Any,
    minimum: Any = 0,
    *,
    order_ids: Any = None,
    scale: Any = 2,
    rounding: Any = None,
    context: Any = None,
) -> Any:
    """``rate`` times each fill's notional ``|quantity| x price``, at least ``minimum`` per
    order (zipline's ``PerDollar(cost=rate)``, which has no minimum: 0 gives its numbers).

    See :func:`per_share_commission` for the parameters.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.per_dollar_commission(["100", "-50"], ["20.00", "20.00"], "0.0015")
    [Decimal('3.00'), Decimal('1.50')]
    """
    return _commission(
        "per_dollar",
        quantity,
        price,
        order_ids,
        scale,
        rounding,
        context,
        rate=rate,
        minimum=minimum,
    )


def apply_fills(
    positions: Any,
    cost_basis: Any,
    fill_qty: Any,
    fill_price: Any,
    commissions: Any = None,
    *,
    basis_scale: int = 6,
    rounding: Any = None,
    context: Any = None,
) -> tuple[Any, Any, Any]:
    """New positions, cost bases and realised profit after one fill per row, exact.

    zipline's bookkeeping (``Position.update`` then ``adjust_commission_cost_basis``): the cost
    basis becomes the volume-weighted ``(b0 q0 + p dq) / q1`` when the fill opens or adds to the
    position, the fill price when it flips it, stays when it reduces it, and is 0 when flat; the
    commission is then folded into it, ``(b1 q1 + c) / q1``. Realised profit is
    ``closed x (p - b0)`` on the quantity the fill closes, less the commission when the fill
    leaves the position flat.

    Parameters
    ----------
    positions, cost_basis, fill_qty, fill_price : decimal columns
        One row per position (e.g. per asset), aligned; signed quantities (negative: short).
    commissions : decimal column, optional
        The fill's commission (non-negative), e.g. from :func:`per_share_commission`.
    basis_scale : int, default 6
        Scale of the new cost basis, the one amount that needs a division (rounded once).
    rounding, context
        As in :func:`rustybt_native.decimal.mul`.

    Returns
    -------
    (positions, cost_basis, realized_pnl)
        Three columns of the input's kind; a null in any input row gives nulls in that row.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> q, basis, pnl = rn.ledger.apply_fills(
    ...     ["100", "100", "-50"], ["10.00", "10.00", "20.00"],
    ...     ["100", "-40", "50"], ["12.00", "11.00", "18.00"], ["1.00", "1.00", "1.00"],
    ...     basis_scale=4)
    >>> q
    [Decimal('200'), Decimal('60'), Decimal('0')]
    >>> basis
    [Decimal('11.0050'), Decimal('10.0167'), Decimal('0.0000')]
    >>> pnl
    [Decimal('0.00'), Decimal('40.00'), Decimal('99.00')]
    """
    precision, mode = _dec._context(context, rounding)
    args = [
        _dec._column_only(positions, "positions"),
        _dec._column_only(cost_basis, "cost_basis"),
        _dec._column_only(fill_qty, "fill_qty"),
        _dec._column_only(fill_price, "fill_price"),
    ]
    c = None if commissions is None else _dec._column_only(commissions, "commissions")
    q, basis, pnl = _backend.impl.ledger_apply_fills(
        *args,
        c,
        basis_scale=_dec._scale(basis_scale, "basis_scale"),
        precision=precision,
        rounding=mode,
    )
    return (
        _dec._mirror(q, positions),
        _dec._mirror(basis, positions),
        _dec._mirror(pnl, positions),
    )


class OrderCheck(enum.IntEnum):
    """Reason codes of :func:`validate_orders`, in the order the checks run."""

    OK = 0
    UNKNOWN_ASSET = 1
    NON_POSITIVE_QUANTITY = 2
    PRICE_NOT_ON_TICK = 3
    QUANTITY_NOT_ON_LOT = 4
    BELOW_MIN_NOTIONAL = 5
    ABOVE_MAX_ORDER_VALUE = 6
    EXCEEDS_MAX_POSITION = 7
    INSUFFICIENT_CASH = 8


_CHECK_MESSAGES = {
    OrderCheck.OK: "ok",
    OrderCheck.UNKNOWN_ASSET: "unknown asset",
    OrderCheck.NON_POSITIVE_QUANTITY: "quantity is not positive",
    OrderCheck.PRICE_NOT_ON_TICK: "price is not a multiple of the tick size",
    OrderCheck.QUANTITY_NOT_ON_LOT: "quantity is not a multiple of the lot size",
    OrderCheck.BELOW_MIN_NOTIONAL: "notional is below the minimum",
    OrderCheck.ABOVE_MAX_ORDER_VALUE: "notional is above the maximum order value",
    OrderCheck.EXCEEDS_MAX_POSITION: "the position would exceed the maximum",
    OrderCheck.INSUFFICIENT_CASH: "insufficient cash",
}


def describe_order_checks(codes: Any) -> list[str]:
    """The message of each reason code returned by :func:`validate_orders`.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.describe_order_checks([0, 3])
    ['ok', 'price is not a multiple of the tick size']
    """
    return [_CHECK_MESSAGES[OrderCheck(int(code))] for code in np.asarray(codes).ravel()]


def _int_array(values: Any, name: str, dtype: Any) -> Any:
    if values is None:
        return None
    array = np.asarray(values)
    if array.size == 0:
        array = array.astype(dtype)  # np.asarray([]) is float64
    if array.dtype.kind not in "iu":
        raise InputTypeError(f"{name} must be integers, got dtype {array.dtype}")
    if array.ndim != 1:
        raise InvalidInputError(f"{name} must be 1-D, got {array.ndim}-D")
    return np.ascontiguousarray(array, dtype=dtype)


#: Column kinds (``decimal._kind``) that go to the kernels as they are.
_ARROW_KINDS = frozenset({"pyarrow", "pyarrow-chunked", "polars", "arrow"})


def _order_column(value: Any, name: str) -> Any:
    """``decimal._column_only`` with the common kinds first, for the per-order call: a plain list
    goes as it is (``_column_only`` would copy it) and an Arrow column by its cached kind."""
    if type(value) is list:
        return value
    if value is not None and _dec._kind(value) in _ARROW_KINDS:
        return value
    return _dec._column_only(value, name)


def validate_orders(
    quantity: Any,
    price: Any,
    *,
    side: Any = None,
    positions: Any = None,
    assets: Any = None,
    known_assets: Any = None,
    tick_size: Any = None,
    lot_size: Any = None,
    min_notional: Any = None,
    max_order_value: Any = None,
    max_position: Any = None,
    cash: Any = None,
) -> npt.NDArray[np.uint8]:
    """One reason code (:class:`OrderCheck`) per order: the first check it fails, or ``OK``.

    Checks, in order: the asset is known; the quantity is positive; the price is a multiple of
    ``tick_size``; the quantity a multiple of ``lot_size``; ``quantity x price`` is at least
    ``min_notional`` and at most ``max_order_value``; ``|position + side x quantity|`` is at
    most ``max_position``; a buy costs at most the ``cash`` left by the buys accepted before it
    (in row order; sells free no cash). Every comparison is exact. A limit left as None is not
    checked.

    Parameters
    ----------
    quantity, price : decimal columns
        Order sizes (positive) and limit prices.
    side : array-like of int, optional
        +1 buy, -1 sell per order; default every order a buy.
    positions : decimal column, optional
        Current (signed) position in each order's asset; default flat.
    assets, known_assets : array-like of int, optional
        Each order's asset id, and the ids that exist; both or neither.
    tick_size, lot_size, min_notional, max_order_value, max_position, cash : Decimal, str or int
        The limits.

    Returns
    -------
    numpy.ndarray of uint8
        The codes; :func:`describe_order_checks` turns them into messages.

    Raises
    ------
    InvalidInputError
        For inputs of different lengths, a null quantity or price, a side other than +1 or -1,
        or a tick or lot size that is not positive.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> codes = rn.ledger.validate_orders(
    ...     ["100", "0", "150"], ["10.05", "10.00", "10.01"], tick_size="0.05")
    >>> [rn.ledger.OrderCheck(c).name for c in codes]
    ['OK', 'NON_POSITIVE_QUANTITY', 'PRICE_NOT_ON_TICK']
    """
    if (assets is None) != (known_assets is None):
        raise InvalidInputError("assets and known_assets go together: give both or neither")
    # Lean on purpose: this is the per-order call of a live loop (issue 4's 5 us budget).
    limits = (tick_size, lot_size, min_notional, max_order_value, max_position, cash)
    for name, limit in zip(_LIMIT_NAMES, limits):
        if limit is not None:
            _money(limit, name)
    codes: npt.NDArray[np.uint8] = _backend.impl.ledger_validate_orders(
        quantity if type(quantity) is list else _order_column(quantity, "quantity"),
        price if type(price) is list else _order_column(price, "price"),
        None if side is None else _int_array(side, "side", np.int8),
        None if positions is None else _order_column(positions, "positions"),
        None if assets is None else _int_array(assets, "assets", np.int64),
        None if known_assets is None else _int_array(known_assets, "known_assets", np.int64),
        *limits,
    )
    return codes


_LIMIT_NAMES = ("tick_size", "lot_size", "min_notional", "max_order_value", "max_position", "cash")


def fixed_slippage(quantity: Any, price: Any, spread: Any) -> tuple[Any, Any]:
    """zipline's ``FixedSlippage(spread)``: every order fills in full, a buy at
    ``price + spread / 2`` and a sell at ``price - spread / 2``, exactly.

    Parameters
    ----------
    quantity, price : decimal columns
        Signed order quantities (negative: sell) and reference prices.
    spread : Decimal, str or int
        The full bid-ask spread.

    Returns
    -------
    (quantity, price)
        Fill quantities (the orders') and fill prices, at one more digit than the spread when
        half of it needs one; columns of the input's kind.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.fixed_slippage(["100", "-100"], ["10.00", "10.00"], "0.01")
    ([Decimal('100'), Decimal('-100')], [Decimal('10.005'), Decimal('9.995')])
    """
    q, p = _backend.impl.ledger_fixed_slippage(
        _dec._column_only(quantity, "quantity"),
        _dec._column_only(price, "price"),
        _money(spread, "spread"),
    )
    return _dec._mirror(q, quantity), _dec._mirror(p, quantity)


def volume_share_slippage(
    quantity: Any,
    price: Any,
    volume: Any,
    *,
    volume_limit: Any = "0.025",
    price_impact: Any = "0.1",
    assets: Any = None,
    scale: int = 4,
    rounding: Any = None,
    context: Any = None,
) -> tuple[Any, Any]:
    """zipline's ``VolumeShareSlippage(volume_limit, price_impact)``, orders in row order.

    Each asset may trade ``volume_limit x volume`` shares of the bar, shared by its orders in row
    order (``assets`` names each order's asset; default one asset per order). An order fills
    ``int(min(remaining, |quantity|))`` shares, or nothing when that, or the remaining volume, is
    below 1 or the price is 0; it fills at ``price + sign x share^2 x price_impact x price``
    with ``share = min(filled / volume, volume_limit)``. The fill price is rounded once to
    ``scale``; the fill quantity is exact.

    Returns
    -------
    (quantity, price)
        Filled quantities (signed; 0 where nothing fills) and fill prices (null where nothing
        fills), columns of the input's kind.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.ledger.volume_share_slippage(["1000", "-400"], ["10.00", "10.00"], ["20000", "20000"])
    ([Decimal('500'), Decimal('-400')], [Decimal('10.0006'), Decimal('9.9996')])
    """
    precision, mode = _dec._context(context, rounding)
    q, p = _backend.impl.ledger_volume_share_slippage(
        _dec._column_only(quantity, "quantity"),
        _dec._column_only(price, "price"),
        _dec._column_only(volume, "volume"),
        _int_array(assets, "assets", np.int64),
        volume_limit=_money(volume_limit, "volume_limit"),
        price_impact=_money(price_impact, "price_impact"),
        scale=_dec._scale(scale),
        precision=precision,
        rounding=mode,
    )
    return _dec._mirror(q, quantity), _dec._mirror(p, quantity)
