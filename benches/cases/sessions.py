"""Cases for session bars, ``resample_ohlcv(bars, sessions=table)``: one-minute bars around the
clock into one bar per CME-like session (23 hours, 17:00 to 16:00; the hour between is dropped).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from benches import data
from benches.cases.resample import _stack, minute_bars
from benches.core import Case, Impl, peer, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

HOUR_NS = 60 * data.MINUTE_NS
NUMPY_SEARCHSORTED = "numpy searchsorted + reduceat"


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One float64 case per size.
    """
    return sized_cases(
        profile.sizes,
        group="aggregation.resample_ohlcv",
        variant="[sessions]",
        table="aggregation.resample_ohlcv - one-minute float64 bars into CME-like session bars",
        baseline=NUMPY_SEARCHSORTED,
        build=_impls,
    )


def cme_like_sessions(first: int, last: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Daily sessions of 23 hours covering ``first`` to ``last`` (nanoseconds).

    Parameters
    ----------
    first, last : int
        The first and last timestamp to cover.

    Returns
    -------
    tuple of ndarray
        Opens and closes, int64 nanoseconds.
    """
    day = 24 * HOUR_NS
    start = first // day * day - HOUR_NS  # 23:00 UTC, about 17:00 in Chicago
    opens = np.arange(start, last + day, day, dtype=np.int64)
    return opens, opens + 23 * HOUR_NS


def numpy_sessions(
    bars: dict[str, npt.NDArray[Any]], opens: npt.NDArray[np.int64], closes: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """The numpy pipeline: each row's session by binary search, rows outside dropped, then
    ``reduceat`` at the session starts.

    Parameters
    ----------
    bars : dict of str to ndarray
        As :func:`benches.cases.resample.minute_bars` gives them.
    opens, closes : ndarray of int64
        The sessions.

    Returns
    -------
    ndarray of float64, shape (bars, 5)
        open, high, low, close, volume per session bar.
    """
    ts = bars["timestamp"]
    session = np.searchsorted(opens, ts, side="right") - 1
    inside = (session >= 0) & (ts < closes[np.maximum(session, 0)])
    session = session[inside]
    starts = np.flatnonzero(np.diff(session, prepend=-1))
    ends = np.append(starts[1:], session.size) - 1
    picked = {name: values[inside] for name, values in bars.items()}
    return np.column_stack(
        [
            picked["open"][starts],
            np.maximum.reduceat(picked["high"], starts),
            np.minimum.reduceat(picked["low"], starts),
            picked["close"][ends],
            np.add.reduceat(picked["volume"], starts),
        ]
    )


def _impls(n: int) -> dict[str, Impl]:
    import pyarrow as pa  # type: ignore[import-untyped]

    aggregation = rn_module("aggregation")
    bars = minute_bars(n)
    opens, closes = cme_like_sessions(int(bars["timestamp"][0]), int(bars["timestamp"][-1]))
    table = pa.table({**bars, "timestamp": pa.array(bars["timestamp"], pa.timestamp("ns"))})
    sessions = pa.table(
        {"open": pa.array(opens, pa.timestamp("ns")), "close": pa.array(closes, pa.timestamp("ns"))}
    )
    impls = rn_pair(
        "float64",
        lambda: aggregation.resample_ohlcv(table, sessions=sessions),
        normalize=_stack,
    )
    impls[NUMPY_SEARCHSORTED] = Impl(lambda: numpy_sessions(bars, opens, closes), "numpy")

    def pandas_call(pd: Any) -> Any:
        frame = table.to_pandas().set_index("timestamp")
        intervals = pd.IntervalIndex.from_arrays(
            pd.DatetimeIndex(opens), pd.DatetimeIndex(closes), closed="left"
        )
        how = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}

        def run() -> Any:
            session = pd.cut(frame.index, intervals)
            return frame.groupby(session, observed=True).agg(how)

        return run

    impls["pandas cut + groupby"] = peer("pandas", pandas_call, normalize=_stack)
    return impls
