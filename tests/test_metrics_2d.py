"""Metrics on (time x portfolios) returns: one value (or one series) per column, as empyrical
gives them, on both backends; pandas DataFrames in give pandas out."""

from __future__ import annotations

from typing import Any, Callable

import empyrical as ep
import numpy as np
import pandas as pd
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from rustybt_native import exceptions as exc

SCALAR: dict[str, Callable[[Any], Any]] = {
    "sharpe_ratio": rn.metrics.sharpe_ratio,
    "cum_returns_final": rn.metrics.cum_returns_final,
    "annual_return": rn.metrics.annual_return,
    "cagr": rn.metrics.cagr,
    "annual_volatility": rn.metrics.annual_volatility,
    "max_drawdown": rn.metrics.max_drawdown,
    "downside_risk": rn.metrics.downside_risk,
    "sortino_ratio": rn.metrics.sortino_ratio,
    "calmar_ratio": rn.metrics.calmar_ratio,
    "value_at_risk": rn.metrics.value_at_risk,
    "conditional_value_at_risk": rn.metrics.conditional_value_at_risk,
    "tail_ratio": rn.metrics.tail_ratio,
    "omega_ratio": rn.metrics.omega_ratio,
    "stability_of_timeseries": rn.metrics.stability_of_timeseries,
}
SERIES: dict[str, Callable[[Any], Any]] = {
    "simple_returns": rn.metrics.simple_returns,
    "log_returns": rn.metrics.log_returns,
    "cum_returns": rn.metrics.cum_returns,
    "drawdown": rn.metrics.drawdown,
    "roll_sharpe_ratio": lambda r: rn.metrics.roll_sharpe_ratio(r, 3),
    "roll_max_drawdown": lambda r: rn.metrics.roll_max_drawdown(r, 3),
    "roll_annual_volatility": lambda r: rn.metrics.roll_annual_volatility(r, 3),
}
#: empyrical's functions that take a 2-D array and give one value per column.
EMPYRICAL_2D = {
    "sharpe_ratio": ep.sharpe_ratio,
    "annual_return": ep.annual_return,
    "annual_volatility": ep.annual_volatility,
    "max_drawdown": ep.max_drawdown,
    "downside_risk": ep.downside_risk,
    "sortino_ratio": ep.sortino_ratio,
    "cum_returns_final": ep.cum_returns_final,
}

returns_matrices = hnp.arrays(
    np.float64,
    st.tuples(st.integers(4, 30), st.integers(1, 5)),
    elements=st.one_of(st.floats(-0.2, 0.2, allow_nan=False), st.just(np.nan), st.just(0.0)),
)


def _same(got: Any, want: Any) -> None:
    np.testing.assert_array_equal(np.asarray(got), np.asarray(want))


def _both(function: Callable[[], Any]) -> Any:
    """The native result, after checking that the fallback agrees (to 1e-12, NaN where NaN) or
    raises the same error."""
    outcome = assert_same_outcome(function)
    if isinstance(outcome, Exception):
        return outcome
    native, python = outcome
    np.testing.assert_allclose(native, python, rtol=1e-12, atol=1e-15)
    return native


@pytest.mark.parametrize("name", sorted(SCALAR))
@given(matrix=returns_matrices)
def test_scalar_metric_per_column_equals_the_1d_metric(name: str, matrix: Any) -> None:
    func = SCALAR[name]
    got = _both(lambda: func(matrix))
    assert isinstance(got, np.ndarray)
    assert got.shape == (matrix.shape[1],)
    want = [func(np.ascontiguousarray(matrix[:, j])) for j in range(matrix.shape[1])]
    _same(got, want)


@pytest.mark.parametrize("name", sorted(SERIES))
@given(matrix=returns_matrices.map(lambda m: np.abs(m) + 1.0))
def test_series_metric_per_column_equals_the_1d_series(name: str, matrix: Any) -> None:
    func = SERIES[name]
    got = _both(lambda: func(matrix))
    want = np.column_stack(
        [func(np.ascontiguousarray(matrix[:, j])) for j in range(matrix.shape[1])]
    )
    assert got.shape == want.shape
    # numpy's vectorised log may round the last bit differently with the array's alignment.
    np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)


@pytest.mark.parametrize("name", sorted(EMPYRICAL_2D))
def test_matches_empyrical_on_a_matrix(name: str) -> None:
    rng = np.random.default_rng(3)
    matrix = rng.normal(0.0005, 0.01, (250, 6))
    matrix[10, 2] = np.nan
    got = SCALAR[name](matrix)
    want = np.asarray(EMPYRICAL_2D[name](matrix), dtype=np.float64)
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_large_matrices_take_the_parallel_path_and_agree() -> None:
    rng = np.random.default_rng(4)
    matrix = rng.normal(0.0005, 0.01, (600, 80))  # 48,000 cells: above the parallel threshold
    got = rn.metrics.sharpe_ratio(matrix)
    want = [rn.metrics.sharpe_ratio(matrix[:, j].copy()) for j in range(80)]
    _same(got, want)
    series = rn.metrics.drawdown(matrix)
    _same(series[:, 79], rn.metrics.drawdown(matrix[:, 79].copy()))


