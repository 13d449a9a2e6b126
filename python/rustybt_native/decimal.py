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
from .exceptions import InputTypeError, InvalidParameterError

__all__ = [
    "ROUNDING_MODES",
    "abs",
    "add",
    "cumsum",
    "div",
    "dot",
    "eq",
    "format",
    "from_float",
    "ge",
    "gt",
    "le",
    "lt",
    "max",
    "mean",
    "min",
    "mul",
    "ne",
    "neg",
    "parse",
    "quantize",
    "sub",
    "sum",
    "to_float",
]

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


# ---------------------------------------------------------------------------------------------
# Column kernels

import builtins as _builtins  # noqa: E402 - after the public sum(), which shadows the builtin

#: Python's eight rounding modes, as the :mod:`decimal` module names them.
ROUNDING_MODES = (
    _pydecimal.ROUND_CEILING,
    _pydecimal.ROUND_DOWN,
    _pydecimal.ROUND_FLOOR,
    _pydecimal.ROUND_HALF_DOWN,
    _pydecimal.ROUND_HALF_EVEN,
    _pydecimal.ROUND_HALF_UP,
    _pydecimal.ROUND_UP,
    _pydecimal.ROUND_05UP,
)

_ROUNDING_NAMES = frozenset(ROUNDING_MODES)
_MAX_PRECISION = 38
_MAX_SCALE = 38


def _rounding_name(rounding: Any) -> str:
    if isinstance(rounding, str) and rounding in _ROUNDING_NAMES:
        return rounding  # the decimal module's constants are the names themselves
    if not isinstance(rounding, str):
        raise InputTypeError(
            f"rounding must be a decimal.ROUND_* constant or its name, got "
            f"{type(rounding).__name__}"
        )
    upper = rounding.upper()
    name = upper if upper.startswith("ROUND_") else "ROUND_" + upper
    if name not in ROUNDING_MODES:
        raise InvalidParameterError(
            f'unknown rounding mode "{rounding[:64]}": expected one of ' + ", ".join(ROUNDING_MODES)
        )
    return name


def _context(context: Any, rounding: Any) -> tuple[int, str]:
    """(precision, rounding name) from a ``decimal.Context`` and an explicit rounding."""
    precision, mode = _MAX_PRECISION, _pydecimal.ROUND_HALF_EVEN
    if context is not None:
        if not isinstance(context, _pydecimal.Context):
            raise InputTypeError(f"context must be a decimal.Context, got {type(context).__name__}")
        # A decimal128 column holds 38 digits at most, whatever the context allows.
        precision, mode = _builtins.min(context.prec, _MAX_PRECISION), context.rounding
    if rounding is not None:
        mode = rounding
    return precision, _rounding_name(mode)


def _scale(scale: Any, name: str = "scale") -> int:
    if isinstance(scale, bool) or not isinstance(scale, int):
        raise InputTypeError(f"{name} must be an integer, got {type(scale).__name__}")
    if _builtins.abs(scale) > _MAX_SCALE:
        raise InvalidParameterError(
            f"{name} = {scale} is out of range: scales must lie in [-38, 38]"
        )
    return scale


def _optional_scale(scale: Any) -> Any:
    return None if scale is None else _scale(scale)


def _is_scalar(value: object) -> bool:
    return isinstance(value, (_pydecimal.Decimal, str)) or (
        isinstance(value, int) and not isinstance(value, bool)
    )


def _is_pandas_objects(value: object) -> bool:
    return type(value).__module__.startswith("pandas") and not _is_arrow(value)


#: Kinds by type, for the types whose kind depends on the type alone (everything but pandas,
#: whose Series kind depends on the dtype): the checks below cost more than the kernels on short
#: columns.
_KIND_BY_TYPE: dict[type, str] = {}


def _kind(value: object) -> str:
    """How a column came, so that the result can go back the same way."""
    cls = type(value)
    kind = _KIND_BY_TYPE.get(cls)
    if kind is not None:
        return kind
    kind = _find_kind(value)
    if not cls.__module__.startswith("pandas") and len(_KIND_BY_TYPE) < 256:
        _KIND_BY_TYPE[cls] = kind
    return kind


def _find_kind(value: object) -> str:
    if _is_scalar(value):
        return "scalar"
    module = type(value).__module__
    if _is_pandas_objects(value):
        return "pandas"
    if not _is_arrow(value):
        return "list"
    if module.startswith("pyarrow"):
        return "pyarrow-chunked" if type(value).__name__ == "ChunkedArray" else "pyarrow"
    if module.startswith("polars"):
        return "polars"
    return "arrow"


