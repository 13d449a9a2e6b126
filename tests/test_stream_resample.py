"""Streaming input for resample_ohlcv and ticks_to_bars: a RecordBatchReader, an object with
``__arrow_c_stream__`` or an iterator of record batches gives the batch result, on both
backends, however the input is split into batches."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given, settings
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

SECOND = 1_000_000_000
MINUTE = 60 * SECOND


class CapsuleStream:
    """An object that is nothing but ``__arrow_c_stream__`` (as arro3, DuckDB or ADBC give)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._reader.__arrow_c_stream__(requested_schema)


def make_table(
    gaps: list[int], seed: int, decimal: bool = False, groups: int = 1, nulls: bool = False
) -> pa.Table:
    """Bars a cumulative ``gaps`` seconds apart, prices around 100, an int ``trades`` column,
    and a ``sym`` key column with ``groups`` values; decimal128(18, 2) prices if ``decimal``."""
    rng = np.random.default_rng(seed)
    ts = 1_700_000_000 * SECOND + np.cumsum(np.asarray(gaps, dtype=np.int64)) * SECOND
    n = ts.size
    close = 100 + np.round(rng.normal(0, 1, n).cumsum(), 2)
    open_ = np.round(close + rng.normal(0, 0.1, n), 2)
    high = np.round(np.maximum(open_, close) + rng.uniform(0, 0.5, n), 2)
    low = np.round(np.minimum(open_, close) - rng.uniform(0, 0.5, n), 2)
    volume = np.round(rng.uniform(0, 1000, n), 3)
    if nulls:
        volume[rng.uniform(size=n) < 0.2] = np.nan
    columns: dict[str, Any] = {"timestamp": pa.array(ts, pa.timestamp("ns"))}
    for name, values in (("open", open_), ("high", high), ("low", low), ("close", close)):
        columns[name] = (
            pa.array([Decimal(f"{v:.2f}") for v in values], pa.decimal128(18, 2))
            if decimal
            else pa.array(values)
        )
    columns["volume"] = pa.array(volume)
    columns["trades"] = pa.array(rng.integers(0, 50, n))
    columns["sym"] = pa.array(rng.choice(["AAA", "BBB", "CCC"][:groups], n))
    return pa.table(columns)


def split(table: pa.Table, cuts: list[int], how: str) -> Any:
    """``table`` as a stream whose batches end at the row numbers ``cuts``."""
    edges = sorted({0, table.num_rows, *(c % (table.num_rows + 1) for c in cuts)})
    batches = [
        batch
        for lo, hi in zip(edges, edges[1:])
        for batch in table.slice(lo, hi - lo).combine_chunks().to_batches()
    ]
    batches = batches or [pa.RecordBatch.from_pylist([], schema=table.schema)]
    if how == "tables":
        return iter([pa.Table.from_batches([b], schema=table.schema) for b in batches])
    if how == "batches":
        return iter(batches)
    reader = pa.RecordBatchReader.from_batches(table.schema, batches)
    return CapsuleStream(reader) if how == "capsule" else reader


gaps = st.lists(st.one_of(st.integers(0, 90), st.integers(0, 4_000)), min_size=0, max_size=60)
cuts = st.lists(st.integers(0, 60), max_size=8)
kinds = st.sampled_from(["reader", "batches", "tables", "capsule"])


@settings(max_examples=60)
@given(
    gaps,
    st.integers(0, 2**32 - 1),
    cuts,
    kinds,
    st.sampled_from(["1m", "5m", "7m", "1h"]),
    st.sampled_from(["left", "right"]),
    st.sampled_from(["left", "right"]),
    st.sampled_from([None, "30s", "-2m"]),
    st.sampled_from(["epoch", "start", "start_day"]),
    st.sampled_from([None, "ffill"]),
    st.sampled_from([1, 3]),
    st.booleans(),
)
def test_resample_stream_equals_the_batch_result_for_every_split(
    steps: list[int],
    seed: int,
    where: list[int],
    how: str,
    every: str,
    closed: str,
    label: str,
    offset: Any,
    origin: str,
    fill: Any,
    groups: int,
    decimal: bool,
) -> None:
    table = make_table(steps, seed, decimal=decimal, groups=groups, nulls=seed % 2 == 0)
    options: dict[str, Any] = {
        "closed": closed,
        "label": label,
        "offset": offset,
        "origin": origin,
        "fill": fill,
        "agg": {"trades": "sum"},
        "by": "sym" if groups > 1 else None,
    }
    whole = rn.aggregation.resample_ohlcv(table, every, **options)
    streamed = rn.aggregation.resample_ohlcv(split(table, where, how), every, **options)
    assert isinstance(streamed, pa.Table)
    assert streamed.schema == whole.schema
    assert streamed.equals(whole)


