"""End to end: the example backtest (examples/sma_crossover.py) with float and Decimal money.

Both rows run the whole backtest on the same generated bars: signals, the bar loop (orders,
validation, commissions, fills, portfolio value per bar) and the metrics summary. The Decimal
row's overhead over the float row is the end-to-end cost of exact money.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache, partial
from pathlib import Path
from types import ModuleType

from benches.core import Case, Impl, Overhead
from benches.profiles import Profile

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sma_crossover.py"
FLOAT = "float64 money (numpy)"
DECIMAL = "Decimal money (rn native)"
DECIMAL_FALLBACK = "Decimal money (rn fallback)"

#: (frequency, strategy, symbols) run by each profile; bars per symbol are the example's
#: defaults (two years of days, six months of hours, a month of minutes).
CONFIGS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "check": (("daily", "simple", 10),),
    "smoke": (("daily", "simple", 10),),
    "quick": (
        ("daily", "simple", 10),
        ("daily", "simple", 100),
        ("daily", "complex", 100),
        ("hourly", "simple", 50),
        ("minute", "simple", 10),
    ),
    "full": tuple(
        (frequency, strategy, symbols)
        for frequency in ("daily", "hourly", "minute")
        for strategy in ("simple", "complex")
        for symbols in (10, 50, 100, 500)
    ),
}
#: The fallback row runs only up to this many bar x symbol cells (it is a Python loop).
FALLBACK_MAX_CELLS = 60_000


@cache
def example() -> ModuleType:
    """The example script, imported as a module."""
    spec = importlib.util.spec_from_file_location("sma_crossover", EXAMPLE)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {EXAMPLE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _final_value(result: object) -> float:
    return float(result.final_value)  # type: ignore[attr-defined]


def _impls(frequency: str, strategy: str, symbols: int) -> dict[str, Impl]:
    module = example()
    bars = module.generate_bars(symbols, module.DEFAULT_BARS[frequency], frequency, seed=42)
    run = module.run_backtest
    impls = {
        FLOAT: Impl(partial(run, bars, "float", strategy), kind="numpy", normalize=_final_value),
        DECIMAL: Impl(
            partial(run, bars, "decimal", strategy),
            kind="native",
            backend="native",
            pair="decimal",
            normalize=_final_value,
            differs="commissions rounded half-even exactly vs float rounding of binary ties",
        ),
    }
    cells = bars.shape[0] * bars.shape[1]
    impls[DECIMAL_FALLBACK] = Impl(
        partial(run, bars, "decimal", strategy) if cells <= FALLBACK_MAX_CELLS else None,
        kind="fallback",
        backend="python",
        pair="decimal",
        normalize=_final_value,
        skip=None if cells <= FALLBACK_MAX_CELLS else f"over {FALLBACK_MAX_CELLS:,} cells",
        differs="commissions rounded half-even exactly vs float rounding of binary ties",
    )
    return impls


def cases(profile: Profile) -> list[Case]:
    """One case per (frequency, strategy, symbols) of the profile.

    Parameters
    ----------
    profile : Profile
        Picks the configurations (:data:`CONFIGS`; unknown profiles get the quick set).

    Returns
    -------
    list of Case
        The cases.
    """
    out = []
    for frequency, strategy, symbols in CONFIGS.get(profile.name, CONFIGS["quick"]):
        bars = example().DEFAULT_BARS[frequency]
        out.append(
            Case(
                name=f"backtest.{strategy}[{frequency}]/{bars}x{symbols}",
                group=f"backtest.{strategy}",
                table=f"backtest.{strategy} - example backtest end to end, {frequency} bars "
                "(bars x symbols)",
                size=bars * symbols,
                shape=(bars, symbols),
                baseline=FLOAT,
                build=partial(_impls, frequency, strategy, symbols),
                overheads=(Overhead("Decimal overhead", DECIMAL, FLOAT, "end-to-end"),),
            )
        )
    return out
