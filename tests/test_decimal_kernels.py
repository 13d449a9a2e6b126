"""rustybt_native.decimal column kernels against Python's decimal module, on both backends.

The reference for every kernel is the obvious Python: exact arithmetic in a context of 1000
digits, then one ``quantize`` to the result's scale with the rounding mode under test, and the
precision cap of ``Decimal.quantize`` (more digits than the precision is an error).
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from typing import Any, Callable, Optional

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

MAX = 10**38 - 1
MODES = rn.decimal.ROUNDING_MODES
WIDE = decimal.Context(prec=1000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def dec(mantissa: int, scale: int) -> Decimal:
    """mantissa * 10**-scale, built exactly."""
    return Decimal((int(mantissa < 0), tuple(map(int, str(abs(mantissa)))), -scale))


def key(value: Optional[Decimal]) -> Any:
    """Digits and exponent; zero's sign dropped (Arrow decimal128 has no negative zero)."""
    if value is None:
        return None
    sign, digits, exponent = value.as_tuple()
    return (0 if value == 0 else sign, digits, exponent)


def same(got: list[Optional[Decimal]], expected: list[Optional[Decimal]]) -> None:
    assert [key(v) for v in got] == [key(v) for v in expected], (got, expected)


def reference(value: Decimal, scale: int, rounding: str, precision: int = 38) -> Decimal:
    """``value`` rounded once to ``scale``; OverflowError past ``precision`` digits."""
    rounded = value.quantize(Decimal(1).scaleb(-scale), rounding=rounding, context=WIDE)
    if len(rounded.as_tuple().digits) > precision and rounded != 0:
        raise OverflowError
    return rounded


def at_scale(values: list[Optional[Decimal]], scale: int) -> list[Optional[Decimal]]:
    return [
        None if v is None else v.quantize(Decimal(1).scaleb(-scale), context=WIDE) for v in values
    ]


def common_scale(values: list[Optional[Decimal]]) -> int:
    return max([0] + [-v.as_tuple().exponent for v in values if v is not None])  # type: ignore[operator]


# Mantissas up to 38 digits, weighted toward the small ones prices and quantities have.
mantissas = st.one_of(
    st.integers(-(10**8), 10**8), st.integers(-(10**18), 10**18), st.integers(-MAX, MAX)
)
scales = st.integers(0, 12)
modes = st.sampled_from(MODES)


@st.composite
def column_pairs(draw: st.DrawFn, max_size: int = 20) -> tuple[list, list, int, int]:
    """Two columns of equal length (with nulls) and their scales."""
    n = draw(st.integers(0, max_size))
    sa, sb = draw(scales), draw(scales)
    small = st.integers(-(10**12), 10**12)
    cell = st.one_of(st.none(), small, mantissas)
    a = [None if m is None else dec(m, sa) for m in draw(st.lists(cell, min_size=n, max_size=n))]
    b = [None if m is None else dec(m, sb) for m in draw(st.lists(cell, min_size=n, max_size=n))]
    # Columns read from a sequence take the largest scale present; pin it with a zero.
    a.append(dec(0, sa))
    b.append(dec(0, sb))
    return a, b, sa, sb


def expected_column(
    a: list, b: list, op: Callable[[Decimal, Decimal], Decimal], scale: int, rounding: str
) -> Any:
    """The reference column, or OverflowError."""
    out = []
    for x, y in zip(a, b):
        out.append(None if x is None or y is None else reference(op(x, y), scale, rounding))
    return out


def run(function: Callable[[], Any], expected: Callable[[], Any]) -> None:
    """``function()`` equals ``expected()``; if the reference overflows, so must the kernel."""
    try:
        want = expected()
    except OverflowError:
        with pytest.raises(exc.DecimalOverflowError):
            function()
        return
    same(function(), want)


@given(column_pairs())
def test_add_and_sub_are_exact(pair: tuple) -> None:
    a, b, sa, sb = pair
    scale = max(sa, sb)
    run(lambda: rn.decimal.add(a, b), lambda: expected_column(a, b, WIDE.add, scale, "ROUND_DOWN"))
    run(
        lambda: rn.decimal.sub(a, b),
        lambda: expected_column(a, b, WIDE.subtract, scale, "ROUND_DOWN"),
    )


