"""mfi against TA-Lib's MFI, on both backends."""

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
ind = rn.indicators

Data = tuple[np.ndarray, ...]


@st.composite
def bars(draw: st.DrawFn, nans: bool = False, size: int = 120) -> Data:
    """high >= close >= low around a random walk (with flat stretches), and volumes (some 0);
    NaN sprinkled in if ``nans``."""
    n = draw(st.integers(0, size))
    steps = draw(arrays(np.float64, n, elements=st.sampled_from([0.0]) | st.floats(-3, 3)))
    up = draw(arrays(np.float64, n, elements=st.floats(0, 2)))
    down = draw(arrays(np.float64, n, elements=st.floats(0, 2)))
    volume = draw(arrays(np.float64, n, elements=st.just(0.0) | st.floats(0, 1e4)))
    close = 100 + np.cumsum(steps)
    flat = draw(st.booleans())
    series = [close if flat else close + up, close if flat else close - down, close, volume]
    if nans and n:
        for values in series:
            holes = draw(arrays(np.bool_, n, elements=st.sampled_from([True] + [False] * 7)))
            values[holes] = nan
    return tuple(series)


def ours(data: Data, period: int, **options: object) -> np.ndarray:
    return np.asarray(ind.mfi(*data, max(period, 2), **options))


def theirs(data: Data, period: int) -> np.ndarray:
    if data[0].size == 0:
        return ours(data, period)  # TA-Lib refuses empty input
    return np.asarray(talib.MFI(*data, timeperiod=max(period, 2)))


def assert_same(got: np.ndarray, expected: np.ndarray) -> None:
    """Bit for bit, NaN positions included."""
    assert got.shape == expected.shape
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_array_equal(got, expected)


@given(data=bars(), period=st.integers(1, 30))
def test_equals_ta_lib(data: Data, period: int) -> None:
    assert_same(ours(data, period), theirs(data, period))


@given(data=bars(nans=True, size=60), period=st.integers(1, 6))
def test_propagate_equals_ta_lib_with_nans_anywhere(data: Data, period: int) -> None:
    assert_same(ours(data, period), theirs(data, period))


@given(data=bars(nans=True, size=60), period=st.integers(1, 6))
def test_skip_equals_ta_lib_on_the_complete_bars(data: Data, period: int) -> None:
    complete = ~np.any([np.isnan(values) for values in data], axis=0)
    got = ours(data, period, nan_policy="skip")
    expected = np.full(got.shape, nan)
    expected[complete] = theirs(tuple(values[complete] for values in data), period)
    assert_same(got, expected)


def test_long_random_walk_periods_and_edges() -> None:
    rng = np.random.default_rng(11)
    close = 100 + rng.normal(0, 1, 20_000).cumsum()
    data = (
        close + rng.uniform(0, 1, close.size),
        close - rng.uniform(0, 1, close.size),
        close,
        rng.uniform(0, 1e5, close.size).round(),
    )
    for period in (2, 3, 14, 50, 200):
        assert_same(ours(data, period), theirs(data, period))
    # leading NaNs, a constant series, a series shorter than the period, period 2
    lead = tuple(np.concatenate([[nan] * 5, values[:200]]) for values in data)
    assert_same(ours(lead, 5), theirs(lead, 5))
    flat = (np.full(40, 7.0),) * 4
    assert_same(ours(flat, 5), theirs(flat, 5))
    np.testing.assert_array_equal(ours(flat, 5)[5:], np.zeros(35))
    short = tuple(values[:4] for values in data)
    assert np.isnan(ours(short, 10)).all()
    assert np.isnan(ours(short, 4)).all()
    assert ours((np.zeros(0),) * 4, 3).shape == (0,)
    # a huge period is all warm-up, without a giant allocation
    assert np.isnan(ind.mfi(*short, 10**15)).all()


@given(
    st.sampled_from([1e-6, 1e-3, 1.0, 1e6]),
    arrays(np.int64, st.integers(3, 30), elements=st.integers(-3, 3)),
    st.sampled_from([1e-15, 1e-14, 2e-14, 1e-13]),
    st.integers(2, 5),
)
def test_dead_zone_on_near_constant_series_as_ta_lib(
    scale: float, ticks: np.ndarray, tick: float, period: int
) -> None:
    """Typical prices equal or within TA-Lib's 1e-14 relative dead zone carry no money flow;
    small prices and volumes are not mistaken for zero."""
    close = scale * (1 + ticks * tick)
    for c in (close, close - scale):  # around the scale, and around 0
        data = (c, c, c, np.full(c.size, scale))
        assert_same(ours(data, period), theirs(data, period))


def test_hand_computed() -> None:
    h, lo, c, v = [3.0, 4.0, 3.0, 3.0, 3.0], [1.0] * 5, [2.0] * 5, [10.0, 10.0, 5.0, 7.0, 7.0]
    h[1], lo[1], c[1] = 4.0, 2.0, 3.0
    # typical prices 2, 3, 2, 2, 2: flows +30, -10, then no move (the sums reset after two)
    np.testing.assert_array_equal(ind.mfi(h, lo, c, v, 2), [nan, nan, 75.0, 0.0, 0.0])
    # no volume: no money flow at all
    np.testing.assert_array_equal(ind.mfi(h, lo, c, [0.0] * 5, 2)[2:], [0.0] * 3)


