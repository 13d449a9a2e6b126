"""beta, alpha, alpha_beta, excess_sharpe, capture, up_capture and down_capture against
empyrical, on both backends."""

from __future__ import annotations

import math
import warnings
from typing import Any

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

ELEMENTS = st.one_of(
    st.floats(-0.5, 0.5, allow_nan=False),
    st.just(np.nan),
    st.sampled_from([0.01, -0.01, 0.0]),
)
PERIODS = st.sampled_from(list(rn.metrics.ANNUALIZATION_FACTORS))


@st.composite
def paired_series(draw: st.DrawFn, max_size: int = 300) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(0, max_size))
    returns = draw(arrays(np.float64, n, elements=ELEMENTS))
    factor = draw(arrays(np.float64, n, elements=ELEMENTS))
    return returns, factor


METRIC_KWARGS = {
    "beta": st.fixed_dictionaries({}),
    "alpha": st.fixed_dictionaries(
        {"risk_free": st.sampled_from([0.0, 0.0001]), "period": PERIODS}
    ),
    "excess_sharpe": st.fixed_dictionaries({}),
    "capture": st.fixed_dictionaries({"period": PERIODS}),
    "up_capture": st.fixed_dictionaries({"period": PERIODS}),
    "down_capture": st.fixed_dictionaries({"period": PERIODS}),
}
METRICS = list(METRIC_KWARGS)
#: alpha raises (1 + mean) to the annualization with the C library's pow; numpy's vectorized
#: power (SVML on AVX-512 machines) may differ in the last bit. The others are bit for bit.
TOLERANCE = {"alpha": {"rel": 1e-12, "abs": 1e-14}}


