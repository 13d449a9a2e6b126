"""Signals (crossover, crossunder, signal_persistence, ma_signal) against plain Python loops
written from TradingView's definitions and the ATC persistence, on both backends."""

from __future__ import annotations

import math

import numpy as np
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rustybt_native import exceptions as exc

nan = math.nan


def cross_loop(a: list[float], b: list[float], up: bool) -> np.ndarray:
    """TradingView: a[i] > b[i] and a[i-1] <= b[i-1] (comparisons with NaN are false)."""
    out = [0] * len(a)
    for i in range(1, len(a)):
        if up:
            out[i] = int(a[i] > b[i] and a[i - 1] <= b[i - 1])
        else:
            out[i] = int(a[i] < b[i] and a[i - 1] >= b[i - 1])
    return np.array(out, dtype=np.int8)


def persistence_loop(up: list[bool], down: list[bool]) -> np.ndarray:
    out, state = [], 0
    for u, d in zip(up, down):
        if u:
            state = 1
        elif d:
            state = -1
        out.append(state)
    return np.array(out, dtype=np.int8)


def assert_same_signal(got: np.ndarray, expected: np.ndarray) -> None:
    assert got.dtype == np.int8
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


# Few distinct values, so that ties (a == b) come up often.
values = st.one_of(st.sampled_from([1.0, 2.0, 3.0, nan]), st.floats(-10, 10))


@st.composite
def pairs(draw: st.DrawFn, ndim: int = 1) -> tuple[np.ndarray, np.ndarray]:
    shape = (
        draw(st.integers(0, 60))
        if ndim == 1
        else draw(st.tuples(st.integers(0, 30), st.integers(1, 4)))
    )
    return draw(arrays(np.float64, shape, elements=values)), draw(
        arrays(np.float64, shape, elements=values)
    )


