"""A progress bar on stderr: tqdm when installed, else a self-drawn one."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from benches.core import optional

BAR_WIDTH = 20


class Progress:
    """Progress over the cases of a run, drawn on stderr.

    Parameters
    ----------
    total : int
        Number of cases.
    enabled : bool, optional
        Draw nothing when False.
    stream : file, optional
        Where to draw; stderr by default, so the report on stdout stays clean.
    """

    def __init__(self, total: int, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self._tqdm: Any = None
        self._width = 0
        tqdm = optional("tqdm").module
        if enabled and tqdm is not None:
            self._tqdm = tqdm.tqdm(total=total, file=self.stream, unit="case", leave=False)

    def start(self, label: str) -> None:
        """Show that the case ``label`` is running.

        Parameters
        ----------
        label : str
            Case name.
        """
        if not self.enabled:
            return
        if self._tqdm is not None:
            self._tqdm.set_description_str(label)
            return
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        line = f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} {label}"
        # Pad over the tail of a longer previous line.
        self.stream.write(line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def finish(self) -> None:
        """Count the running case as done."""
        self.done += 1
        if self.enabled and self._tqdm is not None:
            self._tqdm.update(1)

    def close(self) -> None:
        """Remove the bar."""
        if not self.enabled:
            return
        if self._tqdm is not None:
            self._tqdm.close()
        elif self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