def empyrical_value(name: str, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return getattr(empyrical, name)(*args, **kwargs)


def assert_equal_to_peer(name: str, got: float, expected: float) -> None:
    assert isinstance(got, float)
    expected = float(expected)
    if math.isnan(expected) or math.isnan(got):
        assert math.isnan(got), (got, expected)
        assert math.isnan(expected), (got, expected)
    elif name in TOLERANCE and math.isfinite(expected):
        assert got == pytest.approx(expected, **TOLERANCE[name])
    else:
        assert got == expected


@pytest.mark.parametrize("name", METRICS)
@given(data=st.data())
def test_metric_equals_empyrical(name: str, data: st.DataObject) -> None:
    returns, factor = data.draw(paired_series(), label="series")
    kwargs = data.draw(METRIC_KWARGS[name], label="kwargs")
    got = getattr(rn.metrics, name)(returns, factor, **kwargs)
    assert_equal_to_peer(name, got, empyrical_value(name, returns, factor, **kwargs))


@given(paired_series(), st.sampled_from([0.0, 0.0001]), PERIODS)
def test_alpha_beta_equals_empyrical(
    series: tuple[np.ndarray, np.ndarray], risk_free: float, period: str
) -> None:
    returns, factor = series
    got = rn.metrics.alpha_beta(returns, factor, risk_free, period)
    expected = empyrical_value("alpha_beta", returns, factor, risk_free=risk_free, period=period)
    assert isinstance(got, tuple)
    assert len(got) == 2
    assert_equal_to_peer("alpha", got[0], expected[0])
    assert_equal_to_peer("beta", got[1], expected[1])
    assert got[0] == rn.metrics.alpha(returns, factor, risk_free, period) or math.isnan(got[0])


SPECIAL = {
    "empty": ([], []),
    "single": ([0.01], [0.02]),
    "NaN pair": ([np.nan, 0.01], [0.01, np.nan]),
    "all NaN": ([np.nan] * 3, [np.nan] * 3),
    "constant factor": ([0.01, 0.02, 0.03], [0.01, 0.01, 0.01]),
    "constant both": ([0.01] * 4, [0.01] * 4),
    "equal": ([0.01, -0.02, 0.03], [0.01, -0.02, 0.03]),
    "scaled": ([0.02, -0.04, 0.06], [0.01, -0.02, 0.03]),
    "factor only rises": ([0.01, -0.02, 0.03], [0.01, 0.02, 0.03]),
    "factor only falls": ([0.01, -0.02, 0.03], [-0.01, -0.02, -0.03]),
    "zeros": ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
}


@pytest.mark.parametrize("pair", list(SPECIAL.values()), ids=list(SPECIAL))
@pytest.mark.parametrize("name", METRICS)
def test_edge_series_follow_empyrical(name: str, pair: tuple[list, list]) -> None:
    returns, factor = (np.array(s, dtype=np.float64) for s in pair)
    got = getattr(rn.metrics, name)(returns, factor)
    assert_equal_to_peer(name, got, empyrical_value(name, returns, factor))


@pytest.mark.parametrize("name", METRICS)
def test_large_series_equal_empyrical(name: str) -> None:
    rng = np.random.default_rng(7)
    factor = rng.normal(0.0004, 0.01, 100_000)
    returns = 0.0001 + 1.2 * factor + rng.normal(0, 0.005, factor.size)
    returns[::97] = np.nan
    factor[::89] = np.nan
    expected = empyrical_value(name, returns, factor)
    assert_equal_to_peer(name, getattr(rn.metrics, name)(returns, factor), expected)
    # pandas Series on the same index: taken by position
    got = getattr(rn.metrics, name)(pd.Series(returns), pd.Series(factor))
    assert_equal_to_peer(name, got, expected)


def test_examples() -> None:
    r = [0.01, -0.02, np.nan, 0.03, -0.005, 0.004]
    f = [0.005, -0.01, 0.01, np.nan, -0.004, 0.002]
    assert rn.metrics.beta(r, f) == 1.9491525423728815
    assert rn.metrics.beta(r, f, risk_free=0.01) == 1.9491525423728815  # unused, as in empyrical
    assert rn.metrics.excess_sharpe(r, f) == -0.15430334996209188
    assert rn.metrics.capture(r, f) == 8.994623149138121
    assert rn.metrics.up_capture(r, f) == 3.39644010203248
    assert rn.metrics.down_capture(r, f) == 1.1547144961211475
    assert rn.metrics.alpha(r, f) == pytest.approx(0.1811886247195702, rel=1e-14)
    assert rn.metrics.capture(r, f, annualization=12) == rn.metrics.capture(r, f, "monthly")


@pytest.mark.parametrize("name", [*METRICS, "alpha_beta"])
@given(series=paired_series(200))
def test_backends_agree_bit_for_bit(name: str, series: tuple[np.ndarray, np.ndarray]) -> None:
    returns, factor = (s * 6 for s in series)  # returns beyond -100% too
    native, python = assert_same_outcome(lambda: getattr(rn.metrics, name)(returns, factor))
    assert np.array_equal(native, python, equal_nan=True)


def _bad_inputs() -> list[tuple[str, dict, type, str]]:
    cases = []
    for name in [*METRICS, "alpha_beta"]:
        cases += [
            (
                name,
                {"returns": [0.1, 0.2], "factor_returns": [0.1]},
                exc.InvalidInputError,
                "factor_returns must have the length of returns (2), got 1",
            ),
            (
                name,
                {"returns": [0.1, np.inf], "factor_returns": [0.1, 0.2]},
                exc.InvalidInputError,
                "returns[1] is inf",
            ),
            (
                name,
                {"returns": [0.1, 0.2], "factor_returns": [-np.inf, 0.2]},
                exc.InvalidInputError,
                "factor_returns[0] is -inf",
            ),
            (
                name,
                {"returns": [0.1], "factor_returns": [[0.1]]},
                exc.InvalidInputError,
                "factor_returns must be 1-D",
            ),
            (
                name,
                {"returns": ["a"], "factor_returns": [0.1]},
                exc.InputTypeError,
                "returns must hold numbers",
            ),
        ]
    for name in ("alpha", "alpha_beta", "capture", "up_capture", "down_capture"):
        cases += [
            (
                name,
                {"returns": [0.1], "factor_returns": [0.1], "period": "hourly"},
                exc.InvalidParameterError,
                'period cannot be "hourly"',
            ),
            (
                name,
                {"returns": [0.1], "factor_returns": [0.1], "annualization": -1},
                exc.InvalidParameterError,
                "annualization must be a finite number > 0, got -1",
            ),
        ]
    cases += [
        (
            "alpha",
            {"returns": [0.1], "factor_returns": [0.1], "risk_free": np.nan},
            exc.InvalidParameterError,
            "risk_free must be finite, got NaN",
        ),
        (
            "beta",
            {"returns": [0.1], "factor_returns": [0.1], "risk_free": "0"},
            exc.InputTypeError,
            "risk_free must be a real number",
        ),
    ]
    return cases


@pytest.mark.parametrize(("name", "kwargs", "error", "message"), _bad_inputs())
def test_bad_input_raises_a_clear_error(name: str, kwargs: dict, error: type, message: str) -> None:
    metric = getattr(rn.metrics, name)
    with pytest.raises(error) as raised:
        metric(**kwargs)
    assert message in str(raised.value)
    assert_same_outcome(lambda: metric(**kwargs))
