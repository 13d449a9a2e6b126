"""Cases for ``rustybt_native.metrics`` under ``convention="quantstats"``: native vs fallback vs
quantstats (on a pandas Series with a daily DatetimeIndex, built outside the timing) vs the
numpy expression of quantstats' formula."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, peer, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

Array = npt.NDArray[np.float64]
PERIODS = 252


def _numpy_sharpe(r: Array) -> float:
    return float(np.nanmean(r) / np.nanstd(r, ddof=1) * np.sqrt(PERIODS))


def _numpy_sortino(r: Array) -> float:
    downside = np.sqrt(np.nansum(np.minimum(r, 0.0) ** 2) / np.count_nonzero(~np.isnan(r)))
    return float(np.nanmean(r) / downside * np.sqrt(PERIODS))


def _numpy_cagr(r: Array) -> float:
    years = np.count_nonzero(~np.isnan(r)) / PERIODS
    return float(np.nanprod(1.0 + r) ** (1.0 / years) - 1.0)


def _numpy_max_drawdown(r: Array) -> float:
    equity = np.concatenate(([1.0], np.cumprod(1.0 + np.nan_to_num(r))))
    return float(np.min(equity / np.maximum.accumulate(equity)) - 1.0)


def _numpy_value_at_risk(r: Array) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.05) * float(np.nanstd(r, ddof=1)) + float(np.nanmean(r))


#: metric -> (quantstats' function and keyword arguments, numpy baseline).
METRICS: dict[str, tuple[str, dict[str, Any], Callable[[Array], float]]] = {
    "sharpe_ratio": ("sharpe", {}, _numpy_sharpe),
    "sortino_ratio": ("sortino", {}, _numpy_sortino),
    "cagr": ("cagr", {}, _numpy_cagr),
    "max_drawdown": ("max_drawdown", {}, _numpy_max_drawdown),
    "value_at_risk": ("value_at_risk", {"confidence": 0.95}, _numpy_value_at_risk),
}
NUMPY = "numpy expression of quantstats' formula"
#: Trading days in ten years, the length of the summary case.
REPORT_DAYS = 2_520
QUANTSTATS_ONE_BY_ONE = "quantstats, one call per metric"


def cases(profile: Profile) -> list[Case]:
    """Cases of the quantstats convention at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One case per metric and size, and the one-call summary of ten years of daily returns.
    """
    one_series = [
        case
        for name in METRICS
        for case in sized_cases(
            profile.sizes,
            group=f"metrics.quantstats.{name}",
            table=f'metrics.{name}(convention="quantstats") - daily returns',
            baseline=NUMPY,
            build=partial(_impls, name),
        )
    ]
    summary = Case(
        name=f"metrics.quantstats.summary/{REPORT_DAYS}",
        group="metrics.quantstats.summary",
        table='metrics.summary(convention="quantstats") - ten years of daily returns, with a '
        "benchmark",
        size=REPORT_DAYS,
        shape=(REPORT_DAYS,),
        baseline=QUANTSTATS_ONE_BY_ONE,
        build=partial(_summary_impls, REPORT_DAYS),
    )
    return [*one_series, summary]


def _series(returns: Array) -> Any:
    import pandas as pd

    return pd.Series(returns, index=pd.date_range("2000-01-03", periods=returns.size))


def _quiet(call: Callable[[], object]) -> Callable[[], object]:
    """``call`` without its warnings (quantstats warns on some inputs; the suite must not)."""
    import warnings

    def run() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call()

    return run


def _impls(name: str, n: int) -> dict[str, Impl]:
    metric = getattr(rn_module("metrics"), name)
    returns = data.returns(n)
    impls = rn_pair("numpy", lambda: metric(returns, convention="quantstats"))
    function, kwargs, numpy_metric = METRICS[name]
    impls[NUMPY] = Impl(partial(numpy_metric, returns), "numpy")

    def make(qs: Any) -> Callable[[], object]:
        series = _series(returns)
        return _quiet(lambda: float(getattr(qs.stats, function)(series, **kwargs)))

    impls[f"quantstats.stats.{function}"] = peer("quantstats", make)
    return impls


def _summary_impls(n: int) -> dict[str, Impl]:
    metrics = rn_module("metrics")
    returns = data.returns(n)
    benchmark = np.random.default_rng(data.SEED + 1).uniform(-0.02, 0.02, n)
    impls = rn_pair(
        "numpy",
        lambda: metrics.summary(returns, benchmark, convention="quantstats"),
        normalize=_sharpe_of,
    )

    def one_by_one(qs: Any) -> Callable[[], object]:
        series, bench = _series(returns), _series(benchmark)
        stats = qs.stats

        def run() -> dict[str, object]:
            greeks = stats.greeks(series, bench)
            return {
                "annual_return": stats.cagr(series),
                "cum_returns_final": stats.comp(series),
                "annual_volatility": stats.volatility(series),
                "sharpe_ratio": stats.sharpe(series),
                "calmar_ratio": stats.calmar(series),
                "max_drawdown": stats.max_drawdown(series),
                "omega_ratio": stats.omega(series),
                "sortino_ratio": stats.sortino(series),
                "tail_ratio": stats.tail_ratio(series),
                "value_at_risk": stats.value_at_risk(series),
                "conditional_value_at_risk": stats.conditional_value_at_risk(series),
                "alpha": greeks["alpha"],
                "beta": greeks["beta"],
            }

        return _quiet(run)

    impls[QUANTSTATS_ONE_BY_ONE] = peer("quantstats", one_by_one, normalize=_sharpe_of)
    return impls


def _sharpe_of(report: object) -> object:
    return float(report["sharpe_ratio"])  # type: ignore[index]
