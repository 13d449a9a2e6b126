"""Results over time: the git state of a run, the results files, and comparing two runs.

``python -m benches compare [OLD.json NEW.json]`` compares ratios measured within each run
(``speedup_vs_baseline``, ``native_speedup`` and the derived overheads), never absolute times:
two runs minutes or days apart on a shared machine only agree on ratios.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

#: Results files written by a run (``latest.json`` is a copy of the newest one).
RESULTS_GLOB = "bench-*.json"
#: A ratio more than this much worse is flagged.
WARN = 0.05
#: A ratio more than this much worse makes ``compare`` exit with status 1.
FAIL = 0.20
#: Where results go by default (same as :data:`benches.runner.DEFAULT_OUTPUT`, without importing
#: the runner and everything it imports).
DEFAULT_RESULTS = Path(__file__).resolve().parent / "results"


def _git(args: Sequence[str], cwd: Path) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=30
    )
    return done.stdout.strip()


def git_info(repo: Path | str | None = None) -> dict[str, Any]:
    """The commit a run measured, for the ``meta`` of its results file.

    Parameters
    ----------
    repo : path, optional
        A directory inside the repository; the one holding ``benches/`` by default.

    Returns
    -------
    dict
        ``commit`` (full hash), ``short``, ``branch`` (None when detached), ``dirty`` (tracked
        files differ from the commit; untracked files do not count) and ``error`` (None when git
        answered; then the other fields are None).
    """
    cwd = Path(repo) if repo is not None else Path(__file__).resolve().parent.parent
    try:
        commit = _git(["rev-parse", "HEAD"], cwd)
        branch = _git(["rev-parse", "--abbrev-ref", "HEAD"], cwd)
        dirty = bool(_git(["status", "--porcelain", "--untracked-files=no"], cwd))
    except (OSError, subprocess.SubprocessError) as exc:
        stderr = getattr(exc, "stderr", None) or ""
        reason = stderr.strip().splitlines()[-1] if stderr.strip() else f"{type(exc).__name__}"
        return {"commit": None, "short": None, "branch": None, "dirty": None, "error": reason}
    return {
        "commit": commit,
        "short": commit[:10],
        "branch": None if branch == "HEAD" else branch,
        "dirty": dirty,
        "error": None,
    }


def results_files(results_dir: Path | str) -> list[Path]:
    """The timestamped results files in a directory, oldest first.

    Parameters
    ----------
    results_dir : path
        A results directory.

    Returns
    -------
    list of Path
        ``bench-<UTC timestamp>.json`` files; their names sort in time order.
    """
    return sorted(Path(results_dir).glob(RESULTS_GLOB))


def load(path: Path | str) -> dict[str, Any]:
    """Read one results file.

    Parameters
    ----------
    path : path
        A ``bench-*.json`` or ``latest.json``.

    Returns
    -------
    dict
        The payload.

    Raises
    ------
    ValueError
        When the file is not JSON or has no ``results`` list.
    """
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise ValueError(f"{path} is not a benchmark results file (no 'results' list)")
    return payload


def git_of(payload: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``meta.git`` mapping of a payload; empty for files written before it existed."""
    meta = payload.get("meta") or {}
    git = meta.get("git") if isinstance(meta, Mapping) else None
    return git if isinstance(git, Mapping) else {}


def run_label(payload: Mapping[str, Any]) -> str:
    """A short name for a run: ``<short commit>[+dirty] <date>``, or ``no commit <date>``.

    Parameters
    ----------
    payload : mapping
        A results payload.

    Returns
    -------
    str
        The label.
    """
    git = git_of(payload)
    meta = payload.get("meta") or {}
    date = str(meta.get("date", "?"))[:16].replace("T", " ")
    commit = git.get("short") or (str(git["commit"])[:10] if git.get("commit") else None)
    if commit is None:
        return f"no commit {date}"
    return f"{commit}{'+dirty' if git.get('dirty') else ''} {date}"


