"""Decimal returns in rustybt_native.metrics, on both backends.

References, written here independently of the library:
- growth metrics: the plain Python ``decimal`` loop ``growth = growth * (1 + r)`` in the
  caller's context, then ``ln``/``exp`` for the annual return, compared mantissa and exponent;
- moment metrics: the exact rational value from :class:`fractions.Fraction` means and
  deviations (empyrical's formulas), then a correctly rounded square root;
- the float64 metrics on the same values, to 1e-9 relative.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, Optional

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import rustybt_native as rn
from _helpers import assert_same_outcome
from hypothesis import given
from hypothesis import strategies as st
from rustybt_native import exceptions as exc

M = rn.metrics
ONE = Decimal(1)
NAN = Decimal("NaN")
MODES = rn.decimal.ROUNDING_MODES


def dec(mantissa: int, scale: int) -> Decimal:
    return Decimal((int(mantissa < 0), tuple(map(int, str(abs(mantissa)))), -scale))


def same(a: Decimal, b: Decimal) -> bool:
    """Equal sign, digits and exponent (NaN equal to NaN)."""
    return a.as_tuple() == b.as_tuple()


def context(precision: int = 28, rounding: str = decimal.ROUND_HALF_EVEN) -> decimal.Context:
    return decimal.Context(
        prec=precision, rounding=rounding, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
    )


@st.composite
def decimal_returns(draw: Any, min_size: int = 0) -> Any:
    scale = draw(st.integers(1, 8))
    unit = 10**scale
    mantissas = draw(
        st.lists(
            st.one_of(st.none(), st.integers(-unit // 2, unit // 2), st.integers(-unit, 3 * unit)),
            min_size=min_size,
            max_size=40,
        )
    )
    values = [None if m is None else dec(m, scale) for m in mantissas]
    return pa.array(values, pa.decimal128(38, scale))


contexts = st.builds(context, st.sampled_from([3, 9, 28, 40]), st.sampled_from(list(MODES)))


# ---------------------------------------------------------------------------------------------
# References


def ref_path(values: list[Optional[Decimal]], ctx: decimal.Context) -> list[Decimal]:
    growth, path = ONE, []
    for r in values:
        if r is not None:
            growth = ctx.multiply(growth, ctx.add(ONE, r))
        path.append(growth)
    return path


def ref_cum_returns_final(
    values: list[Optional[Decimal]], start: Decimal, ctx: decimal.Context
) -> Decimal:
    if not values:
        return NAN
    growth = ref_path(values, ctx)[-1]
    return ctx.subtract(growth, ONE) if start == 0 else ctx.multiply(growth, start)


def ref_drawdown(values: list[Optional[Decimal]], ctx: decimal.Context) -> list[Decimal]:
    peak, out = ONE, []
    for growth in ref_path(values, ctx):
        if growth > peak:
            peak = growth
        out.append(ctx.divide(ctx.subtract(growth, peak), peak))
    return out


def ref_annual_return(
    values: list[Optional[Decimal]], factor: Decimal, ctx: decimal.Context
) -> Decimal:
    if not values:
        return NAN
    growth = ref_path(values, ctx)[-1]
    if growth < 0:
        return NAN
    exponent = ctx.divide(factor, Decimal(len(values)))
    return ctx.subtract(ctx.multiply(growth.ln(ctx), exponent).exp(ctx), ONE)


def terminating(n: int) -> bool:
    for p in (2, 5):
        while n % p == 0:
            n //= p
    return n == 1


def rounded_sqrt(q: Fraction, negative: bool, ctx: decimal.Context) -> Decimal:
    """sqrt(q), signed, correctly rounded to ctx; an exact root without trailing zeros below
    exponent 0."""
    if q == 0:
        return Decimal(0)
    wide = decimal.Context(prec=10_000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    rn_, rd = math.isqrt(q.numerator), math.isqrt(q.denominator)
    if rn_ * rn_ == q.numerator and rd * rd == q.denominator and terminating(rd):
        value = wide.divide(Decimal(rn_), Decimal(rd))
        _sign, digits, exponent = value.as_tuple()
        digits_list = list(digits)
        exponent = int(exponent)
        while exponent < 0 and len(digits_list) > 1 and digits_list[-1] == 0:
            digits_list.pop()
            exponent += 1
        value = Decimal((int(negative), tuple(digits_list), exponent))
        return ctx.plus(value) if len(digits_list) > ctx.prec else value
    # e: the exponent of the last of p + 2 digits of the root
    magnitude = (
        len(str(q.numerator // q.denominator))
        if q >= 1
        else -len(str(q.denominator // q.numerator))
    )
    e = magnitude // 2 - ctx.prec - 3
    while True:
        t = math.isqrt(math.floor(q / Fraction(10) ** (2 * e)))
        if len(str(t)) >= ctx.prec + 2:
            break
        e -= 1
    drop = len(str(t)) - ctx.prec
    # t / 10**drop plus a sticky bit below it, rounded to an integer by the context's mode
    tail = Decimal(t * 10 + 1).scaleb(-(drop + 1), wide)
    signed = tail.copy_negate() if negative else tail
    r = abs(int(signed.quantize(ONE, rounding=ctx.rounding, context=wide)))
    return ctx.plus(Decimal((int(negative), tuple(map(int, str(r))), e + drop)))


def present(values: list[Optional[Decimal]], shift: Decimal = Decimal(0)) -> list[Fraction]:
    return [Fraction(v) - Fraction(shift) for v in values if v is not None]


def ref_moment(
    metric: str,
    values: list[Optional[Decimal]],
    shift: Decimal,
    factor: Decimal,
    ctx: decimal.Context,
) -> Decimal:
    a = Fraction(factor)
    xs = present(values, Decimal(0) if metric == "annual_volatility" else shift)
    n = len(xs)
    if metric in ("annual_volatility", "sharpe_ratio"):
        if len(values) < 2 or n < 2:
            return NAN
        mean = sum(xs, Fraction(0)) / n
        var = sum(((x - mean) ** 2 for x in xs), Fraction(0)) / (n - 1)
        if metric == "annual_volatility":
            return rounded_sqrt(var * a, False, ctx)
        if var == 0:
            return NAN if mean == 0 else Decimal("-Infinity" if mean < 0 else "Infinity")
        return rounded_sqrt(mean * mean / var * a, mean < 0, ctx)
    if len(values) < (1 if metric == "downside_risk" else 2) or n == 0:
        return NAN
    shortfall = sum((min(x, Fraction(0)) ** 2 for x in xs), Fraction(0)) / n
    if metric == "downside_risk":
        return rounded_sqrt(shortfall * a, False, ctx)
    mean = sum(xs, Fraction(0)) / n
    if shortfall == 0:
        return NAN if mean == 0 else Decimal("-Infinity" if mean < 0 else "Infinity")
    return rounded_sqrt(mean * mean * a / shortfall, mean < 0, ctx)


# ---------------------------------------------------------------------------------------------
# Parity with the references


@given(decimal_returns(), contexts)
def test_growth_metrics_equal_the_python_decimal_loop(column: Any, ctx: decimal.Context) -> None:
    values = column.to_pylist()
    start = Decimal("100.5")
    assert same(
        M.cum_returns_final(column, context=ctx), ref_cum_returns_final(values, Decimal(0), ctx)
    )
    assert same(
        M.cum_returns_final(column, start, context=ctx), ref_cum_returns_final(values, start, ctx)
    )
    got_path = M.cum_returns(column, context=ctx)
    want_path = [ctx.subtract(g, ONE) for g in ref_path(values, ctx)]
    assert [v.as_tuple() for v in got_path] == [v.as_tuple() for v in want_path]
    got_dd = M.drawdown(column, context=ctx)
    want_dd = ref_drawdown(values, ctx)
    assert [v.as_tuple() for v in got_dd] == [v.as_tuple() for v in want_dd]
    want_max = min(want_dd) if want_dd else NAN
    assert same(M.max_drawdown(column, context=ctx), want_max)


@given(decimal_returns(), contexts, st.sampled_from(["daily", "monthly", "yearly"]))
def test_annual_return_equals_ln_exp_in_python_decimal(
    column: Any, ctx: decimal.Context, period: str
) -> None:
    values = column.to_pylist()
    factor = Decimal(M.ANNUALIZATION_FACTORS[period])
    assert same(
        M.annual_return(column, period, context=ctx), ref_annual_return(values, factor, ctx)
    )
    explicit = Decimal("365.25")
    assert same(
        M.annual_return(column, annualization=explicit, context=ctx),
        ref_annual_return(values, explicit, ctx),
    )


@given(
    decimal_returns(),
    contexts,
    st.sampled_from([Decimal(0), Decimal("0.001"), Decimal("-0.0025")]),
    st.sampled_from([Decimal(252), Decimal(12), Decimal("365.25")]),
)
def test_moment_metrics_equal_the_exact_reference(
    column: Any, ctx: decimal.Context, shift: Decimal, factor: Decimal
) -> None:
    values = column.to_pylist()
    got = {
        "annual_volatility": M.annual_volatility(column, annualization=factor, context=ctx),
        "sharpe_ratio": M.sharpe_ratio(column, shift, annualization=factor, context=ctx),
        "downside_risk": M.downside_risk(column, shift, annualization=factor, context=ctx),
        "sortino_ratio": M.sortino_ratio(column, shift, annualization=factor, context=ctx),
    }
    for metric, value in got.items():
        want = ref_moment(metric, values, shift, factor, ctx)
        assert same(value, want), (metric, value, want)


def as_floats(values: list[Optional[Decimal]]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


@given(decimal_returns(min_size=3))
def test_decimal_metrics_are_close_to_the_float_metrics(column: Any) -> None:
    values = column.to_pylist()
    floats = as_floats(values)
    pairs = [
        (M.sharpe_ratio(column), M.sharpe_ratio(floats)),
        (M.annual_volatility(column), M.annual_volatility(floats)),
        (M.downside_risk(column), M.downside_risk(floats)),
        (M.sortino_ratio(column), M.sortino_ratio(floats)),
        (M.cum_returns_final(column), M.cum_returns_final(floats)),
        (M.max_drawdown(column), M.max_drawdown(floats)),
        (M.annual_return(column), M.annual_return(floats)),
    ]
    for exact, approximate in pairs:
        if exact.is_nan() or math.isnan(approximate):
            continue  # zero deviation: float rounding residue may decide differently
        if exact.is_infinite():
            continue
        assert float(exact) == pytest.approx(approximate, rel=1e-9, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# Inputs, outputs, edge cases


def test_arrow_polars_pandas_and_lists_give_the_same_results() -> None:
    values = [Decimal("0.0125"), None, Decimal("-0.0300"), Decimal("0.0070"), Decimal("0.0000")]
    arrow = pa.array(values, pa.decimal128(10, 4))
    chunked = pa.chunked_array([arrow[:2], arrow[2:]])
    series = pl.Series("r", values, dtype=pl.Decimal(10, 4))
    frame = pd.Series(values, index=list("abcde"), dtype=object, name="r")
    for metric in (M.sharpe_ratio, M.max_drawdown, M.annual_return, M.sortino_ratio):
        expected = metric(values)
        for other in (arrow, chunked, series, frame):
            assert same(metric(other), expected)
    path = M.cum_returns(frame)
    assert isinstance(path, pd.Series)
    assert list(path.index) == list("abcde")
    assert list(path) == M.cum_returns(values) == M.cum_returns(arrow)


def test_documented_values() -> None:
    values = [Decimal("0.10"), Decimal("-0.05"), None]
    assert same(M.cum_returns_final(values), Decimal("0.0450"))
    assert same(M.cum_returns_final(values, 1000), Decimal("1045.0000"))
    assert same(M.max_drawdown([Decimal("0.10"), Decimal("-0.20")]), Decimal("-0.20"))
    assert M.cum_returns([Decimal("0.10"), None]) == [Decimal("0.10"), Decimal("0.10")]
    two = [Decimal("0.01"), Decimal("0.03")]
    assert same(M.annual_volatility(two, annualization=2), Decimal("0.02"))
    assert same(M.sharpe_ratio(two, annualization=1), Decimal("1.414213562373095048801688724"))


def test_empty_null_and_degenerate_series() -> None:
    empty = pa.array([], pa.decimal128(10, 2))
    nulls = pa.array([None, None], pa.decimal128(10, 2))
    for metric in (
        M.cum_returns_final,
        M.annual_return,
        M.max_drawdown,
        M.annual_volatility,
        M.sharpe_ratio,
        M.sortino_ratio,
        M.downside_risk,
    ):
        assert metric(empty).is_nan()
    assert M.cum_returns(empty) == []
    assert M.drawdown(empty) == []
    # all null: no growth (as empyrical's all-NaN), no moments
    assert M.cum_returns_final(nulls) == 0
    assert M.max_drawdown(nulls) == 0
    assert M.sharpe_ratio(nulls).is_nan()
    assert M.downside_risk(nulls).is_nan()
    flat = [Decimal("0.01")] * 3
    assert M.sharpe_ratio(flat) == Decimal("Infinity")
    assert M.sharpe_ratio(flat, Decimal("0.01")).is_nan()
    assert M.sortino_ratio(flat) == Decimal("Infinity")
    assert M.downside_risk(flat) == 0
    assert M.annual_return([Decimal(-1), Decimal("0.5")]) == -1
    assert M.annual_return([Decimal("-1.5"), Decimal("0.5")]).is_nan()
    assert M.annual_volatility([Decimal("0.01")]).is_nan()


def test_default_context_is_decimal_getcontext() -> None:
    values = [Decimal("0.0123457"), Decimal("0.0234568"), Decimal("-0.0111111")]
    with decimal.localcontext() as local:
        local.prec = 6
        local.rounding = decimal.ROUND_DOWN
        low = M.cum_returns_final(values)
    assert same(low, ref_cum_returns_final(values, Decimal(0), context(6, decimal.ROUND_DOWN)))
    assert same(M.cum_returns_final(values), ref_cum_returns_final(values, Decimal(0), context()))


@given(decimal_returns(), contexts)
def test_native_and_fallback_agree(column: Any, ctx: decimal.Context) -> None:
    values = column.to_pylist()  # the sequence path of both backends, beside the Arrow path
    for call in (
        lambda: M.sharpe_ratio(column, Decimal("0.0001"), context=ctx),
        lambda: M.annual_return(column, context=ctx),
        lambda: M.drawdown(column, context=ctx),
        lambda: M.sortino_ratio(column, context=ctx),
        lambda: M.cum_returns(values, context=ctx) if values and values[0] is not None else [],
    ):
        outcome = assert_same_outcome(call)
        if isinstance(outcome, tuple):
            native, python = outcome
            if isinstance(native, list):
                assert [v.as_tuple() for v in native] == [v.as_tuple() for v in python]
            else:
                assert same(native, python)


# ---------------------------------------------------------------------------------------------
# Bad input


VALUES = [Decimal("0.01"), Decimal("-0.02"), Decimal("0.03")]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: M.sharpe_ratio(VALUES, 0.01), exc.InputTypeError),
        (lambda: M.sharpe_ratio(VALUES, annualization=365.25), exc.InputTypeError),
        (lambda: M.sharpe_ratio(VALUES, annualization=0), exc.InvalidParameterError),
        (lambda: M.sharpe_ratio(VALUES, Decimal("NaN")), exc.InvalidParameterError),
        (lambda: M.sharpe_ratio(VALUES, "abc"), exc.InvalidParameterError),
        (lambda: M.sharpe_ratio(VALUES, period="hourly"), exc.InvalidParameterError),
        (lambda: M.sharpe_ratio(VALUES, context=28), exc.InputTypeError),
        (
            lambda: M.sharpe_ratio(VALUES, context=decimal.Context(prec=5000)),
            exc.InvalidParameterError,
        ),
        (lambda: M.annual_volatility(VALUES, alpha=3.0), exc.InvalidParameterError),
        (lambda: M.cum_returns(VALUES, Decimal("1E+50")), exc.InvalidParameterError),
        (lambda: M.sharpe_ratio([Decimal("0.01"), "x"]), exc.DecimalParseError),
        (lambda: M.sharpe_ratio([Decimal("0.01"), 0.5]), exc.InputTypeError),
        (lambda: M.sharpe_ratio([Decimal("0.01"), Decimal("Infinity")]), exc.InvalidInputError),
        (lambda: M.sharpe_ratio([Decimal("9" * 37)] * 20), exc.DecimalOverflowError),
        (
            lambda: M.annual_return([Decimal("9" * 30)] * 2, annualization=10**9),
            exc.DecimalOverflowError,
        ),
    ],
)
def test_bad_input_raises_the_same_error_on_both_backends(call: Any, error: type) -> None:
    with pytest.raises(error):
        call()
    assert_same_outcome(call)


def test_float_inputs_keep_the_float_path() -> None:
    floats = [0.01, -0.02, 0.03]
    assert isinstance(M.sharpe_ratio(floats), float)
    assert isinstance(M.cum_returns(floats), np.ndarray)
    assert isinstance(M.max_drawdown(floats), float)


def test_wide_mantissas_are_summed_exactly() -> None:
    # 36-digit values: the thread's 28-digit context must not round them on the way in.
    wide = [dec(10**35 + 7, 30), dec(-(10**35) + 3, 30), dec(2 * 10**35 + 1, 30)]
    column = pa.array(wide, pa.decimal128(38, 30))
    ctx = context(28)
    values = column.to_pylist()
    for metric in ("annual_volatility", "sharpe_ratio", "downside_risk", "sortino_ratio"):
        got = getattr(M, metric)(column, annualization=252, context=ctx)
        assert same(got, ref_moment(metric, values, Decimal(0), Decimal(252), ctx)), metric
