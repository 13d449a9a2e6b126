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
    return [*single, pipeline, *_more_cases(n)]


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


# --- issue 8: streaming classes of the remaining batch indicators --------------------------------

#: class name -> (constructor arguments, inputs per update, title)
MORE: dict[str, tuple[tuple[int, ...], int, str]] = {
    "RateOfChange": ((1,), 1, "stream.RateOfChange(1).update"),
    "LSMA": ((14,), 1, "stream.LSMA(14).update"),
    "TRIMA": ((30,), 1, "stream.TRIMA(30).update"),
    "MIDPOINT": ((14,), 1, "stream.MIDPOINT(14).update"),
    "HMA": ((20,), 1, "stream.HMA(20).update"),
    "MFI": ((14,), 4, "stream.MFI(14).update(high, low, close, volume)"),
    "WILLR": ((14,), 3, "stream.WILLR(14).update(high, low, close)"),
    "ADX": ((14,), 3, "stream.ADX(14).update(high, low, close)"),
    "STOCH": ((5, 3, 0, 3, 0), 3, "stream.STOCH(5, 3, 0, 3, 0).update(high, low, close)"),
    "Crossover": ((), 2, "stream.Crossover().update(a, b)"),
    "Crossunder": ((), 2, "stream.Crossunder().update(a, b)"),
    "MaSignal": ((), 2, "stream.MaSignal().update(price, ma)"),
}


class _EmptyBar:
    """The floor of a bar indicator: a Python method that takes a bar and returns a value."""

    def update(self, high: float, low: float, *rest: float) -> float:
        return low


def _more_cases(n: int) -> list[Case]:
    """Single updates of the classes added for issue 8 (native, fallback, empty method)."""
    return [
        Case(
            name=f"stream.{name}/{size_label(n)}",
            group=f"stream.{name}",
            table=f"{title} - {n:,} single calls from Python",
            size=n,
            shape=(n,),
            baseline=NATIVE,
            build=lambda name=name: _more_impls(name, n),
        )
        for name, (_, _, title) in MORE.items()
    ]


def _more_impls(name: str, n: int) -> dict[str, Impl]:
    stream = rn_module("indicators").stream
    arguments, inputs, _ = MORE[name]
    close = _values(n)
    if inputs == 1:
        rows: list[tuple[float, ...]] = [(v,) for v in close]
        empty: Any = _Empty()
    else:
        volume = [1_000.0 + (i % 7) * 100.0 for i in range(n)]
        bars = [(c * 1.01, c * 0.99, c, v) for c, v in zip(close, volume)]
        rows = [bar[:inputs] for bar in bars]
        empty = _EmptyBar()

    def feed(update: Callable[..., Any]) -> Any:
        out = None
        for row in rows:
            out = update(*row)
        return out

    def ours() -> Any:
        return feed(getattr(stream, name)(*arguments).update)

    return {
        NATIVE: Impl(ours, "native", backend="native", pair="update"),
        FALLBACK: Impl(ours, "fallback", backend="python", pair="update"),
        EMPTY: Impl(lambda: feed(empty.update), "python", differs=EMPTY_DIFFERS),
    }
