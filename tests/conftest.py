"""Every test runs once per backend: the Rust extension and the pure-Python fallback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rustybt_native as rn
from _helpers import BACKENDS
from hypothesis import settings

# Reproducible runs on noisy shared machines: the same examples every run (a failure found once
# is found again), and no per-example deadline (the pure-Python fallback is slow by design).
# Explore new examples locally with --hypothesis-profile=explore.
settings.register_profile("rustybt", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=2000)
settings.load_profile("rustybt")


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Switch to the backend under test; the native one must be importable (no silent skip)."""
    previous = rn.backend
    rn.set_backend(request.param)
    yield request.param
    rn.set_backend(previous)
