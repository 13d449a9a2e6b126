"""willr, stoch, adx and lsma against TA-Lib, on both backends."""

from __future__ import annotations

import math
from typing import Any, Callable

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
ind = rn.indicators


@st.composite
def bars(draw: st.DrawFn, nans: bool = False, size: int = 120) -> tuple[np.ndarray, ...]:
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
            holes = draw(arrays(np.bool_, n, elements=st.sampled_from([True] + [False] * 7)))
            values[holes] = nan
    return tuple(series)


Data = tuple[np.ndarray, ...]

# name -> (ours, TA-Lib's, smallest period, bit for bit); each called as f(data, period)
PEERS: dict[str, tuple[Callable[..., Any], Callable[..., Any], int, bool]] = {
    "willr": (
        lambda d, p, **o: ind.willr(d[0], d[1], d[2], p, **o),
        lambda d, p: talib.WILLR(d[0], d[1], d[2], timeperiod=p),
        2,
        True,
    ),
    "adx": (
        lambda d, p, **o: ind.adx(d[0], d[1], d[2], p, **o),
        lambda d, p: talib.ADX(d[0], d[1], d[2], timeperiod=p),
        2,
        False,  # TA-Lib's build rounds an odd smoothing step differently (1 ulp seen)
    ),
    "lsma": (
        lambda d, p, **o: ind.lsma(d[2], p, **o),
        lambda d, p: talib.LINEARREG(d[2], timeperiod=p),
        2,
        False,
    ),
    # stoch: slowk then slowd stacked, periods derived from p (k and d periods 1..3, both types)
    "stoch": (
        lambda d, p, **o: np.stack(ind.stoch(d[0], d[1], d[2], *stoch_args(p), **o)),
        lambda d, p: np.stack(talib.STOCH(d[0], d[1], d[2], *stoch_args(p))),
        1,
        True,
    ),
}
NAMES = sorted(PEERS)


