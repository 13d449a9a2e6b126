"""Time bucketing and resampling of bars.

Timestamps are int64 nanoseconds since the Unix epoch (UTC) or numpy ``datetime64`` values,
sorted ascending. Bucket lengths are written as Polars writes them: ``"1m"`` (minute), ``"5m"``,
``"1h"``, ``"1d"``, ``"1w"``, compounds such as ``"1h30m"``; units ns, us, ms, s, m, h, d, w.
Calendar months and years have no fixed length and are not accepted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Optional

import numpy as np
import numpy.typing as npt

from . import _backend
from ._validation import float_array, int64_timestamps, real, text
from .exceptions import (
    ColumnNotFoundError,
    InputTypeError,
    InvalidInputError,
    InvalidParameterError,
)

__all__ = [
    "bucket_starts",
    "dollar_bars",
    "resample_ohlcv",
    "sessions_from_calendar",
    "tick_bars",
    "ticks_to_bars",
    "volume_bars",
]


def bucket_starts(timestamps: Any, every: str, offset: Optional[str] = None) -> npt.NDArray[Any]:
    """Start of the time bucket each timestamp falls in.

    Buckets of length ``every`` are aligned on the Unix epoch (on Monday 1970-01-05 when
    ``every`` is given in weeks) and shifted by ``offset``: Polars' ``dt.truncate(every)``, and
    pandas' ``floor``/``resample(every, origin="epoch", offset=offset)`` labelled by the left
    edge. Timestamps before 1970 floor correctly.

    Parameters
    ----------
    timestamps : array-like of int64 nanoseconds, or datetime64, 1-D
        Sorted ascending; equal neighbours are fine.
    every : str
        Bucket length, e.g. ``"1m"``, ``"5m"``, ``"1h"``, ``"1d"``, ``"1w"``; must be positive.
    offset : str, optional
        Shift of the bucket edges, e.g. ``"30m"`` or ``"-30m"``.

    Returns
    -------
    numpy.ndarray
        int64 nanoseconds, or ``datetime64[ns]`` when ``timestamps`` were datetime64.

    Raises
    ------
    InvalidParameterError
        For an unreadable, zero or negative ``every``, or an unreadable ``offset``.
    InvalidInputError
        For unsorted timestamps, NaT, or buckets outside the int64 nanosecond range.
    InputTypeError
        For float or other non-integer timestamps, or non-str durations.

    Examples
    --------
    >>> import numpy as np
    >>> import rustybt_native as rn
    >>> minute = 60_000_000_000
    >>> rn.aggregation.bucket_starts(np.array([0, 4, 5, 12]) * minute, "5m") // minute
    array([ 0,  0,  5, 10])
    >>> ts = np.array(["2024-01-02T09:31", "2024-01-02T10:59"], dtype="datetime64[ns]")
    >>> rn.aggregation.bucket_starts(ts, "1h")
    array(['2024-01-02T09:00:00.000000000', '2024-01-02T10:00:00.000000000'],
          dtype='datetime64[ns]')
    """
    values, is_datetime = int64_timestamps(timestamps, "timestamps")
    every = text(every, "every")
    if offset is not None:
        offset = text(offset, "offset")
    starts: npt.NDArray[np.int64] = _backend.impl.bucket_starts(values, every, offset)
    return starts.view("datetime64[ns]") if is_datetime else starts


# --- resampling bars (issue 7) ---------------------------------------------------------------

_AGGS = ("first", "last", "min", "max", "sum", "mean", "count")
_DAY_NS = 86_400_000_000_000
_FIRST_MONDAY_WALL_NS = 4 * _DAY_NS  # 1970-01-05, where week buckets start
_UTC_NAMES = ("UTC", "Etc/UTC", "utc", "+00:00", "Z", "GMT", "Etc/GMT")


def _pyarrow() -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - pyarrow is a dev dependency
        raise ImportError(
            "resample_ohlcv needs pyarrow: pip install 'rustybt-native[arrow]'"
        ) from error
    return pa


def _as_table(data: Any, timestamp: str) -> tuple[Any, str, Optional[str]]:
    """``data`` as a pyarrow Table, its kind, and the name of a pandas index that held the
    timestamps (None if they were a column)."""
    pa = _pyarrow()
    module = type(data).__module__
    if isinstance(data, pa.Table):
        return data, "pyarrow-table", None
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data]), "pyarrow-batch", None
    if module.startswith("polars") and type(data).__name__ == "DataFrame":
        return data.to_arrow(), "polars", None
    if module.startswith("pandas") and type(data).__name__ == "DataFrame":
        index_name = None
        if timestamp not in data.columns and str(data.index.dtype).startswith("datetime64"):
            index_name = data.index.name
            data = data.rename_axis(timestamp).reset_index()
        return pa.Table.from_pandas(data, preserve_index=False), "pandas", index_name
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data), "pyarrow-table", None
    if hasattr(data, "__arrow_c_array__"):
        return pa.Table.from_batches([pa.record_batch(data)]), "pyarrow-batch", None
    raise InputTypeError(
        "bars must be a pyarrow Table or RecordBatch, a polars or pandas DataFrame, or an object "
        f"with the Arrow PyCapsule interface, got {type(data).__name__}"
    )


def _from_table(result: Any, kind: str, keys: list[str], timestamp: str, index_name: Any) -> Any:
    """``result`` (a pyarrow Table) in the kind the input came as."""
    pa = _pyarrow()
    if kind == "pyarrow-batch":
        arrays = [column.combine_chunks() for column in result.columns]
        return pa.RecordBatch.from_arrays(arrays, schema=result.schema)
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(result)
    if kind == "pandas":
        frame = result.to_pandas()
        frame = frame.set_index([*keys, timestamp])
        if index_name is not None or timestamp not in frame.index.names:
            frame = frame.rename_axis([*keys, index_name if index_name else timestamp])
        return frame
    return result


def _names(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    raise InputTypeError(f"{name} must be a column name or a list of names")


def _tzinfo(tz: str) -> Any:
    import datetime as dt
    import re
    import zoneinfo

    fixed = re.fullmatch(r"([+-])(\d\d):?(\d\d)", tz)
    if fixed:
        sign = -1 if fixed.group(1) == "-" else 1
        delta = dt.timedelta(hours=int(fixed.group(2)), minutes=int(fixed.group(3)))
        return dt.timezone(sign * delta)
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise InvalidInputError(f"unknown time zone {tz!r}") from error


def _local_midnight_ns(tz: str, instant_ns: Optional[int]) -> int:
    """The instant of local midnight on 1970-01-01 (``instant_ns`` None) or on the local date of
    ``instant_ns``, in nanoseconds since the epoch."""
    import datetime as dt

    zone = _tzinfo(tz)
    if instant_ns is None:
        day = dt.datetime(1970, 1, 1, tzinfo=zone)
    else:
        utc = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        local = (utc + dt.timedelta(microseconds=instant_ns // 1000)).astimezone(zone)
        day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    offset = day.utcoffset()
    assert offset is not None
    naive = day.replace(tzinfo=None) - dt.datetime(1970, 1, 1)
    return ((naive - offset) // dt.timedelta(microseconds=1)) * 1000


def _origin_ns(origin: Any) -> Optional[int]:
    """An explicit origin as nanoseconds, None for the words."""
    import datetime as dt

    if isinstance(origin, str):
        return None
    if isinstance(origin, (int, np.integer)) and not isinstance(origin, bool):
        return int(origin)
    if isinstance(origin, np.datetime64):
        return int(origin.astype("datetime64[ns]").astype(np.int64))
    if isinstance(origin, dt.datetime):
        value = getattr(origin, "value", None)  # a pandas Timestamp knows its nanoseconds
        if isinstance(value, (int, np.integer)):
            return int(value)
        aware = origin if origin.tzinfo else origin.replace(tzinfo=dt.timezone.utc)
        since = aware - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
        return (since // dt.timedelta(microseconds=1)) * 1000
    raise InputTypeError(
        "origin must be 'epoch', 'start', 'start_day', int nanoseconds or a datetime, got "
        f"{type(origin).__name__}"
    )


def _timestamps(column: Any, name: str, first_row: int = 0) -> tuple[npt.NDArray[np.int64], Any]:
    """A timestamp column as int64 nanoseconds, and its Arrow type (a null is named as row
    ``first_row`` + its position)."""
    pa = _pyarrow()
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    data_type = column.type
    if column.null_count:
        first = int(pc.index(pc.is_null(column), True).as_py())
        raise InvalidInputError(
            f"{name}[{first_row + first}] is null; drop missing timestamps first"
        )
    if pa.types.is_timestamp(data_type):
        try:
            as_ns = column.cast(pa.timestamp("ns", data_type.tz))
        except pa.ArrowInvalid as error:
            raise InvalidInputError(
                f"{name} does not fit int64 nanoseconds (1677 to 2262): {error}"
            ) from error
        ints = as_ns.cast(pa.int64())
    elif pa.types.is_integer(data_type):
        ints = column.cast(pa.int64())
    else:
        raise InputTypeError(
            f"{name} must be an Arrow timestamp or int64 nanoseconds, got Arrow type {data_type}"
        )
    values = np.ascontiguousarray(ints.to_numpy(), dtype=np.int64)
    return values, data_type


def _labels_column(labels: npt.NDArray[np.int64], data_type: Any) -> Any:
    """Bar labels (int64 nanoseconds) in the type the timestamps came as, when exact."""
    pa = _pyarrow()
    if not pa.types.is_timestamp(data_type):
        return pa.array(labels, type=data_type)
    as_ns = pa.array(labels, type=pa.timestamp("ns", data_type.tz))
    try:
        return as_ns.cast(data_type)  # safe cast: refuses to drop sub-unit digits
    except pa.ArrowInvalid:
        return as_ns


def _column_kind(column: Any, name: str) -> str:
    pa = _pyarrow()
    data_type = column.type
    if pa.types.is_decimal(data_type):
        return "decimal"
    if pa.types.is_floating(data_type) or (pa.types.is_integer(data_type) and column.null_count):
        return "float"
    if pa.types.is_integer(data_type):
        return "int"
    raise InputTypeError(
        f"column {name!r} must be numeric (float, integer or decimal), got Arrow type {data_type}"
    )


def _as_float(column: Any) -> npt.NDArray[np.float64]:
    pa = _pyarrow()
    if column.type == pa.float64() and column.null_count == 0 and column.num_chunks == 1:
        values: npt.NDArray[np.float64] = column.chunk(0).to_numpy()  # zero copy
        return values
    array = column.cast(pa.float64()).combine_chunks().fill_null(float("nan"))
    return np.ascontiguousarray(array.to_numpy(zero_copy_only=False), dtype=np.float64)


def _as_decimal(column: Any) -> Any:
    pa = _pyarrow()
    data_type = column.type
    if not pa.types.is_decimal128(data_type):
        column = column.cast(pa.decimal128(38, data_type.scale))
    if isinstance(column, pa.ChunkedArray) and column.num_chunks == 1:
        return column.chunk(0)  # in place
    return column.combine_chunks()


def _aggregate(column: Any, name: str, bounds: npt.NDArray[np.int64], how: str) -> Any:
    """One output column: ``how`` of ``column`` over each bar, as a pyarrow Array."""
    pa = _pyarrow()
    kind = _column_kind(column, name)
    impl = _backend.impl
    if how == "count":
        if column.null_count == 0 and kind != "float":
            return pa.array(np.diff(bounds))  # every row counts
        if column.null_count == 0:
            valid = ~np.isnan(_as_float(column))
        else:
            valid = column.is_valid().to_numpy(zero_copy_only=False)
            if kind == "float":
                valid &= ~np.isnan(_as_float(column))
        return pa.array(impl.count_runs(np.ascontiguousarray(valid, dtype=bool), bounds))
    if kind == "decimal":
        # pa.array: the native kernel hands back an Arrow PyCapsule object, not a pyarrow Array.
        return pa.array(impl.aggregate_runs_decimal(_as_decimal(column), bounds, how))
    if kind == "int" and how != "mean":
        ints = np.ascontiguousarray(column.cast(pa.int64()).to_numpy(), dtype=np.int64)
        values, valid = impl.aggregate_runs_i64(ints, bounds, how)
        return pa.array(values, mask=~valid)
    return pa.array(impl.aggregate_runs_f64(_as_float(column), bounds, how))


def _group_bounds(table: Any, keys: list[str]) -> npt.NDArray[np.int64]:
    """Row offsets of the runs of equal keys in a key-sorted table."""
    import pyarrow.compute as pc

    rows = table.num_rows
    change = np.zeros(max(rows - 1, 0), dtype=bool)
    for key in keys:
        column = table.column(key)
        if column.null_count:
            first = int(pc.index(pc.is_null(column), True).as_py())
            raise InvalidInputError(f"group key {key!r} is null in a row ({first} after sorting)")
        if rows > 1:
            values = _decoded(column)
            differs = pc.not_equal(values.slice(1), values.slice(0, rows - 1))
            change |= differs.to_numpy(zero_copy_only=False).astype(bool)
    starts = np.flatnonzero(change) + 1
    return np.concatenate([[0], starts, [rows]]).astype(np.int64)


def _decoded(column: Any) -> Any:
    """A dictionary-encoded column (a polars Categorical) as its plain values, for sorting and
    comparing; other columns as they are."""
    pa = _pyarrow()
    if pa.types.is_dictionary(column.type):
        return column.cast(column.type.value_type)
    return column


def _key_ranks(table: Any, keys: list[str]) -> Optional[npt.NDArray[np.int64]]:
    """Each row's rank in the ascending order of its key values (equal keys, equal ranks;
    several keys combined in order), or None when a key has nulls or a type other than
    integers, strings or binaries, or the combined ranks could overflow: then pyarrow sorts."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    combined: Optional[npt.NDArray[np.int64]] = None
    span = 1
    for key in keys:
        column = _decoded(table.column(key))
        kind = column.type
        plain = (
            pa.types.is_integer(kind)
            or pa.types.is_string(kind)
            or pa.types.is_large_string(kind)
            or pa.types.is_binary(kind)
            or pa.types.is_large_binary(kind)
        )
        if column.null_count or not plain:
            return None
        encoded = pc.dictionary_encode(column.combine_chunks())
        distinct = len(encoded.dictionary)
        rank_of = np.empty(distinct, dtype=np.int64)
        rank_of[pc.sort_indices(encoded.dictionary).to_numpy()] = np.arange(distinct)
        ranks = rank_of[encoded.indices.to_numpy()]
        span *= max(distinct, 1)
        if span >= 2**62:
            return None
        combined = ranks if combined is None else combined * distinct + ranks
    return combined


