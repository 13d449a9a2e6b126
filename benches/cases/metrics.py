"""Cases for ``rustybt_native.metrics``: performance statistics of return series."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, peer, rn_module, rn_pair, shape_label, sized_cases
from benches.profiles import Profile

#: Trading days per year, the annualization of period="daily" (empyrical's APPROX_BDAYS_PER_YEAR).
TRADING_DAYS = 252

Returns = npt.NDArray[np.float64]


def numpy_sharpe(returns: Returns) -> float:
    """Annualized Sharpe ratio (risk-free rate 0): ``mean / std(ddof=1) * sqrt(252)``."""
    return float(np.nanmean(returns) / np.nanstd(returns, ddof=1) * np.sqrt(TRADING_DAYS))


def numpy_cum_returns_final(returns: Returns) -> float:
    """Total return: ``nanprod(1 + r) - 1``."""
    return float(np.nanprod(returns + 1.0) - 1.0)


def numpy_annual_return(returns: Returns) -> float:
    """CAGR of daily returns: ``nanprod(1 + r) ** (252 / n) - 1``."""
    return float(np.nanprod(returns + 1.0) ** (TRADING_DAYS / returns.size) - 1.0)


def numpy_annual_volatility(returns: Returns) -> float:
    """Annualized volatility: ``nanstd(ddof=1) * sqrt(252)``."""
    return float(np.nanstd(returns, ddof=1) * np.sqrt(TRADING_DAYS))


def numpy_max_drawdown(returns: Returns) -> float:
    """Deepest fall of ``cumprod(1 + r)`` from its running maximum (starting at 1)."""
    wealth = np.cumprod(np.nan_to_num(returns) + 1.0)
    peaks = np.maximum.accumulate(np.maximum(wealth, 1.0))
    return float(np.min(wealth / peaks - 1.0))


def numpy_downside_risk(returns: Returns) -> float:
    """Annualized downside deviation below 0: ``sqrt(nanmean(min(r, 0) ** 2) * 252)``."""
    return float(np.sqrt(np.nanmean(np.minimum(returns, 0.0) ** 2)) * np.sqrt(TRADING_DAYS))


def numpy_sortino_ratio(returns: Returns) -> float:
    """Sortino ratio: ``nanmean(r) * 252 / downside risk``."""
    return float(np.nanmean(returns) * TRADING_DAYS / numpy_downside_risk(returns))


def numpy_calmar_ratio(returns: Returns) -> float:
    """Calmar ratio: ``annual return / |max drawdown|``."""
    return numpy_annual_return(returns) / abs(numpy_max_drawdown(returns))


#: Each metric's baseline: the numpy expression one would write, and its row name.
METRICS: dict[str, tuple[str, Callable[[Returns], float]]] = {
    "sharpe_ratio": ("numpy nanmean/nanstd", numpy_sharpe),
    "cum_returns_final": ("numpy nanprod", numpy_cum_returns_final),
    "annual_return": ("numpy nanprod ** (252 / n)", numpy_annual_return),
    "annual_volatility": ("numpy nanstd", numpy_annual_volatility),
    "max_drawdown": ("numpy cumprod/maximum.accumulate", numpy_max_drawdown),
    "downside_risk": ("numpy minimum/nanmean", numpy_downside_risk),
    "sortino_ratio": ("numpy nanmean / downside", numpy_sortino_ratio),
    "calmar_ratio": ("numpy CAGR / max drawdown", numpy_calmar_ratio),
}


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One case per metric and size, on daily returns with empyrical's defaults.
    """
    one_series = [
        case
        for name in METRICS
        for case in sized_cases(
            profile.sizes,
            group=f"metrics.{name}",
            table=f"metrics.{name} - daily returns",
            baseline=METRICS[name][0],
            build=partial(_impls, name),
        )
    ]
    matrices = [
        Case(
            name=f"metrics.{name}[2d]/{shape_label(shape)}",
            group=f"metrics.{name}",
            table=f"metrics.{name} - daily returns, one portfolio per column (time x portfolios)",
            size=shape[0] * shape[1],
            shape=shape,
            baseline=MATRIX_METRICS[name][0],
            build=partial(_matrix_impls, name, shape),
        )
        for name in MATRIX_METRICS
        for shape in profile.matrix_shapes
    ]
    summaries = [
        Case(
            name=f"metrics.summary/{REPORT_DAYS}",
            group="metrics.summary",
            table="metrics.summary - every scalar metric of ten years of daily returns, with a "
            "factor",
            size=REPORT_DAYS,
            shape=(REPORT_DAYS,),
            baseline=EMPYRICAL_ONE_BY_ONE,
            build=partial(_summary_impls, REPORT_DAYS),
        )
    ]
    return one_series + matrices + summaries


