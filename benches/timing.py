"""Timing: warm up, calibrate a loop count, then median of repeats taken round-robin.

Round-robin (one repeat of every row, then the next repeat of every row) keeps a row and its
baseline seconds apart, so a noisy neighbour on a shared machine slows both instead of skewing
their ratio.
"""

from __future__ import annotations

import ctypes
import gc
import math
import statistics
import sys
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from time import perf_counter_ns

from benches.core import Impl
from benches.profiles import Profile

#: Upper bound on the calibrated loop count, so a call the optimizer turned into a no-op cannot
#: make one repeat run for ever.
MAX_NUMBER = 10_000_000


@dataclass
class Measurement:
    """Timings of one implementation in one case.

    Attributes
    ----------
    number : int
        Calls per repeat.
    times_ns : list of float
        Time per call of each repeat, in nanoseconds.
    error : str or None
        The exception that stopped the row, if any.
    warnings : list of str
        Distinct warnings the warm-up call emitted; later calls run with warnings ignored, so
        printing them is not timed.
    output : object
        What the warm-up call returned (for the agreement check; not part of the results file).
    peak_bytes : int or None
        Peak memory one call added to the process (see :func:`peak_memory`), when measured.
    """

    number: int = 0
    times_ns: list[float] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    output: object = None
    peak_bytes: int | None = None

    @property
    def median_ns(self) -> float | None:
        """Median time per call in nanoseconds, or None without timings."""
        return statistics.median(self.times_ns) if self.times_ns else None


def time_loop(func: Callable[[], object], number: int) -> int:
    """Nanoseconds taken by ``number`` calls of ``func``.

    Parameters
    ----------
    func : callable
        Called without arguments.
    number : int
        Calls to make.

    Returns
    -------
    int
        Elapsed nanoseconds.
    """
    loop = range(number)
    start = perf_counter_ns()
    for _ in loop:
        func()
    return perf_counter_ns() - start


def _proc_status_kib(*fields: str) -> dict[str, int]:
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in fields:
                values[key] = int(rest.split()[0])
    return values


@cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def peak_memory(func: Callable[[], object]) -> int | None:
    """Peak resident memory one call of ``func`` adds to the process, in bytes.

    Linux only: freed heap memory is handed back to the kernel first (``malloc_trim``, and
    Arrow's memory pool's ``release_unused`` when pyarrow is loaded), the
    kernel's high-water mark is reset (``/proc/self/clear_refs``), and the call's peak is the new
    high-water mark minus the resident size before it. It counts every allocation, Rust and
    Arrow buffers included, not just Python objects (which is all ``tracemalloc`` sees).

    Parameters
    ----------
    func : callable
        Called once, without arguments.

    Returns
    -------
    int or None
        Bytes (0 when the call needed no new memory), or None where this cannot be measured.
    """
    libc = _libc()
    if libc is None or not sys.platform.startswith("linux"):
        return None
    try:
        gc.collect()
        libc.malloc_trim(0)
        if "pyarrow" in sys.modules:
            # Arrow's own allocator (mimalloc or jemalloc) keeps freed memory mapped: without
            # this, a row timed after a larger one reuses it and shows almost no peak.
            sys.modules["pyarrow"].default_memory_pool().release_unused()
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
        before = _proc_status_kib("VmRSS")["VmRSS"]
        func()
        peak = _proc_status_kib("VmHWM")["VmHWM"]
    except (OSError, KeyError, ValueError):
        return None
    return max(0, peak - before) * 1024


def calibrate(func: Callable[[], object], target_ns: int) -> tuple[int, float]:
    """Smallest loop count found whose loop lasts at least ``target_ns``.

    Every trial also warms caches, branch predictors and allocator pools.

    Parameters
    ----------
    func : callable
        Called without arguments.
    target_ns : int
        Minimum duration of one repeat.

    Returns
    -------
    tuple of (int, float)
        The loop count and the time per call measured with it.
    """
    number = 1
    while True:
        elapsed = time_loop(func, number)
        if elapsed >= target_ns or number >= MAX_NUMBER:
            return number, elapsed / number
        # Aim 20% above the target, growing at most 100x per trial in case the first call was
        # unrepresentatively slow.
        wanted = math.ceil(number * target_ns * 1.2 / max(elapsed, 1))
        number = min(MAX_NUMBER, number * 100, max(number * 2, wanted))


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _describe_warning(message: warnings.WarningMessage) -> str:
    return f"{message.category.__name__}: {message.message}"


def measure(
    impls: Mapping[str, Impl],
    profile: Profile,
    select_backend: Callable[[str | None], None],
) -> dict[str, Measurement]:
    """Time every runnable implementation of one case.

    Parameters
    ----------
    impls : mapping of str to Impl
        Rows of the case; rows without ``func`` are left out of the result.
    profile : Profile
        Repeat target, repeat count and time budget.
    select_backend : callable
        Called with ``Impl.backend`` before each of the row's calls.

    Returns
    -------
    dict of str to Measurement
        Timings by row name. A row whose call raised has ``error`` set and stops there.
    """
    results: dict[str, Measurement] = {}
    remaining: dict[str, int] = {}
    for name, impl in impls.items():
        if impl.func is None:
            continue
        result = results[name] = Measurement()
        try:
            select_backend(impl.backend)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result.output = impl.func()
            result.warnings = list(dict.fromkeys(_describe_warning(w) for w in caught))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result.number, per_call = calibrate(impl.func, profile.repeat_target_ns)
                if profile.measure_memory:
                    result.peak_bytes = peak_memory(impl.func)
        except Exception as exc:  # a failing row is reported, the run goes on
            result.error = _describe(exc)
            continue
        repeats = profile.repeats
        repeat_ns = per_call * result.number
        if profile.budget_ns and repeat_ns > 0:
            affordable = int(profile.budget_ns // repeat_ns)
            repeats = max(profile.min_repeats, min(repeats, affordable))
        remaining[name] = repeats

    gc.collect()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection landing in one repeat is noise, not cost
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _run_rounds(impls, results, remaining, select_backend)
    finally:
        if gc_was_enabled:
            gc.enable()
    return results


def _run_rounds(
    impls: Mapping[str, Impl],
    results: Mapping[str, Measurement],
    remaining: dict[str, int],
    select_backend: Callable[[str | None], None],
) -> None:
    """Time one repeat of every row per round until each has its repeats."""
    names = list(remaining)
    for round_index in range(max(remaining.values(), default=0)):
        # Rotate the order so no row always runs right after the same neighbour.
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            if remaining[name] <= 0:
                continue
            impl, result = impls[name], results[name]
            assert impl.func is not None  # rows without func never enter `remaining`
            try:
                select_backend(impl.backend)
                elapsed = time_loop(impl.func, result.number)
            except Exception as exc:  # reported like a failing warm-up
                result.error = _describe(exc)
                remaining[name] = 0
                continue
            result.times_ns.append(elapsed / result.number)
            remaining[name] -= 1