def _check_sorted(
    ts: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    order: Optional[npt.NDArray[np.int64]],
    name: str,
    grouped: Optional[bool] = None,
) -> None:
    """ValueError naming the first row (as the caller numbered it: ``order`` maps positions to
    row numbers) earlier than its predecessor in its group; ``grouped`` says whether to say
    "within each group" (default: when there are several groups)."""
    if ts.size < 2:
        return
    back = ts[1:] < ts[:-1]
    back[group_bounds[1:-1] - 1] = False  # a new group may start earlier
    bad = np.flatnonzero(back)
    if bad.size:
        here = int(bad[0]) + 1
        row, previous = (
            (here, here - 1) if order is None else (int(order[here]), int(order[here - 1]))
        )
        if grouped is None:
            grouped = group_bounds.size > 2
        where = " within each group" if grouped else ""
        raise InvalidInputError(
            f"{name} must be sorted ascending{where}: row {row} "
            f"({np.datetime64(int(ts[here]), 'ns')}) comes after row {previous} "
            f"({np.datetime64(int(ts[here - 1]), 'ns')}); sort first or pass sort=True"
        )


def _check_high_low(table: Any, high: str, low: str, first_row: int = 0) -> None:
    import pyarrow.compute as pc

    pa = _pyarrow()
    highs, lows = table.column(high), table.column(low)
    if highs.type == lows.type == pa.float64():
        # NaN compares false, as a null is skipped.
        flags = np.less(_as_float(highs), _as_float(lows))
    elif pa.types.is_decimal(highs.type) and highs.type == lows.type:
        from . import decimal as rn_decimal

        below = pa.array(rn_decimal.lt(_as_decimal(highs), _as_decimal(lows)))
        flags = below.fill_null(False).to_numpy(zero_copy_only=False)
    else:
        flags = pc.less(highs, lows).fill_null(False).to_numpy(zero_copy_only=False)
    if flags.any():
        at = int(np.flatnonzero(flags)[0])
        h, lo = table.column(high)[at].as_py(), table.column(low)[at].as_py()
        row = first_row + at
        raise InvalidInputError(
            f"{high}[{row}] = {h} is below {low}[{row}] = {lo}: bars need high >= low "
            "(fix or drop the bad rows first)"
        )


