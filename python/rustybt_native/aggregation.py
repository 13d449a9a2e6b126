"""Time bucketing and resampling of bars.

Timestamps are int64 nanoseconds since the Unix epoch (UTC) or numpy ``datetime64`` values,
sorted ascending. Bucket lengths are written as Polars writes them: ``"1m"`` (minute), ``"5m"``,
``"1h"``, ``"1d"``, ``"1w"``, compounds such as ``"1h30m"``; units ns, us, ms, s, m, h, d, w.
Calendar months and years have no fixed length and are not accepted.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import numpy.typing as npt

from . import _backend
from ._validation import int64_timestamps, text

__all__ = ["bucket_starts"]


def bucket_starts(timestamps: Any, every: str, offset: Optional[str] = None) -> npt.NDArray[Any]:
    """Start of the time bucket each timestamp falls in.

    Buckets of length ``every`` are aligned on the Unix epoch (on Monday 1970-01-05 when
    ``every`` is given in weeks) and shifted by ``offset``: Polars' ``dt.truncate(every)``, and
    pandas' ``floor``/``resample(every, origin="epoch", offset=offset)`` labelled by the left
    edge. Timestamps before 1970 floor correctly.

    Parameters
    ----------
    timestamps : array-like of int64 nanoseconds, or datetime64, 1-D
        Sorted ascending; equal neighbours are fine.
    every : str
        Bucket length, e.g. ``"1m"``, ``"5m"``, ``"1h"``, ``"1d"``, ``"1w"``; must be positive.
    offset : str, optional
        Shift of the bucket edges, e.g. ``"30m"`` or ``"-30m"``.

    Returns
    -------
    numpy.ndarray
        int64 nanoseconds, or ``datetime64[ns]`` when ``timestamps`` were datetime64.

    Raises
    ------
    InvalidParameterError
        For an unreadable, zero or negative ``every``, or an unreadable ``offset``.
    InvalidInputError
        For unsorted timestamps, NaT, or buckets outside the int64 nanosecond range.
    InputTypeError
        For float or other non-integer timestamps, or non-str durations.

    Examples
    --------
    >>> import numpy as np
    >>> import rustybt_native as rn
    >>> minute = 60_000_000_000
    >>> rn.aggregation.bucket_starts(np.array([0, 4, 5, 12]) * minute, "5m") // minute
    array([ 0,  0,  5, 10])
    >>> ts = np.array(["2024-01-02T09:31", "2024-01-02T10:59"], dtype="datetime64[ns]")
    >>> rn.aggregation.bucket_starts(ts, "1h")
    array(['2024-01-02T09:00:00.000000000', '2024-01-02T10:00:00.000000000'],
          dtype='datetime64[ns]')
    """
    values, is_datetime = int64_timestamps(timestamps, "timestamps")
    every = text(every, "every")
    if offset is not None:
        offset = text(offset, "offset")
    starts: npt.NDArray[np.int64] = _backend.impl.bucket_starts(values, every, offset)
    return starts.view("datetime64[ns]") if is_datetime else starts
