"""Exact decimal sums with Python integers as mantissas."""

from __future__ import annotations

import decimal
from typing import Any, Iterable, Optional

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


def _to_decimal(mantissa: int, scale: int) -> decimal.Decimal:
    # The tuple constructor is exact whatever the context precision.
    digits = tuple(int(d) for d in str(abs(mantissa)))
    return decimal.Decimal((int(mantissa < 0), digits, -scale))


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
