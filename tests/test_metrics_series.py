"""The series metrics (simple_returns, log_returns, cum_returns, drawdown, drawdown_periods)
against empyrical (and pyfolio's drawdown periods), on both backends."""

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
from empyrical import stats as empyrical_stats  # noqa: E402  (drawdown_series is not exported)

returns_arrays = arrays(
    np.float64,
    st.integers(0, 300),
    elements=st.one_of(
        st.floats(-0.5, 0.5, allow_nan=False),
        st.just(np.nan),
        st.sampled_from([0.01, -0.01, 0.0]),
    ),
)
prices_arrays = arrays(
    np.float64,
    st.integers(0, 300),
    elements=st.one_of(
        st.floats(0.01, 1e6, allow_nan=False),
        st.just(np.nan),
        st.sampled_from([0.0, 100.0, -5.0]),
    ),
)
SPECIAL_RETURNS = {
    "empty": [],
    "single": [0.01],
    "single negative": [-0.03],
    "single NaN": [np.nan],
    "all NaN": [np.nan, np.nan, np.nan],
    "constant": [0.01] * 5,
    "constant negative": [-0.01] * 4,
    "zeros": [0.0, 0.0, 0.0],
    "constant with NaN": [0.02, np.nan, 0.02],
    "total loss": [0.1, -1.0, 0.2],
    "rises only": [0.01, 0.02, 0.005],
    "falls only": [-0.01, -0.02, -0.005],
}


