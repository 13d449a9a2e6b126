"""rustybt_native.metrics.sharpe_ratio against empyrical, on both backends."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rustybt_native import exceptions as exc

empyrical = pytest.importorskip("empyrical")

returns_arrays = arrays(
    np.float64,
    st.integers(0, 300),
    elements=st.one_of(
        st.floats(-0.5, 0.5, allow_nan=False),
        st.just(np.nan),
        st.sampled_from([0.01, -0.01, 0.0]),
    ),
)


def same_float(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@given(
    returns_arrays,
    st.sampled_from([0.0, 0.0001, -0.002]),
    st.sampled_from(list(rn.metrics.ANNUALIZATION_FACTORS)),
)
def test_equals_empyrical_bit_for_bit(returns: np.ndarray, risk_free: float, period: str) -> None:
    expected = float(empyrical.sharpe_ratio(returns, risk_free=risk_free, period=period))
    assert same_float(rn.metrics.sharpe_ratio(returns, risk_free, period), expected)


def test_examples() -> None:
    r = [0.01, -0.005, 0.02, 0.0, 0.007]
    assert rn.metrics.sharpe_ratio(r) == 10.574976083972865
    assert rn.metrics.sharpe_ratio(r, 0.001, annualization=12) == 1.9470788187249102
    assert rn.metrics.sharpe_ratio(pd.Series(r)) == 10.574976083972865
    assert rn.metrics.sharpe_ratio(np.array(r, dtype=np.float32)) == pytest.approx(
        10.574976, rel=1e-5
    )
    # annualization overrides period, even an unknown one, as in empyrical
    assert rn.metrics.sharpe_ratio(r, annualization=252) == 10.574976083972865


@pytest.mark.parametrize(
    ("returns", "expected"),
    [
        ([], math.nan),
        ([0.01], math.nan),
        ([0.01, np.nan], math.nan),
        ([np.nan, np.nan, np.nan], math.nan),
        ([0.01, 0.01, 0.01], math.inf),
        ([-0.01, -0.01], -math.inf),
        ([0.0, 0.0], math.nan),
    ],
)
def test_degenerate_series_follow_empyrical(returns: list[float], expected: float) -> None:
    result = rn.metrics.sharpe_ratio(returns)
    assert same_float(result, expected)
    assert same_float(result, float(empyrical.sharpe_ratio(np.array(returns, dtype=float))))


def test_large_series() -> None:
    rng = np.random.default_rng(7)
    r = rng.normal(0.0005, 0.01, 100_000)
    r[::97] = np.nan
    assert rn.metrics.sharpe_ratio(r) == float(empyrical.sharpe_ratio(r))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"returns": [0.1, np.inf]}, exc.InvalidInputError, "returns[1] is inf"),
        ({"returns": [-np.inf]}, exc.InvalidInputError, "returns[0] is -inf"),
        ({"returns": [[[0.1, 0.2]]]}, exc.InvalidInputError, "returns must be 1-D or 2-D, got 3-D"),
        ({"returns": ["a", "b"]}, exc.InputTypeError, "returns must hold numbers"),
        (
            {"returns": [0.1, 0.2], "period": "hourly"},
            exc.InvalidParameterError,
            'period cannot be "hourly"',
        ),
        ({"returns": [0.1, 0.2], "period": 252}, exc.InputTypeError, "period must be a str"),
        (
            {"returns": [0.1, 0.2], "annualization": 0},
            exc.InvalidParameterError,
            "annualization must be a finite number > 0, got 0",
        ),
        (
            {"returns": [0.1, 0.2], "annualization": -5.0},
            exc.InvalidParameterError,
            "annualization",
        ),
        (
            {"returns": [0.1, 0.2], "annualization": np.inf},
            exc.InvalidParameterError,
            "annualization must be a finite number > 0, got inf",
        ),
        (
            {"returns": [0.1, 0.2], "risk_free": np.nan},
            exc.InvalidParameterError,
            "risk_free must be finite, got NaN",
        ),
        (
            {"returns": [0.1, 0.2], "risk_free": "0"},
            exc.InputTypeError,
            "risk_free must be a real number",
        ),
        (
            {"returns": [0.1, 0.2], "risk_free": True},
            exc.InputTypeError,
            "risk_free must be a real number",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        rn.metrics.sharpe_ratio(**kwargs)
    assert message in str(raised.value)
    assert_same_outcome(lambda: rn.metrics.sharpe_ratio(**kwargs))


def test_does_not_modify_its_input() -> None:
    r = np.array([0.01, np.nan, 0.03])
    before = r.copy()
    rn.metrics.sharpe_ratio(r, risk_free=0.01)
    np.testing.assert_array_equal(r, before)


@given(
    arrays(
        np.float64, st.integers(0, 200), elements=st.one_of(st.floats(-0.5, 0.5), st.just(np.nan))
    ),
    st.floats(-0.01, 0.01),
)
def test_sharpe_backends_agree_bit_for_bit(returns: np.ndarray, risk_free: float) -> None:
    native, python = assert_same_outcome(lambda: rn.metrics.sharpe_ratio(returns, risk_free))
    assert native == python or (np.isnan(native) and np.isnan(python))


# The scalar metrics beside the Sharpe ratio, each against its empyrical namesake.

PERIODS = st.sampled_from(list(rn.metrics.ANNUALIZATION_FACTORS))
REQUIRED_RETURNS = st.sampled_from([0, 0.0, 0.001, -0.002])
#: Keyword arguments drawn for each metric, with empyrical's names.
METRIC_KWARGS = {
    "cum_returns_final": st.fixed_dictionaries(
        {"starting_value": st.sampled_from([0, 1, 100.0, 0.5])}
    ),
    "annual_return": st.fixed_dictionaries({"period": PERIODS}),
    "annual_volatility": st.fixed_dictionaries(
        {"period": PERIODS, "alpha": st.sampled_from([2.0, 1.5, 3.0])}
    ),
    "max_drawdown": st.fixed_dictionaries({}),
    "downside_risk": st.fixed_dictionaries(
        {"required_return": REQUIRED_RETURNS, "period": PERIODS}
    ),
    "sortino_ratio": st.fixed_dictionaries(
        {"required_return": REQUIRED_RETURNS, "period": PERIODS}
    ),
    "calmar_ratio": st.fixed_dictionaries({"period": PERIODS}),
}
METRICS = list(METRIC_KWARGS)
ANNUALIZED = [name for name in METRICS if name not in ("cum_returns_final", "max_drawdown")]


def empyrical_value(name: str, returns: np.ndarray, **kwargs: object) -> float:
    """empyrical's result as a float; its own numpy warnings are not under test."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return float(getattr(empyrical, name)(returns, **kwargs))


