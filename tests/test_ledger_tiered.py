"""ledger.tiered_per_share_commission against a plain Python decimal loop written from the rule."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any, Optional

import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

IBKR = [(0, "0.0035"), (300_000, "0.002"), (3_000_000, "0.0015"), (20_000_000, "0.001")]


def reference(
    quantities: list[Decimal],
    prices: list[Decimal],
    tiers: list[tuple[Decimal, Decimal]],
    minimum: Decimal,
    volume_before: Decimal,
    order_ids: Optional[list[int]],
    max_fraction: Optional[Decimal] = None,
) -> list[Decimal]:
    """Share by share would be too slow: tier by tier, then zipline's per-order rule, to cents."""
    ctx = decimal.Context(prec=200)
    volume = volume_before
    orders: dict[int, tuple[Decimal, Decimal]] = {}
    out = []
    for i, (q, p) in enumerate(zip(quantities, prices)):
        shares = abs(q)
        end = ctx.add(volume, shares)
        cost = Decimal(0)
        for k, (start, rate) in enumerate(tiers):
            upto = tiers[k + 1][0] if k + 1 < len(tiers) else end
            part = min(end, upto) - max(volume, start)
            if part > 0:
                cost = ctx.add(cost, ctx.multiply(part, rate))
        volume = end
        key = order_ids[i] if order_ids is not None else None
        before, paid = orders.get(key, (Decimal(0), Decimal(0))) if key is not None else (0, 0)
        if paid == 0:
            charge = max(cost, minimum)
        else:
            total = ctx.add(before, cost)
            charge = Decimal(0) if total < minimum else ctx.subtract(total, paid)
        if max_fraction is not None:
            charge = min(charge, ctx.multiply(ctx.multiply(shares, abs(p)), max_fraction))
        rounded = charge.quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN, context=ctx)
        out.append(rounded)
        if key is not None:
            orders[key] = (ctx.add(before, cost), ctx.add(paid, rounded))
    return out


fills = st.lists(
    st.tuples(
        st.decimals(-500_000, 500_000, places=2, allow_nan=False),
        st.decimals("0.01", "5000", places=2, allow_nan=False),
        st.integers(0, 3),
    ),
    max_size=30,
)


@given(
    rows=fills,
    before=st.sampled_from([Decimal(0), Decimal(299_990), Decimal(25_000_000)]),
    grouped=st.booleans(),
    capped=st.booleans(),
)
def test_matches_the_rule_tier_by_tier(
    rows: list[Any], before: Decimal, grouped: bool, capped: bool
) -> None:
    q = [r[0] for r in rows]
    p = [r[1] for r in rows]
    ids = [r[2] for r in rows] if grouped else None
    tiers = [(Decimal(t), Decimal(r)) for t, r in IBKR]
    cap = Decimal("0.01") if capped else None
    want = reference(q, p, tiers, Decimal("0.35"), before, ids, cap)
    native, python = assert_same_outcome(
        lambda: rn.ledger.tiered_per_share_commission(
            q, p, IBKR, "0.35", volume_before=before, order_ids=ids, max_fraction=cap
        )
    )
    assert native == want
    assert python == want


def test_one_tier_is_the_per_share_model() -> None:
    q, p, ids = ["100", "200", "300", "100"], ["10"] * 4, [1, 1, 1, 2]
    tiered = rn.ledger.tiered_per_share_commission(q, p, [(0, "0.01")], "5", order_ids=ids)
    flat = rn.ledger.per_share_commission(q, p, "0.01", "5", order_ids=ids)
    assert tiered == flat


def test_arrow_in_arrow_out_and_nulls_add_no_volume() -> None:
    q = pa.array([Decimal(200), None, Decimal(200)], pa.decimal128(12, 0))
    p = pa.array([Decimal("1.00")] * 3, pa.decimal128(12, 2))
    out = rn.ledger.tiered_per_share_commission(q, p, [(0, "0.01"), (300, "0.001")], scale=4)
    assert isinstance(out, pa.Array)
    # 200 at 0.01; the null row adds nothing; then 100 at 0.01 and 100 at 0.001
    assert out.to_pylist() == [Decimal("2.0000"), None, Decimal("1.1000")]


@pytest.mark.parametrize(
    ("tiers", "kwargs", "error", "message"),
    [
        ([], {}, exc.InvalidInputError, "tiers is empty"),
        ([(5, "0.01")], {}, exc.InvalidInputError, "first tier's threshold must be 0"),
        ([(0, "0.01"), (0, "0.02")], {}, exc.InvalidInputError, "strictly ascending"),
        ([(0, "-0.01")], {}, exc.InvalidInputError, "negative rate"),
        ([(0, "0.01")], {"volume_before": -1}, exc.InvalidInputError, "volume_before"),
        ([(0, "0.01")], {"minimum": "-1"}, exc.InvalidInputError, "minimum"),
        ([(0, 0.01)], {}, exc.InputTypeError, "tiers[0] rate"),
        ([0, 1], {}, exc.InputTypeError, "tiers[0] must be a (threshold, rate) pair"),
        ("0.01", {}, exc.InputTypeError, "sequence of (threshold, rate)"),
        ([(0, "0.01")], {"order_ids": [1]}, exc.InvalidInputError, "differ in length"),
    ],
)
def test_bad_input(tiers: Any, kwargs: dict[str, Any], error: type, message: str) -> None:
    raised = assert_same_outcome(
        lambda: rn.ledger.tiered_per_share_commission(["1", "2"], ["1", "1"], tiers, **kwargs)
    )
    assert isinstance(raised, error)
    assert message in str(raised)
