"""Single-input indicators of issue 6 (macd, ...) against TA-Lib and pandas, on both backends.

Each indicator is one row of ``SPECS``: how to call ours and the peer with one period, the
smallest period the peer accepts, and whether parity is bit for bit. The tests below run every
row through the same cases: random walks, leading NaNs, NaN inside under both policies, constant
and short series, 2-D input, both backends, bad input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

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

Lines = tuple[np.ndarray, ...]


@dataclass(frozen=True)
class Spec:
    #: ours(values, period, **options) -> array or tuple of arrays
    ours: Callable[..., Any]
    #: peer(values, period) -> array or tuple of arrays, on a 1-D float64 array with values
    peer: Callable[[np.ndarray, int], Any]
    #: smallest period the peer accepts (and ours: below it is InvalidParameterError)
    min_period: int
    #: name of the period in error messages
    period_name: str = "period"
    #: None for bit-for-bit parity with the peer, else the relative tolerance
    rtol: float | None = None


SPECS: dict[str, Spec] = {
    # MACD driven by one period: fast = p, slow = 2p + 1, signal = p // 2 + 1.
    "macd": Spec(
        ours=lambda v, p, **o: rn.indicators.macd(v, p, 2 * p + 1, p // 2 + 1, **o),
        peer=lambda v, p: talib.MACD(v, p, 2 * p + 1, p // 2 + 1),
        min_period=2,
        period_name="fast",
    ),
    "mom": Spec(ours=rn.indicators.mom, peer=lambda v, p: talib.MOM(v, timeperiod=p), min_period=1),
    "roc": Spec(ours=rn.indicators.roc, peer=lambda v, p: talib.ROC(v, timeperiod=p), min_period=1),
    "rate_of_change": Spec(
        ours=rn.indicators.rate_of_change,
        peer=lambda v, p: pd.Series(v).pct_change(periods=p, fill_method=None).to_numpy(),
        min_period=1,
    ),
    "dema": Spec(
        ours=rn.indicators.dema, peer=lambda v, p: talib.DEMA(v, timeperiod=p), min_period=1
    ),
    "tema": Spec(
        ours=rn.indicators.tema, peer=lambda v, p: talib.TEMA(v, timeperiod=p), min_period=1
    ),
    # TA-Lib has no HMA: the peer is Hull's formula composed of talib.WMA calls.
    "hma": Spec(ours=rn.indicators.hma, peer=lambda v, p: hull_by_ta_lib(v, p), min_period=2),
    "trima": Spec(
        ours=rn.indicators.trima, peer=lambda v, p: talib.TRIMA(v, timeperiod=p), min_period=1
    ),
    "stddev": Spec(
        ours=rn.indicators.stddev, peer=lambda v, p: talib.STDDEV(v, timeperiod=p), min_period=2
    ),
    # BBANDS with unequal multipliers, so both of TA-Lib's band formulas are exercised below.
    "bbands": Spec(
        ours=lambda v, p, **o: rn.indicators.bbands(v, p, 2.0, 1.5, **o),
        peer=lambda v, p: talib.BBANDS(v, p, 2.0, 1.5),
        min_period=2,
    ),
    "kama": Spec(
        ours=rn.indicators.kama, peer=lambda v, p: talib.KAMA(v, timeperiod=p), min_period=1
    ),
    "midpoint": Spec(
        ours=rn.indicators.midpoint,
        peer=lambda v, p: talib.MIDPOINT(v, timeperiod=p),
        min_period=2,
    ),
}
NAMES = sorted(SPECS)


def hull_by_ta_lib(values: np.ndarray, period: int) -> np.ndarray:
    """``WMA(2 * WMA(x, n // 2) - WMA(x, n), isqrt(n))`` with TA-Lib's WMA."""
    raw = 2.0 * talib.WMA(values, period // 2) - talib.WMA(values, period)
    if np.isnan(raw).all():
        return raw
    return talib.WMA(raw, math.isqrt(period))  # type: ignore[no-any-return]


def as_lines(result: Any) -> Lines:
    return tuple(result) if isinstance(result, tuple) else (result,)


def ours(name: str, values: object, period: object, **options: object) -> Lines:
    return as_lines(SPECS[name].ours(values, period, **options))


def peer(name: str, values: np.ndarray, period: int) -> Lines:
    """The peer's lines; an empty series gives empty lines (TA-Lib refuses it)."""
    if values.size == 0 or np.isnan(values).all():
        width = len(ours(name, np.zeros(0), period))
        return tuple(np.full_like(values, np.nan) for _ in range(width))
    return as_lines(SPECS[name].peer(values, period))


def _ta_lib_is_fused() -> bool:
    """TA-Lib 0.8 runs fused multiply-adds on CPUs with FMA and plain ones elsewhere; ours (and
    the fallback) are the fused ones, so where TA-Lib is not, parity is to the last bits only."""
    from rustybt_native import _fallback

    probe = 100 + np.random.default_rng(0).normal(0, 1, 300).cumsum()
    return bool(
        np.array_equal(talib.EMA(probe, timeperiod=10), _fallback.ema(probe, 10), equal_nan=True)
    )


TA_LIB_FUSED = _ta_lib_is_fused()
#: The indicators whose TA-Lib code has a fused multiply-add in its FMA build.
FUSED = {"macd", "dema", "tema", "kama", "bbands"}


def assert_same_lines(name: str, got: Lines, expected: Lines) -> None:
    """Bit for bit (or within the spec's relative tolerance), NaN exactly where the peer's is."""
    assert len(got) == len(expected)
    rtol = SPECS[name].rtol if TA_LIB_FUSED or name not in FUSED else 1e-12
    for a, b in zip(got, expected):
        assert a.shape == b.shape
        if rtol is None:
            np.testing.assert_array_equal(a, b)
        else:
            np.testing.assert_array_equal(np.isnan(a), np.isnan(b))
            np.testing.assert_allclose(a, b, rtol=rtol, atol=0)


prices = arrays(np.float64, st.integers(0, 200), elements=st.floats(-1e6, 1e6, allow_nan=False))
nan_laden = arrays(
    np.float64, st.integers(0, 120), elements=st.one_of(st.floats(-100, 100), st.just(np.nan))
)
policies = st.sampled_from(["propagate", "skip"])


@pytest.mark.parametrize("name", NAMES)
@given(values=prices, offset=st.integers(0, 30))
def test_equals_the_peer(name: str, values: np.ndarray, offset: int) -> None:
    period = SPECS[name].min_period + offset
    assert_same_lines(name, ours(name, values, period), peer(name, values, period))


@pytest.mark.parametrize("name", NAMES)
@given(lead=st.integers(0, 5), values=prices, offset=st.integers(0, 10))
def test_leading_nans_as_the_peer(name: str, lead: int, values: np.ndarray, offset: int) -> None:
    period = SPECS[name].min_period + offset
    values = np.concatenate([np.full(lead, np.nan), values])
    assert_same_lines(name, ours(name, values, period), peer(name, values, period))


@pytest.mark.parametrize("name", NAMES)
@given(values=nan_laden, offset=st.integers(0, 12))
def test_propagate_equals_the_peer_with_nans_anywhere(
    name: str, values: np.ndarray, offset: int
) -> None:
    period = SPECS[name].min_period + offset
    expected = peer(name, values, period)
    assert_same_lines(name, ours(name, values, period), expected)
    assert_same_lines(name, ours(name, values, period, nan_policy="propagate"), expected)


@pytest.mark.parametrize("name", NAMES)
@given(values=nan_laden, offset=st.integers(0, 12))
def test_skip_equals_the_peer_on_the_valid_values(
    name: str, values: np.ndarray, offset: int
) -> None:
    period = SPECS[name].min_period + offset
    valid = ~np.isnan(values)
    got = ours(name, values, period, nan_policy="skip")
    compressed = peer(name, values[valid], period)
    for line in got:
        assert np.isnan(line[~valid]).all()
    assert_same_lines(name, tuple(line[valid] for line in got), compressed)


@pytest.mark.parametrize("name", NAMES)
def test_long_random_walk_and_several_periods(name: str) -> None:
    rng = np.random.default_rng(7)
    closes = 100 + rng.normal(0, 1, 20_000).cumsum()
    for period in sorted({SPECS[name].min_period, 2, 3, 14, 20, 50, 200}):
        if period >= SPECS[name].min_period:
            assert_same_lines(name, ours(name, closes, period), peer(name, closes, period))


@pytest.mark.parametrize("name", NAMES)
def test_constant_short_and_empty_series(name: str) -> None:
    flat = np.full(60, 7.25)
    minimum = SPECS[name].min_period
    for period in (minimum, minimum + 1, 5):
        assert_same_lines(name, ours(name, flat, period), peer(name, flat, period))
    for period in (10, 10**30):  # longer than the series: all warm-up
        for line in ours(name, [1.0, 2.0, 3.0], period):
            np.testing.assert_array_equal(line, np.full(3, np.nan))
    for shape in [(0,), (0, 3), (4, 0)]:
        for line in ours(name, np.zeros(shape), minimum):
            assert line.shape == shape


@pytest.mark.parametrize("name", NAMES)
def test_below_the_smallest_period_is_refused(name: str) -> None:
    spec = SPECS[name]
    message = f"{spec.period_name} must be >= {spec.min_period}, got {spec.min_period - 1}"
    for values in ([1.0, 2.0, 3.0], [], [[1.0], [2.0]]):
        with pytest.raises(exc.InvalidParameterError) as raised:
            ours(name, values, spec.min_period - 1)
        assert message in str(raised.value)
        assert_same_outcome(lambda v=values: ours(name, v, spec.min_period - 1))


@pytest.mark.parametrize("name", NAMES)
@given(
    matrix=arrays(
        np.float64,
        st.tuples(st.integers(0, 40), st.integers(1, 5)),
        elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan)),
    ),
    offset=st.integers(0, 8),
    nan_policy=policies,
)
def test_columns_equal_separate_series(
    name: str, matrix: np.ndarray, offset: int, nan_policy: str
) -> None:
    period = SPECS[name].min_period + offset
    out = ours(name, matrix, period, nan_policy=nan_policy)
    for column in range(matrix.shape[1]):
        single = ours(name, matrix[:, column], period, nan_policy=nan_policy)
        for line, expected in zip(out, single):
            np.testing.assert_array_equal(line[:, column], expected)


@pytest.mark.parametrize("name", NAMES)
@given(
    values=arrays(
        np.float64, st.integers(0, 80), elements=st.one_of(st.floats(-1e3, 1e3), st.just(np.nan))
    ),
    offset=st.integers(0, 20),
    nan_policy=policies,
)
def test_backends_agree_bit_for_bit(
    name: str, values: np.ndarray, offset: int, nan_policy: str
) -> None:
    period = SPECS[name].min_period + offset
    native, python = assert_same_outcome(lambda: ours(name, values, period, nan_policy=nan_policy))
    for a, b in zip(native, python):
        np.testing.assert_array_equal(a, b)


def test_input_is_not_modified_and_output_is_fresh() -> None:
    values = np.linspace(1.0, 2.0, 50)
    before = values.copy()
    for name in NAMES:
        for line in ours(name, values, SPECS[name].min_period):
            assert not np.shares_memory(line, values)
    np.testing.assert_array_equal(values, before)


BAD_INPUTS = [
    ([1.0, 2.0], 2.5, exc.InputTypeError, "{period} must be an integer, got float"),
    ([1.0, 2.0], True, exc.InputTypeError, "{period} must be an integer, got bool"),
    ([1.0, 2.0], -3, exc.InvalidParameterError, "{period} must be >= {min}, got -3"),
    ([1.0, np.inf], 2, exc.InvalidInputError, "values[1] is inf"),
    ([[1.0, 2.0], [-np.inf, 1.0]], 2, exc.InvalidInputError, "values[2] is -inf"),
    (np.zeros((2, 2, 2)), 2, exc.InvalidInputError, "values must be 1-D or 2-D, got 3-D"),
    (["a", "b"], 2, exc.InputTypeError, "values must hold numbers"),
    ([[1.0], [2.0, 3.0]], 2, exc.InputTypeError, "values must be an array of numbers"),
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("values", "period", "error", "message"), BAD_INPUTS)
def test_bad_input(name: str, values: object, period: object, error: type, message: str) -> None:
    spec = SPECS[name]
    message = message.format(period=spec.period_name, min=spec.min_period)
    if isinstance(period, int) and not isinstance(period, bool) and period > 0:
        period = max(period, spec.min_period)
    with pytest.raises(error) as raised:
        ours(name, values, period)
    assert message in str(raised.value)
    assert_same_outcome(lambda: ours(name, values, period))


@pytest.mark.parametrize("name", NAMES)
def test_bad_nan_policy(name: str) -> None:
    for value, error, message in [
        ("ignore", exc.InvalidParameterError, 'nan_policy must be "propagate" or "skip"'),
        (None, exc.InputTypeError, "nan_policy must be a str, got NoneType"),
    ]:
        for values in ([1.0, 2.0, 3.0], [[1.0], [2.0], [3.0]]):
            with pytest.raises(error) as raised:
                ours(name, values, SPECS[name].min_period, nan_policy=value)
            assert message in str(raised.value)
            assert_same_outcome(
                lambda v=values, p=value: ours(name, v, SPECS[name].min_period, nan_policy=p)
            )


# --- macd: its three periods ----------------------------------------------------------------------


@given(
    values=prices,
    fast=st.integers(2, 30),
    slow=st.integers(2, 40),
    signal=st.integers(1, 12),
)
def test_macd_equals_ta_lib_for_any_periods(
    values: np.ndarray, fast: int, slow: int, signal: int
) -> None:
    got = rn.indicators.macd(values, fast, slow, signal)
    expected = (
        talib.MACD(values, fast, slow, signal)
        if values.size
        else (values.copy(), values.copy(), values.copy())
    )
    assert_same_lines("macd", got, expected)


def test_macd_defaults_swap_and_refusals() -> None:
    rng = np.random.default_rng(3)
    closes = 100 + rng.normal(0, 1, 500).cumsum()
    assert_same_lines("macd", rn.indicators.macd(closes), talib.MACD(closes))
    # slow < fast: swapped, as TA-Lib does
    swapped = rn.indicators.macd(closes, 26, 12, 9)
    assert_same_lines("macd", swapped, rn.indicators.macd(closes, 12, 26, 9))
    # first output at max(fast, slow) - 1 + signal - 1
    line = rn.indicators.macd(closes)[0]
    assert np.isnan(line[32])
    assert not np.isnan(line[33])
    for kwargs, message in [
        ({"slow": 1}, "slow must be >= 2, got 1"),
        ({"signal": 0}, "signal must be >= 1, got 0"),
    ]:
        with pytest.raises(exc.InvalidParameterError, match=message):
            rn.indicators.macd(closes, **kwargs)
        assert_same_outcome(lambda k=kwargs: rn.indicators.macd(closes, **k))


# --- stddev and bbands: the multipliers and TA-Lib 0.8's variance -------------------------------


@given(
    values=arrays(
        np.float64, st.integers(0, 120), elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan))
    ),
    period=st.integers(2, 12),
    up=st.sampled_from([1.0, 2.0, 0.7, 2.5, -1.0]),
    down=st.sampled_from([1.0, 2.0, 1.3, -0.5]),
)
def test_bbands_and_stddev_equal_ta_lib_for_any_multipliers(
    values: np.ndarray, period: int, up: float, down: float
) -> None:
    if values.size == 0 or np.isnan(values).all():
        return
    assert_same_lines(
        "bbands",
        rn.indicators.bbands(values, period, up, down),
        talib.BBANDS(values, period, up, down),
    )
    assert_same_lines(
        "stddev", (rn.indicators.stddev(values, period, up),), (talib.STDDEV(values, period, up),)
    )


