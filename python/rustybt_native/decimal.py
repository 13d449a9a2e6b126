"""Exact arithmetic on decimal columns.

A decimal column is what Arrow calls decimal128: integers (mantissas) sharing one scale, at most
38 significant digits. Columns arrive as pyarrow arrays, polars Decimal series, anything with the
Arrow PyCapsule interface, or plain Python sequences of ``decimal.Decimal``, ``str`` or ``int``.
Results are exact and equal to what Python's :mod:`decimal` module gives with enough precision;
a result that needs more than 38 digits raises
:class:`~rustybt_native.exceptions.DecimalOverflowError` (an ``OverflowError``), never a rounded,
wrapped or saturated number.
"""

from __future__ import annotations

import decimal as _pydecimal
from collections.abc import Iterable
from typing import Any, Union

from . import _backend
from .exceptions import InputTypeError

__all__ = ["sum"]

DecimalLike = Union[_pydecimal.Decimal, str, int, None]


def _is_arrow(values: object) -> bool:
    if not (hasattr(values, "__arrow_c_array__") or hasattr(values, "__arrow_c_stream__")):
        return False
    # pandas gives every Series the Arrow interface, but an object Series of Decimal/str/int
    # would have pyarrow guess a type for it; read it element by element like a list instead.
    dtype = getattr(values, "dtype", None)
    return not (type(values).__module__.startswith("pandas") and getattr(dtype, "kind", "") == "O")


def sum(values: Any) -> _pydecimal.Decimal:  # noqa: A001 - the name users expect
    """Exact sum of a decimal column.

    Parameters
    ----------
    values : Arrow decimal array, polars Decimal Series, or iterable of Decimal/str/int
        Arrow input (any object with ``__arrow_c_array__`` or ``__arrow_c_stream__`` holding
        decimal32/64/128 values): decimal128 buffers are read in place, without copying;
        decimal32/64 are widened first. A Python iterable (or a pandas Series of objects) may
        hold ``decimal.Decimal``, ``str`` (Python's decimal syntax in ASCII) or ``int``
        values; this path reads one element at a time and is much slower than Arrow input.

    Returns
    -------
    decimal.Decimal
        The exact sum. Nulls (Arrow nulls, ``None`` in a sequence) are skipped; an empty or
        all-null column sums to zero. For Arrow input the result has the column's scale
        (``Decimal('0.00')`` for an empty decimal128(10, 2) column, as polars gives). For a
        sequence it has the largest scale among the values and at least 0, which is the exponent
        Python's ``sum(values)`` gives.

    Raises
    ------
    DecimalOverflowError
        If the sum, or a value brought to the common scale, needs more than 38 digits.
    DecimalParseError
        If a string is not a decimal number.
    InvalidInputError
        If a value is NaN or infinite.
    InputTypeError
        For a non-decimal Arrow column, floats, bools or other non-decimal elements.

    Examples
    --------
    >>> from decimal import Decimal
    >>> import rustybt_native as rn
    >>> rn.decimal.sum([Decimal("19.99"), "5.01", 3, None])
    Decimal('28.00')
    >>> import pyarrow as pa  # doctest: +SKIP
    >>> rn.decimal.sum(pa.array([Decimal("1.10"), None], pa.decimal128(10, 2)))  # doctest: +SKIP
    Decimal('1.10')
    """
    if _is_arrow(values):
        return _backend.impl.decimal_sum_arrow(values)  # type: ignore[no-any-return]
    if isinstance(values, (str, bytes, _pydecimal.Decimal, int, float)) or not isinstance(
        values, Iterable
    ):
        raise InputTypeError(
            "values must be a decimal column (Arrow array, polars Series or a sequence of "
            f"Decimal/str/int), got {type(values).__name__}"
        )
    dtype = getattr(values, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "O") in "biufc":
        raise InputTypeError(
            f"values must be a decimal column, got a numeric array of dtype {dtype}: floats are "
            "inexact, convert them explicitly (e.g. [Decimal(str(x)) for x in values])"
        )
    return _backend.impl.decimal_sum_sequence(values)  # type: ignore[no-any-return]
