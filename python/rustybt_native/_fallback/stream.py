"""Streaming indicators in plain Python: the batch fallback's state machines, one value at a time.

Each class wraps the very state machine the fallback's batch function runs (``_Sma``, ``_Ema``,
... in ``indicators.py``, line for line the Rust crate's), so both backends and both modes give
the same numbers. Pickling is Python's default (the instance's attributes).
"""

from __future__ import annotations

import abc
import copy
import math
from collections import deque
from typing import Any, Callable

import numpy as np
import numpy.typing as npt

from ..exceptions import InputTypeError, InvalidInputError
from ._checks import check_finite, rust_float
from .indicators import (
    _Atr,
    _Bbands,
    _Cci,
    _ChainedEma,
    _Change,
    _check_equity_parameters,
    _check_finite_multiplier,
    _check_finite_parameter,
    _check_length,
    _check_period,
    _check_periods,
    _check_policy,
    _check_seed,
    _Ema,
    _Hma,
    _Kama,
    _Macd,
    _Midpoint,
    _Natr,
    _Obv,
    _Rsi,
    _Sma,
    _Stddev,
    _Trima,
    _TrueRange,
    _two_sum,
    _window_noise,
    _Wma,
)
from .mfi import _Mfi
from .oscillators import _Adx, _check_matype, _Lsma, _Stoch, _Willr

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

Lines = tuple[float, float, float]


def _count(name: str, value: int, minimum: int) -> int:
    """A count parameter: an int (TypeError otherwise), negative ones refused as too small."""
    if not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        _check_periods(**{name: (int(value), minimum)})
    return int(value)


def _real(value: Any, name: str) -> float:
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    return float(value)


def _finite(name: str, value: float) -> float:
    if math.isinf(value):
        raise InvalidInputError(
            f"{name} is {rust_float(value)}: infinite values are not allowed "
            "(NaN marks a missing value)"
        )
    return value


def _series(arrays: list[tuple[str, Any]]) -> list[npt.NDArray[np.float64]]:
    """The inputs of ``update_many`` as 1-D float64 arrays of one length, checked as the Rust
    binding checks them: lengths first, then infinite values."""
    series = []
    for name, values in arrays:
        array = np.ascontiguousarray(values, dtype=np.float64)
        if array.ndim != 1:
            raise InputTypeError(f"{name} must be 1-D, got {array.ndim}-D")
        series.append(array)
    first_name, first = arrays[0][0], series[0]
    for (name, _), array in zip(arrays[1:], series[1:]):
        if array.size != first.size:
            raise InvalidInputError(
                f"{first_name} and {name} must have the same length, "
                f"got {first.size} and {array.size}"
            )
    for (name, _), array in zip(arrays, series):
        check_finite(array, name)
    return series


class _Single(abc.ABC):
    """A single-input, single-output streaming indicator."""

    _state: Any
    _new_state: Callable[[], Any]
    _repr: str

    def __init__(self, new_state: Callable[[], Any], described: str) -> None:
        self._new_state = new_state
        self._state = new_state()
        self._last = math.nan
        self._ready = False
        self._repr = described

    def update(self, value: float, /) -> float:
        """Feeds the next value and returns the new output, NaN during the warm-up."""
        out: float = self._state.update(_finite("value", _real(value, "value")))
        self._ready = self._ready or not math.isnan(out)
        self._last = out
        return out

    def update_many(self, values: Any) -> npt.NDArray[np.float64]:
        """Feeds a whole series; returns what the batch function gives on it."""
        (series,) = _series([("values", values)])
        return np.array([self.update(v) for v in series.tolist()], dtype=np.float64)

    @property
    def value(self) -> float:
        """The last output (NaN before the first)."""
        return self._last

    @property
    def is_ready(self) -> bool:
        """Whether an update has returned a number since the start or the last reset."""
        return self._ready

    def reset(self) -> None:
        """Forgets every value seen, keeping the parameters."""
        self._state = self._new_state()
        self._last = math.nan
        self._ready = False

    def __repr__(self) -> str:
        return self._repr

    def __copy__(self) -> Any:
        # An independent indicator, as the native classes give: a shallow copy would share the
        # state machine with the original.
        return copy.deepcopy(self)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_new_state"]  # a lambda; rebuilt from the parameters
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._new_state = self._rebuild()

    @abc.abstractmethod
    def _rebuild(self) -> Callable[[], Any]:
        """A factory of fresh state machines with this indicator's parameters."""


