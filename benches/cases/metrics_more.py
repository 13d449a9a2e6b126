"""Cases for the series, distribution, factor and rolling functions of
``rustybt_native.metrics``: native vs fallback vs empyrical vs a numpy expression."""

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
#: Window of the rolling cases (a quarter of trading days), and their largest size: the
#: fallback and empyrical cost window x length.
WINDOW = 63
ROLLING_MAX_SIZE = 100_000


def _factor(n: int) -> Array:
    """Factor returns beside ``data.returns(n)``: a fixed mix of it and a shifted copy."""
    r = data.returns(n)
    return 0.5 * r + 0.5 * np.roll(r, 1)


def _numpy_drawdown(r: Array) -> Array:
    values = 100.0 * np.cumprod(np.nan_to_num(r) + 1.0)
    peaks = np.fmax.accumulate(np.concatenate(([100.0], values)))[1:]
    return (values - peaks) / peaks


def _numpy_percentile_tail(r: Array) -> float:
    return float(np.abs(np.percentile(r, 95)) / np.abs(np.percentile(r, 5)))


def _numpy_cvar(r: Array) -> float:
    k = int((r.size - 1) * 0.05)
    return float(np.mean(np.sort(r)[: k + 1]))


def _numpy_omega(r: Array) -> float:
    return float(r[r > 0].sum() / -r[r < 0].sum())


def _numpy_beta(r: Array, f: Array) -> float:
    return float(np.cov(f, r, ddof=0)[0, 1] / np.var(f))


def _numpy_up_capture(r: Array, f: Array) -> float:
    up = f > 0
    years = up.sum() / 252

    def annual(x: Array) -> float:
        return float(np.prod(1.0 + x) ** (1 / years) - 1)

    return annual(r[up]) / annual(f[up])


def _pyfolio_top_drawdowns(r: Array, top: int = 5) -> list[tuple[Any, Any, Any, float]]:
    """pyfolio's ``get_top_drawdowns`` in pandas (on positions), with each valley's depth."""
    import pandas as pd

    # Dates as labels, as pyfolio has them (integer slices of a Series are positional).
    dates = pd.date_range("2000-01-01", periods=r.size)
    cum = pd.Series(np.cumprod(np.nan_to_num(r) + 1.0), index=dates)
    underwater = cum / np.maximum.accumulate(cum) - 1
    periods = []
    for _ in range(top):
        valley = underwater.idxmin()
        peak = underwater[:valley][underwater[:valley] == 0].index[-1]
        after = underwater[valley:][underwater[valley:] == 0]
        recovery = after.index[0] if len(after) else None
        periods.append(
            (
                dates.get_loc(peak),
                dates.get_loc(valley),
                None if recovery is None else dates.get_loc(recovery),
                float(underwater[valley]),
            )
        )
        if recovery is None:
            underwater = underwater.loc[:peak]
        else:
            underwater = underwater.drop(underwater[peak:recovery].index[1:-1])
        if len(underwater) == 0 or np.min(underwater) == 0:
            break
    return periods


def _windows(r: Array) -> Any:
    return np.lib.stride_tricks.sliding_window_view(r, WINDOW)


def _numpy_roll_sharpe(r: Array) -> Array:
    w = _windows(r)
    return w.mean(axis=1) / w.std(axis=1, ddof=1) * np.sqrt(252)


def _numpy_roll_max_drawdown(r: Array) -> Array:
    w = np.cumprod(_windows(r) + 1.0, axis=1) * 100.0
    peaks = np.fmax(np.maximum.accumulate(w, axis=1), 100.0)
    return ((w - peaks) / peaks).min(axis=1)


