"""Cases for ``rustybt_native.aggregation.BarBuilder``: live trades a quarter second apart into
one-minute bars, fed in micro-batches of 1,000 trades or one trade at a time."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from benches import data
from benches.cases.resample import NUMPY_REDUCEAT, numpy_ticks_to_bars
from benches.core import Case, Impl, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

BATCH = 1_000


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One ``aggregation.BarBuilder`` and one ``aggregation.ActivityBarBuilder`` case per size.
    """
    return [*_time_cases(profile), *activity_cases(profile)]


def _time_cases(profile: Profile) -> list[Case]:
    return sized_cases(
        profile.sizes,
        group="aggregation.BarBuilder",
        table=(
            f"aggregation.BarBuilder - float64 trades into 1m bars, pushed in batches of {BATCH:,}"
            " or one at a time (baseline: numpy on the whole array at once)"
        ),
        baseline=NUMPY_REDUCEAT,
        build=_builder_impls,
    )


def _stack(bars: Any) -> npt.NDArray[np.float64]:
    """open, high, low, close, volume, trades, vwap of a list of bars."""
    return np.array([bar[1:8] for bar in bars], dtype=np.float64).reshape(-1, 7)


def _builder_impls(n: int) -> dict[str, Impl]:
    aggregation = rn_module("aggregation")
    ts = data.START_NS + (data.MINUTE_NS // 240) * np.arange(n, dtype=np.int64)
    price = data.prices_4dp(n)
    size = np.round(np.abs(data.prices_4dp(n, stream=1)))
    pieces = [
        (ts[i : i + BATCH], price[i : i + BATCH], size[i : i + BATCH]) for i in range(0, n, BATCH)
    ]

    def batches() -> list[Any]:
        builder = aggregation.BarBuilder("1m")
        bars = []
        for piece in pieces:
            bars.extend(builder.push_batch(piece))
        return bars + builder.flush()

    def one_by_one() -> list[Any]:
        builder = aggregation.BarBuilder("1m")
        bars = []
        for t, p, s in zip(ts.tolist(), price.tolist(), size.tolist()):
            bars.extend(builder.push(t, p, s))
        return bars + builder.flush()

    impls = rn_pair(f"push_batch of {BATCH:,}", batches, normalize=_stack)
    impls["rn native (push per trade)"] = Impl(
        one_by_one, "python", backend="native", normalize=_stack
    )
    impls[NUMPY_REDUCEAT] = Impl(lambda: numpy_ticks_to_bars(ts, price, size), "numpy")
    return impls


VOLUME = 2_000.0


def activity_cases(profile: Profile) -> list[Case]:
    """``aggregation.ActivityBarBuilder`` cases: volume bars of live trades.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One case per size.
    """
    return sized_cases(
        profile.sizes,
        group="aggregation.ActivityBarBuilder",
        table=(
            f"aggregation.ActivityBarBuilder - float64 trades into bars of {VOLUME:,.0f} shares, "
            f"pushed in batches of {BATCH:,} (baseline: volume_bars on the whole table)"
        ),
        baseline="rn native volume_bars (whole table)",
        build=_activity_impls,
    )


def _activity_impls(n: int) -> dict[str, Impl]:
    from benches.cases.activity_bars import trades

    aggregation = rn_module("aggregation")
    ticks = trades(n)
    ts, price, size = ticks["timestamp"], ticks["price"], ticks["size"]
    pieces = [
        (ts[i : i + BATCH], price[i : i + BATCH], size[i : i + BATCH]) for i in range(0, n, BATCH)
    ]

    def batches() -> list[Any]:
        builder = aggregation.ActivityBarBuilder("volume", VOLUME)
        bars = []
        for piece in pieces:
            bars.extend(builder.push_batch(piece))
        return bars + builder.flush()

    import pyarrow as pa  # type: ignore[import-untyped]

    table = pa.table(ticks)

    def whole() -> Any:
        frame = aggregation.volume_bars(table, VOLUME).to_pandas()
        return np.column_stack(
            [np.asarray(frame[c], dtype=np.float64) for c in ("open", "high", "low", "close")]
            + [np.asarray(frame[c], dtype=np.float64) for c in ("volume", "trades", "vwap")]
        )

    impls = rn_pair(f"push_batch of {BATCH:,}", batches, normalize=_stack)
    impls["rn native volume_bars (whole table)"] = Impl(whole, "native", backend="native")
    return impls
