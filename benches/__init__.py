"""Cross-language benchmark suite for rustybt-native: ``python -m benches``.

Each public function is timed three ways in one process: the native (Rust) backend, the pure-Python
fallback of the same public function (switched with ``rustybt_native.set_backend``), and the tools
people use today (Python ``decimal``, numpy, pandas, pyarrow, polars, TA-Lib, empyrical). The report
gives medians and ratios measured minutes apart at most, because on shared two-core machines only
ratios taken in one run mean anything.

Usage
-----
``python -m benches [--profile quick|full] [--only PATTERN] [--output DIR]`` from the repository
root. Cases live in :mod:`benches.cases`, one module per core crate; add a function by adding a case
builder there.
"""

from __future__ import annotations

from benches.core import Case, Impl, Overhead
from benches.profiles import PROFILES, Profile
from benches.runner import RunResult, run

__all__ = ["PROFILES", "Case", "Impl", "Overhead", "Profile", "RunResult", "run"]
