"""Exact decimal sums with Python integers as mantissas."""

from __future__ import annotations

import decimal
from typing import Any, Callable, Iterable, Optional

from ..exceptions import (
    DecimalOverflowError,
    DecimalParseError,
    InputTypeError,
    InvalidInputError,
)

MAX_MANTISSA = 10**38 - 1
MAX_SCALE = 38


def _overflow(what: str) -> DecimalOverflowError:
    return DecimalOverflowError(f"decimal overflow: {what} needs more than 38 significant digits")


# 1000 digits hold every exact sum and product of two 38-digit operands at any scales we allow;
# a quotient is cut (ROUND_DOWN) past 1000 significant digits, which cannot move a rounding
# decision at 38 places: a non-terminating quotient of integers below 10**120 never has 900
# zeros or nines in a row.
_WIDE = decimal.Context(
    prec=1000,
    rounding=decimal.ROUND_DOWN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def _to_decimal(mantissa: int, scale: int) -> decimal.Decimal:
    # Exact: Decimal(int) is, and scaleb only moves the exponent (1000 digits never round).
    return decimal.Decimal(mantissa).scaleb(-scale, _WIDE)


def _mantissa_scale(value: decimal.Decimal) -> tuple[int, int]:
    sign, digits, exponent = value.as_tuple()
    mantissa = int("".join(map(str, digits)) or "0")
    return (-mantissa if sign else mantissa), -int(exponent)


def _pyarrow() -> Any:
    try:
        import pyarrow  # type: ignore[import-untyped]
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise InputTypeError(
            "reading Arrow data with the pure-Python backend needs pyarrow (pip install pyarrow)"
        ) from error
    return pyarrow


def decimal_sum_arrow(values: Any) -> decimal.Decimal:
    """Exact sum of an Arrow decimal array or stream; nulls skipped, the column's scale kept."""
    pa = _pyarrow()
    if hasattr(values, "__arrow_c_stream__"):
        column = pa.chunked_array(values)
    else:
        column = pa.chunked_array([pa.array(values)])
    data_type = column.type
    if not pa.types.is_decimal(data_type) or pa.types.is_decimal256(data_type):
        raise InputTypeError(
            f"values must be a decimal column (Arrow decimal32/64/128), got Arrow type {data_type}"
        )
    scale = data_type.scale
    total = 0
    for value in column.to_pylist():
        if value is not None:
            mantissa, value_scale = _mantissa_scale(value)
            total += mantissa * 10 ** (scale - value_scale)
    if abs(total) > MAX_MANTISSA:
        raise _overflow("the sum of values")
    if scale < 0:
        # Negative-scale columns give an integer-valued sum at scale 0, as Python's sum() does.
        rescaled = _rescale_up(total, scale, 0)
        if rescaled is None:
            raise _overflow(f"{_to_decimal(total, scale)} at scale 0")
        return _to_decimal(rescaled, 0)
    return _to_decimal(total, scale)


def _rescale_up(mantissa: int, scale: int, to: int) -> Optional[int]:
    """``mantissa`` at the larger scale ``to``, or None past 38 digits."""
    if mantissa == 0:
        return 0
    if to - scale > MAX_SCALE:  # 10**(huge) would not fit anyway; do not compute it
        return None
    rescaled = mantissa * 10 ** (to - scale)
    return rescaled if abs(rescaled) <= MAX_MANTISSA else None


def _read(item: Any, index: int) -> Optional[tuple[int, int]]:
    """(mantissa, scale) of one element, or None for a null."""
    if item is None:
        return None
    if isinstance(item, bool):
        raise InputTypeError(f"values[{index}] is a bool; expected decimal.Decimal, str or int")
    if isinstance(item, int):
        if abs(item) > MAX_MANTISSA:
            raise _overflow(f"values[{index}] = {item}")
        return item, 0
    if isinstance(item, str):
        try:
            # As the native parser: ASCII whitespace around printable ASCII. Python alone would
            # also strip Unicode spaces and read other scripts' digits.
            stripped = item.strip(" \t\n\r\x0b\x0c")
            if not (stripped.isascii() and stripped.isprintable()):
                raise decimal.InvalidOperation
            value = decimal.Decimal(stripped)
        except decimal.InvalidOperation:
            raise DecimalParseError(
                f'cannot parse "{item[:64]}" as a decimal number (values[{index}])'
            ) from None
    elif isinstance(item, decimal.Decimal):
        value = item
    else:
        raise InputTypeError(
            f"values[{index}] has type {type(item).__name__}; expected decimal.Decimal, str or "
            "int (floats are inexact: convert them explicitly, e.g. Decimal(str(x)))"
        )
    if not value.is_finite():
        special = "NaN" if value.is_nan() else ("-Infinity" if value < 0 else "Infinity")
        raise InvalidInputError(
            f"values[{index}] is {special}: decimal columns hold finite numbers only"
        )
    mantissa, scale = _mantissa_scale(value)
    # The native parser refuses exponents beyond a million as overflow; so does this one.
    if abs(mantissa) > MAX_MANTISSA or abs(scale) > 1_000_000:
        raise _overflow(f"values[{index}] = {str(item).strip()}")
    return mantissa, scale


def decimal_sum_sequence(values: Iterable[Any]) -> decimal.Decimal:
    """Exact sum of Decimal/str/int values (None skipped) at the largest scale, at least 0."""
    parsed = [(i, v) for i, v in ((i, _read(item, i)) for i, item in enumerate(values)) if v]
    scale = max([0] + [s for _, (_, s) in parsed])
    if scale > MAX_SCALE:
        # the last of the largest, as Rust's max_by_key picks
        index, (mantissa, value_scale) = max(reversed(parsed), key=lambda entry: entry[1][1])
        raise _overflow(
            f"values[{index}] = {_to_decimal(mantissa, value_scale)}, with {value_scale} digits "
            "after the point,"
        )
    total = 0
    for index, (mantissa, value_scale) in parsed:
        rescaled = _rescale_up(mantissa, value_scale, scale)
        if rescaled is None:
            value = _to_decimal(mantissa, value_scale)
            raise _overflow(f"values[{index}] = {value} at the common scale {scale}")
        total += rescaled
    if abs(total) > MAX_MANTISSA:
        raise _overflow("the sum of values")
    return _to_decimal(total, scale)


# ---------------------------------------------------------------------------------------------
# Column kernels on the decimal module: exact arithmetic in a context wide enough for any
# operands (38-digit mantissas, scales within [-38, 38]), then one quantize per result.

_QUANTA: dict[int, decimal.Decimal] = {}
# _LARGEST[p] is the largest mantissa of p digits.
_LARGEST = [10**p - 1 for p in range(MAX_SCALE + 1)]


class _Column:
    """Values (exact ``Decimal``s or None) at one scale, and whether they came as Arrow data."""

    def __init__(self, values: list[Optional[decimal.Decimal]], scale: int, arrow: bool) -> None:
        self.values = values
        self.scale = scale
        self.arrow = arrow


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (decimal.Decimal, str)) or (
        isinstance(value, int) and not isinstance(value, bool)
    )