@given(column_pairs(), modes, st.one_of(st.none(), st.integers(-2, 12)))
def test_mul_exact_or_rounded_once(pair: tuple, mode: str, scale: Optional[int]) -> None:
    a, b, sa, sb = pair
    target = sa + sb if scale is None else scale
    run(
        lambda: rn.decimal.mul(a, b, scale, rounding=mode),
        lambda: expected_column(a, b, WIDE.multiply, target, mode),
    )


@given(column_pairs(), modes, st.integers(-2, 20))
def test_div_rounds_the_exact_quotient(pair: tuple, mode: str, scale: int) -> None:
    a, b, _, _ = pair
    run(
        lambda: rn.decimal.div(a, b, scale, rounding=mode, on_zero="null"),
        lambda: [
            None if x is None or y is None or y == 0 else reference(WIDE.divide(x, y), scale, mode)
            for x, y in zip(a, b)
        ],
    )
    if any(x is not None and y is not None and y == 0 for x, y in zip(a, b)):
        with pytest.raises((exc.DivisionByZeroError, exc.DecimalOverflowError)):
            rn.decimal.div(a, b, scale, rounding=mode)


@given(
    st.lists(st.one_of(st.none(), mantissas), max_size=20),
    st.integers(0, 20),
    st.integers(-5, 30),
    modes,
    st.integers(1, 38),
)
def test_quantize_every_mode_and_precision(
    ms: list, scale: int, to: int, mode: str, precision: int
) -> None:
    values = [None if m is None else dec(m, scale) for m in ms] + [dec(0, scale)]
    context = decimal.Context(prec=precision, rounding=mode)
    run(
        lambda: rn.decimal.quantize(values, to, context=context),
        lambda: [None if v is None else reference(v, to, mode, precision) for v in values],
    )


def test_rounding_modes_on_ties_match_python() -> None:
    values = ["2.5", "-2.5", "1.5", "0.5", "-0.5", "2.51", "-2.49", "0.05"]
    for mode in MODES:
        want = [Decimal(v).quantize(Decimal(1), rounding=mode) for v in values]
        same(rn.decimal.quantize(values, 0, rounding=mode), want)


@given(column_pairs(), st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]))
def test_comparisons_across_scales(pair: tuple, name: str) -> None:
    a, b, _, _ = pair
    ops = {
        "eq": lambda x, y: x == y,
        "ne": lambda x, y: x != y,
        "lt": lambda x, y: x < y,
        "le": lambda x, y: x <= y,
        "gt": lambda x, y: x > y,
        "ge": lambda x, y: x >= y,
    }
    want = [None if x is None or y is None else ops[name](x, y) for x, y in zip(a, b)]
    assert getattr(rn.decimal, name)(a, b) == want


@given(column_pairs(), modes, st.integers(-3, 20))
def test_reductions(pair: tuple, mode: str, scale: int) -> None:
    a, b, sa, sb = pair
    present = [v for v in a if v is not None]
    unit = Decimal(1).scaleb(-sa)
    assert key(rn.decimal.min(a)) == key(min(present).quantize(unit, context=WIDE))
    assert key(rn.decimal.max(a)) == key(max(present).quantize(unit, context=WIDE))
    total = Decimal(0)
    for v in present:
        total = WIDE.add(total, v)
    run(
        lambda: [rn.decimal.mean(a, scale, rounding=mode)],
        lambda: [reference(WIDE.divide(total, len(present)), scale, mode)],
    )
    pairs = [(x, y) for x, y in zip(a, b) if x is not None and y is not None]
    products = Decimal(0)
    for x, y in pairs:
        products = WIDE.add(products, WIDE.multiply(x, y))
    run(lambda: [rn.decimal.dot(a, b)], lambda: [reference(products, sa + sb, "ROUND_DOWN")])
    running, want = Decimal(0), []
    for v in a:
        if v is not None:
            running = WIDE.add(running, v)
        want.append(None if v is None else running)
    run(
        lambda: rn.decimal.cumsum(a),
        lambda: [None if w is None else reference(w, sa, "ROUND_DOWN") for w in want],
    )


