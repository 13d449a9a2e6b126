"""Streaming indicators (rustybt_native.indicators.stream) against the batch functions.

Every class is one row of ``SINGLE`` or ``BARS``: how to build it with a period and a NaN policy,
and the batch function it must equal. Streaming and batch run the same state machine, so the
comparisons are bit for bit (NaN where NaN), on both backends.
"""

from __future__ import annotations

import copy
import math
import os
import pickle
import subprocess
import sys
from typing import Any, Callable

import numpy as np
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from rustybt_native import exceptions as exc
from rustybt_native import indicators as ind
from rustybt_native.indicators import stream

Make = Callable[[int, str], Any]
Batch = Callable[..., Any]

#: name -> (build the streaming class, the batch function on (values, period, policy), min period)
SINGLE: dict[str, tuple[Make, Batch, int]] = {
    "SMA": (
        lambda p, n: stream.SMA(p, nan_policy=n),
        lambda v, p, n: ind.sma(v, p, nan_policy=n),
        1,
    ),
    "EMA": (
        lambda p, n: stream.EMA(p, nan_policy=n),
        lambda v, p, n: ind.ema(v, p, nan_policy=n),
        1,
    ),
    "EMA-first": (
        lambda p, n: stream.EMA(p, seed="first", nan_policy=n),
        lambda v, p, n: ind.ema(v, p, seed="first", nan_policy=n),
        1,
    ),
    "WMA": (
        lambda p, n: stream.WMA(p, nan_policy=n),
        lambda v, p, n: ind.wma(v, p, nan_policy=n),
        1,
    ),
    "DEMA": (
        lambda p, n: stream.DEMA(p, nan_policy=n),
        lambda v, p, n: ind.dema(v, p, nan_policy=n),
        1,
    ),
    "TEMA": (
        lambda p, n: stream.TEMA(p, nan_policy=n),
        lambda v, p, n: ind.tema(v, p, nan_policy=n),
        1,
    ),
    "RSI": (
        lambda p, n: stream.RSI(p, nan_policy=n),
        lambda v, p, n: ind.rsi(v, p, nan_policy=n),
        2,
    ),
    "MACD": (
        lambda p, n: stream.MACD(p, p + 2, p - 1, nan_policy=n),
        lambda v, p, n: ind.macd(v, p, p + 2, p - 1, nan_policy=n),
        2,
    ),
    "BBands": (
        lambda p, n: stream.BBands(p, 2.0, 1.5, nan_policy=n),
        lambda v, p, n: ind.bbands(v, p, 2.0, 1.5, nan_policy=n),
        2,
    ),
    "KAMA": (
        lambda p, n: stream.KAMA(p, nan_policy=n),
        lambda v, p, n: ind.kama(v, p, nan_policy=n),
        1,
    ),
    "MOM": (
        lambda p, n: stream.MOM(p, nan_policy=n),
        lambda v, p, n: ind.mom(v, p, nan_policy=n),
        1,
    ),
    "ROC": (
        lambda p, n: stream.ROC(p, nan_policy=n),
        lambda v, p, n: ind.roc(v, p, nan_policy=n),
        1,
    ),
    "ATCKama": (
        lambda p, n: stream.ATCKama(p),
        lambda v, p, n: ind.atc_kama(v, p),
        1,
    ),
    "StdDev": (
        lambda p, n: stream.StdDev(p, 1.5, nan_policy=n),
        lambda v, p, n: ind.stddev(v, p, 1.5, nan_policy=n),
        2,
    ),
    "RateOfChange": (
        lambda p, n: stream.RateOfChange(p, nan_policy=n),
        lambda v, p, n: ind.rate_of_change(v, p, nan_policy=n),
        1,
    ),
    "LSMA": (
        lambda p, n: stream.LSMA(p, nan_policy=n),
        lambda v, p, n: ind.lsma(v, p, nan_policy=n),
        2,
    ),
    "TRIMA": (
        lambda p, n: stream.TRIMA(p, nan_policy=n),
        lambda v, p, n: ind.trima(v, p, nan_policy=n),
        1,
    ),
    "MIDPOINT": (
        lambda p, n: stream.MIDPOINT(p, nan_policy=n),
        lambda v, p, n: ind.midpoint(v, p, nan_policy=n),
        2,
    ),
    "HMA": (
        lambda p, n: stream.HMA(p, nan_policy=n),
        lambda v, p, n: ind.hma(v, p, nan_policy=n),
        2,
    ),
}

