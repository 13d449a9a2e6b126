"""Time buckets with Python integers, so no intermediate can overflow."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import partial
from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import DecimalOverflowError, InvalidInputError, InvalidParameterError

_UNITS = {
    "ns": 1,
    "us": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
    "d": 86_400_000_000_000,
    "w": 604_800_000_000_000,
}
_PART = re.compile(r"([0-9]*)([A-Za-z]*)")
_FIRST_MONDAY_NS = 4 * 86_400_000_000_000  # 1970-01-05, where week buckets start
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _parse_duration(text: str, name: str, positive: bool = False) -> tuple[int, bool]:
    """(nanoseconds, uses weeks) of a duration such as "5m" or "1h30m"."""

    def fail(reason: str) -> InvalidParameterError:
        return InvalidParameterError(f'{name}="{text}" is not a valid duration: {reason}')

    body = text.strip()
    negative = body.startswith("-")
    rest = body[1:] if negative else body
    if not rest:
        raise fail('expected parts like "5m", "1h30m" or "1d"')
    nanos, has_weeks = 0, False
    while rest:
        match = _PART.match(rest)
        digits, unit = (match.group(1), match.group(2)) if match else ("", "")
        if not digits:
            raise fail("each part needs a whole number before its unit")
        count = int(digits)
        if count > _INT64_MAX:
            raise fail("the number is too large")
        rest = rest[len(digits) + len(unit) :]
        if unit not in _UNITS:
            raise fail(
                f'unknown unit "{unit}"; use ns, us, ms, s, m (minute), h, d or w '
                "(calendar months and years have no fixed length)"
            )
        has_weeks |= unit == "w"
        nanos += count * _UNITS[unit]
        if nanos > _INT64_MAX:
            raise fail("longer than int64 nanoseconds (about 292 years)")
    nanos = -nanos if negative else nanos
    if positive and nanos <= 0:
        raise fail("the bucket length must be positive")
    return nanos, has_weeks


def bucket_starts(
    timestamps: npt.NDArray[np.int64], every: str, offset: Optional[str] = None
) -> npt.NDArray[np.int64]:
    """floor((t - origin - offset) / every) * every + origin + offset for each timestamp."""
    every_ns, has_weeks = _parse_duration(every, "every", positive=True)
    offset_ns = _parse_duration(offset, "offset")[0] if offset is not None else 0
    anchor = (_FIRST_MONDAY_NS if has_weeks else 0) + offset_ns
    starts = []
    previous = _INT64_MIN
    for index, t in enumerate(timestamps.tolist()):
        if t == _INT64_MIN:
            raise InvalidInputError(
                f"timestamps[{index}] is NaT (missing); drop missing timestamps first"
            )
        if t < previous:
            raise InvalidInputError(
                f"timestamps must be sorted ascending: timestamps[{index}] = {t} comes after "
                f"timestamps[{index - 1}] = {previous}"
            )
        previous = t
        start = (t - anchor) // every_ns * every_ns + anchor
        if not _INT64_MIN <= start <= _INT64_MAX:
            raise InvalidInputError(
                f"the bucket of timestamps[{index}] = {t} starts outside the int64 nanosecond range"
            )
        starts.append(start)
    return np.array(starts, dtype=np.int64)


# --- resampling (issue 7) ------------------------------------------------------------------

_DAY_NS = 86_400_000_000_000
_MAX_MANTISSA = 10**38 - 1  # decimal128 holds 38 digits
_AGGS = ("first", "last", "min", "max", "sum", "mean")


def _choice(name: str, text: str, expected: str) -> InvalidParameterError:
    return InvalidParameterError(f'{name}="{text}" is not valid: expected {expected}')


def _side(text: str, name: str) -> int:
    """0 for "left", 1 for "right"."""
    if text not in ("left", "right"):
        raise _choice(name, text, "'left' or 'right'")
    return 0 if text == "left" else 1


def _agg(text: str) -> str:
    if text not in _AGGS:
        raise _choice("agg", text, "'first', 'last', 'min', 'max', 'sum', 'mean' or 'count'")
    return text


def _offsets(array: npt.NDArray[np.int64], name: str) -> list[int]:
    values = [int(v) for v in array.tolist()]
    if any(v < 0 for v in values):
        raise InvalidInputError(f"{name} must not be negative")
    return values


def _check_bounds(bounds: list[int], rows: int) -> None:
    rising = all(a <= b for a, b in zip(bounds, bounds[1:]))
    if not bounds or bounds[0] != 0 or bounds[-1] != rows or not rising:
        raise InvalidInputError(
            f"group or bar offsets must rise from 0 to the number of rows ({rows})"
        )


def resample_runs(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    every: str,
    offset: Optional[str],
    closed: str,
    label: str,
    origin: str,
    origin_ns: Optional[int],
    fill: bool,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Labels, row offsets and group offsets of the bars (see the Rust ``bucket_runs``)."""
    every_ns, has_weeks = _parse_duration(every, "every", positive=True)
    offset_ns = _parse_duration(offset, "offset")[0] if offset is not None else 0
    shift = _side(closed, "closed")
    label_shift = _side(label, "label")
    if origin_ns is None and origin not in ("epoch", "start", "start_day"):
        raise _choice("origin", origin, "'epoch', 'start', 'start_day' or a timestamp")
    groups = _offsets(group_bounds, "group_bounds")
    ts = timestamps.tolist()
    _check_bounds(groups, len(ts))
    labels: list[int] = []
    bounds = [0]
    bar_groups = [0]
    for lo, hi in zip(groups, groups[1:]):
        if lo < hi:
            first = ts[lo]
            if origin_ns is not None:
                base = origin_ns
            elif origin == "epoch":
                base = _FIRST_MONDAY_NS if has_weeks else 0
            elif origin == "start":
                base = first
            else:
                base = first // _DAY_NS * _DAY_NS
            anchor = base + offset_ns
            previous = _INT64_MIN
            bucket: Optional[int] = None
            for index in range(lo, hi):
                t = ts[index]
                if t == _INT64_MIN:
                    raise InvalidInputError(
                        f"timestamps[{index}] is NaT (missing); drop missing timestamps first"
                    )
                if t < previous:
                    raise InvalidInputError(
                        f"timestamps must be sorted ascending: timestamps[{index}] = {t} comes "
                        f"after timestamps[{index - 1}] = {previous}"
                    )
                previous = t
                # floor((t - anchor) / every) for [start, end); for (start, end] the same of t - 1
                k = (t - anchor - shift) // every_ns
                if k == bucket:
                    continue
                new = [k] if bucket is None or not fill else list(range(bucket + 1, k + 1))
                if bucket is not None:
                    bounds.extend([index] * len(new))
                for number in new:
                    value = anchor + (number + label_shift) * every_ns
                    if not _INT64_MIN <= value <= _INT64_MAX:
                        raise InvalidInputError(
                            f"the bucket of timestamps[{index}] = {t} starts outside the int64 "
                            "nanosecond range"
                        )
                    labels.append(value)
                bucket = k
            bounds.append(hi)
        bar_groups.append(len(labels))
    as_array = partial(np.array, dtype=np.int64)
    return as_array(labels), as_array(bounds), as_array(bar_groups)