@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=False, allow_infinity=False),
            st.floats(-1e6, 1e6),
            st.floats(-1e-6, 1e-6),
        ),
        max_size=20,
    ),
    st.integers(-5, 38),
    modes,
)
def test_from_float_rounds_the_exact_binary_value(xs: list, scale: int, mode: str) -> None:
    run(
        lambda: rn.decimal.from_float(
            np.array(xs, dtype=np.float64), scale, rounding=mode, output="list"
        ),
        lambda: [reference(Decimal(x), scale, mode) for x in xs],
    )


@given(st.lists(st.one_of(st.none(), mantissas), max_size=20), st.integers(-10, 38))
def test_to_float_is_pythons_float(ms: list, scale: int) -> None:
    values = [None if m is None else dec(m, scale) for m in ms]
    if scale < 0:
        values = [None if v is None else v for v in values]
        column: Any = pa.array(values, type=pa.decimal128(38, scale))
    else:
        column = pa.array(values, type=pa.decimal128(38, scale))
    got = rn.decimal.to_float(column)
    want = np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)
    np.testing.assert_array_equal(got, want)


@given(st.lists(st.one_of(st.none(), mantissas), max_size=20), st.integers(0, 20))
def test_parse_and_format_round_trip(ms: list, scale: int) -> None:
    values = [None if m is None else dec(m, scale) for m in ms]
    texts = [None if v is None else str(v) for v in values]
    parsed = rn.decimal.parse(texts)
    same(parsed, at_scale(values, common_scale(values)))
    assert rn.decimal.format(parsed) == [None if v is None else str(v) for v in parsed]
    arrow = rn.decimal.parse(pa.array(texts, type=pa.string()), scale)
    assert arrow.type == pa.decimal128(38, scale)
    same(arrow.to_pylist(), values)


# ---------------------------------------------------------------------------------------------
# Input and output kinds


def test_output_mirrors_the_input_kind() -> None:
    values = [Decimal("1.10"), None, Decimal("-3.25")]
    array = pa.array(values, type=pa.decimal128(10, 2))
    got = rn.decimal.add(array, "0.01")
    assert isinstance(got, pa.Array)
    assert got.type == pa.decimal128(38, 2)
    assert got.to_pylist() == [Decimal("1.11"), None, Decimal("-3.24")]
    chunked = rn.decimal.add(pa.chunked_array([array[:1], array[1:]]), "0.01")
    assert isinstance(chunked, pa.ChunkedArray)
    assert chunked.to_pylist() == got.to_pylist()
    series = pl.Series("px", values, dtype=pl.Decimal(10, 2))
    out = rn.decimal.mul(series, 2)
    assert isinstance(out, pl.Series)
    assert out.name == "px"
    assert out.to_list() == [Decimal("2.20"), None, Decimal("-6.50")]
    frame = pd.Series(values, index=["a", "b", "c"], name="p")
    out = rn.decimal.neg(frame)
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b", "c"]
    assert out.tolist() == [Decimal("-1.10"), None, Decimal("3.25")]
    assert rn.decimal.lt(array, 0).to_pylist() == [False, None, True]
    assert rn.decimal.format(array).to_pylist() == ["1.10", None, "-3.25"]
    assert isinstance(rn.decimal.from_float([1.5], 2, output="polars"), pl.Series)
    assert rn.decimal.from_float([1.5], 2).type == pa.decimal128(38, 2)


def test_decimal32_64_and_scalar_left_operand() -> None:
    for data_type in (pa.decimal32(9, 2), pa.decimal64(18, 2)):
        array = pa.array([Decimal("1.25"), None], type=data_type)
        assert rn.decimal.sub(1, array).to_pylist() == [Decimal("-0.25"), None]


def test_examples_with_contexts() -> None:
    context = decimal.Context(prec=5, rounding=decimal.ROUND_HALF_UP)
    assert rn.decimal.mul(["1.005"], "1", 2, context=context) == [Decimal("1.01")]
    with pytest.raises(exc.DecimalOverflowError, match="more than 5 significant digits"):
        rn.decimal.add(["99999"], "1", context=context)
    # an explicit rounding wins over the context's
    assert rn.decimal.mul(["1.005"], "1", 2, rounding="half_even", context=context) == [
        Decimal("1.00")
    ]


