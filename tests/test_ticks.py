"""rustybt_native.aggregation.ticks_to_bars against pandas and Python's decimal, on both
backends."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given, settings
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

pl = pytest.importorskip("polars")

SECOND = 1_000_000_000
EVERY = {"1s": "1s", "10s": "10s", "1m": "1min", "7m": "7min"}
START = 1_700_000_000 * SECOND


def make_ticks(gaps: list[int], seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    ts = START + np.cumsum(np.asarray(gaps, dtype=np.int64)) * (SECOND // 4)
    n = ts.size
    price = np.round(100 + rng.normal(0, 1, n).cumsum(), 2)
    size = rng.integers(0, 500, n).astype(np.float64)
    return pa.table({"timestamp": pa.array(ts, pa.timestamp("ns")), "price": price, "size": size})


gaps_strategy = st.lists(st.integers(0, 400), min_size=1, max_size=80)


@settings(max_examples=40)  # pandas resample costs ~10 ms a call
@given(
    gaps_strategy,
    st.integers(0, 2**32 - 1),
    st.sampled_from(list(EVERY)),
    st.sampled_from(["left", "right"]),
    st.sampled_from(["left", "right"]),
)
def test_equals_pandas(gaps: list[int], seed: int, every: str, closed: str, label: str) -> None:
    ticks = make_ticks(gaps, seed)
    ours = rn.aggregation.ticks_to_bars(ticks, every, closed=closed, label=label).to_pandas()
    frame = ticks.to_pandas().set_index("timestamp")
    frame["notional"] = frame["price"] * frame["size"]
    resampler = frame.resample(EVERY[every], closed=closed, label=label, origin="epoch")
    expected = resampler.agg(
        {"price": ["first", "max", "min", "last", "count"], "size": "sum", "notional": "sum"}
    )
    expected = expected[expected[("price", "count")] > 0]
    np.testing.assert_array_equal(ours["timestamp"].to_numpy(), expected.index.to_numpy())
    for column, how in (("open", "first"), ("high", "max"), ("low", "min"), ("close", "last")):
        np.testing.assert_array_equal(ours[column].to_numpy(), expected[("price", how)].to_numpy())
    np.testing.assert_array_equal(ours["trades"].to_numpy(), expected[("price", "count")])
    np.testing.assert_allclose(ours["volume"], expected[("size", "sum")], rtol=1e-12)
    with np.errstate(invalid="ignore"):
        vwap = expected[("notional", "sum")] / expected[("size", "sum")]
    np.testing.assert_allclose(ours["vwap"], vwap, rtol=1e-12)


@settings(max_examples=40)
@given(
    gaps_strategy,
    st.integers(0, 2**32 - 1),
    st.sampled_from(["10s", "1m"]),
    st.sampled_from([None, 0, 4]),
    st.sampled_from(["ROUND_HALF_EVEN", "ROUND_HALF_UP", "ROUND_DOWN"]),
)
def test_decimal_vwap_is_rounded_once_from_the_exact_quotient(
    gaps: list[int], seed: int, every: str, scale: Any, rounding: str
) -> None:
    floats = make_ticks(gaps, seed)
    prices = [Decimal(f"{p:.2f}") for p in floats.column("price").to_pylist()]
    sizes = [int(s) for s in floats.column("size").to_pylist()]
    ticks = pa.table(
        {
            "timestamp": floats.column("timestamp"),
            "price": pa.array(prices, pa.decimal128(12, 2)),
            "size": pa.array(sizes, pa.int64()),
        }
    )
    ours = rn.aggregation.ticks_to_bars(ticks, every, scale=scale, rounding=rounding)
    groups = floats.to_pandas().set_index("timestamp").resample(EVERY[every], origin="epoch")
    indices = groups.indices
    labels = sorted(indices)
    quantum = Decimal(1).scaleb(-(2 if scale is None else scale))
    expected = []
    with decimal.localcontext(decimal.Context(prec=80)):
        for k in labels:
            volume = sum(sizes[i] for i in indices[k])
            notional = sum((prices[i] * sizes[i] for i in indices[k]), Decimal(0))
            expected.append(
                None if volume == 0 else (notional / volume).quantize(quantum, rounding=rounding)
            )
    assert ours.column("vwap").to_pylist() == expected
    assert ours.column("volume").to_pylist() == [sum(sizes[i] for i in indices[k]) for k in labels]
    assert ours.column("high").to_pylist() == [max(prices[i] for i in indices[k]) for k in labels]


def test_kinds_and_groups() -> None:
    ticks = make_ticks([1] * 400, seed=1).to_pandas()
    ticks["symbol"] = np.where(np.arange(400) % 2 == 0, "A", "B")
    ours = rn.aggregation.ticks_to_bars(pl.from_pandas(ticks), "10s", by="symbol")
    assert isinstance(ours, pl.DataFrame)
    assert ours.columns == [
        "symbol", "timestamp", "open", "high", "low", "close", "volume", "trades", "vwap"
    ]  # fmt: skip
    by_pandas = rn.aggregation.ticks_to_bars(ticks, "10s", by="symbol")
    assert list(by_pandas.index.names) == ["symbol", "timestamp"]
    expected = ticks.set_index("timestamp").groupby("symbol")["price"].resample("10s").last()
    np.testing.assert_array_equal(by_pandas["close"].to_numpy(), expected.to_numpy())


def test_zero_volume_gives_nan_or_null_vwap() -> None:
    floats = pa.table({"timestamp": [0, 1], "price": [1.0, 2.0], "size": [0.0, 0.0]})
    assert np.isnan(rn.aggregation.ticks_to_bars(floats, "1m").column("vwap")[0].as_py())
    exact = pa.table(
        {
            "timestamp": [0, 1],
            "price": pa.array([Decimal("1.5"), Decimal("2.5")]),
            "size": pa.array([Decimal(0), Decimal(0)]),
        }
    )
    assert rn.aggregation.ticks_to_bars(exact, "1m").column("vwap").to_pylist() == [None]


BASE = make_ticks([1] * 6, seed=2)


@pytest.mark.parametrize(
    ("ticks", "options", "error", "message"),
    [
        (BASE, {"size": "qty"}, exc.ColumnNotFoundError, "'qty'"),
        (BASE, {"rounding": "sideways"}, exc.InvalidParameterError, "unknown rounding mode"),
        (BASE, {"scale": 1.5}, exc.InputTypeError, "scale must be an integer"),
        (BASE, {"closed": "both"}, exc.InvalidParameterError, "closed="),
        (
            BASE.set_column(1, "price", pa.array([Decimal(1)] * 6)),
            {},
            exc.InputTypeError,
            "mixed price types",
        ),
        (
            BASE.take(pa.array([0, 2, 1, 3, 4, 5])),
            {},
            exc.InvalidInputError,
            r"row 2 .* comes after row 1",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(
    ticks: Any, options: dict[str, Any], error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        rn.aggregation.ticks_to_bars(ticks, "1m", **options)
    assert_same_outcome(lambda: rn.aggregation.ticks_to_bars(ticks, "1m", **options))