#: name -> (build, batch on (inputs, period, policy), min period, input names)
BARS: dict[str, tuple[Make, Batch, int, tuple[str, ...]]] = {
    "ATR": (
        lambda p, n: stream.ATR(p, nan_policy=n),
        lambda x, p, n: ind.atr(*x, p, nan_policy=n),
        1,
        ("high", "low", "close"),
    ),
    "NATR": (
        lambda p, n: stream.NATR(p, nan_policy=n),
        lambda x, p, n: ind.natr(*x, p, nan_policy=n),
        1,
        ("high", "low", "close"),
    ),
    "TRange": (
        lambda p, n: stream.TRange(nan_policy=n),
        lambda x, p, n: ind.trange(*x, nan_policy=n),
        1,
        ("high", "low", "close"),
    ),
    "CCI": (
        lambda p, n: stream.CCI(p, nan_policy=n),
        lambda x, p, n: ind.cci(*x, p, nan_policy=n),
        2,
        ("high", "low", "close"),
    ),
    "OBV": (
        lambda p, n: stream.OBV(nan_policy=n),
        lambda x, p, n: ind.obv(*x, nan_policy=n),
        1,
        ("close", "volume"),
    ),
    "MFI": (
        lambda p, n: stream.MFI(p, nan_policy=n),
        lambda x, p, n: ind.mfi(*x, p, nan_policy=n),
        2,
        ("high", "low", "close", "volume"),
    ),
    "WILLR": (
        lambda p, n: stream.WILLR(p, nan_policy=n),
        lambda x, p, n: ind.willr(*x, p, nan_policy=n),
        2,
        ("high", "low", "close"),
    ),
    "ADX": (
        lambda p, n: stream.ADX(p, nan_policy=n),
        lambda x, p, n: ind.adx(*x, p, nan_policy=n),
        2,
        ("high", "low", "close"),
    ),
    "STOCH": (
        lambda p, n: stream.STOCH(p, 1 + p % 3, p % 2, 1 + p // 3 % 3, p // 2 % 2, nan_policy=n),
        lambda x, p, n: ind.stoch(
            *x, p, 1 + p % 3, p % 2, 1 + p // 3 % 3, p // 2 % 2, nan_policy=n
        ),
        1,
        ("high", "low", "close"),
    ),
}

POLICIES = ("propagate", "skip")


def assert_same(got: Any, expected: Any) -> None:
    """Equal bit for bit (NaN where NaN), arrays or tuples of arrays or floats."""
    if isinstance(expected, tuple):
        assert isinstance(got, tuple)
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            assert_same(g, e)
        return
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    assert got.shape == expected.shape
    both_nan = np.isnan(got) & np.isnan(expected)
    same_bits = got.view(np.int64) == expected.view(np.int64)
    assert np.all(both_nan | same_bits), (got, expected)


def stack(outputs: list[Any], like: Any) -> Any:
    """One-at-a-time outputs in the shape of the batch output ``like``: an array, or a tuple of
    arrays (two for STOCH, three for MACD and BBands)."""
    if isinstance(like, tuple):
        return tuple(np.array([o[k] for o in outputs], dtype=np.float64) for k in range(len(like)))
    return np.array(outputs, dtype=np.float64)


def concat(parts: list[Any]) -> Any:
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(line) for line in zip(*parts))
    return np.concatenate(parts)


@st.composite
def series(draw: st.DrawFn) -> np.ndarray:
    """A random walk of up to 60 prices, sometimes with NaNs (leading or inside)."""
    steps = draw(st.lists(st.floats(-2.0, 2.0), max_size=60))
    values = 50.0 + np.cumsum(np.array(steps, dtype=np.float64))
    if values.size and draw(st.booleans()):
        for index in draw(st.lists(st.integers(0, values.size - 1), max_size=3)):
            values[index] = math.nan
    return values


def bars_of(close: np.ndarray, names: tuple[str, ...]) -> list[np.ndarray]:
    # Functions of the close alone, so any split of the closes gives the same bars.
    spread = np.abs(np.sin(close * 7.0)) + 0.25
    if names == ("high", "low", "close", "volume"):
        # flat stretches (rounded closes) exercise MFI's bars without money flow
        flat = np.round(close)
        return [flat + spread, flat - spread, flat, 1000.0 + 100.0 * np.cos(close * 7.0)]
    if names == ("close", "volume"):
        return [close, 1000.0 + 100.0 * np.cos(close * 7.0)]
    return [close + spread, close - spread, close]


