"""Checks the fallback kernels share, worded as the Rust kernels word them."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError


def rust_float(value: float) -> str:
    """``value`` as Rust's ``{}`` writes an f64 (inf, NaN, 1, 0.5), for identical messages."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


def check_finite(values: npt.NDArray[np.float64], name: str) -> None:
    """Raise for the first infinite value (by flat position); NaN is allowed."""
    infinite = np.flatnonzero(np.isinf(values))
    if infinite.size:
        index = int(infinite[0])
        raise InvalidInputError(
            f"{name}[{index}] is {rust_float(float(values.flat[index]))}: infinite values are "
            "not allowed (NaN marks a missing value)"
        )