@settings(max_examples=40)
@given(gaps, st.integers(0, 2**32 - 1), cuts, kinds, st.booleans(), st.sampled_from([1, 3]))
def test_ticks_stream_equals_the_batch_result_for_every_split(
    steps: list[int], seed: int, where: list[int], how: str, decimal: bool, groups: int
) -> None:
    bars = make_table(steps, seed, decimal=decimal, groups=groups)
    ticks = pa.table(
        {
            "timestamp": bars.column("timestamp"),
            "price": bars.column("close"),
            "size": bars.column("trades") if decimal else bars.column("volume"),
            "sym": bars.column("sym"),
        }
    )
    by = "sym" if groups > 1 else None
    whole = rn.aggregation.ticks_to_bars(ticks, "5m", by=by, scale=4)
    streamed = rn.aggregation.ticks_to_bars(split(ticks, where, how), "5m", by=by, scale=4)
    assert streamed.equals(whole)


def test_backends_agree_on_a_stream() -> None:
    table = make_table([30] * 200, seed=3, groups=3, nulls=True)
    native, python = assert_same_outcome(
        lambda: rn.aggregation.resample_ohlcv(
            table.to_reader(max_chunksize=17), "5m", by="sym", fill="ffill"
        )
    )
    assert native.equals(python)
    assert native.num_rows > 0


def test_parquet_iter_batches(tmp_path: Path) -> None:
    table = make_table([60] * 3_000, seed=4, decimal=True)
    path = tmp_path / "bars.parquet"
    pq.write_table(table, path, row_group_size=1_000)
    whole = rn.aggregation.resample_ohlcv(pq.read_table(path), "1h")
    batches = pq.ParquetFile(path).iter_batches(batch_size=333)
    assert rn.aggregation.resample_ohlcv(batches, "1h").equals(whole)
    reader = pa.RecordBatchReader.from_batches(
        pq.ParquetFile(path).schema_arrow, pq.ParquetFile(path).iter_batches(batch_size=777)
    )
    assert rn.aggregation.resample_ohlcv(reader, "1h").equals(whole)


def test_a_polars_frame_yields_batches() -> None:
    pl = pytest.importorskip("polars")
    table = make_table([60] * 50, seed=5)
    frames = (pl.from_arrow(table.slice(lo, 10)) for lo in range(0, 50, 10))
    assert rn.aggregation.resample_ohlcv(frames, "15m").equals(
        rn.aggregation.resample_ohlcv(table, "15m")
    )


def test_empty_streams() -> None:
    table = make_table([60] * 5, seed=6).slice(0, 0)
    whole = rn.aggregation.resample_ohlcv(table, "5m")
    assert rn.aggregation.resample_ohlcv(table.to_reader(), "5m").equals(whole)
    empty_batches = iter([pa.RecordBatch.from_pylist([], schema=table.schema)])
    assert rn.aggregation.resample_ohlcv(empty_batches, "5m").equals(whole)
    with pytest.raises(exc.InvalidInputError, match="yielded no batches"):
        rn.aggregation.resample_ohlcv(iter([]), "5m")


def unsorted_at(table: pa.Table, row: int) -> pa.Table:
    """``table`` with row ``row`` moved a minute before row ``row - 1``."""
    ts = table.column("timestamp").cast(pa.int64()).to_numpy().copy()
    ts[row] = ts[row - 1] - MINUTE
    ts[row + 1 :] = ts[row + 1 :] - ts[row + 1] + ts[row - 1] + MINUTE
    return table.set_column(0, "timestamp", pa.array(ts, pa.timestamp("ns")))


def same_error(whole: pa.Table, stream: Any, **options: Any) -> exc.RustyBTError:
    with pytest.raises(exc.RustyBTError) as batch_error:
        rn.aggregation.resample_ohlcv(whole, "5m", **options)
    with pytest.raises(exc.RustyBTError) as stream_error:
        rn.aggregation.resample_ohlcv(stream, "5m", **options)
    assert type(stream_error.value) is type(batch_error.value)
    assert str(stream_error.value) == str(batch_error.value)
    return stream_error.value


