"""2-D (time x portfolios) returns for the fallback metrics: the 1-D function per column."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

import numpy as np

F = TypeVar("F", bound=Callable[..., Any])


def per_column(kind: str) -> Callable[[F], F]:
    """Make a 1-D metric take a 2-D array too, column by column (left to right, so the first
    failing column raises, as the native backend reports it).

    Parameters
    ----------
    kind : {"scalar", "pair", "series"}
        The metric gives one float per series (2-D gives a float64 array of one value per
        column), two floats (2-D gives two such arrays), or a series (2-D gives the series as
        the columns of a matrix).

    Returns
    -------
    callable
        The decorator.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(values: Any, *args: Any, **kwargs: Any) -> Any:
            if np.ndim(values) != 2:
                return func(values, *args, **kwargs)
            results = [
                func(np.ascontiguousarray(values[:, j]), *args, **kwargs)
                for j in range(values.shape[1])
            ]
            if kind == "scalar":
                return np.array(results, dtype=np.float64)
            if kind == "pair":
                firsts = np.array([r[0] for r in results], dtype=np.float64)
                seconds = np.array([r[1] for r in results], dtype=np.float64)
                return firsts, seconds
            if not results:
                return np.empty((0, 0), dtype=np.float64)
            return np.ascontiguousarray(np.column_stack(results), dtype=np.float64)

        return wrapper  # type: ignore[return-value]

    return decorate
