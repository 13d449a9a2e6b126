"""The plain-text report: a header, then one aligned table per function."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from benches.profiles import Profile

#: Rows whose status is "not-run" were left out by the profile; the legend says so once.
HIDDEN_STATUS = "not-run"


def format_duration(ns: float) -> str:
    """A duration with three significant digits and a unit: 812 ns, 12.3 us, 4.50 ms, 1.23 s.

    Parameters
    ----------
    ns : float
        Nanoseconds.

    Returns
    -------
    str
        The formatted duration.
    """
    value, unit = ns, "ns"
    for name, scale in (("s", 1e9), ("ms", 1e6), ("us", 1e3)):
        if ns >= scale:
            value, unit = ns / scale, name
            break
    decimals = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:.{decimals}f} {unit}"


def format_ratio(ratio: float | None) -> str:
    """A speedup like "0.0028x", "0.52x", "3.41x", "12.3x" or "1024x"; "-" when unknown.

    Parameters
    ----------
    ratio : float or None
        The ratio.

    Returns
    -------
    str
        The formatted ratio.
    """
    if ratio is None:
        return "-"
    if ratio >= 100:
        return f"{ratio:.0f}x"
    if ratio >= 10:
        return f"{ratio:.1f}x"
    if ratio >= 1:
        return f"{ratio:.2f}x"
    return f"{ratio:.2g}x"  # two significant digits keep 0.0028x from reading as 0.00x


def format_bytes(size: int | None) -> str:
    """A memory size like "812 B", "12.3 KiB" or "7.63 MiB"; "-" when unknown.

    Parameters
    ----------
    size : int or None
        Bytes.

    Returns
    -------
    str
        The formatted size.
    """
    if size is None:
        return "-"
    value, unit = float(size), "B"
    for name, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            value, unit = size / scale, name
            break
    decimals = 0 if value >= 100 or unit == "B" else 1 if value >= 10 else 2
    return f"{value:.{decimals}f} {unit}"


def _spread(record: Mapping[str, Any]) -> str:
    """The repeats' range around the median, e.g. "-2%/+5%"; "" for a single repeat."""
    low, high, median = record.get("min_ns"), record.get("max_ns"), record["median_ns"]
    if low is None or high is None or not median or record["repeats"] < 2:
        return ""
    return f"-{100 * (median - low) / median:.0f}%/+{100 * (high - median) / median:.0f}%"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:+,.0f}%"


def format_targets(summary: Sequence[Mapping[str, Any]]) -> list[str]:
    """The module-level Decimal overhead table, each figure beside the seeds' target.

    Parameters
    ----------
    summary : sequence of mapping
        From :func:`benches.runner.targets`.

    Returns
    -------
    list of str
        Title, table and a note on how the figures are made.
    """
    rows = []
    for item in summary:
        status = {True: "met", False: "MISSED", None: "not measured"}[item["met"]]
        if item["target"] is None and item["value"] is not None:
            status = "no target"
        worst = "" if item["worst_table"] is None else item["worst_table"].split(" - ")[0]
        rows.append(
            [
                item["category"],
                _percent(item["value"]),
                "-" if item["target"] is None else f"< {100 * item['target']:.0f}%",
                status,
                str(item["tables"]),
                "" if item["worst"] is None else f"{_percent(item['worst'])} {worst}",
            ]
        )
    return [
        "Decimal overhead vs float64, module by module (time(Decimal) / time(float) - 1; memory:"
        " peak memory)",
        "",
        *format_table(
            ["module", "overhead", "seeds' target", "status", "tables", "worst"], rows, "<>><><"
        ),
        "Each table counts at its largest size; a module's figure is the median over its tables.",
    ]


def format_native_speedups(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """What Rust buys you: native over fallback time per function, at the largest size timed.

    Parameters
    ----------
    records : sequence of mapping
        The run's records.

    Returns
    -------
    list of str
        Title and table (empty when no native row has a fallback beside it).
    """
    best: dict[str, Mapping[str, Any]] = {}
    for record in records:
        if record["status"] != "ok" or not record.get("native_speedup"):
            continue
        kept = best.get(record["group"])
        if kept is None or record["size"] >= kept["size"]:
            best[record["group"]] = record
    if not best:
        return []
    rows = [
        [
            group,
            record["implementation"],
            record["shape_label"],
            format_ratio(record["native_speedup"]),
        ]
        for group, record in sorted(best.items())
    ]
    return [
        "What Rust buys you: rn native vs the pure-Python fallback on the same input",
        "",
        *format_table(["function", "row", "size", "native/fallback"], rows, "<<>>"),
    ]


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """Lines of an aligned plain-text table.

    Parameters
    ----------
    headers : sequence of str
        Column titles.
    rows : sequence of sequence of str
        Cells; an empty row prints as a blank line.
    align : str
        One "<" (left) or ">" (right) per column.

    Returns
    -------
    list of str
        The header, a rule, then the rows.
    """
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.ljust(width) if side == "<" else cell.rjust(width)
            for cell, width, side in zip(cells, widths, align)
        )
        return "  ".join(padded).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(row) if row else "" for row in rows)
    return out


