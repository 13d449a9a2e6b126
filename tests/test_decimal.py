"""rustybt_native.decimal.sum against Python's decimal module, on both backends."""

from __future__ import annotations

import decimal
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

MAX = 10**38 - 1


def python_sum(values: list[Decimal]) -> Decimal:
    """The reference: Python's own sum with more than enough precision (so it is exact)."""
    with decimal.localcontext(decimal.Context(prec=200)):
        return sum(values, Decimal(0))


def same_decimal(a: Decimal, b: Decimal) -> bool:
    """Equal value *and* representation (digits and exponent), i.e. bit for bit."""
    return a.as_tuple() == b.as_tuple()


def dec(mantissa: int, scale: int) -> Decimal:
    """mantissa * 10**-scale, built exactly (arithmetic would round to the context)."""
    return Decimal((int(mantissa < 0), tuple(map(int, str(abs(mantissa)))), -scale))


decimals = st.builds(dec, st.integers(-(10**20), 10**20), st.integers(-3, 12))


@given(st.lists(decimals, max_size=50))
def test_sequence_sum_equals_python_sum(values: list[Decimal]) -> None:
    assert same_decimal(rn.decimal.sum(values), python_sum(values))


@given(st.lists(decimals, max_size=30))
def test_strings_and_decimals_agree(values: list[Decimal]) -> None:
    assert same_decimal(rn.decimal.sum([str(v) for v in values]), rn.decimal.sum(values))


@given(st.lists(st.one_of(st.none(), st.integers(-(10**30), 10**30)), max_size=40))
def test_arrow_sum_equals_python_sum(mantissas: list[int | None]) -> None:
    values = [None if m is None else dec(m, 4) for m in mantissas]
    array = pa.array(values, type=pa.decimal128(38, 4))
    expected = python_sum([v for v in values if v is not None])
    if expected.as_tuple().exponent == 0:  # no values: the column's scale is kept
        expected = dec(0, 4)
    assert same_decimal(rn.decimal.sum(array), expected)


def test_sequence_examples() -> None:
    assert same_decimal(rn.decimal.sum([Decimal("19.99"), "5.01", 3, None]), Decimal("28.00"))
    assert same_decimal(rn.decimal.sum([]), Decimal("0"))
    assert same_decimal(rn.decimal.sum([None, None]), Decimal("0"))
    assert same_decimal(rn.decimal.sum(["1E+3", "2E+3"]), Decimal("3000"))
    assert same_decimal(rn.decimal.sum(["-0.00"]), Decimal("0.00"))
    assert same_decimal(rn.decimal.sum(iter(["0.1", "0.2"])), Decimal("0.3"))
    assert same_decimal(rn.decimal.sum(np.array([Decimal("1.5")], dtype=object)), Decimal("1.5"))
    assert same_decimal(rn.decimal.sum(["0E+100", "1"]), Decimal("1"))
    assert same_decimal(rn.decimal.sum([" 1_000.5 "]), Decimal("1000.5"))


def test_exactness_beyond_default_context_precision() -> None:
    # 38 digits: Python's default context (28 digits) would round this.
    big = Decimal("1234567890123456789012345678.901234567")
    assert same_decimal(rn.decimal.sum([big, big]), python_sum([big, big]))


def test_arrow_inputs_of_every_kind() -> None:
    values = [Decimal("1.10"), None, Decimal("-2.05"), Decimal("3.00")]
    array = pa.array(values, type=pa.decimal128(10, 2))
    expected = Decimal("2.05")
    assert same_decimal(rn.decimal.sum(array), expected)
    assert same_decimal(rn.decimal.sum(pa.chunked_array([array[:2], array[2:]])), expected)
    # a slice: Arrow offsets into the value and validity buffers
    assert same_decimal(rn.decimal.sum(array.slice(1, 2)), Decimal("-2.05"))
    assert same_decimal(rn.decimal.sum(pa.array([], type=pa.decimal128(10, 2))), Decimal("0.00"))
    assert same_decimal(
        rn.decimal.sum(pa.array([None], type=pa.decimal128(5, 3))), Decimal("0.000")
    )
    for small in (pa.decimal32(9, 2), pa.decimal64(18, 2)):
        assert same_decimal(rn.decimal.sum(pa.array(values, type=small)), expected)


def test_negative_scale_column_sums_to_an_integer() -> None:
    array = pa.array([Decimal("1E+3"), Decimal("2E+3")], type=pa.decimal128(5, -3))
    assert same_decimal(rn.decimal.sum(array), Decimal("3000"))


def test_pandas_object_series_is_read_like_a_list() -> None:
    pd = pytest.importorskip("pandas")
    series = pd.Series([Decimal("1.10"), "2.05", None, 3])
    assert same_decimal(rn.decimal.sum(series), Decimal("6.15"))
    with pytest.raises(exc.DecimalOverflowError):
        rn.decimal.sum(pd.Series([Decimal(MAX), Decimal(1)]))


