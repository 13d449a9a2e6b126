"""The metrics under ``convention="quantstats"`` against quantstats 0.0.86, on both backends."""

from __future__ import annotations

import math
import warnings
from typing import Any, Callable

import numpy as np
import pandas as pd
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rustybt_native import exceptions as exc

qs = pytest.importorskip("quantstats")

# Returns within (-1, 1): quantstats reads a series with no negative value and a value above 1
# as prices (and converts it), which this library never does (documented).
ELEMENTS = st.one_of(
    st.floats(-0.9, 0.9, allow_nan=False),
    st.just(np.nan),
    st.sampled_from([0.01, -0.01, 0.0]),
)
returns_arrays = arrays(np.float64, st.integers(0, 300), elements=ELEMENTS)
RATES = st.sampled_from([0.0, 0.02, 0.05])
CUTOFFS = st.sampled_from([0.05, 0.01, 0.1, 0.5, 0.333])
PERIODS = st.sampled_from([252, 12, 52, 1, 365.0])


def _call_quantstats(function: Callable[..., Any], series: pd.Series, **kwargs: Any) -> float:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return float(function(series, **kwargs))


#: name -> (strategy of this library's keyword arguments, quantstats' value for them).
METRICS: dict[str, tuple[Any, Callable[[pd.Series, dict[str, Any]], float]]] = {
    "sharpe_ratio": (
        st.fixed_dictionaries({"risk_free": RATES, "annualization": PERIODS}),
        lambda s, k: _call_quantstats(
            qs.stats.sharpe, s, rf=k["risk_free"], periods=k["annualization"]
        ),
    ),
    "sortino_ratio": (
        st.fixed_dictionaries({"required_return": RATES, "annualization": PERIODS}),
        lambda s, k: _call_quantstats(
            qs.stats.sortino, s, rf=k["required_return"], periods=k["annualization"]
        ),
    ),
    "annual_volatility": (
        st.fixed_dictionaries({"annualization": PERIODS}),
        lambda s, k: _call_quantstats(qs.stats.volatility, s, periods=k["annualization"]),
    ),
    "annual_return": (
        st.fixed_dictionaries({"annualization": PERIODS}),
        lambda s, k: _call_quantstats(qs.stats.cagr, s, periods=k["annualization"]),
    ),
    "cagr": (
        st.fixed_dictionaries({"period": st.sampled_from(list(rn.metrics.ANNUALIZATION_FACTORS))}),
        lambda s, k: _call_quantstats(
            qs.stats.cagr, s, periods=rn.metrics.ANNUALIZATION_FACTORS[k["period"]]
        ),
    ),
    "cum_returns_final": (
        st.fixed_dictionaries({}),
        lambda s, k: _call_quantstats(qs.stats.comp, s),
    ),
    "max_drawdown": (
        st.fixed_dictionaries({}),
        lambda s, k: _call_quantstats(qs.stats.max_drawdown, s),
    ),
    "calmar_ratio": (
        st.fixed_dictionaries({"annualization": PERIODS}),
        lambda s, k: _call_quantstats(qs.stats.calmar, s, periods=k["annualization"]),
    ),
    "omega_ratio": (
        st.fixed_dictionaries(
            {
                "risk_free": RATES,
                "required_return": st.sampled_from([0.0, 0.05, -0.5, -1.0, 0.1]),
                "annualization": PERIODS,
            }
        ),
        lambda s, k: _call_quantstats(
            qs.stats.omega,
            s,
            rf=k["risk_free"],
            required_return=k["required_return"],
            periods=k["annualization"],
        ),
    ),
    "value_at_risk": (
        st.fixed_dictionaries({"cutoff": CUTOFFS}),
        lambda s, k: _call_quantstats(qs.stats.value_at_risk, s, confidence=1 - k["cutoff"]),
    ),
    "conditional_value_at_risk": (
        st.fixed_dictionaries({"cutoff": CUTOFFS}),
        lambda s, k: _call_quantstats(
            qs.stats.conditional_value_at_risk, s, confidence=1 - k["cutoff"]
        ),
    ),
    "tail_ratio": (
        st.fixed_dictionaries({}),
        lambda s, k: _call_quantstats(qs.stats.tail_ratio, s),
    ),
}
NAMES = list(METRICS)
#: quantstats' normal quantile is scipy's ``ndtri`` (Cephes), this library's Wichura's AS241:
#: both within about 1e-16, so the parametric tail metrics agree to a few ulps, not bit for bit.
#: Every other metric is bit for bit.
NOT_BIT_FOR_BIT = {"value_at_risk", "conditional_value_at_risk"}
#: quantstats rejects (DataValidationError) empty and all-NaN returns in these; this library
#: gives NaN there.
VALIDATED = {
    "sharpe_ratio",
    "sortino_ratio",
    "annual_volatility",
    "annual_return",
    "cagr",
    "max_drawdown",
    "calmar_ratio",
    "omega_ratio",
}


