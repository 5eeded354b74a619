"""The crash-safe journal: every unsubmitted edit and every unsettled batch, on disk as it happens.

The journal listens to the ``EditBuffer``. For each touched cell it records, per server scope
(base URL + a hash of the key, never the key), image and field, the pending value and the
baseline it stands against, or removes the row when the cell is clean again. Edits, undo,
revert, import, confirm: all reach it through the buffer's one notification.

The GUI thread only snapshots the touched cells and queues them (no SQLite, no JSON); a writer
thread drains the queue into one transaction at a time. ``queued_seq`` numbers what was queued,
``acknowledged_seq`` what is committed; ``flush()`` waits for the second to catch up.

SQLite runs in WAL mode with ``synchronous=FULL``: a committed transaction survives a power
cut or an OS crash, not only an app crash. FULL costs one fsync per commit, and commits are
already batched (one per drain of the queue), so the price is paid a few times a second at most.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import queue
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from wesog_desktop.config import paths
from wesog_desktop.domain.edit_buffer import UNSET, Cell, EditBuffer
from wesog_desktop.services.journal_restore import InFlightBatch, PendingState

log = logging.getLogger(__name__)

FILE_NAME = "journal.sqlite3"
RETRY_SECONDS = 1.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edits (
    server TEXT NOT NULL, image_id TEXT NOT NULL, field TEXT NOT NULL,
    baseline TEXT NOT NULL, pending TEXT NOT NULL,
    PRIMARY KEY (server, image_id, field)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY, server TEXT NOT NULL, op_id INTEGER, items TEXT NOT NULL);
"""
_STOP = ("stop",)


def server_scope(base_url: str, api_key: str | None) -> str:
    """The journal's name for one account on one server: the URL and 64 bits of a key hash."""
    digest = hashlib.sha256(f"wesog-desktop journal\0{base_url}\0{api_key or ''}".encode()).hexdigest()
    return f"{base_url}#{digest[:16]}"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


