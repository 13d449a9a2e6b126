"""Run the registered cases, print the report and write the results as JSON."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import json
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from time import perf_counter
from types import ModuleType
from typing import Any, TextIO

import numpy as np

from benches import environment, history, report
from benches.cases import all_cases
from benches.core import ALWAYS_RUN, TARGETS, Case, Impl, shape_label
from benches.profiles import PROFILES, Profile
from benches.progress import Progress
from benches.timing import Measurement, measure

#: Where results go unless ``--output`` says otherwise (ignored by git).
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results"
#: Relative tolerance of the float agreement check: the cumulative-sum SMA and numpy's pairwise
#: sums round differently from a sequential kernel, far below this.
RTOL = 1e-8


@dataclass(frozen=True)
class RunResult:
    """What a run produced.

    Attributes
    ----------
    path : Path
        The timestamped results file.
    latest : Path
        ``latest.json`` next to it, a copy.
    records : list of dict
        One per case and implementation, as in the results file.
    report : str
        The printed report.
    summary : list of dict
        The module-level Decimal overheads against their targets (:func:`targets`).
    """

    path: Path
    latest: Path
    records: list[dict[str, Any]]
    report: str
    summary: list[dict[str, Any]]


def agree(output: object, expected: object) -> bool:
    """Whether a row computed the same thing as the baseline.

    Parameters
    ----------
    output : object
        A row's normalized output.
    expected : object
        The baseline's normalized output.

    Returns
    -------
    bool
        Decimals must be equal, integer arrays identical, floats equal to ``RTOL`` (NaN where NaN).
    """
    if isinstance(output, Decimal) and isinstance(expected, Decimal):
        return output == expected
    try:
        left, right = np.asarray(output), np.asarray(expected)
        if left.shape != right.shape:
            return False
        if left.dtype.kind in "iu" and right.dtype.kind in "iu":
            return bool(np.array_equal(left, right))
        left, right = left.astype(np.float64), right.astype(np.float64)
    except (TypeError, ValueError):
        return bool(output == expected)
    return bool(np.allclose(left, right, rtol=RTOL, atol=0.0, equal_nan=True))


def _normalized(impl: Impl, output: object) -> object:
    return impl.normalize(output) if impl.normalize is not None else output


def _runs_at(profile: Profile, case: Case, name: str, impl: Impl) -> bool:
    """Whether the profile times this row at this case's size."""
    limit = profile.all_rows_max_size
    if impl.kind in ALWAYS_RUN or name == case.baseline:
        return True
    if impl.kind == "peer":
        limit = profile.peer_max_size
    return limit is None or case.size <= limit


#: Row kinds that take seconds a call at large sizes (pure-Python loops, the fallback).
SLOW_KINDS: frozenset[str] = frozenset({"fallback", "python"})
#: Kinds that may stand in for a slow baseline, most preferred first.
STAND_IN_KINDS: tuple[str, ...] = ("numpy", "peer", "native")


def effective_baseline(profile: Profile, case: Case, impls: Mapping[str, Impl]) -> str:
    """The row this case's speedups are measured against at its size.

    The case's own baseline, except where the profile does not time slow rows at this size
    (``all_rows_max_size``) and the baseline is one: then the first runnable numpy row, else the
    first installed peer, else the native row stands in, so that a quick run never spends minutes
    timing a pure-Python loop just to divide by it. Records and reports name the baseline per size.
    """
    limit = profile.all_rows_max_size
    declared = impls.get(case.baseline)
    if declared is None or declared.kind not in SLOW_KINDS:
        return case.baseline
    if limit is None or case.size <= limit:
        return case.baseline
    for kind in STAND_IN_KINDS:
        for name, impl in impls.items():
            if impl.kind == kind and impl.func is not None:
                return name
    return case.baseline


def _backend_selector(rn: ModuleType) -> Callable[[str | None], None]:
    def select(backend: str | None) -> None:
        if backend is not None and rn.backend != backend:
            rn.set_backend(backend)

    return select


