"""Session bars: resample_ohlcv(..., sessions=table) and sessions_from_calendar, on both
backends, against a hand-built CME-style table (17:00-16:00 Chicago time, a half day, a
holiday, a DST change) and pandas."""

from __future__ import annotations

import datetime as dt
import sys
import zoneinfo
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
from rustybt_native import _backend
from rustybt_native import exceptions as exc

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
MINUTE = 60_000_000_000
OHLCV = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
# Trade dates of the hand-built table: two weeks around the US DST change of 2024-03-10;
# 2024-03-13 is a (made-up) holiday and 2024-03-08 a half day closing at 12:00.
TRADE_DATES = [dt.date(2024, 3, day) for day in (4, 5, 6, 7, 8, 11, 12, 14, 15)]
HALF_DAY = dt.date(2024, 3, 8)


def chicago(day: dt.date, hour: int) -> pd.Timestamp:
    return pd.Timestamp(dt.datetime(day.year, day.month, day.day, hour, tzinfo=CHICAGO))


def cme_sessions() -> pa.Table:
    """CME Globex style: a trade date's session opens at 17:00 Chicago time the evening before
    (Sunday for Monday; the holiday's evening for the day after it) and closes at 16:00, or
    12:00 on the half day."""
    opens, closes = [], []
    for day in TRADE_DATES:
        opens.append(chicago(day - dt.timedelta(days=1), 17))
        closes.append(chicago(day, 12 if day == HALF_DAY else 16))
    return pa.table(
        {
            "session": pa.array(TRADE_DATES, pa.date32()),
            "open": pa.array(opens, pa.timestamp("ns", "America/Chicago")),
            "close": pa.array(closes, pa.timestamp("ns", "America/Chicago")),
        }
    )


def minute_bars(seed: int, step: int = 7) -> pa.Table:
    """Bars every ``step`` minutes around the clock (weekends and breaks too), UTC-aware."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-03-03 12:00", tz="UTC").value
    ts = np.arange(start, pd.Timestamp("2024-03-16", tz="UTC").value, step * MINUTE)
    n = ts.size
    close = 100 + np.round(rng.normal(0, 0.5, n).cumsum(), 2)
    open_ = np.round(close + rng.normal(0, 0.1, n), 2)
    return pa.table(
        {
            "timestamp": pa.array(ts, pa.timestamp("ns", "UTC")),
            "open": open_,
            "high": np.maximum(open_, close) + 0.25,
            "low": np.minimum(open_, close) - 0.25,
            "close": close,
            "volume": rng.integers(1, 500, n).astype(np.float64),
        }
    )


def pandas_sessions(bars: pa.Table, sessions: pa.Table, closed: str, label: str) -> pd.DataFrame:
    """The reference: each session's rows picked by a boolean mask, aggregated by pandas."""
    frame = bars.to_pandas().set_index("timestamp")
    session = np.full(len(frame), -1)
    names = []
    for at, (open_, close) in enumerate(
        zip(sessions["open"].to_pylist(), sessions["close"].to_pylist())
    ):
        o, c = pd.Timestamp(open_), pd.Timestamp(close)
        inside = (
            (frame.index >= o) & (frame.index < c)
            if closed == "left"
            else (frame.index > o) & (frame.index <= c)
        )
        session[inside] = at
        names.append(o if label == "left" else c)
    picked = frame[session >= 0]
    out = picked.groupby(session[session >= 0]).agg(OHLCV)
    out.index = pd.DatetimeIndex([names[i] for i in out.index], name="timestamp")
    return out


@pytest.mark.parametrize("closed", ["left", "right"])
@pytest.mark.parametrize("label", ["left", "right"])
@pytest.mark.parametrize("zone", ["UTC", "America/Chicago", None])
def test_cme_sessions_equal_pandas(closed: str, label: str, zone: Any) -> None:
    bars = minute_bars(seed=1)
    if zone != "UTC":
        ts = bars["timestamp"].cast(pa.timestamp("ns", zone) if zone else pa.int64())
        ts = ts.cast(pa.timestamp("ns")) if zone is None else ts  # naive: UTC instants
        bars = bars.set_column(0, "timestamp", ts)
    sessions = cme_sessions()
    ours = rn.aggregation.resample_ohlcv(bars, sessions=sessions, closed=closed, label=label)
    assert ours.num_rows == len(TRADE_DATES)
    expected = pandas_sessions(
        bars.set_column(0, "timestamp", bars["timestamp"].cast(pa.timestamp("ns", "UTC"))),
        sessions,
        closed,
        label,
    )
    frame = ours.to_pandas().set_index("timestamp")
    labels = frame.index if zone else frame.index.tz_localize("UTC")
    assert list(labels.tz_convert("UTC")) == list(expected.index.tz_convert("UTC"))
    for column in OHLCV:
        np.testing.assert_array_equal(frame[column].to_numpy(), expected[column].to_numpy())
    assert ours.schema.field("timestamp").type == bars.schema.field("timestamp").type