def aggregate_runs_f64(
    values: npt.NDArray[np.float64], bounds: npt.NDArray[np.int64], agg: str
) -> npt.NDArray[np.float64]:
    """``agg`` over each bar, NaN skipped; sums add left to right."""
    agg = _agg(agg)
    offsets = _offsets(bounds, "bounds")
    column = values.tolist()
    _check_bounds(offsets, len(column))
    out = []
    for lo, hi in zip(offsets, offsets[1:]):
        present = [v for v in column[lo:hi] if not math.isnan(v)]
        total = 0.0
        for v in present:
            total += v
        if agg == "sum":
            out.append(total)
        elif not present:
            out.append(math.nan)
        elif agg == "mean":
            out.append(total / len(present))
        else:
            pick = {"first": present[0], "last": present[-1]}
            out.append(pick[agg] if agg in pick else (min if agg == "min" else max)(present))
    return np.array(out, dtype=np.float64)


def _aggregate_exact(
    column: list[Optional[int]], offsets: list[int], agg: str
) -> tuple[list[int], list[bool]]:
    """``agg`` of integers (None missing) over each bar, sums checked against 38 digits."""
    if agg == "mean":
        raise _choice(
            "agg",
            "mean",
            "'first', 'last', 'min', 'max', 'sum' or 'count' for an exact column "
            "(a mean is not exact)",
        )
    _check_bounds(offsets, len(column))
    out, valid = [], []
    for lo, hi in zip(offsets, offsets[1:]):
        present = [(i, v) for i, v in enumerate(column[lo:hi], lo) if v is not None]
        if agg == "sum":
            total = 0
            for index, v in present:
                total += v
                if abs(total) > _MAX_MANTISSA:
                    raise DecimalOverflowError(
                        f"the sum overflows decimal128 (38 digits) at row {index}"
                    )
            out.append(total)
            valid.append(True)
        elif not present:
            out.append(0)
            valid.append(False)
        else:
            numbers = [v for _, v in present]
            pick = {"first": numbers[0], "last": numbers[-1]}
            out.append(pick[agg] if agg in pick else (min if agg == "min" else max)(numbers))
            valid.append(True)
    return out, valid


