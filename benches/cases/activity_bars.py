"""Cases for the activity bars of ``rustybt_native.aggregation``: ``volume_bars``,
``dollar_bars`` and ``tick_bars`` over trades a quarter second apart."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, Overhead, peer, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

PY_LOOP = "python loop + numpy reduceat"
NUMPY_REDUCEAT = "numpy reduceat"
RN_FLOAT = "rn native (float64)"
RN_DECIMAL = "rn native (decimal128)"
#: About 40 trades a bar: sizes are whole numbers from 1 to 100 (mean about 50) and prices
#: uniform in [1, 1000) (mean about 500).
VOLUME = 2_000.0
DOLLARS = 1_000_000.0
TICKS = 40
COLUMNS = ("open", "high", "low", "close", "volume", "trades", "vwap")


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        Per size: float64 volume bars, decimal128 dollar bars and float64 tick bars.
    """
    return [
        *sized_cases(
            profile.sizes,
            group="aggregation.volume_bars",
            variant="[float64]",
            table=f"aggregation.volume_bars - float64 trades into bars of {VOLUME:,.0f} shares",
            baseline=PY_LOOP,
            build=_volume_impls,
        ),
        *sized_cases(
            profile.sizes,
            group="aggregation.dollar_bars",
            variant="[decimal]",
            table=(
                f"aggregation.dollar_bars - decimal128(18, 4) trades into bars of ${DOLLARS:,.0f}"
            ),
            baseline=PY_LOOP,
            build=_dollar_impls,
            # What exactness costs: Decimal prices against the same trades as float64.
            overheads=(Overhead("Decimal overhead", RN_DECIMAL, RN_FLOAT, "aggregation"),),
        ),
        *sized_cases(
            profile.sizes,
            group="aggregation.tick_bars",
            table=f"aggregation.tick_bars - float64 trades into bars of {TICKS} trades",
            baseline=NUMPY_REDUCEAT,
            build=_tick_impls,
        ),
    ]