def cuts_of(draw: st.DrawFn, length: int) -> list[int]:
    return sorted(draw(st.lists(st.integers(0, length), max_size=4)))


# --- one value at a time, update_many over any split --------------------------------------------


@pytest.mark.parametrize("name", sorted(SINGLE))
@given(values=series(), period=st.integers(1, 8), data=st.data())
def test_single_input_one_at_a_time_and_any_split_equal_batch(
    name: str, values: np.ndarray, period: int, data: st.DataObject
) -> None:
    make, batch, minimum = SINGLE[name]
    period = max(period, minimum)
    policy = data.draw(st.sampled_from(POLICIES))
    expected = batch(values, period, policy)
    one = make(period, policy)
    assert_same(stack([one.update(v) for v in values.tolist()], expected), expected)
    cuts = cuts_of(data.draw, values.size)
    many = make(period, policy)
    bounds = [0, *cuts, values.size]
    parts = [many.update_many(values[a:b]) for a, b in zip(bounds, bounds[1:])]
    assert_same(concat(parts), expected)
    if values.size:
        last = tuple(line[-1] for line in expected) if isinstance(expected, tuple) else None
        assert_same(many.value, last if last is not None else expected[-1])
        first_line = expected[0] if isinstance(expected, tuple) else expected
        assert many.is_ready == bool(np.any(~np.isnan(first_line)))


@pytest.mark.parametrize("name", sorted(BARS))
@given(close=series(), period=st.integers(1, 8), data=st.data())
def test_bar_input_one_at_a_time_and_any_split_equal_batch(
    name: str, close: np.ndarray, period: int, data: st.DataObject
) -> None:
    make, batch, minimum, names = BARS[name]
    period = max(period, minimum)
    policy = data.draw(st.sampled_from(POLICIES))
    inputs = bars_of(close, names)
    expected = batch(inputs, period, policy)
    one = make(period, policy)
    outputs = [one.update(*bar) for bar in zip(*(x.tolist() for x in inputs))]
    assert_same(stack(outputs, expected), expected)
    cuts = cuts_of(data.draw, close.size)
    many = make(period, policy)
    bounds = [0, *cuts, close.size]
    parts = [many.update_many(*(x[a:b] for x in inputs)) for a, b in zip(bounds, bounds[1:])]
    assert_same(concat(parts), expected)


# --- pickling, copying, reset -------------------------------------------------------------------


ALL = [(name, SINGLE[name][0], None) for name in sorted(SINGLE)] + [
    (name, BARS[name][0], BARS[name][3]) for name in sorted(BARS)
]


def feed(indicator: Any, names: tuple[str, ...] | None, values: np.ndarray) -> Any:
    if names is None:
        return indicator.update_many(values)
    return indicator.update_many(*bars_of(values, names))


@pytest.mark.parametrize(("name", "make", "names"), ALL, ids=[a[0] for a in ALL])
@pytest.mark.parametrize("policy", POLICIES)
def test_pickle_and_copy_mid_series_continue_identically(
    name: str, make: Make, names: tuple[str, ...] | None, policy: str
) -> None:
    values = 50.0 + np.cumsum(np.sin(np.arange(40.0)) * 1.3)
    values[7] = math.nan
    expected = feed(make(3, policy), names, values)
    for split in (0, 2, 5, 8, 25, 40):
        live = make(3, policy)
        head = feed(live, names, values[:split])
        for restored in (pickle.loads(pickle.dumps(live)), copy.deepcopy(live), copy.copy(live)):
            assert type(restored) is type(live)
            assert repr(restored) == repr(live)
            assert restored.is_ready == live.is_ready
            assert_same(restored.value, live.value)
            tail = feed(restored, names, values[split:])
            assert_same(concat([head, tail]), expected)
        # The original is untouched by its copies.
        assert_same(concat([head, feed(live, names, values[split:])]), expected)


@pytest.mark.parametrize(("name", "make", "names"), ALL, ids=[a[0] for a in ALL])
def test_reset_starts_over(name: str, make: Make, names: tuple[str, ...] | None) -> None:
    values = 50.0 + np.cumsum(np.cos(np.arange(30.0)))
    fresh = feed(make(4, "propagate"), names, values)
    used = make(4, "propagate")
    feed(used, names, values[::-1])
    used.reset()
    assert not used.is_ready
    assert_same(feed(used, names, values), fresh)