def quantstats_value(name: str, returns: np.ndarray, kwargs: dict[str, Any]) -> float:
    """quantstats' value, or NaN where quantstats rejects the series (empty or all NaN)."""
    series = pd.Series(returns, index=pd.date_range("2020-01-02", periods=len(returns)))
    if name in VALIDATED and series.count() == 0:
        with pytest.raises(qs.utils.DataValidationError):
            METRICS[name][1](series, kwargs)
        return math.nan
    if name == "calmar_ratio" and _call_quantstats(qs.stats.max_drawdown, series) == 0:
        # no drawdown: quantstats divides by a Python 0.0 and raises; IEEE division here
        with pytest.raises(ZeroDivisionError):
            METRICS[name][1](series, kwargs)
        growth = _call_quantstats(qs.stats.cagr, series, periods=kwargs["annualization"])
        with np.errstate(all="ignore"):
            return float(np.float64(growth) / 0.0)
    return METRICS[name][1](series, kwargs)


def assert_equal_to_quantstats(name: str, got: float, expected: float) -> None:
    assert isinstance(got, float)
    if math.isnan(expected):
        assert math.isnan(got)
    elif name in NOT_BIT_FOR_BIT:
        assert got == pytest.approx(expected, rel=1e-10, abs=1e-300)
    else:
        assert got == expected


def ours(name: str, returns: Any, kwargs: dict[str, Any]) -> Any:
    return getattr(rn.metrics, name)(returns, convention="quantstats", **kwargs)


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_metric_equals_quantstats(name: str, data: st.DataObject) -> None:
    returns = data.draw(returns_arrays, label="returns")
    kwargs = data.draw(METRICS[name][0], label="kwargs")
    assert_equal_to_quantstats(
        name, ours(name, returns, kwargs), quantstats_value(name, returns, kwargs)
    )


SPECIAL_SERIES = {
    "empty": [],
    "single": [0.01],
    "single NaN": [np.nan],
    "all NaN": [np.nan, np.nan, np.nan],
    "constant": [0.01] * 5,
    "constant negative": [-0.01] * 4,
    "zeros": [0.0, 0.0, 0.0],
    "constant with NaN": [0.02, np.nan, 0.02],
    "one present": [np.nan, 0.01, np.nan],
    "total loss": [0.1, -1.0, 0.2],
    "rises only": [0.01, 0.02, 0.005],
    "falls only": [-0.01, -0.02, -0.005],
}


#: quantstats' defaults, in this library's parameters.
DEFAULTS: dict[str, dict[str, Any]] = {
    "sharpe_ratio": {"risk_free": 0.0, "annualization": 252},
    "sortino_ratio": {"required_return": 0.0, "annualization": 252},
    "annual_volatility": {"annualization": 252},
    "annual_return": {"annualization": 252},
    "cagr": {"period": "daily"},
    "calmar_ratio": {"annualization": 252},
    "omega_ratio": {"risk_free": 0.0, "required_return": 0.0, "annualization": 252},
    "value_at_risk": {"cutoff": 0.05},
    "conditional_value_at_risk": {"cutoff": 0.05},
}