def test_dataframes_give_pandas_like_empyrical() -> None:
    rng = np.random.default_rng(5)
    index = pd.date_range("2024-01-01", periods=40, freq="B")
    frame = pd.DataFrame(rng.normal(0, 0.01, (40, 3)), index=index, columns=["a", "b", "c"])
    sharpe = rn.metrics.sharpe_ratio(frame)
    assert isinstance(sharpe, pd.Series)
    assert list(sharpe.index) == ["a", "b", "c"]
    # empyrical answers in kind for some metrics and with an ndarray for others (Sharpe); the
    # values agree, and ours is always a Series on the columns.
    np.testing.assert_allclose(sharpe.to_numpy(), np.asarray(ep.sharpe_ratio(frame)), rtol=1e-12)
    pd.testing.assert_series_equal(rn.metrics.max_drawdown(frame), ep.max_drawdown(frame))
    curve = rn.metrics.cum_returns(frame)
    assert isinstance(curve, pd.DataFrame)
    pd.testing.assert_frame_equal(curve, ep.cum_returns(frame), rtol=1e-12)
    changes = rn.metrics.simple_returns(frame + 1)
    assert changes.index.equals(index[1:])
    assert list(changes.columns) == ["a", "b", "c"]
    rolled = rn.metrics.roll_max_drawdown(frame, 5)
    assert rolled.index.equals(index[4:])


def test_empty_shapes() -> None:
    no_columns = np.empty((5, 0))
    assert _both(lambda: rn.metrics.sharpe_ratio(no_columns)).shape == (0,)
    no_rows = np.empty((0, 3))
    got = _both(lambda: rn.metrics.max_drawdown(no_rows))
    _same(got, [rn.metrics.max_drawdown(np.empty(0))] * 3)


def test_the_first_bad_column_is_reported_on_both_backends() -> None:
    matrix = np.zeros((4, 3))
    matrix[2, 1] = np.inf
    matrix[1, 2] = -np.inf
    err = assert_same_outcome(lambda: rn.metrics.sharpe_ratio(matrix))
    assert isinstance(err, exc.InvalidInputError)
    assert "returns[2] is inf" in str(err)
    err = assert_same_outcome(lambda: rn.metrics.roll_sharpe_ratio(matrix, 10))
    assert isinstance(err, exc.InvalidParameterError)


FACTOR: dict[str, Callable[[Any, Any], Any]] = {
    "beta": rn.metrics.beta,
    "alpha": rn.metrics.alpha,
    "excess_sharpe": rn.metrics.excess_sharpe,
    "capture": rn.metrics.capture,
    "up_capture": rn.metrics.up_capture,
    "down_capture": rn.metrics.down_capture,
}


@pytest.mark.parametrize("name", sorted(FACTOR))
@given(matrix=returns_matrices)
def test_factor_metric_per_column_against_one_factor(name: str, matrix: Any) -> None:
    func = FACTOR[name]
    factor = np.linspace(-0.05, 0.05, matrix.shape[0])
    got = _both(lambda: func(matrix, factor))
    want = [func(np.ascontiguousarray(matrix[:, j]), factor) for j in range(matrix.shape[1])]
    _same(got, want)


def test_alpha_beta_gives_two_arrays_and_matches_empyrical() -> None:
    rng = np.random.default_rng(11)
    factor = rng.normal(0.0003, 0.01, 300)
    matrix = factor[:, None] * np.array([0.5, 1.0, 1.5]) + rng.normal(0, 0.002, (300, 3))
    alphas, betas = rn.metrics.alpha_beta(matrix, factor)
    assert alphas.shape == betas.shape == (3,)
    for j in range(3):
        want_alpha, want_beta = ep.alpha_beta(matrix[:, j], factor)
        assert alphas[j] == pytest.approx(want_alpha, rel=1e-10)
        assert betas[j] == pytest.approx(want_beta, rel=1e-10)
    frame = pd.DataFrame(matrix, columns=["x", "y", "z"])
    frame_alphas, frame_betas = rn.metrics.alpha_beta(frame, factor)
    assert list(frame_betas.index) == ["x", "y", "z"]
    np.testing.assert_array_equal(frame_alphas.to_numpy(), alphas)
    np.testing.assert_array_equal(frame_betas.to_numpy(), betas)
    err = assert_same_outcome(lambda: rn.metrics.beta(matrix, factor[:-1]))
    assert isinstance(err, exc.InvalidInputError)