def _is_arrow(value: Any) -> bool:
    return hasattr(value, "__arrow_c_array__") or hasattr(value, "__arrow_c_stream__")


def _arrow_column(value: Any) -> Any:
    pa = _pyarrow()
    if hasattr(value, "__arrow_c_stream__"):
        return pa.chunked_array(value)
    return pa.chunked_array([pa.array(value)])


def _renamed(error: Exception, name: str) -> Exception:
    if name == "values":
        return error
    return type(error)(str(error).replace("values[", f"{name}["))


def _read_column(value: Any, name: str) -> _Column:
    if _is_arrow(value):
        column = _arrow_column(value)
        pa = _pyarrow()
        data_type = column.type
        if not pa.types.is_decimal(data_type) or pa.types.is_decimal256(data_type):
            raise InputTypeError(
                f"{name} must be a decimal column (Arrow decimal32/64/128), got Arrow type "
                f"{data_type}"
            )
        scale = data_type.scale
        # pyarrow gives each value at the column's scale already.
        arrow_values = column.to_pylist()
        return _Column(arrow_values, scale, True)
    try:
        parsed = [_read(item, index) for index, item in enumerate(value)]
    except Exception as error:
        raise _renamed(error, name) from None
    present = [(i, v) for i, v in enumerate(parsed) if v is not None]
    scale = max([0] + [s for _, (_, s) in present])
    if scale > MAX_SCALE:
        index, (mantissa, value_scale) = max(reversed(present), key=lambda entry: entry[1][1])
        raise _overflow(
            f"{name}[{index}] = {_to_decimal(mantissa, value_scale)}, with {value_scale} "
            "digits after the point,"
        )
    values: list[Optional[decimal.Decimal]] = []
    for index, item in enumerate(parsed):
        if item is None:
            values.append(None)
            continue
        rescaled = _rescale_up(item[0], item[1], scale)
        if rescaled is None:
            raise _overflow(f"{name}[{index}] = {_to_decimal(*item)} at scale {scale}")
        values.append(_to_decimal(rescaled, scale))
    return _Column(values, scale, False)


