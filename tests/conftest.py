"""Every test runs once per backend: the Rust extension and the pure-Python fallback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rustybt_native as rn
from _helpers import BACKENDS


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Switch to the backend under test; the native one must be importable (no silent skip)."""
    previous = rn.backend
    rn.set_backend(request.param)
    yield request.param
    rn.set_backend(previous)