@pytest.mark.parametrize("series", list(SPECIAL_SERIES.values()), ids=list(SPECIAL_SERIES))
@pytest.mark.parametrize("name", NAMES)
def test_edge_series_follow_quantstats(name: str, series: list[float]) -> None:
    returns = np.array(series, dtype=np.float64)
    kwargs = DEFAULTS.get(name, {})
    assert_equal_to_quantstats(
        name, ours(name, returns, kwargs), quantstats_value(name, returns, kwargs)
    )


@pytest.mark.parametrize("name", NAMES)
def test_large_series_and_columns_equal_quantstats(name: str) -> None:
    rng = np.random.default_rng(11)
    matrix = rng.normal(0.0005, 0.01, (20_000, 3))
    matrix[::97, 1] = np.nan
    kwargs = DEFAULTS.get(name, {})
    frame = pd.DataFrame(matrix, columns=["a", "b", "c"])
    by_column = ours(name, frame, kwargs)
    assert isinstance(by_column, pd.Series)
    assert list(by_column.index) == ["a", "b", "c"]
    by_array = ours(name, matrix, kwargs)
    for j, column in enumerate(frame):
        expected = quantstats_value(name, matrix[:, j], kwargs)
        assert_equal_to_quantstats(name, float(by_column[column]), expected)
        assert_equal_to_quantstats(name, float(by_array[j]), expected)
        assert_equal_to_quantstats(name, ours(name, frame[column], kwargs), expected)


@pytest.mark.parametrize("name", NAMES)
@given(
    returns=arrays(
        np.float64,
        st.tuples(st.integers(0, 60), st.integers(0, 4)),
        elements=st.one_of(st.floats(-3.0, 3.0), st.just(np.nan)),
    ),
    data=st.data(),
)
def test_backends_agree_bit_for_bit(name: str, returns: np.ndarray, data: st.DataObject) -> None:
    kwargs = data.draw(METRICS[name][0], label="kwargs")
    for values in (returns, returns[:, 0] if returns.shape[1] else returns[:, :0].ravel()):
        native, python = assert_same_outcome(lambda v=values: ours(name, v, kwargs))
        np.testing.assert_array_equal(native, python)


def test_examples_and_differences_from_empyrical() -> None:
    r = [0.01, -0.02, np.nan, 0.015, 0.003, -0.004]
    assert rn.metrics.sharpe_ratio(r, convention="quantstats") == 0.9294330217029175
    # NaN counts as a period in empyrical's CAGR, not in quantstats'
    assert rn.metrics.cagr(r, convention="quantstats") == 0.20037699508683748
    assert rn.metrics.cagr(r) != rn.metrics.cagr(r, convention="quantstats")
    # the risk-free rate is annual under quantstats' convention, per period under empyrical's
    per_period = (1 + 0.05) ** (1 / 252) - 1
    assert rn.metrics.sharpe_ratio(r, 0.05, convention="quantstats") == pytest.approx(
        rn.metrics.sharpe_ratio(r, per_period), rel=1e-12
    )
    assert math.isnan(rn.metrics.sortino_ratio([0.01, 0.02], convention="quantstats"))
    assert rn.metrics.sortino_ratio([0.01, 0.02]) == math.inf
    assert rn.metrics.cum_returns_final([], convention="quantstats") == 0.0
    assert math.isnan(rn.metrics.cum_returns_final([]))
    assert rn.metrics.conditional_value_at_risk([0.01, 0.01], convention="quantstats") == 0.01


def test_the_default_convention_is_empyricals() -> None:
    r = np.array([0.01, -0.02, np.nan, 0.015, 0.003, -0.004])
    assert rn.metrics.cagr(r, convention="empyrical") == rn.metrics.cagr(r)
    assert rn.metrics.tail_ratio(r, convention="empyrical") == rn.metrics.tail_ratio(r)


