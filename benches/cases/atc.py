"""Cases for ``rustybt_native.atc``: the Adaptive Trend Classification pipeline (issue 10).

The issue's sizes: one 5,000-bar and one 50,000-bar series at the default parameters, and a scan
of 500 symbols x 5,000 bars. The reference implementation (pandas_ta + Numba, not installed
here) takes about 2.25 s and 23 s for the two series on this machine (ATC specification 16);
the report's rows are the native kernel, the readable fallback and, for the scan, one native
call per symbol in a Python loop (the serial baseline that shows the parallel scaling).
The check and smoke profiles shrink every size to 1,000 bars (10 symbols).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import numpy.typing as npt

from benches.core import Case, Impl, Rate, rn_module, rn_pair, shape_label, size_label
from benches.profiles import Profile

SERIES_BARS = (5_000, 50_000)
SCAN_SHAPE = (5_000, 500)
#: Above this many bars the fallback (about 0.3 ms per bar) would take most of a quick run.
FALLBACK_MAX_BARS = 10_000
NATIVE = "rn native (1-D)"
SERIAL = "rn native, one call per symbol"
NATIVE_STREAM = "rn native (stream)"
SCAN = "rn native scan (2-D, all cores)"
#: The issue's ceilings: 5 ms for 5,000 bars (and linear), 20 us per streamed bar.
SERIES_NS_PER_BAR = 1_000.0
STREAM_NS_PER_BAR = 20_000.0
#: Bars fed to a fresh ATCStream per timed call (the per-bar cost is the time over this).
STREAM_BARS = 5_000


def _walk(shape: tuple[int, ...], seed: int = 21) -> npt.NDArray[np.float64]:
    """A geometric random walk from ``default_rng(seed)``, the specification's test data."""
    steps = np.random.default_rng(seed).normal(0.0, 0.01, shape)
    return np.asarray(100.0 * np.exp(np.cumsum(steps, axis=0)), dtype=np.float64)


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        The check and smoke profiles (and any whose largest size is 1,000) shrink every case
        to 1,000 bars.

    Returns
    -------
    list of Case
        ``atc.compute_atc_signals`` on each series length, ``atc.scan``, then
        ``atc.ATCStream.update`` over a whole series.
    """
    smoke = profile.name in ("check", "smoke") or max(profile.sizes) <= 1_000
    bars = (1_000,) if smoke else SERIES_BARS
    shape = (1_000, 10) if smoke else SCAN_SHAPE
    out = [
        Case(
            name=f"atc.compute_atc_signals[1d]/{size_label(n)}",
            group="atc.compute_atc_signals",
            table="atc.compute_atc_signals - one series, default parameters (54 averages)",
            size=n,
            shape=(n,),
            baseline=NATIVE,
            build=partial(_series_impls, n),
            # issue 10: 5,000 bars under 5 ms and 50,000 under 50 ms, i.e. linear at 1 us a bar
            rates=(Rate("time per bar", NATIVE, n, "bar", limit_ns=SERIES_NS_PER_BAR),),
        )
        for n in bars
    ]
    out.append(
        Case(
            name=f"atc.scan/{shape_label(shape)}",
            group="atc.scan",
            table="atc.scan - bars x symbols, last Average_Signal per symbol",
            size=shape[0] * shape[1],
            shape=shape,
            baseline=SERIAL,
            build=partial(_scan_impls, shape, smoke),
            rates=tuple(Rate("throughput", row, shape[1], "symbol") for row in (SERIAL, SCAN)),
        )
    )
    stream_bars = 100 if smoke else STREAM_BARS
    out.append(
        Case(
            name=f"atc.ATCStream.update/{size_label(stream_bars)}",
            group="atc.ATCStream",
            table="atc.ATCStream.update - a fresh stream fed every bar (per bar: time / bars)",
            size=stream_bars,
            shape=(stream_bars,),
            baseline=NATIVE_STREAM,
            build=partial(_stream_impls, stream_bars, smoke),
            rates=(
                Rate("per update", NATIVE_STREAM, stream_bars, "bar", limit_ns=STREAM_NS_PER_BAR),
            ),
        )
    )
    return out


def _stream_impls(n: int, with_fallback: bool) -> dict[str, Impl]:
    atc = rn_module("atc")
    closes = _walk((n,)).tolist()

    def feed() -> float:
        stream = atc.ATCStream()
        latest = {}
        for close in closes:
            latest = stream.update(close)
        return float(latest["Average_Signal"])

    impls = {NATIVE_STREAM: Impl(feed, "native", backend="native", pair="stream")}
    if with_fallback:
        # The fallback stream recomputes the batch pipeline on the prefix at every bar (O(n)).
        impls["rn fallback (stream)"] = Impl(feed, "fallback", backend="python", pair="stream")
    return impls


def _stacked(out: object) -> npt.NDArray[np.float64]:
    """The 13 output series as one (13 x bars) array, for the runner's comparison."""
    assert isinstance(out, dict)
    return np.vstack(list(out.values()))


def _series_impls(n: int) -> dict[str, Impl]:
    atc = rn_module("atc")
    prices = _walk((n,))
    impls = rn_pair("1-D", lambda: atc.compute_atc_signals(prices), normalize=_stacked)
    if n > FALLBACK_MAX_BARS:
        del impls["rn fallback (1-D)"]
    return impls


def _scan_impls(shape: tuple[int, int], with_fallback: bool) -> dict[str, Impl]:
    atc = rn_module("atc")
    matrix = _walk(shape)
    columns = [np.ascontiguousarray(matrix[:, j]) for j in range(shape[1])]

    def serial() -> npt.NDArray[np.float64]:
        last = [atc.compute_atc_signals(c)["Average_Signal"][-1] for c in columns]
        return np.array(last, dtype=np.float64)

    impls = {SERIAL: Impl(serial, "native", backend="native")}
    pair = rn_pair("2-D", lambda: atc.scan(matrix))
    native = pair["rn native (2-D)"]
    impls[SCAN] = Impl(native.func, "native", backend="native", pair="2-D", parallel=True)
    if with_fallback:
        impls["rn fallback (2-D)"] = pair["rn fallback (2-D)"]
    return impls