def aggregate_runs_i64(
    values: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64], agg: str
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """``agg`` of an int64 column over each bar, with the validity of each result."""
    agg = _agg(agg)
    out, valid = _aggregate_exact(values.tolist(), _offsets(bounds, "bounds"), agg)
    for index, v in enumerate(out):
        if not _INT64_MIN <= v <= _INT64_MAX:
            raise DecimalOverflowError(f"the sum overflows decimal128 (38 digits) at row {index}")
    return np.array(out, dtype=np.int64), np.array(valid, dtype=bool)


def _mantissa(value: Decimal, scale: int) -> int:
    sign, digits, exponent = value.as_tuple()
    magnitude: int = int("".join(map(str, digits)) or "0") * 10 ** (int(exponent) + scale)
    return -magnitude if sign else magnitude


def aggregate_runs_decimal(values: Any, bounds: npt.NDArray[np.int64], agg: str) -> Any:
    """``agg`` of a pyarrow decimal column over each bar, exactly: decimal128(38, scale)."""
    import pyarrow as pa  # type: ignore[import-untyped]

    agg = _agg(agg)
    offsets = _offsets(bounds, "bounds")
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    scale = array.type.scale
    column = [None if v is None else _mantissa(v, scale) for v in array.to_pylist()]
    out, valid = _aggregate_exact(column, offsets, agg)
    decimals = [
        Decimal((m < 0, tuple(int(c) for c in str(abs(m))), -scale)) if ok else None
        for m, ok in zip(out, valid)
    ]
    return pa.array(decimals, type=pa.decimal128(38, scale))


