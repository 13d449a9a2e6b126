"""The example backtest: float and Decimal money make the same trades and agree on the values."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sma_crossover.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sma_crossover", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


example = _load()


def test_bars_are_deterministic_and_on_a_cent_grid() -> None:
    first = example.generate_bars(3, 50, "hourly", seed=7)
    again = example.generate_bars(3, 50, "hourly", seed=7)
    other = example.generate_bars(3, 50, "hourly", seed=8)
    np.testing.assert_array_equal(first.close, again.close)
    assert not np.array_equal(first.close, other.close)
    np.testing.assert_array_equal(first.close_cents / 100, first.close)
    assert (first.low <= first.close).all()
    assert (first.close <= first.high).all()
    assert (first.low > 0).all()


@pytest.mark.parametrize("strategy", ["simple", "complex"])
def test_money_modes_agree(strategy: str) -> None:
    bars = example.generate_bars(6, 320, "daily", seed=3)
    signals = example.compute_signals(bars, strategy)
    as_float = example.run_backtest(bars, "float", strategy, signals)
    exact = example.run_backtest(bars, "decimal", strategy, signals)
    assert exact.orders > 0
    assert (as_float.orders, as_float.rejected) == (exact.orders, exact.rejected)
    assert isinstance(exact.final_value, Decimal)
    assert exact.final_value == exact.final_value.quantize(Decimal("0.01"))
    # Commissions are rounded to cents in both modes, but a tie such as 2.345 is not a tie in
    # binary, so float rounding may land a cent away from the exact half-even result.
    cents = 0.01 * exact.orders
    np.testing.assert_allclose(as_float.values, exact.values, rtol=0, atol=cents)
    assert abs(float(as_float.commissions) - float(exact.commissions)) <= cents
    # The float mode keeps the unrounded cost basis; the exact one rounds it to 6 places.
    assert abs(float(exact.realized_pnl) - float(as_float.realized_pnl)) < 1e-3 * exact.orders
    for name, value in exact.metrics.items():
        assert value == pytest.approx(as_float.metrics[name], rel=1e-6), name


def test_decimal_value_is_cash_plus_positions_exactly() -> None:
    bars = example.generate_bars(4, 300, "daily", seed=5)
    result = example.run_backtest(bars, "decimal", "simple")
    assert result.shares.any()
    last = [Decimal(int(c)).scaleb(-2) for c in bars.close_cents[-1]]
    held = sum((int(q) * p for q, p in zip(result.shares, last)), Decimal(0))
    assert result.final_value == result.cash + held
    assert result.cash < example.STARTING_CASH


def test_main_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert example.main(["--assets", "3", "--bars", "260", "--strategy", "complex"]) == 0
    out = capsys.readouterr().out
    assert "sharpe_ratio" in out
    assert "decimal money" in out


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="frequency"):
        example.generate_bars(2, 10, "yearly")
    with pytest.raises(ValueError, match="money"):
        example.run_backtest(example.generate_bars(2, 10), "double")
    with pytest.raises(ValueError, match="strategy"):
        example.compute_signals(example.generate_bars(2, 10), "fancy")
