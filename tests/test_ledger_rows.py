"""rustybt_native.ledger.portfolio_value on row-major list columns (Arrow fixed-size lists of
decimals, one list of asset values per bar) against the asset-column form and plain Decimal sums.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Optional

import polars as pl
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome, on_both_backends
from hypothesis import given, settings
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

WIDE = decimal.Context(prec=1000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def list_column(rows: list, scale: int, size: int, precision: int = 38) -> pa.Array:
    """Fixed-size lists of decimal128(precision, scale); a row may be None (a null list)."""
    item = pa.decimal128(precision, scale)
    return pa.array(rows, pa.list_(item, size))


def asset_columns(rows: list, size: int) -> list[list[Optional[Decimal]]]:
    return [[None if r is None else r[j] for r in rows] for j in range(size)]


def test_list_columns_give_the_value_per_bar() -> None:
    q = list_column([[Decimal(10), Decimal(2)], [Decimal(10), Decimal(0)]], 0, 2, 9)
    p = list_column(
        [[Decimal("1.50"), Decimal("100.25")], [Decimal("1.60"), Decimal("101.00")]], 2, 2, 9
    )
    got = rn.ledger.portfolio_value(q, p, cash="5")
    assert isinstance(got, pa.Array)
    assert got.type == pa.decimal128(38, 2)
    assert got.to_pylist() == [Decimal("220.50"), Decimal("21.00")]
    # Rounded once to the scale asked, cash per bar.
    got = rn.ledger.portfolio_value(q, p, cash=["0.05", "0.04"], scale=1, rounding="ROUND_HALF_UP")
    assert got.to_pylist() == [Decimal("215.6"), Decimal("16.0")]


def test_nulls_count_as_no_position_and_a_null_list_as_none_held() -> None:
    q = list_column([[Decimal(3), None], None, [Decimal(1), Decimal(1)]], 0, 2)
    p = list_column(
        [[Decimal("2.5"), Decimal(7)], [Decimal(1), Decimal(1)], [None, Decimal(4)]], 1, 2
    )
    got = rn.ledger.portfolio_value(q, p, cash="1")
    assert got.to_pylist() == [Decimal("8.5"), Decimal("1.0"), Decimal("5.0")]


def test_chunked_sliced_and_polars_inputs() -> None:
    rows = [[Decimal(i), Decimal(-i)] for i in range(6)]
    prices = [[Decimal("1.25"), Decimal("0.75")]] * 6
    q, p = list_column(rows, 0, 2), list_column(prices, 2, 2)
    expected = [Decimal(i) * Decimal("0.50") for i in range(6)]
    chunked = pa.chunked_array([q.slice(0, 2), q.slice(2, 3), q.slice(5)])
    assert rn.ledger.portfolio_value(chunked, p).to_pylist() == expected
    assert rn.ledger.portfolio_value(q.slice(2), p.slice(2)).to_pylist() == expected[2:]
    series = rn.ledger.portfolio_value(pl.from_arrow(q), pl.from_arrow(p))
    assert isinstance(series, pl.Series)
    assert series.to_list() == expected
    # Narrow decimal types are widened.
    narrow = q.cast(pa.list_(pa.decimal64(18, 0), 2))
    assert rn.ledger.portfolio_value(narrow, p).to_pylist() == expected


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 6),
    st.integers(0, 9),
    st.data(),
    st.sampled_from([None, 0, 3]),
    st.sampled_from(["ROUND_HALF_EVEN", "ROUND_FLOOR", "ROUND_05UP"]),
)
def test_equals_the_asset_column_form_and_the_exact_sum(
    bars: int, assets: int, data: st.DataObject, scale: Optional[int], rounding: str
) -> None:
    # Prices beyond 64-bit mantissas take the wide path; sums stay within 38 digits.
    quantity = st.one_of(st.none(), st.integers(-(10**15), 10**15))
    price = st.one_of(st.none(), st.integers(-(10**21), 10**21))
    q_rows = [
        data.draw(st.one_of(st.none(), st.lists(quantity, min_size=assets, max_size=assets)))
        for _ in range(bars)
    ]
    p_rows = [data.draw(st.lists(price, min_size=assets, max_size=assets)) for _ in range(bars)]
    q_dec = [None if r is None else [None if v is None else Decimal(v) for v in r] for r in q_rows]
    p_dec = [[None if v is None else Decimal(v).scaleb(-4) for v in r] for r in p_rows]
    cash = [Decimal(t * 37 - 11).scaleb(-5) for t in range(bars)]
    q, p = list_column(q_dec, 0, assets), list_column(p_dec, 4, assets)
    got = rn.ledger.portfolio_value(q, p, cash=cash, scale=scale, rounding=rounding)
    by_columns = rn.ledger.portfolio_value(
        asset_columns(q_dec, assets) or [[None] * bars],
        asset_columns(p_dec, assets) or [[None] * bars],
        cash=cash,
        scale=scale,
        rounding=rounding,
    )
    exact = []
    for t in range(bars):
        total = cash[t]
        for j in range(assets):
            x = None if q_dec[t] is None else q_dec[t][j]
            y = p_dec[t][j]
            if x is not None and y is not None:
                total = WIDE.add(total, WIDE.multiply(x, y))
        if scale is not None:
            total = total.quantize(Decimal(1).scaleb(-scale), rounding=rounding, context=WIDE)
        exact.append(total)
    assert got.to_pylist() == exact
    assert by_columns == exact


def test_both_backends_agree_on_a_wide_frame() -> None:
    rows = [[Decimal((t * 7 + j * 13) % 1000 - 500) for j in range(40)] for t in range(30)]
    prices = [[Decimal((t + j) % 97).scaleb(-2) for j in range(40)] for t in range(30)]
    q, p = list_column(rows, 0, 40), list_column(prices, 2, 40)
    native, python = assert_same_outcome(lambda: rn.ledger.portfolio_value(q, p, "100.5"))
    assert native.equals(python)


def test_overflow_names_the_first_bar() -> None:
    big = Decimal(10**20)
    q = list_column([[Decimal(1)], [big], [big]], 0, 1)
    p = list_column([[Decimal(1)], [big], [big]], 0, 1)
    err = assert_same_outcome(lambda: rn.ledger.portfolio_value(q, p))
    assert isinstance(err, exc.DecimalOverflowError)
    assert "the portfolio value at row 1" in str(err)


@pytest.mark.parametrize(
    ("quantities", "prices", "cash", "error", "message"),
    [
        (
            list_column([[Decimal(1), Decimal(2)]], 0, 2),
            list_column([[Decimal(1), Decimal(2), Decimal(3)]], 0, 3),
            "0",
            exc.InvalidInputError,
            "quantities has 1 bars of 2 assets and prices 1 bars of 3 assets",
        ),
        (
            list_column([[Decimal(1)], [Decimal(2)]], 0, 1),
            list_column([[Decimal(1)]], 0, 1),
            "0",
            exc.InvalidInputError,
            "quantities has 2 bars of 1 assets and prices 1 bars of 1 assets",
        ),
        (
            list_column([[Decimal(1)], [Decimal(2)]], 0, 1),
            list_column([[Decimal(1)], [Decimal(1)]], 0, 1),
            ["1", "2", "3"],
            exc.InvalidInputError,
            "cash has 3 values and the frames 2 bars",
        ),
    ],
)
def test_shape_errors(quantities, prices, cash, error, message) -> None:  # type: ignore[no-untyped-def]
    err = assert_same_outcome(lambda: rn.ledger.portfolio_value(quantities, prices, cash))
    assert isinstance(err, error)
    assert str(err) == message


def test_type_errors() -> None:
    q = list_column([[Decimal(1)]], 0, 1)
    floats = pa.array([[1.0]], pa.list_(pa.float64(), 1))
    for err in on_both_backends(lambda: rn.ledger.portfolio_value(q, floats)):
        assert isinstance(err, exc.InputTypeError)
        assert str(err).startswith("prices must be a decimal column")
    table = pa.table({"a": pa.array([Decimal(1)], pa.decimal128(5, 0))})
    err = assert_same_outcome(lambda: rn.ledger.portfolio_value(q, table))
    assert isinstance(err, exc.InputTypeError)
    assert str(err).startswith("prices must be a fixed-size list column")
    variable = pa.array([[Decimal(1)]], pa.list_(pa.decimal128(5, 0)))
    err = assert_same_outcome(lambda: rn.ledger.portfolio_value(q, variable))
    assert isinstance(err, exc.InputTypeError)
