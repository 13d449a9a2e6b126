"""What a benchmark case is: the inputs of one public function at one size, and the rows timed."""

from __future__ import annotations

import importlib
import math
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, partial
from types import ModuleType
from typing import Literal

#: What a row stands for. Native and fallback rows call the same public function of
#: rustybt_native with the backend switched; the other kinds are what users would write today.
Kind = Literal["native", "fallback", "numpy", "python", "peer"]

#: Kinds that run at every size in every profile (see ``Profile.all_rows_max_size`` and
#: ``Profile.peer_max_size``).
ALWAYS_RUN: frozenset[str] = frozenset({"native", "numpy"})


@dataclass(frozen=True)
class Impl:
    """One implementation timed in a case: a row of the report.

    Attributes
    ----------
    func : callable or None
        Called without arguments; its inputs were built beforehand and are captured. None when the
        row cannot run here (see ``skip``).
    kind : {"native", "fallback", "numpy", "python", "peer"}
        What the row stands for.
    backend : {"native", "python"} or None
        Backend of rustybt_native selected before every call of ``func``; None for non-rn rows.
    pair : str or None
        Shared by a native row and the fallback row of the same input path (e.g. "arrow"), for the
        native-vs-fallback speedup.
    parallel : bool
        Whether the row uses every core (polars does; numpy, pandas and TA-Lib use one).
    normalize : callable or None
        Turns the output into something comparable with the baseline's output (e.g. a pandas
        Series into an ndarray). Called outside the timing.
    skip : str or None
        Why the row cannot run (e.g. "pandas not importable").
    differs : str or None
        Why the row's output is expected to differ from the baseline's (e.g. polars rounds
        decimal products to the input scale). The report still shows the difference, marked as
        expected, with this reason.
    """

    func: Callable[[], object] | None
    kind: Kind
    backend: Literal["native", "python"] | None = None
    pair: str | None = None
    parallel: bool = False
    normalize: Callable[[object], object] | None = None
    skip: str | None = None
    differs: str | None = None


@dataclass(frozen=True)
class Overhead:
    """A derived figure reported under a table: ``time(row) / time(reference) - 1`` per size.

    Attributes
    ----------
    label : str
        Name printed in the report, e.g. "Decimal overhead".
    row : str
        Implementation whose cost is measured.
    reference : str
        Implementation it is measured against.
    category : str, optional
        The module-level figure this overhead counts towards in the summary against the seeds'
        targets (a key of :data:`TARGETS`), or None to report it under its table only.
    """

    label: str
    row: str
    reference: str
    category: str | None = None


#: The seeds' targets for the Decimal overhead over float, ``time(Decimal) / time(float) - 1``
#: (for "memory", peak memory instead of time), by category, in report order.
TARGETS: dict[str, float] = {
    "arithmetic": 0.15,
    "metrics": 0.50,
    "aggregation": 1.00,
    "orders": 0.15,
    "portfolio": 0.30,
    "memory": 1.20,
}


@dataclass(frozen=True)
class Rate:
    """A derived figure reported under a table: a row's time per unit of work, and its throughput.

    For the targets an issue states in absolute terms (e.g. "5,000 bars in under 5 ms",
    "report symbols per second"): they depend on the machine, so they are printed beside the
    figure, never asserted.

    Attributes
    ----------
    label : str
        Name printed in the report, e.g. "per series".
    row : str
        Implementation whose median time is divided.
    units : int
        Units of work one call does (bars, symbols, series).
    unit : str
        Name of one unit, e.g. "bar".
    limit_ns : float or None, optional
        The issue's ceiling on the time per unit, in nanoseconds, printed as met or MISSED.
    """

    label: str
    row: str
    units: int
    unit: str
    limit_ns: float | None = None


@dataclass(frozen=True)
class Case:
    """One public function at one input size.

    Attributes
    ----------
    name : str
        Unique name matched by ``--only``, e.g. "indicators.sma[2d]/1000x100".
    group : str
        The public function, e.g. "indicators.sma".
    table : str
        Title of the report table the case's rows go to (cases of one table differ only in size).
    size : int
        Number of input elements.
    shape : tuple of int
        Input shape.
    baseline : str
        Implementation every row's speedup is measured against; it must run at every size.
    build : callable
        Builds the inputs and returns the implementations by row name (each ``Impl.func`` is the
        callable timed). Called just before the case is timed, so cases that ``--only`` filters out
        never allocate their inputs.
    overheads : tuple of Overhead
        Derived figures reported under the table.
    rates : tuple of Rate
        Time per unit of work and throughput, reported under the table.
    """

    name: str
    group: str
    table: str
    size: int
    shape: tuple[int, ...]
    baseline: str
    build: Callable[[], dict[str, Impl]] = field(repr=False, compare=False)
    overheads: tuple[Overhead, ...] = ()
    rates: tuple[Rate, ...] = ()


