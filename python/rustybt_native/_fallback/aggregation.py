"""Time buckets with Python integers, so no intermediate can overflow."""

from __future__ import annotations

import re
from typing import Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError, InvalidParameterError

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
