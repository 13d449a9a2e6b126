"""Cases for the Decimal path of ``rustybt_native.metrics``: the same daily returns as the
float cases, rounded to 8 decimals and given as an Arrow decimal128(18, 8) column, against the
float64 metric on the same values (the issue's target: Decimal within 2x of float64)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import numpy as np

from benches import data
from benches.core import Case, Impl, Overhead, optional, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

#: Decimal metrics timed here.
METRICS = (
    "sharpe_ratio",
    "annual_volatility",
    "sortino_ratio",
    "downside_risk",
    "cum_returns_final",
    "max_drawdown",
    "annual_return",
)
RN_FLOAT = "rn native float64"
RN_ARROW = "rn native (arrow)"


def _as_float(output: object) -> object:
    return float(output) if isinstance(output, Decimal) else output


def cases(profile: Profile) -> list[Case]:
    """One case per Decimal metric and size.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        Each with a "Decimal overhead" figure in the "metrics" category: the Decimal metric on
        an Arrow decimal128 column against the float64 metric on the same values.
    """
    return [
        case
        for name in METRICS
        for case in sized_cases(
            profile.sizes,
            group=f"metrics.{name}[decimal]",
            table=f"metrics.{name} - daily returns as decimal128(18, 8)",
            baseline=RN_FLOAT,
            build=partial(_impls, name),
            overheads=(Overhead("Decimal overhead", RN_ARROW, RN_FLOAT, "metrics"),),
        )
    ]


def _impls(name: str, n: int) -> dict[str, Impl]:
    metrics = rn_module("metrics")
    metric = getattr(metrics, name)
    floats = np.round(data.returns(n), 8)
    impls: dict[str, Impl] = {
        RN_FLOAT: Impl(lambda: metric(floats), "native", backend="native"),
    }
    pa = optional("pyarrow").module
    if pa is None:
        impls[RN_ARROW] = Impl(None, "native", skip=optional("pyarrow").reason)
        return impls
    # Formatted, not Decimal(float), which would keep the binary expansion of each float.
    column = pa.array([Decimal(f"{x:.8f}") for x in floats], type=pa.decimal128(18, 8))
    impls |= rn_pair("arrow", lambda: metric(column), normalize=_as_float)
    return impls