@dataclass(frozen=True)
class Figure:
    """One ratio of a run that can be compared with another run's.

    Attributes
    ----------
    metric : str
        ``vs baseline``, ``native/fallback``, or an overhead's label (``Decimal overhead``;
        ``... (memory)`` for its peak-memory ratio).
    case : str
        The case, e.g. ``indicators.sma[1d]/1e5``.
    detail : str
        The implementation, or ``row / reference`` for an overhead.
    value : float
        The figure as reported: a speedup, or an overhead ``ratio - 1``.
    cost : float
        The same figure as a cost, larger is worse: ``1 / speedup`` or ``1 + overhead``.
    """

    metric: str
    case: str
    detail: str
    value: float
    cost: float

    @property
    def key(self) -> tuple[str, str, str]:
        """What matches a figure between runs."""
        return (self.metric, self.case, self.detail)

    @property
    def is_overhead(self) -> bool:
        """Whether :attr:`value` is an overhead (``ratio - 1``) rather than a speedup."""
        return self.metric not in ("vs baseline", "native/fallback")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


#: Rows whose ``vs baseline`` is this library's doing; a peer's or numpy's ratio to the baseline
#: changes only with noise or the peer's version, so it is compared only on request.
OWN_KINDS = ("native", "fallback")


def figures(
    payload: Mapping[str, Any], all_rows: bool = False
) -> dict[tuple[str, str, str], Figure]:
    """Every comparable ratio of a run, by (metric, case, detail).

    A baseline row's own ``vs baseline`` (always 1) is left out, and so are the ``vs baseline``
    of rows other than rustybt_native's (:data:`OWN_KINDS`) unless ``all_rows``.

    Parameters
    ----------
    payload : mapping
        A results payload.
    all_rows : bool, optional
        Also take peer, numpy and plain-Python rows' ``vs baseline``.

    Returns
    -------
    dict
        Figures in the file's order.
    """
    found: dict[tuple[str, str, str], Figure] = {}

    def add(metric: str, case: str, detail: str, value: float, cost: float) -> None:
        if cost > 0:
            figure = Figure(metric, case, detail, value, cost)
            found.setdefault(figure.key, figure)

    for record in payload.get("results") or []:
        if not isinstance(record, Mapping) or record.get("status") != "ok":
            continue
        case, name = str(record.get("case")), str(record.get("implementation"))
        speedup = _number(record.get("speedup_vs_baseline"))
        own = all_rows or record.get("kind") in OWN_KINDS
        if speedup and own and name != record.get("baseline"):
            add("vs baseline", case, name, speedup, 1 / speedup)
        native = _number(record.get("native_speedup"))
        if native:
            add("native/fallback", case, name, native, 1 / native)
    for overhead in payload.get("overheads") or []:
        if not isinstance(overhead, Mapping):
            continue
        label = str(overhead.get("label", "overhead"))
        detail = f"{overhead.get('row')} / {overhead.get('reference')}"
        for item in overhead.get("values") or []:
            case = str(item.get("case", overhead.get("table")))
            for key, metric in (("value", label), ("memory", f"{label} (memory)")):
                value = _number(item.get(key))
                if value is not None:
                    add(metric, case, detail, value, 1 + value)
    return found


@dataclass(frozen=True)
class Change:
    """One figure in both runs.

    Attributes
    ----------
    old, new : Figure
        The figure in each run.
    worse_by : float
        ``new.cost / old.cost - 1``: 0.25 means the ratio got 25% worse, -0.2 that it
        improved by that much.
    flag : str
        ``REGRESSED`` (worse by more than the failure threshold), ``worse``, ``better`` or ``""``.
    """

    old: Figure
    new: Figure
    worse_by: float
    flag: str


