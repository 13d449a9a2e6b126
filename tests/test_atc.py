"""The Adaptive Trend Classification kernels (atc_kama, equity_curve) against plain Python loops
written from the formulas of issue 6, on both backends."""

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


def kama_loop(p: list[float], length: int, fast: float = 0.666, slow: float = 0.064) -> np.ndarray:
    """The formula as written: the noise summed directly over the window at every bar."""
    out = [nan] * len(p)
    if not p:
        return np.array(out)
    out[0] = p[0]
    for i in range(1, len(p)):
        if i < length:
            out[i] = out[i - 1]
            continue
        noise = 0.0
        for j in range(i - length + 1, i + 1):
            noise += abs(p[j] - p[j - 1])
        signal = abs(p[i] - p[i - length])
        ratio = 0.0 if noise == 0 else signal / noise
        sc = (ratio * (fast - slow) + slow) ** 2
        previous = p[i] if math.isnan(out[i - 1]) else out[i - 1]  # the reference's NaN rule
        out[i] = previous + sc * (p[i] - previous)
    return np.array(out)


def equity_loop(
    r: list[float],
    s: list[float],
    starting_equity: float = 1.0,
    decay: float = 0.0,
    cutout: int = 0,
    floor: float = 0.25,
) -> np.ndarray:
    """The formula as written in issue 6."""
    out = [nan] * len(r)
    for i in range(cutout, len(r)):
        if i == cutout:
            out[i] = max(floor, starting_equity)
            continue
        if math.isnan(s[i]) or math.isnan(r[i]) or s[i] == 0:
            a = 0.0
        else:
            a = r[i] if s[i] > 0 else -r[i]
        out[i] = max(floor, (out[i - 1] * (1 - decay)) * (1 + a))
    return np.array(out)


def assert_close(got: np.ndarray, expected: np.ndarray, rtol: float = 1e-12) -> None:
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=0, equal_nan=True)


def random_walk(n: int, seed: int, start: float = 100.0) -> np.ndarray:
    return start + np.random.default_rng(seed).normal(0, 1, n).cumsum()


# --- atc_kama -------------------------------------------------------------------------------------

walks = st.builds(
    lambda steps, start: start + np.cumsum(steps),
    arrays(np.float64, st.integers(0, 150), elements=st.floats(-5, 5)),
    st.floats(1e3, 1e4),
)


@given(walks, st.integers(1, 40))
def test_kama_equals_the_plain_loop(prices: np.ndarray, length: int) -> None:
    assert_close(rn.indicators.atc_kama(prices, length), kama_loop(prices.tolist(), length))


@given(
    arrays(np.float64, st.integers(0, 120), elements=st.one_of(st.floats(1, 1e3), st.just(nan))),
    st.integers(1, 12),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_kama_with_nans_and_other_constants_equals_the_plain_loop(
    prices: np.ndarray, length: int, fast: float, slow: float
) -> None:
    got = rn.indicators.atc_kama(prices, length, fast, slow)
    assert_close(got, kama_loop(prices.tolist(), length, fast, slow))


def test_kama_hand_computed() -> None:
    # bar 2: noise |2-1| + |3-2| = 2, signal |3-1| = 2, ratio 1, sc = 0.666^2
    # bar 3: noise |3-2| + |2-3| = 2, signal |2-2| = 0, ratio 0, sc = 0.064^2
    k2 = 1.0 + 0.666**2 * (3.0 - 1.0)
    k3 = k2 + 0.064**2 * (2.0 - k2)
    got = rn.indicators.atc_kama([1.0, 2.0, 3.0, 2.0], 2)
    np.testing.assert_allclose(got, [1.0, 1.0, k2, k3], rtol=1e-15)
    assert got[0] == got[1] == 1.0
    np.testing.assert_array_equal(rn.indicators.atc_kama([7.0] * 40, 28), np.full(40, 7.0))
    np.testing.assert_array_equal(rn.indicators.atc_kama([4.0, 5.0], 28), [4.0, 4.0])
    assert rn.indicators.atc_kama([], 28).shape == (0,)
    np.testing.assert_array_equal(rn.indicators.atc_kama([1, 2, 3], 10**30), [1.0, 1.0, 1.0])


def test_kama_on_long_random_walks_and_a_volatility_drop() -> None:
    for seed, length in [(1, 1), (2, 2), (3, 28), (4, 100)]:
        closes = random_walk(20_000, seed)
        assert_close(rn.indicators.atc_kama(closes, length), kama_loop(closes.tolist(), length))
    # Moves of 1e3 then of 1e-6: a plain running add/subtract of the moves keeps rounding
    # leftovers of the loud stretch (~1e-13) that are not small against the quiet noise.
    rng = np.random.default_rng(5)
    steps = np.concatenate([rng.normal(0, 1e3, 3000), rng.normal(0, 1e-6, 3000)])
    prices = 1e5 + steps.cumsum()
    assert_close(rn.indicators.atc_kama(prices, 10), kama_loop(prices.tolist(), 10))


def test_kama_nan_inside_restarts_from_the_price() -> None:
    prices = [1.0, 2.0, nan, 4.0, 5.0, 7.0, 6.0]
    got = rn.indicators.atc_kama(prices, 2)
    # every window (of 2 moves) holding the NaN is NaN: bars 2, 3 and 4
    assert np.isnan(got[2:5]).all()
    assert np.isfinite(got[[0, 1, 5, 6]]).all()
    assert got[5] == 7.0  # kama[4] is NaN, so p[5] stands in: 7 + sc * (7 - 7)
    assert_close(got, kama_loop(prices, 2))
    assert np.isnan(rn.indicators.atc_kama([nan, 1.0, 2.0], 5)).all()


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(0, 40), st.integers(1, 5)),
        elements=st.one_of(st.floats(1, 1e3), st.just(nan)),
    ),
    st.integers(1, 8),
)
def test_kama_columns_equal_separate_series(matrix: np.ndarray, length: int) -> None:
    out = rn.indicators.atc_kama(matrix, length)
    for column in range(matrix.shape[1]):
        np.testing.assert_array_equal(
            out[:, column], rn.indicators.atc_kama(matrix[:, column], length)
        )


