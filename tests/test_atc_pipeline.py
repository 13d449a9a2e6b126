"""The Adaptive Trend Classification pipeline (issue 10) on both backends: the moving-average
variants against loops written from the specification, native against fallback with
hypothesis, the properties the specification names, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome, on_both_backends
from hypothesis import given, settings
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

nan = math.nan
OFFSETS = {"Narrow": (1, 2, 3, 4), "Medium": (1, 2, 4, 6), "Wide": (1, 3, 5, 7)}


def walk(n: int, seed: int, start: float = 100.0) -> np.ndarray:
    steps = np.random.default_rng(seed).normal(0.0, 0.01, n)
    return start * np.exp(np.cumsum(steps))


# --- the moving averages, as the specification writes them (section 4) --------------------------


def ema_loop(x: list[float], length: int, seed: str = "sma") -> list[float]:
    out = [nan] * len(x)
    if seed == "sma":
        if len(x) < length:
            return out
        start, y = length - 1, sum(x[:length]) / length
    else:
        if not x:
            return out
        start, y = 0, x[0]
    out[start] = y
    alpha = 2.0 / (length + 1.0)
    for i in range(start + 1, len(x)):
        y = (1 - alpha) * y + alpha * x[i]
        out[i] = y
    return out


def dema_loop(x: list[float], length: int) -> list[float]:
    e1 = ema_loop(x, length)
    out = [nan] * len(x)
    if len(x) < length:
        return out
    e2 = [nan] * (length - 1) + ema_loop(e1[length - 1 :], length, "first")
    return [2 * a - b for a, b in zip(e1, e2)]


def wma_loop(x: list[float], length: int) -> list[float]:
    out = [nan] * len(x)
    for i in range(length - 1, len(x)):
        total = sum(j * x[i - length + j] for j in range(1, length + 1))
        out[i] = total / (length * (length + 1) / 2)
    return out


def hma_loop(x: list[float], length: int) -> list[float]:
    half = length // 2 or 10
    fast, slow = wma_loop(x, half), wma_loop(x, length)
    diff = [2 * a - b for a, b in zip(fast, slow)]
    start = max(half, length) - 1
    return (
        [nan] * start + wma_loop(diff[start:], math.isqrt(length))
        if start < len(x)
        else [nan] * len(x)
    )


def lsma_loop(x: list[float], length: int, last: bool = False) -> list[float]:
    out = [nan] * len(x)
    if length < 2:
        return out
    sx = length * (length + 1) / 2
    sxx = sx * (2 * length + 1) / 3
    d = length * sxx - sx * sx
    for i in range(length - 1, len(x)):
        w = x[i - length + 1 : i + 1]
        sy = sum(w)
        sxy = sum((j + 1) * v for j, v in enumerate(w))
        m = (length * sxy - sx * sy) / d
        b = (sy * sxx - sx * sxy) / d
        out[i] = m * (length if last else length - 1) + b
    return out


def assert_close(got: np.ndarray, want: list[float], rtol: float = 1e-12) -> None:
    want_array = np.array(want, dtype=np.float64)
    assert got.shape == want_array.shape
    assert np.array_equal(np.isnan(got), np.isnan(want_array))
    np.testing.assert_allclose(got, want_array, rtol=rtol, atol=0)


@pytest.mark.parametrize("length", [1, 2, 3, 7, 28, 34, 60])
def test_moving_averages_follow_the_specification(length: int) -> None:
    x = walk(300, length).tolist()
    assert_close(rn.atc.atc_ema(x, length), ema_loop(x, length))
    assert_close(rn.atc.atc_ema(x, length, seed="first"), ema_loop(x, length, "first"))
    assert_close(rn.atc.atc_dema(x, length), dema_loop(x, length))
    assert_close(rn.atc.atc_wma(x, length), wma_loop(x, length))
    assert_close(rn.atc.atc_hma(x, length), hma_loop(x, length))
    assert_close(rn.atc.atc_lsma(x, length), lsma_loop(x, length), rtol=1e-10)
    assert_close(rn.atc.atc_lsma(x, length, lsma_at="last"), lsma_loop(x, length, True), 1e-10)


def test_moving_average_warm_ups_and_quirks() -> None:
    x = walk(100, 1)
    assert np.isnan(rn.atc.atc_hma(x, 28)[30])
    assert not np.isnan(rn.atc.atc_hma(x, 28)[31])
    assert np.isnan(rn.atc.atc_hma(x, 22)[23])
    assert not np.isnan(rn.atc.atc_hma(x, 22)[24])
    one = rn.atc.atc_hma(x, 1)
    assert np.isnan(one[8])
    np.testing.assert_array_equal(one[9:], 2.0 * rn.atc.atc_wma(x, 10)[9:] - x[9:])
    assert np.isnan(rn.atc.atc_lsma(x, 1)).all()
    dema = rn.atc.atc_dema(x, 5)
    assert np.isnan(dema[3])
    assert dema[4] == rn.atc.atc_ema(x, 5)[4] == sum(x[:5].tolist()) / 5
    np.testing.assert_array_equal(rn.atc.atc_ema(x, 1), x)
    assert rn.atc.atc_wma([], 3).shape == (0,)
    assert np.isnan(rn.atc.atc_wma(x[:3], 5)).all()
    assert rn.atc.atc_kama is rn.indicators.atc_kama


@pytest.mark.parametrize("value", [50.0, 0.1, 1.1])
def test_moving_averages_of_a_constant_are_constant(value: float) -> None:
    x = np.full(120, value)
    for function in (rn.atc.atc_wma, rn.atc.atc_hma, rn.atc.atc_lsma, rn.atc.atc_ema):
        for length in (1, 2, 9, 28):
            out = function(x, length)
            valid = out[~np.isnan(out)]
            assert (valid == valid[0]).all() if valid.size else True


def test_moving_average_bad_input() -> None:
    with pytest.raises(exc.InvalidParameterError, match="length must be >= 1, got 0"):
        rn.atc.atc_wma([1.0, 2.0], 0)
    with pytest.raises(exc.InvalidInputError, match=r"src\[1\] is NaN: src must be finite"):
        rn.atc.atc_ema([1.0, nan], 2)
    with pytest.raises(exc.InvalidInputError, match=r"src\[0\] is inf"):
        rn.atc.atc_hma([math.inf], 2)
    with pytest.raises(exc.InvalidParameterError, match='seed must be "sma" or "first"'):
        rn.atc.atc_dema([1.0], 2, seed="zero")
    with pytest.raises(exc.InvalidParameterError, match="lsma_at must be one of"):
        rn.atc.atc_lsma([1.0], 2, lsma_at="middle")
    with pytest.raises(exc.InputTypeError):
        rn.atc.atc_lsma([1.0], 2.0)  # type: ignore[arg-type]
    with pytest.raises(exc.InvalidInputError, match="src must be 1-D"):
        rn.atc.atc_wma([[1.0]], 1)


# --- the pipeline: native against fallback ------------------------------------------------------


@st.composite
def pipelines(draw: st.DrawFn) -> tuple[np.ndarray, dict[str, object]]:
    robustness = draw(st.sampled_from(sorted(OFFSETS)))
    o4 = OFFSETS[robustness][3]
    names = ("ema_len", "hull_len", "wma_len", "dema_len", "lsma_len", "kama_len")
    lengths = {name: draw(st.integers(o4 + 1, 40)) for name in names}
    n = draw(st.integers(max(max(lengths.values()) + o4, 10), 260))
    weights = {
        name: draw(st.sampled_from([1.0, 0.1, 0.0, -1.0, 2.5, 0.25]))
        for name in ("ema_w", "hma_w", "wma_w", "dema_w", "lsma_w", "kama_w")
    }
    threshold = draw(st.sampled_from([0.0, 0.05, 0.1, 0.3]))
    params: dict[str, object] = {
        **lengths,
        **weights,
        "robustness": robustness,
        "La": draw(st.sampled_from([0.02, 0.0, 1.0, 50.0])),
        "De": draw(st.sampled_from([0.03, 0.0, 1.0, 100.0])),
        "cutout": draw(st.integers(-3, n - 1)),
        "long_threshold": threshold,
        "short_threshold": -draw(st.sampled_from([0.0, 0.1, 0.2])),
        "strategy_mode": draw(st.booleans()),
        "ema_seed": draw(st.sampled_from(["sma", "sma", "first"])),
        "lsma_at": draw(st.sampled_from(["penultimate", "penultimate", "last"])),
    }
    prices = walk(n, draw(st.integers(0, 10_000)), start=draw(st.sampled_from([1.0, 100.0])))
    return prices, params


def assert_outputs_match(native: dict[str, np.ndarray], python: dict[str, np.ndarray]) -> None:
    assert list(native) == list(python) == list(rn.atc.OUTPUT_NAMES)
    for name in native:
        a, b = native[name], python[name]
        assert a.dtype == b.dtype == np.float64
        assert np.array_equal(np.isnan(a), np.isnan(b)), name
        if name.endswith("_S"):
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=0, err_msg=name)
        else:
            assert np.array_equal(a, b, equal_nan=True), name


@settings(max_examples=25)
@given(pipelines())
def test_native_matches_fallback(case: tuple[np.ndarray, dict[str, object]]) -> None:
    prices, params = case
    native, python = on_both_backends(lambda: rn.atc.compute_atc_signals(prices, **params))
    assert_outputs_match(native, python)


def test_native_matches_fallback_on_long_series() -> None:
    prices = walk(3_000, 21)
    for robustness in OFFSETS:
        native, python = on_both_backends(
            lambda r=robustness: rn.atc.compute_atc_signals(prices, robustness=r)
        )
        assert_outputs_match(native, python)


def test_src_feeds_the_averages_only() -> None:
    prices = walk(200, 3)
    src = walk(200, 4)
    native, python = on_both_backends(lambda: rn.atc.compute_atc_signals(prices, src))
    assert_outputs_match(native, python)
    own = rn.atc.compute_atc_signals(prices)
    assert not np.array_equal(own["EMA_Signal"], native["EMA_Signal"])


# --- properties of section 12 ---------------------------------------------------------------------


def test_a_prefix_gives_a_prefix() -> None:
    prices = walk(500, 5)
    full = rn.atc.compute_atc_signals(prices)
    for n in (34, 120, 333):
        part = rn.atc.compute_atc_signals(prices[:n])
        for name in full:
            assert np.array_equal(full[name][:n], part[name]), (n, name)


def test_thresholds_are_strict_and_the_average_is_its_formula() -> None:
    prices = walk(3_000, 21)
    out = rn.atc.compute_atc_signals(prices)
    families = rn.atc.FAMILIES
    hits = sum(int(np.sum(np.abs(out[f"{t}_Signal"]) == 0.1)) for t in families)
    assert hits > 0  # exact +-0.10 values occur, and must vote 0
    nominator = np.zeros(3_000)
    denominator = np.zeros(3_000)
    for t in families:
        signal, equity = out[f"{t}_Signal"], out[f"{t}_S"]
        vote = np.where(signal > 0.1, 1.0, np.where(signal < -0.1, -1.0, 0.0))
        nominator = nominator + vote * equity
        denominator = denominator + equity
    assert np.array_equal(out["Average_Signal"], nominator / denominator)
    # Thresholds just inside 0.1 count those same bars: the average changes.
    looser = rn.atc.compute_atc_signals(prices, long_threshold=0.0999, short_threshold=-0.0999)
    assert not np.array_equal(looser["Average_Signal"], out["Average_Signal"])
    for t in families:
        assert np.array_equal(looser[f"{t}_S"], out[f"{t}_S"])


def test_layer_values_are_hundredths_and_kama_crosses_on_bar_one() -> None:
    out = rn.atc.compute_atc_signals(walk(400, 6))
    for t in rn.atc.FAMILIES:
        signal = out[f"{t}_Signal"]
        assert np.array_equal(signal, np.rint(signal * 100.0) / 100.0)
        assert np.abs(signal).max() <= 1.0
        assert signal[0] == 0.0
        assert out[f"{t}_S"].min() >= 0.25
    assert abs(out["KAMA_Signal"][1]) == 1.0


def test_first_bar_floor_and_weights() -> None:
    out = rn.atc.compute_atc_signals(
        walk(100, 7), ema_w=0.1, hma_w=0.0, wma_w=-2.0, dema_w=0.25, lsma_w=2.0, kama_w=1.0
    )
    first = [out[f"{t}_S"][0] for t in rn.atc.FAMILIES]
    assert first == [0.25, 0.25, 0.25, 0.25, 2.0, 1.0]
    # Layer-1 is 0 on bar 0, so bar 1 only decays
    assert out["LSMA_S"][1] == 2.0 * (1 - 0.03 / 100)


@pytest.mark.parametrize("value", [50.0, 0.1])
def test_constant_series(value: float) -> None:
    out = rn.atc.compute_atc_signals(np.full(200, value), ema_w=0.1, hma_w=3.0)
    keep = 1 - 0.03 / 100
    for t, weight in zip(rn.atc.FAMILIES, [0.1, 3.0, 1.0, 1.0, 1.0, 1.0]):
        assert (out[f"{t}_Signal"] == 0.0).all()
        e = max(weight, 0.25)
        expected = [e]
        for _ in range(199):
            e = max((e * keep) * 1.0, 0.25)
            expected.append(e)
        assert out[f"{t}_S"].tolist() == expected
    assert (out["Average_Signal"] == 0.0).all()


def test_full_decay_floors_every_equity() -> None:
    out = rn.atc.compute_atc_signals(walk(80, 8), De=100)
    for t in rn.atc.FAMILIES:
        assert (out[f"{t}_S"][1:] == 0.25).all()


def test_cutout_slices_after_the_averages() -> None:
    prices = walk(300, 9)
    out, parts = rn.atc.compute_atc_signals(prices, cutout=40, return_components=True)
    assert all(v.shape == (260,) for v in out.values())
    np.testing.assert_array_equal(parts["EMA_MA"][0], rn.atc.atc_ema(prices, 28)[40:])
    np.testing.assert_array_equal(parts["LSMA_MA"][8], rn.atc.atc_lsma(prices, 22)[40:])
    np.testing.assert_array_equal(parts["KAMA_MA"][4], rn.atc.atc_kama(prices, 34)[40:])
    # the sliced series starts afresh: no signal on its first bar
    assert all(out[f"{t}_Signal"][0] == 0.0 for t in rn.atc.FAMILIES)
    assert (parts["EMA_signals"][:, 0] == 0).all()
    # negative cutout is 0; cutout n - 1 leaves one bar with Average 0
    assert np.array_equal(
        rn.atc.compute_atc_signals(prices, cutout=-5)["Average_Signal"],
        rn.atc.compute_atc_signals(prices)["Average_Signal"],
    )
    last = rn.atc.compute_atc_signals(prices, cutout=299)
    assert last["Average_Signal"].tolist() == [0.0]


def test_components_rebuild_layer_one() -> None:
    out, parts = rn.atc.compute_atc_signals(walk(400, 10), return_components=True)
    for t in rn.atc.FAMILIES:
        signals, equities = parts[f"{t}_signals"], parts[f"{t}_equities"]
        assert signals.dtype == np.int8
        assert signals.shape == equities.shape == (9, 400)
        nominator = np.zeros(400)
        denominator = np.zeros(400)
        for k in range(9):
            nominator = nominator + signals[k] * equities[k]
            denominator = denominator + equities[k]
        assert np.array_equal(np.rint(nominator / denominator * 100.0) / 100.0, out[f"{t}_Signal"])


def test_departures_use_the_other_averages() -> None:
    prices = walk(400, 19)
    out, parts = rn.atc.compute_atc_signals(
        prices, ema_seed="first", lsma_at="last", return_components=True
    )
    np.testing.assert_array_equal(parts["EMA_MA"][0], rn.atc.atc_ema(prices, 28, seed="first"))
    np.testing.assert_array_equal(parts["DEMA_MA"][3], rn.atc.atc_dema(prices, 32, seed="first"))
    np.testing.assert_array_equal(parts["LSMA_MA"][5], rn.atc.atc_lsma(prices, 27, lsma_at="last"))
    default = rn.atc.compute_atc_signals(prices)
    assert not np.array_equal(out["EMA_Signal"], default["EMA_Signal"])
    assert not np.array_equal(out["LSMA_Signal"], default["LSMA_Signal"])
    assert np.array_equal(out["WMA_Signal"], default["WMA_Signal"])


def test_strategy_mode_shifts_the_average_only() -> None:
    prices = walk(200, 11)
    plain = rn.atc.compute_atc_signals(prices)
    shifted = rn.atc.compute_atc_signals(prices, strategy_mode=True)
    assert shifted["Average_Signal"][0] == 0.0
    assert np.array_equal(shifted["Average_Signal"][1:], plain["Average_Signal"][:-1])
    assert np.array_equal(shifted["EMA_Signal"], plain["EMA_Signal"])


def test_shortest_series() -> None:
    prices = walk(40, 12)
    assert rn.atc.compute_atc_signals(prices[:34])["Average_Signal"].shape == (34,)
    assert rn.atc.compute_atc_signals(prices[:32], robustness="Narrow")["EMA_S"].shape == (32,)
    with pytest.raises(exc.InvalidInputError, match="at least 34 bars, got 33"):
        rn.atc.compute_atc_signals(prices[:33])
    # hull_len 5 at Narrow has a length-1 Hull MA, which needs 10 bars
    small = {f"{k}_len": 5 for k in ("ema", "hull", "wma", "dema", "lsma", "kama")}
    out = rn.atc.compute_atc_signals(prices[:10], robustness="Narrow", **small)
    assert out["HMA_Signal"].shape == (10,)
    with pytest.raises(exc.InvalidInputError, match="length-1 Hull MA"):
        rn.atc.compute_atc_signals(prices[:9], robustness="Narrow", **small)


def test_pandas_in_pandas_out() -> None:
    index = pd.date_range("2024-01-01", periods=120, freq="D")
    closes = pd.Series(walk(120, 13), index=index)
    frame = rn.atc.compute_atc_signals(closes, cutout=20)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(rn.atc.OUTPUT_NAMES)
    assert frame.index.equals(index[20:])
    plain = rn.atc.compute_atc_signals(closes.to_numpy(), cutout=20)
    assert np.array_equal(frame["Average_Signal"].to_numpy(), plain["Average_Signal"])


# --- scan ----------------------------------------------------------------------------------------


def test_scan_equals_one_call_per_symbol() -> None:
    matrix = np.column_stack([walk(150, s) for s in range(5)])
    last = rn.atc.scan(matrix, robustness="Wide", cutout=3)
    full = rn.atc.scan(matrix, robustness="Wide", cutout=3, full=True)
    for j in range(5):
        one = rn.atc.compute_atc_signals(matrix[:, j], robustness="Wide", cutout=3)
        assert last[j] == one["Average_Signal"][-1]
        for name in rn.atc.OUTPUT_NAMES:
            assert np.array_equal(full[name][:, j], one[name])
    native, python = on_both_backends(lambda: rn.atc.scan(matrix))
    assert np.array_equal(native, python)


def test_scan_of_frames_and_mappings() -> None:
    index = pd.RangeIndex(100, 260)
    frame = pd.DataFrame({"AAA": walk(160, 1), "BBB": walk(160, 2)}, index=index)
    last = rn.atc.scan(frame)
    assert isinstance(last, pd.Series)
    assert list(last.index) == ["AAA", "BBB"]
    full = rn.atc.scan(frame, full=True, cutout=10)
    assert full["EMA_S"].index.equals(index[10:])
    assert list(full["EMA_S"].columns) == ["AAA", "BBB"]
    ragged = {"X": walk(90, 3), "Y": walk(200, 4)}
    values = rn.atc.scan(ragged)
    assert values["Y"] == rn.atc.compute_atc_signals(ragged["Y"])["Average_Signal"][-1]
    series = rn.atc.scan(ragged, full=True)
    assert series["X"]["KAMA_S"].shape == (90,)
    assert rn.atc.scan(np.zeros((50, 0))).shape == (0,)


def test_scan_names_the_bad_symbol() -> None:
    ragged = {"X": walk(90, 3), "Y": np.r_[walk(60, 4), 0.0]}
    with pytest.raises(exc.InvalidInputError, match=r"prices\['Y'\]\[60\] is 0"):
        rn.atc.scan(ragged)
    with pytest.raises(exc.InvalidInputError, match=r"prices\[:, 1\] must be finite and > 0"):
        rn.atc.scan(np.column_stack([walk(50, 1), np.full(50, nan)]))


# --- bad input (section 12) ----------------------------------------------------------------------

P = walk(60, 14)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"prices": []}, exc.InvalidInputError, "prices must not be empty"),
        ({"prices": [[1.0]]}, exc.InvalidInputError, "prices must be 1-D, got 2-D"),
        ({"prices": ["a"]}, exc.InputTypeError, "prices must hold numbers"),
        ({"src": P[1:]}, exc.InvalidInputError, "prices and src must have the same length"),
        ({"prices": np.r_[P, -1.0]}, exc.InvalidInputError, r"prices\[60\] is -1: prices must be"),
        ({"prices": np.r_[P, nan]}, exc.InvalidInputError, r"prices\[60\] is NaN"),
        ({"src": np.r_[P[1:], math.inf]}, exc.InvalidInputError, r"src\[59\] is inf"),
        ({"ema_len": 6}, exc.InvalidParameterError, "ema_len must be >= 7, got 6"),
        ({"kama_len": 1}, exc.InvalidParameterError, "kama_len must be >= 7, got 1"),
        ({"kama_len": 2**40}, exc.InvalidParameterError, "kama_len must be <= 2147483647"),
        (
            {"hull_len": 4, "robustness": "Narrow"},
            exc.InvalidParameterError,
            "hull_len must be >= 5",
        ),
        ({"ema_len": 28.0}, exc.InputTypeError, "ema_len must be an integer, got float"),
        ({"wma_len": True}, exc.InputTypeError, "wma_len must be an integer, got bool"),
        ({"robustness": "Tight"}, exc.InvalidParameterError, 'robustness must be one of "Narrow"'),
        ({"robustness": 1}, exc.InputTypeError, "robustness must be a str"),
        ({"La": math.inf}, exc.InvalidParameterError, "La must be finite, got inf"),
        ({"De": 100.5}, exc.InvalidParameterError, r"De must be within \[0, 100\], got 100.5"),
        ({"De": -1}, exc.InvalidParameterError, r"De must be within \[0, 100\], got -1"),
        ({"ema_w": nan}, exc.InvalidParameterError, "ema_w must be finite, got NaN"),
        ({"kama_w": "1"}, exc.InputTypeError, "kama_w must be a real number"),
        (
            {"cutout": 60},
            exc.InvalidParameterError,
            "cutout must be < the series length 60, got 60",
        ),
        ({"strategy_mode": 1}, exc.InputTypeError, "strategy_mode must be a bool"),
        ({"nan_policy": "omit"}, exc.InvalidParameterError, 'nan_policy must be "raise"'),
        ({"ema_seed": "zero"}, exc.InvalidParameterError, 'ema_seed must be "sma" or "first"'),
        ({"lsma_at": "mid"}, exc.InvalidParameterError, 'lsma_at must be one of "penultimate"'),
        (
            {"lsma_len": 60},
            exc.InvalidInputError,
            "lsma_len=60 at Medium robustness needs a series",
        ),
    ],
)
def test_bad_input(kwargs: dict[str, object], error: type[Exception], message: str) -> None:
    arguments = {"prices": P, **kwargs}
    with pytest.raises(error, match=message):
        rn.atc.compute_atc_signals(**arguments)  # type: ignore[arg-type]
    assert_same_outcome(lambda: rn.atc.compute_atc_signals(**arguments))  # type: ignore[arg-type]


def test_extreme_growth_saturates_the_equities() -> None:
    # pow(e, La/1000 * i) overflows to the largest double, the adjusted returns to inf, and the
    # equities with them (as in the reference); the average stays finite (non-finite -> 0).
    native, python = on_both_backends(lambda: rn.atc.compute_atc_signals(walk(400, 15), La=1e7))
    assert np.isinf(native["EMA_S"]).any()
    assert np.isfinite(native["Average_Signal"]).all()
    assert_outputs_match(native, python)


# --- ATCStream ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"robustness": "Narrow", "ema_len": 5, "hull_len": 5, "lsma_len": 5, "strategy_mode": True},
        {"robustness": "Wide", "ema_w": 0.1, "La": 3.0, "De": 1.0, "long_threshold": 0.0},
        {"ema_seed": "first", "lsma_at": "last"},
    ],
)
def test_stream_equals_the_batch_pipeline_on_every_prefix(params: dict[str, object]) -> None:
    prices = walk(120, 16)
    src = walk(120, 17)
    stream = rn.atc.ATCStream(**params)  # type: ignore[arg-type]
    bars = [stream.update(p, s) for p, s in zip(prices.tolist(), src.tolist())]
    assert stream.bars == 120
    batch = rn.atc.compute_atc_signals(prices, src, **params)  # type: ignore[arg-type]
    for name in rn.atc.OUTPUT_NAMES:
        assert [bar[name] for bar in bars] == batch[name].tolist(), name


def test_stream_native_equals_fallback() -> None:
    prices = walk(80, 18).tolist()

    def run() -> list[dict[str, float]]:
        stream = rn.atc.ATCStream(robustness="Narrow")
        return [stream.update(p) for p in prices]

    native, python = on_both_backends(run)
    assert native == python


def test_stream_bad_input() -> None:
    stream = rn.atc.ATCStream()
    stream.update(10.0)
    with pytest.raises(exc.InvalidInputError, match=r"prices\[1\] is 0: prices must be finite"):
        stream.update(0.0)
    with pytest.raises(exc.InvalidInputError, match=r"src\[1\] is NaN: src must be finite"):
        stream.update(10.0, nan)
    with pytest.raises(exc.InputTypeError, match="price must be a real number"):
        stream.update("10")  # type: ignore[arg-type]
    assert stream.bars == 1
    with pytest.raises(exc.InvalidParameterError, match="ema_len must be >= 7"):
        rn.atc.ATCStream(ema_len=3)
    # a length past any series allocates nothing up front: all warm-up, KAMA flat
    long = rn.atc.ATCStream(ema_len=2**31 - 1, kama_len=2**31 - 1)
    assert long.update(10.0)["EMA_Signal"] == 0.0
    assert_same_outcome(lambda: rn.atc.ATCStream().update(-1.0))


@pytest.mark.parametrize("library", ["pyarrow", "polars"])
def test_scan_of_a_long_table(library: str) -> None:
    module = pytest.importorskip(library)
    a, b = walk(120, 21), walk(90, 22)
    # interleaved rows: B's bars start later, and each symbol's rows stay in time order
    symbols = ["B"] * 30 + ["A"] * 30 + [s for pair in zip(["A"] * 60, ["B"] * 60) for s in pair]
    symbols += ["A"] * 30
    closes, taken = [], {"A": 0, "B": 0}
    for s in symbols:
        series = a if s == "A" else b
        closes.append(float(series[taken[s]]))
        taken[s] += 1
    assert taken == {"A": 120, "B": 90}
    table = (
        module.table({"symbol": symbols, "close": closes})
        if library == "pyarrow"
        else module.DataFrame({"symbol": symbols, "close": closes})
    )
    last = rn.atc.scan(table)
    rows = last.to_pylist() if library == "pyarrow" else last.to_dicts()
    assert [r["symbol"] for r in rows] == ["B", "A"]
    assert rows[1]["Average_Signal"] == rn.atc.compute_atc_signals(a)["Average_Signal"][-1]
    full = rn.atc.scan(table, full=True, cutout=5)
    frame = full.to_pandas()
    one = rn.atc.compute_atc_signals(b, cutout=5)
    assert frame["symbol"].tolist() == ["B"] * 85 + ["A"] * 115
    assert np.array_equal(frame["HMA_S"].to_numpy()[:85], one["HMA_S"])
    with pytest.raises(exc.ColumnNotFoundError, match="column 'price' not found"):
        rn.atc.scan(table, price_column="price")
