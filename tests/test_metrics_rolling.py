"""roll_sharpe_ratio, roll_max_drawdown, roll_annual_volatility and roll_beta against
empyrical, on both backends."""

from __future__ import annotations

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
    st.floats(-0.5, 0.5, allow_nan=False), st.just(np.nan), st.sampled_from([0.01, 0.0])
)
PERIODS = st.sampled_from(list(rn.metrics.ANNUALIZATION_FACTORS))
UNARY_KWARGS = {
    "roll_sharpe_ratio": st.fixed_dictionaries(
        {"risk_free": st.sampled_from([0.0, 0.0001]), "period": PERIODS}
    ),
    "roll_max_drawdown": st.fixed_dictionaries({}),
    "roll_annual_volatility": st.fixed_dictionaries(
        {"period": PERIODS, "alpha": st.sampled_from([2.0, 3.0])}
    ),
}
ROLLING = [*UNARY_KWARGS, "roll_beta"]


def peer(name: str, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return getattr(empyrical, name)(*args, **kwargs)


def same_array(a: Any, b: Any) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


@pytest.mark.parametrize("name", list(UNARY_KWARGS))
@given(data=st.data())
def test_unary_rolling_equals_empyrical(name: str, data: st.DataObject) -> None:
    returns = data.draw(arrays(np.float64, st.integers(1, 120), elements=ELEMENTS))
    window = data.draw(st.integers(1, returns.size), label="window")
    kwargs = data.draw(UNARY_KWARGS[name], label="kwargs")
    got = getattr(rn.metrics, name)(returns, window, **kwargs)
    assert got.shape == (returns.size - window + 1,)
    assert same_array(got, peer(name, returns, window, **kwargs))


@given(data=st.data())
def test_roll_beta_equals_empyrical(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 120), label="n")
    returns = data.draw(arrays(np.float64, n, elements=ELEMENTS), label="returns")
    factor = data.draw(arrays(np.float64, n, elements=ELEMENTS), label="factor")
    window = data.draw(st.integers(1, n), label="window")
    got = rn.metrics.roll_beta(returns, factor, window)
    assert same_array(got, peer("roll_beta", returns, factor, window))


def test_series_are_labelled_by_the_last_period_of_each_window() -> None:
    index = pd.date_range("2024-01-01", periods=30, name="day")
    rng = np.random.default_rng(3)
    returns = pd.Series(rng.normal(0.001, 0.01, 30), index=index)
    factor = pd.Series(rng.normal(0.001, 0.01, 30), index=index)
    for name in UNARY_KWARGS:
        got = getattr(rn.metrics, name)(returns, 10)
        pd.testing.assert_series_equal(got, peer(name, returns, 10), check_names=False)
        assert got.index.equals(index[9:])
    got = rn.metrics.roll_beta(returns, factor, 10)
    pd.testing.assert_series_equal(got, peer("roll_beta", returns, factor, 10), check_names=False)


def test_large_series_equal_empyrical() -> None:
    rng = np.random.default_rng(7)
    factor = rng.normal(0.0004, 0.01, 5_000)
    returns = 1.1 * factor + rng.normal(0, 0.005, factor.size)
    returns[::97] = np.nan
    for name in UNARY_KWARGS:
        assert same_array(getattr(rn.metrics, name)(returns, 252), peer(name, returns, 252))
    assert same_array(
        rn.metrics.roll_beta(returns, factor, 63), peer("roll_beta", returns, factor, 63)
    )


@pytest.mark.parametrize("name", ROLLING)
@given(
    values=arrays(
        np.float64, st.integers(1, 80), elements=st.one_of(st.floats(-3.0, 3.0), st.just(np.nan))
    ),
    window=st.integers(1, 12),
)
def test_backends_agree_bit_for_bit(name: str, values: np.ndarray, window: int) -> None:
    args = (values, values[::-1].copy()) if name == "roll_beta" else (values,)
    outcome = assert_same_outcome(lambda: getattr(rn.metrics, name)(*args, window))
    if not isinstance(outcome, Exception):  # a window longer than the series raises
        assert same_array(*outcome)


def _bad_inputs() -> list[tuple[str, tuple, dict, type, str]]:
    cases = []
    for name in ROLLING:
        pair: tuple = ([0.1, 0.2],) if name != "roll_beta" else ([0.1, 0.2], [0.1, 0.2])
        empty: tuple = ([],) if name != "roll_beta" else ([], [])
        message = "window must be between 1 and the length of the series (2), got {}"
        cases += [
            (name, pair, {"window": 3}, exc.InvalidParameterError, message.format(3)),
            (name, pair, {"window": 0}, exc.InvalidParameterError, message.format(0)),
            (name, pair, {"window": -1}, exc.InvalidParameterError, message.format(-1)),
            (
                name,
                empty,
                {"window": 1},
                exc.InvalidParameterError,
                "window must be between 1 and the length of the series (0), got 1",
            ),
            (name, pair, {"window": 1.5}, exc.InputTypeError, "window must be an integer"),
            (name, pair, {"window": True}, exc.InputTypeError, "window must be an integer"),
        ]
        bad: tuple = ([0.1, np.inf],) if name != "roll_beta" else ([0.1, np.inf], [0.1, 0.2])
        cases.append((name, bad, {"window": 1}, exc.InvalidInputError, "returns[1] is inf"))
    cases += [
        (
            "roll_beta",
            ([0.1, 0.2], [0.1]),
            {"window": 1},
            exc.InvalidInputError,
            "factor_returns must have the length of returns (2), got 1",
        ),
        (
            "roll_sharpe_ratio",
            ([0.1, 0.2],),
            {"window": 1, "period": "hourly"},
            exc.InvalidParameterError,
            'period cannot be "hourly"',
        ),
        (
            "roll_annual_volatility",
            ([0.1, 0.2],),
            {"window": 1, "alpha": 0},
            exc.InvalidParameterError,
            "alpha must be a finite number > 0, got 0",
        ),
    ]
    return cases


@pytest.mark.parametrize(("name", "args", "kwargs", "error", "message"), _bad_inputs())
def test_bad_input_raises_a_clear_error(
    name: str, args: tuple, kwargs: dict, error: type, message: str
) -> None:
    metric = getattr(rn.metrics, name)
    with pytest.raises(error) as raised:
        metric(*args, **kwargs)
    assert message in str(raised.value)
    assert_same_outcome(lambda: metric(*args, **kwargs))
