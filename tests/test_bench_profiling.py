"""`python -m benches profile` (benches/profiling.py) on a small stand-in backtest script."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benches import profiling
from benches.__main__ import main as benches_main

#: A stand-in for examples/sma_crossover.py with the same command line: a Python loop over bars
#: doing Decimal arithmetic, an indicator from rustybt_native, numpy, and one big allocation.
STAND_IN = '''
"""Stand-in backtest."""
import argparse
from decimal import Decimal

import numpy as np
import rustybt_native as rn

BARS = {"daily": 300, "hourly": 600, "minute": 900}


def book(cash, price, quantity):
    return cash - price * quantity


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--frequency", default="daily")
    parser.add_argument("--assets", type=int, default=2)
    parser.add_argument("--money", default="decimal")
    parser.add_argument("--strategy", default="simple")
    args = parser.parse_args(argv)
    bars = BARS[args.frequency]
    prices = np.linspace(100.0, 110.0, bars * args.assets).reshape(bars, args.assets)
    signal = rn.indicators.sma(prices[:, 0], 20)
    big_block = [float(i) for i in range(200_000)]  # the memory hot spot
    cash = Decimal("100000.00")
    for bar in range(bars):
        for asset in range(args.assets):
            price = Decimal(str(round(prices[bar, asset], 2)))
            cash = book(cash, price, Decimal(1)).quantize(Decimal("0.01"))
    print(cash, len(big_block), signal[-1])
    return 0
'''


@pytest.fixture(autouse=True)
def backend() -> str:
    """The profiler does not depend on the backend: run once (overrides conftest's fixture)."""
    return "both"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "s.py"
    path.write_text(textwrap.dedent(STAND_IN), encoding="utf-8")
    return path


def test_profile_command_writes_the_report(
    script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "docs" / "profiling-results.md"
    status = benches_main(
        [
            "profile",
            "--script",
            str(script),
            "--frequencies",
            "daily",
            "hourly",
            "--assets",
            "2",
            "--output",
            str(output),
            "--no-py-spy",
            "--top",
            "5",
        ]
    )

    assert status == 0
    assert capsys.readouterr().out.strip() == str(output)
    text = output.read_text(encoding="utf-8")
    for heading in ("## Summary", "## daily", "## hourly", "### Time per module"):
        assert heading in text
    assert "### Top 5 functions by cumulative time" in text
    assert "### Top 5 functions by own time" in text
    assert "--frequency hourly --assets 2 --money decimal --strategy simple" in text
    # The stand-in's loop calls book() 600 times per daily run (300 bars x 2 assets).
    assert re.search(r"`s\.py:\d+\(book\)` \| example \| loops \| 600 \|", text)
    assert "_call_main" not in text  # the harness's own frames are left out
    # tracemalloc finds the big list; it is the top site.
    memory = text[text.index("## Memory hot spots") :]
    first_site = memory.split("| ---: |")[1].splitlines()[1]
    assert "big_block = [float(i) for i in range(200_000)]" in first_site
    assert "Not run (`--no-py-spy`)." in text


def test_profile_run_shares_add_up(script: Path) -> None:
    module = profiling.load_script(script)
    run = profiling.profile_once(module, "daily", ["--frequency", "daily"], script)

    assert run.status == 0
    by_module = profiling.totals(run.functions, "module", profiling.MODULES)
    by_category = profiling.totals(run.functions, "category", profiling.CATEGORIES)
    assert list(by_module) == list(profiling.MODULES)
    assert list(by_category) == list(profiling.CATEGORIES)
    assert sum(by_module.values()) == pytest.approx(run.total_own)
    assert sum(by_category.values()) == pytest.approx(run.total_own)
    # Decimal arithmetic and the Python loop dominate the stand-in.
    assert by_category["decimal arithmetic"] > 0
    assert by_category["loops"] > 0
    assert by_module["example"] > 0
    sma = [f for f in run.functions if "sma" in f.label and f.module == "rustybt_native"]
    assert sma
    assert {f.category for f in sma} == {"indicators"}


def test_category_rules(tmp_path: Path) -> None:
    script = tmp_path / "bt.py"
    script.write_text("", encoding="utf-8")
    site = "/venv/lib/python3.11/site-packages"
    rn_dir = "/repo/python/rustybt_native"

    def category(filename: str, name: str, *callers: str) -> str:
        func = (filename, 0 if filename == "~" else 1, name)
        return profiling.category_of(func, script, {(c, 1, "f"): (1, 1, 0.0, 1.0) for c in callers})

    assert category(f"{rn_dir}/ledger.py", "apply_fills") == "decimal arithmetic"
    assert category(f"{rn_dir}/_fallback/indicators.py", "sma") == "indicators"
    assert category(f"{rn_dir}/metrics.py", "sharpe_ratio") == "data processing"
    assert category(f"{site}/numpy/_core/numeric.py", "flatnonzero") == "data processing"
    assert category("/usr/lib/python3.11/decimal.py", "<module>") == "decimal arithmetic"
    assert category(str(script), "main") == "loops"
    assert category("/usr/lib/python3.11/argparse.py", "parse_args") == "other"
    native = "<built-in method rustybt_native._native.ledger_apply_fills>"
    assert category("~", native, f"{rn_dir}/ledger.py") == "decimal arithmetic"
    assert category(
        "~", "<built-in method rustybt_native._native.sma>", f"{rn_dir}/indicators.py"
    ) == ("indicators")
    assert category("~", "<method 'quantize' of 'decimal.Decimal' objects>") == "decimal arithmetic"
    assert category("~", "<built-in method numpy.asarray>", str(script)) == "data processing"
    assert category("~", "<method 'append' of 'list' objects>", str(script)) == "loops"
    assert category("~", "<built-in method builtins.len>", "/usr/lib/python3.11/re.py") == "other"

    assert profiling.module_of(("~", 0, native), script) == "rustybt_native"
    assert profiling.module_of(("~", 0, "<built-in method pyarrow.lib.array>"), script) == "pyarrow"
    assert profiling.module_of((f"{site}/pyarrow/compute.py", 1, "take"), script) == "pyarrow"
    assert profiling.module_of((str(script), 1, "main"), script) == "example"
    assert profiling.module_of(("/usr/lib/python3.11/re.py", 1, "compile"), script) == "other"


def test_parse_collapsed_counts_own_frames() -> None:
    text = "\n".join(
        [
            "main (bt.py:10);loop (bt.py:20);add (decimal.py:5) 30",
            "main (bt.py:10);loop (bt.py:20) 10",
            "main (bt.py:10);sma (rustybt_native/indicators.py:66);sma_kernel 20",
            "not a sample line",
            "main (bt.py:10);loop (bt.py:20);add (decimal.py:5) 5",
            "main (bt.py:10);loop (bt.py:20);_find_and_load (<frozen importlib._bootstrap>:1);"
            "<module> (pandas/__init__.py:1) 8",
        ]
    )
    counted, every, top = profiling.parse_collapsed(text, top=2)

    assert (counted, every) == (65, 73)  # a lazy import inside the loop is not counted
    assert top == [("add (decimal.py)", 35), ("sma_kernel", 20)]
    counted, every, top = profiling.parse_collapsed(text, within="loop (bt.py:")
    assert (counted, every) == (45, 73)
    assert top == [("add (decimal.py)", 35), ("loop (bt.py)", 10)]


def test_py_spy_missing_and_fake_binary(script: Path, tmp_path: Path) -> None:
    missing = profiling.py_spy(script, "daily", [], None)
    assert missing.error == "py-spy is not on PATH (pip install py-spy)"

    # A stand-in for the py-spy binary: checks the command line, then writes collapsed stacks.
    fake = tmp_path / "py-spy"
    fake.write_text(
        textwrap.dedent(
            f"""\
            #!{sys.executable}
            import sys
            args = sys.argv[1:]
            assert args[:3] == ["record", "--format", "raw"], args
            if "--native" in args:
                sys.exit("Failed to unwind native frames")  # then it retries without
            command = args[args.index("--") + 1 :]
            assert command[1] == "-c" and command[3] == {str(profiling.REPO)!r}, command
            assert command[4] == "0.5", command  # seconds of repeated calls
            assert command[5:] == [{str(script)!r}, "--frequency", "daily"], command
            out = args[args.index("--output") + 1]
            open(out, "w").write(
                "<module> (s.py:1);main (s.py:9);book (s.py:2) 7\\n"
                "<module> (s.py:1);main (s.py:9) 3\\n"
                "<module> (s.py:1);_find_and_load (<frozen importlib._bootstrap>:1) 5\\n"
            )
            """
        ),
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    run = profiling.py_spy(script, "daily", ["--frequency", "daily"], str(fake), seconds=0.5)
    assert run.error is None
    assert run.native is False  # the fake refused --native, so the second try ran without
    assert (run.samples, run.all_samples) == (10, 15)  # imports are not main's
    assert run.top == [("book (s.py)", 7), ("main (s.py)", 3)]

    failing = tmp_path / "py-spy-fails"
    failing.write_text(f"#!{sys.executable}\nimport sys\nsys.exit('Permission denied')\n")
    failing.chmod(failing.stat().st_mode | stat.S_IXUSR)
    broken = profiling.py_spy(script, "daily", [], str(failing))
    assert broken.error == "py-spy failed (exit 1): Permission denied"

    page = profiling.render_markdown(script, [], [], [run, broken])
    assert "10 samples at 250 Hz inside `main` (Python frames only), which ran once" in page
    assert "| `book (s.py)` | 7 | 70.0% |" in page
    assert "- daily: py-spy failed (exit 1): Permission denied" in page


def test_bad_scripts_exit_with_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert benches_main(["profile", "--script", str(tmp_path / "missing.py")]) == 2
    assert "no script at" in capsys.readouterr().err
    no_main = tmp_path / "no_main.py"
    no_main.write_text("x = 1\n", encoding="utf-8")
    assert benches_main(["profile", "--script", str(no_main)]) == 2
    assert "has no main(argv) function" in capsys.readouterr().err


@pytest.mark.skipif(not os.access(profiling.DEFAULT_SCRIPT, os.R_OK), reason="no example yet")
def test_default_script_is_the_example() -> None:
    assert profiling.DEFAULT_SCRIPT.name == "sma_crossover.py"
    assert callable(profiling.load_script(profiling.DEFAULT_SCRIPT).main)


def test_driver_calls_main_until_the_time_has_passed(tmp_path: Path) -> None:
    counter = tmp_path / "calls.txt"
    script = tmp_path / "count.py"
    script.write_text(
        textwrap.dedent(
            f"""\
            import time

            def main(argv):
                with open({str(counter)!r}, "a") as out:
                    out.write(" ".join(argv) + "\\n")
                time.sleep(0.05)
                return 0
            """
        ),
        encoding="utf-8",
    )
    command = profiling.driver_command(script, ["--frequency", "minute"], 0.3)
    done = subprocess.run(command, capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    calls = counter.read_text(encoding="utf-8").splitlines()
    assert set(calls) == {"--frequency minute"}
    assert 1 + 3 <= len(calls) <= 1 + 12  # a warm-up, then about 0.3 s of 0.05 s calls
