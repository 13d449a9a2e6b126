"""Cases for ``rustybt_native.aggregation``: bucketing timestamps into bars."""

from __future__ import annotations

from functools import partial

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, peer, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

EVERY = "5m"
EVERY_NS = 5 * data.MINUTE_NS
NUMPY_FLOOR = "numpy floor-divide"


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One ``aggregation.bucket_starts`` case per size.
    """
    return sized_cases(
        profile.sizes,
        group="aggregation.bucket_starts",
        table=f"aggregation.bucket_starts - minute timestamps into {EVERY} bars",
        baseline=NUMPY_FLOOR,
        build=_bucket_impls,
    )


def numpy_bucket_starts(timestamps: npt.NDArray[np.int64], every_ns: int) -> npt.NDArray[np.int64]:
    """Epoch-aligned bucket starts by floor division.

    Parameters
    ----------
    timestamps : ndarray of int64
        Nanoseconds since the epoch.
    every_ns : int
        Bucket length in nanoseconds.

    Returns
    -------
    ndarray of int64
        Start of each timestamp's bucket.
    """
    return (timestamps // every_ns) * every_ns


def _as_int64(datetimes: object) -> object:
    """A polars Datetime Series or a pandas DatetimeIndex as int64 nanoseconds."""
    if hasattr(datetimes, "asi8"):
        return datetimes.asi8
    return datetimes.to_physical().to_numpy()  # type: ignore[attr-defined]


def _bucket_impls(n: int) -> dict[str, Impl]:
    aggregation = rn_module("aggregation")
    timestamps = data.minute_timestamps(n)
    impls = rn_pair("numpy", lambda: aggregation.bucket_starts(timestamps, EVERY))
    impls[NUMPY_FLOOR] = Impl(partial(numpy_bucket_starts, timestamps, EVERY_NS), "numpy")
    impls["polars dt.truncate"] = peer(
        "polars",
        lambda pl: lambda: pl.Series(timestamps).cast(pl.Datetime("ns")).dt.truncate(EVERY),
        parallel=True,
        normalize=_as_int64,
    )
    impls["pandas DatetimeIndex.floor"] = peer(
        "pandas",
        lambda pd: lambda: pd.DatetimeIndex(timestamps).floor("5min"),
        normalize=_as_int64,
    )
    return impls
