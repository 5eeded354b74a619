"""What reading and previewing a table can raise, and the callbacks that report progress.

Long steps take ``progress(done, total)`` and ``cancelled()`` so that the UI can run them off
the GUI thread: ``cancelled`` is asked every ``CHECK_EVERY`` rows and a true answer raises
``Cancelled``; ``progress`` is told at the same moments.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""``progress(done, total)``: how far a long step is."""

CancelCheck = Callable[[], bool]
"""``cancelled()``: True when the user asked to stop."""

CHECK_EVERY = 1000
"""Rows between two calls of ``progress`` and ``cancelled``."""


class TableReadError(Exception):
    """The file cannot be read as a table: not found, empty, binary, undecodable, broken."""


class Cancelled(Exception):
    """The caller's ``cancelled()`` answered True; the step stopped without a result."""


def checkpoint(done: int, total: int, progress: Progress | None, cancelled: CancelCheck | None) -> None:
    """Report progress and stop with ``Cancelled`` when asked to."""
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(done, total)