def test_polars_decimal_series() -> None:
    pl = pytest.importorskip("polars")
    series = pl.Series([Decimal("1.10"), None, Decimal("2.05")], dtype=pl.Decimal(10, 2))
    assert same_decimal(rn.decimal.sum(series), Decimal("3.15"))


def test_partial_sums_may_exceed_38_digits() -> None:
    nines = Decimal(MAX)
    assert same_decimal(rn.decimal.sum([nines, nines, Decimal(-MAX)]), Decimal(MAX))
    array = pa.array([nines, nines, Decimal(-MAX)], type=pa.decimal128(38, 0))
    assert same_decimal(rn.decimal.sum(array), Decimal(MAX))


@pytest.mark.parametrize(
    "values",
    [
        [Decimal(MAX), 1],
        [10**38],
        ["1" * 39],
        [Decimal("1E+37"), Decimal("0.01")],  # 1E+37 needs 40 digits at scale 2
        [Decimal("1E-39")],
        [Decimal("1E+1000000000")],
    ],
)
def test_overflow_raises_overflow_error(values: list[object]) -> None:
    with pytest.raises(OverflowError, match="needs more than 38 significant digits"):
        rn.decimal.sum(values)
    assert_same_outcome(lambda: rn.decimal.sum(values))


def test_errors_count_nulls_in_the_position() -> None:
    with pytest.raises(exc.DecimalOverflowError, match=r"values\[1\] = 1E\+100"):
        rn.decimal.sum([None, "1E100"])
    with pytest.raises(exc.DecimalOverflowError, match=r"values\[2\] = 1E-40, with 40 digits"):
        rn.decimal.sum([None, "1", "1E-40"])


def test_arrow_overflow() -> None:
    array = pa.array([Decimal(MAX), Decimal(1)], type=pa.decimal128(38, 0))
    with pytest.raises(exc.DecimalOverflowError):
        rn.decimal.sum(array)


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        (["1.2.3"], exc.DecimalParseError, 'cannot parse "1.2.3" as a decimal number (values[0])'),
        (["1", "abc"], exc.DecimalParseError, "values[1]"),
        (["", "1"], exc.DecimalParseError, "values[0]"),
        (["0\x85"], exc.DecimalParseError, "values[0]"),  # Unicode whitespace: ASCII only
        (["\u00a01"], exc.DecimalParseError, "values[0]"),
        (["1\x1c"], exc.DecimalParseError, "values[0]"),
        ([Decimal("NaN")], exc.InvalidInputError, "values[0] is NaN"),
        (["-Infinity"], exc.InvalidInputError, "values[0] is -Infinity"),
        ([1.5], exc.InputTypeError, "values[0] has type float"),
        ([True], exc.InputTypeError, "values[0] is a bool"),
        ([b"1"], exc.InputTypeError, "values[0] has type bytes"),
        ("1.5", exc.InputTypeError, "got str"),
        (Decimal("1.5"), exc.InputTypeError, "got Decimal"),
        (5, exc.InputTypeError, "got int"),
        (np.array([1.5, 2.5]), exc.InputTypeError, "floats are inexact"),
    ],
)
def test_bad_input_raises_a_clear_error(values: object, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        rn.decimal.sum(values)
    assert message in str(raised.value)
    assert_same_outcome(lambda: rn.decimal.sum(values))


@pytest.mark.parametrize(
    "array",
    [
        pa.array([1.5, 2.5]),
        pa.array([1, 2]),
        pa.array(["1.5"]),
        pa.array([Decimal("1.5")], type=pa.decimal256(40, 1)),
    ],
)
def test_non_decimal_arrow_columns_are_rejected(array: pa.Array) -> None:
    with pytest.raises(exc.InputTypeError, match="must be a decimal column"):
        rn.decimal.sum(array)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1__0", "10"), ("_1", "1"), ("1_", "1"), ("-_1", "-1"), ("1e-_5", "0.00001"), (" 1_ ", "1")],
)
def test_underscores_are_dropped_as_python_drops_them(text: str, expected: str) -> None:
    assert same_decimal(rn.decimal.sum([text]), Decimal(text))
    assert str(rn.decimal.sum([text])) == expected


number_text = st.text(alphabet="0123456789.eE+-_ \t\nnaNsSIfity\x0b\x1c", max_size=10)


@given(st.lists(st.one_of(st.none(), decimals, st.text(max_size=8), number_text), max_size=10))
def test_backends_agree_on_anything(values: list[object]) -> None:
    assert_same_outcome(lambda: rn.decimal.sum(values))