def test_stddev_keeps_its_digits_far_from_zero_and_forgets_a_nan_as_ta_lib() -> None:
    rng = np.random.default_rng(11)
    prices = 1e9 + rng.normal(0, 1, 5_000).cumsum()
    assert_same_lines("stddev", (rn.indicators.stddev(prices, 20),), (talib.STDDEV(prices, 20),))
    flat = np.concatenate([rng.normal(0, 1, 50), np.full(200, 3.2e-5)])
    assert_same_lines("stddev", (rn.indicators.stddev(flat, 49),), (talib.STDDEV(flat, 49),))
    gappy = np.arange(1.0, 200.0) % 7 + 1
    gappy[5] = np.nan
    out = rn.indicators.stddev(gappy, 3)
    assert_same_lines("stddev", (out,), (talib.STDDEV(gappy, 3),))
    assert np.isnan(out[96])
    assert np.isfinite(out[97:]).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"nbdev_up": np.inf},
            exc.InvalidParameterError,
            "nbdev_up must be a finite number, got inf",
        ),
        (
            {"nbdev_dn": np.nan},
            exc.InvalidParameterError,
            "nbdev_dn must be a finite number, got NaN",
        ),
        ({"nbdev_up": "2"}, exc.InputTypeError, "nbdev_up must be a real number, got str"),
    ],
)
def test_bbands_bad_multipliers(kwargs: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        rn.indicators.bbands([1.0, 2.0, 3.0], 2, **kwargs)  # type: ignore[arg-type]
    assert message in str(raised.value)
    assert_same_outcome(lambda: rn.indicators.bbands([1.0, 2.0, 3.0], 2, **kwargs))  # type: ignore[arg-type]
    with pytest.raises(exc.InvalidParameterError, match="nbdev must be a finite number, got -inf"):
        rn.indicators.stddev([1.0, 2.0, 3.0], 2, -np.inf)
    assert_same_outcome(lambda: rn.indicators.stddev([1.0, 2.0, 3.0], 2, -np.inf))


def test_kama_follows_ta_lib_0_8_on_tiny_moves_and_flat_runs() -> None:
    """TA-Lib 0.4 treated a noise sum below 1e-8 as zero; 0.8 has no such band but purges the
    sum after a flat run of ``period`` values and caps the ratio at 1."""
    for step in (1e-20, 1e-12, 1e-9, 1e-7):
        values = np.array([0.0, step, 0.0, step, 0.0, step, 0.0, 3 * step, 1.0, 1.0 + step])
        assert_same_lines("kama", ours("kama", values, 2), (talib.KAMA(values, 2),))
    flat = np.full(10, 3.5)
    assert_same_lines("kama", ours("kama", flat, 3), (talib.KAMA(flat, 3),))
    # Large prices with flat stretches: rounding residue in the running sum, purged by TA-Lib.
    big = 349526.1049228
    rng = np.random.default_rng(4)
    for _ in range(30):
        steps = np.where(rng.random(60) < 0.5, 0.0, big * rng.integers(1, 4, 60))
        values = np.maximum.accumulate(steps) * 0 + steps
        for i in range(1, values.size):
            if rng.random() < 0.6:
                values[i] = values[i - 1]
        period = int(rng.integers(2, 7))
        assert_same_lines("kama", ours("kama", values, period), (talib.KAMA(values, period),))