def test_pickled_state_survives_a_process_restart(backend: str) -> None:
    values = 50.0 + np.cumsum(np.sin(np.arange(30.0)))
    ema = stream.EMA(5)
    ema.update_many(values[:12])
    code = (
        "import pickle, sys, numpy as np, rustybt_native as rn\n"
        f"rn.set_backend({backend!r})\n"
        "ema = pickle.loads(sys.stdin.buffer.read())\n"
        f"print(repr(ema.update_many(np.array({values[12:].tolist()!r})).tolist()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=pickle.dumps(ema),
        capture_output=True,
        env={**os.environ},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    restarted = np.array(eval(result.stdout.decode()), dtype=np.float64)
    assert_same(restarted, ind.ema(values, 5)[12:])


def test_a_corrupt_native_state_is_refused() -> None:
    sma = rn._native.SMA(3)
    sma.update(1.0)
    for bad in (b"", b"\x00" * 7, b"\x00" * 8, b"\x00" * 8 * 40):
        with pytest.raises(exc.InvalidInputError, match="saved state does not fit"):
            sma.__setstate__(bad)
    other = rn._native.SMA(10)
    for v in range(8):
        other.update(float(v))
    with pytest.raises(exc.InvalidInputError, match="saved state does not fit"):
        sma.__setstate__(other.__reduce__()[2])
    # A refused state leaves the indicator as it was.
    assert math.isnan(sma.update(2.0))
    assert sma.update(3.0) == 2.0


# --- NaN and bad input --------------------------------------------------------------------------


def test_nan_updates_follow_the_policy() -> None:
    # Leading NaNs are skipped under both policies: the warm-up starts at the first number.
    for policy in POLICIES:
        sma = stream.SMA(2, nan_policy=policy)
        assert math.isnan(sma.update(math.nan))
        assert math.isnan(sma.update(1.0))
        assert sma.update(3.0) == 2.0
    # skip: NaN out, state untouched.
    skip = stream.SMA(2, nan_policy="skip")
    skip.update_many([1.0, 3.0])
    assert math.isnan(skip.update(math.nan))
    assert skip.value != skip.value  # the NaN is the last output
    assert skip.is_ready
    assert skip.update(5.0) == 4.0
    # propagate: the NaN enters the running sum, as in TA-Lib, for good.
    poisoned = stream.SMA(2)
    poisoned.update_many([1.0, 3.0])
    assert math.isnan(poisoned.update(math.nan))
    assert all(math.isnan(poisoned.update(v)) for v in (5.0, 6.0, 7.0))
    assert poisoned.is_ready  # the warm-up was over before the NaN


def test_infinite_values_raise_and_leave_the_state_untouched() -> None:
    sma = stream.SMA(2)
    sma.update(1.0)
    with pytest.raises(exc.InvalidInputError, match=r"^value is inf: infinite values"):
        sma.update(math.inf)
    with pytest.raises(exc.InvalidInputError, match=r"^values\[1\] is -inf: infinite"):
        sma.update_many([2.0, -math.inf])
    assert sma.update(3.0) == 2.0
    atr = stream.ATR(2)
    with pytest.raises(exc.InvalidInputError, match=r"^low is -inf"):
        atr.update(1.0, -math.inf, 1.0)
    with pytest.raises(exc.InvalidInputError, match=r"^close\[0\] is inf"):
        atr.update_many([1.0], [1.0], [math.inf])
    assert not atr.is_ready


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: stream.SMA(-3), exc.InvalidParameterError, "period must be >= 1, got -3"),
        (lambda: stream.SMA(0), exc.InvalidParameterError, "period must be >= 1, got 0"),
        (lambda: stream.RSI(1), exc.InvalidParameterError, "period must be >= 2, got 1"),
        (lambda: stream.RSI(-1), exc.InvalidParameterError, "period must be >= 2, got -1"),
        (lambda: stream.CCI(-5), exc.InvalidParameterError, "period must be >= 2, got -5"),
        (lambda: stream.MACD(12, -26), exc.InvalidParameterError, "slow must be >= 2, got -26"),
        (lambda: stream.MACD(12, 26, 0), exc.InvalidParameterError, "signal must be >= 1, got 0"),
        (
            lambda: stream.SMA(3, nan_policy="ignore"),
            exc.InvalidParameterError,
            'nan_policy must be "propagate" or "skip", got "ignore"',
        ),
        (
            lambda: stream.EMA(3, seed="ewm"),
            exc.InvalidParameterError,
            'seed must be "sma" or "first", got "ewm"',
        ),
        (
            lambda: stream.StdDev(5, math.inf),
            exc.InvalidParameterError,
            "nbdev must be a finite number, got inf",
        ),
        (
            lambda: stream.BBands(5, 2.0, math.nan),
            exc.InvalidParameterError,
            "nbdev_dn must be a finite number, got NaN",
        ),
        (
            lambda: stream.ATR(3).update_many([1.0, 2.0], [1.0], [1.0, 2.0]),
            exc.InvalidInputError,
            "high and low must have the same length, got 2 and 1",
        ),
    ],
)
def test_bad_parameters_raise_the_same_error_on_both_backends(
    build: Callable[[], Any], error: type[Exception], message: str
) -> None:
    raised = assert_same_outcome(build)
    assert type(raised) is error
    assert str(raised) == message


