"""rustybt_native.aggregation.bucket_starts against polars and pandas, on both backends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

pl = pytest.importorskip("polars")

MINUTE = 60_000_000_000
DAY = 1440 * MINUTE
sorted_ns = (
    st.lists(st.integers(-(10**18), 4 * 10**18), max_size=60)
    .map(sorted)
    .map(lambda ts: np.array(ts, dtype=np.int64))
)
EVERY = ["1m", "5m", "15m", "1h", "4h", "1d", "1w", "90s", "1h30m", "250ms"]


@given(sorted_ns, st.sampled_from(EVERY))
def test_equals_polars_truncate(timestamps: np.ndarray, every: str) -> None:
    expected = pl.Series(timestamps).cast(pl.Datetime("ns")).dt.truncate(every).cast(pl.Int64)
    np.testing.assert_array_equal(
        rn.aggregation.bucket_starts(timestamps, every), expected.to_numpy()
    )


@given(sorted_ns, st.sampled_from(["1min", "5min", "1h", "1D"]))
def test_equals_pandas_floor(timestamps: np.ndarray, freq: str) -> None:
    every = {"1min": "1m", "5min": "5m", "1h": "1h", "1D": "1d"}[freq]
    expected = pd.DatetimeIndex(timestamps).floor(freq).asi8
    np.testing.assert_array_equal(rn.aggregation.bucket_starts(timestamps, every), expected)


def test_offset_matches_pandas_resample() -> None:
    index = pd.date_range("2024-01-01 08:00", periods=500, freq="7min").as_unit("ns")
    bars = pd.Series(np.arange(500.0), index=index)
    expected = bars.resample("1h", origin="epoch", offset="30min").first().dropna().index.asi8
    ours = np.unique(rn.aggregation.bucket_starts(index.asi8, "1h", offset="30m"))
    np.testing.assert_array_equal(ours, expected)
    shifted = rn.aggregation.bucket_starts(np.array([0, 40 * MINUTE]), "1h", offset="-30m")
    np.testing.assert_array_equal(shifted, [-30 * MINUTE, 30 * MINUTE])


def test_datetime64_in_datetime64_out() -> None:
    ts = np.array(["1969-12-31T23:59:59", "2024-01-02T09:31"], dtype="datetime64[s]")
    out = rn.aggregation.bucket_starts(ts, "1d")
    assert out.dtype == np.dtype("datetime64[ns]")
    np.testing.assert_array_equal(
        out, np.array(["1969-12-31", "2024-01-02"], dtype="datetime64[ns]")
    )


def test_weeks_start_on_monday_and_empty_input() -> None:
    thursday = np.array(["2024-01-04T12:00"], dtype="datetime64[ns]")
    assert str(rn.aggregation.bucket_starts(thursday, "1w")[0])[:10] == "2024-01-01"
    assert rn.aggregation.bucket_starts([], "1m").shape == (0,)
    assert rn.aggregation.bucket_starts([5, 5, 5], "1ns").tolist() == [5, 5, 5]


@pytest.mark.parametrize(
    ("timestamps", "every", "offset", "error", "message"),
    [
        (
            [2, 1],
            "1m",
            None,
            exc.InvalidInputError,
            "timestamps[1] = 1 comes after timestamps[0] = 2",
        ),
        (
            np.array(["NaT", "2024-01-01"], dtype="datetime64[ns]"),
            "1m",
            None,
            exc.InvalidInputError,
            "timestamps[0] is NaT",
        ),
        ([1], "0s", None, exc.InvalidParameterError, "must be positive"),
        ([1], "-5m", None, exc.InvalidParameterError, 'every="-5m" is not a valid duration'),
        ([1], "5x", None, exc.InvalidParameterError, 'unknown unit "x"'),
        ([1], "1mo", None, exc.InvalidParameterError, "calendar months and years"),
        ([1], "", None, exc.InvalidParameterError, 'every="" is not a valid duration'),
        ([1], "m", None, exc.InvalidParameterError, "needs a whole number"),
        ([1], "99999999999999d", None, exc.InvalidParameterError, "longer than int64"),
        ([1], "1m", "1q", exc.InvalidParameterError, 'offset="1q"'),
        ([1], 5, None, exc.InputTypeError, "every must be a str"),
        ([1], "1m", 5, exc.InputTypeError, "offset must be a str"),
        ([1.5, 2.5], "1m", None, exc.InputTypeError, "timestamps must be int64 nanoseconds"),
        (["2024-01-01"], "1m", None, exc.InputTypeError, "timestamps must be int64 nanoseconds"),
        ([[1, 2]], "1m", None, exc.InvalidInputError, "timestamps must be 1-D"),
        (
            np.array([2**63], dtype=np.uint64),
            "1m",
            None,
            exc.InvalidInputError,
            "beyond the int64 range",
        ),
        ([-(2**63) + 1], "1d", None, exc.InvalidInputError, "outside the int64 nanosecond range"),
        (
            np.array(["2024-01-01", "2300-01-01"], dtype="datetime64[s]"),
            "1d",
            None,
            exc.InvalidInputError,
            "timestamps[1] = 2300-01-01T00:00:00 is outside the datetime64[ns] range",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(
    timestamps: object, every: object, offset: object, error: type, message: str
) -> None:
    with pytest.raises(error) as raised:
        rn.aggregation.bucket_starts(timestamps, every, offset)
    assert message in str(raised.value)
    assert_same_outcome(lambda: rn.aggregation.bucket_starts(timestamps, every, offset))


@given(
    st.lists(st.integers(-(2**63) + 1, 2**63 - 1), max_size=20).map(
        lambda ts: np.array(ts, dtype=np.int64)
    ),
    st.sampled_from([*EVERY, "1ns", "7d", "13m"]),
    st.sampled_from([None, "1m", "-90s", "3d"]),
)
def test_backends_agree_on_anything(timestamps: np.ndarray, every: str, offset: str | None) -> None:
    outcome = assert_same_outcome(lambda: rn.aggregation.bucket_starts(timestamps, every, offset))
    if not isinstance(outcome, Exception):
        np.testing.assert_array_equal(*outcome)