def resample_ohlcv(
    bars: Any,
    every: Optional[str] = None,
    *,
    timestamp: str = "timestamp",
    by: Any = None,
    open: str = "open",  # noqa: A002 - the column's name
    high: str = "high",
    low: str = "low",
    close: str = "close",
    volume: Optional[str] = "volume",
    closed: str = "left",
    label: str = "left",
    offset: Optional[str] = None,
    origin: Any = "epoch",
    fill: Optional[str] = None,
    agg: Optional[Mapping[str, str]] = None,
    sort: bool = False,
    sessions: Any = None,
) -> Any:
    """OHLCV bars resampled to a longer bar length, as pandas' ``resample`` does it.

    Rows are grouped into time buckets of length ``every``; each bar's open is the first open
    of its bucket, high the largest high, low the smallest low, close the last close and
    volume the sum of volumes (missing values, NaN or null, are skipped as pandas skips them).
    Bucket edges lie at ``origin + offset + k * every``; ``closed`` says which edge belongs to
    a bucket and ``label`` which edge names the bar: pandas' ``resample(every, closed=closed,
    label=label, offset=offset, origin=origin).agg(...)``. Buckets without rows are dropped
    (pandas keeps them as NaN rows) unless ``fill="ffill"``.

    Parameters
    ----------
    bars : pyarrow Table or RecordBatch, polars or pandas DataFrame, Arrow object, or stream
        The input bars; the result comes back as the same kind (pandas: indexed by the bar
        label, under the ``by`` keys first if any, as ``groupby(by).resample`` gives it; a
        pandas DatetimeIndex serves as the timestamp column when there is no such column).
        A stream (a pyarrow RecordBatchReader, another object with ``__arrow_c_stream__``, or
        an iterator of record batches) is resampled batch by batch with bounded memory and
        gives a pyarrow Table equal to the result on the whole input.
    every : str
        Bar length: "1m", "5m", "15m", "1h", "4h", "1d", "1w", compounds such as "1h30m".
    timestamp : str
        Column of Arrow timestamps (any unit and time zone) or int64 nanoseconds.
    by : str or list of str, optional
        Group key columns (e.g. the symbol): each group is resampled on its own; the result is
        sorted by the keys.
    open, high, low, close, volume : str
        Column names; ``volume=None`` for bars without volume. Prices are float, integer or
        decimal (Decimal128: exact, sums checked); the four price columns must share one type.
    closed, label : {"left", "right"}
        Which bucket edge belongs to the bucket, and which names the bar.
    offset : str, optional
        Shift of the bucket edges, e.g. "30m" or "-15m".
    origin : {"epoch", "start", "start_day"}, int or datetime
        Anchor of the bucket edges, as in pandas: the Unix epoch (Monday 1970-01-05 for weeks;
        for time-zone-aware timestamps, local midnight of 1970-01-01, as pandas), the first
        timestamp (of each group), its day's midnight, or this instant.
    fill : {None, "ffill"}
        None drops empty buckets; "ffill" gives them the previous bar's close as open, high,
        low and close, zero volume, zero sums and counts, and missing values otherwise.
    agg : mapping of str to str, optional
        More columns to aggregate, e.g. ``{"trades": "sum"}``: "first", "last", "min", "max",
        "sum", "mean" (float columns only) or "count" (of values present).
    sort : bool
        Sort rows by timestamp (within groups) first; by default unsorted timestamps are an
        error.
    sessions : table, optional
        One bar per trading session instead of time buckets (``every`` then stays None): a
        pyarrow Table, polars or pandas DataFrame with ``open`` and ``close`` columns (Arrow
        timestamps of any zone, compared as instants, or int64 nanoseconds UTC), one row per
        session, sorted and not overlapping; :func:`sessions_from_calendar` builds one. A row
        belongs to a session when ``open <= t < close`` (``closed="left"``) or ``open < t <=
        close`` (``closed="right"``); rows outside every session are dropped. ``label`` picks
        the session's open or close as the bar's timestamp; ``fill="ffill"`` fills sessions
        without rows between a group's first and last bar.

    Returns
    -------
    Same kind as ``bars``
        Columns: the ``by`` keys, ``timestamp`` (bar labels, same type as the input when the
        labels fit its unit), open, high, low, close, volume, then the ``agg`` columns.

    Raises
    ------
    ColumnNotFoundError
        (a ``KeyError``) naming every missing column.
    InvalidParameterError
        For an unreadable ``every``/``offset``, an unknown ``closed``, ``label``, ``origin``,
        ``fill`` or aggregation, ``every`` (or ``offset``, ``origin``) given with
        ``sessions``, or origin "start"/"start_day" with ``by`` on time-zone-aware
        timestamps.
    InvalidInputError
        For unsorted or null timestamps (naming the first bad row), null group keys, a bar
        whose high is below its low, or sessions that are unsorted, overlap or do not open
        before they close (naming the session), an unknown time zone, or day buckets beyond
        the int64 nanosecond range.
    InputTypeError
        For a non-numeric column, price columns of mixed types, or unsupported input.
    DecimalOverflowError
        For a decimal sum beyond 38 digits.

    Notes
    -----
    Time zones: ``every`` written in days or weeks ("1d", "2d", "1w") on timestamps with a
    time zone counts local calendar days, as pandas does: edges at local midnight (plus
    ``offset``, in wall-clock time), so days are 23 or 25 hours long at DST changes; an edge in
    a DST gap moves to the gap's end, one in a repeated hour takes its first occurrence.
    pandas anchors "2d" on the first row's day (``origin="start_day"`` here). Other lengths,
    "24h" included, are fixed lengths with edges counted from local midnight 1970-01-01, as
    pandas counts them.

    Streams: each batch is resampled as it arrives; the rows of each group's last bar are
    carried into the next batch (a later row may still join that bar), so memory holds one
    batch, one open bar per group and the bars made so far. Errors are found batch by batch
    and name rows by their number in the whole stream; ``sort=True`` is refused for a stream.

    Examples
    --------
    >>> import pyarrow as pa
    >>> import rustybt_native as rn
    >>> minute = 60_000_000_000
    >>> bars = pa.table({
    ...     "timestamp": [t * minute for t in [0, 1, 2, 5, 6]],
    ...     "open": [1.0, 2.0, 3.0, 4.0, 5.0], "high": [2.0, 3.0, 4.0, 5.0, 6.0],
    ...     "low": [0.5, 1.5, 2.5, 3.5, 4.5], "close": [1.5, 2.5, 3.5, 4.5, 5.5],
    ...     "volume": [10, 20, 30, 40, 50],
    ... })
    >>> out = rn.aggregation.resample_ohlcv(bars, "5m")
    >>> out.column("open").to_pylist(), out.column("close").to_pylist()
    ([1.0, 4.0], [3.5, 5.5])
    >>> out.column("volume").to_pylist()
    [60, 90]
    >>> stream = bars.to_reader(max_chunksize=2)  # batches of 2 rows, read one at a time
    >>> rn.aggregation.resample_ohlcv(stream, "5m").equals(out)
    True
    """
    session_bounds = None
    if sessions is None:
        every = text(every, "every")
    else:
        if every is not None:
            raise InvalidParameterError(
                f"pass every or sessions, not both (got every={every!r}): sessions make one "
                "bar per session"
            )
        if offset is not None or not (isinstance(origin, str) and origin == "epoch"):
            raise InvalidParameterError(
                "offset and origin do not apply to sessions: a session's bar runs from its "
                "open to its close"
            )
        session_bounds = _session_bounds(sessions)
    if offset is not None:
        offset = text(offset, "offset")
    closed = text(closed, "closed")
    label = text(label, "label")
    if fill not in (None, "ffill"):
        raise InvalidParameterError(f"fill must be None or 'ffill', got {fill!r}")
    keys = _names(by, "by")
    prices = [
        text(c, name)
        for c, name in ((open, "open"), (high, "high"), (low, "low"), (close, "close"))
    ]
    extra = dict(agg or {})
    for column, how in extra.items():
        if how not in _AGGS:
            raise InvalidParameterError(
                f'agg[{column!r}]="{how}" is not valid: expected one of {", ".join(_AGGS)}'
            )
    plan = [(open, "first"), (high, "max"), (low, "min"), (close, "last")]
    if volume is not None:
        plan.append((text(volume, "volume"), "sum"))
    taken = {timestamp, *keys, *(c for c, _ in plan)}
    clash = [c for c in extra if c in taken]
    if clash:
        raise InvalidParameterError(f"agg names columns that are already used: {clash}")
    plan.extend(extra.items())

    result, kind, index_name = _resample_table(
        bars,
        every,
        timestamp=timestamp,
        keys=keys,
        plan=[(column, column, how) for column, how in plan],
        prepare=lambda table, first_row: _check_prices(table, prices, high, low, first_row),
        closed=closed,
        label=label,
        offset=offset,
        origin=origin,
        ohlc=(open, high, low, close) if fill == "ffill" else None,
        sort=sort,
        sessions=session_bounds,
    )
    return _from_table(result, kind, keys, timestamp, index_name)


Sessions = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]


def sessions_from_calendar(name: str, start: Any, end: Any) -> Any:
    """Trading sessions of an exchange calendar, as the ``sessions`` table of
    :func:`resample_ohlcv`: one row per session from ``start`` to ``end``.

    Built on the `exchange_calendars` package (``pip install exchange_calendars``), which
    knows each exchange's hours, holidays and early closes. Lunch breaks (e.g. XHKG) are not
    cut out: a session's bar runs from its open to its close.

    Parameters
    ----------
    name : str
        An exchange_calendars name, e.g. "XNYS" (NYSE), "CMES" (CME), "XLON", "24/7".
    start, end : str, datetime.date or pandas.Timestamp
        The first and last session dates (inclusive), e.g. "2024-11-25".

    Returns
    -------
    pyarrow.Table
        Columns ``session`` (date32, the session's date), ``open`` and ``close``
        (``timestamp[ns, tz=UTC]``).

    Raises
    ------
    ImportError
        When exchange_calendars is not installed.
    InvalidParameterError
        For an unknown calendar name, unreadable dates, ``end`` before ``start``, or dates
        the calendar does not cover.
    InputTypeError
        For a ``name`` that is not a str.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> cme = rn.aggregation.sessions_from_calendar("CMES", "2024-11-27", "2024-11-29")
    >>> [(str(o), str(c)) for o, c in zip(cme["open"].to_pylist(), cme["close"].to_pylist())][1]
    ('2024-11-27 23:00:00+00:00', '2024-11-28 18:00:00+00:00')
    """
    pa = _pyarrow()
    name = text(name, "name")
    try:
        import exchange_calendars as xcals  # type: ignore[import-untyped]
    except ImportError as error:
        raise ImportError(
            "sessions_from_calendar needs the exchange_calendars package: "
            "pip install exchange_calendars (or pass your own sessions table with open and "
            "close columns)"
        ) from error
    import warnings

    import pandas as pd  # type: ignore[import-untyped]

    try:
        first, last = pd.Timestamp(start), pd.Timestamp(end)
    except (TypeError, ValueError) as error:
        raise InvalidParameterError(f"start and end must be dates: {error}") from error
    if first.tzinfo is not None or last.tzinfo is not None or first != first.normalize():
        raise InvalidParameterError(
            f"start and end must be session dates without a time or zone, got {start!r} and {end!r}"
        )
    if last < first:
        raise InvalidParameterError(f"end ({end!r}) is before start ({start!r})")
    try:
        with warnings.catch_warnings():
            # exchange_calendars 4.13 uses pandas APIs that pandas 3.1 deprecates; the
            # warnings are theirs to fix, not the caller's to see.
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", FutureWarning)
            calendar = xcals.get_calendar(name, start=first, end=last)
            schedule = calendar.schedule.loc[first:last]
    except xcals.errors.InvalidCalendarName as error:
        raise InvalidParameterError(f"unknown calendar {name!r}: {error}") from error
    except (xcals.errors.CalendarError, ValueError) as error:
        raise InvalidParameterError(f"calendar {name!r} from {start} to {end}: {error}") from error

    def instants(column: str) -> Any:
        utc = schedule[column].dt.tz_convert(None).dt.as_unit("ns").to_numpy()
        return pa.array(utc.astype(np.int64), pa.timestamp("ns", "UTC"))

    return pa.table(
        {
            "session": pa.array(schedule.index.date, pa.date32()),
            "open": instants("open"),
            "close": instants("close"),
        }
    )


def _session_bounds(sessions: Any) -> Sessions:
    """The ``open`` and ``close`` columns of a session table as int64 nanoseconds (UTC)."""
    table = _as_table(sessions, "open")[0]
    missing = [c for c in ("open", "close") if c not in table.column_names]
    if missing:
        raise ColumnNotFoundError(
            f"sessions: missing column(s) {missing}; the table has {table.column_names}"
        )
    opens = _timestamps(table.column("open"), "sessions.open")[0]
    closes = _timestamps(table.column("close"), "sessions.close")[0]
    return opens, closes


