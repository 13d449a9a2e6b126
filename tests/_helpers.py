"""Helpers shared by the test modules."""

from __future__ import annotations

from typing import Any, Callable

import rustybt_native as rn

BACKENDS = ("native", "python")


def on_both_backends(function: Callable[[], Any]) -> tuple[Any, Any]:
    """Result (or raised exception) of ``function`` on the native and on the Python backend."""
    outcomes = []
    previous = rn.backend
    try:
        for name in BACKENDS:
            rn.set_backend(name)
            try:
                outcomes.append(function())
            except Exception as error:  # compared by the caller
                outcomes.append(error)
    finally:
        rn.set_backend(previous)
    return outcomes[0], outcomes[1]


def assert_same_outcome(function: Callable[[], Any]) -> Any:
    """Both backends return equal results, or raise the same class with the same message."""
    native, python = on_both_backends(function)
    if isinstance(native, Exception) or isinstance(python, Exception):
        assert type(native) is type(python), (native, python)
        assert str(native) == str(python), (str(native), str(python))
        return native
    return native, python