#: name -> (input kind, rn call, baseline label, baseline, empyrical call or None)
Spec = tuple[str, Callable[..., Any], str, Callable[..., Any], Callable[..., Any] | None]
SPECS: dict[str, Spec] = {
    "simple_returns": (
        "prices",
        lambda m, x: m.simple_returns(x),
        "numpy diff / p[:-1]",
        lambda x: np.diff(x) / x[:-1],
        lambda e, x: e.simple_returns(x),
    ),
    "log_returns": (
        "prices",
        lambda m, x: m.log_returns(x),
        "numpy diff(log)",
        lambda x: np.diff(np.log(x)),
        None,
    ),
    "cum_returns": (
        "returns",
        lambda m, x: m.cum_returns(x),
        "numpy cumprod - 1",
        lambda x: np.cumprod(x + 1.0) - 1.0,
        lambda e, x: e.cum_returns(x),
    ),
    "drawdown": (
        "returns",
        lambda m, x: m.drawdown(x),
        "numpy cumprod/fmax.accumulate",
        _numpy_drawdown,
        None,
    ),
    "drawdown_periods": (
        "returns",
        lambda m, x: m.drawdown_periods(x),
        "pandas pyfolio loop",
        _pyfolio_top_drawdowns,
        None,
    ),
    "value_at_risk": (
        "returns",
        lambda m, x: m.value_at_risk(x),
        "numpy percentile",
        lambda x: float(np.percentile(x, 5.0)),
        lambda e, x: e.value_at_risk(x),
    ),
    "conditional_value_at_risk": (
        "returns",
        lambda m, x: m.conditional_value_at_risk(x),
        "numpy sort/mean",
        _numpy_cvar,
        lambda e, x: e.conditional_value_at_risk(x),
    ),
    "tail_ratio": (
        "returns",
        lambda m, x: m.tail_ratio(x),
        "numpy percentile ratio",
        _numpy_percentile_tail,
        lambda e, x: e.tail_ratio(x),
    ),
    "stability_of_timeseries": (
        "returns",
        lambda m, x: m.stability_of_timeseries(x),
        "numpy corrcoef ** 2",
        lambda x: float(np.corrcoef(np.arange(x.size), np.cumsum(np.log1p(x)))[0, 1] ** 2),
        lambda e, x: e.stability_of_timeseries(x),
    ),
    "omega_ratio": (
        "returns",
        lambda m, x: m.omega_ratio(x),
        "numpy masked sums",
        _numpy_omega,
        lambda e, x: e.omega_ratio(x),
    ),
    "beta": (
        "pair",
        lambda m, x, f: m.beta(x, f),
        "numpy cov / var",
        _numpy_beta,
        lambda e, x, f: e.beta(x, f),
    ),
    "up_capture": (
        "pair",
        lambda m, x, f: m.up_capture(x, f),
        "numpy masked prod",
        _numpy_up_capture,
        lambda e, x, f: e.up_capture(x, f),
    ),
    "roll_sharpe_ratio": (
        "rolling",
        lambda m, x: m.roll_sharpe_ratio(x, WINDOW),
        "numpy sliding_window_view",
        _numpy_roll_sharpe,
        lambda e, x: e.roll_sharpe_ratio(x, WINDOW),
    ),
    "roll_max_drawdown": (
        "rolling",
        lambda m, x: m.roll_max_drawdown(x, WINDOW),
        "numpy sliding cumprod",
        _numpy_roll_max_drawdown,
        lambda e, x: e.roll_max_drawdown(x, WINDOW),
    ),
}


def cases(profile: Profile) -> list[Case]:
    """Cases of these metrics at the profile's sizes (the rolling ones up to 1e5).

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One case per function and size, on seeded daily returns (or prices).
    """
    out = []
    for name, (kind, _, label, _, _) in SPECS.items():
        sizes = profile.sizes
        if kind == "rolling":
            sizes = tuple(n for n in sizes if n <= ROLLING_MAX_SIZE)
        out += sized_cases(
            sizes,
            group=f"metrics.{name}",
            table=f"metrics.{name} - daily " + ("prices" if kind == "prices" else "returns"),
            baseline=label,
            build=partial(_impls, name),
        )
    return out


def _impls(name: str, n: int) -> dict[str, Impl]:
    metrics = rn_module("metrics")
    kind, call, label, baseline, peer_call = SPECS[name]
    x = data.prices(n) if kind == "prices" else data.returns(n)
    args = (x, _factor(n)) if kind == "pair" else (x,)
    impls = rn_pair("numpy", lambda: call(metrics, *args))
    impls[label] = Impl(partial(baseline, *args), "numpy")
    if peer_call is not None:
        impls[f"empyrical.{name}"] = peer(
            "empyrical", lambda empyrical: partial(peer_call, empyrical, *args)
        )
    return impls