@pytest.mark.parametrize("chunk", [1, 2, 10, 11, 12, 100])
def test_unsorted_across_a_batch_boundary_names_the_global_row(chunk: int) -> None:
    table = unsorted_at(make_table([60] * 40, seed=7), 22)
    error = same_error(table, table.to_reader(max_chunksize=chunk))
    assert isinstance(error, exc.InvalidInputError)
    assert isinstance(error, ValueError)
    assert "row 22 (" in str(error)
    assert "comes after row 21 (" in str(error)


def test_unsorted_within_a_group_across_batches_names_the_global_row() -> None:
    table = make_table([60] * 30, seed=8, groups=1)
    syms = pa.array(["A", "B"] * 15)
    ts = table.column("timestamp").cast(pa.int64()).to_numpy().copy()
    ts[25] = ts[0]  # group B's row 25 goes back to before its row 23
    table = table.set_column(0, "timestamp", pa.array(ts, pa.timestamp("ns")))
    table = table.set_column(table.column_names.index("sym"), "sym", syms)
    error = same_error(table, table.to_reader(max_chunksize=4), by="sym")
    assert "within each group: row 25 (" in str(error)
    assert "after row 23 (" in str(error)


@pytest.mark.parametrize("chunk", [1, 3, 8])
def test_bad_rows_in_a_later_batch_name_the_global_row(chunk: int) -> None:
    table = make_table([60] * 10, seed=9)
    ts = pa.array([*range(0, 8 * MINUTE, MINUTE), None, 9 * MINUTE], pa.int64())
    with_null = table.set_column(0, "timestamp", ts)
    assert "timestamp[8] is null" in str(same_error(with_null, with_null.to_reader(chunk)))
    high = table.column("high").to_pylist()
    high[6] = table.column("low")[6].as_py() - 1
    low_high = table.set_column(2, "high", pa.array(high))
    assert "high[6] = " in str(same_error(low_high, low_high.to_reader(chunk)))


def test_bad_streams_raise_a_clear_error() -> None:
    table = make_table([60] * 10, seed=10)
    with pytest.raises(exc.InvalidParameterError, match="sort=True needs the whole input"):
        rn.aggregation.resample_ohlcv(table.to_reader(), "5m", sort=True)
    other = table.drop_columns(["trades"])
    with pytest.raises(exc.InputTypeError, match="one schema: the batch from row 10"):
        rn.aggregation.resample_ohlcv(iter([table, other]), "5m")
    with pytest.raises(exc.InputTypeError, match="not a stream of record batches"):
        rn.aggregation.resample_ohlcv(CapsuleStream(pa.chunked_array([[1, 2]])), "5m")
    with pytest.raises(exc.InputTypeError, match="must yield pyarrow RecordBatches"):
        rn.aggregation.resample_ohlcv(iter([table, [1, 2, 3]]), "5m")
    with pytest.raises(exc.ColumnNotFoundError, match="'qty'"):
        rn.aggregation.resample_ohlcv(table.to_reader(), "5m", volume="qty")
    keys = pa.array(["A"] * 9 + [None])
    with pytest.raises(exc.InvalidInputError, match="null"):
        rn.aggregation.resample_ohlcv(table.set_column(7, "sym", keys).to_reader(3), "5m", by="sym")


def test_a_stream_is_read_one_batch_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each batch is bucketed before the next one is read."""
    from rustybt_native import _backend

    table = make_table([60] * 100, seed=11)
    events: list[str] = []
    runs = _backend.impl.resample_runs

    def counted_runs(*args: Any) -> Any:
        events.append("runs")
        return runs(*args)

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in table.to_batches(max_chunksize=25):
            events.append("read")
            yield batch

    monkeypatch.setattr(_backend.impl, "resample_runs", counted_runs)
    streamed = rn.aggregation.resample_ohlcv(batches(), "5m")
    assert events == ["read", "runs"] * 4 + ["runs"]  # the last "runs" closes the open bar
    monkeypatch.undo()
    assert streamed.equals(rn.aggregation.resample_ohlcv(table, "5m"))


def test_decimal_ffill_fills_empty_buckets() -> None:
    """Regression: the native decimal kernel's result is read as a pyarrow Array for the fill."""
    table = make_table([0, 100], seed=12, decimal=True)  # rows at :20, :20 and 2:00 past
    filled = rn.aggregation.resample_ohlcv(table, "1m", fill="ffill")
    close = filled.column("close").to_pylist()
    assert filled.column("open").to_pylist()[1] == close[0] == filled.column("low")[1].as_py()
    assert filled.column("volume").to_pylist()[1] == 0
    assert rn.aggregation.resample_ohlcv(table.to_reader(1), "1m", fill="ffill").equals(filled)
