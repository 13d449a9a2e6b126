"""rustybt_native.aggregation volume_bars, dollar_bars and tick_bars against a plain Python
loop (floats bit for bit, decimals with Python's decimal), on both backends."""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from typing import Any, Callable

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
BUILDERS: dict[str, Callable[..., Any]] = {
    "volume": rn.aggregation.volume_bars,
    "dollar": rn.aggregation.dollar_bars,
    "tick": rn.aggregation.tick_bars,
}


def make_ticks(gaps: list[int], seed: int, int_sizes: bool = False) -> pa.Table:
    rng = np.random.default_rng(seed)
    ts = START + np.cumsum(np.asarray(gaps, dtype=np.int64)) * (SECOND // 4)
    n = ts.size
    price = np.round(100 + rng.normal(0, 1, n).cumsum(), 2)
    size = rng.integers(0, 500, n)
    sizes = pa.array(size, pa.int64()) if int_sizes else pa.array(size.astype(np.float64))
    return pa.table({"timestamp": pa.array(ts, pa.timestamp("ns")), "price": price, "size": sizes})


def loop_bars(ts: list[Any], prices: list[Any], sizes: list[Any], rule: str, threshold: Any,
              zero: Any) -> list[dict[str, Any]]:  # fmt: skip
    """The reference: one pass over the ticks, closing a bar when its total reaches the
    threshold; the tick that reaches it belongs to the bar; the last bar may be partial."""
    bars: list[dict[str, Any]] = []
    rows: list[int] = []
    total = zero
    for i in range(len(ts)):
        rows.append(i)
        total += 1 if rule == "tick" else sizes[i] if rule == "volume" else prices[i] * sizes[i]
        if total >= threshold or i == len(ts) - 1:
            volume, notional = zero, zero
            for j in rows:
                volume += sizes[j]
                notional += prices[j] * sizes[j]
            bar = {
                "timestamp": ts[rows[0]],
                "open": prices[rows[0]],
                "high": max(prices[j] for j in rows),
                "low": min(prices[j] for j in rows),
                "close": prices[rows[-1]],
                "volume": volume,
                "trades": len(rows),
                "notional": notional,
                "close_timestamp": ts[rows[-1]],
                "complete": total >= threshold,
            }
            bars.append(bar)
            rows, total = [], zero
    return bars


def float_threshold(rule: str, fraction: float) -> Any:
    """A threshold that gives bars of a few ticks: sizes average 250, prices about 100."""
    if rule == "tick":
        return max(1, round(fraction * 8))
    return fraction * (2000.0 if rule == "volume" else 200_000.0)


@settings(max_examples=60)
@given(
    st.lists(st.integers(0, 40), min_size=0, max_size=60),
    st.integers(0, 2**32 - 1),
    st.sampled_from(list(BUILDERS)),
    st.floats(0.01, 1.5),
    st.booleans(),
    st.sampled_from(["keep", "drop"]),
)
def test_floats_equal_a_python_loop_bit_for_bit(
    gaps: list[int], seed: int, rule: str, fraction: float, int_sizes: bool, partial: str
) -> None:
    ticks = make_ticks(gaps, seed, int_sizes)
    threshold = float_threshold(rule, fraction)
    ours = BUILDERS[rule](ticks, threshold, partial=partial).to_pydict()
    ts = ticks.column("timestamp").to_pylist()
    prices = ticks.column("price").to_pylist()
    sizes = ticks.column("size").to_pylist()
    # Volume bars on integer sizes sum exactly; everything else in float64 as numpy would.
    weights = sizes if int_sizes else [float(s) for s in sizes]
    exact_threshold = Decimal(repr(threshold)) if rule == "volume" and int_sizes else threshold
    expected = loop_bars(ts, prices, weights, rule, exact_threshold, 0 if int_sizes else 0.0)
    if partial == "drop":
        expected = [bar for bar in expected if bar["complete"]]
    for column in ("timestamp", "open", "high", "low", "close", "volume", "trades"):
        assert ours[column] == [bar[column] for bar in expected], column
    assert ours["close_timestamp"] == [bar["close_timestamp"] for bar in expected]
    vwap = [
        math.nan if bar["volume"] == 0 else float(bar["notional"]) / float(bar["volume"])
        for bar in expected
    ]
    np.testing.assert_array_equal(np.array(ours["vwap"], dtype=float), vwap)


@settings(max_examples=50)
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=50),
    st.integers(0, 2**32 - 1),
    st.sampled_from(list(BUILDERS)),
    st.decimals("0.01", "300000", places=2),
    st.sampled_from([None, 0, 4]),
    st.sampled_from(["ROUND_HALF_EVEN", "ROUND_HALF_UP", "ROUND_DOWN"]),
)
def test_decimals_are_exact(
    gaps: list[int], seed: int, rule: str, threshold: Decimal, scale: Any, rounding: str
) -> None:
    floats = make_ticks(gaps, seed)
    prices = [Decimal(f"{p:.2f}") for p in floats.column("price").to_pylist()]
    sizes = [int(s) for s in floats.column("size").to_pylist()]
    ticks = pa.table(
        {
            "timestamp": floats.column("timestamp"),
            "price": pa.array(prices, pa.decimal128(12, 2)),
            "size": pa.array(sizes, pa.int64()),
        }
    )
    limit: Any = max(1, int(threshold) % 9) if rule == "tick" else threshold
    ours = BUILDERS[rule](ticks, limit, scale=scale, rounding=rounding).to_pydict()
    ts = ticks.column("timestamp").to_pylist()
    expected = loop_bars(ts, prices, sizes, rule, limit, Decimal(0) if rule == "dollar" else 0)
    quantum = Decimal(1).scaleb(-(2 if scale is None else scale))
    with decimal.localcontext(decimal.Context(prec=80)):
        vwap = [
            None
            if bar["volume"] == 0
            else (bar["notional"] / bar["volume"]).quantize(quantum, rounding=rounding)
            for bar in expected
        ]
    assert ours["vwap"] == vwap
    for column in ("timestamp", "open", "high", "low", "close", "volume", "trades"):
        assert ours[column] == [bar[column] for bar in expected], column