def same_array(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the bit (NaN where NaN), shapes included."""
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))


def quiet(function: Any, *args: Any, **kwargs: Any) -> Any:
    """A peer's result; its own numpy warnings are not under test."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


# simple_returns, cum_returns, drawdown: bit for bit with empyrical.


@given(prices_arrays)
def test_simple_returns_equal_empyrical(prices: np.ndarray) -> None:
    assert same_array(
        rn.metrics.simple_returns(prices), quiet(empyrical.simple_returns, prices.copy())
    )


@given(returns_arrays, st.sampled_from([0, 1, 100.0, 0.5]))
def test_cum_returns_equal_empyrical(returns: np.ndarray, starting_value: float) -> None:
    expected = quiet(empyrical.cum_returns, returns.copy(), starting_value=starting_value)
    assert same_array(rn.metrics.cum_returns(returns, starting_value), expected)


@given(returns_arrays)
def test_drawdown_equals_empyrical(returns: np.ndarray) -> None:
    got = rn.metrics.drawdown(returns)
    if returns.size == 0:  # empyrical gives a scalar NaN here (documented departure)
        assert got.shape == (0,)
        return
    assert same_array(got, quiet(empyrical_stats.drawdown_series, returns.copy()))
    assert float(np.min(got)) == quiet(empyrical.max_drawdown, returns)


@pytest.mark.parametrize("series", list(SPECIAL_RETURNS.values()), ids=list(SPECIAL_RETURNS))
def test_edge_series_follow_empyrical(series: list[float]) -> None:
    r = np.array(series, dtype=np.float64)
    assert same_array(rn.metrics.cum_returns(r), quiet(empyrical.cum_returns, r.copy()))
    assert same_array(rn.metrics.cum_returns(r, 10), quiet(empyrical.cum_returns, r.copy(), 10))
    assert same_array(rn.metrics.simple_returns(r), quiet(empyrical.simple_returns, r.copy()))
    if r.size:
        assert same_array(rn.metrics.drawdown(r), quiet(empyrical_stats.drawdown_series, r.copy()))
    else:
        assert rn.metrics.drawdown(r).shape == (0,)


def test_large_series_equal_empyrical() -> None:
    rng = np.random.default_rng(7)
    r = rng.normal(0.0005, 0.01, 100_000)
    r[::97] = np.nan
    assert same_array(rn.metrics.cum_returns(r), empyrical.cum_returns(r))
    assert same_array(rn.metrics.drawdown(r), empyrical_stats.drawdown_series(r))
    prices = 100 * np.cumprod(1 + np.nan_to_num(r))
    assert same_array(rn.metrics.simple_returns(prices), empyrical.simple_returns(prices))


def test_examples() -> None:
    assert rn.metrics.simple_returns([100.0, 101.3, np.nan, 99.0, 0.0, 5.0]).tolist()[3:] == [
        -1.0,
        math.inf,
    ]
    assert rn.metrics.simple_returns([5]).shape == (0,)
    assert rn.metrics.cum_returns([0.01, -0.02, np.nan, 0.03]).tolist() == [
        0.010000000000000009,
        -0.010199999999999987,
        -0.010199999999999987,
        0.019494000000000122,
    ]
    assert rn.metrics.drawdown([-0.1]).tolist() == [-0.1]


# pandas in, pandas out


def test_pandas_series_keep_their_index() -> None:
    index = pd.date_range("2024-01-01", periods=4, name="day")
    prices = pd.Series([100.0, 101.0, 99.0, 102.0], index=index, name="close")
    returns = rn.metrics.simple_returns(prices)
    assert isinstance(returns, pd.Series)
    assert returns.index.equals(index[1:])
    assert returns.name == "close"
    # empyrical uses pct_change for pandas (p1 / p0 - 1): equal within rounding
    np.testing.assert_allclose(returns, empyrical.simple_returns(prices), rtol=1e-12)
    assert rn.metrics.log_returns(prices).index.equals(index[1:])
    for function in (rn.metrics.cum_returns, rn.metrics.drawdown):
        out = function(returns)
        assert isinstance(out, pd.Series)
        assert out.index.equals(returns.index)
    # empyrical drops the Series' name; it is kept here
    pd.testing.assert_series_equal(
        rn.metrics.cum_returns(returns), empyrical.cum_returns(returns), check_names=False
    )
    pd.testing.assert_series_equal(
        rn.metrics.drawdown(returns), empyrical_stats.drawdown_series(returns), check_names=False
    )
    periods = rn.metrics.drawdown_periods(returns)
    assert periods[0][:3] == (index[1], index[2], index[3])


# log_returns: the differences of the log prices (not in empyrical)


@given(prices_arrays)
def test_log_returns_are_differences_of_log_prices(prices: np.ndarray) -> None:
    got = rn.metrics.log_returns(prices)
    expected = quiet(lambda: np.diff(np.log(prices)))
    assert got.shape == expected.shape
    assert np.array_equal(np.isnan(got), np.isnan(expected))
    finite = np.isfinite(expected)
    assert np.array_equal(got[~finite], expected[~finite], equal_nan=True)
    # numpy's log and the platform's may differ in the last bit of each log price
    logs = quiet(lambda: np.abs(np.log(prices)))
    scale = np.fmax(logs[1:], logs[:-1])[finite] if prices.size > 1 else np.zeros(0)
    assert np.all(np.abs(got[finite] - expected[finite]) <= 4 * np.spacing(np.fmax(scale, 1.0)))


# drawdown_periods: pyfolio's get_top_drawdowns, transcribed here on positions (pyfolio itself
# pulls in matplotlib and seaborn, too heavy for a test dependency).


def pyfolio_top_drawdowns(returns: np.ndarray, top: int) -> list[tuple[Any, Any, Any, float]]:
    """pyfolio.timeseries.get_top_drawdowns (and get_max_drawdown_underwater), verbatim but
    for returning the depth underwater[valley] too."""
    # Dates as labels, as pyfolio has them: slicing a Series by integers would be positional.
    series = pd.Series(returns, index=pd.date_range("2000-01-01", periods=len(returns)))
    position = {label: i for i, label in enumerate(series.index)}
    df_cum = empyrical.cum_returns(series, 1.0)
    running_max = np.maximum.accumulate(df_cum)
    underwater = df_cum / running_max - 1
    drawdowns = []
    for _ in range(top):
        valley = underwater.idxmin()
        peak = underwater[:valley][underwater[:valley] == 0].index[-1]
        try:
            recovery = underwater[valley:][underwater[valley:] == 0].index[0]
        except IndexError:
            recovery = np.nan
        depth = float(underwater[valley])
        if not pd.isnull(recovery):
            underwater = underwater.drop(underwater[peak:recovery].index[1:-1])
        else:
            underwater = underwater.loc[:peak]
        drawdowns.append(
            (
                position[peak],
                position[valley],
                None if pd.isnull(recovery) else position[recovery],
                depth,
            )
        )
        if len(returns) == 0 or len(underwater) == 0 or np.min(underwater) == 0:
            break
    return drawdowns


@given(
    arrays(
        np.float64,
        st.integers(1, 120),
        elements=st.one_of(
            st.floats(-0.3, 0.3, allow_nan=False), st.just(np.nan), st.sampled_from([0.0, 0.05])
        ),
    ),
    st.integers(0, 8),
)
def test_drawdown_periods_equal_pyfolio(returns: np.ndarray, top: int) -> None:
    got = rn.metrics.drawdown_periods(returns, top)
    assert got == pyfolio_top_drawdowns(returns, top)
    for peak, valley, recovery, depth in got:
        assert peak <= valley
        assert recovery is None or valley <= recovery
        assert depth <= 0
        assert isinstance(peak, int)
        assert isinstance(depth, float)


def test_drawdown_periods_examples() -> None:
    r = [0.1, -0.2, 0.3, -0.05, -0.1, 0.02]
    assert rn.metrics.drawdown_periods(r) == [
        (0, 1, 2, -0.19999999999999996),
        (2, 4, None, -0.14500000000000013),
    ]
    assert rn.metrics.drawdown_periods(r, top=1) == rn.metrics.drawdown_periods(r)[:1]
    assert rn.metrics.drawdown_periods(r, top=0) == []
    assert rn.metrics.drawdown_periods([]) == []
    assert rn.metrics.drawdown_periods([0.01, 0.02]) == [(0, 0, 0, 0.0)]  # pyfolio's quirk
    assert rn.metrics.drawdown_periods([-0.1, -0.1]) == pyfolio_top_drawdowns(
        np.array([-0.1, -0.1]), 5
    )


# Both backends, and bad input


@pytest.mark.parametrize(
    "name", ["simple_returns", "log_returns", "cum_returns", "drawdown", "drawdown_periods"]
)
@given(
    values=arrays(
        np.float64, st.integers(0, 200), elements=st.one_of(st.floats(-3.0, 3.0), st.just(np.nan))
    )
)
def test_backends_agree(name: str, values: np.ndarray) -> None:
    native, python = assert_same_outcome(lambda: getattr(rn.metrics, name)(values))
    if name == "drawdown_periods":
        assert native == python or np.isnan(values).all()
    elif name == "log_returns":
        np.testing.assert_allclose(native, python, rtol=1e-13, atol=1e-15)
    else:
        assert same_array(native, python)


def _bad_inputs() -> list[tuple[str, dict, type, str]]:
    cases = []
    for name, arg in [
        ("simple_returns", "prices"),
        ("log_returns", "prices"),
        ("cum_returns", "returns"),
        ("drawdown", "returns"),
        ("drawdown_periods", "returns"),
    ]:
        cases += [
            (name, {arg: [0.1, np.inf]}, exc.InvalidInputError, f"{arg}[1] is inf"),
            (name, {arg: [-np.inf]}, exc.InvalidInputError, f"{arg}[0] is -inf"),
            (
                name,
                {arg: [[[0.1, 0.2]]]},
                exc.InvalidInputError,
                f"{arg} must be 1-D" if name == "drawdown_periods" else f"{arg} must be 1-D or 2-D",
            ),
            (name, {arg: ["a", "b"]}, exc.InputTypeError, f"{arg} must hold numbers"),
        ]
    cases += [
        (
            "cum_returns",
            {"returns": [0.1], "starting_value": np.nan},
            exc.InvalidParameterError,
            "starting_value must be finite, got NaN",
        ),
        (
            "cum_returns",
            {"returns": [0.1], "starting_value": "1"},
            exc.InputTypeError,
            "starting_value must be a real number",
        ),
        (
            "drawdown_periods",
            {"returns": [0.1], "top": -1},
            exc.InvalidParameterError,
            "top must be >= 0, got -1",
        ),
        (
            "drawdown_periods",
            {"returns": [0.1], "top": 2.5},
            exc.InputTypeError,
            "top must be an integer",
        ),
    ]
    return cases


@pytest.mark.parametrize(("name", "kwargs", "error", "message"), _bad_inputs())
def test_bad_input_raises_a_clear_error(name: str, kwargs: dict, error: type, message: str) -> None:
    function = getattr(rn.metrics, name)
    with pytest.raises(error) as raised:
        function(**kwargs)
    assert message in str(raised.value)
    assert_same_outcome(lambda: function(**kwargs))


def test_does_not_modify_its_input() -> None:
    r = np.array([0.01, np.nan, -0.03])
    before = r.copy()
    for name in ("simple_returns", "log_returns", "cum_returns", "drawdown", "drawdown_periods"):
        getattr(rn.metrics, name)(r)
    np.testing.assert_array_equal(r, before)
