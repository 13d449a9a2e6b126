"""Cases for ``rustybt_native.decimal``: exact sums of price columns."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import numpy as np

from benches import data
from benches.core import (
    Case,
    Impl,
    Overhead,
    optional,
    peer,
    rn_module,
    rn_pair,
    sized_cases,
)
from benches.profiles import Profile

PY_SUM = "python sum(list[Decimal])"
NUMPY_FLOAT_SUM = "numpy float64 sum"
RN_ARROW = "rn native (arrow)"


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One ``decimal.sum`` case per size.
    """
    return sized_cases(
        profile.sizes,
        group="decimal.sum",
        table="decimal.sum - prices as decimal128(12, 2)",
        baseline=PY_SUM,
        build=_sum_impls,
        # What exactness costs: the native Decimal sum against the same prices summed as floats.
        overheads=(Overhead("Decimal overhead", RN_ARROW, NUMPY_FLOAT_SUM),),
    )


def _sum_impls(n: int) -> dict[str, Impl]:
    dec = rn_module("decimal")
    prices = data.prices(n)
    # Formatted, not Decimal(float): Decimal(0.1) keeps the binary expansion of the float.
    as_decimals = [Decimal(f"{x:.2f}") for x in prices]
    pa = optional("pyarrow").module
    pl = optional("polars").module
    arrow = None if pa is None else pa.array(as_decimals, type=pa.decimal128(12, 2))
    series = None if pl is None else pl.Series(as_decimals, dtype=pl.Decimal(12, 2))

    impls: dict[str, Impl] = {}
    if arrow is not None:
        impls |= rn_pair("arrow", lambda: dec.sum(arrow))
    else:
        impls[RN_ARROW] = Impl(None, "native", skip=optional("pyarrow").reason)
    if series is not None:
        impls |= rn_pair("polars", lambda: dec.sum(series))
    impls |= rn_pair("list", lambda: dec.sum(as_decimals))
    impls[PY_SUM] = Impl(lambda: sum(as_decimals), "python")
    impls[NUMPY_FLOAT_SUM] = Impl(lambda: float(np.sum(prices)), "numpy")
    impls["pyarrow.compute.sum"] = peer(
        "pyarrow.compute", lambda pc: partial(pc.sum, arrow), normalize=_as_py
    )
    impls["polars Series.sum"] = (
        Impl(series.sum, "peer", parallel=True)
        if series is not None
        else Impl(None, "peer", skip=optional("polars").reason)
    )
    return impls


def _as_py(scalar: object) -> object:
    """A pyarrow scalar as the Python value (a Decimal)."""
    return scalar.as_py()  # type: ignore[attr-defined]
