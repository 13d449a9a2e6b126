"""`python -m benches compare` and the history of results files (benches/history.py).

Synthetic results files keep the expected outcome obvious; two real (trimmed) results files in
tests/data/bench/ check that files written by the runner are read as they are.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benches import history
from benches.__main__ import main as benches_main

DATA = Path(__file__).parent / "data" / "bench"


@pytest.fixture(autouse=True)
def backend() -> str:
    """These tests do not depend on the backend: run once (overrides conftest's fixture)."""
    return "both"


def record(case: str, name: str, kind: str, **fields: Any) -> dict[str, Any]:
    """A results record with the runner's fields that compare reads."""
    out: dict[str, Any] = {
        "case": case,
        "group": case.split("/")[0],
        "table": case.split("/")[0],
        "size": 1000,
        "shape_label": "1e3",
        "baseline": "numpy",
        "implementation": name,
        "kind": kind,
        "status": "ok",
        "median_ns": 1000.0,
        "speedup_vs_baseline": None,
        "native_speedup": None,
    }
    out.update(fields)
    return out


def payload(
    native_vs_baseline: float = 2.0,
    native_speedup: float = 50.0,
    overhead: float = 0.10,
    peer_vs_baseline: float = 3.0,
    **extra: Any,
) -> dict[str, Any]:
    """A small run: one case with a baseline, native, fallback and peer row, one overhead."""
    out: dict[str, Any] = {
        "schema": 1,
        "meta": {"date": "2026-11-21T18:00:00+00:00", "profile": "quick", "machine": "x86_64"},
        "results": [
            record("f/1e3", "numpy", "numpy", speedup_vs_baseline=1.0),
            record(
                "f/1e3",
                "rn native",
                "native",
                speedup_vs_baseline=native_vs_baseline,
                native_speedup=native_speedup,
            ),
            record("f/1e3", "rn fallback", "fallback", speedup_vs_baseline=0.04),
            record("f/1e3", "peer", "peer", speedup_vs_baseline=peer_vs_baseline),
            record("f/1e3", "absent", "peer", status="skipped"),
        ],
        "overheads": [
            {
                "table": "f",
                "label": "Decimal overhead",
                "row": "rn native",
                "reference": "numpy",
                "values": [{"case": "f/1e3", "shape_label": "1e3", "value": overhead}],
            }
        ],
    }
    out.update(extra)
    return out


def write(path: Path, content: dict[str, Any]) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_figures_take_ratios_of_own_rows_and_overheads_only() -> None:
    found = history.figures(payload())

    assert set(found) == {
        ("vs baseline", "f/1e3", "rn native"),
        ("native/fallback", "f/1e3", "rn native"),
        ("vs baseline", "f/1e3", "rn fallback"),
        ("Decimal overhead", "f/1e3", "rn native / numpy"),
    }
    assert found[("vs baseline", "f/1e3", "rn native")].cost == pytest.approx(0.5)
    assert found[("Decimal overhead", "f/1e3", "rn native / numpy")].cost == pytest.approx(1.1)
    with_peers = history.figures(payload(), all_rows=True)
    assert ("vs baseline", "f/1e3", "peer") in with_peers
    assert ("vs baseline", "f/1e3", "numpy") not in with_peers  # the baseline itself


def test_unchanged_runs_flag_nothing() -> None:
    result = history.compare(payload(), payload())

    assert [c.flag for c in result.changes] == ["", "", "", ""]
    assert result.regressed == []
    assert result.only_new == []
    assert result.only_old == []


def test_thresholds_flag_worse_regressed_and_better() -> None:
    # native vs baseline 2.0 -> 1.8: cost 0.5 -> 0.556, 11% worse; native/fallback 50 -> 40:
    # 25% worse; overhead 10% -> 5%: ratio 1.10 -> 1.05, better by 4.8% (under 5%: no flag).
    new = payload(native_vs_baseline=1.8, native_speedup=40.0, overhead=0.05)
    result = history.compare(payload(), new)
    flags = {c.new.metric + " " + c.new.detail: c.flag for c in result.changes}

    assert flags == {
        "vs baseline rn native": "worse",
        "native/fallback rn native": "REGRESSED",
        "vs baseline rn fallback": "",
        "Decimal overhead rn native / numpy": "",
    }
    change = next(c for c in result.changes if c.flag == "REGRESSED")
    assert change.worse_by == pytest.approx(0.25)
    assert len(result.worse) == 2
    assert len(result.regressed) == 1

    improved = history.compare(new, payload())
    assert {c.flag for c in improved.changes} == {"better", ""}
    assert improved.regressed == []


def test_overhead_compares_as_a_time_ratio() -> None:
    # 10% -> 40% overhead: 1.4 / 1.1 - 1 = 27% worse, past the 20% failure threshold.
    result = history.compare(payload(overhead=0.10), payload(overhead=0.40))
    change = next(c for c in result.changes if c.new.is_overhead)

    assert change.worse_by == pytest.approx(1.4 / 1.1 - 1)
    assert change.flag == "REGRESSED"


def test_peer_rows_are_compared_only_on_request() -> None:
    slower_peer = payload(peer_vs_baseline=1.0)  # 3x the baseline before, 1x now
    assert history.compare(payload(), slower_peer).regressed == []
    assert len(history.compare(payload(), slower_peer, all_rows=True).regressed) == 1


def test_unmatched_figures_and_changed_conditions_are_reported() -> None:
    new = payload()
    new["results"] = [r for r in new["results"] if r["implementation"] != "rn fallback"]
    new["results"].append(record("g/1e3", "rn native", "native", speedup_vs_baseline=5.0))
    new["meta"] = {**new["meta"], "profile": "full"}

    result = history.compare(payload(), new)

    assert [f.key for f in result.only_new] == [("vs baseline", "g/1e3", "rn native")]
    assert [f.key for f in result.only_old] == [("vs baseline", "f/1e3", "rn fallback")]
    assert result.notes == ["profile differs: quick -> full"]


def test_memory_overheads_and_missing_values_are_handled() -> None:
    old, new = payload(), payload()
    old["overheads"][0]["values"][0]["memory"] = 0.5
    new["overheads"][0]["values"][0]["memory"] = 1.0  # 2.0 / 1.5 - 1 = 33% worse
    new["results"][1]["native_speedup"] = None  # e.g. the fallback row was not timed
    result = history.compare(old, new)
    flags = {c.new.metric: c.flag for c in result.changes}

    assert flags["Decimal overhead (memory)"] == "REGRESSED"
    assert "native/fallback" not in flags
    assert [f.metric for f in result.only_old] == ["native/fallback"]


def test_compare_command_exit_status_and_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "bench-20261121T100000Z.json", payload())
    same = write(tmp_path / "bench-20261121T110000Z.json", payload())
    worse = write(tmp_path / "worse.json", payload(native_speedup=30.0))

    assert benches_main(["compare", str(old), str(same)]) == 0
    out = capsys.readouterr().out
    assert "4 figures compared: 0 regressed, 0 worse, 0 better" in out

    assert benches_main(["compare", str(old), str(worse), "--changed"]) == 1
    out = capsys.readouterr().out
    assert "REGRESSED" in out
    assert "+66.7%" in out
    assert "rn fallback" not in out  # --changed lists only flagged figures

    # A looser failure threshold turns the regression into a warning.
    assert benches_main(["compare", str(old), str(worse), "--fail", "0.9"]) == 0
    assert "worse" in capsys.readouterr().out


