"""Cases for the rest of ``rustybt_native.decimal``: subtraction, division, sign, comparisons,
reductions, running sums and the conversions, each on the price columns of
:mod:`benches.cases.decimals` and beside the same work on float64, pyarrow.compute and polars.
"""

from __future__ import annotations

import decimal
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

import numpy as np

from benches import data
from benches.cases.decimals import NUMPY_FLOAT, PY_LOOP, RN_ARROW, _floats
from benches.core import Case, Impl, Overhead, optional, rn_module, rn_pair, sized_cases
from benches.profiles import Profile

#: Division results keep 8 decimals; the Python loop divides at 60 digits and rounds once.
DIV_SCALE = 8
_WIDE = decimal.Context(prec=60)
_EIGHT = Decimal(1).scaleb(-DIV_SCALE)
_FOUR = Decimal("0.0001")


@dataclass(frozen=True)
class Inputs:
    """One size's inputs in every form the rows take."""

    left: Any  # float64 numpy
    right: Any
    dec_left: list[Decimal]
    dec_right: list[Decimal]
    arrow_left: Any  # decimal128(18, 4)
    arrow_right: Any
    strings: list[str]
    arrow_strings: Any


@dataclass(frozen=True)
class Kernel:
    """How each row computes one kernel (None: the row has no such operation)."""

    rn: Callable[[Any, Inputs], Callable[[], object]]
    python: Callable[[Inputs], Callable[[], object]]
    numpy: Callable[[Inputs], Callable[[], object]] | None
    pyarrow: Callable[[Any, Inputs], Callable[[], object]] | None
    polars: Callable[[Any, Any], Callable[[], object]] | None
    category: str | None = "arithmetic"
    peer_differs: str | None = None


def _py_div(i: Inputs) -> Callable[[], object]:
    def run() -> list[Decimal]:
        return [_WIDE.divide(x, y).quantize(_EIGHT) for x, y in zip(i.dec_left, i.dec_right)]

    return run


KERNELS: dict[str, Kernel] = {
    "sub": Kernel(
        rn=lambda dec, i: partial(dec.sub, i.arrow_left, i.arrow_right),
        python=lambda i: lambda: [x - y for x, y in zip(i.dec_left, i.dec_right)],
        numpy=lambda i: lambda: i.left - i.right,
        pyarrow=lambda pc, i: partial(pc.subtract, i.arrow_left, i.arrow_right),
        polars=lambda a, b: lambda: a - b,
    ),
    "div": Kernel(
        rn=lambda dec, i: partial(dec.div, i.arrow_left, i.arrow_right, DIV_SCALE),
        python=_py_div,
        numpy=lambda i: lambda: np.round(i.left / i.right, DIV_SCALE),
        pyarrow=lambda pc, i: partial(pc.divide, i.arrow_left, i.arrow_right),
        polars=lambda a, b: lambda: a / b,
        peer_differs="pyarrow and polars divide to their own result scale",
    ),
    "neg": Kernel(
        rn=lambda dec, i: partial(dec.neg, i.arrow_left),
        python=lambda i: lambda: [-x for x in i.dec_left],
        numpy=lambda i: lambda: -i.left,
        pyarrow=lambda pc, i: partial(pc.negate, i.arrow_left),
        polars=lambda a, b: lambda: -a,
    ),
    "abs": Kernel(
        rn=lambda dec, i: partial(dec.abs, i.arrow_left),
        python=lambda i: lambda: [abs(x) for x in i.dec_left],
        numpy=lambda i: lambda: np.abs(i.left),
        pyarrow=lambda pc, i: partial(pc.abs, i.arrow_left),
        polars=lambda a, b: lambda: a.abs(),
    ),
    "lt": Kernel(
        rn=lambda dec, i: partial(dec.lt, i.arrow_left, i.arrow_right),
        python=lambda i: lambda: [x < y for x, y in zip(i.dec_left, i.dec_right)],
        numpy=lambda i: lambda: i.left < i.right,
        pyarrow=lambda pc, i: partial(pc.less, i.arrow_left, i.arrow_right),
        polars=lambda a, b: lambda: a < b,
    ),
    "min": Kernel(
        rn=lambda dec, i: partial(dec.min, i.arrow_left),
        python=lambda i: lambda: min(i.dec_left),
        numpy=lambda i: lambda: float(np.min(i.left)),
        pyarrow=lambda pc, i: lambda: pc.min(i.arrow_left).as_py(),
        polars=lambda a, b: a.min,
    ),
    "max": Kernel(
        rn=lambda dec, i: partial(dec.max, i.arrow_left),
        python=lambda i: lambda: max(i.dec_left),
        numpy=lambda i: lambda: float(np.max(i.left)),
        pyarrow=lambda pc, i: lambda: pc.max(i.arrow_left).as_py(),
        polars=lambda a, b: a.max,
    ),
    "mean": Kernel(
        rn=lambda dec, i: partial(dec.mean, i.arrow_left, 4),
        python=lambda i: lambda: (_WIDE.divide(sum(i.dec_left), len(i.dec_left))).quantize(_FOUR),
        numpy=lambda i: lambda: float(np.mean(i.left)),
        pyarrow=lambda pc, i: lambda: pc.mean(i.arrow_left).as_py(),
        polars=lambda a, b: a.mean,
        peer_differs="pyarrow and polars round the mean to their own scale (or to float)",
    ),
    "cumsum": Kernel(
        rn=lambda dec, i: partial(dec.cumsum, i.arrow_left),
        python=lambda i: lambda: list(itertools.accumulate(i.dec_left)),
        numpy=lambda i: lambda: np.cumsum(i.left),
        pyarrow=None,
        polars=lambda a, b: a.cum_sum,
    ),
    "from_float": Kernel(
        rn=lambda dec, i: partial(dec.from_float, i.left, 4),
        python=lambda i: lambda: [Decimal(x).quantize(_FOUR) for x in i.left.tolist()],
        numpy=None,
        pyarrow=lambda pc, i: partial(pc.cast, i.left, _decimal_type()),
        polars=None,
        category=None,
        peer_differs="pyarrow rounds the float's shortest decimal form, not its binary value",
    ),
    "to_float": Kernel(
        rn=lambda dec, i: partial(dec.to_float, i.arrow_left),
        python=lambda i: lambda: [float(x) for x in i.dec_left],
        numpy=None,
        pyarrow=lambda pc, i: partial(pc.cast, i.arrow_left, "float64"),
        polars=lambda a, b: lambda: a.cast(_polars_float()),
        category=None,
    ),
    "parse": Kernel(
        rn=lambda dec, i: partial(dec.parse, i.arrow_strings, 4),
        python=lambda i: lambda: [Decimal(s) for s in i.strings],
        numpy=None,
        pyarrow=lambda pc, i: partial(pc.cast, i.arrow_strings, _decimal_type()),
        polars=None,
        category=None,
    ),
    "format": Kernel(
        rn=lambda dec, i: partial(dec.format, i.arrow_left),
        python=lambda i: lambda: [str(x) for x in i.dec_left],
        numpy=None,
        pyarrow=lambda pc, i: partial(pc.cast, i.arrow_left, "string"),
        polars=None,
        category=None,
    ),
}
#: The Python loop's output for the conversions compared as strings or floats.
STRING_OUTPUT = frozenset({"format"})


