"""Reading, previewing and exporting tables off the GUI thread, with progress and cancel.

The domain's ``read_table``, ``build_preview`` and ``export_csv`` are plain functions; a
``TableJob`` runs one at a time on a worker thread and reports through Qt signals on the GUI
thread. The worker never touches a QObject: progress is handed back with
``call_soon_threadsafe``, and Python's cyclic GC is paused while a worker allocates, so that no
QObject is ever collected off the GUI thread (RECIPES trap 5).
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from wesog_desktop.api.errors import WesogError
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.records import Record
from wesog_desktop.domain.table_export import export_csv
from wesog_desktop.domain.table_import import (
    Cancelled,
    ColumnMapping,
    CurrentLookup,
    ImportPreview,
    Table,
    build_preview,
    read_table,
)
from wesog_desktop.services.session import Session

T = TypeVar("T")

_executor: ThreadPoolExecutor | None = None
_gc_pauses = 0


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="table-job")
    return _executor


def _pause_gc() -> None:
    global _gc_pauses
    if _gc_pauses == 0:
        gc.collect()  # here, on the GUI thread
        gc.disable()
    _gc_pauses += 1


def _resume_gc() -> None:
    global _gc_pauses
    _gc_pauses -= 1
    if _gc_pauses == 0:
        gc.enable()


def current_lookup(buffer: EditBuffer) -> CurrentLookup:
    """What the preview compares with: baseline plus pending edits, safe to read on a worker.

    The pending edits are copied now (they are few); baselines are only ever replaced whole.
    """
    baselines = buffer.baselines()
    pending = {i: buffer.changes(i) for i in buffer.changed_ids()}

    def current(image_id: str) -> Record | None:
        base = baselines.get(image_id)
        if base is None:
            return None
        edits = pending.get(image_id)
        if not edits:
            return base
        record = {**base, **edits}
        return {k: v for k, v in record.items() if v is not None}

    return current


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., object], *args: object) -> None:
    try:
        loop.call_soon_threadsafe(callback, *args)
    except RuntimeError:  # the loop closed meanwhile (the app quit)
        if callback is _resume_gc:
            callback()


class TableJob(QObject):
    """Runs one long table step at a time on a worker thread."""

    progress = Signal(int, int)
    """(done, total): how far the running step is; (0, 0) while its size is unknown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self.running = False

    def cancel(self) -> None:
        """Ask the running step to stop; it ends with ``Cancelled`` within a thousand rows.

        A stoppable step (read, preview) that the worker finished before it saw the request
        still ends with ``Cancelled``: once the user pressed Stop, its result is never used.
        """
        self._cancel.set()

    async def read(self, path: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
                   has_header: bool | None = None) -> Table:
        """``read_table`` with these overrides; raises ``TableReadError`` or ``Cancelled``."""
        return await self._run(lambda progress, cancelled: read_table(
            path, encoding=encoding, delimiter=delimiter, has_header=has_header,
            progress=progress, cancelled=cancelled))

    async def preview(self, table: Table, mapping: ColumnMapping, current: CurrentLookup) -> ImportPreview:
        """``build_preview`` of ``table`` through ``mapping``; raises ``ValueError`` or ``Cancelled``."""
        return await self._run(lambda progress, cancelled: build_preview(
            table, mapping, current, progress=progress, cancelled=cancelled))

    async def export(self, path: str | Path, ids: Sequence[str], current: CurrentLookup,
                     fields: Sequence[str], originals: Mapping[str, Record] | None, **options: Any) -> int:
        """Write the images ``ids`` as ``current`` gives them; the number of rows written."""
        def write(_progress: object, _cancelled: object) -> int:
            records = [r for r in map(current, ids) if r is not None]
            return export_csv(path, records, fields, originals=originals, **options)
        return await self._run(write, stoppable=False)  # once written, the file is there: say so

    async def _run(self, step: Callable[[Callable[[int, int], None], Callable[[], bool]], T], *,
                   stoppable: bool = True) -> T:
        loop = asyncio.get_running_loop()
        self._cancel = cancel = threading.Event()
        self.running = True
        self.progress.emit(0, 0)

        def report(done: int, total: int) -> None:
            if not cancel.is_set():
                _call_soon(loop, self._report, cancel, done, total)

        _pause_gc()
        work = _pool().submit(step, report, cancel.is_set)
        work.add_done_callback(lambda _f: _call_soon(loop, _resume_gc))  # when the worker is done
        try:
            result = await asyncio.wrap_future(work, loop=loop)
        except asyncio.CancelledError:
            cancel.set()
            raise
        finally:
            self.running = False
        if stoppable and cancel.is_set():  # Stop came after the worker's last check: honour it
            raise Cancelled()
        return result

    def _report(self, cancel: threading.Event, done: int, total: int) -> None:
        if cancel is self._cancel and self.running:
            self.progress.emit(done, total)


async def fetch_missing(session: Session, ids: Iterable[str], sink: Callable[[list[Record]], int]) -> int:
    """Load the images ``ids`` from Wesog into the table through ``sink``; how many were found."""
    try:
        found = await session.client.get_images(ids)
    except WesogError as exc:
        session.messages.error(f"The images could not be fetched: {exc}")
        return 0
    if found:
        sink(list(found.values()))
    return len(found)