def test_pandas_in_pandas_out() -> None:
    pd = pytest.importorskip("pandas")
    index = pd.date_range("2024-01-01", periods=30)
    rng = np.random.default_rng(3)
    close = pd.Series(100 + rng.normal(0, 1, 30).cumsum(), index=index)
    volume = pd.Series(rng.uniform(1, 100, 30), index=index)
    out = ind.mfi(close + 1, close - 1, close, volume, 5)
    assert isinstance(out, pd.Series)
    assert out.name == "mfi"
    assert out.index.equals(index)
    np.testing.assert_array_equal(
        out.to_numpy(), ind.mfi(*(s.to_numpy() for s in (close + 1, close - 1, close, volume)), 5)
    )
    frame = pd.DataFrame({"a": close, "b": close * 2})
    wide = ind.mfi(frame + 1, frame - 1, frame, frame * 0 + 10.0, 5)
    assert isinstance(wide, pd.DataFrame)
    assert list(wide.columns) == ["a", "b"]


@given(
    data=st.integers(1, 4).flatmap(
        lambda cols: st.tuples(
            *[arrays(np.float64, (25, cols), elements=st.one_of(st.floats(1, 100), st.just(nan)))]
            * 4
        )
    ),
    period=st.integers(2, 5),
    nan_policy=st.sampled_from(["propagate", "skip"]),
)
def test_columns_equal_separate_series(data: Data, period: int, nan_policy: str) -> None:
    out = ours(data, period, nan_policy=nan_policy)
    for column in range(data[0].shape[1]):
        series = tuple(values[:, column] for values in data)
        np.testing.assert_array_equal(out[:, column], ours(series, period, nan_policy=nan_policy))


def test_large_matrix_runs_in_parallel_with_the_serial_results() -> None:
    rng = np.random.default_rng(5)
    rows, cols = 2_000, 64
    close = 100 + rng.normal(0, 1, (rows, cols)).cumsum(axis=0)
    data = (close + 1, close - 1, close, rng.uniform(0, 1e4, (rows, cols)))
    out = ours(data, 14)
    for column in (0, 31, 63):
        series = tuple(np.ascontiguousarray(values[:, column]) for values in data)
        assert_same(out[:, column], theirs(series, 14))


@given(
    data=bars(nans=True, size=60),
    period=st.integers(2, 8),
    nan_policy=st.sampled_from(["propagate", "skip"]),
)
def test_backends_agree_bit_for_bit(data: Data, period: int, nan_policy: str) -> None:
    native, python = assert_same_outcome(lambda: ours(data, period, nan_policy=nan_policy))
    np.testing.assert_array_equal(native, python)


def test_bad_input() -> None:
    h = lo = c = v = [1.0, 2.0, 3.0]
    with pytest.raises(exc.InvalidParameterError, match="period must be >= 2, got 1"):
        ind.mfi(h, lo, c, v, 1)
    with pytest.raises(exc.InvalidParameterError, match="nan_policy"):
        ind.mfi(h, lo, c, v, 2, nan_policy="drop")
    with pytest.raises(exc.InvalidInputError, match="same length"):
        ind.mfi(h, lo, c, [1.0, 2.0], 2)
    with pytest.raises(exc.InvalidInputError, match="same shape"):
        ind.mfi(np.ones((3, 2)), np.ones((3, 2)), np.ones((3, 2)), np.ones((3, 1)), 2)
    with pytest.raises(exc.InvalidInputError, match="infinite"):
        ind.mfi(h, lo, c, [1.0, math.inf, 1.0], 2)
    with pytest.raises(exc.InputTypeError):
        ind.mfi(["a", "b"], ["a", "b"], ["a", "b"], ["a", "b"], 2)
    with pytest.raises(exc.InputTypeError):
        ind.mfi(h, lo, c, v, 2.5)
    # wrong dtypes convert; non-contiguous arrays are handled
    wide = np.arange(40.0).reshape(20, 2)
    np.testing.assert_array_equal(
        ind.mfi(wide[:, 0], wide[:, 0], wide[:, 0], wide[:, 1], 3),
        ind.mfi(*(wide[:, 0].copy(),) * 3, wide[:, 1].copy(), 3),
    )
    np.testing.assert_array_equal(
        ind.mfi(np.arange(10), np.arange(10), np.arange(10), np.arange(10), 3),
        ind.mfi(*(np.arange(10.0),) * 4, 3),
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda impl, one: impl.mfi(one, one, one, one, 1, "propagate"),
        lambda impl, one: impl.mfi(one, one, one, one, 3, "nope"),
        lambda impl, one: impl.mfi(one, one, one, np.ones(2), 3, "skip"),
        lambda impl, one: impl.mfi(one, one, one, np.array([1.0, np.inf, 1.0]), 3, "skip"),
    ],
)
def test_kernel_errors_agree(call: object) -> None:
    """The kernels' own checks, reached past the public layer, word errors alike."""
    from rustybt_native import _backend

    one = np.ones(3)
    outcome = assert_same_outcome(lambda: call(_backend.impl, one))  # type: ignore[operator]
    assert isinstance(outcome, exc.RustyBTError)