def _session_runs(
    table: Any,
    ts: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    sessions: Sessions,
    closed: str,
    label: str,
    fill: bool,
) -> tuple[Any, npt.NDArray[np.int64], npt.NDArray[np.int64], Any, npt.NDArray[np.bool_]]:
    """One bar per session: the key-sorted ``table``, its timestamps and group offsets with the
    rows outside every session dropped, the runs over those rows, and which rows were kept."""
    pa = _pyarrow()
    keep, labels, bounds, bar_groups = _backend.impl.session_runs(
        ts, group_bounds, sessions[0], sessions[1], closed, label, fill
    )
    if not keep.all():
        kept_before = np.concatenate([[0], np.cumsum(keep)]).astype(np.int64)
        table = table.filter(pa.array(keep))
        ts = np.ascontiguousarray(ts[keep])
        group_bounds = kept_before[group_bounds]
    return table, ts, group_bounds, (labels, bounds, bar_groups), keep


def _check_prices(table: Any, prices: list[str], high: str, low: str, first_row: int = 0) -> Any:
    """The price columns share one type, and no high is below its low (rows numbered from
    ``first_row``)."""
    types = {str(table.column(c).type) for c in prices}
    if len(types) > 1:
        raise InputTypeError(
            "the price columns must share one type, got "
            + ", ".join(f"{c}: {table.column(c).type}" for c in prices)
        )
    _check_high_low(table, high, low, first_row)
    return table


def _load(
    data: Any,
    timestamp: str,
    keys: list[str],
    plan: list[tuple[str, str, str]],
    prepare: Callable[[Any, int], Any],
) -> tuple[Any, str, Any, npt.NDArray[np.int64], Any]:
    """``data`` as a pyarrow Table (after ``prepare``), its kind, its pandas index name, and its
    timestamps as int64 nanoseconds with their Arrow type; every column named is checked to
    exist (``KeyError`` naming the missing ones) and to be numeric."""
    table, kind, index_name = _as_table(data, timestamp)
    table, ts, ts_type = _checked(table, timestamp, keys, plan, prepare, 0)
    return table, kind, index_name, ts, ts_type


def _checked(
    table: Any,
    timestamp: str,
    keys: list[str],
    plan: list[tuple[str, str, str]],
    prepare: Callable[[Any, int], Any],
    first_row: int,
) -> tuple[Any, npt.NDArray[np.int64], Any]:
    """``table`` after ``prepare``, and its timestamps as int64 nanoseconds with their Arrow
    type; every column named is checked to exist and to be numeric (rows in messages numbered
    from ``first_row``)."""
    wanted = [timestamp, *keys, *(c for _, c, _ in plan)]
    missing = [c for c in dict.fromkeys(wanted) if c not in table.column_names]
    if missing:
        raise ColumnNotFoundError(
            f"missing column(s) {missing}; the input has {table.column_names}"
        )
    ts, ts_type = _timestamps(table.column(timestamp), timestamp, first_row)
    for _, c, _ in plan:
        _column_kind(table.column(c), c)
    return prepare(table, first_row), ts, ts_type


def _sorted_groups(
    table: Any,
    ts: npt.NDArray[np.int64],
    keys: list[str],
    timestamp: str,
    sort: bool,
    rows: Optional[npt.NDArray[np.int64]] = None,
) -> tuple[Any, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The table and timestamps sorted by the keys (and by time under ``sort``), and the row
    offsets of the groups; unsorted timestamps within a group raise, naming the first row (as
    numbered by ``rows``, the row number of each position; default the position)."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    order: Optional[npt.NDArray[np.int64]] = None
    ranks = _key_ranks(table, keys) if keys else None
    group_bounds: Optional[npt.NDArray[np.int64]] = None
    if ranks is not None:
        # The same stable order as pyarrow's sort, from integer ranks (no string compares).
        if sort:
            order = np.lexsort((ts, ranks)).astype(np.int64)
        elif ranks.size and not (ranks[1:] >= ranks[:-1]).all():
            small = ranks.astype(np.uint16) if ranks.max() < 2**16 else ranks  # radix sort
            order = np.argsort(small, kind="stable").astype(np.int64)
        in_order = ranks if order is None else ranks[order]
        starts = np.flatnonzero(in_order[1:] != in_order[:-1]) + 1
        group_bounds = np.concatenate([[0], starts, [ranks.size]]).astype(np.int64)
    elif keys:
        sort_keys = [(k, "ascending") for k in keys]
        if sort:
            sort_keys.append((timestamp, "ascending"))
        by_value = pa.table({k: _decoded(table.column(k)) for k, _ in sort_keys})
        order = pc.sort_indices(by_value, sort_keys=sort_keys).to_numpy().astype(np.int64)
    elif sort:
        order = np.argsort(ts, kind="stable").astype(np.int64)
    if order is not None:
        table = table.take(pa.array(order))
        ts = np.ascontiguousarray(ts[order])
    if group_bounds is None:
        group_bounds = (
            _group_bounds(table, keys) if keys else np.array([0, ts.size], dtype=np.int64)
        )
    if rows is None:
        _check_sorted(ts, group_bounds, order, timestamp)
    else:
        numbers = rows if order is None else rows[order]
        _check_sorted(ts, group_bounds, numbers, timestamp, grouped=bool(keys))
    return table, ts, group_bounds


class _LocalDays(NamedTuple):
    """Buckets of whole days in a time zone's wall-clock time, as pandas makes day buckets of
    time-zone-aware data: each edge is a local wall-clock time (``anchor_ns + k * every_ns``,
    nanoseconds of local naive time) made an instant, so a bucket spanning a DST change is 23
    or 25 hours long. An edge that falls in a DST gap moves forward to the gap's end, and one in
    a repeated hour takes its first occurrence (pandas' ``nonexistent="shift_forward"``,
    ``ambiguous=True``)."""

    tz: str
    every_ns: int
    anchor_ns: int

    def sessions(self, ts: npt.NDArray[np.int64]) -> Sessions:
        """The buckets covering the instants ``ts``, as the opens and closes of sessions."""
        if ts.size == 0:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty
        lo, hi = _wall_ns([int(ts.min()), int(ts.max())], self.tz)
        # A wall-clock time lies within hours of its instant, so one bucket of slack on each
        # side covers every row.
        first = (lo - self.anchor_ns) // self.every_ns - 1
        last = (hi - self.anchor_ns) // self.every_ns + 2
        walls = self.anchor_ns + np.arange(first, last + 1, dtype=object) * self.every_ns
        if walls[0] < _INT64_MIN + _DAY_NS or walls[-1] > _INT64_MAX - _DAY_NS:
            raise InvalidInputError(
                f"the day buckets of timestamps from {int(ts.min())} to {int(ts.max())} reach "
                "outside the int64 nanosecond range"
            )
        # A day a zone skipped (Samoa's 2011-12-30) makes two equal edges: one bucket, not two.
        edges = np.unique(_instants_ns(walls.astype(np.int64), self.tz))
        return edges[:-1], edges[1:]


def _wall_ns(instants: list[int], tz: str) -> list[int]:
    """Local wall-clock times (nanoseconds of naive time) of ``instants`` in time zone ``tz``."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    try:
        local = pc.local_timestamp(pa.array(instants, type=pa.timestamp("ns", tz)))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise InvalidInputError(f"time zone {tz!r}: {error}") from error
    walls: list[int] = local.cast(pa.int64()).to_pylist()
    return walls


def _instants_ns(walls: npt.NDArray[np.int64], tz: str) -> npt.NDArray[np.int64]:
    """The instants of local wall-clock times ``walls`` in ``tz``: a time in a DST gap moves to
    the gap's end, a repeated time takes its first occurrence (as pandas' ``date_range``)."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    naive = pa.array(walls, type=pa.timestamp("ns"))
    try:
        instants = pc.assume_timezone(
            naive, timezone=tz, ambiguous="earliest", nonexistent="latest"
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise InvalidInputError(f"time zone {tz!r}: {error}") from error
    return np.asarray(instants.cast(pa.int64()).to_numpy(), dtype=np.int64)


_CALENDAR_UNITS = re.compile(r"\s*(?:[0-9]+[dw])+\s*")


def _local_tz(ts_type: Any) -> str:
    """The time zone of timestamps of Arrow type ``ts_type``, "" for naive, UTC or integers."""
    pa = _pyarrow()
    tz: str = (getattr(ts_type, "tz", None) or "") if pa.types.is_timestamp(ts_type) else ""
    return tz if tz not in _UTC_NAMES else ""


def _day_rule(
    every: str,
    ts_type: Any,
    keys: list[str],
    origin: Any,
    offset: Optional[str],
    ts: npt.NDArray[np.int64],
) -> Optional[_LocalDays]:
    """The wall-clock day buckets of ``every`` when it counts whole days or weeks ("1d", "2d",
    "1w") and the timestamps have a time zone other than UTC (pandas' ``Day`` on
    time-zone-aware data); None otherwise (``ts``: the timestamps, or the first of them).

    The edges lie at the local wall-clock time ``origin + offset + k * every``: origin "epoch"
    is local midnight of 1970-01-01 (Monday 1970-01-05 for weeks), "start_day" local midnight
    of the first row's day, "start" the first row's wall-clock time, an instant its wall-clock
    time."""
    from ._fallback.aggregation import _parse_duration

    tz = _local_tz(ts_type)
    if not tz or not _CALENDAR_UNITS.fullmatch(every):
        return None
    every_ns, has_weeks = _parse_duration(every, "every", positive=True)
    offset_ns = _parse_duration(offset, "offset")[0] if offset is not None else 0
    origin_ns = _origin_ns(origin)
    word = origin if isinstance(origin, str) else "epoch"
    if origin_ns is None and word not in ("epoch", "start", "start_day"):
        raise InvalidParameterError(
            f"origin must be 'epoch', 'start', 'start_day' or a timestamp, got {origin!r}"
        )
    per_row = origin_ns is None and word != "epoch"
    if per_row and keys and not (word == "start_day" and every_ns == _DAY_NS):
        raise InvalidParameterError(
            f"origin={word!r} with by= on time-zone-aware timestamps is not supported for "
            f"every={every!r}"
        )
    if origin_ns is not None:
        anchor = _wall_ns([origin_ns], tz)[0]
    elif not per_row or ts.size == 0:
        anchor = _FIRST_MONDAY_WALL_NS if has_weeks else 0
    else:
        anchor = _wall_ns([int(ts.min())], tz)[0]
        if word == "start_day":
            anchor = anchor // _DAY_NS * _DAY_NS
    return _LocalDays(tz, every_ns, anchor + offset_ns)


def _origin_rule(
    every: str, ts_type: Any, keys: list[str], origin: Any, ts: npt.NDArray[np.int64]
) -> tuple[str, Optional[int]]:
    """``origin`` as the kernels take it (a word, or an instant that wins over it), with the
    local-midnight anchoring of time-zone-aware timestamps (``ts``: the timestamps, or the
    first of them). Whole-day buckets in a time zone are :func:`_day_rule`'s."""
    tz = _local_tz(ts_type)
    origin_ns = _origin_ns(origin)
    origin_word = origin if isinstance(origin, str) else "epoch"
    if tz:
        if origin_word == "epoch" and origin_ns is None:
            origin_ns = _local_midnight_ns(tz, None)
        elif origin_word == "start_day" and origin_ns is None:
            if keys:
                raise InvalidParameterError(
                    "origin='start_day' with by= on time-zone-aware timestamps is not supported"
                )
            origin_ns = _local_midnight_ns(tz, int(ts.min())) if ts.size else None
    return origin_word, origin_ns


def _bar_columns(
    table: Any,
    group_bounds: npt.NDArray[np.int64],
    runs: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]],
    *,
    keys: list[str],
    timestamp: str,
    label_column: Any,
    plan: list[tuple[str, str, str]],
    ohlc: Optional[tuple[str, str, str, str]],
) -> tuple[list[str], list[Any]]:
    """Names and columns of the bars ``runs`` (labels, row bounds, bar offsets of the groups)
    make of the key-sorted ``table``; ``label_column`` is the timestamp column to give them."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    _, bounds, bar_groups = runs
    names: list[str] = []
    columns: list[Any] = []
    if keys:
        per_group = np.diff(bar_groups)
        first_rows = np.repeat(group_bounds[:-1], per_group)
        for key in keys:
            names.append(key)
            columns.append(table.column(key).take(pa.array(first_rows)))
    names.append(timestamp)
    columns.append(label_column)
    for name, column, how in plan:
        names.append(name)
        columns.append(_aggregate(table.column(column), column, bounds, how))
    if ohlc is not None:
        open, high, low, close = ohlc  # noqa: A001 - output column names
        empty = np.diff(bounds) == 0
        if empty.any():
            source = np.maximum.accumulate(np.where(empty, 0, np.arange(empty.size)))
            at_close = names.index(close)
            filled = columns[at_close].take(pa.array(source))
            mask = pa.array(empty)
            for column in (open, high, low):
                at = names.index(column)
                columns[at] = pc.if_else(mask, filled, columns[at])
            columns[at_close] = filled
    return names, columns


def _resample_table(
    bars: Any,
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
    late_plan: Optional[list[tuple[str, str, str]]] = None,
    sessions: Optional[Sessions] = None,
) -> tuple[Any, str, Any]:
    """The bars of ``bars``: a pyarrow Table, the input's kind and its pandas index name.

    Output column ``name`` is ``how`` of input ``column`` for each ``(name, column, how)`` of
    ``plan``, then of ``late_plan`` (columns that ``prepare`` adds); ``prepare`` checks and may
    extend the table; with ``ohlc`` (output names of open, high, low, close) empty buckets are
    forward-filled; with ``sessions`` (opens and closes) one bar per session replaces the time
    buckets of ``every``. A stream (see :func:`_is_stream`) is resampled batch by batch
    (``_stream_resample``) and gives a pyarrow Table."""
    pa = _pyarrow()

    if _is_stream(bars):
        from ._stream_resample import resample_stream

        result = resample_stream(
            bars,
            every,
            timestamp=timestamp,
            keys=keys,
            plan=plan,
            prepare=prepare,
            closed=closed,
            label=label,
            offset=offset,
            origin=origin,
            ohlc=ohlc,
            sort=sort,
            late_plan=late_plan or [],
            sessions=sessions,
        )
        return result, "pyarrow-table", None
    table, kind, index_name, ts, ts_type = _load(bars, timestamp, keys, plan, prepare)
    plan = [*plan, *(late_plan or [])]
    if sessions is not None:
        table, ts, group_bounds = _sorted_groups(table, ts, keys, timestamp, sort)
        table, ts, group_bounds, runs, _ = _session_runs(
            table, ts, group_bounds, sessions, closed, label, ohlc is not None
        )
    else:
        assert every is not None
        days = _day_rule(every, ts_type, keys, origin, offset, ts)
        if days is not None:
            table, ts, group_bounds = _sorted_groups(table, ts, keys, timestamp, sort)
            table, ts, group_bounds, runs, _ = _session_runs(
                table, ts, group_bounds, days.sessions(ts), closed, label, ohlc is not None
            )
        else:
            origin_word, origin_ns = _origin_rule(every, ts_type, keys, origin, ts)
            table, ts, group_bounds = _sorted_groups(table, ts, keys, timestamp, sort)
            runs = _backend.impl.resample_runs(
                ts,
                group_bounds,
                every,
                offset,
                closed,
                label,
                origin_word,
                origin_ns,
                ohlc is not None,
            )
    names, columns = _bar_columns(
        table,
        group_bounds,
        runs,
        keys=keys,
        timestamp=timestamp,
        label_column=_labels_column(runs[0], ts_type),
        plan=plan,
        ohlc=ohlc,
    )
    return pa.table(dict(zip(names, columns))), kind, index_name


def _is_stream(data: Any) -> bool:
    """Whether ``data`` is read batch by batch: a pyarrow RecordBatchReader, another object
    with ``__arrow_c_stream__`` that is not a table or data frame, or an iterator (of record
    batches)."""
    from collections.abc import Iterator

    pa = _pyarrow()
    if isinstance(data, (pa.Table, pa.RecordBatch)):
        return False
    module, name = type(data).__module__, type(data).__name__
    if name == "DataFrame" and (module.startswith("polars") or module.startswith("pandas")):
        return False
    return isinstance(data, Iterator) or hasattr(data, "__arrow_c_stream__")


_NOTIONAL = "__rustybt_notional__"


def _notional(table: Any, price: str, size: str) -> Any:
    """``table`` with price * size appended: exact for decimal prices, float64 otherwise."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    from . import decimal as rn_decimal

    p, s = table.column(price), table.column(size)
    decimals = [pa.types.is_decimal(c.type) for c in (p, s)]
    if any(decimals):
        if not all(decimals) and not (decimals[0] and pa.types.is_integer(s.type)):
            raise InputTypeError(
                f"mixed price types: {price} is {p.type} and {size} is {s.type}; use decimal "
                "(or integer sizes) for both, or float for both"
            )
        sizes = _as_decimal(s) if decimals[1] else s.cast(pa.decimal128(38, 0)).combine_chunks()
        product = rn_decimal.mul(_as_decimal(p), sizes)
    else:
        product = pc.multiply(p.cast(pa.float64()), s.cast(pa.float64()))
    return table.append_column(_NOTIONAL, product)


