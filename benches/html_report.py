"""The static HTML report ``benches/results/report.html``: tables, charts and history.

``python -m benches report`` rebuilds it (and the PNGs) from the results files already written;
the runner calls :func:`write_report` at the end of each run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

from benches import charts
from benches.history import DEFAULT_RESULTS, HistoryPoint, history, load, results_files, run_label
from benches.report import (
    HIDDEN_STATUS,
    baseline_note,
    format_duration,
    format_rate,
    format_ratio,
)

REPORT_HTML = "report.html"

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 80em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; }
th { background: #f0f0f0; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.missed { color: #c62828; font-weight: bold; }
.met { color: #2e7d32; }
.note { color: #555; font-size: 0.9em; }
img { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0 1.5em; }
"""


def _cell(value: object, numeric: bool = False, css: str | None = None) -> str:
    classes = " ".join(c for c in ("n" if numeric else None, css) if c)
    attribute = f' class="{classes}"' if classes else ""
    return f"<td{attribute}>{escape(str(value))}</td>"


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], numeric: Sequence[bool]
) -> str:
    """An HTML table; every cell is escaped.

    Parameters
    ----------
    headers : sequence of str
        Column titles.
    rows : sequence of sequence
        Cells (``str()`` of each is shown); a cell may be a ``(text, css class)`` pair.
    numeric : sequence of bool
        Right-align the column.

    Returns
    -------
    str
        The ``<table>`` element.
    """
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for value, is_number in zip(row, numeric):
            if isinstance(value, tuple):
                cells.append(_cell(value[0], is_number, value[1]))
            else:
                cells.append(_cell(value, is_number))
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _percent(value: object) -> str:
    return f"{100 * value:+,.0f}%" if isinstance(value, (int, float)) else "-"


def _bytes(value: object) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "-"
    size = float(value)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return "-"  # unreachable: the loop returns at GiB


def _header(payload: Mapping[str, Any], source: Path) -> str:
    meta = payload.get("meta") or {}
    peers = ", ".join(f"{k} {v}" for k, v in (meta.get("peers") or {}).items())
    facts = [
        ("run", run_label(payload)),
        ("file", source.name),
        ("profile", meta.get("profile")),
        (
            "python",
            f"{meta.get('python')} ({meta.get('python_implementation')}, {meta.get('platform')})",
        ),
        ("numpy", meta.get("numpy")),
        (
            "rustybt_native",
            f"{meta.get('rustybt_native')} (build profile {meta.get('build_profile')}, "
            f"default backend {meta.get('default_backend')})",
        ),
        ("CPUs", f"{meta.get('cpu_count')} ({meta.get('cpus_usable')} usable)"),
        ("malloc", meta.get("malloc_note")),
        ("peers", peers),
    ]
    if isinstance(payload.get("wall_seconds"), (int, float)):
        facts.append(("wall time", f"{payload['wall_seconds']:.0f} s"))
    rows = [[name, "-" if value is None else value] for name, value in facts]
    return html_table(["", ""], rows, [False, False])


def _targets(payload: Mapping[str, Any]) -> str:
    entries = [t for t in payload.get("targets") or [] if isinstance(t, Mapping)]
    if not entries:
        return '<p class="note">This results file has no targets summary.</p>'
    rows = []
    for entry in entries:
        met = entry.get("met")
        verdict = ("met", "met") if met is True else ("MISSED", "missed") if met is False else "-"
        worst = entry.get("worst_table")
        rows.append(
            [
                entry.get("category"),
                _percent(entry.get("value")),
                "<" + _percent(entry.get("target")) if entry.get("target") is not None else "-",
                verdict,
                f"{_percent(entry.get('worst'))} ({worst})" if worst else "-",
                entry.get("tables", "-"),
            ]
        )
    return html_table(
        ["category", "Decimal overhead", "target", "", "worst table", "tables"],
        rows,
        [False, True, True, False, False, True],
    )