#: Kinds a backend takes as they are.
_PASSED_AS_IS = frozenset({"scalar", "pyarrow", "pyarrow-chunked", "polars", "arrow"})


def _column_arg(value: Any, name: str) -> Any:
    """A column argument as the backends take it: Arrow objects as they are, anything else as a
    list (after the checks that give the same error on both backends)."""
    if value is None:
        raise InputTypeError(f"{name} is None")
    if _KIND_BY_TYPE.get(type(value)) in _PASSED_AS_IS or _is_scalar(value) or _is_arrow(value):
        return value
    if isinstance(value, (bytes, float)) or not isinstance(value, Iterable):
        raise InputTypeError(
            f"{name} must be a decimal column (Arrow array, polars Series or a sequence of "
            f"Decimal/str/int) or a single Decimal/str/int, got {type(value).__name__}"
        )
    dtype = getattr(value, "dtype", None)
    if dtype is not None and getattr(dtype, "kind", "O") in "biufc":
        raise InputTypeError(
            f"{name} must be a decimal column, got a numeric array of dtype {dtype}: floats are "
            "inexact, use from_float(values, scale) to convert them"
        )
    return list(value)


def _mirror(result: Any, like: Any) -> Any:
    """The backend's result (an Arrow array or a list) in the kind of ``like``."""
    kind = _kind(like)
    if kind in ("list", "scalar"):
        return result
    if kind == "pandas":
        import pandas as pd  # type: ignore[import-untyped]

        return pd.Series(result, index=like.index, name=like.name, dtype=object)
    if kind in ("pyarrow", "pyarrow-chunked"):
        import pyarrow as pa  # type: ignore[import-untyped]

        array = result if isinstance(result, pa.Array) else pa.array(result)
        return pa.chunked_array([array]) if kind == "pyarrow-chunked" else array
    if kind == "polars":
        import polars as pl

        return pl.Series(result).alias(like.name)
    return result


def _first_column(a: Any, b: Any) -> Any:
    return b if _is_scalar(a) else a


def _binary(op: str, a: Any, b: Any, **options: Any) -> Any:
    left, right = _column_arg(a, "a"), _column_arg(b, "b")
    if _is_scalar(left) and _is_scalar(right):
        raise InputTypeError(
            "at least one operand must be a decimal column (both are single values)"
        )
    result = _backend.impl.decimal_binary(op, left, right, **options)
    return _mirror(result, _first_column(a, b))


def add(a: Any, b: Any, *, context: Any = None) -> Any:
    """Exact sum ``a + b`` of two decimal columns, or of a column and one value.

    Parameters
    ----------
    a, b : decimal column or scalar
        pyarrow decimal arrays or chunked arrays, polars Decimal Series, any object with the
        Arrow PyCapsule interface, sequences (or pandas object Series) of ``Decimal``/``str``/
        ``int``/``None``; one of the two may be a single ``Decimal``, ``str`` or ``int``.
    context : decimal.Context, optional
        Only its precision matters here (the sum is exact): results with more digits raise.
        Default: 38 digits.

    Returns
    -------
    column
        Same kind as the first column operand, at the larger of the two scales; nulls
        propagate (null if either side is null). Arrow results are decimal128(38, scale).

    Raises
    ------
    DecimalOverflowError
        If a valid row needs more digits than the precision (naming the row).
    InvalidInputError
        For columns of different lengths, NaN or infinity.
    DecimalParseError, InputTypeError
        For unreadable values or non-decimal input.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.add(["1.50", "2.25", None], "0.1")
    [Decimal('1.60'), Decimal('2.35'), None]
    """
    precision, rounding = _context(context, None)
    return _binary("add", a, b, precision=precision, rounding=rounding)


def sub(a: Any, b: Any, *, context: Any = None) -> Any:
    """Exact difference ``a - b``, at the larger of the two scales (see :func:`add`).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.sub(["10.00", "0.05"], ["0.01", "1"])
    [Decimal('9.99'), Decimal('-0.95')]
    """
    precision, rounding = _context(context, None)
    return _binary("sub", a, b, precision=precision, rounding=rounding)


