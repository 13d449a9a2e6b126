"""Smoke test of the benchmark runner: every registered case runs once at the smallest size.

It checks that the suite works, not how fast anything is: performance claims live in the
benchmark report, never in timed tests.
"""

import json
from pathlib import Path

import pytest

from benches.cases import all_cases, matches
from benches.core import Case, Impl, Rate
from benches.profiles import PROFILES
from benches.report import baseline_note, format_rate
from benches.runner import agree, effective_baseline, rates, run


@pytest.fixture(autouse=True)
def backend() -> str:
    """Run each test once: the runner times both backends itself (overrides conftest's fixture)."""
    return "both"


def test_every_case_runs_once_and_results_are_written(tmp_path: Path) -> None:
    result = run(profile="check", output=tmp_path, progress=False, stream=None)

    assert result.path.parent == tmp_path
    assert result.latest == tmp_path / "latest.json"
    written = json.loads(result.path.read_text(encoding="utf-8"))
    assert written == json.loads(result.latest.read_text(encoding="utf-8"))

    cases = {case.name for case in all_cases(PROFILES["check"])}
    timed = [r for r in written["results"] if r["status"] == "ok"]
    assert {r["case"] for r in timed} == cases
    failed = [
        (r["case"], r["implementation"], r["reason"])
        for r in written["results"]
        if r["status"] == "error"
    ]
    assert failed == []
    assert all(r["median_ns"] > 0 and len(r["times_ns"]) == 1 for r in timed)
    # Every case timed its native and fallback rows and its baseline.
    for case in cases:
        kinds = {r["kind"] for r in timed if r["case"] == case}
        assert {"native", "fallback"} <= kinds, case
        baselines = [r for r in timed if r["case"] == case and r["implementation"] == r["baseline"]]
        assert len(baselines) == 1, case
    mismatched = [
        (r["case"], r["implementation"])
        for r in timed
        if r["agrees_with_baseline"] is False and not r["expected_difference"]
    ]
    assert mismatched == []
    assert "decimal.sum" in result.report


def test_only_filters_by_substring_and_shell_pattern() -> None:
    assert matches("indicators.sma[1d]/1e3", "sma")
    assert matches("indicators.sma[1d]/1e3", "indicators.*/1e3")
    assert not matches("decimal.sum/1e3", "sma")
    assert matches("decimal.sum/1e3", None)


def test_agreement_check_is_exact_for_decimals_and_integers() -> None:
    from decimal import Decimal

    import numpy as np

    assert agree(Decimal("1.50"), Decimal("1.5"))
    assert not agree(Decimal("1.51"), Decimal("1.5"))
    assert not agree(np.array([1, 2], dtype=np.int64), np.array([1, 3], dtype=np.int64))
    assert agree(np.array([np.nan, 1.0]), np.array([np.nan, 1.0 + 1e-12]))
    assert not agree(np.zeros(3), np.zeros(4))


def _impl(kind: str) -> Impl:
    return Impl(func=lambda: None, kind=kind)  # type: ignore[arg-type]


def _case(size: int, baseline: str) -> Case:
    return Case(
        name=f"x/{size}",
        group="x",
        table="x",
        size=size,
        shape=(size,),
        baseline=baseline,
        build=dict,
    )


def test_a_slow_baseline_is_swapped_out_only_where_the_profile_skips_slow_rows() -> None:
    quick = PROFILES["quick"]
    assert quick.all_rows_max_size is not None
    small, large = quick.all_rows_max_size, quick.all_rows_max_size + 1
    impls = {
        "fallback": _impl("fallback"),
        "native": _impl("native"),
        "talib": _impl("peer"),
        "missing peer": Impl(func=None, kind="peer", skip="not installed"),
    }
    assert effective_baseline(quick, _case(small, "fallback"), impls) == "fallback"
    assert effective_baseline(quick, _case(large, "fallback"), impls) == "talib"
    assert effective_baseline(quick, _case(large, "native"), impls) == "native"
    with_numpy = {"numpy loop": _impl("numpy"), **impls}
    assert effective_baseline(quick, _case(large, "fallback"), with_numpy) == "numpy loop"
    no_peer = {"fallback": _impl("fallback"), "native": _impl("native")}
    assert effective_baseline(quick, _case(large, "fallback"), no_peer) == "native"
    assert effective_baseline(PROFILES["full"], _case(large, "fallback"), impls) == "fallback"


def test_the_baseline_note_names_each_sizes_baseline() -> None:
    same = [{"baseline": "a", "shape_label": "1e3"}, {"baseline": "a", "shape_label": "1e6"}]
    assert baseline_note(same) == "a"
    mixed = [
        {"baseline": "fallback", "shape_label": "1e3"},
        {"baseline": "talib", "shape_label": "1e5"},
        {"baseline": "talib", "shape_label": "1e6"},
    ]
    assert baseline_note(mixed) == "fallback at 1e3; talib at 1e5, 1e6"


def test_rates_divide_the_median_by_the_units_and_judge_the_limit() -> None:
    case = Case(
        name="atc.x/5e3",
        group="atc.x",
        table="t",
        size=5_000,
        shape=(5_000,),
        baseline="rn",
        build=dict,
        rates=(
            Rate("per bar", "rn", 5_000, "bar", limit_ns=1_000.0),
            Rate("per bar", "slow", 5_000, "bar", limit_ns=1_000.0),
            Rate("throughput", "missing", 5_000, "bar"),
        ),
    )
    records = [
        {"case": case.name, "implementation": "rn", "median_ns": 2_500_000.0},
        {"case": case.name, "implementation": "slow", "median_ns": 10_000_000.0},
    ]
    fast, slow, missing = rates([case], records)
    assert fast["per_unit_ns"] == 500.0
    assert fast["per_second"] == 2_000_000.0
    assert fast["met"] is True
    assert slow["met"] is False
    assert missing["per_unit_ns"] is None
    assert missing["met"] is None
    assert format_rate(fast) == (
        "per bar (rn, 5000): 500 ns per bar, 2,000,000 bars/s (target < 1.00 us: met)"
    )
    assert format_rate(slow).endswith("(target < 1.00 us: MISSED)")
    assert format_rate(missing) == "throughput (missing, 5000): not measured"
