"""The machine, the interpreter and the libraries a run measured, and the allocator settings."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from types import ModuleType

import numpy as np

from benches.core import optional

#: glibc malloc tuning read once at process start. Without it, kernels returning large fresh arrays
#: vary 3-8x between runs: glibc hands big blocks back to the kernel (mmap above 128 KiB by default,
#: trimming the heap top) and every new array page-faults its pages in again. With these, blocks up
#: to 32 MiB come from the heap and up to 1 GiB of freed memory stays mapped.
MALLOC_ENV: dict[str, str] = {
    "MALLOC_MMAP_THRESHOLD_": "33554432",
    "MALLOC_TRIM_THRESHOLD_": "1073741824",
}

#: OpenMP worker threads (Numba's "omp" threading layer) otherwise spin on both cores for a while
#: after each parallel row, and the next row timed round-robin (often ours) pays for it: the
#: native 2-D equity curve's spread went from -34%/+788% to -4%/+57% with this. OpenMP reads it
#: when its runtime starts, so setting it before any peer is imported is enough.
THREAD_ENV: dict[str, str] = {"OMP_WAIT_POLICY": "PASSIVE"}

#: Peer libraries whose versions go into the report header.
PEERS = ("pandas", "pyarrow", "polars", "talib", "empyrical", "tqdm")


def ensure_malloc_env(argv: Sequence[str]) -> None:
    """Re-execute ``python -m benches`` with :data:`MALLOC_ENV` set, unless it already is; set
    :data:`THREAD_ENV` (no re-execution needed).

    glibc reads these variables when the process starts, so setting them in ``os.environ`` now
    would change nothing for this process. Values the user set are kept.

    Parameters
    ----------
    argv : sequence of str
        Command-line arguments after ``-m benches``, passed on unchanged.
    """
    for key, value in THREAD_ENV.items():
        os.environ.setdefault(key, value)
    missing = {key: value for key, value in MALLOC_ENV.items() if key not in os.environ}
    if not missing:
        return
    os.environ.update(missing)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "benches", *argv])


def malloc_note() -> str:
    """One line saying which allocator settings this process started with.

    Returns
    -------
    str
        The settings, or a warning that they are missing.
    """
    settings = " ".join(f"{key}={os.environ[key]}" for key in MALLOC_ENV if key in os.environ)
    if all(os.environ.get(key) == value for key, value in MALLOC_ENV.items()):
        return f"{settings} (set before start, so large arrays reuse heap pages)"
    if settings:
        return f"{settings} (differs from the suite's settings; large-array timings may vary)"
    return "glibc defaults: MALLOC_* not set, large-array timings may vary 3-8x (page faults)"


def _version(module: ModuleType) -> str:
    return str(getattr(module, "__version__", "unknown version"))


def _talib_distribution() -> str:
    """Which distribution installed ``talib``: ta-lib and ta-lib-takt both do."""
    try:
        names = importlib.metadata.packages_distributions().get("talib", [])
    except Exception:  # only decorates the header
        return ""
    return f" ({', '.join(names)})" if names else ""


def describe(rn: ModuleType, profile: str) -> dict[str, object]:
    """Metadata of this run for the report header and the results file.

    Parameters
    ----------
    rn : module
        The imported ``rustybt_native``.
    profile : str
        Profile name.

    Returns
    -------
    dict
        JSON-serializable metadata.
    """
    try:
        native = importlib.import_module("rustybt_native._native")
        build_profile = str(getattr(native, "build_profile", "unknown"))
    except Exception as exc:  # the header says why instead
        build_profile = f"unavailable ({type(exc).__name__}: {exc})"
    peers: dict[str, str] = {}
    for name in PEERS:
        found = optional(name)
        if found.module is None:
            peers[name] = "not installed"
        else:
            extra = _talib_distribution() if name == "talib" else ""
            peers[name] = _version(found.module) + extra
    polars = optional("polars").module
    try:
        polars_threads = int(polars.thread_pool_size()) if polars is not None else None
    except Exception:  # older polars named it threadpool_size
        polars_threads = None
    affinity = getattr(os, "sched_getaffinity", None)
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "profile": profile,
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(affinity(0)) if affinity is not None else os.cpu_count(),
        "numpy": np.__version__,
        "rustybt_native": _version(rn),
        "build_profile": build_profile,
        "default_backend": str(getattr(rn, "backend", "unknown")),
        "peers": peers,
        "polars_threads": polars_threads,
        "malloc": {key: os.environ.get(key) for key in MALLOC_ENV},
        "thread_env": {key: os.environ.get(key) for key in THREAD_ENV},
        "malloc_note": malloc_note(),
    }


def _importtime_ms(stderr: str, module: str) -> float | None:
    """Cumulative import time of ``module`` from ``python -X importtime`` output, in ms."""
    # Lines read "import time: <self us> | <cumulative us> | <indent><module>".
    for line in stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].strip() == module:
            try:
                return int(parts[1].strip()) / 1000
            except ValueError:
                return None
    return None


def import_time(repeats: int) -> dict[str, object]:
    """Time ``import rustybt_native`` in fresh interpreters with ``-X importtime``.

    Parameters
    ----------
    repeats : int
        Interpreters to start; medians are reported.

    Returns
    -------
    dict
        ``rustybt_native_ms`` (cumulative, including numpy and anything else it imports),
        ``numpy_ms`` (numpy's share), ``runs`` and ``error`` (None when it worked).
    """
    command = [sys.executable, "-X", "importtime", "-c", "import rustybt_native"]
    totals: list[float] = []
    numpy_shares: list[float] = []
    for _ in range(repeats):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        total = _importtime_ms(done.stderr, "rustybt_native")
        if done.returncode != 0 or total is None:
            last = done.stderr.strip().splitlines()[-1:] or ["no output"]
            return {"rustybt_native_ms": None, "numpy_ms": None, "runs": 0, "error": last[0]}
        totals.append(total)
        numpy_shares.append(_importtime_ms(done.stderr, "numpy") or 0.0)
    return {
        "rustybt_native_ms": statistics.median(totals),
        "numpy_ms": statistics.median(numpy_shares),
        "runs": repeats,
        "error": None,
    }