def trades(n: int) -> dict[str, npt.NDArray[Any]]:
    """``n`` trades a quarter second apart: int64 nanoseconds, 4-decimal prices, whole sizes
    from 1 to 100.

    Parameters
    ----------
    n : int
        Number of trades.

    Returns
    -------
    dict of str to ndarray
        timestamp, price, size.
    """
    return {
        "timestamp": data.START_NS + (data.MINUTE_NS // 240) * np.arange(n, dtype=np.int64),
        "price": data.prices_4dp(n),
        "size": 1 + np.round(data.prices_4dp(n, stream=1) * 100) % 100,
    }


def bars_at(
    starts: npt.NDArray[np.int64], price: npt.NDArray[np.float64], size: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """OHLC, volume, trade count and VWAP of the bars starting at ``starts``, by ``reduceat``.

    Parameters
    ----------
    starts : ndarray of int64
        First row of each bar, rising from 0.
    price, size : ndarray of float64
        The trades.

    Returns
    -------
    ndarray of float64, shape (bars, 7)
        open, high, low, close, volume, trades, vwap per bar.
    """
    ends = np.append(starts[1:], price.size) - 1
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


def python_threshold_bars(
    price: npt.NDArray[np.float64], weight: npt.NDArray[np.float64], threshold: float, size: Any
) -> npt.NDArray[np.float64]:
    """What users write today: a Python loop finds where each bar closes, numpy aggregates.

    Parameters
    ----------
    price, weight : ndarray of float64
        Prices, and what each trade adds to its bar's total (its size or notional).
    threshold : float
        Total that closes a bar.
    size : ndarray of float64
        Sizes, for volume and VWAP.

    Returns
    -------
    ndarray of float64
        As :func:`bars_at`.
    """
    starts = [0]
    total = 0.0
    for i, w in enumerate(weight.tolist()):
        total += w
        if total >= threshold:
            starts.append(i + 1)
            total = 0.0
    if starts[-1] == price.size:
        starts.pop()
    return bars_at(np.array(starts, dtype=np.int64), price, size)


def _stack(result: Any) -> npt.NDArray[np.float64]:
    if hasattr(result, "to_pandas") and not hasattr(result, "iloc"):
        result = result.to_pandas()
    return np.column_stack([np.asarray(result[c], dtype=np.float64) for c in COLUMNS])


def _table(columns: dict[str, npt.NDArray[Any]]) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    return pa.table({**columns, "timestamp": pa.array(columns["timestamp"], pa.timestamp("ns"))})


def _volume_impls(n: int) -> dict[str, Impl]:
    aggregation = rn_module("aggregation")
    ticks = trades(n)
    table = _table(ticks)
    price, size = ticks["price"], ticks["size"]
    impls = rn_pair("float64", lambda: aggregation.volume_bars(table, VOLUME), normalize=_stack)
    impls[PY_LOOP] = Impl(lambda: python_threshold_bars(price, size, VOLUME, size), "python")
    return impls


def _dollar_impls(n: int) -> dict[str, Impl]:
    import pyarrow as pa
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    aggregation = rn_module("aggregation")
    ticks = trades(n)
    table = _table(ticks)
    exact = table.set_column(
        1, "price", pc.cast(pc.round(table.column("price"), 4), pa.decimal128(18, 4))
    ).set_column(2, "size", table.column("size").cast(pa.int64()))
    price, size = ticks["price"], ticks["size"]
    rounded = "the decimal VWAP is rounded to the price scale (4 digits)"
    impls = {
        RN_DECIMAL: Impl(
            lambda: aggregation.dollar_bars(exact, DOLLARS),
            "native",
            backend="native",
            pair="decimal128",
            normalize=_stack,
            differs=rounded,
        ),
        "rn fallback (decimal128)": Impl(
            lambda: aggregation.dollar_bars(exact, DOLLARS),
            "fallback",
            backend="python",
            pair="decimal128",
            normalize=_stack,
            differs=rounded,
        ),
    }
    impls[RN_FLOAT] = Impl(
        lambda: aggregation.dollar_bars(table, DOLLARS),
        "native",
        backend="native",
        normalize=_stack,
    )
    impls[PY_LOOP] = Impl(
        lambda: python_threshold_bars(price, price * size, DOLLARS, size), "python"
    )
    return impls


def _tick_impls(n: int) -> dict[str, Impl]:
    aggregation = rn_module("aggregation")
    ticks = trades(n)
    table = _table(ticks)
    price, size = ticks["price"], ticks["size"]
    impls = rn_pair("float64", lambda: aggregation.tick_bars(table, TICKS), normalize=_stack)
    impls[NUMPY_REDUCEAT] = Impl(
        lambda: bars_at(np.arange(0, n, TICKS, dtype=np.int64), price, size), "numpy"
    )

    def polars_call(pl: Any) -> Any:
        frame = pl.from_arrow(table).with_row_index("row")
        aggs = [
            pl.col("price").first().alias("open"),
            pl.col("price").max().alias("high"),
            pl.col("price").min().alias("low"),
            pl.col("price").last().alias("close"),
            pl.col("size").sum().alias("volume"),
            pl.col("price").count().alias("trades"),
            ((pl.col("price") * pl.col("size")).sum() / pl.col("size").sum()).alias("vwap"),
        ]
        bar = (pl.col("row") // TICKS).alias("bar")
        return lambda: frame.group_by(bar, maintain_order=True).agg(aggs)

    def pandas_call(pd: Any) -> Any:
        frame = table.to_pandas()
        frame["notional"] = frame["price"] * frame["size"]
        groups = frame.groupby(np.arange(n) // TICKS, sort=False)

        def run() -> Any:
            bars = groups["price"].agg(["first", "max", "min", "last", "count"])
            bars.columns = ["open", "high", "low", "close", "trades"]
            bars["volume"] = groups["size"].sum()
            bars["vwap"] = groups["notional"].sum() / bars["volume"]
            return bars

        return run

    impls["polars group_by(row // n)"] = peer(
        "polars", polars_call, parallel=True, normalize=_stack
    )
    impls["pandas groupby(row // n)"] = peer("pandas", pandas_call, normalize=_stack)
    return impls
