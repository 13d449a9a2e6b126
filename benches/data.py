"""Seeded inputs shared by every case, so each function is timed on the same data run after run.

They look like the Rust benches' data (``crates/bench-data``) without being bit-identical to it:
numpy's generator, seed 42, a fresh generator per call.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SEED = 42
#: 2024-01-01T00:00:00Z in nanoseconds since the epoch.
START_NS = 1_704_067_200_000_000_000
MINUTE_NS = 60_000_000_000


def _rng() -> np.random.Generator:
    return np.random.default_rng(SEED)


def prices(n: int) -> npt.NDArray[np.float64]:
    """Prices with two decimals, uniform in [1, 1000).

    Parameters
    ----------
    n : int
        Number of prices.

    Returns
    -------
    ndarray of float64
        The prices, rounded to cents.
    """
    return np.round(_rng().uniform(1.0, 1000.0, n), 2)


def prices_4dp(n: int, stream: int = 0) -> npt.NDArray[np.float64]:
    """Prices with four decimals, uniform in [1, 1000) (the decimal kernels' inputs).

    Parameters
    ----------
    n : int
        Number of prices.
    stream : int, optional
        Picks an independent series (0, 1, ...) for two-operand kernels.

    Returns
    -------
    ndarray of float64
        The prices, rounded to 4 decimals.
    """
    return np.round(np.random.default_rng(SEED + stream).uniform(1.0, 1000.0, n), 4)


def price_matrix(rows: int, cols: int) -> npt.NDArray[np.float64]:
    """A (time x assets) C-contiguous matrix of prices, as :func:`prices`.

    Parameters
    ----------
    rows : int
        Number of time steps.
    cols : int
        Number of assets.

    Returns
    -------
    ndarray of float64, shape (rows, cols)
        The prices.
    """
    return prices(rows * cols).reshape(rows, cols)


def returns(n: int) -> npt.NDArray[np.float64]:
    """Daily-like returns: uniform in [-2%, +2%) plus a 0.03% drift.

    Parameters
    ----------
    n : int
        Number of returns.

    Returns
    -------
    ndarray of float64
        The returns.
    """
    return _rng().uniform(-0.02, 0.02, n) + 0.0003


def minute_timestamps(n: int) -> npt.NDArray[np.int64]:
    """Sorted int64 nanosecond timestamps 1-3 minutes apart, starting after 2024-01-01T00:00Z.

    Parameters
    ----------
    n : int
        Number of timestamps.

    Returns
    -------
    ndarray of int64
        The timestamps, strictly increasing.
    """
    gaps = MINUTE_NS * (1 + _rng().integers(0, 3, n, dtype=np.int64))
    return START_NS + np.cumsum(gaps, dtype=np.int64)
