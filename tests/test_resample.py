"""rustybt_native.aggregation.resample_ohlcv against pandas resample and polars
group_by_dynamic, on both backends."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given, settings
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

pl = pytest.importorskip("polars")

SECOND = 1_000_000_000
MINUTE = 60 * SECOND
OHLCV = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
# ours -> pandas
EVERY = {"1m": "1min", "5m": "5min", "15m": "15min", "1h": "1h", "90s": "90s", "7m": "7min"}
OFFSET = {None: None, "30s": "30s", "-2m": "-2min", "7m": "7min"}


def make_bars(steps: list[int], seed: int, start: int = 1_700_000_000 * SECOND) -> pa.Table:
    """Bars at ``start`` plus cumulative gaps of ``steps`` seconds, prices around 100."""
    rng = np.random.default_rng(seed)
    ts = start + np.cumsum(np.asarray(steps, dtype=np.int64)) * SECOND
    n = ts.size
    close = 100 + np.round(rng.normal(0, 1, n).cumsum(), 2)
    open_ = close + np.round(rng.normal(0, 0.1, n), 2)
    high = np.maximum(open_, close) + np.round(rng.uniform(0, 0.5, n), 2)
    low = np.minimum(open_, close) - np.round(rng.uniform(0, 0.5, n), 2)
    volume = np.round(rng.uniform(0, 1000, n), 3)
    return pa.table(
        {
            "timestamp": pa.array(ts, pa.timestamp("ns")),
            "open": open_,
            "high": high,
            "low": low,
            "close": close,
            "volume": volume,
        }
    )


def pandas_reference(table: pa.Table, **options: Any) -> pd.DataFrame:
    frame = table.to_pandas().set_index("timestamp")
    frame["rows"] = 1
    out = frame.resample(**options).agg({**OHLCV, "rows": "sum"})
    return out[out["rows"] > 0].drop(columns="rows")


steps = st.lists(st.one_of(st.integers(0, 120), st.integers(0, 3_000)), min_size=1, max_size=80)


@settings(max_examples=40)  # pandas resample costs ~10 ms a call
@given(
    steps,
    st.integers(0, 2**32 - 1),
    st.sampled_from(list(EVERY)),
    st.sampled_from(["left", "right"]),
    st.sampled_from(["left", "right"]),
    st.sampled_from(list(OFFSET)),
    st.sampled_from(["epoch", "start", "start_day"]),
)
def test_equals_pandas_resample(
    gaps: list[int], seed: int, every: str, closed: str, label: str, offset: Any, origin: str
) -> None:
    bars = make_bars(gaps, seed)
    ours = rn.aggregation.resample_ohlcv(
        bars, every, closed=closed, label=label, offset=offset, origin=origin
    ).to_pandas()
    expected = pandas_reference(
        bars, rule=EVERY[every], closed=closed, label=label, offset=OFFSET[offset], origin=origin
    )
    np.testing.assert_array_equal(ours["timestamp"].to_numpy(), expected.index.to_numpy())
    for column in ("open", "high", "low", "close"):
        np.testing.assert_array_equal(ours[column].to_numpy(), expected[column].to_numpy())
    # pandas sums with Kahan compensation; ours add left to right.
    np.testing.assert_allclose(ours["volume"].to_numpy(), expected["volume"].to_numpy(), rtol=1e-12)


@settings(max_examples=40)  # pandas resample costs ~10 ms a call
@given(steps, st.integers(0, 2**32 - 1), st.sampled_from(["1m", "5m", "1h"]))
def test_equals_polars_group_by_dynamic(gaps: list[int], seed: int, every: str) -> None:
    bars = make_bars(gaps, seed)
    ours = rn.aggregation.resample_ohlcv(pl.from_arrow(bars), every)
    expected = (
        pl.from_arrow(bars)
        .group_by_dynamic("timestamp", every=every)
        .agg(
            pl.col("open").first(),
            pl.col("high").max(),
            pl.col("low").min(),
            pl.col("close").last(),
            pl.col("volume").sum(),
        )
    )
    assert isinstance(ours, pl.DataFrame)
    assert ours.columns == expected.columns
    assert ours.drop("volume").equals(expected.drop("volume"))
    np.testing.assert_allclose(ours["volume"].to_numpy(), expected["volume"].to_numpy(), rtol=1e-12)


def decimal_bars(table: pa.Table, scale: int = 4) -> pa.Table:
    columns = {}
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_floating(column.type):
            column = pa.array(
                [Decimal(f"{v:.{scale}f}") for v in column.to_pylist()], pa.decimal128(18, scale)
            )
        columns[name] = column
    return pa.table(columns)


@settings(max_examples=40)  # pandas resample costs ~10 ms a call
@given(steps, st.integers(0, 2**32 - 1), st.sampled_from(["5m", "1h"]), st.booleans())
def test_decimal_is_exact_and_equals_python_decimal(
    gaps: list[int], seed: int, every: str, right: bool
) -> None:
    bars = decimal_bars(make_bars(gaps, seed))
    side = "right" if right else "left"
    ours = rn.aggregation.resample_ohlcv(bars, every, closed=side, label=side)
    assert ours.column("open").type == pa.decimal128(38, 4)
    frame = bars.to_pandas().set_index("timestamp")  # object columns of Decimal
    groups = frame.resample(EVERY[every], closed=side, label=side, origin="epoch").indices
    labels = sorted(groups)
    rows = {c: bars.column(c).to_pylist() for c in ("open", "high", "low", "close", "volume")}
    expected = {
        "open": [rows["open"][groups[k][0]] for k in labels],
        "high": [max(rows["high"][i] for i in groups[k]) for k in labels],
        "low": [min(rows["low"][i] for i in groups[k]) for k in labels],
        "close": [rows["close"][groups[k][-1]] for k in labels],
        "volume": [sum((rows["volume"][i] for i in groups[k]), Decimal(0)) for k in labels],
    }
    assert ours.column("timestamp").cast(pa.int64()).to_pylist() == [k.value for k in labels]
    for column in ("open", "high", "low", "close", "volume"):
        assert ours.column(column).to_pylist() == list(expected[column]), column


def test_decimal_sum_overflow_raises() -> None:
    big = Decimal("9" * 34 + ".0000")
    bars = pa.table(
        {
            "timestamp": pa.array([0, 1], pa.int64()),
            "open": pa.array([big, big], pa.decimal128(38, 4)),
            "high": pa.array([big, big], pa.decimal128(38, 4)),
            "low": pa.array([big, big], pa.decimal128(38, 4)),
            "close": pa.array([big, big], pa.decimal128(38, 4)),
            "volume": pa.array([big, big], pa.decimal128(38, 4)),
        }
    )
    with pytest.raises(exc.DecimalOverflowError, match="overflows decimal128"):
        rn.aggregation.resample_ohlcv(bars, "1m")
    assert_same_outcome(lambda: rn.aggregation.resample_ohlcv(bars, "1m"))


@settings(max_examples=40)  # pandas resample costs ~10 ms a call
@given(steps, st.integers(0, 2**32 - 1), st.sampled_from(["1m", "5m", "7m"]))
def test_ffill_matches_pandas_with_filled_close(gaps: list[int], seed: int, every: str) -> None:
    bars = make_bars(gaps, seed)
    ours = rn.aggregation.resample_ohlcv(bars, every, fill="ffill").to_pandas()
    frame = bars.to_pandas().set_index("timestamp")
    expected = frame.resample(EVERY[every], origin="epoch").agg(OHLCV)
    close = expected["close"].ffill()
    for column in ("open", "high", "low"):
        expected[column] = expected[column].fillna(close)
    expected["close"] = close
    np.testing.assert_array_equal(ours["timestamp"].to_numpy(), expected.index.to_numpy())
    for column in ("open", "high", "low", "close"):
        np.testing.assert_array_equal(ours[column].to_numpy(), expected[column].to_numpy())
    np.testing.assert_allclose(ours["volume"].to_numpy(), expected["volume"].to_numpy(), rtol=1e-12)


def test_by_groups_equal_pandas_groupby_resample() -> None:
    parts = []
    for i, symbol in enumerate(["MSFT", "AAPL", "IBM"]):
        frame = make_bars([60] * 50 + [3600] + [60] * 20, seed=i).to_pandas()
        frame["symbol"] = symbol
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    ours = rn.aggregation.resample_ohlcv(frame, "15m", by="symbol")
    expected = frame.set_index("timestamp").groupby("symbol").resample("15min").agg(OHLCV)
    expected = expected.dropna(subset=["open"])
    assert list(ours.index.names) == ["symbol", "timestamp"]
    pd.testing.assert_frame_equal(ours, expected, check_exact=False, rtol=1e-12, check_freq=False)
    # pyarrow in, shuffled groups: the same bars.
    table = pa.Table.from_pandas(frame.sample(frac=1, random_state=1).sort_values("timestamp"))
    shuffled = rn.aggregation.resample_ohlcv(table, "15m", by=["symbol"]).to_pandas()
    np.testing.assert_array_equal(shuffled["close"].to_numpy(), ours["close"].to_numpy())


def test_agg_mapping_and_pandas_index_input() -> None:
    bars = make_bars([60] * 30, seed=3).to_pandas().set_index("timestamp")
    bars["trades"] = np.arange(30, dtype=np.int64)
    bars["vwap"] = np.linspace(1, 2, 30)
    bars.loc[bars.index[3], "vwap"] = np.nan
    how = {"trades": "sum", "vwap": "mean"}
    ours = rn.aggregation.resample_ohlcv(bars, "5m", agg=how)
    expected = bars.resample("5min").agg({**OHLCV, **how})
    pd.testing.assert_frame_equal(
        ours, expected, check_exact=False, rtol=1e-12, check_names=False, check_freq=False
    )
    assert ours["trades"].dtype == np.int64
    counts = rn.aggregation.resample_ohlcv(bars, "5m", agg={"vwap": "count"})
    assert counts["vwap"].tolist() == bars["vwap"].resample("5min").count().tolist()
    assert counts["vwap"].tolist() == [1, 4, 5, 5, 5, 5, 4]


def test_kinds_round_trip() -> None:
    table = make_bars([60] * 10, seed=4)
    batch = table.to_batches()[0]
    assert isinstance(rn.aggregation.resample_ohlcv(batch, "5m"), pa.RecordBatch)
    assert isinstance(rn.aggregation.resample_ohlcv(table, "5m"), pa.Table)
    assert isinstance(rn.aggregation.resample_ohlcv(pl.from_arrow(table), "5m"), pl.DataFrame)
    seconds = table.set_column(0, "timestamp", table.column(0).cast(pa.timestamp("s", "UTC")))
    out = rn.aggregation.resample_ohlcv(seconds, "5m")
    assert out.column("timestamp").type == pa.timestamp("s", "UTC")
    ints = table.set_column(0, "timestamp", table.column(0).cast(pa.int64()))
    assert rn.aggregation.resample_ohlcv(ints, "5m").column("timestamp").type == pa.int64()


def test_time_zones_follow_pandas_below_a_day() -> None:
    index = pd.date_range("2024-03-09 20:00", "2024-03-11 04:00", freq="10min", tz="Asia/Kolkata")
    frame = pd.DataFrame(
        {
            "open": 1.0,
            "high": 2.0,
            "low": 0.5,
            "close": np.arange(index.size, dtype=float),
            "volume": 1.0,
        },
        index=index,
    )
    for every, freq in (("1h", "1h"), ("4h", "4h"), ("45m", "45min")):
        ours = rn.aggregation.resample_ohlcv(frame, every)
        expected = frame.resample(freq).agg(OHLCV)
        pd.testing.assert_frame_equal(ours, expected, check_names=False, check_freq=False)
    # Whole days are local days (tests/test_resample_local_days.py).
    local_days = rn.aggregation.resample_ohlcv(frame, "1d")
    expected_days = frame.resample("1D").agg(OHLCV)
    pd.testing.assert_frame_equal(local_days, expected_days, check_names=False, check_freq=False)
    utc = frame.tz_convert("UTC")
    ours = rn.aggregation.resample_ohlcv(utc, "1d")
    pd.testing.assert_frame_equal(
        ours, utc.resample("1D").agg(OHLCV), check_names=False, check_freq=False
    )


def test_sort_true_and_unsorted_error_names_the_row() -> None:
    table = make_bars([60] * 12, seed=5)
    shuffled = table.take(pa.array([0, 1, 2, 5, 3, 4, 6, 7, 8, 9, 10, 11]))
    with pytest.raises(exc.InvalidInputError, match=r"row 4 .* comes after row 3") as raised:
        rn.aggregation.resample_ohlcv(shuffled, "5m")
    assert isinstance(raised.value, ValueError)
    sorted_out = rn.aggregation.resample_ohlcv(shuffled, "5m", sort=True)
    assert sorted_out.equals(rn.aggregation.resample_ohlcv(table, "5m"))


def bad(table: pa.Table, **changes: Any) -> pa.Table:
    for name, values in changes.items():
        table = table.set_column(table.column_names.index(name), name, values)
    return table


BASE = make_bars([60] * 6, seed=6)


@pytest.mark.parametrize(
    ("bars", "options", "error", "message"),
    [
        (BASE, {"every": "5x"}, exc.InvalidParameterError, 'unknown unit "x"'),
        (BASE, {"every": "1mo"}, exc.InvalidParameterError, "calendar months"),
        (BASE, {"every": "5m", "closed": "middle"}, exc.InvalidParameterError, "closed="),
        (BASE, {"every": "5m", "label": "up"}, exc.InvalidParameterError, "label="),
        (BASE, {"every": "5m", "origin": "end"}, exc.InvalidParameterError, "origin="),
        (BASE, {"every": "5m", "fill": "zero"}, exc.InvalidParameterError, "fill must be"),
        (BASE, {"every": "5m", "agg": {"close": "max"}}, exc.InvalidParameterError, "already"),
        (BASE, {"every": "5m", "agg": {"volume2": "median"}}, exc.InvalidParameterError, r"agg\["),
        (
            BASE,
            {"every": "5m", "volume": "qty", "by": "sym"},
            exc.ColumnNotFoundError,
            "'sym', 'qty'",
        ),
        (BASE, {"every": "5m", "open": 3}, exc.InputTypeError, "open must be a str"),
        ([1, 2], {"every": "5m"}, exc.InputTypeError, "bars must be"),
        (
            bad(BASE, timestamp=pa.array([0, 1, None, 3, 4, 5], pa.int64())),
            {"every": "5m"},
            exc.InvalidInputError,
            r"timestamp\[2\] is null",
        ),
        (
            bad(BASE, timestamp=pa.array([0.0, 1, 2, 3, 4, 5])),
            {"every": "5m"},
            exc.InputTypeError,
            "timestamp must be an Arrow timestamp",
        ),
        (
            bad(BASE, high=pa.array([200.0, 200, 1, 200, 200, 200])),
            {"every": "5m"},
            exc.InvalidInputError,
            r"high\[2\] = 1.0 is below low\[2\]",
        ),
        (
            bad(BASE, open=pa.array([Decimal(1)] * 6, pa.decimal128(10, 2))),
            {"every": "5m"},
            exc.InputTypeError,
            "must share one type",
        ),
        (
            bad(BASE, volume=pa.array(["a"] * 6)),
            {"every": "5m"},
            exc.InputTypeError,
            "column 'volume' must be numeric",
        ),
        (
            bad(BASE, volume=pa.array([Decimal(1)] * 6, pa.decimal128(10, 2))),
            {"every": "5m", "agg": {}, "volume": None, "open": "volume"},
            exc.InputTypeError,
            "must share one type",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(
    bars: Any, options: dict, error: type, message: str
) -> None:
    options = dict(options)
    every = options.pop("every")
    with pytest.raises(error, match=message):
        rn.aggregation.resample_ohlcv(bars, every, **options)
    assert_same_outcome(lambda: rn.aggregation.resample_ohlcv(bars, every, **options))


@given(
    # A narrow range: under fill, every bucket between two rows becomes a bar.
    st.lists(st.integers(-(10**5), 10**5), max_size=40),
    st.lists(st.integers(0, 3), max_size=6),
    st.sampled_from(["7ns", "1us", "13m"]),
    st.sampled_from(["left", "right"]),
    st.sampled_from(["left", "right"]),
    st.sampled_from(["epoch", "start", "start_day"]),
    st.booleans(),
)
def test_backends_agree_on_the_kernels(
    ts: list[int], cuts: list[int], every: str, closed: str, label: str, origin: str, fill: bool
) -> None:
    timestamps = np.array(ts, dtype=np.int64)
    bounds = np.unique(np.clip(np.array([0, *cuts, len(ts)], dtype=np.int64), 0, len(ts)))
    impl_args = (timestamps, bounds, every, None, closed, label, origin, None, fill)

    def run() -> Any:
        labels, bars, groups = rn._backend.impl.resample_runs(*impl_args)
        values = timestamps.astype(np.float64) / 7
        out = [labels, bars, groups]
        for how in ("first", "last", "min", "max", "sum", "mean"):
            out.append(rn._backend.impl.aggregate_runs_f64(values, bars, how))
        decimals = pa.array([Decimal(t) / 100 for t in ts], pa.decimal128(20, 2))
        for how in ("first", "last", "min", "max", "sum"):
            out.append(rn._backend.impl.aggregate_runs_decimal(decimals, bars, how).to_pylist())
            out.extend(rn._backend.impl.aggregate_runs_i64(timestamps, bars, how))
        out.append(rn._backend.impl.count_runs(timestamps % 2 == 0, bars))
        return out

    outcome = assert_same_outcome(run)
    if not isinstance(outcome, Exception):
        for a, b in zip(*outcome):
            np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_many_rows_in_groups_take_the_parallel_path_and_equal_pandas() -> None:
    # Above 65,536 rows the kernels split groups and bars over threads; results must not change.
    parts = []
    for i, symbol in enumerate(["A", "B", "C"]):
        frame = make_bars([60] * 12_000 + [7_200] + [60] * 10_000, seed=10 + i).to_pandas()
        frame["symbol"] = symbol
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    ours = rn.aggregation.resample_ohlcv(frame, "5m", by="symbol", fill="ffill")
    expected = frame.set_index("timestamp").groupby("symbol").resample("5min").agg(OHLCV)
    close = expected["close"].groupby(level="symbol").ffill()
    for column in ("open", "high", "low"):
        expected[column] = expected[column].fillna(close)
    expected["close"] = close
    pd.testing.assert_frame_equal(ours, expected, check_exact=False, rtol=1e-12, check_freq=False)


def test_chunked_float32_and_null_columns_give_the_plain_float64_result() -> None:
    # Single-chunk float64 columns without nulls are read in place; every other layout is
    # converted first. Both give the same bars.
    table = make_bars([60] * 40, seed=11)
    plain = rn.aggregation.resample_ohlcv(table, "5m")
    chunked = pa.concat_tables([table.slice(0, 17), table.slice(17)])
    assert chunked.column("open").num_chunks == 2
    assert rn.aggregation.resample_ohlcv(chunked, "5m").equals(plain)
    as_float32 = table.set_column(5, "volume", table.column("volume").cast(pa.float32()))
    narrow = rn.aggregation.resample_ohlcv(as_float32, "5m").column("volume")
    widened = as_float32.column("volume").cast(pa.float64())
    expected = rn.aggregation.resample_ohlcv(table.set_column(5, "volume", widened), "5m")
    assert narrow.equals(expected.column("volume"))
    volume = table.column("volume").to_pylist()
    volume[3] = None
    with_null = table.set_column(5, "volume", pa.array(volume))
    as_nan = table.set_column(5, "volume", pa.array([math.nan if v is None else v for v in volume]))
    ours = rn.aggregation.resample_ohlcv(with_null, "5m")
    assert ours.column("volume").equals(
        rn.aggregation.resample_ohlcv(as_nan, "5m").column("volume")
    )


def test_count_of_columns_without_nulls_is_the_bar_length() -> None:
    table = make_bars([60] * 23, seed=12)
    table = table.append_column("trades", pa.array(np.arange(23, dtype=np.int64)))
    table = table.append_column("flagged", pa.array([1.0, math.nan] * 11 + [1.0]))
    ints = [1, None] * 11 + [1]
    table = table.append_column("sparse", pa.array(ints, pa.int64()))
    out = rn.aggregation.resample_ohlcv(
        table, "5m", agg={"trades": "count", "flagged": "count", "sparse": "count"}
    )
    frame = table.to_pandas().set_index("timestamp")
    expected = frame.resample("5min").count()
    expected = expected[expected["open"] > 0]
    for name in ("trades", "flagged", "sparse"):
        assert out.column(name).to_pylist() == expected[name].tolist()
        assert out.column(name).type == pa.int64()


def plain_keys(table: pa.Table, keys: list[str]) -> pa.Table:
    """The key columns, dictionary-encoded ones as their values (pyarrow sorts those)."""
    return pa.table(
        {
            k: table.column(k).cast(table.column(k).type.value_type)
            if pa.types.is_dictionary(table.column(k).type)
            else table.column(k)
            for k in keys
        }
    )


def key_order(table: pa.Table, keys: list[str]) -> pa.Array:
    """pyarrow's stable sort of the rows by their keys."""
    import pyarrow.compute as pc

    return pc.sort_indices(plain_keys(table, keys), sort_keys=[(k, "ascending") for k in keys])