def test_half_day_and_dst_session_lengths() -> None:
    """One bar per session: 23 hours of one-minute bars, 19 on the half day, whatever the UTC
    offset (CST before 2024-03-10, CDT after)."""
    bars = minute_bars(seed=2, step=1)
    with_rows = bars.append_column("rows", pa.array(np.ones(bars.num_rows, dtype=np.int64)))
    out = rn.aggregation.resample_ohlcv(with_rows, sessions=cme_sessions(), agg={"rows": "sum"})
    hours = dict(zip(TRADE_DATES, (r / 60 for r in out["rows"].to_pylist())))
    assert hours[dt.date(2024, 3, 7)] == 23
    assert hours[HALF_DAY] == 19  # 17:00 to 12:00
    assert hours[dt.date(2024, 3, 11)] == 23  # Sunday 17:00 to Monday 16:00, both CDT
    assert hours[dt.date(2024, 3, 14)] == 23
    opens_utc = [pd.Timestamp(t).tz_convert("UTC").hour for t in out["timestamp"].to_pylist()]
    assert opens_utc == [23] * 5 + [22] * 4  # the labels are the sessions' opens


def test_fill_adds_sessions_without_rows() -> None:
    bars = minute_bars(seed=3)
    # Only rows of the first two and the last session.
    keep = pc_or(bars, ["2024-03-04", "2024-03-05", "2024-03-15"])
    few = bars.filter(keep)
    sessions = cme_sessions()
    plain = rn.aggregation.resample_ohlcv(few, sessions=sessions)
    filled = rn.aggregation.resample_ohlcv(few, sessions=sessions, fill="ffill")
    assert plain.num_rows == 3
    assert filled.num_rows == len(TRADE_DATES)
    closes = filled["close"].to_pylist()
    assert filled["open"].to_pylist()[2:8] == [closes[1]] * 6
    assert filled["volume"].to_pylist()[2:8] == [0.0] * 6


def pc_or(bars: pa.Table, dates: list[str]) -> pa.Array:
    """Rows whose Chicago trade date (the session they belong to) is one of ``dates``."""
    local = bars["timestamp"].to_pandas().dt.tz_convert(CHICAGO)
    trade_date = (local + pd.Timedelta(hours=7)).dt.date.astype(str)  # 17:00 opens the next
    return pa.array(trade_date.isin(dates).to_numpy())


def test_groups_and_decimal_prices() -> None:
    bars = minute_bars(seed=4, step=13)
    symbols = pa.array(np.where(np.arange(bars.num_rows) % 3 == 0, "ES", "NQ"))
    bars = bars.append_column("symbol", symbols)
    exact = bars.set_column(
        4, "close", pa.array([Decimal(f"{v:.2f}") for v in bars["close"].to_pylist()])
    )
    exact = exact.set_column(
        1, "open", pa.array([Decimal(f"{v:.2f}") for v in bars["open"].to_pylist()])
    )
    exact = exact.set_column(
        2, "high", pa.array([Decimal(f"{v:.2f}") for v in bars["high"].to_pylist()])
    )
    exact = exact.set_column(
        3, "low", pa.array([Decimal(f"{v:.2f}") for v in bars["low"].to_pylist()])
    )
    sessions = cme_sessions()
    out = rn.aggregation.resample_ohlcv(exact, sessions=sessions, by="symbol")
    for symbol in ("ES", "NQ"):
        mine = out.filter(pa.compute.equal(out["symbol"], symbol))
        alone = rn.aggregation.resample_ohlcv(
            exact.filter(pa.compute.equal(exact["symbol"], symbol)), sessions=sessions
        )
        assert mine.drop_columns(["symbol"]).equals(alone)
        expected = pandas_sessions(
            bars.filter(pa.compute.equal(bars["symbol"], symbol)).drop_columns(["symbol"]),
            sessions,
            "left",
            "left",
        )
        got = [float(v) for v in mine["close"].to_pylist()]
        np.testing.assert_array_equal(got, expected["close"].to_numpy())


sessions_st = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 30)), max_size=8)
rows_st = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 40)), max_size=60)