@given(
    arrays(np.float64, st.integers(0, 80), elements=st.one_of(st.floats(-1e3, 1e3), st.just(nan))),
    st.integers(1, 20),
)
def test_kama_backends_agree_bit_for_bit(prices: np.ndarray, length: int) -> None:
    native, python = assert_same_outcome(lambda: rn.indicators.atc_kama(prices, length))
    np.testing.assert_array_equal(native, python)


def test_kama_backends_agree_across_a_resum() -> None:
    prices = random_walk(3000, 9)
    native, python = assert_same_outcome(lambda: rn.indicators.atc_kama(prices, 5))
    np.testing.assert_array_equal(native, python)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (([1.0, 2.0], 0), exc.InvalidParameterError, "length must be >= 1, got 0"),
        (([1.0, 2.0], 2.5), exc.InputTypeError, "length must be an integer, got float"),
        (([1.0, 2.0], 2, math.inf), exc.InvalidParameterError, "fast must be finite, got inf"),
        (([1.0, 2.0], 2, 0.5, nan), exc.InvalidParameterError, "slow must be finite, got NaN"),
        (([1.0, 2.0], 2, "0.5"), exc.InputTypeError, "fast must be a real number, got str"),
        (([1.0, -math.inf], 2), exc.InvalidInputError, "prices[1] is -inf"),
        (([[1.0], [math.inf]], 2), exc.InvalidInputError, "prices[1] is inf"),
        ((np.zeros((2, 2, 2)), 2), exc.InvalidInputError, "prices must be 1-D or 2-D, got 3-D"),
        ((["a"], 2), exc.InputTypeError, "prices must hold numbers"),
    ],
)
def test_kama_bad_input(args: tuple[object, ...], error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        rn.indicators.atc_kama(*args)  # type: ignore[arg-type]
    assert message in str(raised.value)
    assert_same_outcome(lambda: rn.indicators.atc_kama(*args))  # type: ignore[arg-type]


# --- equity_curve ---------------------------------------------------------------------------------

signal_values = st.one_of(st.sampled_from([-1.0, 0.0, 1.0, nan]), st.floats(-3, 3))
return_values = st.one_of(st.floats(-0.5, 0.5), st.just(nan))


@st.composite
def returns_and_signals(draw: st.DrawFn, rows: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    n = draw(st.integers(0, 120))
    returns = draw(arrays(np.float64, n, elements=return_values))
    shape = n if rows is None else (rows, n)
    return returns, draw(arrays(np.float64, shape, elements=signal_values))


equity_params = st.fixed_dictionaries(
    {
        "starting_equity": st.floats(-1, 3),
        "decay": st.floats(0, 1),
        "cutout": st.integers(0, 130),
        "floor": st.floats(-1, 1),
    }
)


@given(returns_and_signals(), equity_params)
def test_equity_equals_the_plain_loop_bit_for_bit(
    data: tuple[np.ndarray, np.ndarray], params: dict[str, float]
) -> None:
    returns, signal = data
    expected = equity_loop(returns.tolist(), signal.tolist(), **params)  # type: ignore[arg-type]
    np.testing.assert_array_equal(rn.indicators.equity_curve(returns, signal, **params), expected)


@given(st.integers(1, 6).flatmap(returns_and_signals), equity_params)
def test_equity_matrix_equals_one_curve_per_row(
    data: tuple[np.ndarray, np.ndarray], params: dict[str, float]
) -> None:
    returns, signals = data
    out = rn.indicators.equity_curve(returns, signals, **params)
    assert out.shape == signals.shape
    for row in range(signals.shape[0]):
        expected = rn.indicators.equity_curve(returns, signals[row], **params)
        np.testing.assert_array_equal(out[row], expected)


def test_equity_many_signals_at_once_in_parallel() -> None:
    rng = np.random.default_rng(3)
    returns = rng.normal(0, 0.01, 10_000)
    signals = rng.choice([-1, 0, 1], size=(54, 10_000)).astype(np.int8)
    out = rn.indicators.equity_curve(returns, signals, decay=0.0003)
    for row in (0, 17, 53):
        expected = equity_loop(returns.tolist(), signals[row].tolist(), decay=0.0003)
        np.testing.assert_array_equal(out[row], expected)


def test_equity_hand_computed() -> None:
    got = rn.indicators.equity_curve([0.0, 0.5, 0.5, -0.5], [0, 1, -1, -1])
    np.testing.assert_array_equal(got, [1.0, 1.5, 0.75, 1.125])
    # cutout 1, starting equity floored, decay 0.5, NaN return and NaN signal give a = 0
    got = rn.indicators.equity_curve(
        [9.0, 1.0, 1.0, nan, 1.0], [1, 1, 1, 1, nan], 0.1, decay=0.5, cutout=1
    )
    np.testing.assert_array_equal(got, [nan, 0.25, 0.25, 0.25, 0.25])
    np.testing.assert_array_equal(
        rn.indicators.equity_curve([0.1] * 3, [1] * 3, cutout=3), [nan] * 3
    )
    assert rn.indicators.equity_curve([], []).shape == (0,)
    assert rn.indicators.equity_curve([], np.zeros((3, 0))).shape == (3, 0)
    assert rn.indicators.equity_curve([0.1], np.zeros((0, 1))).shape == (0, 1)


@given(returns_and_signals(), equity_params)
def test_equity_backends_agree_bit_for_bit(
    data: tuple[np.ndarray, np.ndarray], params: dict[str, float]
) -> None:
    returns, signal = data
    native, python = assert_same_outcome(
        lambda: rn.indicators.equity_curve(returns, signal, **params)
    )
    np.testing.assert_array_equal(native, python)


@pytest.mark.parametrize(
    ("args", "options", "error", "message"),
    [
        (([0.1, 0.2], [1.0]), {}, exc.InvalidInputError, "same length, got 2 and 1"),
        (([0.1, 0.2], [[1.0]]), {}, exc.InvalidInputError, "same length, got 2 and 1"),
        (([0.1], [1.0]), {"decay": 1.5}, exc.InvalidParameterError, "within [0, 1], got 1.5"),
        (([0.1], [1.0]), {"decay": nan}, exc.InvalidParameterError, "within [0, 1], got NaN"),
        (([0.1], [1.0]), {"floor": nan}, exc.InvalidParameterError, "floor must be finite"),
        (
            ([0.1], [1.0]),
            {"starting_equity": math.inf},
            exc.InvalidParameterError,
            "starting_equity must be finite, got inf",
        ),
        (([0.1], [1.0]), {"cutout": -1}, exc.InvalidParameterError, "cutout must be >= 0"),
        (([0.1], [1.0]), {"cutout": 1.0}, exc.InputTypeError, "cutout must be an integer"),
        (([0.1, math.inf], [1.0, 1.0]), {}, exc.InvalidInputError, "returns[1] is inf"),
        (([0.1], [[-math.inf]]), {}, exc.InvalidInputError, "prev_signal[0] is -inf"),
        (([[0.1]], [1.0]), {}, exc.InvalidInputError, "returns must be 1-D, got 2-D"),
        (([0.1], [True]), {}, exc.InputTypeError, "prev_signal must hold numbers"),
    ],
)
def test_equity_bad_input(
    args: tuple[object, ...], options: dict[str, object], error: type, message: str
) -> None:
    with pytest.raises(error) as raised:
        rn.indicators.equity_curve(*args, **options)  # type: ignore[arg-type]
    assert message in str(raised.value)
    assert_same_outcome(lambda: rn.indicators.equity_curve(*args, **options))  # type: ignore[arg-type]
