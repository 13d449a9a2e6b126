"""The examples in README.md and docs/ run and print what the pages say they print."""

from __future__ import annotations

import doctest
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rustybt_native as rn

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@pytest.fixture(autouse=True)
def backend() -> Iterator[str]:
    """The pages show the native backend's output (overrides conftest's two-backend fixture)."""
    previous = rn.backend
    rn.set_backend("native")
    yield "native"
    rn.set_backend(previous)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_on_the_page_hold(page: Path) -> None:
    blocks = [block for block in FENCE.findall(page.read_text()) if ">>>" in block]
    # The blocks of one page share a namespace, as one doctest file does.
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
