"""The fast lanes of the decimal kernels, at their boundaries, on both backends.

The native kernels take 64-bit lanes when every mantissa fits (and fall back to 128- or
256-bit arithmetic otherwise), pack comparisons 64 rows to a word, sum ``dot`` in blocks of
1024 rows, convert floats with a shift when the binary exponent is negative and the scale at
most 19, and parse/format plain text without the general grammar. Each test puts values on
both sides of such a boundary and checks the result against Python's ``decimal``.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Optional

import numpy as np
import pyarrow as pa
import pytest
import rustybt_native as rn
from rustybt_native import exceptions as exc

WIDE = decimal.Context(prec=1000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
MODES = rn.decimal.ROUNDING_MODES
I64 = 2**63


def dec(mantissa: int, scale: int) -> Decimal:
    return Decimal((int(mantissa < 0), tuple(map(int, str(abs(mantissa)))), -scale))


def column(mantissas: list[Optional[int]], scale: int) -> Any:
    return pa.array(
        [None if m is None else dec(m, scale) for m in mantissas], type=pa.decimal128(38, scale)
    )


def quantized(value: Decimal, scale: int, rounding: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-scale), rounding=rounding, context=WIDE)


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    total = Decimal(0)
    for v in values:
        total = WIDE.add(total, v)
    return total


def key(values: list[Optional[Decimal]]) -> list[Any]:
    return [
        None if v is None else (v.as_tuple().exponent, int(v.scaleb(-v.as_tuple().exponent)))
        for v in values
    ]  # type: ignore[operator]


#: Mantissas around the 64-bit edge, small ones and ties.
EDGES = [0, 1, -1, 5, -15, 25, 12_345, -99_995, I64 - 1, I64, I64 + 1, -I64, -I64 - 1, 10**20 + 5]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("shift", [1, 2, 4, 18, 19])
def test_quantize_and_rounded_mul_across_the_64_bit_edge(mode: str, shift: int) -> None:
    values = column([*EDGES, None], shift)
    want = [quantized(dec(m, shift), 0, mode) for m in EDGES] + [None]
    assert key(rn.decimal.quantize(values, 0, rounding=mode).to_pylist()) == key(want)
    got = rn.decimal.mul(values, 1, 0, rounding=mode).to_pylist()
    assert key(got) == key(want)


@pytest.mark.parametrize("mode", MODES)
def test_div_across_the_64_bit_edge(mode: str) -> None:
    numerators = [m for m in EDGES if abs(m) < 10**19]
    for divisor in (3, -7, I64 - 1, -I64, 10**18 + 1):
        got = rn.decimal.div(
            column(numerators, 4), column([divisor] * len(numerators), 4), 8, rounding=mode
        )
        want = [quantized(WIDE.divide(dec(m, 4), dec(divisor, 4)), 8, mode) for m in numerators]
        assert key(got.to_pylist()) == key(want), divisor


def test_div_zero_rows_and_nulls() -> None:
    a, b = column([1, 2, 3, None], 2), column([0, 4, None, 0], 2)
    with pytest.raises(exc.DivisionByZeroError, match="row 0"):
        rn.decimal.div(a, b, 2)
    assert rn.decimal.div(a, b, 2, on_zero="null").to_pylist() == [
        None,
        Decimal("0.50"),
        None,
        None,
    ]


@pytest.mark.parametrize("at", [0, 1023, 1024, 2500])
@pytest.mark.parametrize("edge", [I64 - 1, I64, -I64, -I64 - 1, 10**30])
def test_dot_blocks_with_a_wide_value(at: int, edge: int) -> None:
    n = 2600
    xs: list[Optional[int]] = [(i * 7919) % 1_000_003 - 500_000 for i in range(n)]
    ys: list[Optional[int]] = [(i * 31) % 97 - 40 for i in range(n)]
    xs[at] = edge
    ys[7] = None
    want = exact_sum(
        WIDE.multiply(dec(x, 2), dec(y, 4))
        for x, y in zip(xs, ys)
        if x is not None and y is not None
    )
    if len(want.as_tuple().digits) > 38:
        with pytest.raises(exc.DecimalOverflowError):
            rn.decimal.dot(column(xs, 2), column(ys, 4))
        return
    got = rn.decimal.dot(column(xs, 2), column(ys, 4))
    assert got == want
    assert got.as_tuple().exponent == -6


def test_sum_mean_min_max_across_the_64_bit_edge() -> None:
    values = [I64 - 1, I64, -I64 - 1, 7, None, -(10**37)]
    array = column(values, 3)
    valid = [dec(m, 3) for m in values if m is not None]
    assert rn.decimal.sum(array) == exact_sum(valid)
    assert rn.decimal.min(array) == min(valid)
    assert rn.decimal.max(array) == max(valid)
    mean = WIDE.divide(exact_sum(valid), len(valid))
    assert rn.decimal.mean(array, 3) == quantized(mean, 3, decimal.ROUND_HALF_EVEN)


@pytest.mark.parametrize("n", [1, 63, 64, 65, 130])
@pytest.mark.parametrize("name", ["eq", "ne", "lt", "le", "gt", "ge"])
def test_comparison_bitmaps(n: int, name: str) -> None:
    xs = [None if i % 11 == 3 else (i * 37) % 9 - 4 for i in range(n)]
    ys = [(i * 13) % 7 - 3 for i in range(n)]
    op = {
        "eq": lambda x, y: x == y,
        "ne": lambda x, y: x != y,
        "lt": lambda x, y: x < y,
        "le": lambda x, y: x <= y,
        "gt": lambda x, y: x > y,
        "ge": lambda x, y: x >= y,
    }[name]
    function = getattr(rn.decimal, name)
    for sb in (1, 2):  # the same scale, then mixed scales
        a, b = column(xs, 1), column(ys, sb)
        want = [None if x is None else op(dec(x, 1), dec(y, sb)) for x, y in zip(xs, ys)]
        assert function(a, b).to_pylist() == want
        scalar = [None if x is None else op(dec(x, 1), Decimal("0.1")) for x in xs]
        assert function(a, "0.1").to_pylist() == scalar
        assert function(a, b.to_pylist()).to_pylist() == want


def test_from_float_across_its_fast_lane() -> None:
    floats = [0.1, -2.675, 0.125, -0.5, 2.5, 1e-300, 2.0**52 - 0.5, 2.0**52, 2.0**60, 123.456]
    for mode in MODES:
        for scale in (-2, 0, 2, 19, 20):
            expected: list[Any] = []
            for x in floats:
                value = quantized(Decimal(x), scale, mode)
                expected.append(value if len(value.as_tuple().digits) <= 38 or value == 0 else None)
            if None in expected:
                with pytest.raises(exc.DecimalOverflowError):
                    rn.decimal.from_float(floats, scale, rounding=mode)
                continue
            got = rn.decimal.from_float(floats, scale, rounding=mode).to_pylist()
            assert key(got) == key(expected), (mode, scale)


def test_to_float_around_2_to_the_53() -> None:
    limit = 2**53
    values = [limit - 1, limit, limit + 1, -limit - 1, None, I64, 3]
    for scale in (0, 4, 22, 23):
        got = rn.decimal.to_float(column(values, scale))
        want = [math.nan if m is None else float(dec(m, scale)) for m in values]
        np.testing.assert_array_equal(got, np.array(want))


def test_parse_and_format_plain_and_general_text() -> None:
    texts = [
        "1.5",
        "-0.0001",
        "+7",
        ".5",
        "5.",
        "-0",
        "1234567890123456789",
        "12345678901234567890",
        " 3.25 ",
        "1_000.5",
        "1e3",
        "2.5E-2",
        None,
    ]
    got = rn.decimal.parse(pa.array(texts), 4)
    want = [
        None if t is None else quantized(Decimal(t.replace("_", "")), 4, decimal.ROUND_HALF_EVEN)
        for t in texts
    ]
    assert key(got.to_pylist()) == key(want)
    with pytest.raises(exc.DecimalParseError, match=r"strings\[2\]"):
        rn.decimal.parse(pa.array(["1", "2", "1.2.3"]))
    values = column([0, 5, -5, 123456, I64, -(10**37), None], 7)
    texts_out = rn.decimal.format(values)
    assert texts_out.to_pylist() == [None if v is None else str(v) for v in values.to_pylist()]
    tiny = pa.array([dec(5, 20), dec(-12, 3)], type=pa.decimal128(38, 20))
    assert rn.decimal.format(tiny).to_pylist() == [str(v) for v in tiny.to_pylist()]


def test_parse_at_a_scale_keeps_the_precision_cap() -> None:
    three = decimal.Context(prec=3)
    assert rn.decimal.parse(pa.array(["123", "-999"]), 0, context=three).to_pylist() == [
        Decimal("123"),
        Decimal("-999"),
    ]
    with pytest.raises(exc.DecimalOverflowError, match=r"strings\[1\]"):
        rn.decimal.parse(pa.array(["123", "1234"]), 0, context=three)
    # A parse error anywhere is reported before a value too wide for the scale.
    with pytest.raises(exc.DecimalParseError, match=r"strings\[2\]"):
        rn.decimal.parse(pa.array(["123", "1234", "x"]), 0, context=three)


@pytest.mark.parametrize(("offset", "length"), [(3, 100), (1, 7), (64, 70)])
def test_sliced_columns_with_nulls(offset: int, length: int) -> None:
    base = pa.array(
        [Decimal("1.5"), None, Decimal("2.25"), None, Decimal("-3")] * 40, pa.decimal128(10, 2)
    )
    part = base.slice(offset, length)
    values = part.to_pylist()
    want_floats = [math.nan if v is None else float(v) for v in values]
    np.testing.assert_array_equal(rn.decimal.to_float(part), np.array(want_floats))
    assert rn.decimal.lt(part, "2").to_pylist() == [None if v is None else v < 2 for v in values]
    assert rn.decimal.format(part).to_pylist() == [None if v is None else str(v) for v in values]
    valid = [v for v in values if v is not None]
    assert rn.decimal.sum(part) == exact_sum(valid)
    assert rn.decimal.dot(part, part) == exact_sum(WIDE.multiply(v, v) for v in valid)