def _at_scale(value: decimal.Decimal, scale: int) -> int:
    """The mantissa of ``value`` at ``scale``, which must hold it exactly."""
    return int(value.scaleb(scale, _WIDE))


def _read_arg(value: Any, name: str) -> Any:
    """A ``_Column`` or, for one value, a ``(Decimal, scale)`` pair."""
    if value is None:
        raise InputTypeError(f"{name} is None")
    if _is_scalar(value):
        try:
            parsed = _read(value, 0)
        except Exception as error:
            raise _renamed(error, name) from None
        assert parsed is not None
        return _to_decimal(*parsed), parsed[1]
    return _read_column(value, name)


def _rows(a: Any, b: Any) -> int:
    if isinstance(a, _Column) and isinstance(b, _Column) and len(a.values) != len(b.values):
        raise InvalidInputError(
            f"columns differ in length: {len(a.values)} and {len(b.values)} values"
        )
    for side in (a, b):
        if isinstance(side, _Column):
            return len(side.values)
    return 1


def _at(side: Any, i: int) -> Optional[decimal.Decimal]:
    return side.values[i] if isinstance(side, _Column) else side[0]


def _scale_of(side: Any) -> int:
    return side.scale if isinstance(side, _Column) else side[1]


def _is_arrow_side(side: Any) -> bool:
    return isinstance(side, _Column) and side.arrow


def _precision_exceeded(what: str, precision: int) -> DecimalOverflowError:
    return DecimalOverflowError(
        f"decimal overflow: {what} needs more than {precision} significant digits"
    )


def _quantized(value: decimal.Decimal, scale: int, rounding: str) -> int:
    """The mantissa of ``value`` rounded to ``scale``, as an int."""
    exponent = _QUANTA.get(scale)
    if exponent is None:
        exponent = _QUANTA.setdefault(scale, decimal.Decimal(1).scaleb(-scale))
    rounded = value.quantize(exponent, rounding=rounding, context=_WIDE)
    return _at_scale(rounded, scale)


def _fits(mantissa: int, precision: int) -> bool:
    return bool(abs(mantissa) <= _LARGEST[precision])


def _column_out(mantissas: list[Optional[int]], scale: int, arrow: bool) -> Any:
    if abs(scale) > MAX_SCALE:
        from ..exceptions import InvalidParameterError

        raise InvalidParameterError(
            f"the result's scale = {scale} is out of range: scales must lie in [-38, 38]"
        )
    values = [None if m is None else _to_decimal(m, scale) for m in mantissas]
    if arrow:
        pa = _pyarrow()
        return pa.array(values, type=pa.decimal128(38, scale))
    return values


