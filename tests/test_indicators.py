"""rustybt_native.indicators.sma against TA-Lib and pandas, on both backends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from rustybt_native import exceptions as exc

talib = pytest.importorskip("talib")

prices = arrays(np.float64, st.integers(0, 200), elements=st.floats(-1e6, 1e6, allow_nan=False))


def assert_same_array(a: np.ndarray, b: np.ndarray) -> None:
    """Equal bit for bit, NaN where the other is NaN."""
    assert a.shape == b.shape
    np.testing.assert_array_equal(a, b)


@given(prices, st.integers(2, 40))
def test_equals_ta_lib_bit_for_bit(values: np.ndarray, period: int) -> None:
    assert_same_array(rn.indicators.sma(values, period), talib.SMA(values, timeperiod=period))


@given(st.integers(0, 5), prices, st.integers(2, 10))
def test_leading_nans_shift_the_warm_up_as_ta_lib(
    lead: int, values: np.ndarray, period: int
) -> None:
    values = np.concatenate([np.full(lead, np.nan), values])
    expected = talib.SMA(values, timeperiod=period) if values.size else values
    assert_same_array(rn.indicators.sma(values, period), expected)


@given(
    arrays(
        np.float64, st.integers(1, 120), elements=st.one_of(st.floats(-100, 100), st.just(np.nan))
    ),
    st.integers(1, 12),
)
def test_windows_without_nan_match_pandas(values: np.ndarray, period: int) -> None:
    ours = rn.indicators.sma(values, period)
    first = int(np.argmax(~np.isnan(values))) if (~np.isnan(values)).any() else values.size
    expected = pd.Series(values).rolling(period).mean().to_numpy(copy=True)
    expected[:first] = np.nan  # leading NaNs are skipped, not counted
    np.testing.assert_allclose(ours, expected, rtol=1e-9, atol=1e-9)


def test_interior_nan_blanks_its_windows_then_recovers() -> None:
    nan = np.nan
    out = rn.indicators.sma([1.0, 2.0, nan, 4.0, 5.0, 6.0], 2)
    assert_same_array(out, np.array([nan, 1.5, nan, nan, 4.5, 5.5]))


def test_examples_and_edges() -> None:
    assert_same_array(
        rn.indicators.sma([1.0, 2.0, 3.0, 4.0], 3), np.array([np.nan, np.nan, 2.0, 3.0])
    )
    assert_same_array(rn.indicators.sma([1, 2, 3], 1), np.array([1.0, 2.0, 3.0]))
    assert_same_array(rn.indicators.sma([1.0, 2.0], 3), np.array([np.nan, np.nan]))
    assert_same_array(rn.indicators.sma([1.0, 2.0], 10**30), np.array([np.nan, np.nan]))
    assert rn.indicators.sma([], 3).shape == (0,)
    assert rn.indicators.sma(np.zeros((0, 3)), 3).shape == (0, 3)
    assert rn.indicators.sma(np.zeros((4, 0)), 3).shape == (4, 0)
    assert_same_array(rn.indicators.sma(pd.Series([2.0, 4.0]), 2), np.array([np.nan, 3.0]))
    assert_same_array(
        rn.indicators.sma(np.arange(3, dtype=np.int64), 2), np.array([np.nan, 0.5, 1.5])
    )


@given(
    arrays(
        np.float64, st.tuples(st.integers(0, 60), st.integers(1, 6)), elements=st.floats(-1e3, 1e3)
    ),
    st.integers(1, 10),
)
def test_two_dimensional_input_is_computed_per_column(matrix: np.ndarray, period: int) -> None:
    out = rn.indicators.sma(matrix, period)
    for column in range(matrix.shape[1]):
        assert_same_array(out[:, column], rn.indicators.sma(matrix[:, column], period))


def test_non_contiguous_input_is_accepted() -> None:
    matrix = np.arange(40, dtype=np.float64).reshape(10, 4)
    assert_same_array(
        rn.indicators.sma(matrix.T, 3), rn.indicators.sma(np.ascontiguousarray(matrix.T), 3)
    )
    assert_same_array(
        rn.indicators.sma(matrix[::2, 1], 2), rn.indicators.sma(matrix[::2, 1].copy(), 2)
    )


def test_input_is_not_modified_and_output_is_fresh() -> None:
    values = np.array([1.0, 2.0, 3.0])
    out = rn.indicators.sma(values, 2)
    assert not np.shares_memory(out, values)
    np.testing.assert_array_equal(values, [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    ("values", "period", "error", "message"),
    [
        ([1.0, 2.0], 0, exc.InvalidParameterError, "period must be >= 1, got 0"),
        ([1.0, 2.0], -3, exc.InvalidParameterError, "period must be >= 1, got -3"),
        ([1.0, 2.0], 2.5, exc.InputTypeError, "period must be an integer, got float"),
        ([1.0, 2.0], True, exc.InputTypeError, "period must be an integer, got bool"),
        ([1.0, 2.0], "3", exc.InputTypeError, "period must be an integer, got str"),
        ([1.0, np.inf], 2, exc.InvalidInputError, "values[1] is inf"),
        ([[1.0, 2.0], [-np.inf, 1.0]], 2, exc.InvalidInputError, "values[2] is -inf"),
        (np.zeros((2, 2, 2)), 2, exc.InvalidInputError, "values must be 1-D or 2-D, got 3-D"),
        (["a", "b"], 2, exc.InputTypeError, "values must hold numbers"),
        ([1 + 2j], 2, exc.InputTypeError, "values must hold numbers"),
        (np.array([True, False]), 2, exc.InputTypeError, "values must hold numbers"),
        ([[1.0], [2.0, 3.0]], 2, exc.InputTypeError, "values must be an array of numbers"),
    ],
)
def test_bad_input_raises_a_clear_error(
    values: object, period: object, error: type, message: str
) -> None:
    with pytest.raises(error) as raised:
        rn.indicators.sma(values, period)
    assert message in str(raised.value)
    assert_same_outcome(lambda: rn.indicators.sma(values, period))


@given(
    arrays(
        np.float64, st.integers(0, 80), elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan))
    ),
    st.integers(1, 20),
)
def test_backends_agree_bit_for_bit(values: np.ndarray, period: int) -> None:
    native, python = assert_same_outcome(lambda: rn.indicators.sma(values, period))
    assert_same_array(native, python)
