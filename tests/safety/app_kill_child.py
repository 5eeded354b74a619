"""The child of the app-level kill test: the app's real edit path, headless, until it is killed.

A worker runs an offscreen ``QApplication`` on one qasync loop with a real ``Session`` (its
``Journal`` attached), the table model and its undo stack, the catalog loader and the
``Submitter``, against the emulator the parent started. Two modes:

``work``     seeded random steps: cell edits through ``setData``, undo, redo, a CSV import
             applied through the table import and ``push_edit``, and submissions through the
             submitter (sent and followed in the background while editing goes on).
``restore``  the next start: read what the journal holds, restore it (``Session.restore``),
             follow the operations that have an ID again, report, then submit what is pending
             as the user would after seeing it.

Protocol lines (one ``os.write`` each, so a SIGKILL loses nothing already written): the
``kill_harness`` lines READY / STEP / ACK, plus

    CELLS <seq> <json>   cell states about to be journaled as change <seq>: [[image, field,
                         baseline, pending]] with pending null and "unset": true when the edit is gone
    RESULT <json>        restore mode: what was restored (see ``restore``)

CELLS lines are written by a buffer listener placed before the journal's, so every change the
journal may commit is described before it can reach the disk.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (before pydantic)
import qasync
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from tests.services.kill_harness import ChildReporter
from wesog_desktop.domain import table_import as T
from wesog_desktop.domain.edit_buffer import UNSET, Cell
from wesog_desktop.domain.patch import SubmitOptions
from wesog_desktop.services.catalog_loader import CatalogLoader
from wesog_desktop.services.journal import Journal
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.services.submitter import Submitter
from wesog_desktop.services.table_import_job import current_lookup
from wesog_desktop.ui.image_table_model import ImageTableModel
from wesog_desktop.ui.undo import push_edit

WORDS = ("harbour", "dawn", "Tate", "oil on canvas", "Λondon", "storm", "", "sea", "sky", "Müller")
FIELDS = ("title", "caption", "city", "keywords")
EDITED_IMAGES = 24
OPTIONS = SubmitOptions(batch_size=4, check_conflicts=False)


class App:
    """The app's edit path without a window."""

    def __init__(self, url: str, key: str, db: Path, reporter: ChildReporter) -> None:
        self.reporter = reporter
        self.journal = Journal(db)
        messages = MessageBridge(dialogs_allowed=False)
        self.session = Session(url, key, messages=messages, journal=self.journal)
        self.session.buffer._listeners.insert(0, self._describe)  # before the journal's listener
        self.undo_stack = QUndoStack()
        self.model = ImageTableModel(self.session.buffer, self.undo_stack, messages, self.session.thumbnails)
        self.loader = CatalogLoader(self.session, self.model.append_records)
        session = self.session
        self.submitter = Submitter(lambda: session.client, session.buffer, messages, track=session.track,
                                   journal=self.journal, server=session.server, closing=lambda: session.closing)

    def _describe(self, cells: list[Cell]) -> None:
        buffer = self.session.buffer
        rows = []
        for image_id, name in cells:
            pending = buffer.pending(image_id, name)
            if pending is UNSET:
                rows.append([image_id, name, None, None, True])
            else:
                rows.append([image_id, name, buffer.original(image_id, name), pending, False])
        self.reporter.say(f"CELLS {self.journal.queued_seq + 1} {json.dumps(rows, ensure_ascii=False)}")

    async def load(self) -> list[str]:
        await self.loader.start(None)
        return list(self.session.buffer.ids)


class Reporter(ChildReporter):
    def say(self, line: str) -> None:
        self._say(line)


# -- work mode ----------------------------------------------------------------------------------
def value(rng: random.Random, name: str) -> str:
    if name == "keywords":
        return "; ".join(rng.sample(WORDS[:6], rng.randint(0, 3)))
    return rng.choice(WORDS)