def _bad_inputs() -> list[tuple[str, dict[str, Any], type, str]]:
    cases: list[tuple[str, dict[str, Any], type, str]] = []
    for name in NAMES:
        cases += [
            (
                name,
                {"returns": [0.1], "convention": "pyfolio"},
                exc.InvalidParameterError,
                'convention cannot be "pyfolio": use "empyrical" or "quantstats"',
            ),
            (
                name,
                {"returns": [0.1], "convention": 3},
                exc.InputTypeError,
                "convention must be a str",
            ),
            (
                name,
                {"returns": [0.1, np.inf], "convention": "quantstats"},
                exc.InvalidInputError,
                "returns[1] is inf",
            ),
            (
                name,
                {"returns": [[[0.1]]], "convention": "quantstats"},
                exc.InvalidInputError,
                "returns must be 1-D or 2-D",
            ),
            (
                name,
                {"returns": ["a"], "convention": "quantstats"},
                exc.InputTypeError,
                "returns must hold numbers",
            ),
        ]
    for name, rate in (("sharpe_ratio", "risk_free"), ("omega_ratio", "risk_free")):
        cases.append(
            (
                name,
                {"returns": [0.1, 0.2], rate: -0.01, "convention": "quantstats"},
                exc.InvalidParameterError,
                "risk_free must be >= 0 under the quantstats convention",
            )
        )
    cases += [
        (
            "sortino_ratio",
            {"returns": [0.1, 0.2], "required_return": -0.01, "convention": "quantstats"},
            exc.InvalidParameterError,
            "risk_free must be >= 0 under the quantstats convention",
        ),
        (
            "annual_volatility",
            {"returns": [0.1, 0.2], "alpha": 3.0, "convention": "quantstats"},
            exc.InvalidParameterError,
            'alpha must be 2 with convention="quantstats"',
        ),
        (
            "cum_returns_final",
            {"returns": [0.1, 0.2], "starting_value": 100, "convention": "quantstats"},
            exc.InvalidParameterError,
            'starting_value must be 0 with convention="quantstats"',
        ),
        (
            "value_at_risk",
            {"returns": [0.1, 0.2], "cutoff": 1.5, "convention": "quantstats"},
            exc.InvalidParameterError,
            "cutoff must be between 0 and 1, got 1.5",
        ),
        (
            "sharpe_ratio",
            {"returns": [0.1, 0.2], "period": "hourly", "convention": "quantstats"},
            exc.InvalidParameterError,
            'period cannot be "hourly"',
        ),
        (
            "calmar_ratio",
            {"returns": [0.1, 0.2], "annualization": 0, "convention": "quantstats"},
            exc.InvalidParameterError,
            "annualization must be a finite number > 0, got 0",
        ),
        (
            "omega_ratio",
            {"returns": [0.1, 0.2], "required_return": np.nan, "convention": "quantstats"},
            exc.InvalidParameterError,
            "required_return must be finite, got NaN",
        ),
        (
            "sharpe_ratio",
            {"returns": pd.Series([0.1, 0.2]).astype("string"), "convention": "quantstats"},
            exc.InputTypeError,
            "returns must hold numbers",
        ),
    ]
    return cases


@pytest.mark.parametrize(("name", "kwargs", "error", "message"), _bad_inputs())
def test_bad_input_raises_a_clear_error(
    name: str, kwargs: dict[str, Any], error: type, message: str
) -> None:
    metric = getattr(rn.metrics, name)
    with pytest.raises(error) as raised:
        metric(**kwargs)
    assert message in str(raised.value)
    assert_same_outcome(lambda: metric(**kwargs))


def test_decimal_returns_are_rejected() -> None:
    from decimal import Decimal

    with pytest.raises(exc.InvalidParameterError, match="takes float returns"):
        rn.metrics.sharpe_ratio([Decimal("0.01"), Decimal("0.02")], convention="quantstats")