def stoch_args(p: int) -> tuple[int, int, int, int, int]:
    """fastk, slowk, slowk type, slowd, slowd type from one integer, covering periods 1 to 3."""
    return (p, 1 + p % 3, p % 2, 1 + (p // 3) % 3, (p // 2) % 2)


def ours(name: str, data: Data, period: int, **options: object) -> np.ndarray:
    return np.asarray(PEERS[name][0](data, max(period, PEERS[name][2]), **options))


def theirs(name: str, data: Data, period: int) -> np.ndarray:
    period = max(period, PEERS[name][2])
    if data[0].size == 0:
        return ours(name, data, period)  # TA-Lib refuses empty input
    return np.asarray(PEERS[name][1](data, period))


def assert_like(got: np.ndarray, expected: np.ndarray, exact: bool) -> None:
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    if exact:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=0)


@pytest.mark.parametrize("name", NAMES)
@given(data=bars(), period=st.integers(1, 30))
def test_equals_ta_lib(name: str, data: Data, period: int) -> None:
    assert_like(ours(name, data, period), theirs(name, data, period), PEERS[name][3])


@pytest.mark.parametrize("name", NAMES)
@given(data=bars(nans=True, size=60), period=st.integers(1, 6))
def test_propagate_equals_ta_lib_with_nans_anywhere(name: str, data: Data, period: int) -> None:
    assert_like(ours(name, data, period), theirs(name, data, period), PEERS[name][3])


@pytest.mark.parametrize("name", NAMES)
@given(data=bars(nans=True, size=60), period=st.integers(1, 6))
def test_skip_equals_ta_lib_on_the_complete_bars(name: str, data: Data, period: int) -> None:
    used = (data[2],) if name == "lsma" else data[:3]
    complete = ~np.any([np.isnan(values) for values in used], axis=0)
    got = ours(name, data, period, nan_policy="skip")
    expected = np.full(got.shape, nan)
    kept = tuple(values[complete] for values in data)
    expected[..., complete] = theirs(name, kept, period)
    assert_like(got, expected, PEERS[name][3])


def test_long_random_walk_periods_and_edges() -> None:
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
            assert_like(ours(name, data, period), theirs(name, data, period), PEERS[name][3])
        # leading NaNs, a constant series, a series shorter than the period
        lead = tuple(np.concatenate([[nan] * 5, values[:200]]) for values in data)
        assert_like(ours(name, lead, 5), theirs(name, lead, 5), PEERS[name][3])
        flat = (np.full(40, 7.0),) * 4
        assert_like(ours(name, flat, 5), theirs(name, flat, 5), PEERS[name][3])
        short = tuple(values[:4] for values in data)
        assert np.isnan(ours(name, short, 10)).all()
        assert ours(name, (np.zeros(0),) * 4, 3).shape[-1] == 0


@given(
    st.sampled_from([1e-3, 1.0, 100.0, 1e6]),
    arrays(np.int64, st.integers(2, 30), elements=st.integers(-3, 3)),
    st.sampled_from([1e-15, 1e-14, 2e-14, 1e-13]),
    st.integers(2, 5),
)
def test_zero_tests_on_near_constant_series_as_ta_lib(
    scale: float, ticks: np.ndarray, tick: float, period: int
) -> None:
    close = scale * (1 + ticks * tick)
    high, low = close * (1 + tick), close * (1 - tick)
    for c in (close, close - scale):  # around the scale, and around 0
        data = (high - (close - c), low - (close - c), c, np.abs(c) + 1)
        for name in ("willr", "stoch", "adx"):
            assert_like(ours(name, data, period), theirs(name, data, period), PEERS[name][3])


def test_hand_computed() -> None:
    h, lo, c = [10.0, 12.0, 11.0], [8.0, 9.0, 10.0], [9.0, 11.0, 12.5]
    np.testing.assert_array_equal(ind.willr(h, lo, c, 2), [nan, -25.0, 0.0])  # clamped
    k, d = ind.stoch(h, lo, c, 2, 1, 0, 1, 0)
    np.testing.assert_array_equal(k, [nan, 75.0, (12.5 - 9.0) / 3.0 * 100.0])  # not clamped
    np.testing.assert_array_equal(d, k)
    np.testing.assert_array_equal(ind.lsma([1.0, 2.0, 3.0, 4.0], 2), [nan, 2.0, 3.0, 4.0])
    up = np.arange(10.0)
    np.testing.assert_array_equal(ind.adx(up + 1, up, up + 0.5, 2)[3:], np.full(7, 100.0))


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
def test_columns_equal_separate_series(name: str, data: Data, period: int, nan_policy: str) -> None:
    out = ours(name, data, period, nan_policy=nan_policy)
    for column in range(data[0].shape[1]):
        series = tuple(values[:, column] for values in data)
        np.testing.assert_array_equal(
            out[..., column], ours(name, series, period, nan_policy=nan_policy)
        )


@pytest.mark.parametrize("name", NAMES)
@given(
    data=bars(nans=True, size=60),
    period=st.integers(1, 8),
    nan_policy=st.sampled_from(["propagate", "skip"]),
)
def test_backends_agree_bit_for_bit(name: str, data: Data, period: int, nan_policy: str) -> None:
    native, python = assert_same_outcome(lambda: ours(name, data, period, nan_policy=nan_policy))
    np.testing.assert_array_equal(native, python)


def test_bad_input() -> None:
    h = lo = c = [1.0, 2.0, 3.0]
    with pytest.raises(exc.InvalidParameterError, match="period must be >= 2, got 1"):
        ind.willr(h, lo, c, 1)
    with pytest.raises(exc.InvalidParameterError, match="period must be >= 2, got 1"):
        ind.adx(h, lo, c, 1)
    with pytest.raises(exc.InvalidParameterError, match="period must be >= 2, got 1"):
        ind.lsma(c, 1)
    with pytest.raises(exc.InvalidParameterError, match="fastk_period must be >= 1, got 0"):
        ind.stoch(h, lo, c, 0)
    with pytest.raises(exc.InvalidParameterError, match=r"slowd_matype must be 0 \(SMA\) or 1"):
        ind.stoch(h, lo, c, slowd_matype=2)
    with pytest.raises(exc.InputTypeError):
        ind.stoch(h, lo, c, slowk_matype=True)
    with pytest.raises(exc.InvalidParameterError, match="nan_policy"):
        ind.adx(h, lo, c, 2, nan_policy="drop")
    with pytest.raises(exc.InvalidInputError, match="same length"):
        ind.willr(h, lo, [1.0, 2.0], 2)
    with pytest.raises(exc.InvalidInputError, match="infinite"):
        ind.adx(h, lo, [1.0, math.inf, 1.0], 2)
    with pytest.raises(exc.InputTypeError):
        ind.lsma(["a", "b"], 2)
    with pytest.raises(exc.InputTypeError):
        ind.adx(h, lo, c, 2.5)
    # wrong dtypes convert; non-contiguous arrays are handled
    wide = np.arange(40.0).reshape(20, 2)
    np.testing.assert_array_equal(ind.lsma(wide[:, 0], 3), ind.lsma(wide[:, 0].copy(), 3))
    np.testing.assert_array_equal(
        ind.willr(np.arange(10), np.arange(10), np.arange(10), 3),
        ind.willr(*(np.arange(10.0),) * 3, 3),
    )


def test_kernel_errors_agree() -> None:
    """The kernels' own checks, reached past the public layer, word errors alike."""
    from rustybt_native import _backend

    one = np.ones(3)
    for call in (
        lambda: _backend.impl.stoch(one, one, one, 5, 3, 7, 3, 0, "propagate"),
        lambda: _backend.impl.willr(one, one, one, 1, "propagate"),
        lambda: _backend.impl.lsma(one, 0, "skip"),
        lambda: _backend.impl.adx(one, one, one, 3, "nope"),
    ):
        outcome = assert_same_outcome(call)
        assert isinstance(outcome, exc.InvalidParameterError)
