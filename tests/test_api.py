"""The package surface: backends, import cost, exceptions, version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import rustybt_native as rn
import tomllib
from rustybt_native import exceptions as exc

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


def test_backend_attribute_tracks_set_backend(backend: str) -> None:
    assert rn.backend == backend


def test_set_backend_rejects_unknown_names() -> None:
    with pytest.raises(exc.InvalidParameterError, match="backend must be one of"):
        rn.set_backend("fortran")


def test_native_extension_is_a_release_build(backend: str) -> None:
    from rustybt_native import _native

    assert _native.build_profile == "release"
    assert _native.__version__ == rn.__version__


def test_version_matches_the_cargo_workspace() -> None:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    assert rn.__version__ == cargo["workspace"]["package"]["version"]


def test_import_is_light() -> None:
    result = run_python(
        "import sys, rustybt_native\n"
        "heavy = [m for m in ('pandas', 'polars', 'pyarrow') if m in sys.modules]\n"
        "print(heavy)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(("choice", "expected"), [("python", "python"), ("native", "native")])
def test_environment_variable_selects_the_backend(choice: str, expected: str) -> None:
    result = run_python(
        "import rustybt_native as rn; print(rn.backend)", RUSTYBT_NATIVE_BACKEND=choice
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
    assert "Warning" not in result.stderr


def test_environment_variable_rejects_unknown_values() -> None:
    result = run_python("import rustybt_native", RUSTYBT_NATIVE_BACKEND="gpu")
    assert result.returncode != 0
    assert "RUSTYBT_NATIVE_BACKEND must be 'auto', 'native' or 'python'" in result.stderr


HIDE_EXTENSION = "import sys; sys.modules['rustybt_native._native'] = None\n"


def test_auto_falls_back_with_one_warning_when_the_extension_is_missing() -> None:
    result = run_python(
        HIDE_EXTENSION
        + "import rustybt_native as rn; print(rn.backend, rn.indicators.sma([1.0, 3.0], 2))",
        RUSTYBT_NATIVE_BACKEND="auto",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "python"
    assert result.stderr.count("RuntimeWarning") == 1
    assert "make develop" in result.stderr


def test_native_without_the_extension_says_how_to_build_it() -> None:
    result = run_python(HIDE_EXTENSION + "import rustybt_native", RUSTYBT_NATIVE_BACKEND="native")
    assert result.returncode != 0
    assert "ImportError" in result.stderr
    assert "make develop" in result.stderr


@pytest.mark.parametrize(
    ("name", "builtin"),
    [
        ("InvalidParameterError", ValueError),
        ("InvalidInputError", ValueError),
        ("InputTypeError", TypeError),
        ("DecimalOverflowError", OverflowError),
        ("DecimalParseError", ValueError),
        ("DivisionByZeroError", ZeroDivisionError),
        ("ColumnNotFoundError", KeyError),
    ],
)
def test_exceptions_derive_from_the_builtin_a_caller_catches(name: str, builtin: type) -> None:
    cls = getattr(exc, name)
    assert issubclass(cls, exc.RustyBTError)
    assert issubclass(cls, builtin)


def test_public_names() -> None:
    assert set(rn.__all__) == {
        "__version__",
        "aggregation",
        "backend",
        "decimal",
        "exceptions",
        "indicators",
        "ledger",
        "metrics",
        "set_backend",
        "atc",
    }
    with pytest.raises(AttributeError):
        rn.no_such_thing  # noqa: B018


def test_float64_contiguous_input_reaches_the_kernel_without_a_copy() -> None:
    from rustybt_native._validation import float_array, int64_timestamps

    values = np.arange(10, dtype=np.float64)
    assert float_array(values, "values") is values
    timestamps = np.arange(10, dtype=np.int64)
    assert int64_timestamps(timestamps, "timestamps")[0] is timestamps
    # a strided view must be made contiguous once, at the edge
    assert float_array(values[::2], "values").flags.c_contiguous


def test_native_kernels_release_the_gil() -> None:
    """While a long native call runs in one thread, another thread keeps running Python code."""
    import threading

    from rustybt_native import _native

    timestamps = np.arange(0, 6_000_000 * 60_000_000_000, 60_000_000_000, dtype=np.int64)
    started = threading.Event()

    def work() -> None:
        started.set()
        for _ in range(3):
            _native.bucket_starts(timestamps, "5m")

    worker = threading.Thread(target=work)
    worker.start()
    started.wait()
    steps = 0
    while worker.is_alive():  # with the GIL held by the kernel this loop could not advance
        steps += 1
    worker.join()
    # Measured here: ~200,000 steps with the GIL released, ~10,000 for a C call that holds it.
    assert steps > 50_000