def build_sessions(gaps: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    opens, closes, t = [], [], 0
    for gap, length in gaps:
        t += gap
        opens.append(t)
        t += length
        closes.append(t)
    return opens, closes


@settings(max_examples=80)
@given(
    sessions_st,
    rows_st,
    st.sampled_from(["left", "right"]),
    st.sampled_from(["left", "right"]),
    st.booleans(),
)
def test_kernel_equals_a_numpy_reference_on_both_backends(
    gaps: list[tuple[int, int]], rows: list[tuple[int, int]], closed: str, label: str, fill: bool
) -> None:
    opens, closes = build_sessions(gaps)
    rows = sorted(rows)
    keys = np.array([g for g, _ in rows], dtype=np.int64)
    ts = np.array([t for _, t in rows], dtype=np.int64) * MINUTE
    group_bounds = np.concatenate([[0], np.flatnonzero(np.diff(keys)) + 1, [len(rows)]])
    group_bounds = np.unique(group_bounds).astype(np.int64) if rows else np.array([0, 0])
    o = np.array(opens, dtype=np.int64) * MINUTE
    c = np.array(closes, dtype=np.int64) * MINUTE
    native, python = assert_same_outcome(
        lambda: _backend.impl.session_runs(ts, group_bounds, o, c, closed, label, fill)
    )
    for a, b in zip(native, python):
        np.testing.assert_array_equal(a, b)
    keep, labels, bounds, bar_groups = native
    # Reference: the session of each row by binary search.
    side = "right" if closed == "left" else "left"
    index = np.searchsorted(o, ts, side=side) - 1
    inside = index >= 0
    inside[inside] &= (
        (ts[inside] < c[index[inside]]) if closed == "left" else (ts[inside] <= c[index[inside]])
    )
    np.testing.assert_array_equal(keep, inside)
    names = c if label == "right" else o
    expected_labels: list[int] = []
    for lo, hi in zip(group_bounds[:-1], group_bounds[1:]):
        found = sorted(set(index[lo:hi][inside[lo:hi]].tolist()))
        if fill and found:
            found = list(range(found[0], found[-1] + 1))
        expected_labels.extend(names[found].tolist())
    assert labels.tolist() == expected_labels
    assert bounds[-1] == keep.sum()
    assert bar_groups[-1] == len(expected_labels)


@settings(max_examples=40)
@given(st.integers(0, 2**32 - 1), st.lists(st.integers(0, 3000), max_size=6), st.booleans())
def test_stream_equals_table_with_sessions(seed: int, cuts: list[int], fill: bool) -> None:
    bars = minute_bars(seed % 50, step=97 + seed % 13)
    symbols = pa.array(np.where(np.arange(bars.num_rows) % 4 == 0, "ES", "NQ"))
    bars = bars.append_column("symbol", symbols)
    options: dict[str, Any] = {"sessions": cme_sessions(), "by": "symbol"}
    if fill:
        options["fill"] = "ffill"
    whole = rn.aggregation.resample_ohlcv(bars, **options)
    edges = sorted({0, bars.num_rows, *(c % (bars.num_rows + 1) for c in cuts)})
    pieces = [bars.slice(lo, hi - lo) for lo, hi in zip(edges, edges[1:])]
    assert rn.aggregation.resample_ohlcv(iter(pieces), **options).equals(whole)


def test_bad_sessions_and_options_raise_the_same_error() -> None:
    bars = minute_bars(seed=5)
    sessions = cme_sessions()
    swapped = sessions.take([1, 0, 2])
    overlapping = sessions.set_column(
        2, "close", pa.array([s + pd.Timedelta(days=2) for s in sessions["close"].to_pylist()])
    )
    empty_session = sessions.set_column(2, "close", sessions["open"])
    null_open = sessions.set_column(
        1, "open", pa.array([None] * sessions.num_rows, sessions["open"].type)
    )
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        ({"every": "1h", "sessions": sessions}, exc.InvalidParameterError, "every or sessions"),
        ({"offset": "1h", "sessions": sessions}, exc.InvalidParameterError, "offset and origin"),
        ({"origin": "start", "sessions": sessions}, exc.InvalidParameterError, "offset and origin"),
        ({"sessions": sessions.drop_columns(["close"])}, exc.ColumnNotFoundError, "'close'"),
        ({"sessions": swapped}, exc.InvalidInputError, r"sessions\[1\] is not valid: it opens"),
        ({"sessions": overlapping}, exc.InvalidInputError, r"sessions\[1\] .* must not overlap"),
        ({"sessions": empty_session}, exc.InvalidInputError, r"sessions\[0\] .* not before"),
        ({"sessions": null_open}, exc.InvalidInputError, r"sessions.open\[0\] is null"),
        ({"sessions": [1, 2]}, exc.InputTypeError, "must be"),
        ({}, exc.InputTypeError, "every must be a str"),
    ]
    for options, error, message in cases:
        with pytest.raises(error, match=message):
            rn.aggregation.resample_ohlcv(bars, **options)
        assert_same_outcome(lambda options=options: rn.aggregation.resample_ohlcv(bars, **options))