def count_runs(
    valid: npt.NDArray[np.bool_], bounds: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Number of true values in each bar."""
    offsets = _offsets(bounds, "bounds")
    flags = valid.tolist()
    _check_bounds(offsets, len(flags))
    return np.array([sum(flags[lo:hi]) for lo, hi in zip(offsets, offsets[1:])], dtype=np.int64)


# --- activity bars: volume, dollar and tick bars (issue 7) -----------------------------------

_I128_MAX = 2**127 - 1


def _float_text(value: float) -> str:
    """``value`` as Rust's ``Display`` writes an f64 (so both backends say the same)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return str(int(value)) if value == int(value) and abs(value) < 1e16 else repr(value)


def _threshold_walk(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    weights: Optional[list[Any]],
    threshold: Any,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]
]:
    """Labels, row offsets, group offsets and completeness of the bars (see the Rust
    ``threshold_runs``): each tick adds its weight (1 when ``weights`` is None) to its bar's
    running total, and the tick that makes the total reach ``threshold`` closes the bar."""
    groups = _offsets(group_bounds, "group_bounds")
    ts = timestamps.tolist()
    rows = len(ts)
    if weights is not None and len(weights) != rows:
        raise InvalidInputError(
            f"group or bar offsets must rise from 0 to the number of rows ({rows})"
        )
    _check_bounds(groups, rows)
    labels: list[int] = []
    bounds = [0]
    bar_groups = [0]
    complete: list[bool] = []
    for lo, hi in zip(groups, groups[1:]):
        previous = _INT64_MIN
        is_open = False
        total: Any = 0
        for index in range(lo, hi):
            t = ts[index]
            if t == _INT64_MIN:
                raise InvalidInputError(
                    f"timestamps[{index}] is NaT (missing); drop missing timestamps first"
                )
            if t < previous:
                raise InvalidInputError(
                    f"timestamps must be sorted ascending: timestamps[{index}] = {t} comes "
                    f"after timestamps[{index - 1}] = {previous}"
                )
            previous = t
            if not is_open:
                labels.append(t)
                is_open = True
            if weights is None:
                total += 1
            else:
                weight = weights[index]
                bad = (
                    weight < 0
                    if isinstance(weight, int)
                    else not (math.isfinite(weight) and weight >= 0)
                )
                if bad:
                    text = str(weight) if isinstance(weight, int) else _float_text(weight)
                    raise InvalidInputError(
                        f"the weight of row {index} is {text}: sizes and notionals must be "
                        "finite and not negative"
                    )
                total += weight
                if isinstance(total, int) and total > _I128_MAX:
                    raise DecimalOverflowError(
                        f"the sum overflows decimal128 (38 digits) at row {index}"
                    )
            if total >= threshold:
                bounds.append(index + 1)
                complete.append(True)
                is_open = False
                total = 0.0 if isinstance(total, float) else 0
        if is_open:
            bounds.append(hi)
            complete.append(False)
        bar_groups.append(len(labels))
    as_array = partial(np.array, dtype=np.int64)
    return as_array(labels), as_array(bounds), as_array(bar_groups), np.array(complete, dtype=bool)


def _bad_threshold(text: str) -> InvalidParameterError:
    return InvalidParameterError(f"threshold must be a positive finite number, got {text}")


def tick_runs(
    timestamps: npt.NDArray[np.int64], group_bounds: npt.NDArray[np.int64], n: int
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]
]:
    """Bars of ``n`` ticks each (the last of a group may be short)."""
    if n < 0:
        raise OverflowError("can't convert negative int to unsigned")
    if n == 0:
        raise _bad_threshold("0")
    return _threshold_walk(timestamps, group_bounds, None, n)


def threshold_runs_f64(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    weights: npt.NDArray[np.float64],
    threshold: float,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]
]:
    """Bars closed when the float64 running total of ``weights`` (added left to right)
    reaches ``threshold``."""
    threshold = float(threshold)
    if not (math.isfinite(threshold) and threshold > 0):
        raise _bad_threshold(_float_text(threshold))
    return _threshold_walk(
        timestamps, group_bounds, [float(w) for w in weights.tolist()], threshold
    )


def threshold_runs_decimal(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    weights: Any,
    threshold: int,
) -> tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]
]:
    """Bars closed when the exact running total of a pyarrow decimal column reaches
    ``threshold`` (a mantissa at the column's scale)."""
    import pyarrow as pa

    if threshold <= 0:
        raise _bad_threshold(str(threshold))
    array = weights.combine_chunks() if isinstance(weights, pa.ChunkedArray) else weights
    scale = array.type.scale
    values = array.to_pylist()
    if None in values:
        raise InvalidInputError(
            f"the weight of row {values.index(None)} is missing: sizes and notionals must be "
            "present"
        )
    mantissas = [_mantissa(v, scale) for v in values]
    return _threshold_walk(timestamps, group_bounds, mantissas, threshold)


# --- streaming time bars (issue 7) ---------------------------------------------------------

_BarTuple = tuple[int, float, float, float, float, float, int, float]


