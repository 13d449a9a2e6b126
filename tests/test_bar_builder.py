"""rustybt_native.aggregation.BarBuilder: the bars of ticks_to_bars for every split of the
ticks into pushes and batches, on both backends."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given, settings
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

pl = pytest.importorskip("polars")

SECOND = 1_000_000_000
START = 1_700_000_000 * SECOND
FIELDS = ("timestamp", "open", "high", "low", "close", "volume", "trades", "vwap")


def make_ticks(gaps: list[int], seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    ts = START + np.cumsum(np.asarray(gaps, dtype=np.int64)) * (SECOND // 4)
    n = ts.size
    price = np.round(100 + rng.normal(0, 1, n).cumsum(), 2)
    price[rng.random(n) < 0.1] = np.nan  # missing prices, skipped as ticks_to_bars skips them
    size = rng.integers(0, 500, n).astype(np.float64)
    size[rng.random(n) < 0.05] = np.nan
    return pa.table({"timestamp": pa.array(ts, pa.int64()), "price": price, "size": size})


def feed(builder: Any, ticks: pa.Table, cuts: list[int], ways: list[int]) -> list[Any]:
    """Pushes the ticks in pieces cut at ``cuts``, each piece one of four ways."""
    bars: list[Any] = []
    edges = [0, *sorted(c for c in cuts if 0 < c < ticks.num_rows), ticks.num_rows]
    for piece, (lo, hi) in enumerate(zip(edges, edges[1:])):
        part = ticks.slice(lo, hi - lo)
        way = ways[piece % len(ways)] if ways else 0
        if way == 0:
            for t, p, s in zip(*(part.column(c).to_pylist() for c in part.column_names)):
                bars.extend(builder.push(t, p, s))
        elif way == 1:
            bars.extend(builder.push_batch(part))
        elif way == 2:
            bars.extend(builder.push_batch(pl.from_arrow(part)))
        else:
            columns = (part.column(c).to_numpy() for c in part.column_names)
            bars.extend(builder.push_batch(tuple(columns)))
    return bars + builder.flush()


@settings(max_examples=60)
@given(
    st.lists(st.integers(0, 200), min_size=0, max_size=60),
    st.integers(0, 2**32 - 1),
    st.sampled_from(["1s", "10s", "1m", "7m"]),
    st.sampled_from(["left", "right"]),
    st.sampled_from(["left", "right"]),
    st.sampled_from(["epoch", "start", "start_day"]),
    st.sampled_from([None, "2s", "-3s"]),
    st.lists(st.integers(0, 60), max_size=8),
    st.lists(st.integers(0, 3), max_size=4),
)
def test_equals_ticks_to_bars_for_every_split(
    gaps: list[int],
    seed: int,
    every: str,
    closed: str,
    label: str,
    origin: str,
    offset: Any,
    cuts: list[int],
    ways: list[int],
) -> None:
    ticks = make_ticks(gaps, seed)
    options = {"closed": closed, "label": label, "origin": origin, "offset": offset}
    builder = rn.aggregation.BarBuilder(every, **options)
    bars = feed(builder, ticks, cuts, ways)
    assert builder.ticks == ticks.num_rows
    expected = rn.aggregation.ticks_to_bars(ticks, every, **options)
    for i, field in enumerate(FIELDS):
        ours = np.array([bar[i] for bar in bars], dtype=np.float64 if i else np.int64)
        np.testing.assert_array_equal(ours, expected.column(field).to_numpy(), err_msg=field)


def test_bars_come_out_as_their_buckets_close() -> None:
    builder = rn.aggregation.BarBuilder("1m", label="right", closed="right")
    assert builder.push(60 * SECOND, 10.0, 1.0) == []  # closed right: 0:00 < t <= 1:00
    closed = builder.push(60 * SECOND + 1, 11.0, 3.0)
    assert [bar.timestamp for bar in closed] == [60 * SECOND]
    # Datetimes are instants (naive means UTC); a gap of empty buckets gives no bars.
    later = builder.push(np.datetime64(10 * 60, "s"), 12.0, 1.0)
    assert later == [rn.aggregation.Bar(120 * SECOND, 11.0, 11.0, 11.0, 11.0, 3.0, 1, 11.0)]
    (last,) = builder.flush()
    assert last.timestamp == 600 * SECOND
    assert builder.flush() == []
    # After a flush the order check still holds: nothing before the last tick.
    with pytest.raises(exc.InvalidInputError, match=r"timestamps\[3\] = 0 comes after"):
        builder.push(0, 1.0, 1.0)


def test_zero_volume_and_missing_prices() -> None:
    builder = rn.aggregation.BarBuilder("1s")
    builder.push(0, math.nan, 0.0)
    (bar,) = builder.flush()
    assert bar.trades == 0
    assert math.isnan(bar.open)
    assert math.isnan(bar.vwap)


def test_a_bad_batch_adds_nothing() -> None:
    builder = rn.aggregation.BarBuilder("1s")
    builder.push(5 * SECOND, 1.0, 1.0)
    bad = (np.array([6, 4]) * SECOND, np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    with pytest.raises(exc.InvalidInputError, match=r"timestamps\[2\] = 4000000000 comes after"):
        builder.push_batch(bad)
    assert builder.ticks == 1
    assert [bar.close for bar in builder.flush()] == [1.0]


def outcome_of(steps: list[tuple[str, Any]]) -> Any:
    builder = rn.aggregation.BarBuilder("1m")
    out = []
    for method, argument in steps:
        out.append(getattr(builder, method)(*argument))
    return out


@pytest.mark.parametrize(
    ("steps", "error", "message"),
    [
        ([("push", (2, 1.0, 1.0)), ("push", (1, 1.0, 1.0))], exc.InvalidInputError, "sorted"),
        ([("push", ("5", 1.0, 1.0))], exc.InputTypeError, "int nanoseconds"),
        ([("push", (1, "1.0", 1.0))], exc.InputTypeError, "price must be a real number"),
        ([("push", (2**63, 1.0, 1.0))], exc.InvalidInputError, "beyond the int64"),
        (
            [("push_batch", (pa.table({"timestamp": [1], "price": [1.0]}),))],
            exc.ColumnNotFoundError,
            "'size'",
        ),
        (
            [("push_batch", (pa.table({"timestamp": [1], "price": [Decimal(1)], "size": [1.0]}),))],
            exc.InputTypeError,
            "BarBuilder takes float prices",
        ),
        ([("push_batch", ((np.array([1]), np.array([1.0])),))], exc.InputTypeError, "must be"),
        (
            [("push_batch", ((np.array([1, 2]), np.array([1.0]), np.array([1.0])),))],
            exc.InvalidInputError,
            "one length",
        ),
        (
            [("push_batch", ((np.array([-(2**63)]), np.array([1.0]), np.array([1.0])),))],
            exc.InvalidInputError,
            "NaT",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(
    steps: list[tuple[str, Any]], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        outcome_of(steps)
    assert_same_outcome(lambda: outcome_of(steps))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"every": "0s"}, "must be positive"),
        ({"every": "1x"}, 'unknown unit "x"'),
        ({"every": "1m", "closed": "both"}, "closed="),
        ({"every": "1m", "origin": "noon"}, "origin="),
    ],
)
def test_bad_parameters(options: dict[str, Any], message: str) -> None:
    with pytest.raises(exc.InvalidParameterError, match=message):
        rn.aggregation.BarBuilder(**options)
    assert_same_outcome(lambda: rn.aggregation.BarBuilder(**options))