#: Metrics timed on a (time x portfolios) matrix, with their numpy baseline along axis 0.
MATRIX_METRICS: dict[str, tuple[str, Callable[[Returns], object]]] = {
    "sharpe_ratio": (
        "numpy nanmean/nanstd (axis 0)",
        lambda r: np.nanmean(r, axis=0) / np.nanstd(r, axis=0, ddof=1) * np.sqrt(TRADING_DAYS),
    ),
    "max_drawdown": (
        "numpy cumprod/maximum.accumulate (axis 0)",
        lambda r: np.min(
            (w := np.cumprod(np.nan_to_num(r) + 1.0, axis=0))
            / np.maximum.accumulate(np.maximum(w, 1.0), axis=0)
            - 1.0,
            axis=0,
        ),
    ),
}


def _matrix_impls(name: str, shape: tuple[int, int]) -> dict[str, Impl]:
    metric = getattr(rn_module("metrics"), name)
    rows, cols = shape
    matrix = np.ascontiguousarray(data.returns(rows * cols).reshape(rows, cols))
    impls = rn_pair("numpy 2-D", lambda: metric(matrix))
    label, numpy_metric = MATRIX_METRICS[name]
    impls[label] = Impl(partial(numpy_metric, matrix), "numpy")
    impls[f"empyrical.{name} (2-D)"] = peer(
        "empyrical", lambda empyrical: partial(getattr(empyrical, name), matrix)
    )
    return impls


#: Trading days in ten years: the length of a typical daily backtest report.
REPORT_DAYS = 2_520
EMPYRICAL_ONE_BY_ONE = "empyrical, one call per metric"


def _summary_impls(n: int) -> dict[str, Impl]:
    metrics = rn_module("metrics")
    returns = data.returns(n)
    factor = np.random.default_rng(data.SEED + 1).uniform(-0.02, 0.02, n)
    impls = rn_pair("numpy", lambda: metrics.summary(returns, factor), normalize=_same_max_drawdown)

    def one_by_one(empyrical: object) -> Callable[[], object]:
        names = [
            "annual_return", "cum_returns_final", "annual_volatility", "sharpe_ratio",
            "calmar_ratio", "stability_of_timeseries", "max_drawdown", "omega_ratio",
            "sortino_ratio", "tail_ratio", "value_at_risk", "conditional_value_at_risk",
            "downside_risk",
        ]  # fmt: skip
        single = [getattr(empyrical, name) for name in names]
        paired = [getattr(empyrical, name) for name in ("alpha_beta", "excess_sharpe")]
        captures = [getattr(empyrical, n) for n in ("capture", "up_capture", "down_capture")]

        def run() -> dict[str, object]:
            report: dict[str, object] = {n: f(returns) for n, f in zip(names, single)}
            report["alpha_beta"] = paired[0](returns, factor)
            report["excess_sharpe"] = paired[1](returns, factor)
            report["captures"] = [f(returns, factor) for f in captures]
            return report

        return run

    impls[EMPYRICAL_ONE_BY_ONE] = peer("empyrical", one_by_one, normalize=_same_max_drawdown)
    return impls


def _same_max_drawdown(report: object) -> object:
    return report["max_drawdown"]  # type: ignore[index]


def _impls(name: str, n: int) -> dict[str, Impl]:
    metric = getattr(rn_module("metrics"), name)
    returns = data.returns(n)
    impls = rn_pair("numpy", lambda: metric(returns))
    label, numpy_metric = METRICS[name]
    impls[label] = Impl(partial(numpy_metric, returns), "numpy")
    impls[f"empyrical.{name}"] = peer(
        "empyrical", lambda empyrical: partial(getattr(empyrical, name), returns)
    )
    return impls