def by_reference(table: pa.Table, keys: list[str], every: str) -> pa.Table:
    """Bars by group without ``by``: each group (pyarrow's stable key sort) resampled alone."""
    import pyarrow.compute as pc

    order = key_order(table, keys)
    ordered, plain = table.take(order), plain_keys(table, keys).take(order)
    groups = (
        plain.group_by(keys, use_threads=False)
        .aggregate([])
        .sort_by([(k, "ascending") for k in keys])
    )
    parts = []
    for values in groups.to_pylist():
        mask = np.ones(ordered.num_rows, dtype=bool)
        for key in keys:
            mask &= np.asarray(pc.equal(plain.column(key), pa.scalar(values[key])))
        group = ordered.filter(pa.array(mask))
        part = rn.aggregation.resample_ohlcv(group.drop(keys), every)
        for index, key in enumerate(keys):
            part = part.add_column(index, key, group.column(key).take([0] * part.num_rows))
        parts.append(part)
    return pa.concat_tables(parts)


@pytest.mark.parametrize(
    "kind", ["string", "large_string", "binary", "int64", "int8", "dictionary", "two keys"]
)
def test_groups_are_sorted_as_pyarrow_sorts_them(kind: str) -> None:
    rng = np.random.default_rng(13)
    n = 400
    table = make_bars([30] * n, seed=13)
    codes = rng.integers(0, 7, n)
    names = np.array(["b", "a", "ab", "", "zz", "B", "a\u00e9"])
    keys = ["sym"]
    if kind in ("string", "large_string", "binary", "dictionary"):
        column = pa.array(names[codes], pa.string())
        target = {"large_string": pa.large_string(), "binary": pa.binary()}.get(kind)
        column = column.cast(target) if target else column
        column = column.dictionary_encode() if kind == "dictionary" else column
    elif kind == "two keys":
        column = pa.array(names[codes])
        table = table.append_column("venue", pa.array(rng.integers(-2, 2, n)))
        keys = ["sym", "venue"]
    else:
        column = pa.array((codes * 37 - 100).astype(kind))
    table = table.append_column("sym", column)
    out = rn.aggregation.resample_ohlcv(table, "5m", by=keys)
    assert out.equals(by_reference(table, keys, "5m"))
    # Rows already grouped in key order, and sort=True on shuffled rows, give the same bars.

    grouped = table.take(key_order(table, keys))
    assert rn.aggregation.resample_ohlcv(grouped, "5m", by=keys).equals(out)
    shuffled = table.take(pa.array(rng.permutation(n)))
    assert rn.aggregation.resample_ohlcv(shuffled, "5m", by=keys, sort=True).equals(out)


def test_many_distinct_keys() -> None:
    # More than 2**16 distinct keys: the ranks no longer fit the 16-bit radix sort.
    n = 70_000
    table = make_bars([60] * n, seed=14)
    keys = np.random.default_rng(14).permutation(n)
    table = table.append_column("sym", pa.array(keys))
    out = rn.aggregation.resample_ohlcv(table, "5m", by="sym")
    assert out.column("sym").to_pylist() == list(range(n))
    first = np.asarray(table.column("open"))[np.argsort(keys)]
    np.testing.assert_array_equal(np.asarray(out.column("open")), first)