@pytest.mark.parametrize(
    "call",
    [
        lambda: stream.SMA(3).update(),
        lambda: stream.SMA(3).update(1.0, 2.0),
        lambda: stream.ATR(3).update(1.0, 2.0),
        lambda: stream.OBV().update(1.0, 2.0, 3.0),
        lambda: stream.ATR(3).update_many([1.0], [1.0]),
        lambda: stream.SMA(3.5),
        lambda: stream.SMA(3).update("1.0"),
        lambda: stream.Pipeline([stream.ATR(3)]),
    ],
)
def test_wrong_arity_and_types_raise_type_errors(call: Callable[[], Any]) -> None:
    with pytest.raises(TypeError):
        call()


# --- Pipeline -----------------------------------------------------------------------------------


def test_pipeline_updates_every_indicator_in_one_call() -> None:
    values = 50.0 + np.cumsum(np.sin(np.arange(40.0)) * 1.7)
    separate = [stream.SMA(5), stream.EMA(4), stream.MACD(3, 6, 2), stream.RSI(3), stream.KAMA(4)]
    shared = [copy.deepcopy(s) for s in separate]
    pipeline = stream.Pipeline(shared)
    assert len(pipeline) == 5
    assert pipeline.width == 7
    for v in values.tolist():
        row = pipeline.update(v)
        expected: list[float] = []
        for s in separate:
            out = s.update(v)
            expected.extend(out if isinstance(out, tuple) else [out])
        assert_same(row, np.array(expected))
    # The pipeline owns copies: the indicators given to it do not move, and `indicators` gives
    # snapshots of the pipeline's own.
    assert not any(s.is_ready for s in shared)
    snapshot = pipeline.indicators
    assert snapshot[0] is not shared[0]
    assert_same(snapshot[2].value, separate[2].value)
    kama_now = separate[4].value
    assert_same(snapshot[4].update(60.0), separate[4].update(60.0))
    assert_same(pipeline.indicators[4].value, kama_now)
    restored = pickle.loads(pickle.dumps(pipeline))
    assert_same(restored.update(51.0), pipeline.update(51.0))
    pipeline.reset()
    assert not any(s.is_ready for s in pipeline.indicators)
    assert np.isnan(pipeline.update(50.0)).all()
    with pytest.raises(exc.InvalidInputError, match=r"^value is inf"):
        pipeline.update(math.inf)


def test_pipeline_rows_are_never_changed_behind_a_holder() -> None:
    # The native pipeline reuses a returned array once no one else holds it; every way of
    # still holding one (a name, a list, a view, a memoryview) keeps it intact, and an array
    # whose dtype, shape or flags were changed before it was let go is never reused.
    values = (50.0 + np.cumsum(np.sin(np.arange(30.0)))).tolist()
    pipeline = stream.Pipeline([stream.SMA(2), stream.MACD(2, 3, 2)])
    twin = [stream.SMA(2), stream.MACD(2, 3, 2)]

    def expected(v: float) -> np.ndarray:
        sma, (macd, signal, hist) = twin[0].update(v), twin[1].update(v)
        return np.array([sma, macd, signal, hist])

    held: list[tuple[Any, np.ndarray]] = []
    for i, v in enumerate(values):
        row = pipeline.update(v)
        want = expected(v)
        assert row.shape == (4,)
        assert row.dtype == np.float64
        assert row.flags.writeable
        assert_same(row, want)
        kind = i % 6
        if kind == 0:
            held.append((row, want.copy()))
        elif kind == 1:
            held.append((row[1:], want[1:].copy()))
        elif kind == 2:
            held.append((memoryview(row), want.copy()))
        elif kind == 3:
            row.shape = (2, 2)
        elif kind == 4:
            row.flags.writeable = False
        else:
            row.dtype = np.int64
        del row
    for kept, want in held:
        assert_same(np.asarray(kept, dtype=np.float64), want)