def test_sessions_from_calendar_builds_the_cme_table() -> None:
    pytest.importorskip("exchange_calendars")
    cme = rn.aggregation.sessions_from_calendar("CMES", "2024-11-25", "2024-12-02")
    assert cme.column_names == ["session", "open", "close"]
    assert cme.schema.field("open").type == pa.timestamp("ns", "UTC")
    dates = [d.isoformat() for d in cme["session"].to_pylist()]
    assert dates == [
        "2024-11-25",
        "2024-11-26",
        "2024-11-27",
        "2024-11-28",
        "2024-11-29",
        "2024-12-02",
    ]
    opens = [pd.Timestamp(t).tz_convert(CHICAGO) for t in cme["open"].to_pylist()]
    closes = [pd.Timestamp(t).tz_convert(CHICAGO) for t in cme["close"].to_pylist()]
    assert all(o.hour == 17 for o in opens)
    assert opens[0].date() == dt.date(2024, 11, 24)  # Sunday evening opens Monday's session
    assert closes[3].hour == 12  # Thanksgiving closes early
    # The table drives resample_ohlcv directly.
    bars = pa.table(
        {
            "timestamp": pa.array(
                [
                    pd.Timestamp("2024-11-27 17:30", tz=CHICAGO),
                    pd.Timestamp("2024-11-28 11:59", tz=CHICAGO),
                ],
                pa.timestamp("ns", "UTC"),
            ),
            "open": [1.0, 2.0],
            "high": [1.0, 2.0],
            "low": [1.0, 2.0],
            "close": [1.0, 2.0],
            "volume": [1.0, 2.0],
        }
    )
    out = rn.aggregation.resample_ohlcv(bars, sessions=cme)
    assert out.num_rows == 1
    assert out["volume"].to_pylist() == [3.0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("NOPE", "2024-01-02", "2024-01-05"), "unknown calendar 'NOPE'"),
        (("XNYS", "2024-01-05", "2024-01-02"), "is before start"),
        (("XNYS", "someday", "2024-01-02"), "must be dates"),
        (("XNYS", "2024-01-02 10:00", "2024-01-05"), "without a time"),
    ],
)
def test_sessions_from_calendar_bad_input(args: tuple[str, str, str], message: str) -> None:
    pytest.importorskip("exchange_calendars")
    with pytest.raises(exc.InvalidParameterError, match=message):
        rn.aggregation.sessions_from_calendar(*args)


def test_sessions_from_calendar_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "exchange_calendars", None)  # import raises ImportError
    with pytest.raises(ImportError, match="needs the exchange_calendars package: pip install"):
        rn.aggregation.sessions_from_calendar("XNYS", "2024-01-02", "2024-01-05")


def test_unsorted_after_dropped_rows_across_batches_raises_as_the_table_does() -> None:
    """The last rows of a batch lie outside every session (dropped), and the next batch goes
    back before them: the stream still sees it, as the table does."""
    sessions = pa.table({"open": pa.array([0, 100]), "close": pa.array([50, 150])})
    ts = [10, 20, 60, 70, 65, 110]  # 60 and 70 fall between the sessions; 65 goes back
    bars = pa.table(
        {
            "timestamp": pa.array(ts, pa.int64()),
            "open": [1.0] * 6,
            "high": [2.0] * 6,
            "low": [0.5] * 6,
            "close": [1.5] * 6,
            "volume": [1.0] * 6,
        }
    )
    with pytest.raises(exc.InvalidInputError) as whole:
        rn.aggregation.resample_ohlcv(bars, sessions=sessions)
    with pytest.raises(exc.InvalidInputError) as streamed:
        rn.aggregation.resample_ohlcv(bars.to_reader(max_chunksize=4), sessions=sessions)
    assert str(streamed.value) == str(whole.value)
    assert "row 4 (" in str(whole.value)


def test_a_pandas_sessions_table_works() -> None:
    bars = minute_bars(seed=6)
    sessions = cme_sessions()
    expected = rn.aggregation.resample_ohlcv(bars, sessions=sessions)
    frame = sessions.to_pandas().set_index("session")
    assert rn.aggregation.resample_ohlcv(bars, sessions=frame).equals(expected)


def test_empty_bars_or_sessions_give_no_bars() -> None:
    bars, sessions = minute_bars(seed=7), cme_sessions()
    expected = rn.aggregation.resample_ohlcv(bars.slice(0, 0), "1h")
    for out in (
        rn.aggregation.resample_ohlcv(bars.slice(0, 0), sessions=sessions),
        rn.aggregation.resample_ohlcv(bars, sessions=sessions.slice(0, 0), fill="ffill"),
        rn.aggregation.resample_ohlcv(bars.slice(0, 0).to_reader(), sessions=sessions),
    ):
        assert out.num_rows == 0
        assert out.schema == expected.schema
