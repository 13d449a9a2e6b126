"""Decimal metrics with Python's :mod:`decimal` module: the reference the Rust kernels equal.

Growth metrics are the plain loop ``growth = growth * (1 + r)`` in a ``decimal.Context`` of the
caller's precision and rounding; moment metrics sum mantissas as Python integers and round one
square root of the exact rational result (see ``docs/metrics.md``, "Decimal returns").
"""

from __future__ import annotations

import decimal
import math
from typing import Any, Iterator, Optional

from ..exceptions import DecimalOverflowError, InvalidParameterError
from .decimal import _read_arg, _read_column

_I128_MAX = 2**127 - 1
_I128_MIN = -(2**127)
_MAX_ADJUSTED = 999_999
_ONE = decimal.Decimal(1)
_NAN = decimal.Decimal("NaN")
# For exact conversions (scaleb, negation) that must not round to the thread's context.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _context(precision: int, rounding: str) -> decimal.Context:
    # Unbounded exponents (results are checked against +-999999 at the end, as the kernels do)
    # and no traps: ln(0) is -Infinity and exp(-Infinity) is 0, as Python gives them.
    return decimal.Context(
        prec=precision,
        rounding=rounding,
        Emax=decimal.MAX_EMAX,
        Emin=decimal.MIN_EMIN,
        traps=[],
    )


def _in_range(value: decimal.Decimal, what: str) -> decimal.Decimal:
    if value and abs(value.adjusted()) > _MAX_ADJUSTED:
        raise DecimalOverflowError(
            f"{what} overflows: its adjusted exponent {value.adjusted()} is beyond +-999999"
        )
    return value


def _growth_path(
    values: list[Optional[decimal.Decimal]], ctx: decimal.Context
) -> Iterator[decimal.Decimal]:
    growth = _ONE
    for r in values:
        if r is not None:
            growth = ctx.multiply(growth, ctx.add(_ONE, r))
        yield growth


def _value_of(
    growth: decimal.Decimal, start: decimal.Decimal, ctx: decimal.Context
) -> decimal.Decimal:
    return ctx.subtract(growth, _ONE) if start == 0 else ctx.multiply(growth, start)


def _drawdown(
    values: list[Optional[decimal.Decimal]], ctx: decimal.Context
) -> Iterator[decimal.Decimal]:
    peak = _ONE
    for growth in _growth_path(values, ctx):
        if growth > peak:
            peak = growth
        yield _in_range(ctx.divide(ctx.subtract(growth, peak), peak), "drawdown")


def _annual_return(
    values: list[Optional[decimal.Decimal]], annualization: decimal.Decimal, ctx: decimal.Context
) -> decimal.Decimal:
    if not values:
        return _NAN
    growth = list(_growth_path(values, ctx))[-1]
    if growth < 0:
        return _NAN
    exponent = ctx.divide(annualization, decimal.Decimal(len(values)))
    log_growth = growth.ln(ctx)  # ln and exp round half-even whatever ctx.rounding is
    power = ctx.multiply(log_growth, exponent)
    if power.is_finite() and power and power.adjusted() >= 6:
        raise DecimalOverflowError(
            f"exp overflows: its adjusted exponent {power.adjusted()} is beyond +-999999"
        )
    return _in_range(ctx.subtract(power.exp(ctx), _ONE), "annual_return")


def _sum_overflow() -> DecimalOverflowError:
    return DecimalOverflowError(
        "returns on the common scale overflows: the exact sum needs more than 38 digits"
    )


def _sums(
    values: list[Optional[decimal.Decimal]], scale: int, shift: decimal.Decimal
) -> tuple[int, int, int, int, int]:
    """(count, sum, sum of squares, sum of squared shortfalls, common scale) of the excess
    mantissas, with the kernels' 128-bit overflow checks."""
    sign, digits, exponent = shift.as_tuple()
    shift_scale = -int(exponent)
    common = max(scale, shift_scale)
    for k in (common - shift_scale, common - scale):
        if 10**k > _I128_MAX:
            raise _sum_overflow()
    shift_mantissa = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    shift_mantissa *= 10 ** (common - shift_scale)
    if not _I128_MIN <= shift_mantissa <= _I128_MAX:
        raise _sum_overflow()
    factor = 10 ** (common - scale)
    count = total = squares = shortfalls = 0
    for r in values:
        if r is None:
            continue
        mantissa = int(r.scaleb(scale, _EXACT)) * factor
        if not _I128_MIN <= mantissa <= _I128_MAX:
            raise _sum_overflow()
        m = mantissa - shift_mantissa
        if not _I128_MIN <= m <= _I128_MAX:
            raise _sum_overflow()
        count += 1
        total += m
        if not _I128_MIN <= total <= _I128_MAX:
            raise _sum_overflow()
        squares += m * m
        if m < 0:
            shortfalls += m * m
    return count, total, squares, shortfalls, common


def _round_digits(coefficient: int, drop: int, sticky: bool, negative: bool, rounding: str) -> int:
    """``coefficient / 10**drop`` rounded by ``rounding``, ``sticky`` marking a non-zero tail."""
    quotient, remainder = divmod(coefficient, 10**drop)
    # Let the decimal module decide the rounding: quotient.remainder(+sticky) at exponent -drop-1.
    tail = remainder * 10 + (1 if sticky else 0)
    context = decimal.Context(
        prec=decimal.MAX_PREC, rounding=rounding, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN
    )
    exact = decimal.Decimal(quotient * 10 ** (drop + 1) + tail).scaleb(-(drop + 1), context)
    rounded = (exact.copy_negate() if negative else exact).quantize(_ONE, context=context)
    return abs(int(rounded))


