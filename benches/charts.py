"""PNG charts of a run and of the runs before it (matplotlib, imported only when drawing).

matplotlib is a development dependency, not a dependency of the suite: without it the charts
are skipped with a note and everything else still works. Figures are drawn on the Agg canvas
directly (no pyplot), so nothing here touches the user's global matplotlib backend.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Optional

from benches.history import HistoryPoint, category_overheads

#: File names of the charts, next to the results files.
OVERHEAD_PNG = "chart-overheads.png"
NATIVE_PNG = "chart-native-speedups.png"
PEERS_PNG = "chart-peers.png"
HISTORY_PNG = "chart-history.png"
#: Record kinds that count as peers in the peers chart: other libraries and plain Python.
PEER_KINDS = ("peer", "python")
#: Seeds' targets used when a results file carries no ``targets`` list (older files).
DEFAULT_TARGETS = {
    "arithmetic": 0.15,
    "metrics": 0.50,
    "aggregation": 1.00,
    "orders": 0.15,
    "portfolio": 0.30,
    "memory": 1.20,
}


def matplotlib_missing() -> str | None:
    """None when matplotlib can be imported, else a note saying the charts are skipped."""
    try:
        importlib.import_module("matplotlib")
    except ImportError:
        return "matplotlib is not installed: charts skipped (pip install matplotlib)"
    return None


def _new_figure(width: float, height: float) -> Any:
    """A matplotlib Figure on an Agg canvas (lazy import)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label, a value and, for overheads, a target."""

    label: str
    value: float
    target: float | None = None


def overhead_bars(payload: Mapping[str, Any]) -> list[Bar]:
    """Decimal overhead per category with its target, as time ratios (``1 + overhead``).

    Parameters
    ----------
    payload : mapping
        A results payload; its ``targets`` list when present, else its categorised overheads.

    Returns
    -------
    list of Bar
        Categories the run measured, in target order; value and target are ``1 + overhead``.
    """
    targets: dict[str, float | None] = dict(DEFAULT_TARGETS)
    for entry in payload.get("targets") or []:
        if isinstance(entry, Mapping) and entry.get("category"):
            target = entry.get("target")
            targets[str(entry["category"])] = (
                float(target) if isinstance(target, (int, float)) else None
            )
    bars = []
    for category, value in category_overheads(payload).items():
        if value is None:
            continue
        target = targets.get(category)
        # The memory category compares peak memory, not time: say so under its bar.
        label = "memory\n(peak bytes)" if category == "memory" else category
        bars.append(Bar(label, 1 + value, None if target is None else 1 + target))
    return bars


def _size(record: Mapping[str, Any]) -> float:
    size = record.get("size")
    return float(size) if isinstance(size, (int, float)) else 0.0


def _keep_largest(
    found: dict[tuple[str, str], tuple[float, Bar]], key: tuple[str, str], size: float, bar: Bar
) -> None:
    if key not in found or size > found[key][0]:
        found[key] = (size, bar)


def native_bars(payload: Mapping[str, Any]) -> list[Bar]:
    """``native/fallback`` per function and input path, at the largest size that has it.

    The quick profile times no fallback above 1e3 elements, so the largest size with a ratio
    can be smaller than the largest size timed; the label names it.

    Parameters
    ----------
    payload : mapping
        A results payload.

    Returns
    -------
    list of Bar
        Sorted by speedup, largest first.
    """
    found: dict[tuple[str, str], tuple[float, Bar]] = {}
    for record in payload.get("results") or []:
        speedup = record.get("native_speedup")
        if record.get("status") != "ok" or record.get("kind") != "native":
            continue
        if not isinstance(speedup, (int, float)) or speedup <= 0:
            continue
        path = str(record.get("implementation")).removeprefix("rn native ")
        label = f"{record.get('group')} {path} {record.get('shape_label', '')}".strip()
        key = (str(record.get("group")), path)
        _keep_largest(found, key, _size(record), Bar(label, float(speedup)))
    return sorted((bar for _, bar in found.values()), key=lambda bar: -bar.value)


def peer_bars(payload: Mapping[str, Any]) -> list[Bar]:
    """How much faster the fastest native row is than each peer, per function.

    The ratio is ``peer median / fastest rn native median`` within one case (same input and
    size), so > 1 means rustybt_native is faster; each function and peer is shown at the
    largest size where both ran.

    Parameters
    ----------
    payload : mapping
        A results payload.

    Returns
    -------
    list of Bar
        In the file's order.
    """
    records = [r for r in payload.get("results") or [] if r.get("status") == "ok"]
    fastest: dict[str, float] = {}
    for record in records:
        median = record.get("median_ns")
        if record.get("kind") == "native" and isinstance(median, (int, float)) and median > 0:
            case = str(record["case"])
            fastest[case] = min(fastest.get(case, float(median)), float(median))
    found: dict[tuple[str, str], tuple[float, Bar]] = {}
    for record in records:
        median = record.get("median_ns")
        case = str(record.get("case"))
        if record.get("kind") not in PEER_KINDS or case not in fastest:
            continue
        if not isinstance(median, (int, float)):
            continue
        label = f"{record.get('group')} {record.get('shape_label', '')}: {record['implementation']}"
        key = (str(record.get("group")), str(record["implementation"]))
        _keep_largest(found, key, _size(record), Bar(label, float(median) / fastest[case]))
    return [bar for _, bar in found.values()]


def _percent(ratio: float) -> str:
    return f"{100 * (ratio - 1):+,.0f}%"


def chart_overheads(payload: Mapping[str, Any], path: Path) -> Path | None:
    """Bar chart of the Decimal overhead per category, target markers beside each bar.

    Returns
    -------
    Path or None
        The PNG, or None when the run has no categorised overheads.
    """
    bars = overhead_bars(payload)
    if not bars:
        return None
    figure = _new_figure(max(6.0, 1.1 * len(bars) + 2), 4.5)
    axes = figure.add_subplot()
    positions = range(len(bars))
    colors = [
        "#888888" if b.target is None else "#2e7d32" if b.value <= b.target else "#c62828"
        for b in bars
    ]
    # Bars grow from 1 (no overhead) on a log axis: 3000% and 5% both stay readable.
    axes.bar(positions, [b.value - 1 for b in bars], bottom=1, color=colors, width=0.6)
    targets = [(i, b.target) for i, b in enumerate(bars) if b.target is not None]
    if targets:
        axes.scatter(
            [i for i, _ in targets],
            [t for _, t in targets],
            marker="_",
            s=1600,
            linewidths=3,
            color="black",
            zorder=3,
            label="target",
        )
        axes.legend(loc="upper right")
    for i, bar in enumerate(bars):
        axes.annotate(_percent(bar.value), (i, bar.value), ha="center", va="bottom", fontsize=8)
    axes.set_yscale("log")
    heights = [b.value for b in bars] + [b.target for b in bars if b.target is not None]
    axes.set_ylim(min(0.9, 0.9 * min(heights)), 1.6 * max(heights))  # room for the labels
    axes.axhline(1, color="black", linewidth=0.8)
    axes.set_xticks(list(positions), [b.label for b in bars])
    axes.set_ylabel("Decimal / float: time, or peak memory (log)")
    axes.set_title("Decimal overhead by category vs target\n(green: met, red: missed, grey: none)")
    return _save(figure, path)


def _horizontal(bars: Sequence[Bar], title: str, xlabel: str, path: Path) -> Path:
    figure = _new_figure(9.0, max(2.5, 0.22 * len(bars) + 1.2))
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    colors = ["#1565c0" if b.value >= 1 else "#c62828" for b in bars]
    axes.barh(positions, [b.value for b in bars], color=colors, height=0.7)
    axes.set_yticks(positions, [b.label for b in bars], fontsize=7)
    axes.invert_yaxis()
    axes.set_xscale("log")
    axes.axvline(1, color="black", linewidth=0.8)
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    return _save(figure, path)


def chart_native_speedups(payload: Mapping[str, Any], path: Path) -> Path | None:
    """Horizontal bars of ``native/fallback`` per function (log scale); None without data."""
    bars = native_bars(payload)
    if not bars:
        return None
    return _horizontal(
        bars,
        "What Rust buys: native vs pure-Python fallback, largest size",
        "fallback time / native time (log; > 1: native faster)",
        path,
    )


def chart_peers(payload: Mapping[str, Any], path: Path) -> Path | None:
    """Horizontal bars of peer time / fastest native time per case; None without peers."""
    bars = peer_bars(payload)
    if not bars:
        return None
    return _horizontal(
        bars,
        "Peers vs rustybt_native (its fastest row on the same case)",
        "peer time / native time (log; > 1: native faster)",
        path,
    )


def chart_history(points: Sequence[HistoryPoint], path: Path) -> Path | None:
    """Lines of the headline ratios over the runs: category overheads and native speedup.

    Returns
    -------
    Path or None
        The PNG, or None with fewer than two runs.
    """
    if len(points) < 2:
        return None
    figure = _new_figure(max(7.0, 0.5 * len(points) + 3), 7.0)
    top, bottom = figure.subplots(2, 1, sharex=True)
    x = list(range(len(points)))
    categories = list(dict.fromkeys(name for p in points for name in p.categories))
    series = [(name, [p.categories.get(name) for p in points]) for name in categories]
    series.append(("median of all overhead tables", [p.overhead_median for p in points]))
    plotted = 0
    for name, values in series:
        shown = [(i, 1 + v) for i, v in zip(x, values) if v is not None]
        if shown:
            top.plot([i for i, _ in shown], [v for _, v in shown], marker="o", label=name)
            plotted += 1
    top.set_yscale("log")
    top.axhline(1, color="black", linewidth=0.8)
    top.set_ylabel("Decimal / float (log)")
    top.set_title("Decimal overhead over runs")
    if plotted:
        top.legend(fontsize=7, loc="upper left")
    else:
        top.text(0.5, 0.5, "no overheads recorded", ha="center", transform=top.transAxes)
    natives = [(i, p.native_speedup) for i, p in zip(x, points) if p.native_speedup]
    if natives:
        bottom.plot([i for i, _ in natives], [v for _, v in natives], marker="o", color="#1565c0")
    bottom.set_yscale("log")
    bottom.set_ylabel("native/fallback, geometric mean (log)")
    bottom.set_title("Native speedup over runs (mean over the rows each run timed)")
    bottom.set_xticks(x, [p.label for p in points], rotation=45, ha="right", fontsize=7)
    return _save(figure, path)


def write_charts(
    payload: Mapping[str, Any], points: Sequence[HistoryPoint], directory: Path
) -> tuple[list[Path], list[str]]:
    """Draw every chart that has data into ``directory``.

    Parameters
    ----------
    payload : mapping
        The run to chart (usually ``latest.json``).
    points : sequence of HistoryPoint
        The runs for the history chart, oldest first.
    directory : Path
        Where the PNGs go.

    Returns
    -------
    tuple
        The PNGs written and notes on what was skipped and why.
    """
    missing = matplotlib_missing()
    if missing is not None:
        return [], [missing]
    written: list[Path] = []
    notes: list[str] = []
    drawings: list[tuple[str, Callable[[Path], Optional[Path]], str]] = [
        (OVERHEAD_PNG, partial(chart_overheads, payload), "no categorised Decimal overheads"),
        (NATIVE_PNG, partial(chart_native_speedups, payload), "no native/fallback ratios"),
        (PEERS_PNG, partial(chart_peers, payload), "no peer rows"),
        (HISTORY_PNG, partial(chart_history, points), "fewer than two runs"),
    ]
    for name, draw, why in drawings:
        try:
            made = draw(directory / name)
        except Exception as exc:  # a chart is decoration: the page and other charts go on
            notes.append(f"{name} failed: {type(exc).__name__}: {exc}")
            continue
        if made is None:
            notes.append(f"{name} not drawn: {why}")
            stale = directory / name
            if stale.exists():
                stale.unlink()  # a chart of an older run would mislead
        else:
            written.append(made)
    return written, notes