def test_the_module_is_importable_under_its_public_name(backend: str) -> None:
    import rustybt_native.indicators.stream as by_path
    from rustybt_native.indicators.stream import SMA

    assert by_path is stream is rn.indicators.stream
    assert SMA is stream.SMA
    assert (type(stream.SMA(2)).__module__ == "rustybt_native._native") == (backend == "native")
    assert "SMA" in dir(stream)
    with pytest.raises(AttributeError):
        stream.Nonexistent  # noqa: B018


# --- SignalPersistence --------------------------------------------------------------------------

EVENTS = st.lists(st.sampled_from([0.0, 1.0, math.nan, 2.5, -1.0]), max_size=40)


@given(up=EVENTS, down=EVENTS, data=st.data())
def test_signal_persistence_one_at_a_time_and_any_split_equal_batch(
    up: list[float], down: list[float], data: st.DataObject
) -> None:
    n = min(len(up), len(down))
    ups, downs = np.array(up[:n]), np.array(down[:n])
    expected = ind.signal_persistence(ups, downs)
    one = stream.SignalPersistence()
    assert one.value == 0
    assert not one.is_ready
    got = np.array([one.update(u, d) for u, d in zip(ups.tolist(), downs.tolist())], np.int8)
    np.testing.assert_array_equal(got, expected)
    many = stream.SignalPersistence()
    bounds = [0, *cuts_of(data.draw, n), n]
    parts = [many.update_many(ups[a:b], downs[a:b]) for a, b in zip(bounds, bounds[1:])]
    whole = np.concatenate(parts)
    assert whole.dtype == np.int8
    np.testing.assert_array_equal(whole, expected)
    assert many.value == (int(expected[-1]) if n else 0)
    assert many.is_ready == (n > 0)
    restored = pickle.loads(pickle.dumps(many))
    assert restored.value == many.value
    assert restored.update(0.0, 0.0) == many.update(0.0, 0.0)
    many.reset()
    assert many.value == 0
    assert not many.is_ready


def test_signal_persistence_takes_booleans_and_checks_lengths() -> None:
    signal = stream.SignalPersistence()
    assert signal.update(True, False) == 1
    assert signal.update(False, True) == -1
    assert signal.update(True, True) == 1  # up wins a tie
    assert repr(signal) == "SignalPersistence()"
    raised = assert_same_outcome(lambda: stream.SignalPersistence().update_many([1.0], []))
    assert type(raised) is exc.InvalidInputError
    assert str(raised) == "up and down must have the same length, got 1 and 0"
    with pytest.raises(TypeError):
        signal.update(1.0)


# --- Crossover, Crossunder, MaSignal ------------------------------------------------------------

PAIR_VALUES = st.lists(st.sampled_from([1.0, 2.0, 3.0, 2.0, math.nan, 2.5]), max_size=40)
CROSSINGS: list[tuple[str, Callable[..., Any]]] = [
    ("Crossover", ind.crossover),
    ("Crossunder", ind.crossunder),
    ("MaSignal", ind.ma_signal),
]


@pytest.mark.parametrize(("name", "batch"), CROSSINGS)
@given(a=PAIR_VALUES, b=PAIR_VALUES, data=st.data())
def test_crossings_one_at_a_time_and_any_split_equal_batch(
    name: str, batch: Callable[..., Any], a: list[float], b: list[float], data: st.DataObject
) -> None:
    n = min(len(a), len(b))
    first, second = np.array(a[:n]), np.array(b[:n])
    expected = batch(first, second)
    one = getattr(stream, name)()
    assert one.value == 0
    assert not one.is_ready
    got = [one.update(x, y) for x, y in zip(first.tolist(), second.tolist())]
    np.testing.assert_array_equal(np.array(got, np.int8), expected)
    assert all(type(v) is int for v in got)
    many = getattr(stream, name)()
    bounds = [0, *cuts_of(data.draw, n), n]
    parts = [many.update_many(first[i:j], second[i:j]) for i, j in zip(bounds, bounds[1:])]
    whole = np.concatenate(parts)
    assert whole.dtype == np.int8
    np.testing.assert_array_equal(whole, expected)
    assert many.value == (int(expected[-1]) if n else 0)
    assert many.is_ready == (n > 0)
    restored = pickle.loads(pickle.dumps(many))
    assert restored.value == many.value
    for x, y in ((3.0, 1.0), (1.0, 3.0), (2.0, 2.0)):
        assert restored.update(x, y) == many.update(x, y)
    many.reset()
    assert many.value == 0
    assert not many.is_ready
    assert many.update(5.0, 1.0) == 0  # no crossing at the first bar after a reset


