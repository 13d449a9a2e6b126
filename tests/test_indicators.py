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


nan_laden = arrays(
    np.float64, st.integers(0, 120), elements=st.one_of(st.floats(-100, 100), st.just(np.nan))
)


@given(nan_laden, st.integers(1, 12))
def test_propagate_equals_ta_lib_with_nans_anywhere(values: np.ndarray, period: int) -> None:
    expected = talib.SMA(values, timeperiod=period) if values.size else values
    assert_same_array(rn.indicators.sma(values, period), expected)
    assert_same_array(rn.indicators.sma(values, period, nan_policy="propagate"), expected)


@given(nan_laden, st.integers(1, 12))
def test_skip_equals_ta_lib_on_the_valid_values(values: np.ndarray, period: int) -> None:
    valid = ~np.isnan(values)
    expected = np.full_like(values, np.nan)
    if valid.any():
        expected[valid] = talib.SMA(values[valid], timeperiod=period)
    assert_same_array(rn.indicators.sma(values, period, nan_policy="skip"), expected)


def test_interior_nan_follows_the_policy() -> None:
    nan = np.nan
    values = [1.0, 2.0, nan, 4.0, 5.0, 6.0]
    assert_same_array(rn.indicators.sma(values, 2), np.array([nan, 1.5, nan, nan, nan, nan]))
    skipped = rn.indicators.sma(values, 2, nan_policy="skip")
    assert_same_array(skipped, np.array([nan, 1.5, nan, 3.0, 4.5, 5.5]))


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(0, 40), st.integers(1, 5)),
        elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan)),
    ),
    st.integers(1, 8),
    st.sampled_from(["propagate", "skip"]),
)
def test_nan_laden_columns_equal_separate_series(
    matrix: np.ndarray, period: int, nan_policy: str
) -> None:
    out = rn.indicators.sma(matrix, period, nan_policy=nan_policy)
    for column in range(matrix.shape[1]):
        expected = rn.indicators.sma(matrix[:, column], period, nan_policy=nan_policy)
        assert_same_array(out[:, column], expected)


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


@pytest.mark.parametrize(
    ("nan_policy", "error", "message"),
    [
        (
            "ignore",
            exc.InvalidParameterError,
            'nan_policy must be "propagate" or "skip", got "ignore"',
        ),
        (None, exc.InputTypeError, "nan_policy must be a str, got NoneType"),
    ],
)
def test_bad_nan_policy(nan_policy: object, error: type, message: str) -> None:
    for values in ([1.0, 2.0], [[1.0], [2.0]]):
        with pytest.raises(error) as raised:
            rn.indicators.sma(values, 2, nan_policy=nan_policy)
        assert message in str(raised.value)
        assert_same_outcome(lambda v=values: rn.indicators.sma(v, 2, nan_policy=nan_policy))


@given(
    arrays(
        np.float64, st.integers(0, 80), elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan))
    ),
    st.integers(1, 20),
    st.sampled_from(["propagate", "skip"]),
)
def test_backends_agree_bit_for_bit(values: np.ndarray, period: int, nan_policy: str) -> None:
    native, python = assert_same_outcome(
        lambda: rn.indicators.sma(values, period, nan_policy=nan_policy)
    )
    assert_same_array(native, python)


# --- ema, wma, rsi -------------------------------------------------------------------------------

# name -> (our function, TA-Lib's, smallest period TA-Lib accepts)
TA_LIB_PEERS = {
    "ema": (rn.indicators.ema, talib.EMA, 1),
    "wma": (rn.indicators.wma, talib.WMA, 1),
    "rsi": (rn.indicators.rsi, talib.RSI, 2),
}
NAMES = sorted(TA_LIB_PEERS)


def ours(name: str, values: object, period: object, **options: object) -> np.ndarray:
    return TA_LIB_PEERS[name][0](values, period, **options)  # type: ignore[operator]


def _ta_lib_ema_is_fused() -> bool:
    """TA-Lib 0.8 runs a fused multiply-add EMA on CPUs with FMA and a plain one elsewhere; ours
    (and the fallback) is the fused one, so bit-for-bit EMA parity holds only where TA-Lib fuses."""
    from rustybt_native import _fallback

    probe = 100 + np.random.default_rng(0).normal(0, 1, 300).cumsum()
    expected = talib.EMA(probe, timeperiod=10)
    return bool(np.array_equal(expected, _fallback.ema(probe, 10), equal_nan=True))


EMA_FUSED = _ta_lib_ema_is_fused()


def assert_like_ta_lib(name: str, got: np.ndarray, expected: np.ndarray) -> None:
    """Bit for bit, except EMA against a TA-Lib that runs its unfused build (last-bit rounding)."""
    if name == "ema" and not EMA_FUSED:
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0)
    else:
        assert_same_array(got, expected)


def ta_lib(name: str, values: np.ndarray, period: int) -> np.ndarray:
    if values.size == 0:
        return values.copy()
    return TA_LIB_PEERS[name][1](values, timeperiod=period)  # type: ignore[no-any-return]