def _describe(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


class _Period(_Single):
    """A single-input indicator whose only parameters are a period and the NaN policy."""

    _minimum = 1

    def __init__(self, period: int, *, nan_policy: str = "propagate") -> None:
        self._period = _count("period", period, self._minimum)
        _check_policy(nan_policy)
        _check_period(self._period, self._minimum)
        self._nan_policy = nan_policy
        described = _describe(type(self).__name__, (self._period,), {"nan_policy": nan_policy})
        super().__init__(self._rebuild(), described)

    def _rebuild(self) -> Callable[[], Any]:
        period, nan_policy, make = self._period, self._nan_policy, self._make
        return lambda: make(period, nan_policy)

    @staticmethod
    @abc.abstractmethod
    def _make(period: int, nan_policy: str) -> Any:
        """A fresh state machine for ``period`` and ``nan_policy``."""


class SMA(_Period):
    """Streaming simple moving average (TA-Lib's SMA)."""

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Sma(period, nan_policy)


class WMA(_Period):
    """Streaming weighted moving average."""

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Wma(period, nan_policy)


class DEMA(_Period):
    """Streaming double EMA."""

    def __init__(self, period: int = 30, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _ChainedEma(period, nan_policy, 2)


class TEMA(_Period):
    """Streaming triple EMA."""

    def __init__(self, period: int = 30, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _ChainedEma(period, nan_policy, 3)


class RSI(_Period):
    """Streaming relative strength index (Wilder)."""

    _minimum = 2

    def __init__(self, period: int = 14, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Rsi(period, nan_policy)


class KAMA(_Period):
    """Streaming Kaufman adaptive moving average."""

    def __init__(self, period: int = 30, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Kama(period, nan_policy)


class MOM(_Period):
    """Streaming momentum."""

    def __init__(self, period: int = 10, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Change(period, nan_policy, "difference")


class ROC(_Period):
    """Streaming rate of change, in percent."""

    def __init__(self, period: int = 10, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Change(period, nan_policy, "percent")


class EMA(_Single):
    """Streaming exponential moving average."""

    def __init__(self, period: int, *, seed: str = "sma", nan_policy: str = "propagate") -> None:
        self._period = _count("period", period, 1)
        _check_seed(seed)
        _check_policy(nan_policy)
        _check_period(self._period, 1)
        self._seed, self._nan_policy = seed, nan_policy
        kwargs = {"seed": seed, "nan_policy": nan_policy}
        super().__init__(self._rebuild(), _describe("EMA", (self._period,), kwargs))

    def _rebuild(self) -> Callable[[], Any]:
        period, seed, nan_policy = self._period, self._seed, self._nan_policy
        return lambda: _Ema(period, seed, nan_policy)


class StdDev(_Single):
    """Streaming standard deviation."""

    def __init__(
        self, period: int = 5, nbdev: float = 1.0, *, nan_policy: str = "propagate"
    ) -> None:
        self._period = _count("period", period, 2)
        self._nbdev = _real(nbdev, "nbdev")
        _check_policy(nan_policy)
        _check_period(self._period, 2)
        _check_finite_multiplier("nbdev", self._nbdev)
        self._nan_policy = nan_policy
        args = (self._period, self._nbdev)
        super().__init__(self._rebuild(), _describe("StdDev", args, {"nan_policy": nan_policy}))

    def _rebuild(self) -> Callable[[], Any]:
        period, nbdev, nan_policy = self._period, self._nbdev, self._nan_policy
        return lambda: _Stddev(period, nbdev, nan_policy)


class _Lines(_Single):
    """A single-input indicator with three outputs per value."""

    _last: Any

    def __init__(self, new_state: Callable[[], Any], described: str) -> None:
        super().__init__(new_state, described)
        self._last = (math.nan, math.nan, math.nan)

    def update(self, value: float, /) -> Lines:  # type: ignore[override]
        """Feeds the next value and returns the three outputs, NaN during the warm-up."""
        out: Lines = self._state.update(_finite("value", _real(value, "value")))
        self._ready = self._ready or not math.isnan(out[0])
        self._last = out
        return out

    def update_many(  # type: ignore[override]
        self, values: Any
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Feeds a whole series; returns the three lines the batch function gives on it."""
        (series,) = _series([("values", values)])
        outputs = [self.update(v) for v in series.tolist()]
        lines = [np.array([o[k] for o in outputs], dtype=np.float64) for k in range(3)]
        return lines[0], lines[1], lines[2]

    @property
    def value(self) -> Lines:  # type: ignore[override]
        """The last outputs (NaN before the first)."""
        return self._last  # type: ignore[no-any-return]

    def reset(self) -> None:
        super().reset()
        self._last = (math.nan, math.nan, math.nan)


class MACD(_Lines):
    """Streaming MACD: ``(macd, signal, hist)`` per value."""

    def __init__(
        self, fast: int = 12, slow: int = 26, signal: int = 9, *, nan_policy: str = "propagate"
    ) -> None:
        self._fast = _count("fast", fast, 2)
        self._slow = _count("slow", slow, 2)
        self._signal = _count("signal", signal, 1)
        _check_policy(nan_policy)
        _check_periods(fast=(self._fast, 2), slow=(self._slow, 2), signal=(self._signal, 1))
        self._nan_policy = nan_policy
        args = (self._fast, self._slow, self._signal)
        super().__init__(self._rebuild(), _describe("MACD", args, {"nan_policy": nan_policy}))

    def _rebuild(self) -> Callable[[], Any]:
        fast, slow, signal, nan_policy = self._fast, self._slow, self._signal, self._nan_policy
        return lambda: _Macd(fast, slow, signal, nan_policy)


class BBands(_Lines):
    """Streaming Bollinger bands: ``(upper, middle, lower)`` per value."""

    def __init__(
        self,
        period: int = 5,
        nbdev_up: float = 2.0,
        nbdev_dn: float = 2.0,
        *,
        nan_policy: str = "propagate",
    ) -> None:
        self._period = _count("period", period, 2)
        self._up = _real(nbdev_up, "nbdev_up")
        self._dn = _real(nbdev_dn, "nbdev_dn")
        _check_policy(nan_policy)
        _check_period(self._period, 2)
        _check_finite_multiplier("nbdev_up", self._up)
        _check_finite_multiplier("nbdev_dn", self._dn)
        self._nan_policy = nan_policy
        args = (self._period, self._up, self._dn)
        super().__init__(self._rebuild(), _describe("BBands", args, {"nan_policy": nan_policy}))

    def _rebuild(self) -> Callable[[], Any]:
        period, up, dn, nan_policy = self._period, self._up, self._dn, self._nan_policy
        return lambda: _Bbands(period, up, dn, nan_policy)


class _Bars(_Single):
    """An indicator of several inputs per bar (high, low, close; or close, volume)."""

    _names: tuple[str, ...] = ("high", "low", "close")

    def update(self, *bar: float) -> float:
        """Feeds the next bar and returns the new output, NaN during the warm-up."""
        if len(bar) != len(self._names):
            raise TypeError(
                f"update() takes {len(self._names)} values ({', '.join(self._names)}), "
                f"got {len(bar)}"
            )
        values = [_finite(n, _real(v, n)) for n, v in zip(self._names, bar)]
        out: float = self._state.update(*values)
        self._ready = self._ready or not math.isnan(out)
        self._last = out
        return out

    def update_many(self, *arrays: Any) -> npt.NDArray[np.float64]:
        """Feeds whole series; returns what the batch function gives on them."""
        if len(arrays) != len(self._names):
            raise TypeError(
                f"update_many() takes {len(self._names)} arrays ({', '.join(self._names)}), "
                f"got {len(arrays)}"
            )
        series = _series(list(zip(self._names, arrays)))
        rows = zip(*(s.tolist() for s in series))
        return np.array([self.update(*bar) for bar in rows], dtype=np.float64)


class _PeriodBars(_Bars, _Period):
    """A several-input indicator whose only parameters are a period (default 14) and the NaN
    policy: `_Bars`' update methods, `_Period`'s construction."""

    def __init__(self, period: int = 14, *, nan_policy: str = "propagate") -> None:
        _Period.__init__(self, period, nan_policy=nan_policy)


class ATR(_PeriodBars):
    """Streaming average true range."""

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Atr(period, nan_policy)


class NATR(_PeriodBars):
    """Streaming normalized average true range."""

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Natr(period, nan_policy)


class CCI(_PeriodBars):
    """Streaming commodity channel index."""

    _minimum = 2

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Cci(period, nan_policy)


class TRange(_Bars):
    """Streaming true range."""

    def __init__(self, *, nan_policy: str = "propagate") -> None:
        _check_policy(nan_policy)
        self._nan_policy = nan_policy
        super().__init__(self._rebuild(), _describe("TRange", (), {"nan_policy": nan_policy}))

    def _rebuild(self) -> Callable[[], Any]:
        nan_policy = self._nan_policy
        return lambda: _TrueRange(nan_policy)


class OBV(_Bars):
    """Streaming on-balance volume."""

    _names = ("close", "volume")

    def __init__(self, *, nan_policy: str = "propagate") -> None:
        _check_policy(nan_policy)
        self._nan_policy = nan_policy
        super().__init__(self._rebuild(), _describe("OBV", (), {"nan_policy": nan_policy}))

    def _rebuild(self) -> Callable[[], Any]:
        nan_policy = self._nan_policy
        return lambda: _Obv(nan_policy)


class Pipeline:
    """Several single-input streaming indicators over one series, updated in one call.

    The pipeline owns copies of the indicators it is given, as the native one does.
    """

    def __init__(self, indicators: Any) -> None:
        members = list(indicators)
        for member in members:
            if not isinstance(member, _Single) or isinstance(member, _Bars):
                raise InputTypeError(
                    "Pipeline takes single-input streaming indicators (SMA, EMA, MACD, ...), "
                    f"got {type(member).__name__}"
                )
        self._members: list[_Single] = [copy.deepcopy(member) for member in members]
        self._width = sum(3 if isinstance(m, _Lines) else 1 for m in members)

    def update(self, value: float, /) -> npt.NDArray[np.float64]:
        """Feeds ``value`` to every indicator; returns their outputs side by side."""
        _finite("value", _real(value, "value"))
        out: list[float] = []
        for member in self._members:
            result = member.update(value)
            if isinstance(result, tuple):
                out.extend(result)
            else:
                out.append(result)
        return np.array(out, dtype=np.float64)

    @property
    def width(self) -> int:
        """Number of outputs per update."""
        return self._width

    @property
    def indicators(self) -> list[Any]:
        """Copies of the indicators as they are now, in order."""
        return [copy.deepcopy(member) for member in self._members]

    def reset(self) -> None:
        """Resets every indicator."""
        for member in self._members:
            member.reset()

    def __len__(self) -> int:
        return len(self._members)


def _event(value: Any, name: str) -> bool:
    """An event given as a number: nonzero is true, 0 and NaN false."""
    number = _real(value, name)
    return number != 0.0 and not math.isnan(number)


class SignalPersistence:
    """Streaming signal persistence: 1 after up, -1 after down, else the previous signal."""

    def __init__(self) -> None:
        self._state = 0
        self._ready = False

    def update(self, up: Any, down: Any, /) -> int:
        """Feeds one bar's events and returns the signal; up wins a tie."""
        is_up, is_down = _event(up, "up"), _event(down, "down")
        if is_up:
            self._state = 1
        elif is_down:
            self._state = -1
        self._ready = True
        return self._state

    def update_many(self, up: Any, down: Any) -> npt.NDArray[np.int8]:
        """Feeds whole event series; returns what the batch function gives on them."""
        ups = np.ascontiguousarray(up, dtype=np.float64)
        downs = np.ascontiguousarray(down, dtype=np.float64)
        if ups.ndim != 1 or downs.ndim != 1:
            raise InputTypeError("up and down must be 1-D")
        if ups.size != downs.size:
            raise InvalidInputError(
                f"up and down must have the same length, got {ups.size} and {downs.size}"
            )
        out = [self.update(u, d) for u, d in zip(ups.tolist(), downs.tolist())]
        return np.array(out, dtype=np.int8)

    @property
    def value(self) -> int:
        """The last signal (0 before the first update)."""
        return self._state

    @property
    def is_ready(self) -> bool:
        """Whether a bar has been fed since the start or the last reset."""
        return self._ready

    def reset(self) -> None:
        """Back to 0."""
        self._state = 0
        self._ready = False

    def __repr__(self) -> str:
        return "SignalPersistence()"


class _Crossing(abc.ABC):
    """The crossing classes: the previous bar's pair, and a persisted signal (``MaSignal``)."""

    _names: tuple[str, str] = ("a", "b")

    def __init__(self) -> None:
        self._previous: tuple[float, float] | None = None
        self._persisted = 0
        self._last = 0
        self._ready = False

    @abc.abstractmethod
    def _signal(self, over: bool, under: bool) -> int:
        """The signal of a bar from its crossings (each class says which)."""

    def _step(self, a: float, b: float) -> int:
        over = under = False
        if self._previous is not None:
            pa, pb = self._previous
            over = a > b and pa <= pb
            under = a < b and pa >= pb
        self._previous = (a, b)
        self._last = self._signal(over, under)
        self._ready = True
        return self._last

    def update(self, a: Any, b: Any, /) -> int:
        """Feeds the next bar and returns its signal."""
        first, second = self._names
        x = _finite(first, _real(a, first))
        y = _finite(second, _real(b, second))
        return self._step(x, y)

    def update_many(self, a: Any, b: Any) -> npt.NDArray[np.int8]:
        """Feeds whole series; returns what the batch function gives on them."""
        first, second = _series([(self._names[0], a), (self._names[1], b)])
        out = [self._step(x, y) for x, y in zip(first.tolist(), second.tolist())]
        return np.array(out, dtype=np.int8)

    @property
    def value(self) -> int:
        """The last signal (0 before the first update)."""
        return self._last

    @property
    def is_ready(self) -> bool:
        """Whether a bar has been fed since the start or the last reset."""
        return self._ready

    def reset(self) -> None:
        """Forgets every bar seen."""
        self.__init__()  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Crossover(_Crossing):
    """Streaming crossover: 1 at a bar where ``a`` crosses over ``b``, else 0."""

    def _signal(self, over: bool, under: bool) -> int:
        return int(over)


class Crossunder(_Crossing):
    """Streaming crossunder: 1 at a bar where ``a`` crosses under ``b``, else 0."""

    def _signal(self, over: bool, under: bool) -> int:
        return int(under)


class MaSignal(_Crossing):
    """Streaming moving-average signal: the persistence of the crossings of price and ma."""

    _names = ("price", "ma")

    def _signal(self, over: bool, under: bool) -> int:
        if over:
            self._persisted = 1
        elif under:
            self._persisted = -1
        return self._persisted


class _Equity:
    """``EquityCurve`` of atc.rs, line for line."""

    def __init__(self, starting_equity: float, decay: float, cutout: int, floor: float) -> None:
        self.starting_equity = starting_equity
        self.keep = 1.0 - decay
        self.cutout = cutout
        self.floor = floor
        self.bars = 0
        self.equity = math.nan

    def update(self, r: float, s: float) -> float:
        if self.bars < self.cutout:
            self.bars += 1
            return math.nan
        if self.bars == self.cutout:
            self.bars += 1
            first = self.starting_equity
            if first < self.floor:
                first = self.floor
            self.equity = first
            return first
        sign = float(s > 0.0) - float(s < 0.0)
        a = r * sign
        if math.isnan(a):
            a = 0.0
        e = (self.equity * self.keep) * (1.0 + a)
        if e < self.floor:
            e = self.floor
        self.equity = e
        return e


class EquityCurve(_Bars):
    """Streaming ATC equity curve."""

    _names = ("returns", "prev_signal")

    def __init__(
        self,
        starting_equity: float = 1.0,
        decay: float = 0.0,
        cutout: int = 0,
        floor: float = 0.25,
    ) -> None:
        self._start = _real(starting_equity, "starting_equity")
        self._decay = _real(decay, "decay")
        self._cutout = _count("cutout", cutout, 0)
        self._floor = _real(floor, "floor")
        _check_equity_parameters(self._start, self._decay, self._floor)
        args = (self._start, self._decay, self._cutout, self._floor)
        super().__init__(self._rebuild(), _describe("EquityCurve", args, {}))

    def _rebuild(self) -> Callable[[], Any]:
        start, decay, cutout, floor = self._start, self._decay, self._cutout, self._floor
        return lambda: _Equity(start, decay, cutout, floor)


class _AtcKamaState:
    """``AtcKama`` of atc.rs, line for line."""

    def __init__(self, length: int, fast: float, slow: float) -> None:
        self.length = length
        self.span = fast - slow
        self.slow = slow
        self.resum_every = max(4 * length, 1024)
        self.window: deque[float] = deque()
        self.seen = 0
        self.until_resum = self.resum_every
        self.total = 0.0
        self.compensation = 0.0
        self.nans = 0
        self.kama = math.nan

    def _noise_from_scratch(self) -> None:
        prices = list(self.window)[-(self.length + 1) :]
        self.total, self.compensation, self.nans = _window_noise(
            prices, len(prices) - 1, self.length
        )

    def update(self, price: float) -> float:
        length = self.length
        self.window.append(price)
        if len(self.window) > length + 2:
            self.window.popleft()
        index = self.seen
        if self.seen <= length:
            self.seen += 1
        if index == 0:
            self.kama = price
        if index < length:
            return self.kama
        if index == length:
            self._noise_from_scratch()
        else:
            self.until_resum -= 1
            if self.until_resum == 0:
                self.until_resum = self.resum_every
                self._noise_from_scratch()
            else:
                incoming = abs(self.window[-1] - self.window[-2])
                outgoing = abs(self.window[1] - self.window[0])
                self.nans += int(math.isnan(incoming)) - int(math.isnan(outgoing))
                incoming = 0.0 if math.isnan(incoming) else incoming
                outgoing = 0.0 if math.isnan(outgoing) else outgoing
                delta, e1 = _two_sum(incoming, -outgoing)
                self.total, e2 = _two_sum(self.total, delta)
                self.compensation += e1 + e2
        noise = math.nan if self.nans > 0 else self.total + self.compensation
        past = self.window[len(self.window) - 1 - length]
        signal = abs(price - past)
        ratio = 0.0 if noise == 0.0 else signal / noise
        smoothing = ratio * self.span + self.slow
        sc = smoothing * smoothing
        previous = price if math.isnan(self.kama) else self.kama
        self.kama = previous + sc * (price - previous)
        return self.kama


class ATCKama(_Single):
    """Streaming ATC KAMA."""

    def __init__(self, length: int = 28, fast: float = 0.666, slow: float = 0.064) -> None:
        self._length = _count("length", length, 1)
        self._fast = _real(fast, "fast")
        self._slow = _real(slow, "slow")
        _check_length(self._length)
        _check_finite_parameter("fast", self._fast)
        _check_finite_parameter("slow", self._slow)
        args = (self._length, self._fast, self._slow)
        super().__init__(self._rebuild(), _describe("ATCKama", args, {}))

    def _rebuild(self) -> Callable[[], Any]:
        length, fast, slow = self._length, self._fast, self._slow
        return lambda: _AtcKamaState(length, fast, slow)

    def update(self, price: float, /) -> float:
        """Feeds the next price and returns the average (the first price through the warm-up)."""
        out: float = self._state.update(_finite("price", _real(price, "price")))
        self._ready = self._ready or not math.isnan(out)
        self._last = out
        return out

    def update_many(self, prices: Any) -> npt.NDArray[np.float64]:
        """Feeds a whole series; returns what the batch function gives on it."""
        (series,) = _series([("prices", prices)])
        return np.array([self.update(v) for v in series.tolist()], dtype=np.float64)


# --- issue 8: streaming classes of the remaining batch indicators --------------------------------


class RateOfChange(_Period):
    """Streaming simple fractional change (``values[i] / values[i - period] - 1``)."""

    def __init__(self, period: int = 1, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Change(period, nan_policy, "fraction")


class MFI(_PeriodBars):
    """Streaming money flow index."""

    _names = ("high", "low", "close", "volume")
    _minimum = 2

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Mfi(period, nan_policy)


class WILLR(_PeriodBars):
    """Streaming Williams' %R."""

    _minimum = 2

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Willr(period, nan_policy)


class ADX(_PeriodBars):
    """Streaming average directional index."""

    _minimum = 2

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Adx(period, nan_policy)


class LSMA(_Period):
    """Streaming least-squares moving average (TA-Lib's LINEARREG)."""

    _minimum = 2

    def __init__(self, period: int = 14, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Lsma(period, nan_policy)


class TRIMA(_Period):
    """Streaming triangular moving average (TA-Lib's TRIMA)."""

    def __init__(self, period: int = 30, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Trima(period, nan_policy)


class MIDPOINT(_Period):
    """Streaming midpoint of the highest and lowest value (TA-Lib's MIDPOINT)."""

    _minimum = 2

    def __init__(self, period: int = 14, *, nan_policy: str = "propagate") -> None:
        super().__init__(period, nan_policy=nan_policy)

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Midpoint(period, nan_policy)


class HMA(_Period):
    """Streaming Hull moving average."""

    _minimum = 2

    @staticmethod
    def _make(period: int, nan_policy: str) -> Any:
        return _Hma(period, nan_policy)


class STOCH(_Bars):
    """Streaming stochastic oscillator: ``(slowk, slowd)`` per bar."""

    _last: Any

    def __init__(
        self,
        fastk_period: int = 5,
        slowk_period: int = 3,
        slowk_matype: int = 0,
        slowd_period: int = 3,
        slowd_matype: int = 0,
        *,
        nan_policy: str = "propagate",
    ) -> None:
        # The order of the native constructor's checks, so both raise the same error first.
        self._fastk = _count("fastk_period", fastk_period, 1)
        self._slowk = _count("slowk_period", slowk_period, 1)
        self._slowk_matype = _matype_code("slowk_matype", slowk_matype)
        self._slowd = _count("slowd_period", slowd_period, 1)
        self._slowd_matype = _matype_code("slowd_matype", slowd_matype)
        _check_policy(nan_policy)
        _check_periods(
            fastk_period=(self._fastk, 1),
            slowk_period=(self._slowk, 1),
            slowd_period=(self._slowd, 1),
        )
        self._nan_policy = nan_policy
        args = (self._fastk, self._slowk, self._slowk_matype, self._slowd, self._slowd_matype)
        super().__init__(self._rebuild(), _describe("STOCH", args, {"nan_policy": nan_policy}))
        self._last = (math.nan, math.nan)

    def _rebuild(self) -> Callable[[], Any]:
        fastk, slowk, slowd = self._fastk, self._slowk, self._slowd
        k_type, d_type, nan_policy = self._slowk_matype, self._slowd_matype, self._nan_policy
        return lambda: _Stoch(fastk, slowk, k_type, slowd, d_type, nan_policy)

    def update(self, *bar: float) -> tuple[float, float]:  # type: ignore[override]
        """Feeds the next bar and returns ``(slowk, slowd)``, NaN during the warm-up."""
        if len(bar) != len(self._names):
            raise TypeError(
                f"update() takes {len(self._names)} values ({', '.join(self._names)}), "
                f"got {len(bar)}"
            )
        values = [_finite(n, _real(v, n)) for n, v in zip(self._names, bar)]
        out: tuple[float, float] = self._state.update(*values)
        self._ready = self._ready or not math.isnan(out[0])
        self._last = out
        return out

    def update_many(  # type: ignore[override]
        self, *arrays: Any
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Feeds whole series; returns the two lines the batch function gives on them."""
        if len(arrays) != len(self._names):
            raise TypeError(
                f"update_many() takes {len(self._names)} arrays ({', '.join(self._names)}), "
                f"got {len(arrays)}"
            )
        series = _series(list(zip(self._names, arrays)))
        outputs = [self.update(*bar) for bar in zip(*(s.tolist() for s in series))]
        lines = [np.array([o[k] for o in outputs], dtype=np.float64) for k in range(2)]
        return lines[0], lines[1]

    @property
    def value(self) -> tuple[float, float]:  # type: ignore[override]
        """The last outputs (NaN before the first)."""
        return self._last  # type: ignore[no-any-return]

    def reset(self) -> None:
        super().reset()
        self._last = (math.nan, math.nan)


def _matype_code(name: str, value: int) -> int:
    """A TA-Lib moving-average type code (0 SMA, 1 EMA), as the native constructor reads it."""
    if not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    _check_matype(name, int(value))
    return int(value)