class BarBuilder:
    """Time bars of live trades, pushed in time order (see the Rust ``BarBuilder``): the
    buckets of ``resample_runs`` and the aggregates of ``aggregate_runs_f64``, in the same
    order of operations."""

    def __init__(
        self,
        every: str,
        offset: Optional[str],
        closed: str,
        label: str,
        origin: str,
        origin_ns: Optional[int],
    ) -> None:
        self._every, has_weeks = _parse_duration(every, "every", positive=True)
        self._offset = _parse_duration(offset, "offset")[0] if offset is not None else 0
        self._shift = _side(closed, "closed")
        self._label_shift = _side(label, "label")
        if origin_ns is None and origin not in ("epoch", "start", "start_day"):
            raise _choice("origin", origin, "'epoch', 'start', 'start_day' or a timestamp")
        self._origin = origin if origin_ns is None else "at"
        base = origin_ns if origin_ns is not None else (_FIRST_MONDAY_NS if has_weeks else 0)
        self._anchor: Optional[int] = (
            base + self._offset if self._origin in ("epoch", "at") else None
        )
        self._bucket: Optional[int] = None
        self._bar: list[Any] = []
        self._ticks = 0
        self._previous = _INT64_MIN

    @property
    def ticks(self) -> int:
        """Number of trades pushed so far."""
        return self._ticks

    def _check(self, index: int, t: int, previous: int) -> None:
        if t == _INT64_MIN:
            raise InvalidInputError(
                f"timestamps[{index}] is NaT (missing); drop missing timestamps first"
            )
        if t < previous:
            raise InvalidInputError(
                f"timestamps must be sorted ascending: timestamps[{index}] = {t} comes after "
                f"timestamps[{index - 1}] = {previous}"
            )

    def _closed_bar(self) -> list[_BarTuple]:
        if self._bucket is None:
            return []
        label, open_, high, low, close, volume, trades, notional = self._bar
        vwap = math.nan if volume == 0.0 else notional / volume
        return [(label, open_, high, low, close, volume, trades, vwap)]

    def push(self, timestamp: int, price: float, size: float) -> list[_BarTuple]:
        """Adds one trade; returns the bars it closes (none or one)."""
        t, price, size = int(timestamp), float(price), float(size)
        self._check(self._ticks, t, self._previous)
        anchor = self._anchor
        if anchor is None:
            base = t // _DAY_NS * _DAY_NS if self._origin == "start_day" else t
            anchor = base + self._offset
        bucket = (t - anchor - self._shift) // self._every
        closed: list[_BarTuple] = []
        if bucket != self._bucket:
            label = anchor + (bucket + self._label_shift) * self._every
            if not _INT64_MIN <= label <= _INT64_MAX:
                raise InvalidInputError(
                    f"the bucket of timestamps[{self._ticks}] = {t} starts outside the int64 "
                    "nanosecond range"
                )
            closed = self._closed_bar()
            self._bucket = bucket
            self._bar = [label, math.nan, math.nan, math.nan, math.nan, 0.0, 0, 0.0]
        bar = self._bar
        if not math.isnan(price):
            if bar[6] == 0:
                bar[1] = bar[2] = bar[3] = price
            else:
                bar[2] = max(bar[2], price)
                bar[3] = min(bar[3], price)
            bar[4] = price
            bar[6] += 1
        if not math.isnan(size):
            bar[5] += size
        product = price * size
        if not math.isnan(product):
            bar[7] += product
        self._anchor = anchor
        self._ticks += 1
        self._previous = t
        return closed

    def push_batch(
        self,
        timestamps: npt.NDArray[np.int64],
        prices: npt.NDArray[np.float64],
        sizes: npt.NDArray[np.float64],
    ) -> list[_BarTuple]:
        """Adds trades in order; returns the bars they close. On error nothing is added."""
        ts = timestamps.tolist()
        if len(prices) != len(ts) or len(sizes) != len(ts):
            raise InvalidInputError(
                f"group or bar offsets must rise from 0 to the number of rows ({len(ts)})"
            )
        previous = self._previous
        for i, t in enumerate(ts):
            self._check(self._ticks + i, t, previous)
            previous = t
        saved = (self._anchor, self._bucket, list(self._bar), self._ticks, self._previous)
        bars: list[_BarTuple] = []
        try:
            for t, p, s in zip(ts, prices.tolist(), sizes.tolist()):
                bars.extend(self.push(t, p, s))
        except InvalidInputError:
            self._anchor, self._bucket, self._bar, self._ticks, self._previous = saved
            raise
        return bars

    def flush(self) -> list[_BarTuple]:
        """The bar still open (none or one)."""
        bars = self._closed_bar()
        self._bucket = None
        self._bar = []
        return bars