def _baseline_note(records: list[Mapping[str, Any]]) -> str:
    try:
        return baseline_note(records)
    except (KeyError, TypeError):  # an older results file
        return str(records[0].get("baseline"))


def _check(record: Mapping[str, Any]) -> object:
    if record.get("implementation") == record.get("baseline"):
        return "-"
    agrees = record.get("agrees_with_baseline")
    if agrees is False:
        return "differs*" if record.get("expected_difference") else ("DIFFERS", "missed")
    return {True: "ok", None: "-"}.get(agrees, "-")


def _function_tables(payload: Mapping[str, Any]) -> str:
    tables: dict[str, list[Mapping[str, Any]]] = {}
    for record in payload.get("results") or []:
        if isinstance(record, Mapping) and record.get("status") != HIDDEN_STATUS:
            tables.setdefault(str(record.get("table")), []).append(record)
    overheads = [o for o in payload.get("overheads") or [] if isinstance(o, Mapping)]
    rates = [r for r in payload.get("rates") or [] if isinstance(r, Mapping)]
    parts = []
    headers = ["implementation", "size", "median/call", "min/call", "repeats x loop"]
    headers += ["vs baseline", "native/fallback", "peak memory", "check"]
    numeric = [False, False, True, True, True, True, True, True, False]
    for title, records in tables.items():
        rows: list[list[object]] = []
        notes: dict[str, str] = {}
        for r in records:
            name = str(r.get("implementation")) + (" *" if r.get("parallel") else "")
            if r.get("status") != "ok":
                notes.setdefault(name, f"{r.get('status')}: {r.get('reason')}")
                rows.append([name, r.get("shape_label"), r.get("status"), "", "", "", "", "", ""])
                continue
            if r.get("expected_difference") and r.get("agrees_with_baseline") is False:
                notes.setdefault(name, f"differs as expected: {r['expected_difference']}")
            rows.append(
                [
                    name,
                    r.get("shape_label"),
                    format_duration(r["median_ns"]),
                    format_duration(r["min_ns"]) if r.get("min_ns") else "-",
                    f"{r.get('repeats')}x{r.get('number')}",
                    "baseline"
                    if r.get("implementation") == r.get("baseline")
                    else format_ratio(r.get("speedup_vs_baseline")),
                    format_ratio(r["native_speedup"]) if r.get("native_speedup") else "",
                    _bytes(r.get("peak_bytes")),
                    _check(r),
                ]
            )
        parts.append(f"<h3>{escape(title)}</h3>")
        parts.append(f'<p class="note">baseline: {escape(_baseline_note(records))}</p>')
        parts.append(html_table(headers, rows, numeric))
        for overhead in (o for o in overheads if o.get("table") == title):
            values = ", ".join(
                f"{item.get('shape_label')} {_percent(item.get('value'))}"
                for item in overhead.get("values") or []
            )
            parts.append(
                f"<p>{escape(str(overhead.get('label')))} ({escape(str(overhead.get('row')))} / "
                f"{escape(str(overhead.get('reference')))} - 1): {escape(values)}</p>"
            )
        for rate in (r for r in rates if r.get("table") == title):
            parts.append(f"<p>{escape(format_rate(rate))}</p>")
        if notes:
            items = "".join(f"<li>{escape(k)}: {escape(v)}</li>" for k, v in notes.items())
            parts.append(f'<ul class="note">{items}</ul>')
    return "\n".join(parts)


def history_table(points: Sequence[HistoryPoint]) -> str:
    """The history over runs as an HTML table: one row per results file, newest first.

    Parameters
    ----------
    points : sequence of HistoryPoint
        From :func:`benches.history.history`.

    Returns
    -------
    str
        The table, or a note when there is no run.
    """
    if not points:
        return '<p class="note">No bench-*.json files.</p>'
    categories = list(dict.fromkeys(name for p in points for name in p.categories))
    headers = ["file", "date", "commit", "profile", *categories]
    headers += ["overhead median", "native/fallback (geo. mean)"]
    rows = []
    for point in reversed(points):
        commit = "not recorded" if point.commit is None else point.commit
        if point.dirty:
            commit += " (dirty)"
        rows.append(
            [
                point.path.name,
                point.date,
                commit,
                point.profile or "-",
                *(_percent(point.categories.get(name)) for name in categories),
                _percent(point.overhead_median),
                f"{format_ratio(point.native_speedup)} over {point.native_rows} rows",
            ]
        )
    numeric = [False, False, False, False] + [True] * (len(categories) + 2)
    return html_table(headers, rows, numeric)


