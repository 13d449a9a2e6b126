"""Technical indicators matching TA-Lib.

Float64 in, float64 out, same length as the input, NaN through the warm-up exactly where TA-Lib
puts it. 2-D input is read as time x assets and computed column by column.

Missing values: NaNs before the first number are skipped and the warm-up starts at the first
number, as TA-Lib's Python wrapper does. A NaN after that follows ``nan_policy``:

- ``"propagate"`` (default, TA-Lib parity): the NaN enters the running arithmetic and every later
  output is NaN, exactly as TA-Lib gives;
- ``"skip"``: the NaN gives NaN at its own position and is otherwise ignored; windows hold the last
  ``period`` valid values, so each valid position gets TA-Lib's value on the series without NaNs.

Infinite values raise :class:`~rustybt_native.exceptions.InvalidInputError`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from . import _backend
from ._validation import float_array, text, window

__all__ = ["sma"]


def sma(values: Any, period: int, *, nan_policy: str = "propagate") -> npt.NDArray[np.float64]:
    """Simple moving average, as TA-Lib's ``SMA``.

    Parameters
    ----------
    values : array-like of float, 1-D (time) or 2-D (time x assets)
        Prices or any series; ints are converted to float64.
    period : int
        Window length, >= 1: 1 returns the input, and a period longer than the series gives all
        NaN (as TA-Lib does).
    nan_policy : {"propagate", "skip"}, default "propagate"
        What a NaN after the first number does: poison every later output as in TA-Lib
        ("propagate"), or give NaN at its position only ("skip"); see the module docstring.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``values``; the first ``period - 1`` values (per column) are NaN. The
        running sum follows TA-Lib's order of operations, so values equal TA-Lib's bit for bit.

    Raises
    ------
    InvalidParameterError
        If ``period`` < 1 or ``nan_policy`` is not one of the two names.
    InvalidInputError
        If a value is infinite, or ``values`` is not 1-D or 2-D.
    InputTypeError
        For a non-integer ``period`` or non-numeric ``values``.

    Examples
    --------
    >>> import rustybt_native as rn
    >>> rn.indicators.sma([1.0, 2.0, 3.0, 4.0], 3)
    array([nan, nan,  2.,  3.])
    >>> rn.indicators.sma([[1.0, 10.0], [3.0, 30.0]], 2)  # two assets
    array([[nan, nan],
           [ 2., 20.]])
    >>> rn.indicators.sma([1.0, 2.0, float("nan"), 4.0, 6.0], 2, nan_policy="skip")
    array([nan, 1.5, nan, 3. , 5. ])
    """
    array = float_array(values, "values", ndims=(1, 2))
    length = window(period, "period", array.shape[0])
    policy = text(nan_policy, "nan_policy")
    if array.ndim == 2:
        return _backend.impl.sma_2d(array, length, policy)  # type: ignore[no-any-return]
    return _backend.impl.sma(array, length, policy)  # type: ignore[no-any-return]