@dataclass
class Comparison:
    """The result of :func:`compare`.

    Attributes
    ----------
    changes : list of Change
        Figures in both runs, in the new run's order.
    only_old, only_new : list of Figure
        Figures in one run only (a case added, removed or filtered out by ``--only``).
    notes : list of str
        Why the two runs may not compare (different profile, machine or versions).
    """

    changes: list[Change] = field(default_factory=list)
    only_old: list[Figure] = field(default_factory=list)
    only_new: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def regressed(self) -> list[Change]:
        """Changes past the failure threshold."""
        return [c for c in self.changes if c.flag == "REGRESSED"]

    @property
    def worse(self) -> list[Change]:
        """Changes past the warning threshold (including the regressions)."""
        return [c for c in self.changes if c.flag in ("REGRESSED", "worse")]


#: Meta fields that, when they differ, make a comparison doubtful.
_CONDITIONS = ("profile", "machine", "cpu_count", "python", "numpy", "build_profile")


def _notes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    old_meta, new_meta = old.get("meta") or {}, new.get("meta") or {}
    notes = []
    for key in _CONDITIONS:
        if old_meta.get(key) != new_meta.get(key):
            notes.append(f"{key} differs: {old_meta.get(key)} -> {new_meta.get(key)}")
    for meta in (old_meta, new_meta):
        if meta.get("profile") == "smoke":
            notes.append("a smoke run times one call: its ratios are not measurements")
            break
    old_peers, new_peers = old_meta.get("peers") or {}, new_meta.get("peers") or {}
    for name in sorted(set(old_peers) | set(new_peers)):
        if old_peers.get(name) != new_peers.get(name):
            notes.append(f"{name} differs: {old_peers.get(name)} -> {new_peers.get(name)}")
    return notes


def compare(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    warn: float = WARN,
    fail: float = FAIL,
    all_rows: bool = False,
) -> Comparison:
    """Match two runs' figures by (metric, case, detail) and flag the ones that got worse.

    Parameters
    ----------
    old, new : mapping
        Results payloads.
    warn : float, optional
        Flag a figure more than this fraction worse (default 5%).
    fail : float, optional
        Mark it ``REGRESSED`` past this fraction (default 20%).
    all_rows : bool, optional
        Also compare peer, numpy and plain-Python rows' ``vs baseline`` (see :func:`figures`).

    Returns
    -------
    Comparison
        The matched figures with their flags, the unmatched ones and notes.
    """
    before, after = figures(old, all_rows), figures(new, all_rows)
    result = Comparison(notes=_notes(old, new))
    for key, figure in after.items():
        previous = before.get(key)
        if previous is None:
            result.only_new.append(figure)
            continue
        worse_by = figure.cost / previous.cost - 1
        better_by = previous.cost / figure.cost - 1
        if worse_by > fail:
            flag = "REGRESSED"
        elif worse_by > warn:
            flag = "worse"
        elif better_by > warn:
            flag = "better"
        else:
            flag = ""
        result.changes.append(Change(previous, figure, worse_by, flag))
    result.only_old = [figure for key, figure in before.items() if key not in after]
    return result


def format_figure(figure: Figure) -> str:
    """A figure as the report prints it: ``3.41x`` or ``+12%``."""
    if figure.is_overhead:
        return f"{100 * figure.value:+,.0f}%"
    # Local import: benches.report imports nothing heavy, but keep this module standalone.
    from benches.report import format_ratio

    return format_ratio(figure.value)