def ticks_to_bars(
    ticks: Any,
    every: str,
    *,
    timestamp: str = "timestamp",
    price: str = "price",
    size: str = "size",
    by: Any = None,
    closed: str = "left",
    label: str = "left",
    offset: Optional[str] = None,
    origin: Any = "epoch",
    scale: Optional[int] = None,
    rounding: str = "ROUND_HALF_EVEN",
    sort: bool = False,
) -> Any:
    """Trades (ticks) into time bars: OHLC of price, summed size, trade count and VWAP.

    Buckets are those of :func:`resample_ohlcv` (pandas' ``closed``, ``label``, ``offset`` and
    ``origin``); buckets without trades are dropped. VWAP is ``sum(price * size) / sum(size)``
    over the bar: with float prices computed in float64 (NaN when the sizes sum to 0); with
    decimal prices the products and sums are exact and the quotient is rounded once to
    ``scale`` digits (default: the price scale) with ``rounding`` (null when the sizes sum to
    0).

    Parameters
    ----------
    ticks : pyarrow Table or RecordBatch, polars or pandas DataFrame, Arrow object, or stream
        The trades, sorted by timestamp (within each group); the result is of the same kind.
        A stream (RecordBatchReader, ``__arrow_c_stream__`` object or iterator of record
        batches) is read batch by batch, as in :func:`resample_ohlcv`, and gives a pyarrow
        Table.
    every : str
        Bar length, e.g. "1s", "1m", "5m".
    timestamp, price, size : str
        Column names. Prices and sizes are both float, or both decimal (integer sizes are
        fine with decimal prices).
    by : str or list of str, optional
        Group key columns (e.g. the symbol).
    closed, label, offset, origin
        As in :func:`resample_ohlcv`.
    scale : int, optional
        Digits after the point of a decimal VWAP; default the price column's scale.
    rounding : str
        A ``decimal.ROUND_*`` name for the decimal VWAP; default banker's rounding.
    sort : bool
        Sort by timestamp (within groups) first.

    Returns
    -------
    Same kind as ``ticks``
        Columns: the ``by`` keys, ``timestamp``, open, high, low, close, volume (summed size),
        trades (number of prices present), vwap.

    Raises
    ------
    ColumnNotFoundError, InvalidParameterError, InvalidInputError, InputTypeError
        As :func:`resample_ohlcv`; InputTypeError also for mixed float and decimal columns.
    DecimalOverflowError
        For a decimal sum or product beyond 38 digits.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from decimal import Decimal
    >>> import rustybt_native as rn
    >>> second = 1_000_000_000
    >>> trades = pa.table({
    ...     "timestamp": [0, 10 * second, 70 * second],
    ...     "price": pa.array([Decimal("10.00"), Decimal("10.05"), Decimal("9.90")]),
    ...     "size": [100, 300, 50],
    ... })
    >>> bars = rn.aggregation.ticks_to_bars(trades, "1m")
    >>> bars.column("vwap").to_pylist(), bars.column("trades").to_pylist()
    ([Decimal('10.04'), Decimal('9.90')], [2, 1])
    """
    from .decimal import _rounding_name

    every = text(every, "every")
    if offset is not None:
        offset = text(offset, "offset")
    price, size = text(price, "price"), text(size, "size")
    keys = _names(by, "by")
    rounding = _rounding_name(rounding)
    if scale is not None and (isinstance(scale, bool) or not isinstance(scale, int)):
        raise InputTypeError(f"scale must be an integer, got {type(scale).__name__}")
    plan = [
        ("open", price, "first"),
        ("high", price, "max"),
        ("low", price, "min"),
        ("close", price, "last"),
        ("volume", size, "sum"),
        ("trades", price, "count"),
        (_NOTIONAL, _NOTIONAL, "sum"),
    ]
    result, kind, index_name = _resample_table(
        ticks,
        every,
        timestamp=timestamp,
        keys=keys,
        plan=[entry for entry in plan if entry[1] != _NOTIONAL],
        prepare=lambda table, first_row: _notional(table, price, size),
        closed=text(closed, "closed"),
        label=text(label, "label"),
        offset=offset,
        origin=origin,
        ohlc=None,
        sort=sort,
        late_plan=[plan[-1]],
    )
    return _from_table(_with_vwap(result, scale, rounding), kind, keys, timestamp, index_name)