def _record(case: Case, name: str, impl: Impl | None, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "case": case.name,
        "group": case.group,
        "table": case.table,
        "size": case.size,
        "shape": list(case.shape),
        "shape_label": shape_label(case.shape),
        "baseline": case.baseline,
        "implementation": name,
        "kind": impl.kind if impl else None,
        "backend": impl.backend if impl else None,
        "parallel": impl.parallel if impl else False,
        "status": "ok",
        "reason": None,
        "number": 0,
        "repeats": 0,
        "times_ns": [],
        "median_ns": None,
        "min_ns": None,
        "max_ns": None,
        "speedup_vs_baseline": None,
        "native_speedup": None,
        "agrees_with_baseline": None,
        "expected_difference": impl.differs if impl else None,
        "peak_bytes": None,
        "warnings": [],
    }
    record.update(fields)
    return record


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _fallback_of(impls: Mapping[str, Impl], native: Impl) -> str | None:
    for name, impl in impls.items():
        if impl.kind == "fallback" and impl.pair == native.pair:
            return name
    return None


def run_case(
    case: Case, profile: Profile, select_backend: Callable[[str | None], None]
) -> list[dict[str, Any]]:
    """Build one case, time its rows and turn the timings into records.

    Parameters
    ----------
    case : Case
        The case.
    profile : Profile
        How much to measure.
    select_backend : callable
        Switches rustybt_native's backend (see :func:`benches.timing.measure`).

    Returns
    -------
    list of dict
        One record per implementation (status "ok", "skipped", "not-run" or "error"); a case
        whose inputs could not be built gives one error record.
    """
    try:
        impls = case.build()
    except Exception as exc:  # reported in the table, the run goes on
        return [_record(case, "(case setup)", None, status="error", reason=repr(exc))]
    case = dataclasses.replace(case, baseline=effective_baseline(profile, case, impls))
    runnable = {
        name: impl
        for name, impl in impls.items()
        if impl.func is not None and _runs_at(profile, case, name, impl)
    }
    timings: dict[str, Measurement] = measure(runnable, profile, select_backend)

    base = timings.get(case.baseline)
    base_median = base.median_ns if base else None
    base_impl = impls.get(case.baseline)
    expected = (
        _normalized(base_impl, base.output)
        if base is not None and base_impl is not None and base.error is None
        else None
    )
    records = []
    for name, impl in impls.items():
        if impl.func is None:
            records.append(_record(case, name, impl, status="skipped", reason=impl.skip))
            continue
        if name not in runnable:
            reason = f"{profile.name} profile: not timed above {profile.all_rows_max_size} elements"
            records.append(_record(case, name, impl, status=report.HIDDEN_STATUS, reason=reason))
            continue
        timing = timings[name]
        if timing.error is not None or timing.median_ns is None:
            records.append(_record(case, name, impl, status="error", reason=timing.error))
            continue
        native_speedup = None
        if impl.kind == "native":
            fallback = _fallback_of(runnable, impl)
            if fallback is not None and timings[fallback].error is None:
                native_speedup = _ratio(timings[fallback].median_ns, timing.median_ns)
        agrees = None
        if expected is not None:
            try:
                agrees = agree(_normalized(impl, timing.output), expected)
            except Exception:  # an output we cannot compare is reported as such
                agrees = False
        records.append(
            _record(
                case,
                name,
                impl,
                number=timing.number,
                repeats=len(timing.times_ns),
                times_ns=[round(t, 1) for t in timing.times_ns],
                median_ns=timing.median_ns,
                min_ns=min(timing.times_ns),
                max_ns=max(timing.times_ns),
                speedup_vs_baseline=_ratio(base_median, timing.median_ns),
                native_speedup=native_speedup,
                agrees_with_baseline=agrees,
                peak_bytes=timing.peak_bytes,
                warnings=timing.warnings,
            )
        )
    return records