def _sqrt_ratio(
    num: int, den: int, exp10: int, negative: bool, ctx: decimal.Context
) -> decimal.Decimal:
    """``(-1)**negative * sqrt(num / den * 10**exp10)`` rounded once to ``ctx``; an exact root
    drops trailing zeros down to exponent 0."""
    if num == 0:
        return decimal.Decimal(0)
    if exp10 % 2:
        num, exp10 = num * 10, exp10 - 1
    precision = ctx.prec
    spare = (
        (len(str(num)) - len(str(den))) // 2
        if num >= den
        else -((len(str(den)) - len(str(num))) // 2)
    )
    k = max(0, precision + 3 - spare)
    quotient, remainder = divmod(num * 10 ** (2 * k), den)
    root = math.isqrt(quotient)
    exact = remainder == 0 and root * root == quotient
    exponent = exp10 // 2 - k
    if exact:
        while exponent < 0 and root % 10 == 0:
            root, exponent = root // 10, exponent + 1
    if len(str(root)) > precision:
        drop = len(str(root)) - precision
        root = _round_digits(root, drop, not exact, negative, ctx.rounding)
        exponent += drop
        if len(str(root)) > precision:
            root, exponent = root // 10, exponent + 1
    return decimal.Decimal((int(negative), tuple(map(int, str(root))), exponent))


def _positive(annualization: decimal.Decimal) -> None:
    if not annualization > 0:
        raise InvalidParameterError(
            f"annualization must be a number > 0, got {float(annualization)}"
        )


def _moment_metric(
    metric: str,
    values: list[Optional[decimal.Decimal]],
    scale: int,
    parameter: decimal.Decimal,
    annualization: decimal.Decimal,
    ctx: decimal.Context,
) -> decimal.Decimal:
    _positive(annualization)
    _a_sign, a_digits, a_exp = annualization.as_tuple()
    a = int("".join(map(str, a_digits)))
    a_exp = int(a_exp)
    minimum = 1 if metric == "downside_risk" else 2
    if len(values) < minimum:
        return _NAN
    shift = decimal.Decimal(0) if metric == "annual_volatility" else parameter
    count, total, squares, shortfalls, common = _sums(values, scale, shift)
    if count < (2 if metric in ("annual_volatility", "sharpe_ratio") else 1):
        return _NAN
    negative = total < 0
    if metric == "annual_volatility":
        spread = count * squares - total * total
        root = _sqrt_ratio(spread * a, count * (count - 1), a_exp - 2 * common, False, ctx)
    elif metric == "sharpe_ratio":
        spread = count * squares - total * total
        if spread == 0:
            return _NAN if total == 0 else decimal.Decimal("-Infinity" if negative else "Infinity")
        num = total * total * (count - 1) * a
        root = _sqrt_ratio(num, count * spread, a_exp, negative, ctx)
    elif metric == "downside_risk":
        root = _sqrt_ratio(shortfalls * a, count, a_exp - 2 * common, False, ctx)
    else:  # sortino_ratio
        if shortfalls == 0:
            return _NAN if total == 0 else decimal.Decimal("-Infinity" if negative else "Infinity")
        root = _sqrt_ratio(total * total * a, count * shortfalls, a_exp, negative, ctx)
    return _in_range(root, metric)


def decimal_metric(
    metric: str,
    returns: Any,
    parameter: Any,
    annualization: Any,
    precision: int,
    rounding: str,
) -> decimal.Decimal:
    """A scalar metric of a Decimal return column (see the native ``decimal_metric``)."""
    ctx = _context(precision, rounding)
    column = _read_column(returns, "returns")
    parameter = _read_arg(parameter, "parameter")[0]
    annualization = _read_arg(annualization, "annualization")[0]
    values = column.values
    if metric == "cum_returns_final":
        if not values:
            return _NAN
        growth = list(_growth_path(values, ctx))[-1]
        return _in_range(_value_of(growth, parameter, ctx), metric)
    if metric == "annual_return":
        _positive(annualization)
        return _annual_return(values, annualization, ctx)
    if metric == "max_drawdown":
        worst: Optional[decimal.Decimal] = None
        for value in _drawdown(values, ctx):
            if worst is None or value < worst:
                worst = value
        return _NAN if worst is None else worst
    return _moment_metric(metric, values, column.scale, parameter, annualization, ctx)


def decimal_metric_series(
    metric: str, returns: Any, starting_value: Any, precision: int, rounding: str
) -> list[decimal.Decimal]:
    """``cum_returns`` or ``drawdown`` of a Decimal return column, one Decimal per row."""
    ctx = _context(precision, rounding)
    column = _read_column(returns, "returns")
    start = _read_arg(starting_value, "starting_value")[0]
    if metric == "cum_returns":
        return [
            _in_range(_value_of(growth, start, ctx), "cum_returns")
            for growth in _growth_path(column.values, ctx)
        ]
    return list(_drawdown(column.values, ctx))
