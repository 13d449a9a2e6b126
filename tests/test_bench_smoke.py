"""The smoke check's rules (benches/smoke.py) on synthetic runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benches import smoke


@pytest.fixture(autouse=True)
def backend() -> str:
    """No rustybt_native call here: run once (overrides conftest's per-backend fixture)."""
    return "none"


def _record(case: str, speedup: float | None = None, **fields: Any) -> dict[str, Any]:
    record = {
        "case": case,
        "implementation": "rn native",
        "status": "ok",
        "reason": None,
        "native_speedup": speedup,
        "agrees_with_baseline": True,
        "expected_difference": None,
    }
    record.update(fields)
    return record


def _summary(**values: float | None) -> list[dict[str, Any]]:
    return [
        {"category": name, "target": smoke_target, "value": values.get(name)}
        for name, smoke_target in (("arithmetic", 0.15), ("orders", 0.15), ("end-to-end", None))
    ]


BASELINE = {
    "native_speedup": {"a/1": 200.0, "b/1": 6.0, "c/1": 2.0},
    "overhead": {"arithmetic": 0.10, "orders": 4.0},
}


def test_a_clean_run_has_no_problem() -> None:
    records = [_record("a/1", 150.0), _record("b/1", 5.0), _record("c/1", 1.1)]
    assert smoke.problems(records, _summary(arithmetic=0.5, orders=9.0), BASELINE) == []


def test_errors_and_unexplained_differences_are_problems() -> None:
    records = [
        _record("a/1", status="error", reason="ValueError: boom"),
        _record("b/1", 5.0, agrees_with_baseline=False),
        _record("c/1", 1.0, agrees_with_baseline=False, expected_difference="rounding"),
    ]
    found = smoke.problems(records, _summary(), BASELINE)
    assert len(found) == 2
    assert "raised ValueError: boom" in found[0]
    assert "differs" in found[1]


def test_native_at_fallback_speed_is_caught_and_big_speedups_are_capped() -> None:
    # 200x recorded: the floor is capped at 10x, so 12x passes and 3x fails.
    assert smoke.problems([_record("a/1", 12.0)], _summary(), BASELINE) == []
    assert "a/1" in smoke.problems([_record("a/1", 3.0)], _summary(), BASELINE)[0]
    # 6x recorded: the floor is 2x; 2.1x passes, 1.0x (the fallback's own speed) fails.
    assert smoke.problems([_record("b/1", 2.1)], _summary(), BASELINE) == []
    assert smoke.problems([_record("b/1", 1.0)], _summary(), BASELINE) != []
    # Below 4x recorded nothing is checked (numpy fallbacks run close to native).
    assert smoke.problems([_record("c/1", 0.5)], _summary(), BASELINE) == []


def test_overheads_against_targets_or_recorded_misses() -> None:
    # A met target (arithmetic, recorded 10%) may reach twice 1 + target: 1.15 * 2 - 1 = 130%.
    assert smoke.problems([], _summary(arithmetic=1.25), BASELINE) == []
    assert "arithmetic" in smoke.problems([], _summary(arithmetic=1.40), BASELINE)[0]
    # A missed one (orders, recorded 400%) may reach three times 1 + recorded: 1,400%.
    assert smoke.problems([], _summary(orders=13.0), BASELINE) == []
    assert "orders" in smoke.problems([], _summary(orders=15.0), BASELINE)[0]


def test_the_baseline_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    records = [_record("a/1", 123.456), _record("a/1", 99.0), _record("x/1", None)]
    smoke.record_baseline(records, _summary(arithmetic=0.25), path)
    loaded = smoke.load_baseline(path)
    assert loaded["native_speedup"] == {"a/1": 99.0}  # the slowest native row of the case
    assert loaded["overhead"] == {"arithmetic": 0.25}
    assert smoke.load_baseline(tmp_path / "missing.json") == {
        "native_speedup": {},
        "overhead": {},
    }
