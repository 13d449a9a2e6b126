"""Cases for ``rustybt_native.indicators.stream``: single updates from Python, one bar at a time.

Each row makes ``n`` ``update`` calls from a Python loop, the way a live strategy feeds bars, so
the per-update cost includes the Python call. The floor is an empty Python method called the
same way; talipp (pure-Python streaming indicators) is the peer. The Rust-only cost of an update,
without the Python boundary, is in the criterion bench ``stream`` of crates/indicators.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from benches import data
from benches.core import Case, Impl, peer, rn_module, size_label
from benches.profiles import Profile

#: Updates per row: 1,000,000 in the full profile, 100,000 in the quick one.
UPDATES = {"check": 1_000, "smoke": 1_000, "quick": 100_000}
FULL_UPDATES = 1_000_000
PERIOD = 20
NATIVE = "rn native (update)"
FALLBACK = "rn fallback (update)"
EMPTY = "empty Python method"
EMPTY_DIFFERS = "computes nothing: the cost of a Python method call, the floor"


class _Empty:
    """The floor: a Python method that takes a value and returns it."""

    def update(self, value: float) -> float:
        return value


def _feed(update: Callable[[float], Any], values: list[float]) -> Any:
    out = None
    for v in values:
        out = update(v)
    return out


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's number of updates.

    Parameters
    ----------
    profile : Profile
        Its name sets the number of updates (``UPDATES``, else 1,000,000).

    Returns
    -------
    list of Case
        SMA, EMA and RSI single updates (native, fallback, empty method, talipp), then a
        Pipeline of 10 indicators against one indicator.
    """
    n = UPDATES.get(profile.name, FULL_UPDATES)
    single = [
        Case(
            name=f"stream.{name}/{size_label(n)}",
            group=f"stream.{name}",
            table=f"stream.{name}({PERIOD}).update - {n:,} single calls from Python",
            size=n,
            shape=(n,),
            baseline=NATIVE,
            build=lambda name=name: _single_impls(name, n),
        )
        for name in ("SMA", "EMA", "RSI")
    ]
    pipeline = Case(
        name=f"stream.Pipeline/{size_label(n)}",
        group="stream.Pipeline",
        table=f"stream.Pipeline of 10 vs one indicator - {n:,} bars from Python",
        size=n,
        shape=(n,),
        baseline="rn native (SMA.update)",
        build=lambda: _pipeline_impls(n),
    )
    return [*single, pipeline]


def _values(n: int) -> list[float]:
    return [float(v) for v in data.prices(n)]


def _single_impls(name: str, n: int) -> dict[str, Impl]:
    stream = rn_module("indicators").stream
    values = _values(n)

    def ours() -> Any:
        return _feed(getattr(stream, name)(PERIOD).update, values)

    def talipp(module: Any) -> Callable[[], Any]:
        indicators = __import__("talipp.indicators", fromlist=[name])

        def run() -> Any:
            indicator = getattr(indicators, name)(period=PERIOD)
            _feed(indicator.add, values)
            return indicator[-1]

        return run

    return {
        NATIVE: Impl(ours, "native", backend="native", pair="update"),
        FALLBACK: Impl(ours, "fallback", backend="python", pair="update"),
        EMPTY: Impl(lambda: _feed(_Empty().update, values), "python", differs=EMPTY_DIFFERS),
        "talipp": peer("talipp", talipp),
    }


def _pipeline_impls(n: int) -> dict[str, Impl]:
    stream = rn_module("indicators").stream
    values = _values(n)

    def ten() -> list[Any]:
        return [
            stream.SMA(PERIOD),
            stream.EMA(PERIOD),
            stream.WMA(PERIOD),
            stream.RSI(14),
            stream.DEMA(PERIOD),
            stream.TEMA(PERIOD),
            stream.KAMA(PERIOD),
            stream.MOM(10),
            stream.ROC(10),
            stream.StdDev(PERIOD),
        ]

    def separately() -> Any:
        updates = [indicator.update for indicator in ten()]
        out = None
        for v in values:
            out = [update(v) for update in updates]
        return np.array(out)

    def pipeline() -> Any:
        return _feed(stream.Pipeline(ten()).update, values)

    one = "rn native (SMA.update)"
    differs = "ten outputs per bar, not one"
    return {
        one: Impl(lambda: _feed(stream.SMA(PERIOD).update, values), "native", backend="native"),
        "rn native (Pipeline of 10)": Impl(
            pipeline, "native", backend="native", pair="Pipeline", differs=differs
        ),
        "rn fallback (Pipeline of 10)": Impl(
            pipeline, "fallback", backend="python", pair="Pipeline", differs=differs
        ),
        "rn native (10 separate updates)": Impl(
            separately, "native", backend="native", differs=differs
        ),
    }
