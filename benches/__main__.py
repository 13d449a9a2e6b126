"""Command line: ``python -m benches [--profile quick|full] [--only PATTERN] [--output DIR]``.

Subcommands work on results already written (see their ``--help``):
``python -m benches compare [OLD.json NEW.json]``, ``python -m benches report`` and
``python -m benches profile``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from benches import smoke
from benches.cases import all_cases
from benches.environment import ensure_malloc_env
from benches.profiles import PROFILES
from benches.runner import DEFAULT_OUTPUT, run


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line.

    Parameters
    ----------
    argv : sequence of str
        Arguments after ``-m benches``.

    Returns
    -------
    argparse.Namespace
        ``profile``, ``only``, ``output``, ``list`` and ``no_progress``.
    """
    parser = argparse.ArgumentParser(
        prog="python -m benches",
        description="Time rustybt_native's native backend against its Python fallback and peers.",
        epilog="subcommands (python -m benches NAME --help): "
        + "; ".join(f"{name}: {what}" for name, what in SUBCOMMANDS.items()),
    )
    parser.add_argument(
        "--profile",
        choices=[name for name in PROFILES if name != "check"],
        default="quick",
        help="quick (default; a few minutes), full (every row at every size, longer repeats) or"
        " smoke (under two minutes; fails on gross breakage, as make test runs it)",
    )
    parser.add_argument(
        "--only",
        metavar="PATTERN",
        help='run cases whose name contains PATTERN or matches it as a shell pattern, e.g. "sma"',
    )
    parser.add_argument(
        "--output",
        metavar="DIR",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="directory for bench-<UTC timestamp>.json and latest.json (default: benches/results)",
    )
    parser.add_argument("--list", action="store_true", help="print the case names and exit")
    parser.add_argument(
        "--record-baseline",
        action="store_true",
        help="with --profile smoke: record this run's figures as the smoke check's baseline",
    )
    parser.add_argument("--no-progress", action="store_true", help="draw no progress bar")
    return parser.parse_args(argv)


#: ``python -m benches <name> ...``: what each subcommand does, for ``--help``.
SUBCOMMANDS = {
    "compare": "compare two results files' ratios; exit 1 when one is more than 20% worse",
    "report": "draw the PNG charts and write report.html from the results files",
    "profile": "profile the example backtest; write docs/performance/profiling-results.md",
}


def run_subcommand(name: str, argv: Sequence[str]) -> int:
    """Run one of :data:`SUBCOMMANDS` (imported only when asked for).

    Parameters
    ----------
    name : str
        The subcommand.
    argv : sequence of str
        Its arguments.

    Returns
    -------
    int
        Exit status.
    """
    if name == "compare":
        from benches.history import compare_main

        return compare_main(argv)
    if name == "report":
        from benches.html_report import report_main

        return report_main(argv)
    from benches.profiling import profile_main

    return profile_main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after ``-m benches``; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        Exit status.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in SUBCOMMANDS:
        return run_subcommand(args_list[0], args_list[1:])
    args = parse_args(args_list)
    cases = all_cases(PROFILES[args.profile], args.only)
    if args.list:
        for case in cases:
            print(case.name)
        return 0
    if not cases:
        print(f"python -m benches: no benchmark case matches {args.only!r}", file=sys.stderr)
        return 2
    # Before anything is timed (or even imported): glibc reads these only at process start.
    ensure_malloc_env(args_list)
    smoke_run = args.profile == "smoke"
    # Smoke runs keep their results apart, so history and comparisons see only real runs.
    output = args.output / "smoke" if smoke_run else args.output
    try:
        result = run(
            profile=args.profile, only=args.only, output=output, progress=not args.no_progress
        )
    except ValueError as exc:
        print(f"python -m benches: {exc}", file=sys.stderr)
        return 2
    if not smoke_run:
        # The charts and the HTML page over every run so far (matplotlib imported only here).
        from benches.html_report import write_report

        for written in write_report(output):
            print(f"report: {written}")
        return 0
    if args.record_baseline:
        print(f"smoke baseline written: {smoke.record_baseline(result.records, result.summary)}")
        return 0
    found = smoke.problems(result.records, result.summary, smoke.load_baseline())
    for problem in found:
        print(f"SMOKE FAILURE: {problem}", file=sys.stderr)
    print(f"smoke check: {len(found)} problem(s)" if found else "smoke check: no gross breakage")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