async def work(app: App, seed: int, csv_dir: Path) -> None:
    rng = random.Random(seed)
    ids = await app.load()
    start = (seed * 7) % (len(ids) - EDITED_IMAGES)
    mine = ids[start:start + EDITED_IMAGES]
    model, stack, buffer = app.model, app.undo_stack, app.session.buffer
    app.reporter.ready()
    n = 0
    while True:
        n += 1
        roll = rng.random()
        if roll < 0.45:
            name = rng.choice(FIELDS)
            row = model.row_of(rng.choice(mine))
            assert row is not None
            model.setData(model.index(row, model.column_of(name)), value(rng, name))
        elif roll < 0.57:
            stack.undo()
        elif roll < 0.63:
            stack.redo()
        elif roll < 0.73:
            chosen = rng.sample(mine, rng.randint(2, 8))
            path = csv_dir / f"import-{seed}-{n}.csv"
            lines = ["id,title,city"] + [f"{i},{value(rng, 'title') or 'Untitled'},{value(rng, 'city')}"
                                         for i in chosen]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            table = T.read_table(path)
            preview = T.build_preview(table, T.suggest_mapping(table), current_lookup(buffer))
            changes = [(i, f, v) for i, diff in preview.changes().items() for f, v in diff.items()]
            push_edit(stack, buffer, changes, "Import")
        else:
            plan = app.submitter.plan(OPTIONS, rng.sample(mine, rng.randint(1, 6)))
            if plan:
                app.submitter.start(plan, OPTIONS)
        app.reporter.step(n, app.journal)
        await asyncio.sleep(rng.uniform(0, 0.01))


# -- restore mode -------------------------------------------------------------------------------
async def restore(app: App, emulator_url: str) -> dict[str, Any]:
    """Restore as the window does on Restore, follow operations, then submit as the user would."""
    await app.load()
    app.reporter.ready()
    session, buffer = app.session, app.session.buffer
    loaded = {i: dict(buffer.baseline(i)) for i in buffer.ids}
    state = session.pending_state()
    journaled = {i: {n: list(e) for n, e in fields.items()} for i, fields in state.edits.items()}
    server = {i: {n: buffer.original(i, n) for n in fields} for i, fields in state.edits.items() if i in buffer}
    report = await session.restore(state, app.model.append_records)
    restored = {i: buffer.changes(i) for i in state.edits if i in buffer}
    followed = []
    for batch in state.in_flight:
        if batch.op_id is None:
            session.forget_batch(batch.batch_id, batch.image_ids)
        else:
            entry = app.submitter.resume(batch.batch_id, batch.op_id, batch.items, OPTIONS)
            if entry is not None:
                followed.append(entry)
    while not all(e.done for e in followed):
        await asyncio.sleep(0.01)
    patches_before_submit = _patches(emulator_url)
    still_submitting = [i for i in buffer.ids if buffer.in_flight(i) is not None]
    plan = app.submitter.plan(OPTIONS)  # the user reviewed the pending edits and submits them
    summary = await app.submitter.start(plan, OPTIONS) if plan else None
    submitted = plan.items if plan else []
    return {"journaled": journaled, "server": server, "restored": restored,
            "loaded": {item["id"]: {f: loaded[item["id"]].get(f) for f in item if f != "id"} for item in submitted},
            "followed_items": [item for e in followed if e.phase == "finished" for item in e.items
                               if item["id"] in e.outcome.confirmed],
            "applied": report.applied, "already_applied": report.already_applied,
            "conflicts": report.conflicts.field_count, "missing": report.missing,
            "in_flight": [[b.batch_id, b.op_id, b.image_ids] for b in state.in_flight],
            "followed": [[e.op_id, e.phase] for e in followed], "still_submitting": still_submitting,
            "patches_before_submit": patches_before_submit,
            "submitted": submitted, "confirmed": summary.confirmed if summary else []}


def _patches(emulator_url: str) -> int:
    import httpx

    with httpx.Client(base_url=emulator_url, trust_env=False) as c:
        return sum(r["method"] == "PATCH" for r in c.get("/_emulator/requests").json())


# -- running ------------------------------------------------------------------------------------
def worker_main(mode: str, url: str, key: str, db: Path, seed: int, out: Path) -> int:
    os.environ["WESOG_DESKTOP_HOME"] = str(db.parent / "home")
    reporter = Reporter(out)
    qapp = QApplication.instance() or QApplication(["kill-child"])
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    app = App(url, key, db, reporter)

    async def main() -> None:
        try:
            if mode == "work":
                await work(app, seed, db.parent)
            else:
                result = await restore(app, url)
                reporter.say("RESULT " + json.dumps(result, ensure_ascii=False, default=str))
        finally:
            await app.session.aclose()

    with loop:
        loop.run_until_complete(main())
    app.journal.close()
    return 0


def zygote_main() -> None:
    """Fork a worker per stdin line ``mode\\turl\\tkey\\tdb\\tseed\\tout``; report FORKED/REAPED."""
    for line in sys.stdin:
        mode, url, key, db, seed, out = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = worker_main(mode, url, key, Path(db), int(seed), Path(out))
            except BaseException as exc:  # the parent reads the reason from the protocol file
                os.write(os.open(out, os.O_WRONLY | os.O_APPEND), f"ERROR {exc!r}\n".encode())
            finally:
                os._exit(code)
        print(f"FORKED {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        how = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"REAPED {pid} {how}", flush=True)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    zygote_main()