def _with_vwap(result: Any, scale: Optional[int], rounding: str) -> Any:
    """``result`` with its summed notional column replaced by a ``vwap`` column at the end."""
    from . import decimal as rn_decimal

    pa = _pyarrow()
    import pyarrow.compute as pc

    notional, volume = result.column(_NOTIONAL), result.column("volume")
    if pa.types.is_decimal(notional.type):
        price_scale = result.column("open").type.scale
        vwap = rn_decimal.div(
            notional.combine_chunks(),
            _as_decimal(volume)
            if pa.types.is_decimal(volume.type)
            else volume.cast(pa.decimal128(38, 0)).combine_chunks(),
            price_scale if scale is None else scale,
            rounding=rounding,
            on_zero="null",
        )
    else:
        numerator = notional.to_numpy()
        denominator = volume.cast(pa.float64()).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            vwap = pa.array(numerator / denominator)
        vwap = pc.if_else(pa.array(denominator == 0), pa.scalar(float("nan")), vwap)
    return result.drop_columns([_NOTIONAL]).append_column("vwap", vwap)


# --- activity bars: volume, dollar and tick bars (issue 7) -----------------------------------

_PARTIAL = ("keep", "drop")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_I128_MAX = 2**127 - 1


def _check_ticks(table: Any, price: str, size: str) -> None:
    """Every price and size is present and finite, and no size is negative (rows numbered as
    the caller numbers them)."""
    pa = _pyarrow()
    import pyarrow.compute as pc

    for name in (price, size):
        column = table.column(name)
        if column.null_count:
            row = int(pc.index(pc.is_null(column), True).as_py())
            raise InvalidInputError(
                f"{name}[{row}] is missing: activity bars need every price and size"
            )
        if _column_kind(column, name) == "float":
            values = _as_float(column)
            # A finite sum rules out NaN and inf without a mask; an overflowing sum of finite
            # values only sends the check to the exact scan.
            with np.errstate(over="ignore", invalid="ignore"):
                total = values.sum()
            bad = np.empty(0) if math.isfinite(total) else np.flatnonzero(~np.isfinite(values))
            if bad.size:
                row = int(bad[0])
                raise InvalidInputError(
                    f"{name}[{row}] = {values[row]} is not finite: activity bars need finite "
                    "prices and sizes"
                )
    sizes = table.column(size)
    if _column_kind(sizes, size) == "float":  # finite by now
        size_values = _as_float(sizes)
        negative = size_values < 0 if size_values.size and size_values.min() < 0 else np.empty(0)
    else:
        zero = pa.scalar(0, type=pa.int64()) if not pa.types.is_decimal(sizes.type) else 0
        negative = pc.less(sizes, zero).to_numpy(zero_copy_only=False)
    if negative.any():
        row = int(np.flatnonzero(negative)[0])
        raise InvalidInputError(
            f"{size}[{row}] = {sizes[row].as_py()} is negative: sizes must not be negative"
        )


def _threshold_number(threshold: Any) -> Any:
    """A volume or notional threshold as a finite positive ``Decimal``."""
    from decimal import Decimal

    if isinstance(threshold, (bool, str, bytes)) or not isinstance(
        threshold, (int, float, Decimal, np.integer, np.floating)
    ):
        raise InputTypeError(
            f"threshold must be a number (int, float or Decimal), got {type(threshold).__name__}"
        )
    if isinstance(threshold, (float, np.floating)):
        # A float threshold means the number it prints as: 0.1 is 1/10, not the nearest double.
        value = Decimal(repr(float(threshold)))
    else:
        value = Decimal(int(threshold)) if isinstance(threshold, np.integer) else Decimal(threshold)
    if not value.is_finite() or value <= 0:
        raise InvalidParameterError(
            f"threshold must be a positive finite number, got {threshold!r}"
        )
    return value


def _exact_threshold(value: Any, scale: int) -> int:
    """The smallest mantissa at ``scale`` whose value is at least ``value``: an exact running
    total of mantissas reaches the threshold exactly when it reaches this."""
    import decimal

    with decimal.localcontext(decimal.Context(prec=200)):
        mantissa = int(value.scaleb(scale).to_integral_value(rounding=decimal.ROUND_CEILING))
    if mantissa > _I128_MAX:
        raise InvalidParameterError(
            f"threshold {value} is beyond the 128-bit range of the column's scale ({scale})"
        )
    return mantissa


def _activity_bars(
    ticks: Any,
    rule: str,
    threshold: Any,
    *,
    timestamp: str,
    price: str,
    size: str,
    by: Any,
    partial: str,
    scale: Optional[int],
    rounding: str,
    sort: bool,
) -> Any:
    """Bars closed by volume, notional or trade count: ``rule`` is "volume", "dollar" or
    "tick"."""
    from .decimal import _rounding_name

    pa = _pyarrow()
    price, size = text(price, "price"), text(size, "size")
    timestamp = text(timestamp, "timestamp")
    keys = _names(by, "by")
    rounding = _rounding_name(rounding)
    if scale is not None and (isinstance(scale, bool) or not isinstance(scale, int)):
        raise InputTypeError(f"scale must be an integer, got {type(scale).__name__}")
    if partial not in _PARTIAL:
        raise InvalidParameterError(f"partial must be 'keep' or 'drop', got {partial!r}")
    if rule == "tick":
        if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)):
            raise InputTypeError(f"n must be an integer, got {type(threshold).__name__}")
        if threshold < 1:
            raise InvalidParameterError(f"n must be at least 1, got {threshold}")
        count = int(threshold)
    else:
        number = _threshold_number(threshold)

    plan = [
        ("open", price, "first"),
        ("high", price, "max"),
        ("low", price, "min"),
        ("close", price, "last"),
        ("volume", size, "sum"),
        ("trades", price, "count"),
    ]
    table, kind, index_name, ts, ts_type = _load(
        ticks, timestamp, keys, plan, lambda t, first_row: _notional(t, price, size)
    )
    _check_ticks(table, price, size)
    table, ts, group_bounds = _sorted_groups(table, ts, keys, timestamp, sort)

    impl = _backend.impl
    floats: dict[str, npt.NDArray[np.float64]] = {}

    def as_float(name: str) -> npt.NDArray[np.float64]:
        """A float column as numpy, converted once (OHLC read the price four times)."""
        if name not in floats:
            floats[name] = _as_float(table.column(name))
        return floats[name]

    if rule == "tick":
        runs = impl.tick_runs(ts, group_bounds, count)
    else:
        weight_name = size if rule == "volume" else _NOTIONAL
        weights = table.column(weight_name)
        weight_kind = _column_kind(weights, size)
        if weight_kind == "float":
            runs = impl.threshold_runs_f64(ts, group_bounds, as_float(weight_name), float(number))
        else:
            exact = (
                _as_decimal(weights)
                if weight_kind == "decimal"
                else weights.cast(pa.decimal128(38, 0)).combine_chunks()
            )
            mantissa = _exact_threshold(number, exact.type.scale)
            runs = impl.threshold_runs_decimal(ts, group_bounds, exact, mantissa)
    labels, bounds, bar_groups, complete = runs

    names: list[str] = []
    columns: list[Any] = []
    if keys:
        first_rows = np.repeat(group_bounds[:-1], np.diff(bar_groups))
        for key in keys:
            names.append(key)
            columns.append(table.column(key).take(pa.array(first_rows)))
    names.append(timestamp)
    columns.append(_labels_column(labels, ts_type))
    for name, column, how in [*plan, (_NOTIONAL, _NOTIONAL, "sum")]:
        names.append(name)
        source = table.column(column)
        if how == "count":
            # _check_ticks leaves no missing price: a bar's trades are its rows.
            columns.append(pa.array(np.diff(bounds)))
        elif _column_kind(source, column) == "float":
            columns.append(pa.array(impl.aggregate_runs_f64(as_float(column), bounds, how)))
        else:
            columns.append(_aggregate(source, column, bounds, how))
    result = _with_vwap(pa.table(dict(zip(names, columns))), scale, rounding)
    last_rows = bounds[1:] - 1
    result = result.append_column(f"close_{timestamp}", _labels_column(ts[last_rows], ts_type))
    if partial == "drop":
        result = result.filter(pa.array(complete, type=pa.bool_()))
    return _from_table(result, kind, keys, timestamp, index_name)


