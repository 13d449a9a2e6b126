"""Exceptions raised by rustybt_native.

Both backends (the Rust extension and the pure-Python fallback) raise these very classes: the
extension imports them from here. Each also derives from the built-in exception a caller would
catch for that kind of problem, so ``except ValueError`` keeps working.

Examples
--------
>>> import rustybt_native as rn
>>> try:
...     rn.indicators.sma([1.0, 2.0], period=0)
... except ValueError as error:
...     print(type(error).__name__, error)
InvalidParameterError period must be >= 1, got 0
"""

from __future__ import annotations

__all__ = [
    "ColumnNotFoundError",
    "DecimalOverflowError",
    "DecimalParseError",
    "DivisionByZeroError",
    "InputTypeError",
    "InternalError",
    "InvalidInputError",
    "InvalidParameterError",
    "RustyBTError",
]


class RustyBTError(Exception):
    """Base class of every exception rustybt_native raises on purpose."""


class InvalidParameterError(RustyBTError, ValueError):
    """A parameter outside its domain: a zero window, an unknown period, a bad duration."""


class InvalidInputError(RustyBTError, ValueError):
    """Bad data: infinite values, unsorted or missing timestamps, a wrong shape."""


class InputTypeError(RustyBTError, TypeError):
    """An argument of the wrong type or dtype, e.g. strings where floats belong."""


class DecimalOverflowError(RustyBTError, OverflowError):
    """A decimal result or value that needs more than 38 significant digits."""


class DecimalParseError(InvalidInputError):
    """Text that is not a decimal number."""


class DivisionByZeroError(RustyBTError, ZeroDivisionError):
    """Decimal division by zero."""


class ColumnNotFoundError(RustyBTError, KeyError):
    """A named column missing from a table."""


class InternalError(RustyBTError):
    """A bug in rustybt_native itself (a caught Rust panic); please report it."""
