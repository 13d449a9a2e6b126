"""Cases for ``rustybt_native.decimal``: exact sums and the column kernels on price columns."""

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
    peer,
    rn_module,
    rn_pair,
    sized_cases,
)
from benches.profiles import Profile

PY_SUM = "python sum(list[Decimal])"
NUMPY_FLOAT_SUM = "numpy float64 sum"
RN_ARROW = "rn native (arrow)"


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        One ``decimal.sum`` case per size.
    """
    sum_cases = sized_cases(
        profile.sizes,
        group="decimal.sum",
        table="decimal.sum - prices as decimal128(12, 2)",
        baseline=PY_SUM,
        build=_sum_impls,
        # What exactness costs: the native Decimal sum against the same prices summed as floats.
        overheads=(Overhead("Decimal overhead", RN_ARROW, NUMPY_FLOAT_SUM, "arithmetic"),),
    )
    kernel_cases = [
        case
        for kernel in KERNELS
        for case in sized_cases(
            profile.sizes,
            group=f"decimal.{kernel}",
            table=f"decimal.{kernel} - prices with 4 decimals as decimal128(18, 4)",
            baseline=PY_LOOP,
            build=partial(_kernel_impls, kernel),
            overheads=(Overhead("Decimal overhead", RN_ARROW, NUMPY_FLOAT, "arithmetic"),),
        )
    ]
    return sum_cases + kernel_cases


def _sum_impls(n: int) -> dict[str, Impl]:
    dec = rn_module("decimal")
    prices = data.prices(n)
    # Formatted, not Decimal(float): Decimal(0.1) keeps the binary expansion of the float.
    as_decimals = [Decimal(f"{x:.2f}") for x in prices]
    pa = optional("pyarrow").module
    pl = optional("polars").module
    arrow = None if pa is None else pa.array(as_decimals, type=pa.decimal128(12, 2))
    series = None if pl is None else pl.Series(as_decimals, dtype=pl.Decimal(12, 2))

    impls: dict[str, Impl] = {}
    if arrow is not None:
        impls |= rn_pair("arrow", lambda: dec.sum(arrow))
    else:
        impls[RN_ARROW] = Impl(None, "native", skip=optional("pyarrow").reason)
    if series is not None:
        impls |= rn_pair("polars", lambda: dec.sum(series))
    impls |= rn_pair("list", lambda: dec.sum(as_decimals))
    impls[PY_SUM] = Impl(lambda: sum(as_decimals), "python")
    impls[NUMPY_FLOAT_SUM] = Impl(lambda: float(np.sum(prices)), "numpy")
    impls["pyarrow.compute.sum"] = peer(
        "pyarrow.compute", lambda pc: partial(pc.sum, arrow), normalize=_as_py
    )
    impls["polars Series.sum"] = (
        Impl(series.sum, "peer", parallel=True)
        if series is not None
        else Impl(None, "peer", skip=optional("polars").reason)
    )
    return impls


def _as_py(scalar: object) -> object:
    """A pyarrow scalar as the Python value (a Decimal)."""
    return scalar.as_py()  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# Column kernels: each against the same work on float64 numpy, pyarrow.compute and polars on
# decimal128(18, 4), and a Python loop over Decimal objects.

KERNELS = ("add", "mul", "dot", "quantize")
PY_LOOP = "python loop over Decimal"
NUMPY_FLOAT = "numpy float64"


def _floats(output: object) -> object:
    """Any kernel output as float64 values, to check that every row computed the same thing."""
    if isinstance(output, Decimal):
        return float(output)
    if hasattr(output, "as_py"):  # a pyarrow scalar
        return float(output.as_py())  # type: ignore[attr-defined]
    if type(output).__module__.startswith("polars"):
        import polars as pl

        return output.cast(pl.Float64).to_numpy()  # type: ignore[attr-defined]
    if hasattr(output, "to_pylist"):  # pyarrow (chunked) array
        pc = optional("pyarrow.compute").module
        pa = optional("pyarrow").module
        assert pc is not None
        assert pa is not None
        return np.asarray(pc.cast(output, pa.float64()).to_numpy(zero_copy_only=False))
    if isinstance(output, list):
        return np.array([float(v) for v in output])
    return output


def _kernel_impls(kernel: str, n: int) -> dict[str, Impl]:
    dec = rn_module("decimal")
    left, right = data.prices_4dp(n, 0), data.prices_4dp(n, 1)
    as_left = [Decimal(f"{x:.4f}") for x in left]
    as_right = [Decimal(f"{x:.4f}") for x in right]
    pa = optional("pyarrow").module
    pl = optional("polars").module
    impls: dict[str, Impl] = {}
    if pa is None:
        impls[RN_ARROW] = Impl(None, "native", skip=optional("pyarrow").reason)
        arrow_a = arrow_b = None
    else:
        arrow_a = pa.array(as_left, type=pa.decimal128(18, 4))
        arrow_b = pa.array(as_right, type=pa.decimal128(18, 4))
    quantum = Decimal("0.01")
    if kernel == "add":
        rn_call = lambda: dec.add(arrow_a, arrow_b)  # noqa: E731
        py_call = lambda: [x + y for x, y in zip(as_left, as_right)]  # noqa: E731
        np_call = lambda: left + right  # noqa: E731
        pc_make = lambda pc: partial(pc.add, arrow_a, arrow_b)  # noqa: E731
        pl_make = lambda a, b: lambda: a + b  # noqa: E731
    elif kernel == "mul":
        rn_call = lambda: dec.mul(arrow_a, arrow_b)  # noqa: E731
        py_call = lambda: [x * y for x, y in zip(as_left, as_right)]  # noqa: E731
        np_call = lambda: left * right  # noqa: E731
        pc_make = lambda pc: partial(pc.multiply, arrow_a, arrow_b)  # noqa: E731
        pl_make = lambda a, b: lambda: a * b  # noqa: E731
    elif kernel == "dot":
        rn_call = lambda: dec.dot(arrow_a, arrow_b)  # noqa: E731
        py_call = lambda: sum(x * y for x, y in zip(as_left, as_right))  # noqa: E731
        np_call = lambda: float(np.dot(left, right))  # noqa: E731
        pc_make = lambda pc: lambda: pc.sum(pc.multiply(arrow_a, arrow_b))  # noqa: E731
        pl_make = lambda a, b: lambda: (a * b).sum()  # noqa: E731
    else:  # quantize to cents, half-even
        rn_call = lambda: dec.quantize(arrow_a, 2)  # noqa: E731
        py_call = lambda: [x.quantize(quantum) for x in as_left]  # noqa: E731
        np_call = lambda: np.round(left, 2)  # noqa: E731
        pc_make = lambda pc: partial(pc.round, arrow_a, 2, round_mode="half_to_even")  # noqa: E731
        pl_make = lambda a, b: lambda: a.round(2)  # noqa: E731
    if arrow_a is not None:
        impls |= rn_pair("arrow", rn_call, normalize=_floats)
    impls[PY_LOOP] = Impl(py_call, "python", normalize=_floats)
    impls[NUMPY_FLOAT] = Impl(
        np_call,
        "numpy",
        normalize=_floats,
        differs="numpy rounds each price's binary value, so a decimal tie may round either way"
        if kernel == "quantize"
        else None,
    )
    impls["pyarrow.compute"] = (
        peer("pyarrow.compute", pc_make, normalize=_floats)
        if arrow_a is not None
        else Impl(None, "peer", skip=optional("pyarrow").reason)
    )
    if pl is not None and arrow_a is not None:
        series_a, series_b = pl.Series(arrow_a), pl.Series(arrow_b)
        impls["polars Decimal"] = Impl(
            pl_make(series_a, series_b),
            "peer",
            parallel=True,
            normalize=_floats,
            differs="polars rounds a decimal product back to the input scale"
            if kernel in ("mul", "dot")
            else None,
        )
    else:
        impls["polars Decimal"] = Impl(None, "peer", skip=optional("polars").reason)
    return impls