@settings(max_examples=30)
@given(
    st.lists(st.integers(0, 9), min_size=0, max_size=40),
    st.integers(0, 2**32 - 1),
    st.sampled_from(list(BUILDERS)),
    st.floats(0.01, 1.0),
)
def test_backends_agree(gaps: list[int], seed: int, rule: str, fraction: float) -> None:
    ticks = make_ticks(gaps, seed)
    threshold = float_threshold(rule, fraction)
    native, python = assert_same_outcome(lambda: BUILDERS[rule](ticks, threshold))
    assert native.equals(python)


def test_groups_are_barred_separately() -> None:
    ticks = make_ticks([1] * 300, seed=3).to_pandas()
    ticks["symbol"] = np.where(np.arange(300) % 3 == 0, "A", "B")
    ours = rn.aggregation.volume_bars(pa.Table.from_pandas(ticks), 1500.0, by="symbol")
    assert ours.column_names[:2] == ["symbol", "timestamp"]
    parts = []
    for symbol in ("A", "B"):
        alone = pa.Table.from_pandas(ticks[ticks["symbol"] == symbol], preserve_index=False)
        part = rn.aggregation.volume_bars(alone.drop_columns(["symbol"]), 1500.0)
        parts.append(part.to_pandas().assign(symbol=symbol))
    for column in ("timestamp", "open", "close", "volume", "trades", "vwap", "close_timestamp"):
        expected = np.concatenate([p[column].to_numpy() for p in parts])
        np.testing.assert_array_equal(ours.column(column).to_numpy(), expected)
    assert ours.column("symbol").to_pylist() == ["A"] * len(parts[0]) + ["B"] * len(parts[1])


