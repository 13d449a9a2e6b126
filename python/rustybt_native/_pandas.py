"""pandas in, pandas out, without importing pandas.

The kernels work on numpy arrays (a Series or DataFrame converts with ``np.asarray``, positionally:
indexes are not aligned). :func:`pandas_io` wraps a public function so that, when an argument is a
pandas Series or DataFrame, each output array of that argument's shape comes back as a Series or
DataFrame with its index (and columns). pandas is only looked up in ``sys.modules``: if it has not
been imported, no argument can be a pandas object, and numpy results pass through untouched.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def _template(pd: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """The pandas arguments, in order (positional first)."""
    kinds = (pd.Series, pd.DataFrame)
    return [value for value in (*args, *kwargs.values()) if isinstance(value, kinds)]


def _wrap(pd: Any, out: Any, candidates: list[Any], name: str) -> Any:
    """``out`` as a Series/DataFrame shaped like the first candidate of its shape, else ``out``."""
    shape = getattr(out, "shape", None)
    for template in candidates:
        if template.shape != shape:
            continue
        if isinstance(template, pd.Series):
            return pd.Series(out, index=template.index, name=name, copy=False)
        return pd.DataFrame(out, index=template.index, columns=template.columns, copy=False)
    return out


def pandas_io(function: F, names: tuple[str, ...] | None = None) -> F:
    """``function`` returning pandas objects when given pandas objects.

    A single output becomes a Series named after the function (or a DataFrame with the input's
    index and columns); a tuple of outputs becomes a tuple of those, the Series named ``names``.
    """
    line_names = names or (function.__name__,)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        out = function(*args, **kwargs)
        pd = sys.modules.get("pandas")
        if pd is None:
            return out
        candidates = _template(pd, args, kwargs)
        if not candidates:
            return out
        if isinstance(out, tuple):
            return tuple(
                _wrap(pd, line, candidates, name)
                for line, name in zip(out, line_names, strict=True)
            )
        return _wrap(pd, out, candidates, line_names[0])

    return wrapper  # type: ignore[return-value]