@pytest.mark.parametrize("name", METRICS)
@given(data=st.data())
def test_metric_equals_empyrical_bit_for_bit(name: str, data: st.DataObject) -> None:
    returns = data.draw(returns_arrays, label="returns")
    kwargs = data.draw(METRIC_KWARGS[name], label="kwargs")
    got = getattr(rn.metrics, name)(returns, **kwargs)
    assert isinstance(got, float)
    assert same_float(got, empyrical_value(name, returns, **kwargs))


SPECIAL_SERIES = {
    "empty": [],
    "single": [0.01],
    "single negative": [-0.03],
    "single NaN": [np.nan],
    "all NaN": [np.nan, np.nan, np.nan],
    "constant": [0.01] * 5,
    "constant 0.1": [0.1, 0.1, 0.1],
    "constant negative": [-0.01] * 4,
    "zeros": [0.0, 0.0, 0.0],
    "constant with NaN": [0.02, np.nan, 0.02],
    "one present": [np.nan, 0.01, np.nan],
    "total loss": [0.1, -1.0, 0.2],
    "rises only": [0.01, 0.02, 0.005],
    "falls only": [-0.01, -0.02, -0.005],
}


@pytest.mark.parametrize("series", list(SPECIAL_SERIES.values()), ids=list(SPECIAL_SERIES))
@pytest.mark.parametrize("name", METRICS)
def test_edge_series_follow_empyrical(name: str, series: list[float]) -> None:
    returns = np.array(series, dtype=np.float64)
    got = getattr(rn.metrics, name)(returns)
    assert same_float(got, empyrical_value(name, returns))


@pytest.mark.parametrize("name", METRICS)
def test_large_series_equal_empyrical(name: str) -> None:
    rng = np.random.default_rng(7)
    r = rng.normal(0.0005, 0.01, 100_000)
    r[::97] = np.nan
    assert getattr(rn.metrics, name)(r) == empyrical_value(name, r)


def test_metric_examples() -> None:
    r = [0.1, -0.2, np.nan, 0.1, -0.15]
    assert rn.metrics.max_drawdown(r) == -0.25199999999999995
    assert rn.metrics.max_drawdown(pd.Series(r)) == -0.25199999999999995
    assert rn.metrics.calmar_ratio(r, period="monthly") == -1.4833721494738736
    assert rn.metrics.cum_returns_final([0.01, -0.02, np.nan, 0.03]) == 0.019494000000000122
    assert rn.metrics.cum_returns_final([0.1, 0.1], starting_value=100) == 121.00000000000001
    # annualization overrides period, even an unknown one, as in empyrical
    assert rn.metrics.annual_return(r, annualization=12) == rn.metrics.annual_return(
        r, period="monthly"
    )
    assert rn.metrics.annual_volatility(r, "bogus", annualization=52) == empyrical_value(
        "annual_volatility", np.array(r), period="weekly"
    )
    assert rn.metrics.sortino_ratio([0.01, 0.02]) == math.inf
    assert rn.metrics.sortino_ratio([-0.01, -0.02], required_return=-0.03) == math.inf
    assert math.isnan(rn.metrics.sortino_ratio([0.0, 0.0]))
    assert rn.metrics.downside_risk([0.01]) == 0.0


