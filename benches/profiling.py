"""``python -m benches profile``: where the example backtest spends its time and memory.

The example (``examples/sma_crossover.py`` by default; any script with a ``main(argv) -> int``)
runs in this process under cProfile for each data frequency, once more under tracemalloc, and
under py-spy in a child process when ``py-spy`` is on PATH. The findings go to
``docs/performance/profiling-results.md``:

- the top functions by cumulative and by own time, with call counts;
- own time per module (:data:`MODULES`);
- own time per bottleneck category, by the explicit rules of :func:`category_of`;
- the top allocation sites near the peak of traced memory (tracemalloc).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import importlib.util
import io
import linecache
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Optional

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCRIPT = REPO / "examples" / "sma_crossover.py"
DEFAULT_OUTPUT = REPO / "docs" / "performance" / "profiling-results.md"
FREQUENCIES = ("daily", "hourly", "minute")

#: Where own time is added up, in report order. "example" is the profiled script itself.
MODULES = ("rustybt_native", "numpy", "pyarrow", "example", "other")

#: Bottleneck categories, in report order (see :func:`category_of` for the rules).
CATEGORIES = ("decimal arithmetic", "indicators", "data processing", "loops", "other")

#: rustybt_native modules (Python wrapper or fallback file name, without ``.py``) by category.
#: Native functions are builtins named ``rustybt_native._native.<name>``; they take the category
#: of the rustybt_native module that calls them (``ledger.py`` calls the ledger kernels, ...).
RUSTYBT_CATEGORIES: dict[str, str] = {
    "decimal": "decimal arithmetic",
    "ledger": "decimal arithmetic",
    "indicators": "indicators",
    "atc": "indicators",
    "signals": "indicators",
    "metrics": "data processing",
    "metrics_factor": "data processing",
    "metrics_rolling": "data processing",
    "metrics_series": "data processing",
    "metrics_tails": "data processing",
    "aggregation": "data processing",
    "bars": "data processing",
    "_validation": "data processing",
    "_checks": "data processing",
}

#: Other libraries (a path component or a builtin's qualified-name prefix) by category.
LIBRARY_CATEGORIES: dict[str, str] = {
    "decimal": "decimal arithmetic",  # the standard library's decimal (C _decimal or _pydecimal)
    "_decimal": "decimal arithmetic",
    "_pydecimal": "decimal arithmetic",
    "talib": "indicators",
    "numpy": "data processing",
    "pyarrow": "data processing",
    "pandas": "data processing",
    "polars": "data processing",
}

Func = tuple[str, int, str]


@dataclass(frozen=True)
class FunctionStat:
    """One function of a cProfile run.

    Attributes
    ----------
    label : str
        ``file:line(name)`` shortened, or the builtin's name.
    module : str
        One of :data:`MODULES`.
    category : str
        One of :data:`CATEGORIES`.
    calls : int
        Total calls (including recursive ones).
    primitive_calls : int
        Calls not made by the function itself, recursively.
    own : float
        Seconds spent in the function itself (``tottime``).
    cumulative : float
        Seconds including callees (``cumtime``).
    """

    label: str
    module: str
    category: str
    calls: int
    primitive_calls: int
    own: float
    cumulative: float


@dataclass
class ProfileRun:
    """One configuration of the example under cProfile.

    Attributes
    ----------
    name : str
        The configuration (the data frequency).
    argv : list of str
        The script's arguments.
    wall_seconds : float
        Wall time of the profiled call (cProfile slows Python-heavy code down).
    status : int
        What ``main`` returned.
    functions : list of FunctionStat
        Every function called.
    """

    name: str
    argv: list[str]
    wall_seconds: float
    status: int
    functions: list[FunctionStat]

    @property
    def total_own(self) -> float:
        """Own time over all functions: the profiled time."""
        return sum(f.own for f in self.functions)


@dataclass(frozen=True)
class AllocationSite:
    """A line that held memory in the snapshot taken nearest the peak (tracemalloc)."""

    site: str
    size: int
    count: int
    code: str = ""


@dataclass
class MemoryRun:
    """One configuration of the example under tracemalloc.

    Attributes
    ----------
    name : str
        The configuration.
    peak : int
        Peak traced bytes.
    snapshot_size : int
        Traced bytes in the snapshot the sites come from.
    sites : list of AllocationSite
        The top sites of that snapshot.
    """

    name: str
    peak: int
    snapshot_size: int
    sites: list[AllocationSite] = field(default_factory=list)


@dataclass
class PySpyRun:
    """One configuration under py-spy, or why it did not run.

    ``samples`` are those inside the script's ``main`` and outside imports (``all_samples``
    include interpreter start-up and imports); ``top`` counts them by innermost function.
    """

    name: str
    samples: int = 0
    top: list[tuple[str, int]] = field(default_factory=list)
    error: Optional[str] = None
    native: bool = False
    all_samples: int = 0
    seconds: float = 0.0


def load_script(path: Path | str) -> ModuleType:
    """Import a script by path as a module with a callable ``main``.

    Parameters
    ----------
    path : path
        The script.

    Returns
    -------
    module
        The imported script, registered in ``sys.modules`` (dataclasses need that).

    Raises
    ------
    ValueError
        When the file is missing or has no ``main``.
    """
    script = Path(path).resolve()
    if not script.is_file():
        raise ValueError(f"no script at {script}")
    name = f"_profiled_{script.stem}"
    spec = importlib.util.spec_from_file_location(name, script)
    if spec is None or spec.loader is None:
        raise ValueError(f"cannot import {script}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    if not callable(getattr(module, "main", None)):
        raise ValueError(f"{script} has no main(argv) function")
    return module


def _path_parts(filename: str) -> tuple[str, ...]:
    return Path(filename).parts


def module_of(func: Func, script: Path) -> str:
    """Which of :data:`MODULES` a profiled function belongs to.

    Parameters
    ----------
    func : tuple
        cProfile's ``(filename, line, name)``; builtins have filename ``~`` and a name such as
        ``<built-in method rustybt_native._native.sma>`` or ``<method 'cumsum' of
        'numpy.ndarray' objects>``.
    script : Path
        The profiled script (its functions are "example").

    Returns
    -------
    str
        The module.
    """
    filename, _, name = func
    if filename == "~":
        for module in ("rustybt_native", "numpy", "pyarrow"):
            if module in name:
                return module
        return "other"
    if Path(filename).resolve() == script.resolve():
        return "example"
    parts = _path_parts(filename)
    for module in ("rustybt_native", "numpy", "pyarrow"):
        if module in parts:
            return module
    return "other"


def _builtin_target(name: str) -> str:
    """The qualified name inside a builtin's label: ``numpy.asarray``, ``'numpy.ndarray'``."""
    if name.startswith("<built-in method ") or name.startswith("<built-in function "):
        return name.rsplit(" ", 1)[-1].rstrip(">")
    if name.startswith("<method ") and " of " in name:
        return name.split(" of ", 1)[1].split(" ", 1)[0].strip("'")
    return name