def render(
    payload: Mapping[str, Any],
    source: Path,
    points: Sequence[HistoryPoint],
    images: Sequence[Path],
    notes: Sequence[str],
) -> str:
    """The whole page.

    Parameters
    ----------
    payload : mapping
        The run shown (usually ``latest.json``).
    source : Path
        Its file.
    points : sequence of HistoryPoint
        Every run, oldest first.
    images : sequence of Path
        PNGs next to the page, linked by file name.
    notes : sequence of str
        Shown under the charts (what was skipped).

    Returns
    -------
    str
        HTML.
    """
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    figures = "\n".join(
        f'<img src="{escape(image.name)}" alt="{escape(image.stem)}">' for image in images
    )
    note_items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>rustybt-native benchmarks</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>rustybt-native benchmarks</h1>
<p class="note">Generated {escape(generated)} by <code>python -m benches report</code>. Every
figure is a ratio measured within one run; differences under about 1.3x are noise on shared
two-core machines. Overhead = Decimal time / float time - 1.</p>
{_header(payload, source)}
<h2>Decimal overhead against the targets</h2>
{_targets(payload)}
<h2>Charts</h2>
{figures}
{f'<ul class="note">{note_items}</ul>' if note_items else ""}
<h2>History over runs</h2>
<p class="note">Each results file's headline ratios, newest first. The native speedup is the
geometric mean of native/fallback over the rows that run timed, so runs with <code>--only</code>
are not comparable with full runs; use <code>python -m benches compare</code> for figure by
figure changes.</p>
{history_table(points)}
<h2>Tables of the latest run</h2>
<p class="note">vs baseline = baseline time / row time (&gt; 1: faster than the baseline);
native/fallback = fallback time / native time; * = uses every core.</p>
{_function_tables(payload)}
</body>
</html>
"""


def latest_results(results_dir: Path) -> Path:
    """``latest.json`` when present, else the newest ``bench-*.json``.

    Raises
    ------
    ValueError
        When the directory has neither.
    """
    latest = results_dir / "latest.json"
    if latest.exists():
        return latest
    found = results_files(results_dir)
    if not found:
        raise ValueError(f"no results files in {results_dir}: run python -m benches first")
    return found[-1]


def write_report(results_dir: Path | str) -> list[Path]:
    """Draw the charts and write ``report.html`` from the results files of a directory.

    Parameters
    ----------
    results_dir : path
        The results directory (``benches/results`` by default in the command line).

    Returns
    -------
    list of Path
        The PNGs, then ``report.html``. Without matplotlib, only the page (which says so).

    Raises
    ------
    ValueError
        When there is no results file to report on.
    """
    directory = Path(results_dir)
    source = latest_results(directory)
    payload = load(source)
    points = history(directory)
    images, notes = charts.write_charts(payload, points, directory)
    page = directory / REPORT_HTML
    page.write_text(render(payload, source, points, images, notes), encoding="utf-8")
    return [*images, page]


def report_main(argv: Sequence[str]) -> int:
    """``python -m benches report``: rebuild the PNGs and report.html; exit status 0 or 2."""
    parser = argparse.ArgumentParser(
        prog="python -m benches report",
        description="Draw the charts and write report.html from existing results files.",
    )
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="results directory")
    args = parser.parse_args(list(argv))
    missing = charts.matplotlib_missing()
    if missing is not None:
        print(f"note: {missing}")
    try:
        written = write_report(args.results)
    except ValueError as exc:
        print(f"python -m benches report: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