@pytest.mark.parametrize("name", METRICS)
@given(
    returns=arrays(
        np.float64,
        st.integers(0, 200),
        elements=st.one_of(st.floats(-3.0, 3.0), st.just(np.nan)),
    )
)
def test_backends_agree_bit_for_bit_beyond_empyrical_range(name: str, returns: np.ndarray) -> None:
    # Returns below -100% make the growth negative: NaN annual returns, odd drawdowns.
    native, python = assert_same_outcome(lambda: getattr(rn.metrics, name)(returns))
    assert same_float(native, python)


def _bad_inputs() -> list[tuple[str, dict, type, str]]:
    cases = []
    for name in METRICS:
        cases += [
            (name, {"returns": [0.1, np.inf]}, exc.InvalidInputError, "returns[1] is inf"),
            (name, {"returns": [-np.inf]}, exc.InvalidInputError, "returns[0] is -inf"),
            (
                name,
                {"returns": [[[0.1, 0.2]]]},
                exc.InvalidInputError,
                "returns must be 1-D or 2-D",
            ),
            (name, {"returns": ["a", "b"]}, exc.InputTypeError, "returns must hold numbers"),
            (name, {"returns": np.array([0.1, None])}, exc.InputTypeError, "Decimal"),
        ]
    for name in ANNUALIZED:
        cases += [
            (
                name,
                {"returns": [0.1, 0.2], "period": "hourly"},
                exc.InvalidParameterError,
                'period cannot be "hourly"',
            ),
            (name, {"returns": [], "period": "Daily"}, exc.InvalidParameterError, "period"),
            (name, {"returns": [0.1], "period": 252}, exc.InputTypeError, "period must be a str"),
            (
                name,
                {"returns": [0.1, 0.2], "annualization": 0},
                exc.InvalidParameterError,
                "annualization must be a finite number > 0, got 0",
            ),
            (
                name,
                {"returns": [0.1, 0.2], "annualization": -np.inf},
                exc.InvalidParameterError,
                "annualization must be a finite number > 0, got -inf",
            ),
            (
                name,
                {"returns": [0.1, 0.2], "annualization": "252"},
                exc.InputTypeError,
                "annualization must be a real number",
            ),
        ]
    for name in ("downside_risk", "sortino_ratio"):
        cases += [
            (
                name,
                {"returns": [0.1, 0.2], "required_return": np.nan},
                exc.InvalidParameterError,
                "required_return must be finite, got NaN",
            ),
            (
                name,
                {"returns": [0.1, 0.2], "required_return": "0"},
                exc.InputTypeError,
                "required_return must be a real number",
            ),
        ]
    cases += [
        (
            "cum_returns_final",
            {"returns": [0.1], "starting_value": np.inf},
            exc.InvalidParameterError,
            "starting_value must be finite, got inf",
        ),
        (
            "cum_returns_final",
            {"returns": [0.1], "starting_value": None},
            exc.InputTypeError,
            "starting_value must be a real number",
        ),
        (
            "annual_volatility",
            {"returns": [0.1, 0.2], "alpha": 0},
            exc.InvalidParameterError,
            "alpha must be a finite number > 0, got 0",
        ),
        (
            "annual_volatility",
            {"returns": [0.1, 0.2], "alpha": np.nan},
            exc.InvalidParameterError,
            "alpha must be a finite number > 0, got NaN",
        ),
        (
            "annual_volatility",
            {"returns": [0.1, 0.2], "alpha": True},
            exc.InputTypeError,
            "alpha must be a real number",
        ),
    ]
    return cases


@pytest.mark.parametrize(("name", "kwargs", "error", "message"), _bad_inputs())
def test_metric_bad_input_raises_a_clear_error(
    name: str, kwargs: dict, error: type, message: str
) -> None:
    metric = getattr(rn.metrics, name)
    with pytest.raises(error) as raised:
        metric(**kwargs)
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError if error is not exc.InputTypeError else TypeError)
    assert_same_outcome(lambda: metric(**kwargs))


@pytest.mark.parametrize("name", METRICS)
def test_metric_does_not_modify_its_input(name: str) -> None:
    r = np.array([0.01, np.nan, -0.03])
    before = r.copy()
    getattr(rn.metrics, name)(r)
    np.testing.assert_array_equal(r, before)
