"""Cases for the oscillators of ``rustybt_native.indicators`` (willr, stoch, adx, mfi) and
``lsma``."""

from __future__ import annotations

from functools import partial
from types import ModuleType
from typing import Callable

import numpy as np

from benches.cases.indicators import FALLBACK_1D, FALLBACK_2D, _as_series, _inputs
from benches.core import Case, Impl, peer, rn_module, rn_pair, shape_label, sized_cases
from benches.profiles import Profile

#: name -> (TA-Lib's name, takes high/low/close, arguments after the inputs, title)
OSCILLATORS: dict[str, tuple[str, bool, tuple[int, ...], str]] = {
    "willr": ("WILLR", True, (14,), "Williams' %R, period 14"),
    "stoch": ("STOCH", True, (5, 3, 0, 3, 0), "STOCH 5/3/3, SMA (two lines)"),
    "adx": ("ADX", True, (14,), "ADX, period 14"),
    "lsma": ("LINEARREG", False, (14,), "least-squares MA (LINEARREG), period 14"),
    "mfi": ("MFI", True, (14,), "money flow index, period 14 (with volume)"),
}

#: Oscillators that also take the volume, after high, low and close.
WITH_VOLUME = frozenset({"mfi"})


def cases(profile: Profile) -> list[Case]:
    """Each oscillator on one column of bars per size, then on (time x assets) bars per shape.

    Parameters
    ----------
    profile : Profile
        Sizes and matrix shapes to build.

    Returns
    -------
    list of Case
        ``indicators.willr``, ``stoch``, ``adx``, ``lsma`` and ``mfi``: native vs fallback vs
        TA-Lib (a loop over the columns for 2-D).
    """
    out: list[Case] = []
    for name, (_, _, _, title) in OSCILLATORS.items():
        group = f"indicators.{name}"
        out += sized_cases(
            profile.sizes,
            group=group,
            variant="[1d]",
            table=f"{group} - 1-D bars, {title}",
            baseline=FALLBACK_1D,
            build=partial(_as_series, partial(_impls, name)),
        )
        out += [
            Case(
                name=f"{group}[2d]/{shape_label(shape)}",
                group=group,
                table=f"{group} - 2-D bars (time x assets), {title}",
                size=shape[0] * shape[1],
                shape=shape,
                baseline=FALLBACK_2D,
                build=partial(_impls, name, shape),
            )
            for shape in profile.matrix_shapes
        ]
    return out


def _impls(name: str, shape: tuple[int, ...]) -> dict[str, Impl]:
    peer_name, bars, options, _ = OSCILLATORS[name]
    close, path = _inputs(shape)
    inputs = [close * 1.01, close * 0.99, close] if bars else [close]
    if name in WITH_VOLUME:
        inputs.append(np.ascontiguousarray(close[::-1] * 100.0))
    function = getattr(rn_module("indicators"), name)
    impls = rn_pair(path, lambda: function(*inputs, *options))

    def make(talib: ModuleType) -> Callable[[], object]:
        peer_function = getattr(talib, peer_name)
        if close.ndim == 1:
            return partial(peer_function, *inputs, *options)
        columns = [
            [np.ascontiguousarray(values[:, j]) for values in inputs] for j in range(close.shape[1])
        ]

        def loop() -> object:
            results = [peer_function(*c, *options) for c in columns]
            if isinstance(results[0], tuple):
                return tuple(np.column_stack(lines) for lines in zip(*results))
            return np.column_stack(results)

        return loop

    label = f"talib.{peer_name}" + ("" if close.ndim == 1 else " loop over columns")
    impls[label] = peer("talib", make)
    return impls
