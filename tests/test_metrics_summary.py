"""metrics.summary: every scalar metric in one call, equal to the metrics one by one."""

from __future__ import annotations

from typing import Any, Callable

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from rustybt_native import exceptions as exc

ONE_BY_ONE: dict[str, Callable[..., Any]] = {
    "annual_return": lambda r, f, o: rn.metrics.annual_return(r, o["period"]),
    "cum_returns_final": lambda r, f, o: rn.metrics.cum_returns_final(r),
    "annual_volatility": lambda r, f, o: rn.metrics.annual_volatility(r, o["period"]),
    "sharpe_ratio": lambda r, f, o: rn.metrics.sharpe_ratio(r, o["risk_free"], o["period"]),
    "calmar_ratio": lambda r, f, o: rn.metrics.calmar_ratio(r, o["period"]),
    "stability_of_timeseries": lambda r, f, o: rn.metrics.stability_of_timeseries(r),
    "max_drawdown": lambda r, f, o: rn.metrics.max_drawdown(r),
    "omega_ratio": lambda r, f, o: rn.metrics.omega_ratio(
        r,
        o["risk_free"],
        o["required_return"],
        rn.metrics.ANNUALIZATION_FACTORS[o["period"]],
    ),
    "sortino_ratio": lambda r, f, o: rn.metrics.sortino_ratio(r, o["required_return"], o["period"]),
    "tail_ratio": lambda r, f, o: rn.metrics.tail_ratio(r),
    "value_at_risk": lambda r, f, o: rn.metrics.value_at_risk(r, o["cutoff"]),
    "conditional_value_at_risk": lambda r, f, o: rn.metrics.conditional_value_at_risk(
        r, o["cutoff"]
    ),
    "downside_risk": lambda r, f, o: rn.metrics.downside_risk(r, o["required_return"], o["period"]),
    "alpha": lambda r, f, o: rn.metrics.alpha(r, f, o["risk_free"], o["period"]),
    "beta": lambda r, f, o: rn.metrics.beta(r, f, o["risk_free"]),
    "excess_sharpe": lambda r, f, o: rn.metrics.excess_sharpe(r, f),
    "capture": lambda r, f, o: rn.metrics.capture(r, f, o["period"]),
    "up_capture": lambda r, f, o: rn.metrics.up_capture(r, f, o["period"]),
    "down_capture": lambda r, f, o: rn.metrics.down_capture(r, f, o["period"]),
}

returns_1d = hnp.arrays(
    np.float64,
    st.integers(0, 40),
    elements=st.one_of(st.floats(-0.3, 0.3, allow_nan=False), st.just(np.nan), st.just(0.0)),
)


def _same(got: float, want: float) -> bool:
    return bool(got == want or (np.isnan(got) and np.isnan(want)))


@given(
    returns=returns_1d,
    with_factor=st.booleans(),
    period=st.sampled_from(["daily", "monthly"]),
    risk_free=st.sampled_from([0.0, 0.001]),
    required_return=st.sampled_from([0.0, 0.002]),
    cutoff=st.sampled_from([0.05, 0.2]),
)
def test_equals_the_metrics_one_by_one(
    returns: Any,
    with_factor: bool,
    period: str,
    risk_free: float,
    required_return: float,
    cutoff: float,
) -> None:
    options = {
        "period": period,
        "risk_free": risk_free,
        "required_return": required_return,
        "cutoff": cutoff,
    }
    factor = np.roll(returns, 1) * 0.5 if with_factor else None
    outcome = assert_same_outcome(
        lambda: rn.metrics.summary(
            returns,
            factor,
            period,
            risk_free=risk_free,
            required_return=required_return,
            cutoff=cutoff,
        )
    )
    native, python = outcome
    assert list(native) == list(python)
    assert list(native) == list(ONE_BY_ONE)[: 19 if with_factor else 13]
    for name in native:
        want = ONE_BY_ONE[name](returns, factor, options)
        assert _same(native[name], want), (name, native[name], want)
        assert _same(python[name], want), (name, python[name], want)