def _header(meta: Mapping[str, Any], imports: Mapping[str, Any], profile: Profile) -> list[str]:
    peers = ", ".join(f"{name} {version}" for name, version in meta["peers"].items())
    lines = [
        f"rustybt-native benchmarks - profile {profile.name} - {meta['date']}",
        f"python {meta['python']} ({meta['python_implementation']}, {meta['platform']}), "
        f"numpy {meta['numpy']}",
        f"rustybt_native {meta['rustybt_native']} (build profile: {meta['build_profile']}, "
        f"default backend: {meta['default_backend']})",
        f"CPUs: {meta['cpu_count']} ({meta['cpus_usable']} usable by this process)",
        f"malloc: {meta['malloc_note']}",
        f"peers: {peers}",
    ]
    if "debug" in str(meta["build_profile"]).lower():
        lines.append("WARNING: rustybt_native is a debug build; native timings mean nothing.")
    if imports.get("error"):
        lines.append(f"import rustybt_native: failed ({imports['error']})")
    else:
        lines.append(
            f"import rustybt_native: {imports['rustybt_native_ms']:.1f} ms cumulative, of which "
            f"numpy {imports['numpy_ms']:.1f} ms (python -X importtime, median of "
            f"{imports['runs']} fresh interpreters)"
        )
    repeats = (
        "1 call, 1 repeat (a check that every case runs, not a measurement)"
        if profile.repeat_target_ns == 0
        else f"warm-up, each repeat looped to >= {profile.repeat_target_ns / 1e6:.0f} ms, median of"
        f" up to {profile.repeats} repeats taken round-robin across rows, gc off while timing"
    )
    lines.append(f"timing: {repeats}")
    return lines


def _legend(meta: Mapping[str, Any], profile: Profile) -> list[str]:
    threads = meta.get("polars_threads") or meta["cpu_count"]
    lines = [
        "vs baseline = baseline time / row time, so > 1 means faster than the table's baseline;",
        "native/fallback = rn fallback time / rn native time on the same input path.",
        "Differences under about 1.3x are noise on shared two-core machines.",
        f"* = uses every core (polars thread pool: {threads}); numpy, pandas and TA-Lib use one.",
        "check = output agrees with the baseline's (Decimals exactly, floats to rtol 1e-8).",
    ]
    if profile.all_rows_max_size is not None:
        lines.append(
            f"Above {profile.all_rows_max_size:,} elements the {profile.name} profile times the"
            " fallback and Python-loop rows not at all (where one is a table's baseline,"
            " a numpy row, a peer or the native row stands in, named per size)"
            + (
                f"; above {profile.peer_max_size:,} it times peers only as baselines"
                if profile.peer_max_size is not None
                else ""
            )
            + " (--profile full times all)."
        )
    return lines


def baseline_note(records: Sequence[Mapping[str, Any]]) -> str:
    """The table's baseline, or each size's where a profile swapped a slow baseline out.

    Parameters
    ----------
    records : sequence of mapping
        The table's records, in size order.

    Returns
    -------
    str
        E.g. "rn fallback (1-D)", or "rn fallback (1-D) at 1e3; talib.EMA at 1e5, 1e6".
    """
    sizes: dict[str, list[str]] = {}
    for record in records:
        labels = sizes.setdefault(str(record["baseline"]), [])
        if record["shape_label"] not in labels:
            labels.append(record["shape_label"])
    if len(sizes) == 1:
        return next(iter(sizes))
    return "; ".join(f"{name} at {', '.join(labels)}" for name, labels in sizes.items())