# Alpha and beta: quantstats' greeks. np.cov multiplies through BLAS in an order numpy leaves
# open, so they agree to a tolerance: relative, or absolute where a covariance cancels to ~0.
def quantstats_greeks(
    returns: np.ndarray, factor: np.ndarray, periods: float = 252
) -> tuple[float, float]:
    index = pd.date_range("2020-01-02", periods=len(returns))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        greeks = qs.stats.greeks(
            pd.Series(returns, index=index), pd.Series(factor, index=index), periods=periods
        )
    return float(greeks["alpha"]), float(greeks["beta"])


def assert_close_greeks(got: tuple[Any, Any], expected: tuple[float, float]) -> None:
    assert got[0] == pytest.approx(expected[0], rel=1e-10, abs=1e-12)
    assert got[1] == pytest.approx(expected[1], rel=1e-10, abs=1e-14)


@given(
    pair=st.integers(0, 200).flatmap(
        lambda n: st.tuples(
            arrays(np.float64, n, elements=ELEMENTS), arrays(np.float64, n, elements=ELEMENTS)
        )
    ),
    periods=PERIODS,
)
def test_greeks_equal_quantstats(pair: tuple[np.ndarray, np.ndarray], periods: float) -> None:
    returns, factor = pair
    expected = quantstats_greeks(returns, factor, periods)
    got = rn.metrics.alpha_beta(returns, factor, annualization=periods, convention="quantstats")
    paired = factor[~np.isnan(returns) & ~np.isnan(factor)]
    if paired.size and np.all(paired == paired[0]):
        # a constant benchmark: 0 here, quantstats' ratio of two rounding residues or 0 there
        assert got == (0.0, 0.0)
        return
    assert_close_greeks(got, expected)
    assert (
        rn.metrics.alpha(returns, factor, annualization=periods, convention="quantstats")
        == (got[0])
    )
    assert rn.metrics.beta(returns, factor, convention="quantstats") == got[1]


def test_greeks_of_columns_and_edge_cases() -> None:
    rng = np.random.default_rng(5)
    factor = rng.normal(0.0004, 0.01, 5_000)
    matrix = 1.3 * factor[:, None] + rng.normal(0.0001, 0.005, (5_000, 3))
    matrix[::31, 2] = np.nan
    factor[::53] = np.nan
    frame = pd.DataFrame(matrix, columns=["x", "y", "z"])
    alphas, betas = rn.metrics.alpha_beta(frame, factor, convention="quantstats")
    assert list(alphas.index) == ["x", "y", "z"]
    for j, column in enumerate(frame):
        assert_close_greeks(
            (alphas[column], betas[column]), quantstats_greeks(matrix[:, j], factor)
        )
    # undefined alpha and beta are 0, as quantstats' fillna(0) gives
    assert rn.metrics.alpha_beta([0.1], [0.2], convention="quantstats") == (0.0, 0.0)
    assert rn.metrics.alpha_beta([0.1, 0.2], [0.01, 0.01], convention="quantstats") == (0.0, 0.0)
    assert quantstats_greeks(np.array([0.1, 0.2]), np.array([0.01, 0.01])) == (0.0, 0.0)
    constant = np.full(22, 0.49954995)  # found by hypothesis: np.cov leaves a residue variance
    residue = quantstats_greeks(np.r_[0.5, np.zeros(21)], constant)
    assert residue[1] != 0.0
    assert rn.metrics.alpha_beta(np.r_[0.5, np.zeros(21)], constant, convention="quantstats") == (
        0.0,
        0.0,
    )


