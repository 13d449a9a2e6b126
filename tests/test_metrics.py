"""rustybt_native.metrics.sharpe_ratio against empyrical, on both backends."""

from __future__ import annotations

import math

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
        ({"returns": [[0.1, 0.2]]}, exc.InvalidInputError, "returns must be 1-D, got 2-D"),
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