periods = st.integers(0, 40)


@pytest.mark.parametrize("name", NAMES)
@given(values=prices, offset=periods)
def test_new_indicators_equal_ta_lib_bit_for_bit(
    name: str, values: np.ndarray, offset: int
) -> None:
    period = TA_LIB_PEERS[name][2] + offset
    assert_like_ta_lib(name, ours(name, values, period), ta_lib(name, values, period))


@pytest.mark.parametrize("name", NAMES)
@given(lead=st.integers(0, 5), values=prices, offset=st.integers(0, 10))
def test_new_indicators_leading_nans_as_ta_lib(
    name: str, lead: int, values: np.ndarray, offset: int
) -> None:
    period = TA_LIB_PEERS[name][2] + offset
    values = np.concatenate([np.full(lead, np.nan), values])
    assert_like_ta_lib(name, ours(name, values, period), ta_lib(name, values, period))


@pytest.mark.parametrize("name", NAMES)
@given(values=nan_laden, offset=st.integers(0, 12))
def test_new_indicators_propagate_equals_ta_lib_with_nans_anywhere(
    name: str, values: np.ndarray, offset: int
) -> None:
    period = TA_LIB_PEERS[name][2] + offset
    expected = ta_lib(name, values, period)
    assert_like_ta_lib(name, ours(name, values, period), expected)
    assert_like_ta_lib(name, ours(name, values, period, nan_policy="propagate"), expected)


@pytest.mark.parametrize("name", NAMES)
@given(values=nan_laden, offset=st.integers(0, 12))
def test_new_indicators_skip_equal_ta_lib_on_the_valid_values(
    name: str, values: np.ndarray, offset: int
) -> None:
    period = TA_LIB_PEERS[name][2] + offset
    valid = ~np.isnan(values)
    expected = np.full_like(values, np.nan)
    expected[valid] = ta_lib(name, values[valid], period)
    assert_like_ta_lib(name, ours(name, values, period, nan_policy="skip"), expected)


def test_new_indicators_on_a_long_random_walk() -> None:
    rng = np.random.default_rng(7)
    closes = 100 + rng.normal(0, 1, 20_000).cumsum()
    for name in NAMES:
        for period in (2, 3, 14, 20, 50, 200):
            assert_like_ta_lib(name, ours(name, closes, period), ta_lib(name, closes, period))


def test_constant_and_short_series() -> None:
    flat = np.full(30, 7.25)
    for name in NAMES:
        assert_like_ta_lib(name, ours(name, flat, 5), ta_lib(name, flat, 5))
        for period in (4, 10**30):  # longer than the series: all warm-up
            assert_same_array(ours(name, [1.0, 2.0, 3.0], period), np.full(3, np.nan))
        assert ours(name, [], 3).shape == (0,)
        assert ours(name, np.zeros((0, 3)), 3).shape == (0, 3)
        assert ours(name, np.zeros((4, 0)), 3).shape == (4, 0)
    # A flat RSI is 0, as in TA-Lib (gain + loss is 0).
    assert_same_array(rn.indicators.rsi(flat, 5)[5:], np.zeros(25))
    assert_same_array(rn.indicators.rsi([1.0, 2.0, 3.0], 3), np.full(3, np.nan))
    assert_same_array(rn.indicators.rsi([1.0, 2.0, 3.0], 2), np.array([np.nan, np.nan, 100.0]))
    assert_same_array(rn.indicators.rsi([3.0, 2.0, 1.0], 2), np.array([np.nan, np.nan, 0.0]))


def test_period_one_returns_the_input_as_ta_lib() -> None:
    values = np.array([1.5, np.nan, 2.5, -3.0])
    for name in ("ema", "wma"):
        assert_same_array(ours(name, values, 1), values)
        assert_like_ta_lib(name, ours(name, values, 1), ta_lib(name, values, 1))


ema_seeds = st.sampled_from(["sma", "first"])


def options_of(name: str, nan_policy: str, seed: str) -> dict[str, object]:
    """Keyword arguments of ``name``: the policy, and the seed for ema."""
    return {"nan_policy": nan_policy, "seed": seed} if name == "ema" else {"nan_policy": nan_policy}


policies = st.sampled_from(["propagate", "skip"])


@given(prices, st.integers(1, 60))
def test_ema_first_seed_equals_pandas_bit_for_bit(values: np.ndarray, period: int) -> None:
    expected = pd.Series(values).ewm(span=period, adjust=False).mean().to_numpy()
    assert_same_array(rn.indicators.ema(values, period, seed="first"), expected)


@given(st.integers(0, 5), nan_laden, st.integers(1, 20))
def test_ema_first_seed_skip_equals_pandas_ignore_na(
    lead: int, values: np.ndarray, period: int
) -> None:
    values = np.concatenate([np.full(lead, np.nan), values])
    valid = ~np.isnan(values)
    expected = pd.Series(values).ewm(span=period, adjust=False, ignore_na=True).mean().to_numpy()
    out = rn.indicators.ema(values, period, seed="first", nan_policy="skip")
    assert_same_array(out[valid], expected[valid])
    assert np.isnan(out[~valid]).all()


