"""pandas in, pandas out, and 2-D inputs split across threads, for the indicators (both
backends)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import rustybt_native as rn

pd = pytest.importorskip("pandas")

ind = rn.indicators
INDEX = pd.date_range("2024-01-01", periods=40, freq="D")


def walk(seed: int, shape: tuple[int, ...]) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return 100 + rng.normal(0, 1, shape).cumsum(axis=0)


def test_series_in_series_out_single_input() -> None:
    close = pd.Series(walk(1, (40,)), index=INDEX, name="close")
    out = ind.sma(close, 5)
    assert isinstance(out, pd.Series)
    assert out.index.equals(close.index)
    assert out.name == "sma"
    np.testing.assert_array_equal(out.to_numpy(), ind.sma(close.to_numpy(), 5))
    assert ind.rsi(close).name == "rsi"


def test_dataframe_in_dataframe_out() -> None:
    frame = pd.DataFrame(walk(2, (40, 3)), index=INDEX, columns=["a", "b", "c"])
    out = ind.ema(frame, 4)
    assert isinstance(out, pd.DataFrame)
    assert out.index.equals(frame.index)
    assert list(out.columns) == ["a", "b", "c"]
    np.testing.assert_array_equal(out.to_numpy(), ind.ema(frame.to_numpy(), 4))


def test_multi_output_gives_a_tuple_of_named_series() -> None:
    close = pd.Series(walk(3, (40,)), index=INDEX)
    lines = ind.macd(close, 3, 6, 2)
    assert isinstance(lines, tuple)
    assert len(lines) == 3
    assert [line.name for line in lines] == ["macd", "macdsignal", "macdhist"]
    assert all(line.index.equals(INDEX) for line in lines)
    bands = ind.bbands(pd.DataFrame({"x": close, "y": close * 2}), 5)
    assert all(isinstance(band, pd.DataFrame) for band in bands)
    assert list(bands[0].columns) == ["x", "y"]


def test_several_inputs_per_bar() -> None:
    close = walk(4, (40,))
    high, low = pd.Series(close + 1, index=INDEX), pd.Series(close - 1, index=INDEX)
    out = ind.atr(high, low, close, 5)  # one pandas input is enough
    assert isinstance(out, pd.Series)
    assert out.index.equals(INDEX)
    assert out.name == "atr"
    obv = ind.obv(pd.Series(close, index=INDEX), np.ones(40))
    assert isinstance(obv, pd.Series)
    assert obv.name == "obv"
    cross = ind.crossover(pd.Series(close, index=INDEX), low)
    assert isinstance(cross, pd.Series)
    assert cross.dtype == np.int8


def test_numpy_and_lists_stay_numpy() -> None:
    assert type(ind.sma([1.0, 2.0, 3.0], 2)) is np.ndarray
    assert type(ind.macd(walk(5, (40,)), 3, 6, 2)[0]) is np.ndarray


def test_pandas_is_not_imported_for_numpy_input(backend: str) -> None:
    code = (
        "import sys, numpy as np, rustybt_native as rn\n"
        f"rn.set_backend({backend!r})\n"
        "rn.indicators.sma(np.arange(10.0), 3); rn.indicators.macd(np.arange(40.0))\n"
        "print('pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "call",
    [
        lambda m: ind.sma(m, 20),
        lambda m: ind.sma(m, 20, nan_policy="skip"),
        lambda m: ind.rsi(m, 14),
        lambda m: ind.bbands(m, 10)[2],
        lambda m: ind.atr(m + 1, m - 1, m, 14),
        lambda m: ind.stoch(m + 1, m - 1, m)[1],
    ],
)
def test_large_matrices_equal_their_columns(call: object) -> None:
    """Above the parallel threshold (32,768 values) columns run on several threads: the results
    are the bits of each column computed alone."""
    matrix = walk(6, (400, 90))
    matrix[7, 3] = np.nan
    out = call(matrix)  # type: ignore[operator]
    for column in (0, 3, 45, 89):
        np.testing.assert_array_equal(out[:, column], call(matrix[:, column].copy()))  # type: ignore[operator]
