"""Streaming indicators for live trading: one bar in, one value out, identical to batch.

Imported as ``rustybt_native.indicators.stream`` (this private module is registered under that
name; ``rustybt_native.indicators`` stays a plain module).

Each class owns the very state machine the batch function of :mod:`rustybt_native.indicators`
runs, so feeding a series one value at a time gives the batch output bit for bit, and so does
:meth:`update_many` over any split of the series. An update is O(1) amortised and allocates
nothing in Rust.

Every class has:

- ``update(value)`` (``update(high, low, close)`` for ATR, NATR, TRange, CCI, WILLR, ADX and STOCH;
  ``update(close, volume)`` for OBV; ``update(high, low, close, volume)`` for MFI;
  ``update(returns, prev_signal)`` for EquityCurve): the
  new output, NaN during the warm-up; a tuple of two floats for STOCH ``(slowk, slowd)``, of
  three floats for MACD
  ``(macd, signal, hist)`` and BBands ``(upper, middle, lower)``;
- ``update_many(values)`` (or one array per input): the outputs for a whole series, equal to
  the batch function's (a tuple of three arrays for MACD and BBands);
- ``value`` (the last output), ``is_ready`` (an update has returned a number since the start or
  the last reset), ``reset()``;
- pickling (``pickle``, ``copy``): the parameters and the state, so a strategy can stop and
  resume in another process exactly where it was.

NaN updates follow ``nan_policy`` as in the batch functions: NaNs before the first number are
skipped; later, ``"propagate"`` (TA-Lib's behaviour) lets the NaN enter the running arithmetic
(every later output of a running-sum indicator is NaN), ``"skip"`` returns NaN and leaves the
state untouched. Infinite values raise
:class:`~rustybt_native.exceptions.InvalidInputError` and leave the state untouched; negative
or too small periods raise :class:`~rustybt_native.exceptions.InvalidParameterError`.

:class:`Pipeline` updates several single-input indicators in one call. ``SignalPersistence``
(``update(up, down)``, events as numbers: nonzero is true, 0 and NaN false) returns an int
signal, int8 arrays from ``update_many``; so do ``Crossover`` and ``Crossunder`` (``update(a, b)``,
1 at a crossing bar, else 0) and ``MaSignal`` (``update(price, ma)``, the persisted signal of
the batch ``ma_signal``).

The classes come from the backend current when they are looked up (``stream.SMA`` after
:func:`rustybt_native.set_backend`), as the batch functions do at call time.

Examples
--------
>>> from rustybt_native.indicators import stream
>>> sma = stream.SMA(3)
>>> [sma.update(v) for v in (1.0, 2.0, 3.0, 4.0)]
[nan, nan, 2.0, 3.0]
>>> sma.value, sma.is_ready
(3.0, True)
>>> macd = stream.MACD(2, 3, 2)
>>> macd.update_many([1.0, 2.0, 4.0, 8.0])[0]
array([       nan,        nan,        nan, 1.16666667])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _backend

__all__ = [
    "ADX",
    "ATR",
    "CCI",
    "DEMA",
    "EMA",
    "HMA",
    "KAMA",
    "LSMA",
    "MACD",
    "MFI",
    "MIDPOINT",
    "MOM",
    "NATR",
    "OBV",
    "ROC",
    "RSI",
    "SMA",
    "STOCH",
    "TEMA",
    "TRIMA",
    "WILLR",
    "WMA",
    "ATCKama",
    "BBands",
    "Crossover",
    "Crossunder",
    "EquityCurve",
    "MaSignal",
    "Pipeline",
    "RateOfChange",
    "SignalPersistence",
    "StdDev",
    "TRange",
]

if TYPE_CHECKING:
    from ._native import (
        ADX as ADX,
    )
    from ._native import (
        ATR as ATR,
    )
    from ._native import (
        CCI as CCI,
    )
    from ._native import (
        DEMA as DEMA,
    )
    from ._native import (
        EMA as EMA,
    )
    from ._native import (
        HMA as HMA,
    )
    from ._native import (
        KAMA as KAMA,
    )
    from ._native import (
        LSMA as LSMA,
    )
    from ._native import (
        MACD as MACD,
    )
    from ._native import (
        MFI as MFI,
    )
    from ._native import (
        MIDPOINT as MIDPOINT,
    )
    from ._native import (
        MOM as MOM,
    )
    from ._native import (
        NATR as NATR,
    )
    from ._native import (
        OBV as OBV,
    )
    from ._native import (
        ROC as ROC,
    )
    from ._native import (
        RSI as RSI,
    )
    from ._native import (
        SMA as SMA,
    )
    from ._native import (
        STOCH as STOCH,
    )
    from ._native import (
        TEMA as TEMA,
    )
    from ._native import (
        TRIMA as TRIMA,
    )
    from ._native import (
        WILLR as WILLR,
    )
    from ._native import (
        WMA as WMA,
    )
    from ._native import (
        ATCKama as ATCKama,
    )
    from ._native import (
        BBands as BBands,
    )
    from ._native import (
        Crossover as Crossover,
    )
    from ._native import (
        Crossunder as Crossunder,
    )
    from ._native import (
        EquityCurve as EquityCurve,
    )
    from ._native import (
        MaSignal as MaSignal,
    )
    from ._native import (
        Pipeline as Pipeline,
    )
    from ._native import (
        RateOfChange as RateOfChange,
    )
    from ._native import (
        SignalPersistence as SignalPersistence,
    )
    from ._native import (
        StdDev as StdDev,
    )
    from ._native import (
        TRange as TRange,
    )


def _implementation() -> Any:
    if _backend.name == "native":
        return _backend.impl
    from ._fallback import stream

    return stream


def __getattr__(name: str) -> Any:
    # Looked up live, so set_backend() shows through, as it does for the batch functions.
    if name in __all__:
        return getattr(_implementation(), name)
    raise AttributeError(f"module 'rustybt_native.indicators.stream' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
