"""Indicators of several inputs per bar (trange, atr, natr, obv) against TA-Lib, on both
backends."""

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

talib = pytest.importorskip("talib")

nan = math.nan


@st.composite
def bars(draw: st.DrawFn, nans: bool = False, size: int = 150) -> tuple[np.ndarray, ...]:
    """high >= close >= low around a random walk, and volumes; NaN sprinkled in if ``nans``."""
    n = draw(st.integers(0, size))
    steps = draw(arrays(np.float64, n, elements=st.floats(-3, 3)))
    up = draw(arrays(np.float64, n, elements=st.floats(0, 2)))
    down = draw(arrays(np.float64, n, elements=st.floats(0, 2)))
    volume = draw(arrays(np.float64, n, elements=st.floats(0, 1e4)))
    close = 100 + np.cumsum(steps)
    series = [close + up, close - down, close, volume]
    if nans and n:
        for values in series:
            # about one value in eight missing
            holes = draw(arrays(np.bool_, n, elements=st.sampled_from([True] + [False] * 7)))
            values[holes] = nan
    return tuple(series)


def assert_like(got: np.ndarray, expected: np.ndarray, exact: bool) -> None:
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    if exact:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=0)


# name -> (ours, TA-Lib's, inputs taken, has a period, bit for bit)
PEERS = {
    "trange": (rn.indicators.trange, talib.TRANGE, 3, False, True),
    "atr": (rn.indicators.atr, talib.ATR, 3, True, False),
    "cci": (rn.indicators.cci, talib.CCI, 3, True, True),
    "natr": (rn.indicators.natr, talib.NATR, 3, True, False),
    "obv": (rn.indicators.obv, talib.OBV, 2, False, True),
}
NAMES = sorted(PEERS)


