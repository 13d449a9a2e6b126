"""Session bars in plain Python: the reference for the Rust ``session_runs``."""

from __future__ import annotations

from typing import Optional

import numpy as np
import numpy.typing as npt

from ..exceptions import InvalidInputError
from .aggregation import _INT64_MIN, _check_bounds, _offsets, _side


def _bad_session(index: int, reason: str) -> InvalidInputError:
    return InvalidInputError(f"sessions[{index}] is not valid: {reason}")


def _check_sessions(opens: list[int], closes: list[int]) -> None:
    if len(opens) != len(closes):
        raise _bad_session(
            min(len(opens), len(closes)),
            f"{len(opens)} opens but {len(closes)} closes: one of each per session",
        )
    for index, (open_, close) in enumerate(zip(opens, closes)):
        if _INT64_MIN in (open_, close):
            raise _bad_session(index, "its open or close is missing (NaT)")
        if open_ >= close:
            raise _bad_session(index, f"it opens at {open_}, not before it closes at {close}")
        if index > 0 and open_ < closes[index - 1]:
            raise _bad_session(
                index,
                f"it opens at {open_}, before session {index - 1} closes at "
                f"{closes[index - 1]}: sessions must be sorted and must not overlap",
            )


def session_runs(
    timestamps: npt.NDArray[np.int64],
    group_bounds: npt.NDArray[np.int64],
    opens: npt.NDArray[np.int64],
    closes: npt.NDArray[np.int64],
    closed: str,
    label: str,
    fill: bool,
) -> tuple[
    npt.NDArray[np.bool_], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """Rows kept, then labels, row offsets (over kept rows) and group offsets of one bar per
    session (see the Rust ``session_runs``)."""
    right = _side(closed, "closed") == 1
    labels_of = closes.tolist() if _side(label, "label") == 1 else opens.tolist()
    starts, ends = opens.tolist(), closes.tolist()
    _check_sessions(starts, ends)
    groups = _offsets(group_bounds, "group_bounds")
    ts = timestamps.tolist()
    _check_bounds(groups, len(ts))
    keep = [False] * len(ts)
    labels: list[int] = []
    bounds = [0]
    bar_groups = [0]
    kept = 0
    for lo, hi in zip(groups, groups[1:]):
        session = 0
        current: Optional[int] = None
        previous = _INT64_MIN
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
            while session < len(starts) and (ends[session] < t if right else ends[session] <= t):
                session += 1
            inside = session < len(starts) and (
                starts[session] < t if right else starts[session] <= t
            )
            if not inside:
                continue
            keep[index] = True
            if current != session:
                if current is not None:
                    bounds.append(kept)
                    if fill:
                        for missing in range(current + 1, session):
                            labels.append(labels_of[missing])
                            bounds.append(kept)
                labels.append(labels_of[session])
                current = session
            kept += 1
        if current is not None:
            bounds.append(kept)
        bar_groups.append(len(labels))
    as_int64 = np.array
    return (
        np.array(keep, dtype=bool),
        as_int64(labels, dtype=np.int64),
        as_int64(bounds, dtype=np.int64),
        as_int64(bar_groups, dtype=np.int64),
    )
