"""rustybt_native.aggregation.ActivityBarBuilder: the bars of volume_bars, dollar_bars and
tick_bars for every split of the trades into pushes and batches, on both backends."""

from __future__ import annotations

import math
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
BATCH = {
    "volume": rn.aggregation.volume_bars,
    "dollar": rn.aggregation.dollar_bars,
    "tick": rn.aggregation.tick_bars,
}
FIELDS = ("timestamp", "open", "high", "low", "close", "volume", "trades", "vwap")


def make_ticks(gaps: list[int], seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    ts = START + np.cumsum(np.asarray(gaps, dtype=np.int64)) * (SECOND // 4)
    n = ts.size
    price = np.round(100 + rng.normal(0, 1, n).cumsum(), 2)
    size = rng.integers(0, 9, n).astype(np.float64) / 4  # small quarters: totals hit thresholds
    return pa.table({"timestamp": pa.array(ts, pa.int64()), "price": price, "size": size})


def feed(builder: Any, ticks: pa.Table, cuts: list[int], ways: list[int]) -> list[Any]:
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
            bars.extend(
                builder.push_batch(tuple(part.column(c).to_numpy() for c in part.column_names))
            )
    return bars + builder.flush()


@settings(max_examples=60)
@given(
    st.lists(st.integers(0, 20), min_size=0, max_size=60),
    st.integers(0, 2**32 - 1),
    st.sampled_from(list(BATCH)),
    st.floats(0.03, 1.5),
    st.lists(st.integers(0, 60), max_size=8),
    st.lists(st.integers(0, 3), max_size=4),
)
def test_equals_the_batch_functions_for_every_split(
    gaps: list[int], seed: int, kind: str, fraction: float, cuts: list[int], ways: list[int]
) -> None:
    ticks = make_ticks(gaps, seed)
    # Sizes are multiples of 1/4, so volume thresholds in quarters are often hit exactly.
    step = {"tick": 1, "volume": 0.25, "dollar": 25.0}[kind]
    threshold: Any = max(1, round(fraction * 8)) if kind == "tick" else round(fraction * 40) * step
    builder = rn.aggregation.ActivityBarBuilder(kind, threshold)
    bars = feed(builder, ticks, cuts, ways)
    assert builder.ticks == ticks.num_rows
    expected = BATCH[kind](ticks, threshold)
    for i, field in enumerate((*FIELDS, "close_timestamp")):
        ours = np.array([bar[i] for bar in bars], dtype=np.int64 if i in (0, 8) else np.float64)
        np.testing.assert_array_equal(ours, expected.column(field).to_numpy(), err_msg=field)


def test_the_trade_that_reaches_the_threshold_closes_the_bar() -> None:
    builder = rn.aggregation.ActivityBarBuilder("dollar", 1000)
    assert builder.push(1, 10.0, 50.0) == []
    (bar,) = builder.push(2, 10.0, 50.0)  # 500 + 500 reaches 1000 exactly
    assert (bar.timestamp, bar.close_timestamp, bar.trades, bar.vwap) == (1, 2, 2, 10.0)
    (big,) = builder.push(3, 10.0, 500.0)  # one trade far above the threshold is a bar
    assert big.volume == 500.0
    assert builder.flush() == []


def outcome_of(kind: str, threshold: Any, steps: list[tuple[str, Any]]) -> Any:
    builder = rn.aggregation.ActivityBarBuilder(kind, threshold)
    return [getattr(builder, method)(*argument) for method, argument in steps]


@pytest.mark.parametrize(
    ("kind", "threshold", "steps", "error", "message"),
    [
        ("volume", 0, [], exc.InvalidParameterError, "threshold must be a positive"),
        ("dollar", math.inf, [], exc.InvalidParameterError, "threshold must be a positive"),
        ("tick", 0, [], exc.InvalidParameterError, "n must be at least 1"),
        ("tick", 2.5, [], exc.InputTypeError, "n must be an integer"),
        ("minute", 5, [], exc.InvalidParameterError, "kind must be"),
        ("volume", "5", [], exc.InputTypeError, "must be a number"),
        (
            "volume",
            5,
            [("push", (2, 1.0, 1.0)), ("push", (1, 1.0, 1.0))],
            exc.InvalidInputError,
            r"timestamps\[1\] = 1 comes after",
        ),
        ("volume", 5, [("push", (1, math.nan, 1.0))], exc.InvalidInputError, "row 0 is NaN"),
        ("tick", 5, [("push", (1, 1.0, -2.0))], exc.InvalidInputError, "row 0 is -2"),
        ("dollar", 5, [("push", (1, 1.0, math.inf))], exc.InvalidInputError, "row 0 is inf"),
        (
            "volume",
            5,
            [("push_batch", ((np.array([1, 2]), np.array([1.0, 1.0]), np.array([1.0, -1.0])),))],
            exc.InvalidInputError,
            "row 1 is -1",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(
    kind: str, threshold: Any, steps: list[tuple[str, Any]], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        outcome_of(kind, threshold, steps)
    assert_same_outcome(lambda: outcome_of(kind, threshold, steps))


def test_a_bad_batch_adds_nothing() -> None:
    builder = rn.aggregation.ActivityBarBuilder("tick", 3)
    builder.push(1, 1.0, 1.0)
    with pytest.raises(exc.InvalidInputError, match="row 2 is NaN"):
        builder.push_batch((np.array([2, 3]), np.array([1.0, math.nan]), np.array([1.0, 1.0])))
    assert builder.ticks == 1
    assert [bar.trades for bar in builder.flush()] == [1]