def mul(a: Any, b: Any, scale: Any = None, *, rounding: Any = None, context: Any = None) -> Any:
    """Product ``a * b``: exact, or correctly rounded to ``scale``.

    Parameters
    ----------
    a, b : decimal column or scalar
        As in :func:`add`.
    scale : int, optional
        Digits after the point of the result. Default: ``scale_a + scale_b``, the exact product
        (which must lie in [-38, 38]). When given, the exact product is rounded once to it, as
        ``(x * y).quantize(Decimal(10) ** -scale, rounding)`` does with enough precision.
    rounding : str, optional
        A ``decimal.ROUND_*`` constant or its name (``"half_up"``); default the context's, or
        ``ROUND_HALF_EVEN``.
    context : decimal.Context, optional
        Precision (digits cap, at most 38) and default rounding.

    Returns
    -------
    column
        Same kind as the first column operand; nulls propagate.

    Raises
    ------
    DecimalOverflowError
        If a valid row needs more digits than the precision.
    InvalidParameterError
        For a scale outside [-38, 38] or an unknown rounding mode.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.mul(["19.99", "5.01"], "0.0125")
    [Decimal('0.249875'), Decimal('0.062625')]
    >>> rn.decimal.mul(["19.99", "5.01"], "0.0125", 2, rounding="ROUND_HALF_UP")
    [Decimal('0.25'), Decimal('0.06')]
    """
    precision, mode = _context(context, rounding)
    return _binary("mul", a, b, scale=_optional_scale(scale), precision=precision, rounding=mode)


def div(
    a: Any,
    b: Any,
    scale: Any = None,
    *,
    rounding: Any = None,
    context: Any = None,
    on_zero: str = "raise",
) -> Any:
    """Quotient ``a / b`` correctly rounded to ``scale`` from the exact quotient.

    Not truncated (as Arrow's decimal division is) and not rounded twice.

    Parameters
    ----------
    a, b : decimal column or scalar
        As in :func:`add`.
    scale : int, optional
        Digits after the point; default the larger input scale plus 6 (at most 38).
    rounding, context
        As in :func:`mul`.
    on_zero : {"raise", "null"}
        A zero divisor raises :class:`~rustybt_native.exceptions.DivisionByZeroError` (a
        ``ZeroDivisionError``), or gives null in that row.

    Returns
    -------
    column
        Same kind as the first column operand; nulls propagate.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.div(["1", "2", "5"], "3", 4)
    [Decimal('0.3333'), Decimal('0.6667'), Decimal('1.6667')]
    >>> rn.decimal.div(["1", "2"], ["0", "8"], 2, on_zero="null")
    [None, Decimal('0.25')]
    """
    precision, mode = _context(context, rounding)
    if on_zero not in ("raise", "null"):
        raise InvalidParameterError(f'on_zero must be "raise" or "null", got {on_zero!r}')
    return _binary(
        "div",
        a,
        b,
        scale=_optional_scale(scale),
        precision=precision,
        rounding=mode,
        on_zero=on_zero,
    )


def _column_only(value: Any, name: str = "a") -> Any:
    value = _column_arg(value, name)
    if _is_scalar(value):
        raise InputTypeError(f"{name} must be a decimal column, not a single value")
    return value


def _unary(op: str, a: Any, scale: Any, precision: int, rounding: str) -> Any:
    column = _column_only(a)
    result = _backend.impl.decimal_unary(
        op, column, scale=scale, precision=precision, rounding=rounding
    )
    return _mirror(result, a)


def neg(a: Any) -> Any:
    """``-a``, exact; nulls stay null.

    Arrow decimal128 has no negative zero, so ``-0`` is ``0`` in every result.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.neg(["1.5", "-2"])
    [Decimal('-1.5'), Decimal('2.0')]
    """
    return _unary("neg", a, None, _MAX_PRECISION, _pydecimal.ROUND_HALF_EVEN)


def abs(a: Any) -> Any:  # noqa: A001 - the name users expect
    """``|a|``, exact; nulls stay null.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.abs(["-1.25", "3"])
    [Decimal('1.25'), Decimal('3.00')]
    """
    return _unary("abs", a, None, _MAX_PRECISION, _pydecimal.ROUND_HALF_EVEN)


def quantize(a: Any, scale: int, *, rounding: Any = None, context: Any = None) -> Any:
    """Rescale a column to ``scale`` digits after the point.

    Exact when the scale grows; correctly rounded when it shrinks, as
    ``Decimal.quantize(Decimal(10) ** -scale, rounding)``.

    Raises
    ------
    DecimalOverflowError
        If a value needs more digits than the precision at the new scale.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.quantize(["1.005", "1.015", "-1.025"], 2)
    [Decimal('1.00'), Decimal('1.02'), Decimal('-1.02')]
    >>> rn.decimal.quantize(["1.005", "-1.025"], 2, rounding="ROUND_HALF_UP")
    [Decimal('1.01'), Decimal('-1.03')]
    """
    precision, mode = _context(context, rounding)
    return _unary("quantize", a, _scale(scale), precision, mode)


