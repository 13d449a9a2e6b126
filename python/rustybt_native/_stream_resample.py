"""Resampling a stream of record batches with bounded memory (issue 7).

``aggregation.resample_ohlcv`` and ``aggregation.ticks_to_bars`` hand a stream (a pyarrow
``RecordBatchReader``, another object with ``__arrow_c_stream__``, or an iterator of record
batches) to :func:`resample_stream`. Each batch goes through the kernels
of the current backend as a table would; the bars of a group that later rows can still join
(its last bar in the batch) are not emitted: their rows are carried into the next batch, in
front of its rows. So every bar is reduced from exactly its rows, in their order, by the same
kernels as the batch path: the result equals the batch result bit for bit, however the input is
split. Memory: one batch, plus the rows of one open bar per group, plus the bars made so far.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from . import _backend
from .aggregation import (
    _DAY_NS,
    Sessions,
    _as_table,
    _bar_columns,
    _checked,
    _day_rule,
    _labels_column,
    _LocalDays,
    _origin_rule,
    _pyarrow,
    _session_runs,
    _sorted_groups,
)
from .exceptions import InputTypeError, InvalidInputError, InvalidParameterError

#: Column carrying each row's number in the stream (for error messages) through the batches.
_ROW = "__rustybt_row__"

Runs = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]


def _as_batch_table(item: Any, timestamp: str) -> Any:
    """One item of an iterator as a pyarrow Table (as a whole input would be read)."""
    try:
        return _as_table(item, timestamp)[0]
    except InputTypeError:
        raise InputTypeError(
            "an iterator of bars must yield pyarrow RecordBatches or Tables, polars or pandas "
            f"DataFrames or Arrow PyCapsule objects, got {type(item).__name__}"
        ) from None


def _batches(source: Any, timestamp: str) -> tuple[Optional[Any], Iterator[Any]]:
    """The schema of ``source`` (None for an iterator, whose items carry it) and its batches
    as pyarrow Tables, read one at a time."""
    pa = _pyarrow()
    if hasattr(source, "__arrow_c_stream__"):
        try:
            reader = (
                source
                if isinstance(source, pa.RecordBatchReader)
                else pa.RecordBatchReader.from_stream(source)
            )
        except (pa.ArrowException, TypeError, ValueError) as error:
            raise InputTypeError(
                f"bars: a {type(source).__name__} stream is not a stream of record batches "
                f"(a table's rows): {error}"
            ) from error
        return reader.schema, (pa.Table.from_batches([batch]) for batch in reader)
    return None, (_as_batch_table(item, timestamp) for item in source)


def _resolve_start(origin_word: str, first: int) -> int:
    """The instant ``origin="start"`` or ``"start_day"`` stands for, given the first timestamp
    (as the kernels resolve it: the day is the UTC day)."""
    return first if origin_word == "start" else first // _DAY_NS * _DAY_NS


def resample_stream(
    source: Any,
    every: Optional[str],
    *,
    timestamp: str,
    keys: list[str],
    plan: list[tuple[str, str, str]],
    prepare: Callable[[Any, int], Any],
    closed: str,
    label: str,
    offset: Optional[str],
    origin: Any,
    ohlc: Optional[tuple[str, str, str, str]],
    sort: bool,
    late_plan: list[tuple[str, str, str]],
    sessions: Optional[Sessions] = None,
) -> Any:
    """The bars of a stream, as a pyarrow Table equal to the batch path's result on the whole
    input (arguments as ``aggregation._resample_table``)."""
    pa = _pyarrow()
    if sort:
        raise InvalidParameterError(
            "sort=True needs the whole input at once, but a stream is read batch by batch: "
            "sort the stream first, or pass a table"
        )
    full_plan = [*plan, *late_plan]
    fill = ohlc is not None
    schema, batches = _batches(source, timestamp)
    # Only the columns the bars need travel through the batches (and are carried).
    needed = list(dict.fromkeys([timestamp, *keys, *(c for _, c, _ in full_plan)]))
    # What the first rows fix: the timestamps' Arrow type and the origin rule.
    ts_type: Any = None
    rule: Optional[tuple[str, Optional[int]]] = None
    days: Optional[_LocalDays] = None  # whole-day buckets in a time zone's wall-clock time
    anchors: dict[tuple[Any, ...], int] = {}  # per group, for origin "start"/"start_day" by=
    carried: Any = None  # rows of each group's open bar, with their row numbers (_ROW)
    carried_ts = np.empty(0, dtype=np.int64)
    pieces: list[Any] = []
    seen = 0

    def runs_of(table: Any, ts: npt.NDArray[np.int64], groups: npt.NDArray[np.int64]) -> Runs:
        assert rule is not None
        assert every is not None
        origin_word, origin_ns = rule
        per_group = origin_ns is None and origin_word in ("start", "start_day")
        if not per_group:
            runs: Runs = _backend.impl.resample_runs(
                ts, groups, every, offset, closed, label, origin_word, origin_ns, fill
            )
            return runs
        # Each group is anchored on its own first row, which an earlier batch may have held.
        labels, bounds, bar_groups = [], [np.zeros(1, dtype=np.int64)], [0]
        for lo, hi in zip(groups[:-1].tolist(), groups[1:].tolist()):
            if lo == hi:  # the one group of an empty table
                bar_groups.append(bar_groups[-1])
                continue
            key = tuple(table.column(k)[lo].as_py() for k in keys)
            anchor = anchors.setdefault(key, _resolve_start(origin_word, int(ts[lo])))
            part = _backend.impl.resample_runs(
                ts[lo:hi],
                np.array([0, hi - lo], dtype=np.int64),
                every,
                offset,
                closed,
                label,
                "epoch",
                anchor,
                fill,
            )
            labels.append(part[0])
            bounds.append(part[1][1:] + lo)
            bar_groups.append(bar_groups[-1] + part[0].size)
        return (
            np.concatenate([np.empty(0, dtype=np.int64), *labels]),
            np.concatenate(bounds).astype(np.int64),
            np.array(bar_groups, dtype=np.int64),
        )

    def step(table: Any, ts: npt.NDArray[np.int64], final: bool) -> None:
        """Emits the bars of ``table`` that are over (all of them when ``final``) and carries
        the rows of the others."""
        nonlocal carried, carried_ts
        rows = table.column(_ROW).to_numpy().astype(np.int64)
        table, ts, groups = _sorted_groups(table, ts, keys, timestamp, False, rows=rows)
        whole, whole_ts, whole_groups = table, ts, groups
        keep: Optional[npt.NDArray[np.bool_]] = None
        if sessions is None and days is None:
            runs = runs_of(table, ts, groups)
        else:  # rows outside every session are dropped from ``table``
            spans, local_days = sessions, days
            if spans is None:
                assert local_days is not None
                spans = local_days.sessions(ts)
            table, ts, groups, runs, keep = _session_runs(
                table, ts, groups, spans, closed, label, fill
            )
        names, columns = _bar_columns(
            table,
            groups,
            runs,
            keys=keys,
            timestamp=timestamp,
            label_column=pa.array(runs[0], type=pa.int64()),
            plan=full_plan,
            ohlc=ohlc,
        )
        bars = pa.table(dict(zip(names, columns)))
        if final:
            pieces.append(bars)
            return
        _, bounds, bar_groups = runs
        has_bars = np.diff(bar_groups) > 0  # every group has rows; with sessions, maybe no bar
        open_bars = (bar_groups[1:] - 1)[has_bars]
        done = np.ones(bars.num_rows, dtype=bool)
        done[open_bars] = False
        pieces.append(bars.filter(pa.array(done)))
        # Carried: each group's rows from its open bar's first row on (rows dropped as outside
        # every session after it are dropped again next time), or, for a group without a
        # bar, its last row, which the next rows of the group must not precede.
        if keep is None:
            starts = bounds[open_bars]
        else:
            starts = whole_groups[1:] - 1
            starts[has_bars] = np.flatnonzero(keep)[bounds[open_bars]]
        lengths = whole_groups[1:] - starts
        take = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        carried = whole.take(pa.array(take))
        carried_ts = np.ascontiguousarray(whole_ts[take])

    for batch in batches:
        if schema is None:
            schema = batch.schema
        elif not batch.schema.equals(schema):
            raise InputTypeError(
                f"every batch of a stream must have one schema: the batch from row {seen} has "
                f"({batch.schema.to_string(show_schema_metadata=False)}), the first had "
                f"({schema.to_string(show_schema_metadata=False)})"
            )
        if batch.num_rows == 0:
            continue
        table, ts, ts_type = _checked(batch, timestamp, keys, plan, prepare, seen)
        if rule is None and sessions is not None:
            rule = ("epoch", None)  # sessions need no bucket grid
        if rule is None:
            assert every is not None
            days = _day_rule(every, ts_type, keys, origin, offset, ts[:1])
            rule = _origin_rule(every, ts_type, keys, origin, ts[:1])
            if not keys and rule[1] is None and rule[0] in ("start", "start_day"):
                rule = ("epoch", _resolve_start(rule[0], int(ts[0])))
        rows = np.arange(seen, seen + batch.num_rows, dtype=np.int64)
        seen += batch.num_rows
        table = table.select(needed).append_column(_ROW, pa.array(rows))
        if carried is not None:
            table = pa.concat_tables([carried, table])
            ts = np.concatenate([carried_ts, ts])
        step(table, ts, final=False)

    if carried is None:  # no rows at all: the batch path's result on an empty table
        if schema is None:
            raise InvalidInputError(
                "the iterator yielded no batches, so the columns are unknown; pass an empty "
                "table or a RecordBatchReader with a schema instead"
            )
        table, ts, ts_type = _checked(schema.empty_table(), timestamp, keys, plan, prepare, 0)
        if sessions is None:
            assert every is not None
            days = _day_rule(every, ts_type, keys, origin, offset, ts)
            rule = _origin_rule(every, ts_type, keys, origin, ts)
        carried = table.select(needed).append_column(_ROW, pa.array(np.empty(0, np.int64)))
        carried_ts = ts
    step(carried, carried_ts, final=True)
    return _assemble(pieces, keys, timestamp, ts_type)


def _assemble(pieces: list[Any], keys: list[str], timestamp: str, ts_type: Any) -> Any:
    """The bars of all batches as one table, ordered as the batch path orders them (by the
    keys, then by time), with labels in the timestamps' type."""
    pa = _pyarrow()
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    # A column can come out int64 from one batch and float64 from another (an integer column
    # with nulls is aggregated as float, as in the batch path): float64 for all, then.
    fields = []
    for at, field in enumerate(pieces[0].schema):
        types = {piece.schema.field(at).type for piece in pieces}
        fields.append(field.with_type(pa.float64()) if len(types) > 1 else field)
    schema = pa.schema(fields)
    result = pa.concat_tables([piece.cast(schema) for piece in pieces])
    labels = result.column(timestamp).to_numpy()
    at = result.column_names.index(timestamp)
    result = result.set_column(at, timestamp, _labels_column(labels, ts_type))
    if keys:
        order = pc.sort_indices(result, sort_keys=[(k, "ascending") for k in keys])
        result = result.take(order)
    return result
