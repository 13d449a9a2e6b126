"""Write the golden vectors in crates/*/tests/data/ from the peers rustybt-native promises to match.

The files are read by both `cargo test` (crates/*/tests/golden.rs) and pytest
(tests/test_golden.py), and compared bit for bit. Run from anywhere:

    .venv/bin/python tools/make_golden.py

Everything is seeded, so a rerun with the same peers writes the same bytes; a diff after a peer
upgrade is a change in the peer worth reading. Peers: TA-Lib (``SMA``), empyrical
(``sharpe_ratio``), polars (``dt.truncate``) and Python's ``decimal`` module (``sum``).
Floats are written with ``repr`` (the shortest text that round-trips), NaN and infinities as
``nan``, ``inf`` and ``-inf``.
"""

from __future__ import annotations

import csv
import decimal
import random
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import empyrical
import numpy as np
import polars as pl
import talib

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240601


def fmt_float(x: float) -> str:
    """Shortest round-trip text; ``nan``, ``inf``, ``-inf`` for the non-finite values."""
    x = float(x)
    if np.isnan(x):
        return "nan"
    return repr(x)  # repr gives 'inf' / '-inf' for infinities


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


def sma_talib(rng: np.random.Generator) -> None:
    """talib.SMA over a 300-value random walk with 3 leading NaNs (297 numbers)."""
    steps = np.round(rng.normal(0.0, 0.8, 300), 2)
    prices = np.round(100.0 + np.cumsum(steps), 2)
    prices[:3] = np.nan
    # 297 leaves exactly one full window of numbers (a NaN-counting warm-up would leave none);
    # 301 is longer than the whole input. (More periods would mostly add NaN rows.)
    periods = [1, 2, 5, 30, 297, 301]
    rows = []
    for period in periods:
        expected = talib.SMA(prices, timeperiod=period)
        for i, (x, e) in enumerate(zip(prices, expected)):
            rows.append((period, i, fmt_float(x), fmt_float(e)))
    write_csv(
        ROOT / "crates/indicators/tests/data/sma_talib.csv",
        ("period", "index", "input", "expected"),
        rows,
    )


def sharpe_empyrical(rng: np.random.Generator) -> None:
    """empyrical.sharpe_ratio over series of lengths 0 to 1000, with and without NaNs."""

    def returns(n: int, nan_every: int = 0) -> np.ndarray:
        # Six decimals keep the file small; the sums of such doubles are still inexact.
        r = np.round(rng.normal(0.0005, 0.01, n), 6)
        if nan_every:
            r[::nan_every] = np.nan
        return r

    series: list[np.ndarray] = [
        returns(0),
        returns(1),
        returns(2),
        np.array([0.01, np.nan]),
        returns(5),
        returns(5, nan_every=2),
        returns(100),
        returns(100, nan_every=7),
        returns(1000, nan_every=13),
        np.full(40, 0.001),  # constant: std of the excess returns is 0 or a rounding crumb
        np.full(3, 0.0001),  # equal to one risk-free rate: excess returns are all zero
        np.array([-0.02, -0.02, np.nan, -0.02]),
    ]
    returns_rows = [
        (sid, i, fmt_float(v)) for sid, values in enumerate(series) for i, v in enumerate(values)
    ]
    case_rows = []
    for sid, values in enumerate(series):
        for risk_free in (0.0, 0.0001):
            for period in ("daily", "monthly"):
                expected = empyrical.sharpe_ratio(values, risk_free=risk_free, period=period)
                case_id = len(case_rows)
                case_rows.append((case_id, sid, fmt_float(risk_free), period, fmt_float(expected)))
    data = ROOT / "crates/metrics/tests/data"
    write_csv(data / "sharpe_returns.csv", ("series_id", "index", "value"), returns_rows)
    write_csv(
        data / "sharpe_cases.csv",
        ("case_id", "series_id", "risk_free", "period", "expected"),
        case_rows,
    )