def _category_of_file(filename: str, script: Path) -> str | None:
    """The category of Python code in a file by the module tables, or None."""
    if filename == "~":
        return None
    path = Path(filename)
    parts = path.parts
    if "rustybt_native" in parts:
        return RUSTYBT_CATEGORIES.get(path.stem, "other")
    for library, category in LIBRARY_CATEGORIES.items():
        if library in parts or path.stem == library:
            return category
    if path.resolve() == script.resolve():
        return "loops"
    return None


def category_of(func: Func, script: Path, callers: Mapping[Func, object] | None = None) -> str:
    """The bottleneck category of a profiled function; the first rule that applies wins.

    1. Python code of rustybt_native: by its module, :data:`RUSTYBT_CATEGORIES`.
    2. Python code of other libraries: :data:`LIBRARY_CATEGORIES` (decimal, talib, numpy, ...).
    3. Python code of the profiled script: "loops" (its own time is the interpreter running the
       per-bar loop and glue; calls out of it are counted where they land).
    4. Builtins of a library in :data:`LIBRARY_CATEGORIES`, by qualified name
       (``decimal.Decimal`` methods are decimal arithmetic, numpy's are data processing).
    5. Other builtins, including rustybt_native's native functions and the methods of built-in
       containers (``len``, ``list.append``): the category of the caller that spent the most
       time in them, by rules 1-3. So the ledger kernels count as decimal arithmetic (called
       from ``ledger.py``), and ``list.append`` in the example's loop as loops.
    6. Everything else (imports, argparse, the standard library): "other".

    Parameters
    ----------
    func : tuple
        cProfile's ``(filename, line, name)``.
    script : Path
        The profiled script.
    callers : mapping, optional
        cProfile's callers of ``func`` (caller to timings), for rules 4 and 5.

    Returns
    -------
    str
        One of :data:`CATEGORIES`.
    """
    filename, _, name = func
    by_file = _category_of_file(filename, script)
    if by_file is not None:
        return by_file
    if filename != "~":
        return "other"
    target = _builtin_target(name)
    root = target.split(".", 1)[0]
    if root in LIBRARY_CATEGORIES:
        return LIBRARY_CATEGORIES[root]
    # The caller that spent the most time in this builtin decides (rules 4 and 5).
    ranked = sorted((callers or {}).items(), key=lambda item: -_caller_time(item[1]))
    for caller, _ in ranked:
        found = _category_of_file(caller[0], script)
        if found is not None:
            return found
    return "other"