def test_crossing_classes_check_their_inputs() -> None:
    signal = stream.MaSignal()
    assert repr(signal) == "MaSignal()"
    assert repr(stream.Crossover()) == "Crossover()"
    assert [signal.update(p, m) for p, m in ((1.0, 2.0), (3.0, 2.0), (2.5, 2.0), (1.0, 2.0))] == [
        0,
        1,
        1,
        -1,
    ]
    raised = assert_same_outcome(lambda: stream.MaSignal().update_many([1.0], []))
    assert type(raised) is exc.InvalidInputError
    assert str(raised) == "price and ma must have the same length, got 1 and 0"
    raised = assert_same_outcome(
        lambda: stream.Crossover().update_many([1.0, 2.0], [1.0, math.inf])
    )
    assert type(raised) is exc.InvalidInputError
    raised = assert_same_outcome(lambda: stream.Crossunder().update(1.0, -math.inf))
    assert type(raised) is exc.InvalidInputError
    assert str(raised).startswith("b is -inf")
    unchanged = stream.Crossover()
    unchanged.update(1.0, 2.0)
    with pytest.raises(exc.InvalidInputError):
        unchanged.update(math.inf, 2.0)
    assert unchanged.update(3.0, 2.0) == 1  # the refused bar left the state untouched
    with pytest.raises(TypeError):
        signal.update(1.0)
    with pytest.raises(TypeError):
        signal.update("1.0", 2.0)


# --- EquityCurve --------------------------------------------------------------------------------


@given(
    returns=st.lists(st.one_of(st.floats(-0.5, 0.5), st.just(math.nan)), max_size=40),
    signals=st.lists(st.sampled_from([1.0, -1.0, 0.0, math.nan, 0.5]), max_size=40),
    cutout=st.integers(0, 6),
    decay=st.sampled_from([0.0, 0.01, 1.0]),
    data=st.data(),
)
def test_equity_curve_one_at_a_time_and_any_split_equal_batch(
    returns: list[float],
    signals: list[float],
    cutout: int,
    decay: float,
    data: st.DataObject,
) -> None:
    n = min(len(returns), len(signals))
    r, s = np.array(returns[:n]), np.array(signals[:n])
    params = {"starting_equity": 0.8, "decay": decay, "cutout": cutout, "floor": 0.3}
    expected = ind.equity_curve(r, s, **params)
    one = stream.EquityCurve(**params)
    assert_same(np.array([one.update(a, b) for a, b in zip(r.tolist(), s.tolist())]), expected)
    many = stream.EquityCurve(**params)
    bounds = [0, *cuts_of(data.draw, n), n]
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        parts.append(many.update_many(r[a:b], s[a:b]))
        many = pickle.loads(pickle.dumps(many))  # and pickling at every cut
    assert_same(np.concatenate(parts), expected)
    assert many.is_ready == bool(np.any(~np.isnan(expected)))
    many.reset()
    assert not many.is_ready
    assert_same(many.update_many(r, s), expected)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: stream.EquityCurve(cutout=-1), "cutout must be >= 0, got -1"),
        (lambda: stream.EquityCurve(decay=1.5), "decay must be within [0, 1], got 1.5"),
        (lambda: stream.EquityCurve(floor=math.inf), "floor must be finite, got inf"),
        (
            lambda: stream.EquityCurve().update(math.inf, 1.0),
            "returns is inf: infinite values are not allowed (NaN marks a missing value)",
        ),
    ],
)
def test_equity_curve_bad_input(build: Callable[[], Any], message: str) -> None:
    raised = assert_same_outcome(build)
    assert isinstance(raised, exc.RustyBTError)
    assert str(raised) == message