def cumsum(a: Any, *, context: Any = None) -> Any:
    """Running exact sums. Null rows stay null and are skipped (as polars and pandas do).

    Raises
    ------
    DecimalOverflowError
        Naming the first row whose running sum needs more digits than the precision.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.cumsum(["1.5", None, "2", "-0.25"])
    [Decimal('1.50'), None, Decimal('3.50'), Decimal('3.25')]
    """
    precision, mode = _context(context, None)
    return _unary("cumsum", a, None, precision, mode)


def _compare(op: str, a: Any, b: Any) -> Any:
    left, right = _column_arg(a, "a"), _column_arg(b, "b")
    if _is_scalar(left) and _is_scalar(right):
        raise InputTypeError(
            "at least one operand must be a decimal column (both are single values)"
        )
    return _mirror(_backend.impl.decimal_compare(op, left, right), _first_column(a, b))


def eq(a: Any, b: Any) -> Any:
    """``a == b`` row by row, exact across scales (``1.50 == 1.5``).

    Returns
    -------
    boolean column
        Arrow booleans for Arrow input (pyarrow/polars as the input), or a list of ``bool``;
        null where either side is null.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.eq(["1.50", "2", None], "1.5")
    [True, False, None]
    """
    return _compare("eq", a, b)


def ne(a: Any, b: Any) -> Any:
    """``a != b`` row by row (see :func:`eq`).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.ne(["1.50", "2"], "1.5")
    [False, True]
    """
    return _compare("ne", a, b)


def lt(a: Any, b: Any) -> Any:
    """``a < b`` row by row (see :func:`eq`).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.lt(["1.49", "1.5"], "1.5")
    [True, False]
    """
    return _compare("lt", a, b)


def le(a: Any, b: Any) -> Any:
    """``a <= b`` row by row (see :func:`eq`).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.le(["1.49", "1.5"], "1.5")
    [True, True]
    """
    return _compare("le", a, b)


def gt(a: Any, b: Any) -> Any:
    """``a > b`` row by row (see :func:`eq`).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.gt(["1.51", "1.5"], "1.5")
    [True, False]
    """
    return _compare("gt", a, b)


def ge(a: Any, b: Any) -> Any:
    """``a >= b`` row by row (see :func:`eq`).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.ge(["1.51", "1.4"], "1.5")
    [True, False]
    """
    return _compare("ge", a, b)


def _reduce(op: str, a: Any, scale: Any, precision: int, rounding: str) -> Any:
    return _backend.impl.decimal_reduce(
        op, _column_only(a), scale=scale, precision=precision, rounding=rounding
    )


def min(a: Any) -> Union[_pydecimal.Decimal, None]:  # noqa: A001 - the name users expect
    """Smallest value of a column, nulls skipped; ``None`` when no value is valid.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.min(["2.5", None, "-1"])
    Decimal('-1.0')
    """
    return _reduce("min", a, None, _MAX_PRECISION, _pydecimal.ROUND_HALF_EVEN)  # type: ignore[no-any-return]


def max(a: Any) -> Union[_pydecimal.Decimal, None]:  # noqa: A001 - the name users expect
    """Largest value of a column, nulls skipped; ``None`` when no value is valid.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.max(["2.5", None, "-1"])
    Decimal('2.5')
    """
    return _reduce("max", a, None, _MAX_PRECISION, _pydecimal.ROUND_HALF_EVEN)  # type: ignore[no-any-return]


def mean(
    a: Any, scale: Any = None, *, rounding: Any = None, context: Any = None
) -> Union[_pydecimal.Decimal, None]:
    """Mean of the valid values, correctly rounded to ``scale`` from the exact sum over the
    count; ``None`` when no value is valid.

    Parameters
    ----------
    scale : int, optional
        Digits after the point; default the column's scale plus 6 (at most 38).

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.mean(["1.00", "2.00", "2.00"], 4)
    Decimal('1.6667')
    """
    precision, mode = _context(context, rounding)
    return _reduce("mean", a, _optional_scale(scale), precision, mode)  # type: ignore[no-any-return]