def format_comparison(
    result: Comparison,
    old_name: str,
    new_name: str,
    changed_only: bool = False,
    warn: float = WARN,
    fail: float = FAIL,
) -> str:
    """The comparison as a plain-text table with a summary.

    Parameters
    ----------
    result : Comparison
        From :func:`compare`.
    old_name, new_name : str
        How to name the runs in the header.
    changed_only : bool, optional
        List only the flagged figures.
    warn, fail : float, optional
        The thresholds used, for the legend.

    Returns
    -------
    str
        The text, ending in a newline.
    """
    from benches.report import format_table

    rows = [
        [
            change.new.metric,
            change.new.case,
            change.new.detail,
            format_figure(change.old),
            format_figure(change.new),
            f"{100 * change.worse_by:+.1f}%",
            change.flag,
        ]
        for change in result.changes
        if change.flag or not changed_only
    ]
    lines = [f"old: {old_name}", f"new: {new_name}"]
    lines += [f"note: {note}" for note in result.notes]
    lines += [
        "change = how much worse the ratio got (new cost / old cost - 1, where the cost is",
        "1 / speedup or 1 + overhead); negative is better. Ratios, not times, are compared.",
        f"worse: > {100 * warn:.0f}% worse; REGRESSED: > {100 * fail:.0f}% worse (exit status 1).",
        "",
    ]
    if rows:
        headers = ["metric", "case", "row", "old", "new", "change", "flag"]
        lines += format_table(headers, rows, "<<<>>><")
        lines.append("")
    lines.append(
        f"{len(result.changes)} figures compared: {len(result.regressed)} regressed, "
        f"{len(result.worse) - len(result.regressed)} worse, "
        f"{sum(c.flag == 'better' for c in result.changes)} better; "
        f"{len(result.only_new)} only in new, {len(result.only_old)} only in old."
    )
    return "\n".join(lines) + "\n"


def latest_two(results_dir: Path | str) -> tuple[Path, Path]:
    """The two newest results files of a directory.

    Raises
    ------
    ValueError
        When there are fewer than two.
    """
    found = results_files(results_dir)
    if len(found) < 2:
        raise ValueError(
            f"need two {RESULTS_GLOB} files in {results_dir} to compare, found {len(found)}"
        )
    return found[-2], found[-1]