def test_compare_defaults_to_the_latest_two_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "bench-20261121T090000Z.json", payload(native_speedup=1.0))
    write(tmp_path / "bench-20261121T100000Z.json", payload())
    write(tmp_path / "bench-20261121T110000Z.json", payload())
    write(tmp_path / "latest.json", payload(native_speedup=1.0))  # never one of the two

    assert benches_main(["compare", "--results", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "bench-20261121T100000Z.json" in out
    assert "bench-20261121T110000Z.json" in out


def test_compare_needs_two_readable_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "bench-20261121T100000Z.json", payload())
    assert benches_main(["compare", "--results", str(tmp_path)]) == 2
    assert "found 1" in capsys.readouterr().err

    broken = tmp_path / "broken.json"
    broken.write_text('{"meta": {}}', encoding="utf-8")
    assert benches_main(["compare", str(broken), str(broken)]) == 2
    assert "no 'results' list" in capsys.readouterr().err


def test_real_results_files_compare(tmp_path: Path) -> None:
    files = sorted(DATA.glob("bench-*.json"))
    old, new = (history.load(path) for path in files)
    result = history.compare(old, new)

    assert len(result.changes) > 20
    assert result.only_new == []
    assert result.only_old == []
    # Each flag agrees with the change it reports.
    for change in result.changes:
        expected = (
            "REGRESSED"
            if change.worse_by > history.FAIL
            else "worse"
            if change.worse_by > history.WARN
            else change.flag
        )
        assert change.flag == expected
    text = history.format_comparison(result, "old", "new")
    assert "Decimal overhead" in text
    assert "decimal.sum/1e5" in text


def test_git_info_reads_commit_and_dirty_flag(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "bench@example.com")
    git("config", "user.name", "bench")
    (tmp_path / "a.txt").write_text("one\n", encoding="utf-8")
    git("add", "a.txt")
    git("commit", "-q", "-m", "first")

    clean = history.git_info(tmp_path)
    assert clean["error"] is None
    assert len(clean["commit"]) == 40
    assert clean["short"] == clean["commit"][:10]
    assert clean["branch"] == "main"
    assert clean["dirty"] is False

    (tmp_path / "untracked.txt").write_text("x\n", encoding="utf-8")
    assert history.git_info(tmp_path)["dirty"] is False  # untracked files do not count
    (tmp_path / "a.txt").write_text("two\n", encoding="utf-8")
    assert history.git_info(tmp_path)["dirty"] is True

    outside = history.git_info(tmp_path / "missing")
    assert outside["commit"] is None
    assert outside["error"]


def test_history_points_and_labels(tmp_path: Path) -> None:
    with_git = payload(
        targets=[
            {"category": "arithmetic", "target": 0.15, "value": 0.3, "met": False},
            {"category": "orders", "target": 0.15, "value": None, "met": None},
        ]
    )
    with_git["meta"]["git"] = {"commit": "0123456789abcdef", "short": "0123456789", "dirty": True}
    categorised = payload()
    categorised["overheads"][0]["category"] = "arithmetic"
    categorised["overheads"][0]["values"] = [
        {"case": "f/1e3", "size": 1000, "value": 9.0},
        {"case": "f/1e5", "size": 100000, "value": 0.2},  # the largest size counts
    ]
    write(tmp_path / "bench-20261121T090000Z.json", payload())
    write(tmp_path / "bench-20261121T100000Z.json", categorised)
    write(tmp_path / "bench-20261121T110000Z.json", with_git)
    (tmp_path / "bench-20261121T120000Z.json").write_text("{trunc", encoding="utf-8")

    points = history.history(tmp_path)

    assert [p.path.name[6:21] for p in points] == [
        "20261121T090000",
        "20261121T100000",
        "20261121T110000",
    ]
    assert points[0].commit is None
    assert points[0].label.startswith("no commit 2026-11-21")
    assert points[0].categories == {}
    assert points[0].overhead_median == pytest.approx(0.10)
    assert points[0].native_speedup == pytest.approx(50.0)
    assert points[0].native_rows == 1
    assert points[1].categories == {"arithmetic": pytest.approx(0.2)}
    assert points[2].categories == {"arithmetic": 0.3, "orders": None}
    assert points[2].label == "0123456789+dirty 2026-11-21 18:00"


def test_geometric_mean() -> None:
    assert history.geometric_mean([2.0, 8.0]) == pytest.approx(4.0)
    assert history.geometric_mean([]) is None


def test_compare_runs_as_a_module(tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", payload())
    new = write(tmp_path / "new.json", copy.deepcopy(payload(native_speedup=10.0)))
    done = subprocess.run(
        [sys.executable, "-m", "benches", "compare", str(old), str(new)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 1, done.stderr
    assert "REGRESSED" in done.stdout