def inputs_of(name: str, data: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    high, low, close, volume = data
    return (close, volume) if PEERS[name][2] == 2 else (high, low, close)


def ours(
    name: str, data: tuple[np.ndarray, ...], period: int | None, **options: object
) -> np.ndarray:
    if name == "cci" and period is not None:
        period = max(period, 2)  # TA-Lib's CCI needs at least 2
    args = inputs_of(name, data) + ((period,) if PEERS[name][3] else ())
    return PEERS[name][0](*args, **options)  # type: ignore[operator, no-any-return]


def theirs(name: str, data: tuple[np.ndarray, ...], period: int | None) -> np.ndarray:
    if name == "cci" and period is not None:
        period = max(period, 2)
    args = inputs_of(name, data)
    if args[0].size == 0:
        return args[0].copy()
    if PEERS[name][3]:
        return PEERS[name][1](*args, timeperiod=period)  # type: ignore[no-any-return]
    return PEERS[name][1](*args)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", NAMES)
@given(data=bars(), period=st.integers(1, 30))
def test_equals_ta_lib(name: str, data: tuple[np.ndarray, ...], period: int) -> None:
    assert_like(ours(name, data, period), theirs(name, data, period), PEERS[name][4])


@pytest.mark.parametrize("name", NAMES)
@given(data=bars(nans=True, size=60), period=st.integers(1, 6))
def test_propagate_equals_ta_lib_with_nans_anywhere(
    name: str, data: tuple[np.ndarray, ...], period: int
) -> None:
    assert_like(ours(name, data, period), theirs(name, data, period), PEERS[name][4])


@pytest.mark.parametrize("name", NAMES)
@given(data=bars(nans=True, size=60), period=st.integers(1, 6))
def test_skip_equals_ta_lib_on_the_complete_bars(
    name: str, data: tuple[np.ndarray, ...], period: int
) -> None:
    used = inputs_of(name, data)
    complete = (
        ~np.any([np.isnan(values) for values in used], axis=0) if used[0].size else np.ones(0, bool)
    )
    expected = np.full(used[0].shape, nan)
    kept = tuple(values[complete] for values in data)
    expected[complete] = theirs(name, kept, period)
    assert_like(ours(name, data, period, nan_policy="skip"), expected, PEERS[name][4])


@given(
    st.sampled_from([1e-3, 1.0, 100.0, 1e6]),
    arrays(np.int64, st.integers(1, 30), elements=st.integers(-3, 3)),
    st.sampled_from([1e-15, 1e-14, 1e-13]),
    st.integers(2, 5),
)
def test_cci_zero_test_on_near_constant_series_as_ta_lib(
    scale: float, ticks: np.ndarray, tick: float, period: int
) -> None:
    close = scale * (1 + ticks * tick)
    high, low = close * (1 + tick), close * (1 - tick)
    for c in (close, close - scale):  # around the scale, and around 0
        expected = talib.CCI(high, low, c, timeperiod=period)
        np.testing.assert_array_equal(rn.indicators.cci(high, low, c, period), expected)


def test_long_random_walk_and_periods() -> None:
    rng = np.random.default_rng(11)
    close = 100 + rng.normal(0, 1, 20_000).cumsum()
    data = (
        close + rng.uniform(0, 1, close.size),
        close - rng.uniform(0, 1, close.size),
        close,
        rng.uniform(0, 1e5, close.size).round(),
    )
    for name in NAMES:
        for period in (1, 2, 3, 14, 50):
            assert_like(ours(name, data, period), theirs(name, data, period), PEERS[name][4])


def test_hand_computed_and_edges() -> None:
    h, lo, c = [11.0, 12.0, 13.0, 13.0], [9.0, 10.0, 9.0, 12.0], [10.0, 11.0, 12.0, 12.5]
    np.testing.assert_array_equal(rn.indicators.trange(h, lo, c), [nan, 2.0, 4.0, 1.0])
    np.testing.assert_array_equal(rn.indicators.atr(h, lo, c, 2), [nan, nan, 3.0, 2.0])
    np.testing.assert_array_equal(rn.indicators.atr(h, lo, c, 1), [nan, 2.0, 4.0, 1.0])
    np.testing.assert_array_equal(rn.indicators.natr(h, lo, c, 2), [nan, nan, 25.0, 16.0])
    np.testing.assert_array_equal(rn.indicators.natr(h, lo, c, 1), [nan, 2.0, 4.0, 1.0])
    np.testing.assert_array_equal(
        rn.indicators.natr([1.0, 1.0, 1.0], [0.0] * 3, [0.0] * 3, 2), [nan, nan, 0.0]
    )
    np.testing.assert_array_equal(
        rn.indicators.obv([1.0, 2.0, 2.0, 1.0], [5, 6, 7, 8]), [5.0, 11.0, 11.0, 3.0]
    )
    np.testing.assert_array_equal(rn.indicators.atr(h, lo, c, 10**30), [nan] * 4)
    # cci: typical prices 2, 4, 3: (4 - 3) / (0.015 * 1), then (3 - 3.5) / (0.015 * 0.5)
    cci = rn.indicators.cci([3.0, 5.0, 4.0], [1.0, 3.0, 2.0], [2.0, 4.0, 3.0], 2)
    np.testing.assert_array_equal(cci, [nan, 1.0 / (0.015 * 1.0), -0.5 / (0.015 * 0.5)])
    flat = [7.0] * 20
    np.testing.assert_array_equal(rn.indicators.cci(flat, flat, flat, 5)[4:], np.zeros(16))
    np.testing.assert_array_equal(rn.indicators.atr(flat, flat, flat, 5)[5:], np.zeros(15))
    for name in NAMES:
        empty = (np.zeros(0),) * 4
        assert ours(name, empty, 3).shape == (0,)
        matrix = (np.zeros((0, 3)),) * 4
        assert ours(name, matrix, 3).shape == (0, 3)


@pytest.mark.parametrize("name", NAMES)
@given(
    data=st.integers(1, 4).flatmap(
        lambda cols: st.tuples(
            *[arrays(np.float64, (25, cols), elements=st.one_of(st.floats(1, 100), st.just(nan)))]
            * 4
        )
    ),
    period=st.integers(1, 5),
    nan_policy=st.sampled_from(["propagate", "skip"]),
)
def test_columns_equal_separate_series(
    name: str, data: tuple[np.ndarray, ...], period: int, nan_policy: str
) -> None:
    out = ours(name, data, period, nan_policy=nan_policy)
    for column in range(data[0].shape[1]):
        series = tuple(values[:, column] for values in data)
        np.testing.assert_array_equal(
            out[:, column], ours(name, series, period, nan_policy=nan_policy)
        )


@pytest.mark.parametrize("name", NAMES)
@given(
    data=bars(nans=True, size=60),
    period=st.integers(1, 8),
    nan_policy=st.sampled_from(["propagate", "skip"]),
)
def test_backends_agree_bit_for_bit(
    name: str, data: tuple[np.ndarray, ...], period: int, nan_policy: str
) -> None:
    native, python = assert_same_outcome(lambda: ours(name, data, period, nan_policy=nan_policy))
    np.testing.assert_array_equal(native, python)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: rn.indicators.trange([1.0, 2.0], [1.0], [1.0, 2.0]),
            exc.InvalidInputError,
            "high, low and close must have the same length, got 2, 1 and 2",
        ),
        (
            lambda: rn.indicators.atr([[1.0]], [[1.0]], [[1.0, 2.0]]),
            exc.InvalidInputError,
            "high, low and close must have the same shape, got (1, 1), (1, 1) and (1, 2)",
        ),
        (
            lambda: rn.indicators.obv([1.0], [1.0, 2.0]),
            exc.InvalidInputError,
            "close and volume must have the same length, got 1 and 2",
        ),
        (
            lambda: rn.indicators.atr([1.0], [1.0], [1.0], 0),
            exc.InvalidParameterError,
            "period must be >= 1, got 0",
        ),
        (
            lambda: rn.indicators.natr([1.0], [1.0], [1.0], 2.0),
            exc.InputTypeError,
            "period must be an integer, got float",
        ),
        (
            lambda: rn.indicators.trange([1.0], [math.inf], [1.0]),
            exc.InvalidInputError,
            "low[0] is inf",
        ),
        (
            lambda: rn.indicators.obv([1.0, 2.0], [1.0, -math.inf]),
            exc.InvalidInputError,
            "volume[1] is -inf",
        ),
        (lambda: rn.indicators.obv(["a"], ["b"]), exc.InputTypeError, "close must hold numbers"),
        (
            lambda: rn.indicators.trange(
                np.zeros((1, 1, 1)), np.zeros((1, 1, 1)), np.zeros((1, 1, 1))
            ),
            exc.InvalidInputError,
            "high must be 1-D or 2-D, got 3-D",
        ),
        (
            lambda: rn.indicators.atr([1.0], [1.0], [1.0], nan_policy="ignore"),
            exc.InvalidParameterError,
            'nan_policy must be "propagate" or "skip", got "ignore"',
        ),
        (
            lambda: rn.indicators.obv([1.0], [1.0], nan_policy=None),
            exc.InputTypeError,
            "nan_policy must be a str, got NoneType",
        ),
    ],
)
def test_bad_input(call: object, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        call()  # type: ignore[operator]
    assert message in str(raised.value)
    assert_same_outcome(call)  # type: ignore[arg-type]