def _caller_time(timings: object) -> float:
    """Cumulative time a caller spent in a callee: the last field of cProfile's tuple."""
    if isinstance(timings, tuple) and timings and isinstance(timings[-1], (int, float)):
        return float(timings[-1])
    return 0.0


def _label(func: Func) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    parts = Path(filename).parts
    for anchor in ("rustybt_native", "numpy", "pyarrow", "site-packages", "examples", "benches"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            return f"{'/'.join(parts[index:])}:{line}({name})"
    return f"{Path(filename).name}:{line}({name})"


_PROFILER_DISABLE = "<method 'disable' of '_lsprof.Profiler' objects>"


def analyse(stats: pstats.Stats, script: Path) -> list[FunctionStat]:
    """Turn cProfile statistics into :class:`FunctionStat` rows.

    Parameters
    ----------
    stats : pstats.Stats
        The statistics of one run.
    script : Path
        The profiled script.

    Returns
    -------
    list of FunctionStat
        One per function, by own time, largest first.
    """
    rows = []
    table: dict[Func, tuple[int, int, float, float, dict[Func, object]]]
    table = stats.stats  # type: ignore[attr-defined]
    for func, (primitive, calls, own, cumulative, callers) in table.items():
        if func[0] == __file__ or func[2] == _PROFILER_DISABLE:
            continue  # the harness's own frames
        rows.append(
            FunctionStat(
                label=_label(func),
                module=module_of(func, script),
                category=category_of(func, script, callers),
                calls=calls,
                primitive_calls=primitive,
                own=own,
                cumulative=cumulative,
            )
        )
    return sorted(rows, key=lambda row: -row.own)


def totals(functions: Iterable[FunctionStat], key: str, order: Sequence[str]) -> dict[str, float]:
    """Own time added up by ``module`` or ``category``, in ``order``.

    Parameters
    ----------
    functions : iterable of FunctionStat
        The functions of one run.
    key : {"module", "category"}
        What to group by.
    order : sequence of str
        Every group, in report order (groups with no time get 0).

    Returns
    -------
    dict
        Group to seconds.
    """
    found = dict.fromkeys(order, 0.0)
    for function in functions:
        group = str(getattr(function, key))
        found[group] = found.get(group, 0.0) + function.own
    return found


def _call_main(main: Callable[[list[str]], int], argv: Sequence[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):  # the example's summary is not the report
        status = main(list(argv))
    return int(status or 0)


def profile_once(module: ModuleType, name: str, argv: Sequence[str], script: Path) -> ProfileRun:
    """Run ``module.main(argv)`` once to warm up, then once under cProfile.

    Parameters
    ----------
    module : module
        From :func:`load_script`.
    name : str
        Configuration name.
    argv : sequence of str
        The script's arguments.
    script : Path
        The script's path.

    Returns
    -------
    ProfileRun
        The analysed run.
    """
    _call_main(module.main, argv)  # first-call costs (lazy imports, caches) are not the loop's
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    try:
        status = _call_main(module.main, argv)
    finally:
        profiler.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    return ProfileRun(name, list(argv), wall, status, analyse(stats, script))


#: Frames that are the tracer's or the import system's own, not the program's.
_MEMORY_NOISE = ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>")


def trace_memory(
    module: ModuleType, name: str, argv: Sequence[str], top: int = 10, interval: float = 0.05
) -> MemoryRun:
    """Run ``module.main(argv)`` under tracemalloc; keep the largest snapshot seen.

    A snapshot at the end would miss everything ``main`` freed on return, so a helper thread
    takes a snapshot every ``interval`` seconds and the one holding the most memory is kept:
    its top lines are the hot spots near the peak. tracemalloc sees Python objects and numpy
    buffers; memory that Rust or Arrow allocate themselves is not traced.

    Parameters
    ----------
    module : module
        From :func:`load_script`.
    name : str
        Configuration name.
    argv : sequence of str
        The script's arguments.
    top : int, optional
        How many sites to keep.
    interval : float, optional
        Seconds between snapshots.

    Returns
    -------
    MemoryRun
        Peak traced memory and the top sites.
    """
    best: list[tuple[int, tracemalloc.Snapshot]] = []
    done = threading.Event()
    noise = [
        tracemalloc.Filter(False, pattern) for pattern in (*_MEMORY_NOISE, tracemalloc.__file__)
    ]

    def sample() -> None:
        while True:
            snapshot = tracemalloc.take_snapshot().filter_traces(noise)
            size = sum(stat.size for stat in snapshot.statistics("filename"))
            if not best or size > best[0][0]:
                best[:] = [(size, snapshot)]
            if done.wait(interval):
                return

    tracemalloc.start()
    sampler = threading.Thread(target=sample, daemon=True)
    try:
        sampler.start()
        _call_main(module.main, argv)
        done.set()
        sampler.join()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        done.set()
        tracemalloc.stop()
    size, snapshot = best[0]
    sites = [
        AllocationSite(
            site=f"{_label((frame.filename, frame.lineno, ''))[:-2]}",
            size=stat.size,
            count=stat.count,
            code=linecache.getline(frame.filename, frame.lineno).strip()[:70].replace("`", "'"),
        )
        for stat in snapshot.statistics("lineno")[:top]
        for frame in [stat.traceback[0]]
    ]
    return MemoryRun(name, peak, size, sites)


#: A frame of Python's import system, as py-spy names it.
_IMPORT_FRAME = "(<frozen importlib._bootstrap"
#: py-spy names a frame ``function (file.py:line)``; samples are added up per function.
_LINE_NUMBER = re.compile(r":\d+\)$")


def parse_collapsed(
    text: str, top: int = 20, within: str | None = None
) -> tuple[int, int, list[tuple[str, int]]]:
    """Own-function sample counts from py-spy's ``--format raw`` (collapsed stacks) output.

    Parameters
    ----------
    text : str
        Lines ``frame;frame;...;frame count``, outermost frame first; py-spy names a Python
        frame ``function (file.py:line)``.
    top : int, optional
        How many functions to keep.
    within : str, optional
        Count only stacks with a frame starting with this text, e.g. ``"main (script.py:"``:
        the call being profiled, not interpreter start-up. Stacks inside an import (a frame
        of ``<frozen importlib._bootstrap>``) are never counted.

    Returns
    -------
    tuple
        Samples counted, samples in all, and the ``top`` innermost functions
        (``function (file.py)``, line numbers dropped) with their sample counts.
    """
    counts: dict[str, int] = {}
    counted = every = 0
    for line in text.splitlines():
        stack, _, number = line.rpartition(" ")
        if not stack or not number.isdigit():
            continue
        every += int(number)
        frames = stack.split(";")
        if within is not None and not any(frame.startswith(within) for frame in frames):
            continue
        if any(_IMPORT_FRAME in frame for frame in frames):
            continue  # a (lazy) import, however deep: start-up cost, not the work
        frame = _LINE_NUMBER.sub(")", frames[-1])
        counts[frame] = counts.get(frame, 0) + int(number)
        counted += int(number)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return counted, every, ranked[:top]


#: Run by py-spy in a fresh interpreter: import the script, call main once to warm up (lazy
#: imports), then again until the time given has passed, so that short runs get enough samples.
_DRIVER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from benches.profiling import _call_main, load_script
seconds, module = float(sys.argv[2]), load_script(sys.argv[3])
_call_main(module.main, sys.argv[4:])
deadline = time.perf_counter() + seconds
while True:
    _call_main(module.main, sys.argv[4:])
    if time.perf_counter() >= deadline:
        break
"""


def driver_command(script: Path, argv: Sequence[str], seconds: float) -> list[str]:
    """The command py-spy runs: :data:`_DRIVER` calling the script's main repeatedly.

    Parameters
    ----------
    script : Path
        The script.
    argv : sequence of str
        Its arguments.
    seconds : float
        Keep calling ``main`` (after the warm-up call) until this much time has passed.

    Returns
    -------
    list of str
        The command line.
    """
    return [sys.executable, "-c", _DRIVER, str(REPO), str(seconds), str(script), *argv]


def py_spy(
    script: Path,
    name: str,
    argv: Sequence[str],
    executable: str | None,
    top: int = 20,
    seconds: float = 3.0,
) -> PySpyRun:
    """Sample the script in a child process with py-spy (with native frames when it can).

    Parameters
    ----------
    script : Path
        The script.
    name : str
        Configuration name.
    argv : sequence of str
        The script's arguments.
    executable : str or None
        The py-spy binary; None when not on PATH.
    top : int, optional
        How many frames to keep.
    seconds : float, optional
        How long to keep calling ``main`` after the warm-up call (:func:`driver_command`).

    Returns
    -------
    PySpyRun
        Samples by own frame, or the reason it did not run.
    """
    if executable is None:
        return PySpyRun(name, error="py-spy is not on PATH (pip install py-spy)")
    failure = ""
    # Native frames (the Rust kernels by name) when py-spy can unwind them, else Python only.
    for native in (["--native"], []):
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "stacks.txt"
            command = [executable, "record", "--format", "raw", "--rate", "250", *native]
            command += ["--output", str(output), "--", *driver_command(script, argv, seconds)]
            done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
            if done.returncode == 0 and output.exists():
                counted, every, frames = parse_collapsed(
                    output.read_text(encoding="utf-8"), top, within=f"main ({script.name}:"
                )
                return PySpyRun(
                    name, counted, frames, native=bool(native), all_samples=every, seconds=seconds
                )
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            failure = f"py-spy failed (exit {done.returncode}): {last}"
    return PySpyRun(name, error=failure)


def _ms(seconds: float) -> str:
    return f"{1000 * seconds:,.1f}"


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole > 0 else "-"


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str) -> list[str]:
    rule = ["---:" if side == ">" else "---" for side in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    for row in rows:
        cells = [str(cell).replace("|", "\\|") for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _calls(function: FunctionStat) -> str:
    if function.calls == function.primitive_calls:
        return f"{function.calls:,}"
    return f"{function.calls:,}/{function.primitive_calls:,}"


def _mib(size: int) -> str:
    if size < 2**20:
        return f"{size / 2**10:,.1f} KiB"
    return f"{size / 2**20:,.2f} MiB"


def render_markdown(
    script: Path,
    runs: Sequence[ProfileRun],
    memory: Sequence[MemoryRun],
    spies: Sequence[PySpyRun],
    top: int = 20,
) -> str:
    """The profiling report as Markdown.

    Parameters
    ----------
    script : Path
        The profiled script.
    runs : sequence of ProfileRun
        cProfile runs.
    memory : sequence of MemoryRun
        tracemalloc runs (may be empty).
    spies : sequence of PySpyRun
        py-spy runs (may be empty).
    top : int, optional
        Functions per table.

    Returns
    -------
    str
        The page.
    """
    try:
        shown = script.resolve().relative_to(REPO)
    except ValueError:
        shown = script
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Profiling results",
        "",
        f"Written by `python -m benches profile` on {stamp}: `{shown}` run in-process under",
        f"cProfile (after one unprofiled warm-up call), Python {platform.python_version()} on",
        f"{platform.machine()} with {os.cpu_count()} CPUs. cProfile adds a cost to every Python",
        "call, so Python-heavy code looks slower here than it is; read shares, not absolute",
        "times, and check them against py-spy's sampling when it is available.",
        "",
        "## Summary",
        "",
    ]
    summary_headers = ["configuration", "profiled time (ms)", *CATEGORIES]
    summary = []
    for run in runs:
        by_category = totals(run.functions, "category", CATEGORIES)
        summary.append(
            [
                f"{run.name} (`{' '.join(run.argv)}`)",
                _ms(run.total_own),
                *(_share(by_category[c], run.total_own) for c in CATEGORIES),
            ]
        )
    lines += _md_table(summary_headers, summary, "<" + ">" * (len(CATEGORIES) + 1))
    lines += [
        "",
        "Shares are of own time (cProfile's tottime), which adds up to the profiled time.",
        "",
        "## How functions are put in categories",
        "",
        "The first rule that applies wins (`benches/profiling.py`, `category_of`):",
        "",
        "1. Python code of rustybt_native, by module: "
        + "; ".join(
            f"{c}: {', '.join(sorted(m for m, k in RUSTYBT_CATEGORIES.items() if k == c))}"
            for c in CATEGORIES
            if any(k == c for k in RUSTYBT_CATEGORIES.values())
        )
        + " (the same names under `_fallback/`).",
        "2. Python code of other libraries: "
        + "; ".join(f"{lib}: {cat}" for lib, cat in LIBRARY_CATEGORIES.items())
        + ".",
        "3. Python code of the profiled script: loops (the per-bar loop and its glue; what it",
        "   calls is counted where the time is spent).",
        "4. Builtins of those libraries, by qualified name: `decimal.Decimal` methods are",
        "   decimal arithmetic, numpy's and pyarrow's are data processing.",
        "5. Other builtins, including rustybt_native's native functions and the methods of",
        "   built-in containers (`len`, `list.append`): the category of the caller that spent",
        "   the most time in them, by rules 1-3. So the ledger kernels count as decimal",
        "   arithmetic (called from `ledger.py`), and `list.append` in the example's loop as",
        "   loops.",
        "6. Everything else (imports, argparse, the standard library): other.",
        "",
        "Modules: own time of code in rustybt_native (its Python wrappers and native",
        "functions), numpy, pyarrow, the example script itself, and everything else.",
    ]
    for run in runs:
        total = run.total_own
        lines += ["", f"## {run.name}", ""]
        lines += [
            f"`{shown.name} {' '.join(run.argv)}`: main returned {run.status}; "
            f"{_ms(run.wall_seconds)} ms wall time under cProfile, {_ms(total)} ms profiled.",
            "",
            "### Time per module",
            "",
        ]
        by_module = totals(run.functions, "module", MODULES)
        lines += _md_table(
            ["module", "own time (ms)", "share"],
            ([m, _ms(t), _share(t, total)] for m, t in by_module.items()),
            "<>>",
        )
        lines += ["", "### Bottleneck categories", ""]
        by_category = totals(run.functions, "category", CATEGORIES)
        lines += _md_table(
            ["category", "own time (ms)", "share"],
            ([c, _ms(t), _share(t, total)] for c, t in by_category.items()),
            "<>>",
        )
        headers = ["function", "module", "category", "calls", "own (ms)", "cumulative (ms)"]
        for title, key in (("cumulative", "cumulative"), ("own", "own")):
            ranked = sorted(run.functions, key=lambda f: -float(getattr(f, key)))[:top]
            lines += ["", f"### Top {top} functions by {title} time", ""]
            lines += _md_table(
                headers,
                (
                    [f"`{f.label}`", f.module, f.category, _calls(f), _ms(f.own), _ms(f.cumulative)]
                    for f in ranked
                ),
                "<<<>>>",
            )
        lines += ["", "Calls read `total/primitive` where the function recursed."]
    if memory:
        lines += [
            "",
            "## Memory hot spots (tracemalloc)",
            "",
            "One more call per configuration under tracemalloc. A helper thread snapshots the",
            "traced memory every 50 ms; the sites below are the top lines of the largest",
            "snapshot, near the peak. tracemalloc sees Python objects and numpy buffers, not",
            "memory that Rust or Arrow allocate themselves.",
        ]
        for held in memory:
            lines += [
                "",
                f"### {held.name}",
                "",
                f"Peak traced memory {_mib(held.peak)}; "
                f"largest snapshot {_mib(held.snapshot_size)}.",
                "",
            ]
            lines += _md_table(
                ["site", "code", "size", "blocks"],
                (
                    [
                        f"`{s.site}`",
                        f"`{s.code}`" if s.code else "",
                        _mib(s.size),
                        f"{s.count:,}",
                    ]
                    for s in held.sites
                ),
                "<<>>",
            )
    lines += ["", "## py-spy", ""]
    if not spies:
        lines.append("Not run (`--no-py-spy`).")
    for spy in spies:
        if spy.error is not None:
            lines.append(f"- {spy.name}: {spy.error}")
            continue
        frames = "native frames included" if spy.native else "Python frames only"
        lines += [
            f"### {spy.name}",
            "",
            f"{spy.samples:,} samples at 250 Hz inside `main` ({frames}), which ran once to warm"
            f" up and then repeatedly for {spy.seconds:g} s in a fresh interpreter; the other"
            f" {spy.all_samples - spy.samples:,} samples were start-up and imports.",
            "",
        ]
        lines += _md_table(
            ["own function", "samples", "share"],
            ([f"`{frame}`", f"{n:,}", _share(n, spy.samples)] for frame, n in spy.top),
            "<>>",
        )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def profile_main(argv: Sequence[str]) -> int:
    """``python -m benches profile``: exit status 0, or 2 when the script cannot run.

    Parameters
    ----------
    argv : sequence of str
        Arguments after ``profile``.

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m benches profile",
        description="Profile the example backtest (cProfile, tracemalloc, py-spy if on PATH).",
    )
    parser.add_argument("--script", type=Path, default=DEFAULT_SCRIPT, help="script with main()")
    parser.add_argument(
        "--frequencies", nargs="+", default=list(FREQUENCIES), choices=list(FREQUENCIES)
    )
    parser.add_argument("--assets", type=int, default=10)
    parser.add_argument("--money", choices=["float", "decimal"], default="decimal")
    parser.add_argument("--strategy", choices=["simple", "complex"], default="simple")
    parser.add_argument("--top", type=int, default=20, help="functions per table (default 20)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown file")
    parser.add_argument("--no-memory", action="store_true", help="skip tracemalloc")
    parser.add_argument("--no-py-spy", action="store_true", help="skip py-spy even if on PATH")
    parser.add_argument(
        "--py-spy-seconds",
        type=float,
        default=3.0,
        help="under py-spy, call main repeatedly for this long after a warm-up (default 3)",
    )
    args = parser.parse_args(list(argv))
    try:
        module = load_script(args.script)
    except (ValueError, ImportError, SyntaxError) as exc:
        print(f"python -m benches profile: {exc}", file=sys.stderr)
        return 2
    script = Path(args.script).resolve()
    executable = None if args.no_py_spy else shutil.which("py-spy")
    runs: list[ProfileRun] = []
    memory: list[MemoryRun] = []
    spies: list[PySpyRun] = []
    for frequency in args.frequencies:
        script_argv = ["--frequency", frequency, "--assets", str(args.assets)]
        script_argv += ["--money", args.money, "--strategy", args.strategy]
        print(f"profiling {frequency}: {' '.join(script_argv)}", file=sys.stderr)
        runs.append(profile_once(module, frequency, script_argv, script))
        if not args.no_memory:
            memory.append(trace_memory(module, frequency, script_argv))
        if not args.no_py_spy:
            spies.append(
                py_spy(script, frequency, script_argv, executable, args.top, args.py_spy_seconds)
            )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render_markdown(script, runs, memory, spies, args.top), encoding="utf-8")
    print(args.output)
    return 0