def compare_main(argv: Sequence[str]) -> int:
    """``python -m benches compare``: exit status 0, 1 (a regression past the threshold) or 2.

    Parameters
    ----------
    argv : sequence of str
        Arguments after ``compare``.

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m benches compare",
        description="Compare the ratios of two benchmark runs and flag the ones that got worse.",
    )
    parser.add_argument("old", nargs="?", type=Path, help="older results file")
    parser.add_argument("new", nargs="?", type=Path, help="newer results file")
    parser.add_argument(
        "--results",
        type=Path,
        default=DEFAULT_RESULTS,
        help="directory whose latest two bench-*.json are compared when no files are given",
    )
    parser.add_argument("--warn", type=float, default=WARN, help="flag past this (default 0.05)")
    parser.add_argument("--fail", type=float, default=FAIL, help="exit 1 past this (default 0.2)")
    parser.add_argument("--changed", action="store_true", help="list only flagged figures")
    parser.add_argument(
        "--all-rows",
        action="store_true",
        help="also compare the peer, numpy and plain-Python rows' ratio to the baseline",
    )
    args = parser.parse_args(list(argv))
    try:
        if args.old is None:
            old_path, new_path = latest_two(args.results)
        elif args.new is None:
            parser.error("give both OLD and NEW, or neither")
        else:
            old_path, new_path = args.old, args.new
        old, new = load(old_path), load(new_path)
    except ValueError as exc:
        print(f"python -m benches compare: {exc}", file=sys.stderr)
        return 2
    result = compare(old, new, args.warn, args.fail, args.all_rows)
    text = format_comparison(
        result,
        f"{old_path} ({run_label(old)})",
        f"{new_path} ({run_label(new)})",
        changed_only=args.changed,
        warn=args.warn,
        fail=args.fail,
    )
    sys.stdout.write(text)
    return 1 if result.regressed else 0


def geometric_mean(values: Iterable[float]) -> float | None:
    """Geometric mean of positive values; None when there are none."""
    logs = [math.log(v) for v in values if v > 0]
    return math.exp(sum(logs) / len(logs)) if logs else None


def _largest(values: Sequence[Mapping[str, Any]], key: str) -> float | None:
    """The figure at the largest size that has one (sizes from ``size`` or list order)."""
    known = [
        (index, item) for index, item in enumerate(values) if _number(item.get(key)) is not None
    ]
    if not known:
        return None
    _, item = max(known, key=lambda pair: (_number(pair[1].get("size")) or 0, pair[0]))
    return _number(item.get(key))


def category_overheads(payload: Mapping[str, Any]) -> dict[str, Optional[float]]:
    """The Decimal overhead per category of a run, as its ``targets`` list gives it.

    Files without ``targets`` but with categorised overheads get the same figure computed here
    (the median over the category's tables, each at its largest size); older files get {}.

    Parameters
    ----------
    payload : mapping
        A results payload.

    Returns
    -------
    dict
        Category to overhead (``ratio - 1``), None when the run measured none.
    """
    targets = payload.get("targets")
    if isinstance(targets, list):
        return {
            str(t["category"]): _number(t.get("value"))
            for t in targets
            if isinstance(t, Mapping) and t.get("category")
        }
    found: dict[str, list[float]] = {}
    for overhead in payload.get("overheads") or []:
        category = overhead.get("category") if isinstance(overhead, Mapping) else None
        if not category:
            continue
        value = _largest(overhead.get("values") or [], "value")
        found.setdefault(str(category), [])
        if value is not None:
            found[str(category)].append(value)
    return {name: statistics.median(v) if v else None for name, v in found.items()}


@dataclass(frozen=True)
class HistoryPoint:
    """The headline ratios of one run, for the history table and chart.

    Attributes
    ----------
    path : Path
        The results file.
    label : str
        :func:`run_label`.
    date : str
        ``meta.date``.
    commit : str or None
        Short commit, None for files written before commits were recorded.
    dirty : bool or None
        Whether the working tree had uncommitted changes.
    profile : str or None
        The suite profile.
    categories : dict
        :func:`category_overheads`.
    overhead_median : float or None
        Median over every overhead table of its value at its largest size.
    native_speedup : float or None
        Geometric mean of ``native/fallback`` over the native rows the run timed.
    native_rows : int
        How many rows that mean is over (runs with ``--only`` time fewer).
    """

    path: Path
    label: str
    date: str
    commit: Optional[str]
    dirty: Optional[bool]
    profile: Optional[str]
    categories: dict[str, Optional[float]]
    overhead_median: Optional[float]
    native_speedup: Optional[float]
    native_rows: int


def history_point(path: Path, payload: Mapping[str, Any]) -> HistoryPoint:
    """The :class:`HistoryPoint` of one payload read from ``path``."""
    git = git_of(payload)
    meta = payload.get("meta") or {}
    overheads = [
        _largest(o.get("values") or [], "value")
        for o in payload.get("overheads") or []
        if isinstance(o, Mapping)
    ]
    known = [v for v in overheads if v is not None]
    natives = [
        value
        for r in payload.get("results") or []
        if isinstance(r, Mapping) and r.get("status") == "ok"
        for value in [_number(r.get("native_speedup"))]
        if value
    ]
    commit = git.get("short") or (str(git["commit"])[:10] if git.get("commit") else None)
    return HistoryPoint(
        path=path,
        label=run_label(payload),
        date=str(meta.get("date", "")),
        commit=commit,
        dirty=git.get("dirty"),
        profile=meta.get("profile"),
        categories=category_overheads(payload),
        overhead_median=statistics.median(known) if known else None,
        native_speedup=geometric_mean(natives),
        native_rows=len(natives),
    )


def history(results_dir: Path | str) -> list[HistoryPoint]:
    """The headline ratios of every results file of a directory, oldest first.

    Unreadable files are skipped (a run interrupted while writing leaves no complete file).

    Parameters
    ----------
    results_dir : path
        A results directory.

    Returns
    -------
    list of HistoryPoint
        One per readable ``bench-*.json``.
    """
    points = []
    for path in results_files(results_dir):
        try:
            payload = load(path)
        except ValueError:
            continue
        points.append(history_point(path, payload))
    return points
