"""rustybt_native.ledger against zipline's commission formulas and plain Decimal sums."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any, Callable, Optional

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome, on_both_backends
from hypothesis import given
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

WIDE = decimal.Context(prec=1000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def quantize(value: Decimal, scale: Optional[int], rounding: str) -> Decimal:
    if scale is None:
        return value
    return value.quantize(Decimal(1).scaleb(-scale), rounding=rounding, context=WIDE)


def zipline_commissions(
    model: str,
    quantities: list[Decimal],
    prices: list[Decimal],
    order_ids: Optional[list[int]],
    rate: Decimal,
    minimum: Decimal,
    scale: Optional[int],
    rounding: str,
) -> list[Decimal]:
    """zipline.finance.commission, written out for Decimal: PerShare (calculate_per_unit_
    commission), PerTrade, PerDollar (plus a minimum, charged like PerShare's)."""
    state: dict[int, tuple[Decimal, Decimal]] = {}  # order -> (filled, commission)
    out = []
    for i, (amount, price) in enumerate(zip(quantities, prices)):
        key = i if order_ids is None else order_ids[i]
        filled, paid = state.get(key, (Decimal(0), Decimal(0)))
        if model == "per_trade":
            charge = rate if paid == 0 else Decimal(0)
            unit = abs(amount)
        else:
            unit = abs(amount) if model == "per_share" else WIDE.multiply(abs(amount), abs(price))
            additional = WIDE.multiply(unit, rate)
            if paid == 0:
                charge = max(minimum, additional)
            else:
                total = WIDE.add(WIDE.multiply(filled, rate), additional)
                charge = Decimal(0) if total < minimum else WIDE.subtract(total, paid)
        charge = quantize(charge, scale, rounding)
        out.append(charge)
        state[key] = (WIDE.add(filled, unit), WIDE.add(paid, charge))
    return out


def same(got: list, expected: list) -> None:
    assert [None if v is None else (v, v.as_tuple().exponent) for v in got] == [
        None if v is None else (v, v.as_tuple().exponent) for v in expected
    ]


fills = st.lists(
    st.tuples(
        st.integers(-5000, 5000),
        st.integers(1, 10**7),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=25,
)


@given(
    fills,
    st.sampled_from(["per_share", "per_trade", "per_dollar"]),
    st.sampled_from(["0", "0.005", "0.0015", "1", "0.0075"]),
    st.sampled_from(["0", "1", "5.00", "0.35"]),
    st.sampled_from([None, 2, 4]),
    st.sampled_from(rn.decimal.ROUNDING_MODES),
    st.booleans(),
)
def test_commissions_follow_zipline(
    rows: list,
    model: str,
    rate: str,
    minimum: str,
    scale: Optional[int],
    rounding: str,
    grouped: bool,
) -> None:
    quantities = [Decimal(q) for q, _, _ in rows]
    prices = [Decimal(p).scaleb(-4) for _, p, _ in rows]
    ids = [o for _, _, o in rows] if grouped else None
    expected = zipline_commissions(
        model, quantities, prices, ids, Decimal(rate), Decimal(minimum), scale, rounding
    )
    if model == "per_trade":
        got = rn.ledger.per_trade_commission(
            quantities, prices, rate, order_ids=ids, scale=scale, rounding=rounding
        )
    else:
        function = getattr(rn.ledger, f"{model}_commission")
        got = function(
            quantities, prices, rate, minimum, order_ids=ids, scale=scale, rounding=rounding
        )
    expected_scaled = [quantize(v, scale, rounding) if scale is not None else v for v in expected]
    assert got == expected_scaled
    if scale is not None:
        same(got, expected_scaled)


@given(fills, st.sampled_from(["per_share", "per_trade", "per_dollar"]), st.booleans())
def test_float_twin_is_zipline_bit_for_bit(rows: list, model: str, grouped: bool) -> None:
    q = np.array([float(r[0]) for r in rows])
    p = np.array([r[1] / 1e4 for r in rows])
    ids = np.array([r[2] for r in rows]) if grouped else None
    rate, minimum = 0.0075, 1.0
    state: dict[int, tuple[float, float]] = {}
    expected = []
    for i, (amount, price) in enumerate(zip(q.tolist(), p.tolist())):
        key = i if ids is None else int(ids[i])
        filled, paid = state.get(key, (0.0, 0.0))
        if model == "per_share":
            additional = abs(amount * rate)
            if paid == 0:
                charge = max(minimum, additional)
            else:
                total = abs(filled * rate) + additional
                charge = 0.0 if total < minimum else total - paid
            step = amount
        elif model == "per_trade":
            charge, step = (rate if paid == 0 else 0.0), amount
        else:
            additional = rate * abs(amount) * price
            if paid == 0:
                charge = max(minimum, additional)
            else:
                total = rate * filled + additional
                charge = 0.0 if total < minimum else total - paid
            step = abs(amount) * price
        expected.append(charge)
        state[key] = (filled + step, paid + charge)
    if model == "per_trade":
        got = rn.ledger.per_trade_commission(q, p, rate, order_ids=ids)
    else:
        got = getattr(rn.ledger, f"{model}_commission")(q, p, rate, minimum, order_ids=ids)
    np.testing.assert_array_equal(got, np.array(expected))


def test_per_share_cap_and_nulls() -> None:
    q = pa.array([Decimal(100), None, Decimal(1000)], pa.decimal128(10, 0))
    p = pa.array([Decimal("0.50"), Decimal("20.00"), Decimal("20.00")], pa.decimal128(10, 2))
    got = rn.ledger.per_share_commission(q, p, "0.005", "1", max_fraction="0.01")
    assert isinstance(got, pa.Array)
    # 100 shares at $0.50: the $1 minimum is capped at 1% of $50
    assert got.to_pylist() == [Decimal("0.50"), None, Decimal("5.00")]


@given(
    st.lists(
        st.tuples(st.integers(-(10**9), 10**9), st.integers(0, 10**9)), min_size=0, max_size=30
    ),
    st.integers(-(10**6), 10**6),
    st.sampled_from([None, 0, 2]),
)
def test_portfolio_value_is_the_exact_sum(rows: list, cash: int, scale: Optional[int]) -> None:
    quantities = [Decimal(q) for q, _ in rows]
    prices = [Decimal(p).scaleb(-3) for _, p in rows]
    cash_d = Decimal(cash).scaleb(-2)
    exact = sum((WIDE.multiply(q, p) for q, p in zip(quantities, prices)), Decimal(0))
    exact = WIDE.add(exact, cash_d)
    got = rn.ledger.portfolio_value(quantities, prices, cash_d, scale=scale)
    assert got == quantize(exact, scale, "ROUND_HALF_EVEN")


def test_portfolio_value_per_bar_in_every_form() -> None:
    q = {"AAA": ["10", "10", None], "BBB": ["2", "0", "1"]}
    p = {"AAA": ["1.50", "1.60", "1.70"], "BBB": ["100.25", "101.00", "99.99"]}
    expected = [Decimal("220.50"), Decimal("21.00"), Decimal("104.99")]
    assert rn.ledger.portfolio_value(q, p, cash="5") == expected
    assert rn.ledger.portfolio_value(list(q.values()), list(p.values()), cash="5") == expected
    qt = pa.table(
        {
            k: pa.array([None if v is None else Decimal(v) for v in c], pa.decimal128(10, 0))
            for k, c in q.items()
        }
    )
    pt = pa.table(
        {k: pa.array([Decimal(v) for v in c], pa.decimal128(10, 2)) for k, c in p.items()}
    )
    arrow = rn.ledger.portfolio_value(qt, pt, cash="5")
    assert isinstance(arrow, pa.Array)
    assert arrow.to_pylist() == expected
    polars = rn.ledger.portfolio_value(pl.from_arrow(qt), pl.from_arrow(pt), cash="5")
    assert isinstance(polars, pl.Series)
    assert polars.to_list() == expected
    # Several chunks per column (a concatenated table) give the same values.
    chunked = pa.concat_tables([qt.slice(0, 1), qt.slice(1)])
    assert chunked.column(0).num_chunks == 2
    assert rn.ledger.portfolio_value(chunked, pt, cash="5").to_pylist() == expected
    cash_per_bar = ["1", "2", "3"]
    assert rn.ledger.portfolio_value(q, p, cash=cash_per_bar, scale=1) == [
        Decimal("216.5"),
        Decimal("18.0"),
        Decimal("103.0"),
    ]


def test_float_portfolio_value_and_position_values() -> None:
    rng = np.random.default_rng(3)
    q = rng.integers(-100, 100, (50, 7)).astype(np.float64)
    p = rng.uniform(1, 100, (50, 7))
    cash = rng.uniform(0, 1000, 50)
    got = rn.ledger.portfolio_value(q, p, cash)
    expected = np.array([sum((q[t] * p[t]).tolist()) + cash[t] for t in range(50)])
    np.testing.assert_array_equal(got, expected)
    assert rn.ledger.portfolio_value(q[0], p[0], 10.0) == sum((q[0] * p[0]).tolist()) + 10.0
    np.testing.assert_array_equal(rn.ledger.position_values(q, p), q * p)
    assert rn.ledger.position_values(["10", "-3"], ["1.005", "2"], 2) == [
        Decimal("10.05"),
        Decimal("-6.00"),
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: rn.ledger.per_share_commission(["1", "2"], ["1"], "0.01"),
            exc.InvalidInputError,
            "differ in length",
        ),
        (
            lambda: rn.ledger.per_share_commission(["1"], ["1"], ["0.01"]),
            exc.InputTypeError,
            "rate must be a single",
        ),
        (
            lambda: rn.ledger.per_share_commission(["1"], ["1"], "x"),
            exc.DecimalParseError,
            "rate",
        ),
        (
            lambda: rn.ledger.per_trade_commission(["1"], ["1"], "1", order_ids=[1, 2]),
            exc.InvalidInputError,
            "differ in length",
        ),
        (
            lambda: rn.ledger.per_trade_commission(["1"], ["1"], "1", order_ids=[1.5]),
            exc.InputTypeError,
            "order_ids",
        ),
        (
            lambda: rn.ledger.per_share_commission(["1"], ["1"], "0.01", scale=40),
            exc.InvalidParameterError,
            "scale = 40",
        ),
        (
            lambda: rn.ledger.per_dollar_commission(["1E+30"], ["1E+30"], "1", scale=0),
            exc.DecimalOverflowError,
            "commission at row 0",
        ),
        (
            lambda: rn.ledger.portfolio_value({"A": ["1"]}, {"A": ["1"], "B": ["2"]}),
            exc.InvalidInputError,
            "asset columns",
        ),
        (
            lambda: rn.ledger.portfolio_value({"A": ["1", "2"]}, {"A": ["1"]}),
            exc.InvalidInputError,
            "differ in length",
        ),
        (
            lambda: rn.ledger.portfolio_value(["1"], ["1", "2"]),
            exc.InvalidInputError,
            "differ in length",
        ),
        (
            lambda: rn.ledger.portfolio_value(np.ones(3), np.ones(2)),
            exc.InvalidInputError,
            "differ in shape",
        ),
        (
            lambda: rn.ledger.portfolio_value(["9" * 38], ["10"]),
            exc.DecimalOverflowError,
            "sum of products",
        ),
    ],
)
def test_bad_input(call: Callable[[], Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()
    assert_same_outcome(call)


def zipline_position(
    q0: Decimal, b0: Decimal, dq: Decimal, p: Decimal, c: Decimal
) -> tuple[Decimal, Decimal, Decimal]:
    """zipline's Position.update + adjust_commission_cost_basis, exact (unrounded basis), and
    the realised profit on the closed quantity (less the commission when flat)."""
    q1 = WIDE.add(q0, dq)
    realized = Decimal(0)
    if q0 != 0 and (q0 > 0) != (dq > 0):
        closed = q0 if abs(dq) > abs(q0) else -dq
        realized = WIDE.multiply(closed, WIDE.subtract(p, b0))
    if q1 == 0:
        return q1, Decimal(0), WIDE.subtract(realized, c)
    if q0 == 0 or (q0 > 0) == (dq > 0):
        basis = WIDE.divide(WIDE.add(WIDE.multiply(b0, q0), WIDE.multiply(p, dq)), q1)
    elif abs(dq) > abs(q0):
        basis = p
    else:
        basis = b0
    basis = WIDE.divide(WIDE.add(WIDE.multiply(basis, q1), c), q1)
    return q1, basis, realized


@given(
    st.lists(
        st.tuples(
            st.integers(-1000, 1000),
            st.integers(1, 10**6),
            st.integers(-1000, 1000).filter(lambda v: v != 0),
            st.integers(1, 10**6),
            st.integers(0, 500),
        ),
        min_size=1,
        max_size=20,
    ),
    st.integers(0, 10),
    st.sampled_from(rn.decimal.ROUNDING_MODES),
)
def test_apply_fills_follows_zipline(rows: list, basis_scale: int, rounding: str) -> None:
    q0 = [Decimal(r[0]) for r in rows]
    b0 = [Decimal(r[1]).scaleb(-2) for r in rows]
    dq = [Decimal(r[2]) for r in rows]
    p = [Decimal(r[3]).scaleb(-2) for r in rows]
    c = [Decimal(r[4]).scaleb(-2) for r in rows]
    q, basis, pnl = rn.ledger.apply_fills(
        q0, b0, dq, p, c, basis_scale=basis_scale, rounding=rounding
    )
    for i in range(len(rows)):
        want_q, want_basis, want_pnl = zipline_position(q0[i], b0[i], dq[i], p[i], c[i])
        assert q[i] == want_q
        assert basis[i] == quantize(want_basis, basis_scale, rounding)
        assert basis[i].as_tuple().exponent == -basis_scale
        assert pnl[i] == want_pnl


def test_apply_fills_with_arrow_and_nulls() -> None:
    q0 = pa.array([Decimal(100), None], pa.decimal128(10, 0))
    b0 = pa.array([Decimal("10.00"), Decimal("1.00")], pa.decimal128(10, 2))
    dq = pa.array([Decimal(-100), Decimal(5)], pa.decimal128(10, 0))
    p = pa.array([Decimal("12.50"), Decimal("1.00")], pa.decimal128(10, 2))
    q, basis, pnl = rn.ledger.apply_fills(q0, b0, dq, p, basis_scale=2)
    assert isinstance(q, pa.Array)
    assert q.to_pylist() == [Decimal(0), None]
    assert basis.to_pylist() == [Decimal("0.00"), None]
    assert pnl.to_pylist() == [Decimal("250.00"), None]
    call = lambda: rn.ledger.apply_fills(["1"], ["1"], ["1", "2"], ["1"])  # noqa: E731
    with pytest.raises(exc.InvalidInputError, match="differ in length"):
        call()
    assert_same_outcome(call)
    call = lambda: rn.ledger.apply_fills(["1"], ["1"], ["1"], ["1"], basis_scale=39)  # noqa: E731
    with pytest.raises(exc.InvalidParameterError, match="basis_scale = 39"):
        call()
    assert_same_outcome(call)


@given(
    st.lists(
        st.tuples(
            st.integers(-5, 400),  # quantity
            st.integers(1, 3000),  # price in cents
            st.sampled_from([1, -1]),
            st.integers(-500, 500),  # position
            st.integers(0, 3),  # asset id (3 is unknown)
        ),
        max_size=25,
    ),
    st.sampled_from([None, "0.05", "0.01", "1"]),
    st.sampled_from([None, "1", "50"]),
    st.sampled_from([None, "100", "5"]),
    st.sampled_from([None, "20000", "1000.50"]),
    st.sampled_from([None, "500", "250"]),
    st.sampled_from([None, "10000", "0"]),
)
def test_validate_orders_against_a_plain_loop(
    rows: list,
    tick: Optional[str],
    lot: Optional[str],
    min_notional: Optional[str],
    max_value: Optional[str],
    max_position: Optional[str],
    cash: Optional[str],
) -> None:
    q = [Decimal(r[0]) for r in rows]
    p = [Decimal(r[1]).scaleb(-2) for r in rows]
    side = [r[2] for r in rows]
    held = [Decimal(r[3]) for r in rows]
    assets = [r[4] for r in rows]
    got = rn.ledger.validate_orders(
        q,
        p,
        side=side,
        positions=held,
        assets=assets,
        known_assets=[0, 1, 2],
        tick_size=tick,
        lot_size=lot,
        min_notional=min_notional,
        max_order_value=max_value,
        max_position=max_position,
        cash=cash,
    )
    check = rn.ledger.OrderCheck
    left = None if cash is None else Decimal(cash)
    expected = []
    for qi, pi, si, hi, ai in zip(q, p, side, held, assets):
        notional = qi * pi
        if ai == 3:
            code = check.UNKNOWN_ASSET
        elif qi <= 0:
            code = check.NON_POSITIVE_QUANTITY
        elif tick is not None and pi % Decimal(tick) != 0:
            code = check.PRICE_NOT_ON_TICK
        elif lot is not None and qi % Decimal(lot) != 0:
            code = check.QUANTITY_NOT_ON_LOT
        elif min_notional is not None and notional < Decimal(min_notional):
            code = check.BELOW_MIN_NOTIONAL
        elif max_value is not None and notional > Decimal(max_value):
            code = check.ABOVE_MAX_ORDER_VALUE
        elif max_position is not None and abs(hi + si * qi) > Decimal(max_position):
            code = check.EXCEEDS_MAX_POSITION
        elif si > 0 and left is not None and notional > left:
            code = check.INSUFFICIENT_CASH
        else:
            code = check.OK
            if si > 0 and left is not None:
                left -= notional
        expected.append(int(code))
    assert got.dtype == np.uint8
    assert got.tolist() == expected
    assert len(rn.ledger.describe_order_checks(got)) == len(rows)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: rn.ledger.validate_orders(["1"], ["1"], side=[0]),
            exc.InvalidInputError,
            "sides are",
        ),
        (
            lambda: rn.ledger.validate_orders(["1"], ["1"], tick_size="0"),
            exc.InvalidInputError,
            "tick_size must be positive",
        ),
        (
            lambda: rn.ledger.validate_orders(["1", None], ["1", "2"]),
            exc.InvalidInputError,
            "null quantity or price",
        ),
        (
            lambda: rn.ledger.validate_orders(["1"], ["1", "2"]),
            exc.InvalidInputError,
            "differ in length",
        ),
        (
            lambda: rn.ledger.validate_orders(["1"], ["1"], assets=[1]),
            exc.InvalidInputError,
            "known_assets",
        ),
        (
            lambda: rn.ledger.validate_orders(["1"], ["1"], cash=["1"]),
            exc.InputTypeError,
            "cash must be a single",
        ),
    ],
)
def test_validate_orders_bad_input(call: Callable[[], Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()
    assert_same_outcome(call)


def zipline_volume_share(
    rows: list[tuple[Decimal, Decimal, Decimal, int]], limit: Decimal, impact: Decimal
) -> list[tuple[int, Optional[Decimal]]]:
    """zipline.finance.slippage.VolumeShareSlippage.process_order over orders in row order, with
    exact arithmetic (volume_for_bar per asset)."""
    traded: dict[int, Decimal] = {}
    out: list[tuple[int, Optional[Decimal]]] = []
    for quantity, price, volume, asset in rows:
        max_volume = WIDE.multiply(limit, volume)
        remaining = max_volume - traded.get(asset, Decimal(0))
        if remaining < 1:
            out.append((0, None))
            continue
        cur = int(min(remaining, abs(quantity)))
        if cur < 1 or price == 0:
            out.append((0, None))
            continue
        share = min(WIDE.divide(Decimal(cur), volume), limit)
        direction = 1 if quantity > 0 else -1
        impacted = WIDE.add(
            price, WIDE.multiply(WIDE.multiply(share * share, impact), price) * direction
        )
        out.append((cur * direction, impacted))
        traded[asset] = traded.get(asset, Decimal(0)) + cur
    return out


@given(
    st.lists(
        st.tuples(
            st.integers(-3000, 3000).filter(lambda v: v != 0),
            st.integers(0, 10**5),
            st.integers(1, 10**6),
            st.integers(0, 2),
        ),
        max_size=20,
    ),
    st.sampled_from(["0.025", "0.1", "1"]),
    st.sampled_from(["0.1", "0.05"]),
    st.integers(2, 8),
    st.sampled_from(rn.decimal.ROUNDING_MODES),
)
def test_volume_share_slippage_follows_zipline(
    rows: list, limit: str, impact: str, scale: int, rounding: str
) -> None:
    orders = [(Decimal(q), Decimal(p).scaleb(-2), Decimal(v), a) for q, p, v, a in rows]
    q, p = rn.ledger.volume_share_slippage(
        [o[0] for o in orders],
        [o[1] for o in orders],
        [o[2] for o in orders],
        volume_limit=limit,
        price_impact=impact,
        assets=[o[3] for o in orders],
        scale=scale,
        rounding=rounding,
    )
    expected = zipline_volume_share(orders, Decimal(limit), Decimal(impact))
    assert q == [Decimal(e[0]) for e in expected]
    assert p == [None if e[1] is None else quantize(e[1], scale, rounding) for e in expected]


def test_fixed_slippage_and_bad_input() -> None:
    q = pa.array([Decimal(10), Decimal(-10), None], pa.decimal128(10, 0))
    p = pa.array([Decimal("10.00"), Decimal("10.00"), Decimal("1.00")], pa.decimal128(10, 2))
    fill_q, fill_p = rn.ledger.fixed_slippage(q, p, "0.05")
    assert fill_q.to_pylist() == [Decimal(10), Decimal(-10), None]
    assert fill_p.to_pylist() == [Decimal("10.025"), Decimal("9.975"), None]
    for call, error, message in [
        (
            lambda: rn.ledger.fixed_slippage(["1"], ["1", "2"], "0.01"),
            exc.InvalidInputError,
            "differ",
        ),
        (lambda: rn.ledger.fixed_slippage(["1"], ["1"], ["0.01"]), exc.InputTypeError, "spread"),
        (
            lambda: rn.ledger.volume_share_slippage(["1"], ["1"], ["-5"]),
            exc.InvalidInputError,
            "volume",
        ),
        (
            lambda: rn.ledger.volume_share_slippage(["1"], ["1"], ["5"], assets=[1, 2]),
            exc.InvalidInputError,
            "differ",
        ),
    ]:
        with pytest.raises(error, match=message):
            call()
        assert_same_outcome(call)


def test_portfolio_value_frame_errors_name_the_column() -> None:
    qt = pa.table({"AAA": pa.array([Decimal(1)], pa.decimal128(10, 0)), "BBB": [1.5]})
    pt = pa.table({"AAA": pa.array([Decimal(2)], pa.decimal128(10, 2))} | {"BBB": [Decimal(1)]})
    # The Arrow type is spelled by each backend's Arrow library (Float64 / double).
    for err in on_both_backends(lambda: rn.ledger.portfolio_value(qt, pt)):
        assert isinstance(err, exc.InputTypeError)
        assert str(err).startswith("quantities[1] must be a decimal column")
    narrow = pa.table({"AAA": pa.array([Decimal(2)], pa.decimal128(10, 2))})
    err = assert_same_outcome(lambda: rn.ledger.portfolio_value(qt, narrow))
    assert isinstance(err, exc.InvalidInputError)