def dot(a: Any, b: Any) -> _pydecimal.Decimal:
    """Exact sum of products ``sum(a[i] * b[i])``, skipping rows where either is null.

    The result has scale ``scale_a + scale_b``; products and partial sums are carried exactly,
    so only a final result beyond 38 digits raises.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.dot(["10", "-3", "7"], ["101.25", "99.50", None])  # quantities x prices
    Decimal('714.00')
    """
    return _backend.impl.decimal_dot(_column_only(a, "a"), _column_only(b, "b"))  # type: ignore[no-any-return]


def to_float(a: Any) -> Any:
    """A decimal column as a float64 numpy array, each value correctly rounded (as
    ``float(Decimal)``); NaN in null rows.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.to_float(["0.1", None, "-2.50"])
    array([ 0.1,  nan, -2.5])
    """
    return _backend.impl.decimal_to_float(_column_only(a))


_OUTPUTS = ("pyarrow", "polars", "list")


def from_float(
    values: Any,
    scale: int,
    *,
    rounding: Any = None,
    context: Any = None,
    output: str = "pyarrow",
) -> Any:
    """Float64 values to a decimal column, each correctly rounded from the float's exact
    binary value (``Decimal(x).quantize(Decimal(10) ** -scale, rounding)``).

    ``0.1`` at scale 2 is ``0.10``; at scale 20 it is ``0.10000000000000000555``, the exact
    value of the double nearest to 0.1. Use :func:`parse` on strings for decimal literals.

    Parameters
    ----------
    values : array-like of float
        1-D.
    scale : int
        Digits after the point, in [-38, 38].
    rounding, context
        As in :func:`mul`.
    output : {"pyarrow", "polars", "list"}
        The kind of column returned.

    Raises
    ------
    InvalidInputError
        For NaN or infinity (naming the index).
    DecimalOverflowError
        For a value that needs more digits than the precision at ``scale``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.from_float([0.1, 2.675, -1e-9], 2, output="list")
    [Decimal('0.10'), Decimal('2.67'), Decimal('0.00')]
    """
    from ._validation import float_array

    array = float_array(values, "values")
    precision, mode = _context(context, rounding)
    if output not in _OUTPUTS:
        raise InvalidParameterError(f"output must be one of {_OUTPUTS}, got {output!r}")
    result = _backend.impl.decimal_from_float(
        array, _scale(scale), precision=precision, rounding=mode, arrow=output != "list"
    )
    if output == "pyarrow":
        import pyarrow as pa

        return result if isinstance(result, pa.Array) else pa.array(result)
    if output == "polars":
        import polars as pl

        return pl.Series(result)
    return result


def parse(strings: Any, scale: Any = None, *, rounding: Any = None, context: Any = None) -> Any:
    """Strings to a decimal column.

    Parameters
    ----------
    strings : Arrow string column or sequence of str/None
        Python's decimal syntax (``"1.5"``, ``"-2E+3"``, ``" 7 "``); None or Arrow null is null.
    scale : int, optional
        Digits after the point; default the largest among the values (at least 0). Values
        with more digits are rounded per ``rounding``.

    Returns
    -------
    column
        Arrow decimal128(38, scale) for Arrow input (same kind), else a list of ``Decimal``.

    Raises
    ------
    DecimalParseError
        Naming the index and the text of the first unparsable string.
    InvalidInputError
        For "NaN" or "Infinity".

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.parse(["1.5", "2.25", None])
    [Decimal('1.50'), Decimal('2.25'), None]
    >>> rn.decimal.parse(["1.005", "2.5"], 0, rounding="ROUND_HALF_UP")
    [Decimal('1'), Decimal('3')]
    """
    precision, mode = _context(context, rounding)
    if not _is_arrow(strings) and (
        isinstance(strings, (str, bytes)) or not isinstance(strings, Iterable)
    ):
        raise InputTypeError(
            "strings must be an Arrow string column or a sequence of str, got "
            f"{type(strings).__name__}"
        )
    result = _backend.impl.decimal_parse(
        strings if _is_arrow(strings) else list(strings),
        scale=_optional_scale(scale),
        precision=precision,
        rounding=mode,
    )
    return _mirror(result, strings)


def format(a: Any) -> Any:  # noqa: A001 - the name users expect
    """A decimal column as text, each value as ``str(Decimal)`` writes it.

    Returns
    -------
    column
        An Arrow string column for Arrow input (same kind), else a list of ``str``/None.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.decimal.format(["1.50", None, "-3"])
    ['1.50', None, '-3.00']
    """
    return _mirror(_backend.impl.decimal_format(_column_only(a)), a)
