"""Benchmark profiles: which sizes run and how long each measurement may take."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """How much to measure.

    Attributes
    ----------
    name : str
        Name given on the command line.
    sizes : tuple of int
        Element counts of the 1-D inputs.
    matrix_shapes : tuple of (int, int)
        ``(time, assets)`` shapes of the 2-D inputs.
    all_rows_max_size : int or None
        Above this size the fallback and Python-loop rows run only as a case's baseline: they are
        the slow rows, and they add minutes without changing the picture. Native and numpy rows
        run at every size. None runs every row at every size.
    repeat_target_ns : int
        Each repeat loops the call until it lasts at least this long, so timer resolution and loop
        overhead vanish from the per-call time.
    repeats : int
        Repeats per implementation; the median is reported.
    min_repeats : int
        Repeats kept even when ``budget_ns`` would allow fewer.
    budget_ns : int
        Rough cap on the time spent timing one implementation of one case; slow rows get fewer
        repeats (never fewer than ``min_repeats``). 0 means no cap.
    import_repeats : int
        Fresh interpreters started to time ``import rustybt_native``; the median is reported.
    measure_memory : bool
        Also measure each row's peak memory (one extra call per row; Linux only).
    peer_max_size : int or None
        Above this size peer rows run only as a case's baseline (pandas rolling and Numba rows
        take seconds a call at 1e6). None: at every size.
    """

    name: str
    sizes: tuple[int, ...]
    matrix_shapes: tuple[tuple[int, int], ...]
    all_rows_max_size: int | None
    repeat_target_ns: int
    repeats: int
    min_repeats: int
    budget_ns: int
    import_repeats: int
    measure_memory: bool = True
    peer_max_size: int | None = None


#: Profiles by name. "quick" (the default) takes a few minutes on a two-core machine; "full" runs
#: every row at every size with longer repeats; "smoke" is a short timed run that ``make test``
#: checks for gross breakage (see :mod:`benches.smoke`); "check" is the test suite's one-call run
#: of every case (does it run at all?).
PROFILES: dict[str, Profile] = {
    "check": Profile(
        name="check",
        sizes=(1_000,),
        matrix_shapes=((100, 10),),
        all_rows_max_size=None,
        repeat_target_ns=0,
        repeats=1,
        min_repeats=1,
        budget_ns=0,
        import_repeats=1,
        measure_memory=False,
    ),
    "smoke": Profile(
        name="smoke",
        sizes=(2_000,),
        matrix_shapes=((100, 20),),
        all_rows_max_size=None,
        repeat_target_ns=1_000_000,
        repeats=5,
        min_repeats=2,
        budget_ns=100_000_000,
        import_repeats=1,
        measure_memory=False,
    ),
    "quick": Profile(
        name="quick",
        sizes=(1_000, 100_000, 1_000_000),
        matrix_shapes=((1_000, 100),),
        all_rows_max_size=1_000,
        peer_max_size=100_000,
        repeat_target_ns=5_000_000,
        repeats=7,
        min_repeats=3,
        budget_ns=600_000_000,
        import_repeats=5,
    ),
    "full": Profile(
        name="full",
        sizes=(1_000, 100_000, 1_000_000),
        matrix_shapes=((1_000, 100),),
        all_rows_max_size=None,
        repeat_target_ns=100_000_000,
        repeats=15,
        min_repeats=5,
        budget_ns=20_000_000_000,
        import_repeats=5,
    ),
}
