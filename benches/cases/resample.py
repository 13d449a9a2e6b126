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
            overheads=(Overhead("Decimal overhead", RN_DECIMAL, RN_FLOAT, "aggregation"),),
        ),
        *sized_cases(
            profile.sizes,
            group="aggregation.resample_ohlcv",
            variant="[local days]",
            table=(
                "aggregation.resample_ohlcv - one-minute float64 bars in America/New_York into "
                "local days (1d, 23- and 25-hour days at DST changes)"
            ),
            baseline=NUMPY_LOCAL_DAYS,
            build=_local_day_impls,
        ),
        *sized_cases(
            profile.sizes,
            group="aggregation.resample_ohlcv",
            variant="[by symbol]",
            table=(
                f"aggregation.resample_ohlcv - one-minute float64 bars of up to {SYMBOLS} "
                f"symbols (rows in time order), by=symbol, into {EVERY} bars"
            ),
            baseline=NUMPY_REDUCEAT,
            build=_grouped_impls,
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


NUMPY_LOCAL_DAYS = "numpy reduceat on local dates"
DAY_NS = 86_400 * 10**9


def numpy_local_day_bars(bars: dict[str, npt.NDArray[Any]], zoned: Any) -> npt.NDArray[np.float64]:
    """The numpy pipeline for local days: pyarrow's local wall-clock times floored to the day,
    then ``reduceat`` where the local date changes.

    Parameters
    ----------
    bars : dict of str to ndarray
        As :func:`minute_bars` gives them.
    zoned : pyarrow Array
        The timestamps as ``timestamp[ns, tz]``.

    Returns
    -------
    ndarray of float64, shape (bars, 5)
        open, high, low, close, volume per local day.
    """
    import pyarrow.compute as pc

    local = pc.local_timestamp(zoned).cast("int64").to_numpy()
    days = local // DAY_NS
    starts = np.flatnonzero(np.diff(days, prepend=days[0] - 1))
    ends = np.append(starts[1:], days.size) - 1
    return np.column_stack(
        [
            bars["open"][starts],
            np.maximum.reduceat(bars["high"], starts),
            np.minimum.reduceat(bars["low"], starts),
            bars["close"][ends],
            np.add.reduceat(bars["volume"], starts),
        ]
    )


def _local_day_impls(n: int) -> dict[str, Impl]:
    import pyarrow as pa

    aggregation = rn_module("aggregation")
    bars = minute_bars(n)
    zoned = pa.array(bars["timestamp"], pa.timestamp("ns", "America/New_York"))
    table = pa.table({**bars, "timestamp": zoned})
    impls = rn_pair("float64", lambda: aggregation.resample_ohlcv(table, "1d"), normalize=_stack)
    impls[NUMPY_LOCAL_DAYS] = Impl(lambda: numpy_local_day_bars(bars, zoned), "numpy")

    def polars_call(pl: Any) -> Any:
        frame = pl.from_arrow(table)
        aggs = [
            pl.col("open").first(),
            pl.col("high").max(),
            pl.col("low").min(),
            pl.col("close").last(),
            pl.col("volume").sum(),
        ]
        return lambda: frame.group_by_dynamic("timestamp", every="1d").agg(aggs)

    def pandas_call(pd: Any) -> Any:
        frame = table.to_pandas().set_index("timestamp")
        how = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
        return lambda: frame.resample("1D").agg(how)

    impls["polars group_by_dynamic (float64)"] = peer(
        "polars", polars_call, parallel=True, normalize=_stack
    )
    impls["pandas resample (float64)"] = peer("pandas", pandas_call, normalize=_stack)
    return impls


#: Symbols of the grouped case (fewer at small sizes: at least 10 bars each).
SYMBOLS = 100


def numpy_grouped_resample(
    bars: dict[str, npt.NDArray[Any]], codes: npt.NDArray[np.int64], every_ns: int
) -> npt.NDArray[np.float64]:
    """The numpy pipeline by symbol: a stable sort by symbol code, then a bar wherever the
    symbol or the bucket changes, reduced by ``reduceat``.

    Parameters
    ----------
    bars : dict of str to ndarray
        As :func:`minute_bars` gives them, rows in time order.
    codes : ndarray of int64
        Each row's symbol code (the symbols' sort order).
    every_ns : int
        Bar length in nanoseconds.

    Returns
    -------
    ndarray of float64, shape (bars, 5)
        open, high, low, close, volume per bar, by symbol then time.
    """
    order = np.argsort(codes, kind="stable")
    key = codes[order]
    buckets = bars["timestamp"][order] // every_ns
    change = (np.diff(buckets) != 0) | (np.diff(key) != 0)
    starts = np.concatenate([[0], np.flatnonzero(change) + 1])
    ends = np.append(starts[1:], buckets.size) - 1
    return np.column_stack(
        [
            bars["open"][order][starts],
            np.maximum.reduceat(bars["high"][order], starts),
            np.minimum.reduceat(bars["low"][order], starts),
            bars["close"][order][ends],
            np.add.reduceat(bars["volume"][order], starts),
        ]
    )


def _grouped_stack(result: Any) -> npt.NDArray[np.float64]:
    """open..volume of a grouped result as a float64 matrix, by symbol then time."""
    if hasattr(result, "to_pandas") and not hasattr(result, "iloc"):
        result = result.to_pandas()
    if "symbol" not in getattr(result, "columns", ()):
        result = result.reset_index()
    result = result.sort_values(["symbol", "timestamp"], kind="stable")
    return np.column_stack([np.asarray(result[c], dtype=np.float64) for c in COLUMNS])


def _grouped_impls(n: int) -> dict[str, Impl]:
    import pyarrow as pa

    aggregation = rn_module("aggregation")
    symbols = max(1, min(SYMBOLS, n // (10 * 5)))
    minutes = -(-n // symbols)
    single = minute_bars(minutes * symbols)
    # Row r is minute r // symbols of symbol r % symbols: all symbols' bars, in time order.
    bars = {
        **single,
        "timestamp": data.START_NS
        + data.MINUTE_NS * (np.arange(minutes * symbols, dtype=np.int64) // symbols),
    }
    codes = np.arange(minutes * symbols, dtype=np.int64) % symbols
    names = np.array([f"S{i:03d}" for i in range(symbols)])
    table = pa.table(
        {
            **bars,
            "timestamp": pa.array(bars["timestamp"], pa.timestamp("ns")),
            "symbol": pa.array(names[codes]),
        }
    )
    impls = rn_pair(
        "float64",
        lambda: aggregation.resample_ohlcv(table, EVERY, by="symbol"),
        normalize=_grouped_stack,
    )
    impls[NUMPY_REDUCEAT] = Impl(lambda: numpy_grouped_resample(bars, codes, EVERY_NS), "numpy")

    def polars_call(pl: Any) -> Any:
        frame = pl.from_arrow(table)
        aggs = [
            pl.col("open").first(),
            pl.col("high").max(),
            pl.col("low").min(),
            pl.col("close").last(),
            pl.col("volume").sum(),
        ]
        return lambda: frame.group_by_dynamic("timestamp", every=EVERY, group_by="symbol").agg(aggs)

    def pandas_call(pd: Any) -> Any:
        frame = table.to_pandas().set_index("timestamp")
        how = {"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"}
        return lambda: frame.groupby("symbol").resample("5min").agg(how)

    impls["polars group_by_dynamic (float64)"] = peer(
        "polars", polars_call, parallel=True, normalize=_grouped_stack
    )
    impls["pandas groupby.resample (float64)"] = peer(
        "pandas", pandas_call, normalize=_grouped_stack
    )
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


def tick_cases(profile: Profile) -> list[Case]:
    """``aggregation.ticks_to_bars`` cases: trades a quarter second apart into one-minute bars.

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
        group="aggregation.ticks_to_bars",
        table="aggregation.ticks_to_bars - float64 trades into 1m bars with VWAP",
        baseline=NUMPY_REDUCEAT,
        build=_tick_impls,
    )


def numpy_ticks_to_bars(
    ts: npt.NDArray[np.int64], price: npt.NDArray[np.float64], size: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """The numpy pipeline: OHLC, volume, count and VWAP of one-minute buckets by ``reduceat``.

    Parameters
    ----------
    ts, price, size : ndarray
        Sorted int64 nanosecond timestamps, prices and sizes.

    Returns
    -------
    ndarray of float64, shape (bars, 7)
        open, high, low, close, volume, trades, vwap per bar.
    """
    buckets = ts // data.MINUTE_NS
    starts = np.flatnonzero(np.diff(buckets, prepend=buckets[0] - 1))
    ends = np.append(starts[1:], buckets.size) - 1
    volume = np.add.reduceat(size, starts)
    return np.column_stack(
        [
            price[starts],
            np.maximum.reduceat(price, starts),
            np.minimum.reduceat(price, starts),
            price[ends],
            volume,
            ends - starts + 1,
            np.add.reduceat(price * size, starts) / volume,
        ]
    )


TICK_COLUMNS = ("open", "high", "low", "close", "volume", "trades", "vwap")


def _tick_stack(result: Any) -> npt.NDArray[np.float64]:
    if hasattr(result, "to_pandas") and not hasattr(result, "iloc"):
        result = result.to_pandas()
    return np.column_stack([np.asarray(result[c], dtype=np.float64) for c in TICK_COLUMNS])


def _tick_impls(n: int) -> dict[str, Impl]:
    import pyarrow as pa

    aggregation = rn_module("aggregation")
    ts = data.START_NS + (data.MINUTE_NS // 240) * np.arange(n, dtype=np.int64)
    price = data.prices_4dp(n)
    size = np.round(np.abs(data.prices_4dp(n, stream=1)))
    table = pa.table({"timestamp": pa.array(ts, pa.timestamp("ns")), "price": price, "size": size})
    impls = rn_pair(
        "float64", lambda: aggregation.ticks_to_bars(table, "1m"), normalize=_tick_stack
    )
    impls[NUMPY_REDUCEAT] = Impl(lambda: numpy_ticks_to_bars(ts, price, size), "numpy")

    def polars_call(pl: Any) -> Any:
        frame = pl.from_arrow(table)
        aggs = [
            pl.col("price").first().alias("open"),
            pl.col("price").max().alias("high"),
            pl.col("price").min().alias("low"),
            pl.col("price").last().alias("close"),
            pl.col("size").sum().alias("volume"),
            pl.col("price").count().alias("trades"),
            ((pl.col("price") * pl.col("size")).sum() / pl.col("size").sum()).alias("vwap"),
        ]
        return lambda: frame.group_by_dynamic("timestamp", every="1m").agg(aggs)

    def pandas_call(pd: Any) -> Any:
        frame = table.to_pandas().set_index("timestamp")

        def run() -> Any:
            notional = (frame["price"] * frame["size"]).resample("1min").sum()
            bars = frame["price"].resample("1min").ohlc()
            bars["volume"] = frame["size"].resample("1min").sum()
            bars["trades"] = frame["price"].resample("1min").count()
            bars["vwap"] = notional / bars["volume"]
            return bars

        return run

    impls["polars group_by_dynamic"] = peer(
        "polars", polars_call, parallel=True, normalize=_tick_stack
    )
    impls["pandas resample"] = peer("pandas", pandas_call, normalize=_tick_stack)
    return impls
