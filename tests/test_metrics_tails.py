"""cagr, value_at_risk, conditional_value_at_risk, tail_ratio and omega_ratio against
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

returns_arrays = arrays(
    np.float64,
    st.integers(0, 300),
    elements=st.one_of(
        st.floats(-0.5, 0.5, allow_nan=False),
        st.just(np.nan),
        st.sampled_from([0.01, -0.01, 0.0]),
    ),
)
CUTOFFS = st.sampled_from([0.05, 0.01, 0.1, 0.5, 0.0, 1.0, 0.333])
METRIC_KWARGS = {
    "cagr": st.fixed_dictionaries(
        {"period": st.sampled_from(list(rn.metrics.ANNUALIZATION_FACTORS))}
    ),
    "value_at_risk": st.fixed_dictionaries({"cutoff": CUTOFFS}),
    "conditional_value_at_risk": st.fixed_dictionaries({"cutoff": CUTOFFS}),
    "tail_ratio": st.fixed_dictionaries({}),
    "stability_of_timeseries": st.fixed_dictionaries({}),
    "omega_ratio": st.fixed_dictionaries(
        {
            "risk_free": st.sampled_from([0.0, 0.0001, -0.001]),
            "required_return": st.sampled_from([0.0, 0.05, -0.5, -1.0, 0.01]),
            "annualization": st.sampled_from([252, 1, 12, 52.0]),
        }
    ),
}
METRICS = list(METRIC_KWARGS)
#: Where empyrical's order of summation is not reproducible (np.partition's order), the
#: tolerance; the others are bit for bit.
RELATIVE = {"conditional_value_at_risk": 1e-12, "stability_of_timeseries": 1e-10}


def empyrical_value(name: str, returns: np.ndarray, **kwargs: Any) -> float:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return float(getattr(empyrical, name)(returns, **kwargs))


def flat_log_curve(returns: np.ndarray) -> bool:
    """Whether ``cumsum(log1p(r))`` of the present returns is flat: there scipy's r value is
    NaN or 0 depending on how numpy's mean of equal values happens to round, and this library
    gives NaN (documented)."""
    with np.errstate(all="ignore"):
        curve = np.cumsum(np.log1p(returns[~np.isnan(returns)]))
    return curve.size >= 2 and bool(np.all(curve == curve[0]))


def assert_equal_to_peer(name: str, got: float, expected: float) -> None:
    assert isinstance(got, float)
    if math.isnan(expected):
        assert math.isnan(got)
    elif name in RELATIVE:
        # R² near 0 comes from a cancelling sum: an absolute tolerance there
        assert got == pytest.approx(expected, rel=RELATIVE[name], abs=1e-13)
    else:
        assert got == expected


@pytest.mark.parametrize("name", METRICS)
@given(data=st.data())
def test_metric_equals_empyrical(name: str, data: st.DataObject) -> None:
    returns = data.draw(returns_arrays, label="returns")
    kwargs = data.draw(METRIC_KWARGS[name], label="kwargs")
    got = getattr(rn.metrics, name)(returns, **kwargs)
    if name == "stability_of_timeseries" and flat_log_curve(returns):
        assert math.isnan(got)
        return
    assert_equal_to_peer(name, got, empyrical_value(name, returns, **kwargs))


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


@pytest.mark.parametrize("series", list(SPECIAL_SERIES.values()), ids=list(SPECIAL_SERIES))
@pytest.mark.parametrize("name", METRICS)
def test_edge_series_follow_empyrical(name: str, series: list[float]) -> None:
    returns = np.array(series, dtype=np.float64)
    got = getattr(rn.metrics, name)(returns)
    assert_equal_to_peer(name, got, empyrical_value(name, returns))


@pytest.mark.parametrize("name", METRICS)
def test_large_series_equal_empyrical(name: str) -> None:
    rng = np.random.default_rng(7)
    r = rng.normal(0.0005, 0.01, 100_000)
    if name != "value_at_risk":  # a NaN makes empyrical's VaR NaN
        r[::97] = np.nan
    assert_equal_to_peer(name, getattr(rn.metrics, name)(r), empyrical_value(name, r))
    assert_equal_to_peer(
        name, getattr(rn.metrics, name)(pd.Series(r)), empyrical_value(name, pd.Series(r))
    )


def test_examples() -> None:
    r = [0.01, -0.02, 0.03, -0.05, 0.0, 0.015, -0.007]
    assert rn.metrics.value_at_risk(r) == -0.041
    assert rn.metrics.value_at_risk(r, cutoff=1) == 0.03
    assert rn.metrics.value_at_risk(r, cutoff=0) == -0.05
    assert math.isnan(rn.metrics.value_at_risk([*r, np.nan]))
    assert rn.metrics.conditional_value_at_risk(r) == -0.05
    assert rn.metrics.conditional_value_at_risk([*r, np.nan], 0.5) == -0.019250000000000003
    assert rn.metrics.tail_ratio(r) == 0.6219512195121948
    assert rn.metrics.tail_ratio([0.01, 0.0, 0.0]) == math.inf
    assert rn.metrics.omega_ratio([0.01, -0.02, np.nan, 0.03, -0.005, 0.004]) == 1.7599999999999998
    assert math.isnan(rn.metrics.omega_ratio([0.01, 0.02]))
    assert rn.metrics.stability_of_timeseries([0.01, -0.01, 0.01, -0.01]) == pytest.approx(
        0.2080189435001663, rel=1e-13
    )
    assert math.isnan(rn.metrics.stability_of_timeseries([0.3, 0.0, 0.0]))
    assert rn.metrics.cagr(r, period="monthly") == rn.metrics.annual_return(r, period="monthly")


@pytest.mark.parametrize("name", METRICS)
@given(
    returns=arrays(
        np.float64, st.integers(0, 200), elements=st.one_of(st.floats(-3.0, 3.0), st.just(np.nan))
    )
)
def test_backends_agree_bit_for_bit(name: str, returns: np.ndarray) -> None:
    native, python = assert_same_outcome(lambda: getattr(rn.metrics, name)(returns))
    assert native == python or (math.isnan(native) and math.isnan(python))


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
        ]
    for name in ("value_at_risk", "conditional_value_at_risk"):
        for cutoff, shown in ((1.5, "1.5"), (-0.1, "-0.1"), (np.nan, "NaN")):
            cases.append(
                (
                    name,
                    {"returns": [0.1], "cutoff": cutoff},
                    exc.InvalidParameterError,
                    f"cutoff must be between 0 and 1, got {shown}",
                )
            )
        cases.append(
            (name, {"returns": [0.1], "cutoff": "5%"}, exc.InputTypeError, "cutoff must be a real")
        )
    cases += [
        (
            "omega_ratio",
            {"returns": [0.1, 0.2], "risk_free": np.nan},
            exc.InvalidParameterError,
            "risk_free must be finite, got NaN",
        ),
        (
            "omega_ratio",
            {"returns": [0.1, 0.2], "required_return": np.inf},
            exc.InvalidParameterError,
            "required_return must be finite, got inf",
        ),
        (
            "omega_ratio",
            {"returns": [0.1, 0.2], "annualization": 0},
            exc.InvalidParameterError,
            "annualization must be a finite number > 0, got 0",
        ),
        (
            "cagr",
            {"returns": [0.1, 0.2], "period": "hourly"},
            exc.InvalidParameterError,
            'period cannot be "hourly"',
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


def test_a_subnormal_tail_overflows_to_inf_on_both_backends() -> None:
    # Found by hypothesis: 1 / 2.2e-313 overflows; numpy must not turn that into a warning.
    returns = np.array([1.0, 2.22507386e-313, 2.22507386e-313])
    native, python = assert_same_outcome(lambda: rn.metrics.tail_ratio(returns))
    assert native == python == np.inf