def test_output_is_of_the_input_kind() -> None:
    ticks = make_ticks([1] * 20, seed=4)
    batch = rn.aggregation.tick_bars(ticks.to_batches()[0], 5)
    assert isinstance(batch, pa.RecordBatch)
    assert batch.num_rows == 4
    frame = rn.aggregation.tick_bars(pl.from_arrow(ticks), 5)
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == [
        "timestamp", "open", "high", "low", "close", "volume", "trades", "vwap", "close_timestamp"
    ]  # fmt: skip
    indexed = rn.aggregation.tick_bars(ticks.to_pandas(), 5)
    assert indexed.index.name == "timestamp"
    assert len(indexed) == 4
    np.testing.assert_array_equal(indexed["close"].to_numpy(), frame["close"].to_numpy())


def test_edge_cases() -> None:
    empty = make_ticks([1], seed=5).slice(0, 0)
    assert rn.aggregation.volume_bars(empty, 10).num_rows == 0
    one = make_ticks([1], seed=5)
    assert rn.aggregation.tick_bars(one, 1).column("trades").to_pylist() == [1]
    assert rn.aggregation.tick_bars(one, 2, partial="drop").num_rows == 0
    # Equal timestamps are fine, and a bar may start at the timestamp where another ended.
    same = pa.table({"timestamp": [7, 7, 7], "price": [1.0, 2.0, 3.0], "size": [1.0, 1.0, 1.0]})
    bars = rn.aggregation.volume_bars(same, 2)
    assert bars.column("timestamp").to_pylist() == [7, 7]
    assert bars.column("close").to_pylist() == [2.0, 3.0]
    # A float threshold means the decimal it prints as: 0.3 is reached by 0.1 + 0.2 exactly.
    tenths = pa.table(
        {
            "timestamp": [1, 2, 3],
            "price": pa.array([Decimal("1.0")] * 3),
            "size": pa.array([Decimal("0.1"), Decimal("0.2"), Decimal("0.1")]),
        }
    )
    assert rn.aggregation.volume_bars(tenths, 0.3).column("trades").to_pylist() == [2, 1]
    # Zero sizes add nothing: the VWAP of an all-zero bar is NaN.
    zeros = pa.table({"timestamp": [1, 2], "price": [1.0, 2.0], "size": [0.0, 0.0]})
    assert math.isnan(rn.aggregation.volume_bars(zeros, 1).column("vwap")[0].as_py())


BASE = make_ticks([1] * 6, seed=2)