_ActivityTuple = tuple[int, float, float, float, float, float, int, float, int]


def _bad_weight(index: int, value: float) -> InvalidInputError:
    return InvalidInputError(
        f"the weight of row {index} is {_float_text(value)}: sizes and notionals must be finite "
        "and not negative"
    )


class ActivityBarBuilder:
    """Volume, dollar or tick bars of live trades (see the Rust ``ActivityBarBuilder``): the
    rule of ``threshold_runs_f64``/``tick_runs`` one trade at a time."""

    def __init__(self, kind: str, threshold: float) -> None:
        threshold = float(threshold)
        if kind == "tick":
            whole = threshold >= 1 and threshold == int(threshold)
            if not whole:
                raise _bad_threshold("0")
        elif kind in ("volume", "dollar"):
            if not (math.isfinite(threshold) and threshold > 0):
                raise _bad_threshold(_float_text(threshold))
        else:
            raise _bad_threshold(f"{kind}: expected 'volume', 'dollar' or 'tick'")
        self._kind = kind
        self._threshold = threshold
        self._bar: Optional[list[Any]] = None
        self._ticks = 0
        self._previous = _INT64_MIN

    @property
    def ticks(self) -> int:
        """Number of trades pushed so far."""
        return self._ticks

    def push(self, timestamp: int, price: float, size: float) -> list[_ActivityTuple]:
        """Adds one trade; returns the bars it closes (none or one)."""
        t, price, size = int(timestamp), float(price), float(size)
        index = self._ticks
        if t == _INT64_MIN:
            raise InvalidInputError(
                f"timestamps[{index}] is NaT (missing); drop missing timestamps first"
            )
        if t < self._previous:
            raise InvalidInputError(
                f"timestamps must be sorted ascending: timestamps[{index}] = {t} comes after "
                f"timestamps[{index - 1}] = {self._previous}"
            )
        for value in (price, size):
            if not math.isfinite(value):
                raise _bad_weight(index, value)
        if size < 0:
            raise _bad_weight(index, size)
        if self._bar is None:
            # label, open, high, low, close, volume, trades, notional, total, last timestamp
            self._bar = [t, price, price, price, price, 0.0, 0, 0.0, 0.0, t]
        bar = self._bar
        bar[2] = max(bar[2], price)
        bar[3] = min(bar[3], price)
        bar[4] = price
        bar[5] += size
        bar[6] += 1
        bar[7] += price * size
        bar[9] = t
        if self._kind == "tick":
            closes = bar[6] >= self._threshold
        else:
            bar[8] += size if self._kind == "volume" else price * size
            closes = bar[8] >= self._threshold
        self._ticks += 1
        self._previous = t
        return self.flush() if closes else []

    def push_batch(
        self,
        timestamps: npt.NDArray[np.int64],
        prices: npt.NDArray[np.float64],
        sizes: npt.NDArray[np.float64],
    ) -> list[_ActivityTuple]:
        """Adds trades in order; returns the bars they close. On error nothing is added."""
        ts = timestamps.tolist()
        if len(prices) != len(ts) or len(sizes) != len(ts):
            raise InvalidInputError(
                f"group or bar offsets must rise from 0 to the number of rows ({len(ts)})"
            )
        saved = (None if self._bar is None else list(self._bar), self._ticks, self._previous)
        bars: list[_ActivityTuple] = []
        try:
            for t, p, s in zip(ts, prices.tolist(), sizes.tolist()):
                bars.extend(self.push(t, p, s))
        except InvalidInputError:
            self._bar, self._ticks, self._previous = saved
            raise
        return bars

    def flush(self) -> list[_ActivityTuple]:
        """The bar still open (none or one)."""
        if self._bar is None:
            return []
        label, open_, high, low, close, volume, trades, notional, _, last = self._bar
        self._bar = None
        vwap = math.nan if volume == 0.0 else notional / volume
        return [(label, open_, high, low, close, volume, trades, vwap, last)]