def volume_bars(
    ticks: Any,
    threshold: Any,
    *,
    timestamp: str = "timestamp",
    price: str = "price",
    size: str = "size",
    by: Any = None,
    partial: str = "keep",
    scale: Optional[int] = None,
    rounding: str = "ROUND_HALF_EVEN",
    sort: bool = False,
) -> Any:
    """Trades (ticks) into volume bars: a bar closes when its summed size reaches ``threshold``.

    Ticks are walked in time order (within each ``by`` group); each adds its size to the
    running total of the open bar, and the tick that makes the total reach the threshold
    (``total >= threshold``) is the last tick of that bar; the next tick opens a new bar with
    a total of zero. Ticks are never split, so a bar can overshoot the threshold by less than
    one tick's size. The last bar of each group may fall short of the threshold: it is kept
    (``partial="keep"``) or dropped (``partial="drop"``). Float sizes are summed in float64,
    left to right; decimal or integer sizes exactly (the threshold is then compared exactly).

    Parameters
    ----------
    ticks : pyarrow Table or RecordBatch, polars or pandas DataFrame, or an Arrow object
        The trades, sorted by timestamp (within each group); the result is of the same kind.
    threshold : int, float or Decimal
        Positive and finite. A float means the number it prints as (``0.1`` is one tenth).
    timestamp, price, size : str
        Column names, as in :func:`ticks_to_bars`.
    by : str or list of str, optional
        Group key columns (e.g. the symbol): bars never span two groups.
    partial : {"keep", "drop"}
        What to do with the last bar of a group when it falls short of the threshold.
    scale, rounding
        Scale and rounding mode of a decimal VWAP, as in :func:`ticks_to_bars`.
    sort : bool
        Sort by timestamp (within groups) first.

    Returns
    -------
    Same kind as ``ticks``
        Columns: the ``by`` keys, ``timestamp`` (of each bar's first tick), open, high, low,
        close, volume, trades, vwap (as :func:`ticks_to_bars`), then ``close_timestamp`` (of
        each bar's last tick; named ``close_`` + the ``timestamp`` argument).

    Raises
    ------
    ColumnNotFoundError
        (a ``KeyError``) naming the missing columns.
    InvalidParameterError
        For a threshold that is zero, negative or not finite, or an unknown ``partial`` or
        ``rounding``.
    InvalidInputError
        For unsorted or null timestamps (naming the first offending row), a missing or
        non-finite price or size, or a negative size.
    InputTypeError
        For a threshold that is not a number, or mixed float and decimal columns.
    DecimalOverflowError
        For a decimal sum or product beyond 38 digits.

    Examples
    --------
    >>> import pyarrow as pa
    >>> import rustybt_native as rn
    >>> trades = pa.table({
    ...     "timestamp": [1, 2, 3, 4, 5, 6],
    ...     "price": [10.0, 10.5, 10.25, 10.0, 9.75, 9.5],
    ...     "size": [40, 70, 10, 150, 20, 30],
    ... })
    >>> bars = rn.aggregation.volume_bars(trades, 100)
    >>> bars.column("volume").to_pylist(), bars.column("trades").to_pylist()
    ([110, 160, 50], [2, 2, 2])
    >>> rn.aggregation.volume_bars(trades, 100, partial="drop").column("close").to_pylist()
    [10.5, 10.0]
    """
    return _activity_bars(
        ticks,
        "volume",
        threshold,
        timestamp=timestamp,
        price=price,
        size=size,
        by=by,
        partial=partial,
        scale=scale,
        rounding=rounding,
        sort=sort,
    )


def dollar_bars(
    ticks: Any,
    threshold: Any,
    *,
    timestamp: str = "timestamp",
    price: str = "price",
    size: str = "size",
    by: Any = None,
    partial: str = "keep",
    scale: Optional[int] = None,
    rounding: str = "ROUND_HALF_EVEN",
    sort: bool = False,
) -> Any:
    """Trades (ticks) into dollar bars: a bar closes when its traded notional, the sum of
    ``price * size``, reaches ``threshold``.

    The rule is that of :func:`volume_bars` with each tick weighing ``price * size``: the tick
    that makes the running total reach the threshold closes its bar and belongs to it; ticks
    are never split; the last bar of a group may fall short (``partial``). Float columns: the
    products and their left-to-right sum in float64. Decimal prices (with decimal or integer
    sizes): products and sums exact, compared exactly with the threshold.

    Parameters
    ----------
    ticks : pyarrow Table or RecordBatch, polars or pandas DataFrame, or an Arrow object
        The trades, sorted by timestamp (within each group); the result is of the same kind.
    threshold : int, float or Decimal
        Notional per bar; positive and finite. A float means the number it prints as.
    timestamp, price, size, by, partial, scale, rounding, sort
        As in :func:`volume_bars`.

    Returns
    -------
    Same kind as ``ticks``
        The columns of :func:`volume_bars`.

    Raises
    ------
    ColumnNotFoundError, InvalidParameterError, InvalidInputError, InputTypeError
        As :func:`volume_bars`.
    DecimalOverflowError
        For a decimal product or sum beyond 38 digits.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from decimal import Decimal
    >>> import rustybt_native as rn
    >>> trades = pa.table({
    ...     "timestamp": [1, 2, 3, 4],
    ...     "price": pa.array([Decimal(p) for p in ("10.00", "10.10", "9.99", "10.01")]),
    ...     "size": [50, 49, 1, 100],
    ... })
    >>> bars = rn.aggregation.dollar_bars(trades, Decimal("1000"))
    >>> bars.column("trades").to_pylist(), bars.column("vwap").to_pylist()
    ([3, 1], [Decimal('10.05'), Decimal('10.01')])
    """
    return _activity_bars(
        ticks,
        "dollar",
        threshold,
        timestamp=timestamp,
        price=price,
        size=size,
        by=by,
        partial=partial,
        scale=scale,
        rounding=rounding,
        sort=sort,
    )


def tick_bars(
    ticks: Any,
    n: int,
    *,
    timestamp: str = "timestamp",
    price: str = "price",
    size: str = "size",
    by: Any = None,
    partial: str = "keep",
    scale: Optional[int] = None,
    rounding: str = "ROUND_HALF_EVEN",
    sort: bool = False,
) -> Any:
    """Trades (ticks) into tick bars of ``n`` trades each.

    Each bar holds ``n`` consecutive trades (of its ``by`` group), in time order; the last bar
    of a group may hold fewer (``partial``).

    Parameters
    ----------
    ticks : pyarrow Table or RecordBatch, polars or pandas DataFrame, or an Arrow object
        The trades, sorted by timestamp (within each group); the result is of the same kind.
    n : int
        Trades per bar, at least 1.
    timestamp, price, size, by, partial, scale, rounding, sort
        As in :func:`volume_bars`.

    Returns
    -------
    Same kind as ``ticks``
        The columns of :func:`volume_bars`.

    Raises
    ------
    ColumnNotFoundError, InvalidInputError
        As :func:`volume_bars`.
    InvalidParameterError
        For ``n`` below 1, or an unknown ``partial`` or ``rounding``.
    InputTypeError
        For a non-integer ``n``, or mixed float and decimal columns.

    Examples
    --------
    >>> import pyarrow as pa
    >>> import rustybt_native as rn
    >>> trades = pa.table({
    ...     "timestamp": [1, 2, 3, 4, 5],
    ...     "price": [10.0, 11.0, 9.0, 10.0, 12.0],
    ...     "size": [1.0, 1.0, 2.0, 2.0, 1.0],
    ... })
    >>> bars = rn.aggregation.tick_bars(trades, 2)
    >>> bars.column("high").to_pylist(), bars.column("close_timestamp").to_pylist()
    ([11.0, 10.0, 12.0], [2, 4, 5])
    """
    return _activity_bars(
        ticks,
        "tick",
        n,
        timestamp=timestamp,
        price=price,
        size=size,
        by=by,
        partial=partial,
        scale=scale,
        rounding=rounding,
        sort=sort,
    )


# --- streaming time bars (issue 7) ---------------------------------------------------------


class Bar(NamedTuple):
    """One time bar of :class:`BarBuilder`: the columns of :func:`ticks_to_bars`."""

    timestamp: int
    """Bar label, int64 nanoseconds since the epoch (UTC)."""
    open: float
    high: float
    low: float
    close: float
    volume: float
    trades: int
    vwap: float


def _instant_ns(value: Any, name: str) -> int:
    """One timestamp as int nanoseconds: an int, a numpy datetime64 or a datetime."""
    import datetime as dt

    if isinstance(value, (bool, np.bool_)):
        raise InputTypeError(f"{name} must be int nanoseconds or a datetime, got bool")
    if isinstance(value, (int, np.integer)):
        if not -(2**63) <= int(value) < 2**63:
            raise InvalidInputError(f"{name} = {value} is beyond the int64 nanosecond range")
        return int(value)
    if isinstance(value, (np.datetime64, dt.datetime)):
        ns = _origin_ns(value)
        assert ns is not None
        return ns
    raise InputTypeError(
        f"{name} must be int nanoseconds, numpy.datetime64 or datetime, got {type(value).__name__}"
    )


