"""Day and week buckets of time-zone-aware timestamps in local wall-clock time (23- and 25-hour
days at DST changes), against pandas ``resample``, on both backends."""

from __future__ import annotations

import warnings
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

OHLCV = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
# New York and London change at 02:00 and 01:00, Lord Howe by half an hour, Santiago at
# midnight (so a local midnight is skipped or repeated), Kolkata and "+05:30" never.
ZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "+05:30",
]


def frame(zone: str, start: str, periods: int, freq: str, seed: int = 0) -> pd.DataFrame:
    """Bars every ``freq`` from local ``start`` in ``zone``, random prices."""
    rng = np.random.default_rng(seed)
    index = pd.date_range(start, periods=periods, freq=freq, tz=zone, unit="ns")
    close = 100 + rng.normal(0, 1, periods).cumsum()
    return pd.DataFrame(
        {
            "open": close + rng.normal(0, 0.1, periods),
            "high": close + 1,
            "low": close - 1,
            "close": close,
            "volume": rng.uniform(0, 1000, periods),
        },
        index=index,
    )


def pandas_bars(data: pd.DataFrame, freq: str, **options: Any) -> pd.DataFrame:
    """pandas' bars, empty buckets dropped (pandas keeps them as NaN rows)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # origin/offset ignored for Day
        out = data.resample(freq, **options).agg(OHLCV)
    return out[out["open"].notna()]


def assert_bars_equal(ours: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        ours, expected, check_names=False, check_freq=False, rtol=1e-12, atol=0
    )


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("closed", ["left", "right"])
@pytest.mark.parametrize("label", ["left", "right"])
def test_days_follow_pandas_across_both_dst_changes(zone: str, closed: str, label: str) -> None:
    # 17-minute bars from March to November: both 2024 changes (and Santiago's April and
    # September ones), with bars at and around local midnight.
    data = frame(zone, "2024-03-01", 60 * 24 * 270 // 17, "17min")
    ours = rn.aggregation.resample_ohlcv(data, "1d", closed=closed, label=label)
    assert_bars_equal(ours, pandas_bars(data, "1D", closed=closed, label=label))


def test_a_day_is_23_or_25_hours_across_a_dst_change() -> None:
    data = frame("America/New_York", "2024-03-09", 71 * 4, "15min")  # 71 hours: 3 local days
    ours = rn.aggregation.resample_ohlcv(data, "1d")
    assert [str(t) for t in ours.index] == [
        "2024-03-09 00:00:00-05:00",
        "2024-03-10 00:00:00-05:00",
        "2024-03-11 00:00:00-04:00",
    ]
    counts = rn.aggregation.resample_ohlcv(data.assign(rows=1), "1d", agg={"rows": "sum"})[
        "rows"
    ].tolist()
    assert counts == [96, 92, 96]  # 24 hours, 23 hours, 24 hours of 15-minute bars


@pytest.mark.parametrize(("every", "freq"), [("2d", "2D"), ("3d", "3D"), ("1w", "7D")])
@pytest.mark.parametrize("closed", ["left", "right"])
def test_several_days_from_the_first_day_follow_pandas(every: str, freq: str, closed: str) -> None:
    # pandas counts Day(n) buckets from the first row's local midnight: origin="start_day".
    # 2024-03-04 is a Monday, so weeks from it are also weeks from the epoch's Monday.
    data = frame("America/New_York", "2024-03-04 09:30", 2_500, "23min")
    ours = rn.aggregation.resample_ohlcv(data, every, closed=closed, origin="start_day")
    assert_bars_equal(ours, pandas_bars(data, freq, closed=closed))
    if every == "1w":
        epoch = rn.aggregation.resample_ohlcv(data, every, closed=closed)
        assert_bars_equal(epoch, ours)


def test_24h_is_a_fixed_length_as_in_pandas() -> None:
    # "24h" is pandas' Hour(24), a fixed length counted from local midnight 1970-01-01, so
    # its edges move by an hour in wall-clock time across the change; "1d" does not.
    data = frame("America/New_York", "2024-03-05 13:00", 2_000, "17min")
    fixed = rn.aggregation.resample_ohlcv(data, "24h")
    assert_bars_equal(fixed, pandas_bars(data, "24h"))
    assert {t.hour for t in fixed.index} == {0, 1}
    assert {t.hour for t in rn.aggregation.resample_ohlcv(data, "1d").index} == {0}


def test_offset_shifts_the_edges_in_wall_clock_time() -> None:
    # FX-style days from 17:00 New York time, built independently as a sessions table.
    data = frame("America/New_York", "2024-10-28", 3_000, "11min")
    ours = rn.aggregation.resample_ohlcv(data, "1d", offset="17h")
    dates = pd.date_range("2024-10-26", "2024-11-25", freq="D")
    edges = (dates + pd.Timedelta(hours=17)).tz_localize("America/New_York")
    sessions = pd.DataFrame({"open": edges[:-1], "close": edges[1:]})
    expected = rn.aggregation.resample_ohlcv(data, sessions=sessions)
    assert_bars_equal(ours, expected)
    assert {t.hour for t in ours.index} == {17}
    negative = rn.aggregation.resample_ohlcv(data, "1d", offset="-7h")
    assert_bars_equal(negative, expected)


def test_explicit_and_start_origins_use_their_wall_clock_time() -> None:
    data = frame("Europe/London", "2024-03-28 09:10", 1_500, "13min")
    at_nine = pd.Timestamp("2024-01-01 09:00", tz="Europe/London")
    ours = rn.aggregation.resample_ohlcv(data, "1d", origin=at_nine)
    assert {(t.hour, t.minute) for t in ours.index} == {(9, 0)}
    assert ours.index[0] == pd.Timestamp("2024-03-28 09:00", tz="Europe/London")
    start = rn.aggregation.resample_ohlcv(data, "1d", origin="start")
    assert {(t.hour, t.minute) for t in start.index} == {(9, 10)}
    # 2024-03-31 has 23 hours in London: the 09:10 edge stays at 09:10 local.
    assert pd.Timestamp("2024-03-31 09:10", tz="Europe/London") in start.index


def test_groups_and_fill() -> None:
    one = frame("America/New_York", "2024-11-01", 800, "29min", seed=1)
    two = frame("America/New_York", "2024-11-02 12:00", 500, "31min", seed=2)
    two = two[(two.index < "2024-11-04") | (two.index > "2024-11-06")]  # a gap of days
    both = pd.concat([one.assign(sym="A"), two.assign(sym="B")]).sort_index()
    table = pa.Table.from_pandas(both.rename_axis("timestamp").reset_index())
    ours = rn.aggregation.resample_ohlcv(table, "1d", by="sym").to_pandas()
    for sym, part in (("A", one), ("B", two)):
        got = ours[ours["sym"] == sym].set_index("timestamp").drop(columns="sym")
        assert_bars_equal(got, pandas_bars(part, "1D"))
    filled = rn.aggregation.resample_ohlcv(two, "1d", fill="ffill")
    expected = two.resample("1D").agg(OHLCV)
    assert list(filled.index) == list(expected.index)  # every day from the first to the last
    empty = expected["open"].isna().to_numpy()
    assert empty.any()
    assert (filled["volume"].to_numpy()[empty] == 0).all()


def test_ticks_to_bars_in_local_days() -> None:
    rng = np.random.default_rng(3)
    index = pd.date_range("2024-03-09 18:00", "2024-03-12", freq="7min", tz="America/Chicago")
    ticks = pd.DataFrame(
        {"price": 100 + rng.normal(0, 1, index.size), "size": rng.uniform(1, 9, index.size)},
        index=index,
    )
    table = pa.Table.from_pandas(ticks.rename_axis("timestamp").reset_index())
    bars = rn.aggregation.ticks_to_bars(table, "1d").to_pandas().set_index("timestamp")
    expected = ticks["price"].resample("1D").ohlc()
    assert_bars_equal(bars[["open", "high", "low", "close"]], expected)
    assert bars["volume"].to_numpy() == pytest.approx(ticks["size"].resample("1D").sum())
    assert bars["trades"].tolist() == ticks["size"].resample("1D").count().tolist()


day_frames = st.builds(
    lambda start, gaps: pd.DataFrame(
        {
            "timestamp": pd.Timestamp(start, tz="America/New_York")
            + pd.to_timedelta(np.cumsum(gaps), unit="min"),
            "open": 1.0,
            "high": 2.0,
            "low": 0.5,
            "close": np.arange(len(gaps), dtype=float),
            "volume": 1.0,
        }
    ),
    st.sampled_from(["2024-03-09 20:00", "2024-11-02 21:30", "2024-06-01"]),
    st.lists(st.integers(0, 600), min_size=1, max_size=60),
)


@settings(max_examples=40)
@given(day_frames, st.lists(st.integers(0, 60), max_size=4), st.booleans())
def test_a_stream_gives_the_batch_result(data: pd.DataFrame, cuts: list[int], fill: bool) -> None:
    table = pa.Table.from_pandas(data, preserve_index=False)
    options: dict[str, Any] = {"closed": "right", "fill": "ffill" if fill else None}
    whole = rn.aggregation.resample_ohlcv(table, "1d", **options)
    edges = sorted({0, table.num_rows, *(c % (table.num_rows + 1) for c in cuts)})
    batches = [b for lo, hi in zip(edges, edges[1:]) for b in table.slice(lo, hi - lo).to_batches()]
    reader = pa.RecordBatchReader.from_batches(table.schema, batches)
    assert rn.aggregation.resample_ohlcv(reader, "1d", **options).equals(whole)
    expected = pandas_bars(data.set_index("timestamp"), "1D", closed="right")
    if not fill:
        assert_bars_equal(whole.to_pandas().set_index("timestamp"), expected)


def test_a_skipped_day_makes_no_bucket() -> None:
    # Samoa skipped 2011-12-30; pandas gives a misplaced empty bucket for it.
    data = frame("Pacific/Apia", "2011-12-29 12:00", 40, "1h")
    ours = rn.aggregation.resample_ohlcv(data.assign(rows=1), "1d", agg={"rows": "sum"})
    assert [str(t) for t in ours.index] == [
        "2011-12-29 00:00:00-10:00",
        "2011-12-31 00:00:00+14:00",
        "2012-01-01 00:00:00+14:00",
    ]
    assert ours["rows"].tolist() == [12, 24, 4]


def one_bar(values: list[int], zone: str) -> pa.Table:
    return pa.table(
        {
            "timestamp": pa.array(values, pa.timestamp("ns", zone)),
            "open": [1.0] * len(values),
            "high": [1.0] * len(values),
            "low": [1.0] * len(values),
            "close": [1.0] * len(values),
            "volume": [1.0] * len(values),
        }
    )


@pytest.mark.parametrize(
    ("table", "options", "error", "message"),
    [
        (
            one_bar([0, 1], "America/New_York").append_column("sym", pa.array(["A", "B"])),
            {"every": "2d", "by": "sym", "origin": "start_day"},
            exc.InvalidParameterError,
            "origin='start_day' with by=",
        ),
        (
            one_bar([0], "America/New_York"),
            {"every": "1d", "origin": "noon"},
            exc.InvalidParameterError,
            "origin must be",
        ),
        (
            one_bar([2**63 - 10**12], "America/New_York"),
            {"every": "1d"},
            exc.InvalidInputError,
            "outside the int64 nanosecond range",
        ),
        (
            one_bar([-(2**63) + 10**12], "Asia/Tokyo"),
            {"every": "1w"},
            exc.InvalidInputError,
            "outside the int64 nanosecond range",
        ),
        (
            one_bar([0], "Mars/Olympus"),
            {"every": "1d"},
            exc.InvalidInputError,
            "time zone 'Mars/Olympus'",
        ),
    ],
)
def test_bad_input(table: pa.Table, options: dict[str, Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        rn.aggregation.resample_ohlcv(table, **options)
    assert_same_outcome(lambda: rn.aggregation.resample_ohlcv(table, **options))


def test_one_day_with_groups_and_start_day_is_the_calendar_day() -> None:
    table = one_bar([0, 10**9, 2 * 86_400 * 10**9], "America/New_York").append_column(
        "sym", pa.array(["A", "B", "A"])
    )
    start_day = rn.aggregation.resample_ohlcv(table, "1d", by="sym", origin="start_day")
    assert start_day.equals(rn.aggregation.resample_ohlcv(table, "1d", by="sym"))