def decimal_binary(
    op: str,
    a: Any,
    b: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
    on_zero: str = "raise",
) -> Any:
    """``a op b`` for op in add, sub, mul, div."""
    left, right = _read_arg(a, "a"), _read_arg(b, "b")
    rows = _rows(left, right)
    sa, sb = _scale_of(left), _scale_of(right)
    if op in ("add", "sub"):
        target = max(sa, sb)
    elif op == "mul":
        target = sa + sb if scale is None else scale
        if scale is None and abs(target) > MAX_SCALE:
            from ..exceptions import InvalidParameterError

            raise InvalidParameterError(
                f"scale_a + scale_b = {target} is out of range: the exact product needs a "
                "scale in [-38, 38]; pass scale= to round it"
            )
    else:
        target = min(max(sa, sb) + 6, MAX_SCALE) if scale is None else scale
    out: list[Optional[int]] = []
    for i in range(rows):
        x, y = _at(left, i), _at(right, i)
        if x is None or y is None:
            out.append(None)
            continue
        if op == "div" and y == 0:
            if on_zero == "null":
                out.append(None)
                continue
            from ..exceptions import DivisionByZeroError

            raise DivisionByZeroError(f"division by zero at row {i}")
        if op == "add":
            exact = _WIDE.add(x, y)
        elif op == "sub":
            exact = _WIDE.subtract(x, y)
        elif op == "mul":
            exact = _WIDE.multiply(x, y)
        else:
            exact = _WIDE.divide(x, y)
        mantissa = _quantized(exact, target, rounding)
        if not _fits(mantissa, precision):
            raise _precision_exceeded(f"{op} at row {i}", precision)
        out.append(mantissa)
    return _column_out(out, target, _is_arrow_side(left) or _is_arrow_side(right))


_COMPARISONS: dict[str, Callable[[decimal.Decimal, decimal.Decimal], bool]] = {
    "eq": lambda x, y: x == y,
    "ne": lambda x, y: x != y,
    "lt": lambda x, y: x < y,
    "le": lambda x, y: x <= y,
    "gt": lambda x, y: x > y,
    "ge": lambda x, y: x >= y,
}


def decimal_compare(op: str, a: Any, b: Any) -> Any:
    """``a op b`` row by row: booleans, None where either side is null."""
    left, right = _read_arg(a, "a"), _read_arg(b, "b")
    rows = _rows(left, right)
    test = _COMPARISONS[op]
    out = []
    for i in range(rows):
        x, y = _at(left, i), _at(right, i)
        out.append(None if x is None or y is None else test(x, y))
    if _is_arrow_side(left) or _is_arrow_side(right):
        return _pyarrow().array(out, type=_pyarrow().bool_())
    return out