def _trade_arrays(
    batch: Any, columns: tuple[str, str, str], owner: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Timestamps (int64 nanoseconds), prices and sizes (float64) of a batch of trades: a table
    with the ``columns``, or a tuple of three arrays."""
    if isinstance(batch, tuple):
        if len(batch) != 3:
            raise InputTypeError(
                f"a batch of arrays must be (timestamps, prices, sizes), got {len(batch)} arrays"
            )
        ts = int64_timestamps(batch[0], "timestamps")[0]
        prices = float_array(batch[1], "prices")
        sizes = float_array(batch[2], "sizes")
        if not ts.shape == prices.shape == sizes.shape:
            raise InvalidInputError(
                f"timestamps, prices and sizes must have one length, got {ts.size}, "
                f"{prices.size} and {sizes.size}"
            )
    else:
        timestamp, price, size = columns
        table, _, _, ts, _ = _load(
            batch, timestamp, [], [("", price, ""), ("", size, "")], lambda t, first_row: t
        )
        for name in (price, size):
            if _column_kind(table.column(name), name) == "decimal":
                raise InputTypeError(
                    f"column {name!r} is decimal: {owner} takes float prices and sizes "
                    "(the batch functions give exact decimal bars)"
                )
        prices, sizes = _as_float(table.column(price)), _as_float(table.column(size))
    return np.ascontiguousarray(ts), prices, sizes


class BarBuilder:
    """Time bars of live trades: push ticks as they come, get each bar when its bucket is over.

    The bars are those :func:`ticks_to_bars` gives for the same ticks (float prices and
    sizes), bit for bit, however the ticks are split into ``push`` and ``push_batch`` calls: a
    bar is returned by the call whose tick is the first of a later bucket, and :meth:`flush`
    returns the bar still open. Buckets without trades give no bar.

    Parameters
    ----------
    every : str
        Bar length, e.g. "1s", "1m", "5m".
    closed, label, offset, origin
        As in :func:`ticks_to_bars`; ``origin="start"`` and ``"start_day"`` anchor on the first
        tick pushed. Timestamps are UTC instants: buckets align as :func:`ticks_to_bars` aligns
        them on naive or UTC timestamps.
    timestamp, price, size : str
        Column names read by :meth:`push_batch` from a table.

    Raises
    ------
    InvalidParameterError
        For an unreadable ``every``/``offset`` or an unknown ``closed``, ``label`` or ``origin``.

    Notes
    -----
    Prices and sizes are float64 (NaN is missing, as in :func:`ticks_to_bars`); decimal columns
    are refused by :meth:`push_batch`, use :func:`ticks_to_bars` for exact bars. A bar is a
    :class:`Bar` named tuple; its ``timestamp`` is int64 nanoseconds. Errors (NaT, a timestamp
    before the previous tick's, naming the tick by its number since the builder was made) leave
    the builder unchanged, for ``push_batch`` the whole batch. The builder belongs to the
    backend current when it was made.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> second = 1_000_000_000
    >>> builder = rn.aggregation.BarBuilder("1m")
    >>> builder.push(5 * second, 100.0, 10.0)
    []
    >>> builder.push(50 * second, 101.0, 30.0)
    []
    >>> (minute_bar,) = builder.push(65 * second, 99.5, 5.0)
    >>> minute_bar.timestamp, minute_bar.high, minute_bar.trades, minute_bar.vwap
    (0, 101.0, 2, 100.75)
    >>> [bar.close for bar in builder.flush()]
    [99.5]
    """

    def __init__(
        self,
        every: str,
        *,
        closed: str = "left",
        label: str = "left",
        offset: Optional[str] = None,
        origin: Any = "epoch",
        timestamp: str = "timestamp",
        price: str = "price",
        size: str = "size",
    ) -> None:
        every = text(every, "every")
        if offset is not None:
            offset = text(offset, "offset")
        self._columns = (text(timestamp, "timestamp"), text(price, "price"), text(size, "size"))
        origin_ns = _origin_ns(origin)
        origin_word = origin if isinstance(origin, str) else "epoch"
        self._state = _backend.impl.BarBuilder(
            every, offset, text(closed, "closed"), text(label, "label"), origin_word, origin_ns
        )

    @property
    def ticks(self) -> int:
        """Number of trades pushed so far."""
        count: int = self._state.ticks
        return count

    def push(self, timestamp: Any, price: float, size: float) -> list[Bar]:
        """Adds one trade; returns the bars it closes (an empty list, or one bar).

        Parameters
        ----------
        timestamp : int, numpy.datetime64 or datetime
            int64 nanoseconds since the epoch, or a time (naive means UTC); not before the
            previous tick's.
        price, size : float
            NaN is missing, as in :func:`ticks_to_bars`.

        Returns
        -------
        list of Bar
        """
        plain = type(timestamp) is int and type(price) is float and type(size) is float
        if not (plain and _INT64_MIN <= timestamp <= _INT64_MAX):
            # The checked path; plain int and floats (the live-feed case) skip it.
            timestamp = _instant_ns(timestamp, "timestamp")
            price, size = real(price, "price"), real(size, "size")
        bars = self._state.push(timestamp, price, size)
        return [Bar(*bar) for bar in bars] if bars else []

    def push_batch(self, batch: Any) -> list[Bar]:
        """Adds trades in time order; returns the bars they close.

        Parameters
        ----------
        batch : table or tuple of arrays
            A pyarrow Table or RecordBatch, a polars or pandas DataFrame or an Arrow object
            with the builder's timestamp, price and size columns (float prices and sizes;
            Arrow timestamps of any unit or int64 nanoseconds), or a tuple ``(timestamps,
            prices, sizes)`` of arrays (int64 nanoseconds or datetime64, floats).

        Returns
        -------
        list of Bar
        """
        ts, prices, sizes = _trade_arrays(batch, self._columns, "BarBuilder")
        bars = self._state.push_batch(ts, prices, sizes)
        return [Bar(*bar) for bar in bars]

    def __reduce__(self) -> Any:
        raise TypeError("a BarBuilder cannot be pickled: flush it, and start a new one later")

    def flush(self) -> list[Bar]:
        """The bar still open, as a list of none or one bar; later ticks start a new bar.

        Returns
        -------
        list of Bar
        """
        return [Bar(*bar) for bar in self._state.flush()]


class ActivityBar(NamedTuple):
    """One bar of :class:`ActivityBarBuilder`: the columns of :func:`volume_bars`."""

    timestamp: int
    """Timestamp of the bar's first trade, int64 nanoseconds since the epoch (UTC)."""
    open: float
    high: float
    low: float
    close: float
    volume: float
    trades: int
    vwap: float
    close_timestamp: int
    """Timestamp of the bar's last trade."""


_ACTIVITY_KINDS = ("volume", "dollar", "tick")


class ActivityBarBuilder:
    """Volume, dollar or tick bars of live trades: push trades as they come, get each bar when
    the trade that reaches its threshold arrives.

    The bars are those of :func:`volume_bars`, :func:`dollar_bars` or :func:`tick_bars` (with
    ``partial="keep"``) on the same float trades, bit for bit, however the trades are split
    into ``push`` and ``push_batch`` calls: the trade that makes the running total reach the
    threshold closes its bar and belongs to it (the call that pushes it returns the bar), and
    :meth:`flush` returns the bar still short of the threshold.

    Parameters
    ----------
    kind : {"volume", "dollar", "tick"}
        What closes a bar: summed size, summed ``price * size``, or the number of trades.
    threshold : int, float or Decimal
        Positive and finite (read as float64); for "tick", an int ``n >= 1``.
    timestamp, price, size : str
        Column names read by :meth:`push_batch` from a table.

    Raises
    ------
    InvalidParameterError
        For an unknown ``kind`` or a threshold that is zero, negative or not finite.
    InputTypeError
        For a threshold that is not a number (for "tick", not an int).

    Notes
    -----
    Float prices and sizes only, as :class:`BarBuilder`. A price or size that is NaN or
    infinite, a negative size, NaT or a timestamp before the previous trade's raise
    ``InvalidInputError`` naming the trade by its number since the builder was made; a failed
    call changes nothing (``push_batch``: the whole batch).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> builder = rn.aggregation.ActivityBarBuilder("volume", 100)
    >>> builder.push(1, 10.0, 60.0)
    []
    >>> (volume_bar,) = builder.push(2, 10.5, 50.0)
    >>> volume_bar.volume, volume_bar.trades, volume_bar.close_timestamp
    (110.0, 2, 2)
    >>> builder.push(3, 10.0, 5.0), [bar.volume for bar in builder.flush()]
    ([], [5.0])
    """

    def __init__(
        self,
        kind: str,
        threshold: Any,
        *,
        timestamp: str = "timestamp",
        price: str = "price",
        size: str = "size",
    ) -> None:
        kind = text(kind, "kind")
        if kind not in _ACTIVITY_KINDS:
            raise InvalidParameterError(f"kind must be 'volume', 'dollar' or 'tick', got {kind!r}")
        if kind == "tick":
            if isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer)):
                raise InputTypeError(f"n must be an integer, got {type(threshold).__name__}")
            if threshold < 1:
                raise InvalidParameterError(f"n must be at least 1, got {threshold}")
            if threshold > 2**53:
                raise InvalidParameterError(f"n must be at most 2**53, got {threshold}")
            limit = float(threshold)
        else:
            limit = float(_threshold_number(threshold))
            if not math.isfinite(limit):
                raise InvalidParameterError(
                    f"threshold must be a positive finite number, got {threshold!r}"
                )
        self._columns = (text(timestamp, "timestamp"), text(price, "price"), text(size, "size"))
        self._state = _backend.impl.ActivityBarBuilder(kind, limit)

    @property
    def ticks(self) -> int:
        """Number of trades pushed so far."""
        count: int = self._state.ticks
        return count

    def push(self, timestamp: Any, price: float, size: float) -> list[ActivityBar]:
        """Adds one trade; returns the bars it closes (an empty list, or one bar).

        Parameters
        ----------
        timestamp : int, numpy.datetime64 or datetime
            int64 nanoseconds since the epoch, or a time (naive means UTC); not before the
            previous trade's.
        price, size : float
            Finite; the size not negative.

        Returns
        -------
        list of ActivityBar
        """
        plain = type(timestamp) is int and type(price) is float and type(size) is float
        if not (plain and _INT64_MIN <= timestamp <= _INT64_MAX):
            timestamp = _instant_ns(timestamp, "timestamp")
            price, size = real(price, "price"), real(size, "size")
        bars = self._state.push(timestamp, price, size)
        return [ActivityBar(*bar) for bar in bars] if bars else []

    def push_batch(self, batch: Any) -> list[ActivityBar]:
        """Adds trades in time order; returns the bars they close.

        Parameters
        ----------
        batch : table or tuple of arrays
            As in :meth:`BarBuilder.push_batch`.

        Returns
        -------
        list of ActivityBar
        """
        ts, prices, sizes = _trade_arrays(batch, self._columns, "ActivityBarBuilder")
        return [ActivityBar(*bar) for bar in self._state.push_batch(ts, prices, sizes)]

    def __reduce__(self) -> Any:
        raise TypeError(
            "an ActivityBarBuilder cannot be pickled: flush it, and start a new one later"
        )

    def flush(self) -> list[ActivityBar]:
        """The bar still open (short of the threshold), as a list of none or one bar.

        Returns
        -------
        list of ActivityBar
        """
        return [ActivityBar(*bar) for bar in self._state.flush()]
