"""Cases for ``rustybt_native.aggregation.resample_ohlcv``: one-minute bars into 5-minute bars."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, Overhead, peer, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

EVERY = "5m"
EVERY_NS = 5 * data.MINUTE_NS
NUMPY_REDUCEAT = "numpy reduceat"
RN_FLOAT = "rn native (float64)"
RN_DECIMAL = "rn native (decimal128)"
COLUMNS = ("open", "high", "low", "close", "volume")


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One float64 and one Decimal(18, 4) ``aggregation.resample_ohlcv`` case per size.
    """
    return [
        *sized_cases(
            profile.sizes,
            group="aggregation.resample_ohlcv",
            variant="[float64]",
            table=f"aggregation.resample_ohlcv - one-minute float64 bars into {EVERY} bars",
            baseline=NUMPY_REDUCEAT,
            build=_float_impls,
        ),
        *sized_cases(
            profile.sizes,
            group="aggregation.resample_ohlcv",
            variant="[decimal]",
            table=(
                f"aggregation.resample_ohlcv - one-minute decimal128(18, 4) bars into {EVERY} bars"
            ),
            baseline=NUMPY_REDUCEAT,
            build=_decimal_impls,
            # What exactness costs: Decimal prices against the same bars as float64.
            overheads=(Overhead("Decimal overhead", RN_DECIMAL, RN_FLOAT),),
        ),
    ]


def minute_bars(n: int) -> dict[str, npt.NDArray[Any]]:
    """``n`` consecutive one-minute bars: int64 nanosecond timestamps, prices with 4 decimals.

    Parameters
    ----------
    n : int
        Number of bars.

    Returns
    -------
    dict of str to ndarray
        timestamp, open, high, low, close, volume.
    """
    close = data.prices_4dp(n)
    open_ = np.round(np.concatenate([[close[0]], close[:-1]]), 4)
    spread = np.round(np.abs(data.prices_4dp(n, stream=1) - data.prices_4dp(n, stream=1).mean()), 4)
    return {
        "timestamp": data.START_NS + data.MINUTE_NS * np.arange(n, dtype=np.int64),
        "open": open_,
        "high": np.maximum(open_, close) + spread,
        "low": np.minimum(open_, close) - spread,
        "close": close,
        "volume": np.round(np.abs(data.prices_4dp(n, stream=2)), 4),
    }


def numpy_resample(bars: dict[str, npt.NDArray[Any]], every_ns: int) -> npt.NDArray[np.float64]:
    """The numpy pipeline: bucket by floor division, then ``reduceat`` at the bucket starts.

    Parameters
    ----------
    bars : dict of str to ndarray
        As :func:`minute_bars` gives them.
    every_ns : int
        Bar length in nanoseconds.

    Returns
    -------
    ndarray of float64, shape (bars, 5)
        open, high, low, close, volume per bar.
    """
    buckets = bars["timestamp"] // every_ns
    starts = np.flatnonzero(np.diff(buckets, prepend=buckets[0] - 1))
    ends = np.append(starts[1:], buckets.size) - 1
    return np.column_stack(
        [
            bars["open"][starts],
            np.maximum.reduceat(bars["high"], starts),
            np.minimum.reduceat(bars["low"], starts),
            bars["close"][ends],
            np.add.reduceat(bars["volume"], starts),
        ]
    )


def _stack(result: Any) -> npt.NDArray[np.float64]:
    """open..volume of a pyarrow, polars or pandas result as a float64 matrix."""
    if hasattr(result, "to_pandas") and not hasattr(result, "iloc"):
        result = result.to_pandas()
    return np.column_stack([np.asarray(result[c], dtype=np.float64) for c in COLUMNS])


def _float_impls(n: int) -> dict[str, Impl]:
    import pyarrow as pa  # type: ignore[import-untyped]

    aggregation = rn_module("aggregation")
    bars = minute_bars(n)
    table = pa.table({**bars, "timestamp": pa.array(bars["timestamp"], pa.timestamp("ns"))})
    impls = rn_pair("float64", lambda: aggregation.resample_ohlcv(table, EVERY), normalize=_stack)
    impls[NUMPY_REDUCEAT] = Impl(lambda: numpy_resample(bars, EVERY_NS), "numpy")
    impls.update(_peers(table))
    return impls


def _decimal_impls(n: int) -> dict[str, Impl]:
    import pyarrow as pa
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    aggregation = rn_module("aggregation")
    bars = minute_bars(n)
    table = pa.table({**bars, "timestamp": pa.array(bars["timestamp"], pa.timestamp("ns"))})
    exact = pa.table(
        {
            name: column
            if name == "timestamp"
            else pc.cast(pc.round(column, 4), pa.decimal128(18, 4))
            for name, column in zip(table.column_names, table.columns)
        }
    )
    assert exact.column("close")[0].as_py() == Decimal(f"{bars['close'][0]:.4f}")
    impls = rn_pair(
        "decimal128", lambda: aggregation.resample_ohlcv(exact, EVERY), normalize=_stack
    )
    impls[RN_FLOAT] = Impl(
        lambda: aggregation.resample_ohlcv(table, EVERY),
        "native",
        backend="native",
        normalize=_stack,
    )
    impls[NUMPY_REDUCEAT] = Impl(lambda: numpy_resample(bars, EVERY_NS), "numpy")
    impls.update(_peers(exact, "decimal128"))
    return impls


def _peers(table: Any, what: str = "float64") -> dict[str, Impl]:
    def polars_call(pl: Any) -> Any:
        frame = pl.from_arrow(table)
        aggs = [
            pl.col("open").first(),
            pl.col("high").max(),
            pl.col("low").min(),
            pl.col("close").last(),
            pl.col("volume").sum(),
        ]
        return lambda: frame.group_by_dynamic("timestamp", every=EVERY).agg(aggs)

    def pandas_call(pd: Any) -> Any:
        frame = table.to_pandas().set_index("timestamp")  # Decimal128 becomes Decimal objects
        how = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
        return lambda: frame.resample("5min").agg(how)

    return {
        f"polars group_by_dynamic ({what})": peer(
            "polars", polars_call, parallel=True, normalize=_stack
        ),
        f"pandas resample ({what})": peer("pandas", pandas_call, normalize=_stack),
    }
