"""The case registry: one module per core crate, each with a ``cases(profile)`` builder.

To benchmark a new public function, add a builder to the module of its crate (or a new module
here, registered in ``BUILDERS``) returning :class:`benches.core.Case` objects.
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase

from benches.cases import (
    activity_bars,
    aggregation,
    atc,
    backtest,
    bar_builder,
    decimals,
    decimals_more,
    indicators,
    ledger,
    metrics,
    metrics_decimal,
    metrics_more,
    metrics_quantstats,
    oscillators,
    resample,
    resample_stream,
    sessions,
    stream,
)
from benches.core import Case
from benches.profiles import Profile

#: Case builders by core crate, in report order.
BUILDERS: dict[str, Callable[[Profile], list[Case]]] = {
    "decimal": decimals.cases,
    "decimal_more": decimals_more.cases,
    "ledger": ledger.cases,
    "metrics": metrics.cases,
    "metrics_more": metrics_more.cases,
    "indicators": indicators.cases,
    "oscillators": oscillators.cases,
    "aggregation": aggregation.cases,
    "resample": resample.cases,
    "ticks": resample.tick_cases,
    "stream": stream.cases,
    "atc": atc.cases,
    "backtest": backtest.cases,
    "activity_bars": activity_bars.cases,
    "bar_builder": bar_builder.cases,
    "metrics_decimal": metrics_decimal.cases,
    "resample_stream": resample_stream.cases,
    "sessions": sessions.cases,
    "metrics_quantstats": metrics_quantstats.cases,
}


def matches(name: str, pattern: str | None) -> bool:
    """Whether a case name is selected by ``--only``.

    Parameters
    ----------
    name : str
        Case name, e.g. "indicators.sma[1d]/1e5".
    pattern : str or None
        A substring ("sma") or a shell pattern ("*sma*/1e3"); None selects everything.

    Returns
    -------
    bool
        True when the pattern occurs in the name or matches it as a shell pattern.
    """
    return pattern is None or pattern in name or fnmatchcase(name, pattern)


def all_cases(profile: Profile, only: str | None = None) -> list[Case]:
    """Every registered case at the profile's sizes, filtered by ``only``.

    Parameters
    ----------
    profile : Profile
        Sizes to build.
    only : str, optional
        Filter passed to :func:`matches`.

    Returns
    -------
    list of Case
        The cases, grouped by module and function, smallest size first.
    """
    return [
        case for build in BUILDERS.values() for case in build(profile) if matches(case.name, only)
    ]
