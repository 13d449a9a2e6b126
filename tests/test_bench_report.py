"""Charts (benches/charts.py) and the HTML report (benches/html_report.py)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from benches import charts, html_report
from benches.__main__ import main as benches_main
from benches.history import history

DATA = Path(__file__).parent / "data" / "bench"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def backend() -> str:
    """These tests do not depend on the backend: run once (overrides conftest's fixture)."""
    return "both"


def row(
    case: str, size: int, name: str, kind: str, median: float | None, **fields: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "case": f"{case}/{size}",
        "group": case,
        "table": f"{case} - <b>table</b>",
        "size": size,
        "shape_label": f"{size}",
        "baseline": "numpy",
        "implementation": name,
        "kind": kind,
        "parallel": False,
        "status": "ok",
        "reason": None,
        "number": 10,
        "repeats": 3,
        "median_ns": median,
        "min_ns": None if median is None else median * 0.9,
        "speedup_vs_baseline": None,
        "native_speedup": None,
        "agrees_with_baseline": True,
        "expected_difference": None,
        "warnings": [],
    }
    out.update(fields)
    return out


def run_payload() -> dict[str, Any]:
    """Two sizes of one function; at the larger one the fallback and peer were not timed."""
    return {
        "schema": 1,
        "meta": {
            "date": "2026-11-21T19:00:00+00:00",
            "profile": "quick",
            "peers": {"talib": "0.8.2"},
            "git": {"commit": "feedbeef00112233", "short": "feedbeef00", "dirty": False},
        },
        "results": [
            row("f", 1000, "numpy", "numpy", 2000.0),
            row("f", 1000, "rn native (a)", "native", 1000.0, native_speedup=40.0),
            row("f", 1000, "rn native (b)", "native", 500.0, native_speedup=80.0),
            row("f", 1000, "rn fallback (a)", "fallback", 40000.0),
            row("f", 1000, "talib.F", "peer", 1500.0, peak_bytes=4096),
            row("f", 1000, "<script>alert(1)</script>", "peer", 0, status="skipped"),
            row("f", 100000, "numpy", "numpy", 2e5),
            row("f", 100000, "rn native (a)", "native", 1e5, native_speedup=60.0),
            row("f", 100000, "rn fallback (a)", "fallback", 6e6),
            row("f", 1000000, "numpy", "numpy", 2e6),
            row("f", 1000000, "rn native (a)", "native", 1e6),
            row("f", 1000000, "rn fallback (a)", "fallback", None, status="not-run"),
        ],
        "overheads": [
            {
                "table": "f - <b>table</b>",
                "label": "Decimal overhead",
                "row": "rn native (a)",
                "reference": "numpy",
                "category": "arithmetic",
                "values": [{"case": "f/1000", "shape_label": "1000", "size": 1000, "value": 0.5}],
            }
        ],
        "targets": [
            {"category": "arithmetic", "target": 0.15, "value": 0.5, "met": False, "tables": 1},
            {"category": "metrics", "target": 0.5, "value": 0.2, "met": True, "tables": 1},
            {"category": "orders", "target": 0.15, "value": None, "met": None, "tables": 0},
            {"category": "memory", "target": 1.2, "value": 0.25, "met": True, "tables": 1},
            {"category": "end-to-end", "target": None, "value": 0.8, "met": None, "tables": 1},
        ],
    }


def test_overhead_bars_follow_the_targets_list() -> None:
    bars = charts.overhead_bars(run_payload())

    assert [(b.label, b.value, b.target) for b in bars] == [
        ("arithmetic", 1.5, pytest.approx(1.15)),
        ("metrics", 1.2, 1.5),
        ("memory\n(peak bytes)", 1.25, 2.2),
        ("end-to-end", 1.8, None),  # no target: drawn grey, without a marker
    ]
    old_file = json.loads((DATA / "bench-20261121T153931Z.json").read_text(encoding="utf-8"))
    assert charts.overhead_bars(old_file) == []  # no categories before the targets existed


def test_native_bars_use_the_largest_size_with_a_ratio() -> None:
    bars = charts.native_bars(run_payload())

    assert [(b.label, b.value) for b in bars] == [
        ("f (b) 1000", 80.0),
        ("f (a) 100000", 60.0),
    ]


def test_peer_bars_compare_with_the_fastest_native_row() -> None:
    bars = charts.peer_bars(run_payload())

    assert [(b.label, b.value) for b in bars] == [("f 1000: talib.F", 3.0)]  # 1500 / 500


def test_write_report_draws_charts_and_page(tmp_path: Path) -> None:
    for path in DATA.glob("bench-*.json"):
        shutil.copy(path, tmp_path / path.name)
    latest = run_payload()
    (tmp_path / "bench-20261121T190000Z.json").write_text(json.dumps(latest), encoding="utf-8")
    (tmp_path / "latest.json").write_text(json.dumps(latest), encoding="utf-8")

    written = html_report.write_report(tmp_path)

    names = [path.name for path in written]
    assert names == [
        charts.OVERHEAD_PNG,
        charts.NATIVE_PNG,
        charts.PEERS_PNG,
        charts.HISTORY_PNG,
        html_report.REPORT_HTML,
    ]
    for path in written[:-1]:
        assert path.read_bytes().startswith(PNG_MAGIC)
    page = written[-1].read_text(encoding="utf-8")
    for name in names[:-1]:
        assert f'<img src="{name}"' in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "f - &lt;b&gt;table&lt;/b&gt;" in page
    assert "MISSED" in page
    assert "4.0 KiB" in page
    # The history table: newest first, commits where recorded.
    assert page.index("feedbeef00") < page.index("bench-20261121T154756Z.json")
    assert page.count("not recorded") == 2


def test_charts_without_data_are_skipped_and_stale_ones_removed(tmp_path: Path) -> None:
    stale = tmp_path / charts.OVERHEAD_PNG
    stale.write_bytes(b"old")
    old_file = json.loads((DATA / "bench-20261121T153931Z.json").read_text(encoding="utf-8"))

    written, notes = charts.write_charts(old_file, [], tmp_path)

    assert [p.name for p in written] == [charts.NATIVE_PNG, charts.PEERS_PNG]
    assert not stale.exists()
    assert any("chart-history.png not drawn: fewer than two runs" in n for n in notes)


def test_a_failing_chart_is_a_note_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(payload: object, path: Path) -> Path:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(charts, "chart_peers", broken)
    written, notes = charts.write_charts(run_payload(), [], tmp_path)

    assert charts.PEERS_PNG not in [p.name for p in written]
    assert f"{charts.PEERS_PNG} failed: RuntimeError: no fonts" in notes
    assert charts.NATIVE_PNG in [p.name for p in written]


def test_report_without_matplotlib_still_writes_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    (tmp_path / "latest.json").write_text(json.dumps(run_payload()), encoding="utf-8")

    written = html_report.write_report(tmp_path)

    assert [p.name for p in written] == [html_report.REPORT_HTML]
    assert "matplotlib is not installed: charts skipped" in written[0].read_text(encoding="utf-8")


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert benches_main(["report", "--results", str(tmp_path)]) == 2
    assert "no results files" in capsys.readouterr().err

    shutil.copy(DATA / "bench-20261121T154756Z.json", tmp_path)
    assert benches_main(["report", "--results", str(tmp_path)]) == 0
    out = capsys.readouterr().out.split()
    assert out[-1] == str(tmp_path / html_report.REPORT_HTML)
    assert (tmp_path / html_report.REPORT_HTML).exists()


def test_history_table_escapes_and_orders() -> None:
    points = history(DATA)
    table = html_report.history_table(points)

    assert table.index("bench-20261121T154756Z.json") < table.index("bench-20261121T153931Z.json")
    assert html_report.history_table([]) == '<p class="note">No bench-*.json files.</p>'


def test_history_chart_of_runs_without_overheads(tmp_path: Path) -> None:
    for stamp in ("20261121T100000Z", "20261121T110000Z"):
        plain = run_payload()
        plain["overheads"], plain["targets"] = [], []
        (tmp_path / f"bench-{stamp}.json").write_text(json.dumps(plain), encoding="utf-8")

    # pytest turns warnings into errors: an empty legend would fail here.
    drawn = charts.chart_history(history(tmp_path), tmp_path / charts.HISTORY_PNG)

    assert drawn is not None
    assert drawn.read_bytes().startswith(PNG_MAGIC)