# ---------------------------------------------------------------------------------------------
# Bad input: same class and message on both backends


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: rn.decimal.add(["1", "2"], ["1"]), exc.InvalidInputError, "differ in length"),
        (lambda: rn.decimal.add("1", "2"), exc.InputTypeError, "at least one operand"),
        (lambda: rn.decimal.add(["1"], None), exc.InputTypeError, "b is None"),
        (lambda: rn.decimal.add(["1", "x"], "1"), exc.DecimalParseError, r"a\[1\]"),
        (lambda: rn.decimal.add([1.5], "1"), exc.InputTypeError, r"a\[0\] has type float"),
        (lambda: rn.decimal.add(np.array([1.5]), "1"), exc.InputTypeError, "from_float"),
        (lambda: rn.decimal.mul(["1"], "1", 39), exc.InvalidParameterError, "scale = 39"),
        (
            lambda: rn.decimal.mul(["1"], "1", rounding="nearest"),
            exc.InvalidParameterError,
            "rounding mode",
        ),
        (lambda: rn.decimal.mul(["1E-20"], "1E-20"), exc.InvalidParameterError, "pass scale="),
        (lambda: rn.decimal.div(["1"], ["0"]), exc.DivisionByZeroError, "row 0"),
        (lambda: rn.decimal.div(["1"], ["1"], on_zero="nan"), exc.InvalidParameterError, "on_zero"),
        (lambda: rn.decimal.add([str(MAX)], "1"), exc.DecimalOverflowError, "add at row 0"),
        (lambda: rn.decimal.mul([str(MAX)], "10"), exc.DecimalOverflowError, "mul at row 0"),
        (
            lambda: rn.decimal.quantize(["9.99"], 1, context=decimal.Context(prec=2)),
            exc.DecimalOverflowError,
            "2 significant",
        ),
        (lambda: rn.decimal.cumsum([str(MAX), "1"]), exc.DecimalOverflowError, "row 1"),
        (lambda: rn.decimal.dot([str(MAX)], ["2"]), exc.DecimalOverflowError, "sum of products"),
        (lambda: rn.decimal.dot(["1"], ["2", "3"]), exc.InvalidInputError, "differ in length"),
        (
            lambda: rn.decimal.from_float([1.0, math.nan], 2),
            exc.InvalidInputError,
            r"values\[1\] is NaN",
        ),
        (lambda: rn.decimal.from_float([math.inf], 2), exc.InvalidInputError, "Infinity"),
        (lambda: rn.decimal.from_float([1e40], 0), exc.DecimalOverflowError, r"values\[0\]"),
        (lambda: rn.decimal.parse(["1", "1.2.3"]), exc.DecimalParseError, r'"1.2.3".*strings\[1\]'),
        (lambda: rn.decimal.parse(["1", 2]), exc.InputTypeError, r"strings\[1\] has type int"),
        (lambda: rn.decimal.parse(["NaN"]), exc.InvalidInputError, "NaN"),
        (lambda: rn.decimal.parse("1.5"), exc.InputTypeError, "sequence of str"),
        (lambda: rn.decimal.neg("1.5"), exc.InputTypeError, "not a single value"),
        (
            lambda: rn.decimal.quantize(["1"], 2, context="fast"),
            exc.InputTypeError,
            "decimal.Context",
        ),
        (
            lambda: rn.decimal.from_float([1.0], 2, output="numpy"),
            exc.InvalidParameterError,
            "output",
        ),
    ],
)
def test_bad_input(call: Callable[[], Any], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        call()
    assert_same_outcome(call)


def test_non_decimal_arrow_types_are_type_errors() -> None:
    with pytest.raises(exc.InputTypeError, match="decimal column"):
        rn.decimal.add(pa.array([1.5]), "1")
    with pytest.raises(exc.InputTypeError, match="string column"):
        rn.decimal.parse(pa.array([1, 2]))


def test_overflow_in_a_null_row_is_not_an_error() -> None:
    array = pa.array([Decimal(MAX), Decimal(1)], type=pa.decimal128(38, 0)).filter(
        pa.array([True, True])
    )
    masked = pa.Array.from_buffers(
        array.type, 2, [pa.array([False, True]).buffers()[1], array.buffers()[1]]
    )
    assert rn.decimal.add(masked, 1).to_pylist() == [None, Decimal(2)]
