"""Cases for ``rustybt_native.ledger``: commissions on fills and portfolio value per bar, the
Decimal path against its float64 twin on identical work."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

import numpy as np

from benches import data
from benches.core import (
    Case,
    Impl,
    Overhead,
    optional,
    rn_module,
    rn_pair,
    shape_label,
    sized_cases,
)
from benches.profiles import Profile

PY_LOOP = "python loop over Decimal"
RN_DECIMAL = "rn native (arrow)"
RN_FLOAT = "rn native (float64 twin)"
NUMPY_FLOAT = "numpy float64"
RATE, MINIMUM = "0.005", "1"


def cases(profile: Profile) -> list[Case]:
    """Commission cases per number of fills, portfolio-value cases per (bars x assets) shape.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        The cases.
    """
    commission = sized_cases(
        profile.sizes,
        group="ledger.per_share_commission",
        table=f"ledger.per_share_commission - fills, ${RATE} a share, ${MINIMUM} minimum, to cents",
        baseline=PY_LOOP,
        build=_commission_impls,
        overheads=(Overhead("Decimal overhead", RN_DECIMAL, RN_FLOAT),),
    )
    portfolio = [
        Case(
            name=f"ledger.portfolio_value[2d]/{shape_label(shape)}",
            group="ledger.portfolio_value",
            table="ledger.portfolio_value - value per bar (bars x assets)",
            size=shape[0] * shape[1],
            shape=shape,
            baseline=NUMPY_FLOAT,
            build=partial(_portfolio_impls, shape),
            overheads=(Overhead("Decimal overhead", RN_DECIMAL, NUMPY_FLOAT),),
        )
        for shape in profile.matrix_shapes
    ]
    return commission + portfolio


def _floats(output: object) -> object:
    if isinstance(output, list):
        return np.array([float(v) for v in output])
    if hasattr(output, "to_pylist"):
        return np.array([float(v) for v in output.to_pylist()])  # type: ignore[attr-defined]
    return output


def _commission_impls(n: int) -> dict[str, Impl]:
    ledger = rn_module("ledger")
    rng = np.random.default_rng(data.SEED)
    shares = rng.integers(-2000, 2000, n).astype(np.float64)
    prices = data.prices(n)
    q_dec = [Decimal(int(s)) for s in shares]
    p_dec = [Decimal(f"{x:.2f}") for x in prices]
    rate, minimum, cent = Decimal(RATE), Decimal(MINIMUM), Decimal("0.01")
    impls: dict[str, Impl] = {}
    pa = optional("pyarrow").module
    if pa is not None:
        q_arrow = pa.array(q_dec, pa.decimal128(18, 0))
        p_arrow = pa.array(p_dec, pa.decimal128(18, 2))
        impls |= rn_pair(
            "arrow",
            lambda: ledger.per_share_commission(q_arrow, p_arrow, RATE, MINIMUM),
            normalize=_floats,
        )
    else:
        impls[RN_DECIMAL] = Impl(None, "native", skip=optional("pyarrow").reason)
    float_cents = "float64 commissions rounded with np.round differ at binary half-cent ties"
    impls[RN_FLOAT] = Impl(
        lambda: np.round(ledger.per_share_commission(shares, prices, 0.005, 1.0), 2),
        "native",
        backend="native",
        differs=float_cents,
    )
    impls[PY_LOOP] = Impl(
        lambda: [max(minimum, abs(q) * rate).quantize(cent) for q in q_dec],
        "python",
        normalize=_floats,
    )
    impls[NUMPY_FLOAT] = Impl(
        lambda: np.round(np.maximum(np.abs(shares) * 0.005, 1.0), 2), "numpy", differs=float_cents
    )
    return impls


def _portfolio_impls(shape: tuple[int, ...]) -> dict[str, Impl]:
    ledger = rn_module("ledger")
    bars, assets = shape
    rng = np.random.default_rng(data.SEED)
    quantities = rng.integers(0, 500, (bars, assets)).astype(np.float64)
    prices = data.price_matrix(bars, assets)
    cash = np.full(bars, 10_000.0)
    impls: dict[str, Impl] = {
        NUMPY_FLOAT: Impl(lambda: (quantities * prices).sum(axis=1) + cash, "numpy"),
        RN_FLOAT: Impl(
            lambda: ledger.portfolio_value(quantities, prices, cash), "native", backend="native"
        ),
    }
    pa = optional("pyarrow").module
    if pa is None:
        impls[RN_DECIMAL] = Impl(None, "native", skip=optional("pyarrow").reason)
        return impls
    # One decimal column per asset, as a backtest keeps positions and prices.
    q_table = pa.table(
        {
            f"a{j}": pa.array(quantities[:, j].astype(np.int64)).cast(pa.decimal128(19, 0))
            for j in range(assets)
        }
    )
    p_table = pa.table(
        {
            f"a{j}": pa.array([Decimal(f"{x:.2f}") for x in prices[:, j]], pa.decimal128(18, 2))
            for j in range(assets)
        }
    )
    impls |= rn_pair(
        "arrow",
        lambda: ledger.portfolio_value(q_table, p_table, "10000"),
        normalize=_floats,
    )
    return impls