def overheads(cases: Sequence[Case], records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The derived figures the cases ask for (see :class:`benches.core.Overhead`), by table.

    Parameters
    ----------
    cases : sequence of Case
        The cases that ran.
    records : sequence of mapping
        Their records.

    Returns
    -------
    list of dict
        ``table``, ``label``, ``row``, ``reference``, ``category`` and ``values`` (per case:
        ``shape_label``, ``size``, ``value`` (time) and ``memory`` (peak memory), None when
        either row has no figure).
    """
    medians = {(r["case"], r["implementation"]): r["median_ns"] for r in records}
    peaks = {(r["case"], r["implementation"]): r.get("peak_bytes") for r in records}
    found: dict[tuple[str, str, str, str, str | None], list[dict[str, Any]]] = {}
    for case in cases:
        for overhead in case.overheads:
            row, reference = (case.name, overhead.row), (case.name, overhead.reference)
            ratio = _ratio(medians.get(row), medians.get(reference))
            memory = _ratio(peaks.get(row), peaks.get(reference))
            key = (case.table, overhead.label, overhead.row, overhead.reference, overhead.category)
            found.setdefault(key, []).append(
                {
                    "case": case.name,
                    "shape_label": shape_label(case.shape),
                    "size": case.size,
                    "value": None if ratio is None else ratio - 1,
                    "memory": None if memory is None else memory - 1,
                }
            )
    return [
        {
            "table": table,
            "label": label,
            "row": row,
            "reference": reference,
            "category": category,
            "values": values,
        }
        for (table, label, row, reference, category), values in found.items()
    ]


def rates(cases: Sequence[Case], records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The time-per-unit figures the cases ask for (see :class:`benches.core.Rate`).

    Parameters
    ----------
    cases : sequence of Case
        The cases that ran.
    records : sequence of mapping
        Their records.

    Returns
    -------
    list of dict
        One per case and rate: ``table``, ``case``, ``shape_label``, ``label``, ``row``,
        ``unit``, ``units``, ``per_unit_ns``, ``per_second`` and ``limit_ns`` (None figures
        when the row has no timing), and ``met`` (None without a limit or a figure).
    """
    medians = {(r["case"], r["implementation"]): r["median_ns"] for r in records}
    found = []
    for case in cases:
        for rate in case.rates:
            median = medians.get((case.name, rate.row))
            per_unit = None if not median else median / rate.units
            found.append(
                {
                    "table": case.table,
                    "case": case.name,
                    "shape_label": shape_label(case.shape),
                    "label": rate.label,
                    "row": rate.row,
                    "unit": rate.unit,
                    "units": rate.units,
                    "per_unit_ns": per_unit,
                    "per_second": None if not per_unit else 1e9 / per_unit,
                    "limit_ns": rate.limit_ns,
                    "met": None
                    if per_unit is None or rate.limit_ns is None
                    else per_unit < rate.limit_ns,
                }
            )
    return found


def _largest(values: Sequence[Mapping[str, Any]], field: str) -> float | None:
    """The figure at the largest size that has one."""
    known = [v for v in values if v.get(field) is not None]
    return max(known, key=lambda v: v["size"])[field] if known else None


def targets(derived: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The module-level Decimal overheads against the seeds' targets (:data:`TARGETS`).

    Each table's overhead counts at its largest size (where per-call costs no longer hide the
    kernel); a category's figure is the median over its tables, and its worst table is named.
    Memory takes every categorised overhead's peak-memory ratio.

    Parameters
    ----------
    derived : sequence of mapping
        From :func:`overheads`.

    Returns
    -------
    list of dict
        Per category of :data:`TARGETS`, then any other category the cases name (e.g.
        "end-to-end", without a target): ``category``, ``target`` (or None), ``value`` (None
        when no case measures it), ``worst``, ``worst_table``, ``tables`` and ``met``.
    """
    figures: dict[str, list[tuple[float, str]]] = {name: [] for name in TARGETS}
    for overhead in derived:
        category = overhead.get("category")
        if category is None:
            continue
        figures.setdefault(category, [])
        value = _largest(overhead["values"], "value")
        if value is not None:
            figures[category].append((value, overhead["table"]))
        memory = _largest(overhead["values"], "memory")
        if memory is not None:
            figures["memory"].append((memory, overhead["table"]))
    out = []
    for category, found in figures.items():
        target = TARGETS.get(category)
        value = statistics.median(v for v, _ in found) if found else None
        worst = max(found) if found else None
        out.append(
            {
                "category": category,
                "target": target,
                "value": value,
                "worst": None if worst is None else worst[0],
                "worst_table": None if worst is None else worst[1],
                "tables": len(found),
                "met": None if value is None or target is None else value <= target,
            }
        )
    return out


def write_results(payload: Mapping[str, Any], output: Path) -> tuple[Path, Path]:
    """Write the results as ``bench-<UTC timestamp>.json`` and ``latest.json``.

    Parameters
    ----------
    payload : mapping
        JSON-serializable results.
    output : Path
        Directory, created if missing.

    Returns
    -------
    tuple of Path
        The timestamped file and ``latest.json``.
    """
    output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(payload, indent=1, default=str) + "\n"
    path = output / f"bench-{stamp}.json"
    latest = output / "latest.json"
    path.write_text(text, encoding="utf-8")
    latest.write_text(text, encoding="utf-8")
    return path, latest


def run(
    profile: str = "quick",
    only: str | None = None,
    output: Path | str | None = None,
    progress: bool = True,
    stream: TextIO | None = sys.stdout,
) -> RunResult:
    """Time every registered case, print the report and write the results.

    Parameters
    ----------
    profile : {"quick", "full", "smoke", "check"}, optional
        How much to measure (see :data:`benches.profiles.PROFILES`).
    only : str, optional
        Keep only cases whose name contains this text or matches it as a shell pattern.
    output : path, optional
        Directory of the results files; ``benches/results`` by default.
    progress : bool, optional
        Draw a progress bar on stderr.
    stream : file or None, optional
        Where the report is printed; None prints nothing.

    Returns
    -------
    RunResult
        The files written, the records and the report.

    Raises
    ------
    ValueError
        For an unknown profile or a filter that matches no case.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    settings = PROFILES[profile]
    cases = all_cases(settings, only)
    if not cases:
        raise ValueError(f"no benchmark case matches {only!r}")
    rn = importlib.import_module("rustybt_native")
    meta = environment.describe(rn, settings.name)
    meta["git"] = history.git_info()
    imports = environment.import_time(settings.import_repeats)

    initial_backend = rn.backend
    select = _backend_selector(rn)
    bar = Progress(len(cases), enabled=progress)
    records: list[dict[str, Any]] = []
    case_seconds: dict[str, float] = {}
    started = perf_counter()
    try:
        for case in cases:
            bar.start(case.name)
            case_started = perf_counter()
            records.extend(run_case(case, settings, select))
            case_seconds[case.name] = round(perf_counter() - case_started, 3)
            bar.finish()
            gc.collect()  # drop the case's inputs before the next one allocates
    finally:
        bar.close()
        select(initial_backend)

    derived = overheads(cases, records)
    summary = targets(derived)
    throughput = rates(cases, records)
    text = report.format_report(meta, imports, settings, records, derived, summary, throughput)
    payload = {
        "schema": 1,
        "meta": meta,
        "import_time": imports,
        "profile": dataclasses.asdict(settings),
        "results": records,
        "overheads": derived,
        "targets": summary,
        "rates": throughput,
        "wall_seconds": round(perf_counter() - started, 1),
        "case_seconds": case_seconds,
    }
    path, latest = write_results(payload, Path(output) if output is not None else DEFAULT_OUTPUT)
    if stream is not None:
        stream.write(text)
        stream.write(f"\nresults: {path}\n")
        stream.flush()
    return RunResult(path=path, latest=latest, records=records, report=text, summary=summary)
