"""Backend selection: the Rust extension, or the pure-Python fallback.

``RUSTYBT_NATIVE_BACKEND`` chooses at import time:

- ``auto`` (default): the extension, falling back to Python with one ``RuntimeWarning`` if it
  cannot be imported;
- ``native``: the extension, or an ``ImportError`` that says how to build it;
- ``python``: the fallback, always.

Public functions look the backend up at call time, so :func:`set_backend` switches every later
call in the process (the benchmark suite and the tests use that to run both).
"""

from __future__ import annotations

import importlib
import os
import warnings
from types import ModuleType

from .exceptions import InvalidParameterError

ENV_VAR = "RUSTYBT_NATIVE_BACKEND"
BACKENDS = ("native", "python")
_BUILD_HINT = (
    "build it with `make develop` in a source checkout, or install a wheel with "
    "`pip install rustybt-native`"
)

name: str = "python"
impl: ModuleType


def _import_native() -> ModuleType:
    native = importlib.import_module("rustybt_native._native")
    if getattr(native, "build_profile", "release") == "debug":
        warnings.warn(
            "rustybt_native was built in debug mode and runs 10-50x slower; "
            "rebuild with `make develop` (release)",
            RuntimeWarning,
            stacklevel=3,
        )
    return native


def set_backend(backend: str) -> None:
    """Use ``backend`` ("native" or "python") for every later call in this process.

    Parameters
    ----------
    backend : str
        ``"native"`` for the Rust extension, ``"python"`` for the pure-Python fallback.

    Raises
    ------
    InvalidParameterError
        If ``backend`` is neither name.
    ImportError
        If ``"native"`` is asked for and the extension cannot be imported.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.set_backend("python")
    >>> rn.backend
    'python'
    >>> rn.set_backend("native")
    """
    global name, impl
    if backend == "python":
        impl = importlib.import_module("rustybt_native._fallback")
    elif backend == "native":
        try:
            impl = _import_native()
        except ImportError as error:
            raise ImportError(
                f"the rustybt_native extension cannot be imported ({error}); {_BUILD_HINT}"
            ) from error
    else:
        raise InvalidParameterError(
            f"backend must be one of {', '.join(map(repr, BACKENDS))}, got {backend!r}"
        )
    name = backend


def _select_from_environment() -> None:
    choice = os.environ.get(ENV_VAR, "auto").strip().lower() or "auto"
    if choice == "auto":
        try:
            set_backend("native")
        except ImportError as error:
            warnings.warn(
                f"{error}; using the pure-Python fallback, which gives the same results "
                f"more slowly (set {ENV_VAR}=python to silence this warning)",
                RuntimeWarning,
                stacklevel=3,
            )
            set_backend("python")
    elif choice in BACKENDS:
        set_backend(choice)
    else:
        raise InvalidParameterError(
            f"{ENV_VAR} must be 'auto', 'native' or 'python', got {choice!r}"
        )


_select_from_environment()
