"""Argument checks and conversions shared by both backends.

Everything a backend receives has been through here, so the native and fallback code see the
same clean inputs (C-contiguous numpy arrays of the right dtype, checked scalars) and raise the
same exceptions for bad ones. Conversions copy only when the input is not already in shape.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np
import numpy.typing as npt

from .exceptions import InputTypeError, InvalidInputError, InvalidParameterError

_NUMERIC_KINDS = "iuf"


def float_array(values: Any, name: str, ndims: tuple[int, ...] = (1,)) -> npt.NDArray[np.float64]:
    """``values`` as a C-contiguous float64 array with one of ``ndims`` dimensions."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise InputTypeError(f"{name} must be an array of numbers: {error}") from error
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise InputTypeError(
            f"{name} must hold numbers (float64), got dtype {array.dtype}"
            + (" (use the decimal module for Decimal values)" if array.dtype.kind == "O" else "")
        )
    if array.ndim not in ndims:
        wanted = " or ".join(f"{n}-D" for n in ndims)
        raise InvalidInputError(f"{name} must be {wanted}, got {array.ndim}-D")
    return np.ascontiguousarray(array, dtype=np.float64)


def int64_timestamps(values: Any, name: str) -> tuple[npt.NDArray[np.int64], bool]:
    """``values`` as C-contiguous int64 nanoseconds, and whether they came as datetime64."""
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise InputTypeError(f"{name} must be an array of timestamps: {error}") from error
    if array.ndim != 1:
        raise InvalidInputError(f"{name} must be 1-D, got {array.ndim}-D")
    if array.dtype.kind == "M":
        as_ns = array.astype("datetime64[ns]")
        unit = np.datetime_data(array.dtype)[0]
        if unit not in ("ns", "ps", "fs", "as"):
            # numpy wraps silently when a coarser unit does not fit int64 nanoseconds.
            wrapped = np.flatnonzero((as_ns.astype(array.dtype) != array) & ~np.isnat(array))
            if wrapped.size:
                index = int(wrapped[0])
                raise InvalidInputError(
                    f"{name}[{index}] = {array[index]} is outside the datetime64[ns] range "
                    "(1677-09-21 to 2262-04-11)"
                )
        return np.ascontiguousarray(as_ns.view(np.int64)), True
    if array.dtype.kind in "iu":
        if array.dtype == np.uint64 and array.size and int(array.max()) > np.iinfo(np.int64).max:
            raise InvalidInputError(f"{name} holds values beyond the int64 range")
        return np.ascontiguousarray(array, dtype=np.int64), False
    if array.size == 0 and array.dtype.kind == "f":
        return np.zeros(0, dtype=np.int64), False  # np.asarray([]) is float64
    raise InputTypeError(
        f"{name} must be int64 nanoseconds since the epoch or datetime64, got dtype {array.dtype}"
    )


def window(value: Any, name: str, length: int, minimum: int = 1) -> int:
    """A window length: an integer >= ``minimum``, clamped to ``length + 1`` (longer is all
    warm-up)."""
    if isinstance(value, bool):
        raise InputTypeError(f"{name} must be an integer, got bool")
    try:
        period = operator.index(value)
    except TypeError:
        raise InputTypeError(f"{name} must be an integer, got {type(value).__name__}") from None
    if period < minimum:
        raise InvalidParameterError(f"{name} must be >= {minimum}, got {period}")
    return min(period, length + 1)


def real(value: Any, name: str) -> float:
    """A real number as float (ints and numpy scalars welcome; bool and str are not)."""
    if isinstance(value, (bool, str, bytes)) or not isinstance(value, (int, float, np.number)):
        raise InputTypeError(f"{name} must be a real number, got {type(value).__name__}")
    if isinstance(value, np.complexfloating):
        raise InputTypeError(f"{name} must be a real number, got {type(value).__name__}")
    return float(value)


def text(value: Any, name: str) -> str:
    """A str argument."""
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a str, got {type(value).__name__}")
    return value