def buckets_polars(rng: np.random.Generator) -> None:
    """polars dt.truncate over sorted int64 ns timestamps from 1960 to 1980."""
    minute = 60_000_000_000
    day = 1440 * minute
    week = 7 * day
    ten_years = 3653 * day
    edges = [
        0,
        -1,
        1,
        minute - 1,
        minute,
        -minute,
        -minute - 1,
        day,
        -day,
        -day + 1,
        4 * day,  # Monday 1970-01-05, where polars' week buckets start
        4 * day - 1,
        -3 * day,  # Monday 1969-12-29
        -3 * day - 1,
        4 * day + week,
        4 * day - week,
        4 * day - 2 * week - 1,
    ]
    # ~100 timestamps in all keeps the file near 30 KB.
    spread = rng.integers(-ten_years, ten_years, 60, dtype=np.int64)
    near = rng.integers(-3 * week, 3 * week, 25, dtype=np.int64)
    ts = np.sort(np.concatenate([np.array(edges, dtype=np.int64), spread, near]))
    rows = []
    for every in ("1m", "5m", "15m", "1h", "4h", "1d", "1w"):
        expected = pl.Series(ts).cast(pl.Datetime("ns")).dt.truncate(every).cast(pl.Int64)
        rows.extend((every, int(t), int(e)) for t, e in zip(ts, expected.to_list()))
    write_csv(
        ROOT / "crates/aggregation/tests/data/buckets_polars.csv",
        ("every", "timestamp", "expected"),
        rows,
    )


MAX = 10**38


def fits(values: list[str]) -> bool:
    """Whether rustybt_decimal::sum_values can represent these values and their sum."""
    decs = [Decimal(v) for v in values]
    if any(len(d.as_tuple().digits) > 38 for d in decs):
        return False
    scale = max([0] + [-int(d.as_tuple().exponent) for d in decs])
    if scale > 38:
        return False
    total = 0
    for d in decs:
        mantissa = int(d.scaleb(scale, decimal.Context(prec=200)))
        if abs(mantissa) >= MAX:
            return False
        total += mantissa
    return abs(total) < MAX


def sums_python() -> None:
    """Python's exact decimal sum over lists of decimal strings of mixed scales."""
    hand: list[list[str]] = [
        [],
        ["0"],
        ["-0.00"],
        ["12.50", "-0.005", "1E+3"],
        ["123456789012345678901234567890.12345678"],
        ["123456789012345678901234567890.12345678", "-0.00000001", "1"],
        ["0.1", "0.2", "-0.3"],
        ["1.5", "-1.5"],
        ["1E-7"],
        ["5E-7", "5E-7"],
        ["1E-6"],
        ["1E+37"],
        ["9" * 38, "-1"],
        ["-" + "9" * 38, "1"],
        ["9" * 37 + "0", "9", "-1"],
        ["0." + "0" * 36 + "1"],
        ["1.23E+5", "4.5E-2", "-7e1", "+3"],
        ["19.99", "5.01", "0.10"],
        ["1_000.5", "2"],
        ["-999999.999999", "999999.999999"],
    ]
    py = random.Random(SEED)
    generated: list[list[str]] = []
    while len(generated) < 20:
        values = []
        for _ in range(py.randint(1, 12)):
            digits = py.randint(1, 20)
            mantissa = py.randrange(-(10**digits), 10**digits)
            exponent = py.randint(-12, 4)
            values.append(str(Decimal(mantissa).scaleb(exponent, decimal.Context(prec=200))))
        if fits(values):
            generated.append(values)
    cases = [c for c in hand + generated if fits(c)]
    assert len(cases) == len(hand) + len(generated), "a hand-written case does not fit"
    value_rows = []
    expected_rows = []
    for case_id, values in enumerate(cases):
        value_rows.extend((case_id, v) for v in values)
        with decimal.localcontext(decimal.Context(prec=200)):
            expected = sum((Decimal(v) for v in values), Decimal(0))
        expected_rows.append((case_id, str(expected)))
    data = ROOT / "crates/decimal-core/tests/data"
    write_csv(data / "sums_python.csv", ("case_id", "value"), value_rows)
    write_csv(data / "sums_expected.csv", ("case_id", "expected"), expected_rows)


def main() -> None:
    rng = np.random.default_rng(SEED)
    sma_talib(rng)
    sharpe_empyrical(rng)
    buckets_polars(rng)
    sums_python()


if __name__ == "__main__":
    main()