@given(
    returns=arrays(
        np.float64,
        st.tuples(st.integers(0, 40), st.integers(0, 3)),
        elements=st.one_of(st.floats(-3.0, 3.0), st.just(np.nan)),
    ),
    data=st.data(),
)
def test_greeks_backends_agree_bit_for_bit(returns: np.ndarray, data: st.DataObject) -> None:
    factor = data.draw(
        arrays(np.float64, returns.shape[0], elements=st.one_of(st.floats(-3, 3), st.just(np.nan)))
    )
    native, python = assert_same_outcome(
        lambda: rn.metrics.alpha_beta(returns, factor, convention="quantstats")
    )
    np.testing.assert_array_equal(native, python)
    if returns.shape[1]:
        column = np.ascontiguousarray(returns[:, 0])
        native, python = assert_same_outcome(
            lambda: rn.metrics.alpha_beta(column, factor, convention="quantstats")
        )
        assert native == python or np.array_equal(native, python, equal_nan=True)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"returns": [0.1, 0.2], "factor_returns": [0.1]},
            exc.InvalidInputError,
            "factor_returns must have the length of returns (2), got 1",
        ),
        (
            {"returns": [0.1, np.inf], "factor_returns": [0.1, 0.2]},
            exc.InvalidInputError,
            "returns[1] is inf",
        ),
        (
            {"returns": [0.1, 0.2], "factor_returns": [0.1, 0.2], "risk_free": 0.01},
            exc.InvalidParameterError,
            'risk_free must be 0 with convention="quantstats"',
        ),
        (
            {"returns": [0.1, 0.2], "factor_returns": [0.1, 0.2], "annualization": -1},
            exc.InvalidParameterError,
            "annualization must be a finite number > 0, got -1",
        ),
    ],
)
def test_greeks_bad_input(kwargs: dict[str, Any], error: type, message: str) -> None:
    call = lambda: rn.metrics.alpha_beta(**kwargs, convention="quantstats")  # noqa: E731
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)
    assert_same_outcome(call)


def test_summary_under_quantstats_conventions() -> None:
    rng = np.random.default_rng(3)
    r = rng.normal(0.0005, 0.01, 300)
    r[::17] = np.nan
    factor = rng.normal(0.0003, 0.01, 300)
    kwargs = {"risk_free": 0.03, "required_return": 0.02, "cutoff": 0.1, "period": "weekly"}
    report = rn.metrics.summary(r, factor, convention="quantstats", **kwargs)
    assert list(report) == [
        "annual_return",
        "cum_returns_final",
        "annual_volatility",
        "sharpe_ratio",
        "calmar_ratio",
        "max_drawdown",
        "omega_ratio",
        "sortino_ratio",
        "tail_ratio",
        "value_at_risk",
        "conditional_value_at_risk",
        "alpha",
        "beta",
    ]
    m = rn.metrics
    q = {"convention": "quantstats"}
    assert report["annual_return"] == m.annual_return(r, "weekly", **q)
    assert report["sharpe_ratio"] == m.sharpe_ratio(r, 0.03, "weekly", **q)
    assert report["omega_ratio"] == m.omega_ratio(r, 0.03, 0.02, 52, **q)
    assert report["sortino_ratio"] == m.sortino_ratio(r, 0.02, "weekly", **q)
    assert report["conditional_value_at_risk"] == m.conditional_value_at_risk(r, 0.1, **q)
    assert (report["alpha"], report["beta"]) == m.alpha_beta(r, factor, period="weekly", **q)
    series = pd.Series(r, index=pd.date_range("2020-01-02", periods=300))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert report["sharpe_ratio"] == qs.stats.sharpe(series, rf=0.03, periods=52)
    as_series = m.summary(series, convention="quantstats")
    assert isinstance(as_series, pd.Series)
    assert "alpha" not in as_series
    frame = pd.DataFrame({"a": r, "b": r[::-1]})
    as_frame = m.summary(frame, convention="quantstats")
    assert list(as_frame.columns) == ["a", "b"]
    assert as_frame.loc["max_drawdown", "a"] == m.max_drawdown(r, **q)
    with pytest.raises(exc.InvalidParameterError, match='convention cannot be "qs"'):
        m.summary(r, convention="qs")
