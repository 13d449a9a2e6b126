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
    Rate,
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
RN_LIST = "rn native (list)"
#: A frame as one column of fixed-size lists (one list of asset values per bar).
RN_ROWS = "rn native (arrow list column)"
NUMPY_FLOAT = "numpy float64"
RATE, MINIMUM = "0.005", "1"
#: The issue's portfolio shape, 500 assets over ten years of daily bars, in the profiles that time
#: 1e6-element inputs (smaller profiles keep their own small matrix).
PORTFOLIO_SHAPE = (2_520, 500)
#: The issue's ceiling on one single-order validation call from Python.
SINGLE_ORDER_NS = 5_000


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
        overheads=(Overhead("Decimal overhead", RN_DECIMAL, RN_FLOAT, "orders"),),
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
            overheads=(Overhead("Decimal overhead", RN_ROWS, NUMPY_FLOAT, "portfolio"),),
        )
        for shape in (
            (PORTFOLIO_SHAPE,) if max(profile.sizes) >= 1_000_000 else profile.matrix_shapes
        )
    ]
    single = [
        Case(
            name="ledger.validate_orders[single]/1",
            group="ledger.validate_orders[single]",
            table="ledger.validate_orders - one order per call (the per-call cost from Python)",
            size=1,
            shape=(1,),
            baseline=PY_LOOP,
            build=_single_order_impls,
            rates=(
                Rate("per call", RN_DECIMAL, 1, "call", limit_ns=SINGLE_ORDER_NS),
                Rate("per call", RN_LIST, 1, "call", limit_ns=SINGLE_ORDER_NS),
            ),
        )
    ]
    tiered = sized_cases(
        profile.sizes,
        group="ledger.tiered_per_share_commission",
        table="ledger.tiered_per_share_commission - fills, IBKR-like volume tiers, to cents",
        baseline=PY_LOOP,
        build=_tiered_impls,
    )
    per_order = [
        case
        for name, build in (
            ("validate_orders", _validate_impls),
            ("apply_fills", _fills_impls),
            ("volume_share_slippage", _slippage_impls),
        )
        for case in sized_cases(
            profile.sizes,
            group=f"ledger.{name}",
            table=f"ledger.{name} - one order or fill per row, prices with 2 decimals",
            baseline=PY_LOOP,
            build=build,
        )
    ]
    return commission + tiered + portfolio + per_order + single


def _floats(output: object) -> object:
    if isinstance(output, list):
        return np.array([float(v) for v in output])
    if hasattr(output, "to_pylist"):
        return np.array([float(v) for v in output.to_pylist()])  # type: ignore[attr-defined]
    return output


TIERS = [(0, "0.0035"), (300_000, "0.002"), (3_000_000, "0.0015")]


def _tiered_impls(n: int) -> dict[str, Impl]:
    ledger = rn_module("ledger")
    rng = np.random.default_rng(data.SEED)
    q_dec = [Decimal(int(s)) for s in rng.integers(-2000, 2000, n)]
    p_dec = [Decimal(f"{x:.2f}") for x in data.prices(n)]
    tiers = [(Decimal(t), Decimal(r)) for t, r in TIERS]
    minimum, cent = Decimal("0.35"), Decimal("0.01")

    def loop() -> list[Decimal]:
        volume, out = Decimal(0), []
        for q in q_dec:
            end, cost = volume + abs(q), Decimal(0)
            for k, (start, rate) in enumerate(tiers):
                upto = tiers[k + 1][0] if k + 1 < len(tiers) else end
                part = min(end, upto) - max(volume, start)
                if part > 0:
                    cost += part * rate
            volume = end
            out.append(max(cost, minimum).quantize(cent))
        return out

    impls: dict[str, Impl] = {PY_LOOP: Impl(loop, "python", normalize=_floats)}
    pa = optional("pyarrow").module
    if pa is None:
        impls[RN_DECIMAL] = Impl(None, "native", skip=optional("pyarrow").reason)
        return impls
    q_arrow = pa.array(q_dec, pa.decimal128(18, 0))
    p_arrow = pa.array(p_dec, pa.decimal128(18, 2))
    impls |= rn_pair(
        "arrow",
        lambda: ledger.tiered_per_share_commission(q_arrow, p_arrow, TIERS, "0.35"),
        normalize=_floats,
    )
    return impls


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
    # The same frames as one row-major column of fixed-size lists each (one list per bar): one
    # import instead of one per asset column.
    q_rows, p_rows = _list_column(q_table), _list_column(p_table)
    impls |= rn_pair(
        "arrow list column",
        lambda: ledger.portfolio_value(q_rows, p_rows, "10000"),
        normalize=_floats,
    )
    return impls


def _list_column(table: object) -> object:
    """A table of decimal128 columns (one chunk each) as one column of fixed-size lists, row
    after row, built from the columns' mantissa buffers (exact, without parsing)."""
    pa = optional("pyarrow").module
    columns = table.columns  # type: ignore[attr-defined]
    rows, width = table.num_rows, len(columns)  # type: ignore[attr-defined]
    # Each decimal128 value is two little-endian 64-bit words.
    words = np.stack(
        [
            np.frombuffer(c.chunk(0).buffers()[1], dtype="<i8", count=2 * rows).reshape(rows, 2)
            for c in columns
        ],
        axis=1,
    )  # (rows, width, 2): row-major
    values = pa.Array.from_buffers(
        columns[0].type, rows * width, [None, pa.py_buffer(words.tobytes())]
    )
    return pa.FixedSizeListArray.from_arrays(values, width)


