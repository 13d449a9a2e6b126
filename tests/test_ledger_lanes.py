"""The native ledger kernels' fast lanes (64-bit mantissas, 128-bit products) at their
boundaries: values on both sides of 2^31 and 2^63, where a row moves from the lane to the
general 128/256-bit code, must give the numbers the decimal module gives, on both backends."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome

WIDE = decimal.Context(prec=200)
EDGES = [2**31 - 1, 2**31, 2**31 + 1, 2**62, 2**63 - 1, 2**63, 2**64 + 3, 15, 25, 35, 12345]


@pytest.mark.parametrize("rounding", ["ROUND_HALF_EVEN", "ROUND_HALF_UP", "ROUND_UP", "ROUND_05UP"])
def test_commissions_across_the_lane_boundary(rounding: str) -> None:
    quantities = [Decimal(v) for v in EDGES] + [Decimal(-v) for v in EDGES]
    prices = [Decimal("10.05")] * len(quantities)
    rate, minimum, cent = Decimal("0.005"), Decimal("0.01"), Decimal("0.01")
    got = rn.ledger.per_share_commission(
        [str(q) for q in quantities], [str(p) for p in prices], "0.005", "0.01", rounding=rounding
    )
    want = [
        max(minimum, WIDE.multiply(abs(q), rate)).quantize(cent, rounding=rounding, context=WIDE)
        for q in quantities
    ]
    assert got == want
    capped = rn.ledger.per_share_commission(
        [str(q) for q in quantities], ["0.01"] * len(quantities), "0.005", "1", max_fraction="0.1"
    )
    notional_cap = [
        WIDE.multiply(WIDE.multiply(abs(q), Decimal("0.01")), Decimal("0.1")) for q in quantities
    ]
    want_capped = [
        min(max(Decimal(1), WIDE.multiply(abs(q), rate)), cap).quantize(cent, context=WIDE)
        for q, cap in zip(quantities, notional_cap)
    ]
    assert capped == want_capped


def test_portfolio_value_across_the_lane_boundary() -> None:
    # Nine assets: one group of eight in the lane plus one more; bars whose products or sums
    # leave 128 bits are recomputed in 256.
    bars = [[str(v) for v in (EDGES[k % len(EDGES)] for k in range(t, t + 9))] for t in range(5)]
    quantities = {f"a{j}": [bars[t][j] for t in range(5)] for j in range(9)}
    prices = {f"a{j}": ["0.01", "-2.50", "21474836.48", "10995116277.76", "1.25"] for j in range(9)}
    got = rn.ledger.portfolio_value(quantities, prices, cash="5")
    want = []
    for t in range(5):
        total = Decimal(5)
        for a in quantities:
            total = WIDE.add(total, WIDE.multiply(Decimal(quantities[a][t]), Decimal(prices[a][t])))
        want.append(total)
    assert got == want


def test_validate_orders_across_the_lane_boundary() -> None:
    quantities = [str(v) for v in EDGES]
    prices = ["10.05", "10.01", "0.05", "10.05", "1", "0.10", "0.15", "100", "10.05", "3.33", "1"]
    got = rn.ledger.validate_orders(quantities, prices, tick_size="0.05", cash="1e40")
    left, want = Decimal("1e40"), []
    for q, p in zip(quantities, prices):
        notional = WIDE.multiply(Decimal(q), Decimal(p))
        if Decimal(p) % Decimal("0.05") != 0:
            want.append(3)
        elif notional > left:
            want.append(8)
        else:
            want.append(0)
            left = WIDE.subtract(left, notional)
    assert list(got) == want


def test_fills_and_slippage_across_the_lane_boundary() -> None:
    held = [str(v) for v in EDGES]
    fills = [str(-v) for v in reversed(EDGES)]
    prices = ["10.05"] * len(EDGES)
    assert_same_outcome(lambda: rn.ledger.apply_fills(held, prices, fills, prices))
    volumes = [str(v * 40) for v in EDGES]
    assert_same_outcome(lambda: rn.ledger.volume_share_slippage(fills, prices, volumes))