def test_ema_first_seed_has_no_warm_up_and_propagates() -> None:
    nan = np.nan
    out = rn.indicators.ema([nan, 1.0, 3.0, nan, 5.0], 3, seed="first")
    assert_same_array(out, np.array([nan, 1.0, 2.0, nan, nan]))
    out = rn.indicators.ema([nan, 1.0, 3.0, nan, 5.0], 3, seed="first", nan_policy="skip")
    assert_same_array(out, np.array([nan, 1.0, 2.0, nan, 3.5]))
    # The period is a smoothing factor here, not a warm-up: a long one is no all-NaN.
    assert_same_array(
        rn.indicators.ema([2.0, 4.0], 10**30, seed="first"),
        pd.Series([2.0, 4.0]).ewm(span=2**53, adjust=False).mean().to_numpy(),
    )


@pytest.mark.parametrize("name", NAMES)
@given(
    matrix=arrays(
        np.float64,
        st.tuples(st.integers(0, 40), st.integers(1, 5)),
        elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan)),
    ),
    offset=st.integers(0, 8),
    nan_policy=policies,
    seed=ema_seeds,
)
def test_new_indicators_columns_equal_separate_series(
    name: str, matrix: np.ndarray, offset: int, nan_policy: str, seed: str
) -> None:
    period = TA_LIB_PEERS[name][2] + offset
    options = options_of(name, nan_policy, seed)
    out = ours(name, matrix, period, **options)
    for column in range(matrix.shape[1]):
        assert_same_array(out[:, column], ours(name, matrix[:, column], period, **options))


@pytest.mark.parametrize("name", NAMES)
@given(
    values=arrays(
        np.float64, st.integers(0, 80), elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan))
    ),
    offset=st.integers(0, 20),
    nan_policy=policies,
    seed=ema_seeds,
)
def test_new_indicators_backends_agree_bit_for_bit(
    name: str, values: np.ndarray, offset: int, nan_policy: str, seed: str
) -> None:
    period = TA_LIB_PEERS[name][2] + offset
    options = options_of(name, nan_policy, seed)
    native, python = assert_same_outcome(lambda: ours(name, values, period, **options))
    assert_same_array(native, python)


BAD_INPUTS = [
    ([1.0, 2.0], 0, exc.InvalidParameterError, "period must be >= {min}, got 0"),
    ([1.0, 2.0], -3, exc.InvalidParameterError, "period must be >= {min}, got -3"),
    ([1.0, 2.0], 2.5, exc.InputTypeError, "period must be an integer, got float"),
    ([1.0, 2.0], True, exc.InputTypeError, "period must be an integer, got bool"),
    ([1.0, np.inf], 2, exc.InvalidInputError, "values[1] is inf"),
    ([[1.0, 2.0], [-np.inf, 1.0]], 2, exc.InvalidInputError, "values[2] is -inf"),
    (np.zeros((2, 2, 2)), 2, exc.InvalidInputError, "values must be 1-D or 2-D, got 3-D"),
    (["a", "b"], 2, exc.InputTypeError, "values must hold numbers"),
    ([[1.0], [2.0, 3.0]], 2, exc.InputTypeError, "values must be an array of numbers"),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("values", "period", "error", "message"), BAD_INPUTS)
def test_new_indicators_bad_input(
    name: str, values: object, period: object, error: type, message: str
) -> None:
    message = message.format(min=TA_LIB_PEERS[name][2])
    with pytest.raises(error) as raised:
        ours(name, values, period)
    assert message in str(raised.value)
    assert_same_outcome(lambda: ours(name, values, period))


def test_rsi_refuses_period_one_as_ta_lib() -> None:
    with pytest.raises(exc.InvalidParameterError, match="period must be >= 2, got 1"):
        rn.indicators.rsi([1.0, 2.0, 3.0], 1)
    assert_same_outcome(lambda: rn.indicators.rsi([1.0, 2.0, 3.0], 1))
    assert_same_outcome(lambda: rn.indicators.rsi([], 1))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    ("option", "value", "error", "message"),
    [
        (
            "nan_policy",
            "ignore",
            exc.InvalidParameterError,
            'nan_policy must be "propagate" or "skip", got "ignore"',
        ),
        ("nan_policy", None, exc.InputTypeError, "nan_policy must be a str, got NoneType"),
        ("seed", "ewm", exc.InvalidParameterError, 'seed must be "sma" or "first", got "ewm"'),
        ("seed", 1, exc.InputTypeError, "seed must be a str, got int"),
    ],
)
def test_new_indicators_bad_options(
    name: str, option: str, value: object, error: type, message: str
) -> None:
    if option == "seed" and name != "ema":
        return
    for values in ([1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]]):
        with pytest.raises(error) as raised:
            ours(name, values, 2, **{option: value})
        assert message in str(raised.value)
        assert_same_outcome(lambda v=values: ours(name, v, 2, **{option: value}))