def decimal_unary(
    op: str,
    a: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> Any:
    """``op(a)`` for op in neg, abs, quantize, cumsum."""
    column = _read_column(a, "a")
    target = column.scale if scale is None else scale
    out: list[Optional[int]] = []
    running = decimal.Decimal(0)
    for i, x in enumerate(column.values):
        if x is None:
            out.append(None)
            continue
        if op == "neg":
            value = _WIDE.minus(x)
        elif op == "abs":
            value = _WIDE.abs(x)
        elif op == "cumsum":
            running = _WIDE.add(running, x)
            value = running
        else:
            value = x
        mantissa = _quantized(value, target, rounding)
        if not _fits(mantissa, precision):
            what = f"the running sum at row {i}" if op == "cumsum" else f"{op} at row {i}"
            raise _precision_exceeded(what, precision)
        out.append(mantissa)
    return _column_out(out, target, column.arrow)


def decimal_reduce(
    op: str,
    a: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> Optional[decimal.Decimal]:
    """``op(a)`` for op in min, max, mean; None when no value is valid."""
    column = _read_column(a, "a")
    present = [v for v in column.values if v is not None]
    if op == "mean":
        target = min(column.scale + 6, MAX_SCALE) if scale is None else scale
    else:
        target = column.scale if scale is None else scale
    if not present:
        return None
    if op == "min":
        value = min(present)
    elif op == "max":
        value = max(present)
    else:
        total = decimal.Decimal(0)
        for v in present:
            total = _WIDE.add(total, v)
        value = _WIDE.divide(total, decimal.Decimal(len(present)))
    mantissa = _quantized(value, target, rounding)
    if not _fits(mantissa, precision):
        raise _precision_exceeded("the mean", precision)
    return _to_decimal(mantissa, target)


def decimal_dot(a: Any, b: Any) -> decimal.Decimal:
    """Exact sum of products over rows where both sides are valid."""
    left, right = _read_column(a, "a"), _read_column(b, "b")
    _rows(left, right)
    total = decimal.Decimal(0)
    for x, y in zip(left.values, right.values):
        if x is not None and y is not None:
            total = _WIDE.add(total, _WIDE.multiply(x, y))
    scale = left.scale + right.scale
    mantissa = _at_scale(total, scale)
    if abs(mantissa) > MAX_MANTISSA:
        raise _overflow("the sum of products")
    return _to_decimal(mantissa, scale)


def decimal_to_float(a: Any) -> Any:
    """Each value as the nearest float64; NaN for nulls."""
    import numpy as np

    column = _read_column(a, "a")
    return np.array([np.nan if v is None else float(v) for v in column.values], dtype=np.float64)


def decimal_from_float(
    values: Any,
    scale: int,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
    arrow: bool = True,
) -> Any:
    """Float64 values at ``scale``, rounded from their exact binary values."""
    import math

    out: list[Optional[int]] = []
    for i, x in enumerate(values.tolist()):
        if not math.isfinite(x):
            special = "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
            raise InvalidInputError(
                f"values[{i}] is {special}: decimal columns hold finite numbers only"
            )
        mantissa = _quantized(decimal.Decimal(x), scale, rounding)
        if not _fits(mantissa, precision):
            raise _precision_exceeded(f"values[{i}] at scale {scale}", precision)
        out.append(mantissa)
    return _column_out(out, scale, arrow)


def decimal_parse(
    strings: Any,
    scale: Optional[int] = None,
    precision: int = 38,
    rounding: str = decimal.ROUND_HALF_EVEN,
) -> Any:
    """Strings (Arrow or a sequence of str/None) to a decimal column."""
    arrow = _is_arrow(strings)
    if arrow:
        pa = _pyarrow()
        column = _arrow_column(strings)
        if not (
            pa.types.is_string(column.type)
            or pa.types.is_large_string(column.type)
            or pa.types.is_string_view(column.type)
        ):
            raise InputTypeError(
                f"strings must be an Arrow string column, got Arrow type {column.type}"
            )
        texts = column.to_pylist()
    else:
        texts = list(strings)
    parsed: list[Optional[tuple[int, int]]] = []
    for index, text in enumerate(texts):
        if text is not None and not isinstance(text, str):
            raise InputTypeError(
                f"strings[{index}] has type {type(text).__name__}; expected str or None"
            )
        try:
            parsed.append(_read(text, index))
        except Exception as error:
            raise _renamed(error, "strings") from None
    present = [(i, v) for i, v in enumerate(parsed) if v is not None]
    if scale is None:
        scale = max([0] + [s for _, (_, s) in present])
        if scale > MAX_SCALE:
            index, (mantissa, value_scale) = max(reversed(present), key=lambda entry: entry[1][1])
            raise _overflow(
                f"strings[{index}] = {_to_decimal(mantissa, value_scale)}, with {value_scale} "
                "digits after the point,"
            )
    out: list[Optional[int]] = []
    for index, item in enumerate(parsed):
        if item is None:
            out.append(None)
            continue
        value = _to_decimal(*item)
        mantissa = _quantized(value, scale, rounding)
        if not _fits(mantissa, precision):
            raise _precision_exceeded(f"strings[{index}] = {value} at scale {scale}", precision)
        out.append(mantissa)
    return _column_out(out, scale, arrow)


def decimal_format(a: Any) -> Any:
    """Each value as ``str(Decimal)``; None for nulls."""
    column = _read_column(a, "a")
    texts = [None if v is None else str(v) for v in column.values]
    if column.arrow:
        pa = _pyarrow()
        return pa.array(texts, type=pa.string())
    return texts