class Journal:
    """The journal file and its writer thread. Call ``close()`` on a normal quit."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / FILE_NAME
        self.run_id = uuid.uuid4().hex[:12]
        """Prefix for batch IDs, unique to this run."""
        self.failure: str | None = None
        """Why the last write failed (it is retried), or None."""
        self.kept_aside: Path | None = None
        """Where a damaged journal file was moved (the UI may mention it), or None."""
        try:
            self.previous_run_crashed = self._open_file()
        except sqlite3.DatabaseError as exc:
            self.kept_aside = self.path.with_name(f"{self.path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
            log.warning("the journal %s is damaged (%s); kept as %s, starting a new one",
                        self.path, exc, self.kept_aside)
            self.path.rename(self.kept_aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.previous_run_crashed = self._open_file()
        self._queue: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._seq = 0
        self._acknowledged = 0
        self._cond = threading.Condition()
        self._group: list[tuple[Any, ...]] | None = None
        self._buffer: EditBuffer | None = None
        self._server = ""
        self._known: dict[Cell, tuple[Any, Any]] = {}
        self._batches: dict[str, int | None] = {}
        self._closed = False
        self._writer = threading.Thread(target=self._write_loop, name="journal-writer", daemon=True)
        self._writer.start()

    def _open_file(self) -> bool:
        """Create the tables, mark the file open; True when the previous run never closed it."""
        with contextlib.closing(self._connect()) as conn, conn:
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE key = 'open'").fetchone()
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('open', '1')")
            return row is not None and row[0] == "1"

    # -- recording (GUI thread) ---------------------------------------------------------------
    def attach(self, buffer: EditBuffer, server: str) -> None:
        """Journal ``buffer``'s edits under ``server`` (a ``server_scope``) from now on."""
        if buffer is not self._buffer:
            buffer.subscribe(lambda cells: self._on_cells(buffer, cells))
        self._buffer, self._server = buffer, server
        self._known.clear()
        self._on_cells(buffer, buffer.edited_cells())

    def record_batch_sent(self, server: str, batch_id: str, op_id: int | None,
                          items: list[dict[str, Any]]) -> None:
        """A batch is about to go out (``op_id`` None) or has its operation ID: follow it after a crash."""
        if batch_id in self._batches and self._batches[batch_id] == op_id:
            return
        self._batches[batch_id] = op_id
        self._enqueue(("sent", server, batch_id, op_id, _dump(items)))

    def record_batch_settled(self, batch_id: str, confirmed_ids: Iterable[str], failed: dict[str, str],
                             unknown_ids: Iterable[str]) -> None:
        """These images of the batch are settled; the batch is forgotten when none is left."""
        settled = {*confirmed_ids, *failed, *unknown_ids}
        self._batches.pop(batch_id, None)
        self._enqueue(("settled", batch_id, settled))

    def discard(self, server: str) -> None:
        """Forget everything journaled for ``server``, except the attached buffer's current edits."""
        self._enqueue(("discard", server))
        if self._buffer is not None and server == self._server:
            self._known.clear()
            self._on_cells(self._buffer, self._buffer.edited_cells())

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Everything recorded inside reaches disk in one transaction (e.g. a batch's settlement)."""
        if self._group is not None:
            yield
            return
        self._group = []
        try:
            yield
        finally:
            group, self._group = self._group, None
            if group:
                self._put(("group", group))

    def _on_cells(self, buffer: EditBuffer, cells: list[Cell]) -> None:
        if buffer is not self._buffer or self._closed:
            return
        try:
            rows = self._snapshot(buffer, cells)
        except Exception:  # a journal fault must never break editing
            log.exception("the journal could not record %d cells", len(cells))
            self.failure = "the journal could not record an edit"
            return
        if rows:
            self._enqueue(("cells", self._server, rows))

    def _snapshot(self, buffer: EditBuffer, cells: list[Cell]) -> list[tuple[str, str, Any, Any]]:
        """(image, field, baseline, pending or UNSET) of the cells whose journaled state changed."""
        known, pending_of, original_of = self._known, buffer.pending, buffer.original
        rows: list[tuple[str, str, Any, Any]] = []
        for cell in cells:
            image_id, name = cell
            pending = pending_of(image_id, name)
            if pending is UNSET:
                if known.pop(cell, None) is not None:
                    rows.append((image_id, name, None, UNSET))
                continue
            state = (original_of(image_id, name), pending)
            if known.get(cell) != state:
                known[cell] = state
                rows.append((image_id, name, state[0], pending))
        return rows

    def _enqueue(self, item: tuple[Any, ...]) -> None:
        if self._group is not None:
            self._group.append(item)
        else:
            self._put(item)

    def _put(self, item: tuple[Any, ...]) -> None:
        self._seq += 1
        self._queue.put((self._seq, item))

    # -- progress -----------------------------------------------------------------------------
    @property
    def queued_seq(self) -> int:
        """The number of the last change queued."""
        return self._seq

    @property
    def acknowledged_seq(self) -> int:
        """The number of the last change committed to disk (every earlier one is too)."""
        return self._acknowledged

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until everything queued so far is on disk; False on timeout."""
        target = self._seq
        with self._cond:
            return self._cond.wait_for(lambda: self._acknowledged >= target, timeout)

    def close(self) -> None:
        """Write what is queued, mark a clean shutdown, stop the writer."""
        if self._closed:
            return
        self._closed = True
        self._put(_STOP)
        self._writer.join()

    # -- reading ------------------------------------------------------------------------------
    def pending_for(self, server: str) -> PendingState:
        """What the journal holds for ``server``: unsubmitted edits and unsettled batches."""
        self.flush(timeout=60)
        state = PendingState(server, crashed=self.previous_run_crashed)
        with contextlib.closing(self._connect()) as conn:
            for image_id, name, baseline, pending in conn.execute(
                    "SELECT image_id, field, baseline, pending FROM edits WHERE server = ?"
                    " ORDER BY image_id, field", (server,)):
                state.edits.setdefault(image_id, {})[name] = (json.loads(baseline), json.loads(pending))
            for batch_id, op_id, items in conn.execute(
                    "SELECT batch_id, op_id, items FROM batches WHERE server = ? ORDER BY batch_id", (server,)):
                state.in_flight.append(InFlightBatch(batch_id, op_id, json.loads(items)))
        return state

    # -- writer thread ------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.isolation_level = "DEFERRED"
        return conn

    def _write_loop(self) -> None:
        conn = self._connect()
        waiting: list[tuple[int, tuple[Any, ...]]] = []
        while True:
            if not waiting:
                waiting.append(self._queue.get())
            while True:
                try:
                    waiting.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = any(item is _STOP for _seq, item in waiting)
            try:
                with conn:
                    _write(conn, [item for _seq, item in waiting])
                    if stop:
                        conn.execute("INSERT OR REPLACE INTO meta VALUES ('open', '0')")
            except Exception as exc:  # disk full, file locked...: keep the rows and retry
                self.failure = str(exc)
                log.error("the journal could not be written (%s); retrying", exc)
                if stop:
                    break
                time.sleep(RETRY_SECONDS)
                continue
            self.failure = None
            with self._cond:
                self._acknowledged = waiting[-1][0]
                self._cond.notify_all()
            waiting = []
            if stop:
                break
        conn.close()


def _write(conn: sqlite3.Connection, items: list[tuple[Any, ...]]) -> None:
    """Apply queued items in order; cell rows are coalesced (the last state of a cell wins)."""
    flat: list[tuple[Any, ...]] = []
    for item in items:
        flat.extend(item[1] if item[0] == "group" else [item])
    cells: dict[tuple[str, str, str], tuple[Any, Any]] = {}

    def write_cells() -> None:
        gone = [key for key, (_b, p) in cells.items() if p is UNSET]
        kept = [(*key, _dump(b), _dump(p)) for key, (b, p) in cells.items() if p is not UNSET]
        conn.executemany("DELETE FROM edits WHERE server = ? AND image_id = ? AND field = ?", gone)
        conn.executemany("INSERT OR REPLACE INTO edits VALUES (?, ?, ?, ?, ?)", kept)
        cells.clear()

    for item in flat:
        kind = item[0]
        if kind == "cells":
            server = item[1]
            for image_id, name, baseline, pending in item[2]:
                cells[(server, image_id, name)] = (baseline, pending)
            continue
        write_cells()  # a discard must not overtake the cell rows before it
        if kind == "sent":
            _kind, server, batch_id, op_id, items_json = item
            conn.execute("INSERT INTO batches VALUES (?, ?, ?, ?) ON CONFLICT (batch_id) DO UPDATE"
                         " SET op_id = excluded.op_id, items = excluded.items",
                         (batch_id, server, op_id, items_json))
        elif kind == "settled":
            _settle(conn, item[1], item[2])
        elif kind == "discard":
            conn.execute("DELETE FROM edits WHERE server = ?", (item[1],))
            conn.execute("DELETE FROM batches WHERE server = ?", (item[1],))
    write_cells()


def _settle(conn: sqlite3.Connection, batch_id: str, settled: set[str]) -> None:
    row = conn.execute("SELECT items FROM batches WHERE batch_id = ?", (batch_id,)).fetchone()
    if row is None:
        return
    left = [item for item in json.loads(row[0]) if item["id"] not in settled]
    if left:
        conn.execute("UPDATE batches SET items = ? WHERE batch_id = ?", (_dump(left), batch_id))
    else:
        conn.execute("DELETE FROM batches WHERE batch_id = ?", (batch_id,))