def _orders(n: int) -> tuple[list[Decimal], list[Decimal]]:
    rng = np.random.default_rng(data.SEED)
    shares = [Decimal(int(s)) for s in rng.integers(1, 2000, n)]
    prices = [Decimal(f"{x:.2f}") for x in data.prices(n)]
    return shares, prices


def _arrow_pair(shares: list[Decimal], prices: list[Decimal]) -> tuple[object, object] | None:
    pa = optional("pyarrow").module
    if pa is None:
        return None
    return pa.array(shares, pa.decimal128(18, 0)), pa.array(prices, pa.decimal128(18, 2))


def _codes(output: object) -> object:
    return np.asarray(output, dtype=np.int64)


def _validate_impls(n: int) -> dict[str, Impl]:
    ledger = rn_module("ledger")
    shares, prices = _orders(n)
    tick, cash = Decimal("0.05"), Decimal("1000000")

    def loop() -> list[int]:
        left, codes = cash, []
        for q, p in zip(shares, prices):
            notional = q * p
            if p % tick != 0:
                codes.append(3)
            elif notional > left:
                codes.append(8)
            else:
                codes.append(0)
                left -= notional
        return codes

    impls: dict[str, Impl] = {PY_LOOP: Impl(loop, "python", normalize=_codes)}
    arrays = _arrow_pair(shares, prices)
    if arrays is None:
        impls[RN_DECIMAL] = Impl(None, "native", skip=optional("pyarrow").reason)
        return impls
    q, p = arrays
    impls |= rn_pair(
        "arrow",
        lambda: ledger.validate_orders(q, p, tick_size="0.05", cash="1000000"),
        normalize=_codes,
    )
    return impls


def _fills_impls(n: int) -> dict[str, Impl]:
    ledger = rn_module("ledger")
    shares, prices = _orders(n)
    held = [Decimal(1000)] * n
    basis = [Decimal("50.00")] * n
    quantum = Decimal("0.000001")

    def loop() -> list[Decimal]:
        out = []
        for q0, b0, dq, p in zip(held, basis, shares, prices):
            q1 = q0 + dq
            out.append(((b0 * q0 + p * dq) / q1).quantize(quantum))
        return out

    impls: dict[str, Impl] = {PY_LOOP: Impl(loop, "python", normalize=_floats)}
    arrays = _arrow_pair(shares, prices)
    pa = optional("pyarrow").module
    if arrays is None or pa is None:
        impls[RN_DECIMAL] = Impl(None, "native", skip=optional("pyarrow").reason)
        return impls
    dq, p = arrays
    q0 = pa.array(held, pa.decimal128(18, 0))
    b0 = pa.array(basis, pa.decimal128(18, 2))
    impls |= rn_pair("arrow", lambda: ledger.apply_fills(q0, b0, dq, p)[1], normalize=_floats)
    return impls


def _slippage_impls(n: int) -> dict[str, Impl]:
    ledger = rn_module("ledger")
    shares, prices = _orders(n)
    volumes = [Decimal(100_000)] * n
    limit, impact, quantum = Decimal("0.025"), Decimal("0.1"), Decimal("0.0001")

    def loop() -> list[Decimal]:
        out = []
        for q, p, v in zip(shares, prices, volumes):
            filled = int(min(limit * v, q))
            share = min(Decimal(filled) / v, limit)
            out.append((p + share * share * impact * p).quantize(quantum))
        return out

    impls: dict[str, Impl] = {PY_LOOP: Impl(loop, "python", normalize=_floats)}
    arrays = _arrow_pair(shares, prices)
    pa = optional("pyarrow").module
    if arrays is None or pa is None:
        impls[RN_DECIMAL] = Impl(None, "native", skip=optional("pyarrow").reason)
        return impls
    q, p = arrays
    v = pa.array(volumes, pa.decimal128(18, 0))
    impls |= rn_pair("arrow", lambda: ledger.volume_share_slippage(q, p, v)[1], normalize=_floats)
    return impls


def _single_order_impls() -> dict[str, Impl]:
    ledger = rn_module("ledger")
    tick, cash = Decimal("0.05"), Decimal("1000000")
    quantity, price = Decimal(100), Decimal("10.05")

    def loop() -> list[int]:
        if price % tick != 0:
            return [3]
        return [8] if quantity * price > cash else [0]

    impls: dict[str, Impl] = {PY_LOOP: Impl(loop, "python", normalize=_codes)}
    q_list, p_list = ["100"], ["10.05"]
    impls |= rn_pair(
        "list",
        lambda: ledger.validate_orders(q_list, p_list, tick_size="0.05", cash="1000000"),
        normalize=_codes,
    )
    arrays = _arrow_pair([quantity], [price])
    if arrays is None:
        impls[RN_DECIMAL] = Impl(None, "native", skip=optional("pyarrow").reason)
        return impls
    q, p = arrays
    impls |= rn_pair(
        "arrow",
        lambda: ledger.validate_orders(q, p, tick_size="0.05", cash="1000000"),
        normalize=_codes,
    )
    return impls