@pytest.mark.parametrize("rule", list(BUILDERS))
@pytest.mark.parametrize(
    ("ticks", "threshold", "options", "error", "message"),
    [
        (BASE, 0, {}, exc.InvalidParameterError, "threshold must be a positive|n must be at"),
        (BASE, -5, {}, exc.InvalidParameterError, "threshold must be a positive|n must be at"),
        (BASE, "10", {}, exc.InputTypeError, "must be a number|must be an integer"),
        (BASE, True, {}, exc.InputTypeError, "must be a number|must be an integer"),
        (BASE, 10, {"partial": "some"}, exc.InvalidParameterError, "partial must be"),
        (BASE, 10, {"size": "qty"}, exc.ColumnNotFoundError, "'qty'"),
        (BASE, 10, {"rounding": "sideways"}, exc.InvalidParameterError, "unknown rounding"),
        (
            BASE.take(pa.array([0, 2, 1, 3, 4, 5])),
            10,
            {},
            exc.InvalidInputError,
            r"row 2 .* comes after row 1",
        ),
        (
            BASE.set_column(2, "size", pa.array([1.0, 2.0, math.nan, 1.0, 1.0, 1.0])),
            10,
            {},
            exc.InvalidInputError,
            r"size\[2\] = nan is not finite",
        ),
        (
            BASE.set_column(1, "price", pa.array([1.0, None, 2.0, 1.0, 1.0, 1.0])),
            10,
            {},
            exc.InvalidInputError,
            r"price\[1\] is missing",
        ),
        (
            BASE.set_column(1, "price", pa.array([1.0, 1.0, 1.0, 1.0, 1.0, -math.inf])),
            10,
            {},
            exc.InvalidInputError,
            r"price\[5\] = -inf is not finite",
        ),
        (
            BASE.set_column(2, "size", pa.array([1.0, 2.0, 3.0, 1.0, -1.0, 1.0])),
            10,
            {},
            exc.InvalidInputError,
            r"size\[4\] = -1.0 is negative",
        ),
        (
            BASE.set_column(1, "price", pa.array([Decimal(1)] * 6)),
            10,
            {},
            exc.InputTypeError,
            "mixed price types",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(
    rule: str, ticks: Any, threshold: Any, options: dict[str, Any], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        BUILDERS[rule](ticks, threshold, **options)
    assert_same_outcome(lambda: BUILDERS[rule](ticks, threshold, **options))


@pytest.mark.parametrize("threshold", [math.nan, math.inf, Decimal("NaN"), Decimal("-1")])
def test_non_finite_thresholds_are_refused(threshold: Any) -> None:
    with pytest.raises(exc.InvalidParameterError, match="threshold must be a positive finite"):
        rn.aggregation.dollar_bars(BASE, threshold)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda impl: impl.tick_runs(np.array([0, 1]), np.array([0, 2]), 0), "threshold must"),
        (
            lambda impl: impl.threshold_runs_f64(
                np.array([0, 1]), np.array([0, 2]), np.array([1.0, -2.0]), 1.0
            ),
            "the weight of row 1 is -2",
        ),
        (
            lambda impl: impl.threshold_runs_f64(
                np.array([1, 0]), np.array([0, 2]), np.array([1.0, 2.0]), 5.0
            ),
            "timestamps[1] = 0 comes after",
        ),
        (
            lambda impl: impl.threshold_runs_decimal(
                np.array([0, 1]),
                np.array([0, 2]),
                pa.array([Decimal(1), None], pa.decimal128(5, 0)),
                3,
            ),
            "the weight of row 1 is missing",
        ),
    ],
)
def test_kernels_check_their_input(call: Callable[[Any], Any], message: str) -> None:
    """The backend kernels refuse bad weights and order themselves, with one message."""
    import rustybt_native._backend as backend

    outcome = assert_same_outcome(lambda: call(backend.impl))
    assert isinstance(outcome, exc.RustyBTError)
    assert message in str(outcome)


def test_sort_and_timestamp_types() -> None:
    ticks = make_ticks([3, 0, 5, 1, 2, 7, 1, 1], seed=6)
    shuffled = ticks.take(pa.array([3, 1, 7, 0, 2, 6, 4, 5]))
    with pytest.raises(exc.InvalidInputError, match="sort first or pass sort=True"):
        rn.aggregation.dollar_bars(shuffled, 50_000.0)
    # Equal timestamps may swap under the sort; compare on distinct ones only.
    assert rn.aggregation.tick_bars(shuffled, 3, sort=True).column("trades").to_pylist() == [
        3,
        3,
        2,
    ]
    aware = ticks.set_column(
        0, "timestamp", ticks.column("timestamp").cast(pa.timestamp("ms", "America/Chicago"))
    )
    bars = rn.aggregation.volume_bars(aware, 600.0)
    assert bars.schema.field("timestamp").type == pa.timestamp("ms", "America/Chicago")
    assert bars.schema.field("close_timestamp").type == pa.timestamp("ms", "America/Chicago")
    assert bars.column("close_timestamp").to_pylist()[-1] == aware.column("timestamp")[-1].as_py()


def test_finite_values_whose_sum_overflows_are_accepted() -> None:
    # The finiteness check sums first; an overflowing sum of finite values is not an error.
    huge = BASE.set_column(1, "price", pa.array([1e308] * 6)).set_column(
        2, "size", pa.array([-0.0, 1e308, 1e308, 1.0, 1.0, 1.0])
    )
    bars = rn.aggregation.tick_bars(huge, 2)
    assert bars.column("high").to_pylist() == [1e308] * 3
    assert_same_outcome(lambda: rn.aggregation.tick_bars(huge, 2))