@dataclass(frozen=True)
class OptionalModule:
    """Result of importing an optional peer library.

    Attributes
    ----------
    module : module or None
        The module, or None when it could not be imported.
    reason : str
        Why it is missing ("" when present).
    """

    module: ModuleType | None
    reason: str


@cache
def optional(name: str) -> OptionalModule:
    """Import a peer library if it is installed.

    Parameters
    ----------
    name : str
        Module name, e.g. "pandas" or "pyarrow.compute".

    Returns
    -------
    OptionalModule
        The module, or None with the reason. Any import error counts as missing: broken binary
        wheels (e.g. a TA-Lib built against another numpy) raise more than ImportError.
    """
    try:
        # A peer's own deprecation warnings at import are not what is being measured (and would
        # be errors under the test suite's filterwarnings = error).
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return OptionalModule(importlib.import_module(name), "")
    except Exception as exc:  # a peer that fails to import for any reason is skipped
        return OptionalModule(None, f"{name} not importable ({type(exc).__name__}: {exc})")


def rn_module(submodule: str) -> ModuleType:
    """Import a submodule of rustybt_native, e.g. ``rn_module("decimal")``.

    Parameters
    ----------
    submodule : str
        Name under the ``rustybt_native`` package.

    Returns
    -------
    module
        The submodule.
    """
    return importlib.import_module(f"rustybt_native.{submodule}")


def rn_pair(
    path: str,
    func: Callable[[], object],
    normalize: Callable[[object], object] | None = None,
) -> dict[str, Impl]:
    """The native row and the fallback row of one rustybt_native call.

    Parameters
    ----------
    path : str
        Input path shown in the row name, e.g. "arrow" gives "rn native (arrow)" and
        "rn fallback (arrow)".
    func : callable
        The call, looked up at call time (``lambda: mod.sum(x)``, not a bound function), so the
        backend selected before each call is the one that runs.
    normalize : callable, optional
        See ``Impl.normalize``.

    Returns
    -------
    dict of str to Impl
        Both rows, native first.
    """
    return {
        f"rn native ({path})": Impl(
            func, "native", backend="native", pair=path, normalize=normalize
        ),
        f"rn fallback ({path})": Impl(
            func, "fallback", backend="python", pair=path, normalize=normalize
        ),
    }


def peer(
    module: str,
    make: Callable[[ModuleType], Callable[[], object]],
    *,
    parallel: bool = False,
    normalize: Callable[[object], object] | None = None,
) -> Impl:
    """A row calling an optional peer library, or a skipped row when it is not importable.

    Parameters
    ----------
    module : str
        Module to import, e.g. "pandas".
    make : callable
        Given the module, returns the call to time (building any peer-specific inputs first).
    parallel : bool, optional
        See ``Impl.parallel``.
    normalize : callable, optional
        See ``Impl.normalize``.

    Returns
    -------
    Impl
        The row.
    """
    found = optional(module)
    if found.module is None:
        return Impl(None, "peer", skip=found.reason)
    return Impl(make(found.module), "peer", parallel=parallel, normalize=normalize)


def sized_cases(
    sizes: Iterable[int],
    *,
    group: str,
    table: str,
    baseline: str,
    build: Callable[[int], dict[str, Impl]],
    variant: str = "",
    overheads: tuple[Overhead, ...] = (),
) -> list[Case]:
    """One case of a 1-D input per size, the usual shape of a module's cases.

    Parameters
    ----------
    sizes : iterable of int
        Element counts, e.g. ``profile.sizes``.
    group, table, baseline, overheads
        As in :class:`Case`.
    build : callable
        Called with the size to build the inputs and implementations.
    variant : str
        Appended to the group in case names, e.g. "[1d]" gives "indicators.sma[1d]/1e3".

    Returns
    -------
    list of Case
        The cases, smallest size first.
    """
    return [
        Case(
            name=f"{group}{variant}/{size_label(n)}",
            group=group,
            table=table,
            size=n,
            shape=(n,),
            baseline=baseline,
            build=partial(build, n),
            overheads=overheads,
        )
        for n in sizes
    ]


def size_label(size: int) -> str:
    """Short label of an element count: 1000 -> "1e3", 1500 -> "1500".

    Parameters
    ----------
    size : int
        Element count.

    Returns
    -------
    str
        The label.
    """
    if size > 0:
        exponent = round(math.log10(size))
        if 10**exponent == size and exponent >= 3:
            return f"1e{exponent}"
    return str(size)


def shape_label(shape: tuple[int, ...]) -> str:
    """Label of an input shape: ``(1000,)`` -> "1e3", ``(1000, 100)`` -> "1000x100".

    Parameters
    ----------
    shape : tuple of int
        Input shape.

    Returns
    -------
    str
        The label.
    """
    if len(shape) == 1:
        return size_label(shape[0])
    return "x".join(str(n) for n in shape)