@given(pairs())
def test_crossings_equal_the_plain_loop(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    assert_same_signal(rn.indicators.crossover(a, b), cross_loop(a.tolist(), b.tolist(), True))
    assert_same_signal(rn.indicators.crossunder(a, b), cross_loop(a.tolist(), b.tolist(), False))


@given(pairs())
def test_ma_signal_is_the_persistence_of_the_crossings(pair: tuple[np.ndarray, np.ndarray]) -> None:
    price, ma = pair
    up = cross_loop(price.tolist(), ma.tolist(), True).astype(bool).tolist()
    down = cross_loop(price.tolist(), ma.tolist(), False).astype(bool).tolist()
    assert_same_signal(rn.indicators.ma_signal(price, ma), persistence_loop(up, down))


@given(pairs(ndim=2))
def test_two_dimensional_signals_are_per_column(pair: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = pair
    for function in (rn.indicators.crossover, rn.indicators.crossunder, rn.indicators.ma_signal):
        out = function(a, b)
        assert out.shape == a.shape
        assert out.dtype == np.int8
        for column in range(a.shape[1]):
            assert_same_signal(out[:, column], function(a[:, column], b[:, column]))
    up, down = a > 2, b > 2
    out = rn.indicators.signal_persistence(up, down)
    for column in range(a.shape[1]):
        expected = persistence_loop(up[:, column].tolist(), down[:, column].tolist())
        assert_same_signal(out[:, column], expected)


@given(arrays(np.bool_, st.integers(0, 60)), st.data())
def test_persistence_equals_the_plain_loop(up: np.ndarray, data: st.DataObject) -> None:
    down = data.draw(arrays(np.bool_, up.shape))
    expected = persistence_loop(up.tolist(), down.tolist())
    assert_same_signal(rn.indicators.signal_persistence(up, down), expected)
    # numbers: nonzero is true, 0 and NaN are false
    as_float = np.where(up, 2.5, np.where(down, nan, 0.0))
    assert_same_signal(
        rn.indicators.signal_persistence(as_float, down.astype(np.int64)),
        persistence_loop(up.tolist(), down.tolist()),
    )


def test_hand_computed_cases() -> None:
    a = [1.0, 2.0, 3.0, 2.0, 2.0, 1.0, nan, 3.0, 3.0]
    b = [2.0] * 9
    # equal then above is a crossover; NaN on the bar or the bar before is no crossing
    assert_same_signal(
        rn.indicators.crossover(a, b), np.array([0, 0, 1, 0, 0, 0, 0, 0, 0], np.int8)
    )
    assert_same_signal(
        rn.indicators.crossunder(a, b), np.array([0, 0, 0, 0, 0, 1, 0, 0, 0], np.int8)
    )
    assert_same_signal(
        rn.indicators.ma_signal(a, b), np.array([0, 0, 1, 1, 1, -1, -1, -1, -1], np.int8)
    )
    # both events on one bar: up wins (ATC's order of tests)
    got = rn.indicators.signal_persistence([0, 1, 0, 1, 0], [0, 0, 1, 1, 0])
    assert_same_signal(got, np.array([0, 1, -1, 1, 1], np.int8))
    assert rn.indicators.crossover([], []).shape == (0,)
    assert rn.indicators.ma_signal(np.zeros((0, 3)), np.zeros((0, 3))).shape == (0, 3)
    assert rn.indicators.signal_persistence(
        np.zeros((4, 0), bool), np.zeros((4, 0), bool)
    ).shape == (4, 0)


def test_ma_signal_with_a_moving_average_warm_up() -> None:
    closes = 100 + np.random.default_rng(2).normal(0, 1, 5000).cumsum()
    ma = rn.indicators.sma(closes, 28)
    out = rn.indicators.ma_signal(closes, ma)
    assert (out[:28] == 0).all()  # the warm-up NaN never crosses, nor the bar after it
    up = rn.indicators.crossover(closes, ma).astype(bool)
    down = rn.indicators.crossunder(closes, ma).astype(bool)
    assert_same_signal(out, rn.indicators.signal_persistence(up, down))
    assert set(np.unique(out)) == {-1, 0, 1}


@given(pairs(), st.sampled_from(["crossover", "crossunder", "ma_signal"]))
def test_backends_agree(pair: tuple[np.ndarray, np.ndarray], name: str) -> None:
    function = getattr(rn.indicators, name)
    native, python = assert_same_outcome(lambda: function(*pair))
    assert_same_signal(native, python)


@pytest.mark.parametrize(
    ("name", "args", "error", "message"),
    [
        (
            "crossover",
            ([1.0], [1.0, 2.0]),
            exc.InvalidInputError,
            "a and b must have the same length, got 1 and 2",
        ),
        (
            "crossunder",
            ([[1.0]], [[1.0, 2.0]]),
            exc.InvalidInputError,
            "a and b must have the same shape, got (1, 1) and (1, 2)",
        ),
        ("ma_signal", ([1.0, 2.0], [1.0, math.inf]), exc.InvalidInputError, "ma[1] is inf"),
        ("ma_signal", ([-math.inf], [1.0]), exc.InvalidInputError, "price[0] is -inf"),
        (
            "crossover",
            (np.zeros((1, 1, 1)), np.zeros((1, 1, 1))),
            exc.InvalidInputError,
            "a must be 1-D or 2-D, got 3-D",
        ),
        ("crossover", (["x"], ["y"]), exc.InputTypeError, "a must hold numbers"),
        (
            "signal_persistence",
            ([True], [True, False]),
            exc.InvalidInputError,
            "up and down must have the same length, got 1 and 2",
        ),
        (
            "signal_persistence",
            (["x"], [True]),
            exc.InputTypeError,
            "up must hold booleans or numbers, got dtype <U1",
        ),
        (
            "signal_persistence",
            (np.zeros((1, 1, 1)), [True]),
            exc.InvalidInputError,
            "up must be 1-D or 2-D, got 3-D",
        ),
    ],
)
def test_bad_input(name: str, args: tuple[object, ...], error: type, message: str) -> None:
    function = getattr(rn.indicators, name)
    with pytest.raises(error) as raised:
        function(*args)
    assert message in str(raised.value)
    assert_same_outcome(lambda: function(*args))