@pytest.mark.parametrize("n", [23, 24, 600, 2520])
@pytest.mark.parametrize("cutoff", [0.0, 0.05, 0.19, 0.25, 1.0])
def test_long_series_with_ties_and_nans_equal_the_metrics_one_by_one(n: int, cutoff: float) -> None:
    # Values on a 0.001 grid (many ties, -0.0 among them) and NaNs in both series: the native
    # kernel gathers the tails by thresholds for short cutoffs and selects for wide ones, and
    # shares its passes; every value must still equal the metric's own function.
    rng = np.random.default_rng(n)
    returns = rng.integers(-20, 21, n) / 1000.0
    returns[rng.integers(0, n, n // 50)] = np.nan
    returns[rng.integers(0, n, n // 50)] = -0.0
    factor = rng.integers(-20, 21, n) / 1000.0
    factor[rng.integers(0, n, n // 40)] = np.nan
    options = {"period": "daily", "risk_free": 0.0, "required_return": 0.0, "cutoff": cutoff}
    report = rn.metrics.summary(returns, factor, cutoff=cutoff)
    for name, value in report.items():
        want = ONE_BY_ONE[name](returns, factor, options)
        assert _same(value, want), (name, value, want)


def test_matches_empyrical_on_a_daily_series() -> None:
    rng = np.random.default_rng(8)
    returns = rng.normal(0.0004, 0.01, 2520)
    factor = rng.normal(0.0003, 0.009, 2520)
    report = rn.metrics.summary(returns, factor)
    for name in ("sharpe_ratio", "max_drawdown", "annual_return", "sortino_ratio", "beta"):
        want = getattr(ep, name)(returns, factor) if name == "beta" else getattr(ep, name)(returns)
        assert report[name] == pytest.approx(want, rel=1e-10), name


def test_matrices_give_one_value_per_column() -> None:
    rng = np.random.default_rng(9)
    matrix = rng.normal(0.0, 0.01, (60, 4))
    factor = rng.normal(0.0, 0.01, 60)
    native, python = assert_same_outcome(lambda: rn.metrics.summary(matrix, factor))
    for name, values in native.items():
        assert values.shape == (4,)
        np.testing.assert_allclose(values, python[name], rtol=1e-12)
        column = rn.metrics.summary(matrix[:, 2].copy(), factor)[name]
        assert _same(values[2], column), name
    empty = assert_same_outcome(lambda: rn.metrics.summary(np.empty((5, 0))))
    assert list(empty[0]) == list(empty[1])
    assert all(v.shape == (0,) for v in empty[0].values())


def test_pandas_in_gives_pandas_out() -> None:
    index = pd.date_range("2024-01-01", periods=30, freq="B")
    rng = np.random.default_rng(10)
    series = pd.Series(rng.normal(0, 0.01, 30), index=index, name="strategy")
    report = rn.metrics.summary(series)
    assert isinstance(report, pd.Series)
    assert report["sharpe_ratio"] == rn.metrics.sharpe_ratio(series)
    frame = pd.DataFrame({"a": series.to_numpy(), "b": series.to_numpy() * 2}, index=index)
    table = rn.metrics.summary(frame)
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["a", "b"]
    assert table.loc["max_drawdown", "b"] == rn.metrics.max_drawdown(frame["b"])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"returns": [0.1, np.inf]}, exc.InvalidInputError, "returns[1] is inf"),
        ({"returns": [0.1, 0.2], "factor_returns": [0.1]}, exc.InvalidInputError, "length"),
        ({"returns": [0.1], "period": "hourly"}, exc.InvalidParameterError, "period"),
        ({"returns": [0.1], "annualization": 0}, exc.InvalidParameterError, "annualization"),
        ({"returns": [0.1], "cutoff": 1.5}, exc.InvalidParameterError, "cutoff"),
        ({"returns": [0.1], "risk_free": np.nan}, exc.InvalidParameterError, "risk_free"),
        ({"returns": ["a"]}, exc.InputTypeError, "numbers"),
    ],
)
def test_bad_input(kwargs: dict[str, Any], error: type, message: str) -> None:
    raised = assert_same_outcome(lambda: rn.metrics.summary(**kwargs))
    assert isinstance(raised, error)
    assert message in str(raised)
