"""Golden vectors from the peers (TA-Lib, empyrical, polars, Python's decimal), bit for bit.

The same files in crates/*/tests/data/ are checked by the Rust crates' `cargo test`; they are
written by tools/make_golden.py. The conftest runs every test here on both backends.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
import rustybt_native as rn

CRATES = Path(__file__).resolve().parents[1] / "crates"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def grouped(path: Path, key: str) -> dict[str, list[dict[str, str]]]:
    """Rows of ``path`` by the value of column ``key``, in file order."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_rows(path):
        groups[row[key]].append(row)
    return dict(groups)


SMA = grouped(CRATES / "indicators/tests/data/sma_talib.csv", "period")
BUCKETS = grouped(CRATES / "aggregation/tests/data/buckets_polars.csv", "every")
SHARPE_CASES = read_rows(CRATES / "metrics/tests/data/sharpe_cases.csv")
SHARPE_RETURNS = grouped(CRATES / "metrics/tests/data/sharpe_returns.csv", "series_id")
SUM_VALUES = grouped(CRATES / "decimal-core/tests/data/sums_python.csv", "case_id")
SUM_EXPECTED = read_rows(CRATES / "decimal-core/tests/data/sums_expected.csv")


@pytest.mark.parametrize("period", list(SMA))
def test_sma_matches_talib(period: str) -> None:
    rows = SMA[period]
    assert [int(r["index"]) for r in rows] == list(range(len(rows)))
    values = np.array([float(r["input"]) for r in rows])
    expected = np.array([float(r["expected"]) for r in rows])
    np.testing.assert_array_equal(rn.indicators.sma(values, int(period)), expected)


def test_sharpe_ratio_matches_empyrical() -> None:
    assert len(SHARPE_CASES) >= 16
    for case in SHARPE_CASES:
        # A series without rows is the empty series.
        returns = np.array(
            [float(r["value"]) for r in SHARPE_RETURNS.get(case["series_id"], [])],
            dtype=np.float64,
        )
        got = rn.metrics.sharpe_ratio(
            returns,
            risk_free=float(case["risk_free"]),
            annualization=rn.metrics.ANNUALIZATION_FACTORS[case["period"]],
        )
        by_name = rn.metrics.sharpe_ratio(
            returns, risk_free=float(case["risk_free"]), period=case["period"]
        )
        expected = float(case["expected"])
        np.testing.assert_array_equal(got, expected, err_msg=f"case {case}")
        np.testing.assert_array_equal(by_name, expected, err_msg=f"case {case}")


@pytest.mark.parametrize("every", list(BUCKETS))
def test_bucket_starts_match_polars_truncate(every: str) -> None:
    rows = BUCKETS[every]
    timestamps = np.array([int(r["timestamp"]) for r in rows], dtype=np.int64)
    expected = np.array([int(r["expected"]) for r in rows], dtype=np.int64)
    assert (timestamps < 0).any()
    got = rn.aggregation.bucket_starts(timestamps, every)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, expected)


def test_decimal_sum_matches_python_decimal() -> None:
    assert len(SUM_EXPECTED) >= 10
    for case in SUM_EXPECTED:
        # A case without value rows is the empty list.
        values = [r["value"] for r in SUM_VALUES.get(case["case_id"], [])]
        got = rn.decimal.sum(values)
        assert str(got) == case["expected"], (case["case_id"], values)