#: Peers without the operation, and why (shown as skipped rows).
PEER_GAPS = {("cumsum", "pyarrow.compute"): "pyarrow has no cumulative_sum kernel for decimal128"}


def _decimal_type() -> Any:
    import pyarrow as pa

    return pa.decimal128(18, 4)


def _polars_float() -> Any:
    import polars as pl

    return pl.Float64


def _texts(output: object) -> object:
    """String outputs as a list of str (pyarrow arrays converted)."""
    if hasattr(output, "to_pylist"):
        return [str(v) for v in output.to_pylist()]  # type: ignore[attr-defined]
    return [str(v) for v in output]  # type: ignore[attr-defined]


def _inputs(n: int) -> Inputs:
    pa = optional("pyarrow").module
    if pa is None:
        raise ImportError(optional("pyarrow").reason)
    left, right = data.prices_4dp(n, 0), data.prices_4dp(n, 1)
    strings = [f"{x:.4f}" for x in left]
    dec_left = [Decimal(s) for s in strings]
    dec_right = [Decimal(f"{x:.4f}") for x in right]
    return Inputs(
        left=left,
        right=right,
        dec_left=dec_left,
        dec_right=dec_right,
        arrow_left=pa.array(dec_left, type=pa.decimal128(18, 4)),
        arrow_right=pa.array(dec_right, type=pa.decimal128(18, 4)),
        strings=strings,
        arrow_strings=pa.array(strings, type=pa.string()),
    )


def _impls(name: str, n: int) -> dict[str, Impl]:
    kernel = KERNELS[name]
    dec = rn_module("decimal")
    i = _inputs(n)
    normalize = _texts if name in STRING_OUTPUT else _floats
    impls: dict[str, Impl] = {}
    impls |= rn_pair("arrow", kernel.rn(dec, i), normalize=normalize)
    impls[PY_LOOP] = Impl(kernel.python(i), "python", normalize=normalize)
    if kernel.numpy is not None:
        impls[NUMPY_FLOAT] = Impl(
            kernel.numpy(i),
            "numpy",
            normalize=normalize,
            differs="float rounding of binary values" if name in ("div", "mean") else None,
        )
    pc = optional("pyarrow.compute").module
    if kernel.pyarrow is not None:
        make = kernel.pyarrow
        impls["pyarrow.compute"] = Impl(
            make(pc, i) if pc is not None else None,
            "peer",
            normalize=normalize,
            skip=None if pc is not None else optional("pyarrow.compute").reason,
            differs=kernel.peer_differs,
        )
    for (gap_kernel, row), reason in PEER_GAPS.items():
        if gap_kernel == name:
            impls[row] = Impl(None, "peer", skip=reason)
    pl = optional("polars").module
    if kernel.polars is not None:
        ok = pl is not None
        impls["polars Decimal"] = Impl(
            kernel.polars(pl.Series(i.arrow_left), pl.Series(i.arrow_right)) if ok else None,
            "peer",
            parallel=True,
            normalize=normalize,
            skip=None if ok else optional("polars").reason,
            differs=kernel.peer_differs,
        )
    return impls


def cases(profile: Profile) -> list[Case]:
    """One case per kernel and size.

    Parameters
    ----------
    profile : Profile
        Sizes to build.

    Returns
    -------
    list of Case
        The cases; the arithmetic ones carry the Decimal overhead over float64 numpy.
    """
    return [
        case
        for name, kernel in KERNELS.items()
        for case in sized_cases(
            profile.sizes,
            group=f"decimal.{name}",
            table=f"decimal.{name} - prices with 4 decimals as decimal128(18, 4)",
            baseline=PY_LOOP,
            build=partial(_impls, name),
            overheads=(
                (Overhead("Decimal overhead", RN_ARROW, NUMPY_FLOAT, kernel.category),)
                if kernel.numpy is not None
                else ()
            ),
        )
    ]