def _table(
    title: str, records: Sequence[Mapping[str, Any]], overheads: Sequence[Mapping[str, Any]]
) -> list[str]:
    headers = ["implementation", "size", "median/call", "min-max", "repeats x loop", "vs baseline"]
    headers += ["native/fallback", "peak mem", "check"]
    rows: list[list[str]] = []
    notes: dict[str, str] = {}
    previous_size = None
    for record in records:
        if record["status"] == HIDDEN_STATUS:
            continue
        if previous_size is not None and record["shape_label"] != previous_size:
            rows.append([])
        previous_size = record["shape_label"]
        name = record["implementation"] + (" *" if record["parallel"] else "")
        if record["status"] != "ok":
            notes.setdefault(record["implementation"], f"{record['status']}: {record['reason']}")
            rows.append([name, record["shape_label"], record["status"], "", "", "", "", "", ""])
            continue
        if record["warnings"]:
            notes.setdefault(record["implementation"], "warned: " + "; ".join(record["warnings"]))
        check = {True: "ok", False: "DIFFERS", None: "-"}[record["agrees_with_baseline"]]
        if record["agrees_with_baseline"] is False and record.get("expected_difference"):
            check = "differs*"
            notes.setdefault(
                record["implementation"], f"differs as expected: {record['expected_difference']}"
            )
        is_baseline = record["implementation"] == record["baseline"]
        if is_baseline:
            check = "-"
        rows.append(
            [
                name,
                record["shape_label"],
                format_duration(record["median_ns"]),
                _spread(record),
                f"{record['repeats']}x{record['number']}",
                "baseline" if is_baseline else format_ratio(record["speedup_vs_baseline"]),
                format_ratio(record["native_speedup"]) if record["native_speedup"] else "",
                format_bytes(record.get("peak_bytes")),
                check,
            ]
        )
    lines = [title, f"baseline: {baseline_note(records)}", ""]
    lines += format_table(headers, rows, "<<>>>>>><")
    for overhead in overheads:
        values = ", ".join(
            f"{item['shape_label']} {_percent(item['value'])}" for item in overhead["values"]
        )
        lines.append(
            f"{overhead['label']} ({overhead['row']} / {overhead['reference']} - 1): {values}"
        )
        memory = [item for item in overhead["values"] if item.get("memory") is not None]
        if memory:
            lines.append(
                "  peak memory: "
                + ", ".join(f"{item['shape_label']} {_percent(item['memory'])}" for item in memory)
            )
    lines += [f"  {name}: {note}" for name, note in notes.items()]
    return lines


def format_rate(rate: Mapping[str, Any]) -> str:
    """One time-per-unit line under a table.

    E.g. "per update (rn native (stream), 5e3): 6.10 us per bar, 163,934 bars/s (target <
    20.0 us: met)".

    Parameters
    ----------
    rate : mapping
        From :func:`benches.runner.rates`.

    Returns
    -------
    str
        The line.
    """
    head = f"{rate['label']} ({rate['row']}, {rate['shape_label']}): "
    if rate["per_unit_ns"] is None:
        return head + "not measured"
    text = (
        head + f"{format_duration(rate['per_unit_ns'])} per {rate['unit']}, "
        f"{rate['per_second']:,.0f} {rate['unit']}s/s"
    )
    if rate["limit_ns"] is not None:
        status = "met" if rate["met"] else "MISSED"
        text += f" (target < {format_duration(rate['limit_ns'])}: {status})"
    return text


def format_report(
    meta: Mapping[str, Any],
    imports: Mapping[str, Any],
    profile: Profile,
    records: Sequence[Mapping[str, Any]],
    overheads: Sequence[Mapping[str, Any]],
    targets: Sequence[Mapping[str, Any]] = (),
    rates: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The whole report.

    Parameters
    ----------
    meta : mapping
        From :func:`benches.environment.describe`.
    imports : mapping
        From :func:`benches.environment.import_time`.
    profile : Profile
        The profile that ran.
    records : sequence of mapping
        One per case and implementation, in run order (see :mod:`benches.runner`).
    overheads : sequence of mapping
        Derived figures by table: ``table``, ``label``, ``row``, ``reference`` and ``values``.
    targets : sequence of mapping, optional
        The module-level summary (:func:`benches.runner.targets`), printed first.
    rates : sequence of mapping, optional
        Time-per-unit figures (:func:`benches.runner.rates`), printed under their tables.

    Returns
    -------
    str
        The report, ending in a newline.
    """
    lines = [*_header(meta, imports, profile), "", *_legend(meta, profile)]
    if targets:
        lines += ["", "", *format_targets(targets)]
    speedups = format_native_speedups(records)
    if speedups:
        lines += ["", "", *speedups]
    tables: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        tables.setdefault(record["table"], []).append(record)
    for title, rows in tables.items():
        lines += ["", ""]
        lines += _table(title, rows, [o for o in overheads if o["table"] == title])
        lines += [format_rate(r) for r in rates if r["table"] == title]
    return "\n".join(lines) + "\n"