def test_atc_kama_streams_past_its_periodic_resum() -> None:
    # The running noise is re-summed from scratch every max(4 * length, 1024) prices.
    prices = 50.0 + np.cumsum(np.sin(np.arange(2_300.0) * 0.37))
    prices[1_500] = math.nan
    expected = ind.atc_kama(prices, 3)
    one = stream.ATCKama(3)
    assert_same(np.array([one.update(v) for v in prices.tolist()]), expected)
    split = stream.ATCKama(3)
    head = split.update_many(prices[:1_100])
    resumed = pickle.loads(pickle.dumps(split))
    assert_same(np.concatenate([head, resumed.update_many(prices[1_100:])]), expected)
    raised = assert_same_outcome(lambda: stream.ATCKama(-2))
    assert str(raised) == "length must be >= 1, got -2"


# --- issue 8: the classes added for the remaining batch indicators ------------------------------


def test_new_single_input_classes_work_in_a_pipeline() -> None:
    values = 50.0 + np.cumsum(np.sin(np.arange(60.0)) * 1.7)
    members = [
        stream.RateOfChange(2),
        stream.LSMA(5),
        stream.TRIMA(6),
        stream.MIDPOINT(4),
        stream.HMA(9),
    ]
    pipeline = stream.Pipeline(members)
    assert pipeline.width == 5
    rows = np.array([pipeline.update(v) for v in values.tolist()])
    expected = [
        ind.rate_of_change(values, 2),
        ind.lsma(values, 5),
        ind.trima(values, 6),
        ind.midpoint(values, 4),
        ind.hma(values, 9),
    ]
    for column, batch in enumerate(expected):
        assert_same(rows[:, column], batch)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: stream.MFI(1), "period must be >= 2, got 1"),
        (lambda: stream.WILLR(-1), "period must be >= 2, got -1"),
        (lambda: stream.ADX(1), "period must be >= 2, got 1"),
        (lambda: stream.LSMA(0), "period must be >= 2, got 0"),
        (lambda: stream.MIDPOINT(1), "period must be >= 2, got 1"),
        (lambda: stream.HMA(1), "period must be >= 2, got 1"),
        (lambda: stream.TRIMA(0), "period must be >= 1, got 0"),
        (lambda: stream.RateOfChange(-2), "period must be >= 1, got -2"),
        (lambda: stream.MFI(3, nan_policy="drop"), "nan_policy"),
        (lambda: stream.STOCH(0), "fastk_period must be >= 1, got 0"),
        (lambda: stream.STOCH(5, -1, 7), "slowk_period must be >= 1, got -1"),
        (lambda: stream.STOCH(5, 3, 2), "slowk_matype must be 0 (SMA) or 1 (EMA), got 2"),
        (lambda: stream.STOCH(0, 3, 0, 3, 5), "slowd_matype must be 0 (SMA) or 1 (EMA), got 5"),
        (lambda: stream.STOCH(5, 3, 0, 0), "slowd_period must be >= 1, got 0"),
    ],
)
def test_new_classes_refuse_bad_parameters_alike(build: Callable[[], Any], message: str) -> None:
    outcome = assert_same_outcome(build)
    assert isinstance(outcome, exc.InvalidParameterError)
    assert message in str(outcome)


def test_mfi_stream_checks_its_four_inputs() -> None:
    mfi = stream.MFI(3)
    with pytest.raises(TypeError):
        mfi.update(1.0, 2.0, 3.0)  # type: ignore[call-arg]
    with pytest.raises(exc.InvalidInputError, match=r"^volume is inf"):
        mfi.update(1.0, 1.0, 1.0, math.inf)
    with pytest.raises(exc.InvalidInputError, match="same length"):
        mfi.update_many([1.0, 2.0], [1.0, 2.0], [1.0, 2.0], [1.0])
    assert not mfi.is_ready
    assert math.isnan(mfi.value)


def test_stoch_stream_gives_two_lines() -> None:
    high, low, close = [10.0, 12.0, 11.0], [8.0, 9.0, 10.0], [9.0, 11.0, 10.5]
    live = stream.STOCH(2, 1, 0, 2, 0)
    outputs = [live.update(h, lo, c) for h, lo, c in zip(high, low, close)]
    assert_same(outputs[-1], (50.0, 62.5))
    assert_same(live.value, (50.0, 62.5))
    assert live.is_ready
    k, d = stream.STOCH(2, 1, 0, 2, 0).update_many(high, low, close)
    assert_same((k, d), ind.stoch(high, low, close, 2, 1, 0, 2, 0))
    assert repr(live) == "STOCH(2, 1, 0, 2, 0, nan_policy='propagate')"
    with pytest.raises(TypeError):
        stream.STOCH(5, 3, 0.5)  # type: ignore[arg-type]
