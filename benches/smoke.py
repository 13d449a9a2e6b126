"""The smoke check ``make test`` runs after the tests: gross breakage only, never noise.

A timed run on shared two-core machines varies by tens of percent, so the smoke check only fails
on what one run shows beyond doubt:

- a row that raised, or a result that disagrees with the baseline without an expected reason;
- a native function running at fallback speed: its native/fallback speedup fell below a third of
  the figure recorded in ``smoke_baseline.json``, or below 10x when that third is higher (only
  functions recorded at 4x or more are checked, so the floor is always above 1.3x);
- a module's Decimal overhead more than twice as bad as its target: ``1 + overhead`` above twice
  ``1 + target``. A target already missed is guarded from its recorded figure instead, with a
  factor of 3 (the smoke sizes are small, so the figure swings with the machine's load): the
  report shows it as missed, and this check stops it from getting much worse.

``python -m benches --profile smoke --record-baseline`` rewrites the baseline from a run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).resolve().parent / "smoke_baseline.json"
#: Functions whose recorded native speedup is below this are not checked (numpy fallbacks).
MIN_CHECKED_SPEEDUP = 4.0
#: The speedup may fall to this fraction of its recorded value before the check fails...
SPEEDUP_FRACTION = 1 / 3
#: ...but never needs to stay above this: a native function 10x faster than its fallback is not
#: "running at fallback speed", and speedups in the hundreds swing by 3x with the machine's load.
FLOOR_CAP = 10.0
#: A module's ``1 + overhead`` may grow to this multiple of ``1 + target``...
OVERHEAD_FACTOR = 2.0
#: ...or, for a target already missed, to this multiple of ``1 + recorded``: at the smoke sizes
#: per-call costs dominate and the figure swings by 2x with the machine's load.
MISSED_OVERHEAD_FACTOR = 3.0


def _speedups(records: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """The lowest native speedup of each case's native rows, by case."""
    found: dict[str, float] = {}
    for record in records:
        speedup = record.get("native_speedup")
        if record["status"] == "ok" and speedup:
            found[record["case"]] = min(speedup, found.get(record["case"], speedup))
    return found


def _overheads(summary: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    return {item["category"]: item["value"] for item in summary if item["value"] is not None}


def record_baseline(
    records: Sequence[Mapping[str, Any]],
    summary: Sequence[Mapping[str, Any]],
    path: Path = BASELINE,
) -> Path:
    """Write the figures later smoke runs are checked against.

    Parameters
    ----------
    records : sequence of mapping
        A smoke run's records.
    summary : sequence of mapping
        Its module-level summary (:func:`benches.runner.targets`).
    path : Path, optional
        Where to write (``benches/smoke_baseline.json`` by default).

    Returns
    -------
    Path
        The file written.
    """
    payload = {
        "native_speedup": {k: round(v, 2) for k, v in sorted(_speedups(records).items())},
        "overhead": {k: round(v, 3) for k, v in _overheads(summary).items()},
    }
    path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return path


def load_baseline(path: Path = BASELINE) -> dict[str, dict[str, float]]:
    """The recorded figures; empty tables when the file is missing.

    Parameters
    ----------
    path : Path, optional
        The baseline file.

    Returns
    -------
    dict
        ``native_speedup`` by case and ``overhead`` by module.
    """
    if not path.exists():
        return {"native_speedup": {}, "overhead": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"native_speedup": data.get("native_speedup", {}), "overhead": data.get("overhead", {})}


def problems(
    records: Sequence[Mapping[str, Any]],
    summary: Sequence[Mapping[str, Any]],
    baseline: Mapping[str, Mapping[str, float]],
) -> list[str]:
    """Gross breakage in a run, one message per problem.

    Parameters
    ----------
    records : sequence of mapping
        The run's records.
    summary : sequence of mapping
        Its module-level summary, with each module's ``target``.
    baseline : mapping
        From :func:`load_baseline`.

    Returns
    -------
    list of str
        Empty when the run shows no gross breakage.
    """
    found = []
    for record in records:
        where = f"{record['case']} / {record['implementation']}"
        if record["status"] == "error":
            found.append(f"{where}: raised {record['reason']}")
        elif record.get("agrees_with_baseline") is False and not record.get("expected_difference"):
            found.append(f"{where}: result differs from the baseline's")
    measured = _speedups(records)
    for case, recorded in sorted(baseline["native_speedup"].items()):
        if recorded < MIN_CHECKED_SPEEDUP or case not in measured:
            continue
        floor = min(recorded * SPEEDUP_FRACTION, FLOOR_CAP)
        if measured[case] < floor:
            found.append(
                f"{case}: native is only {measured[case]:.2f}x its fallback (recorded "
                f"{recorded:.1f}x, floor {floor:.2f}x): is the native path still taken?"
            )
    for item in summary:
        value, target = item["value"], item["target"]
        if value is None or target is None:
            continue
        recorded = baseline["overhead"].get(item["category"], target)
        allowed, factor = (
            (target, OVERHEAD_FACTOR) if recorded <= target else (recorded, MISSED_OVERHEAD_FACTOR)
        )
        if 1 + value > factor * (1 + allowed):
            found.append(
                f"{item['category']}: Decimal overhead {100 * value:+.0f}% is more than "
                f"{factor:g}x as bad as {100 * allowed:+.0f}% (target {100 * target:.0f}%)"
            )
    return found
