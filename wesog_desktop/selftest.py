"""Checks of a build of the app: ``--selftest`` and the hidden ``--exit-when-shown``.

``run_selftest`` proves that an installation works end to end without a display or a server:
it starts the emulator in-process, opens the real main window (offscreen when there is no
display) on the app's one qasync loop, loads the sample catalog, edits a few fields through the
model and its undo stack, submits through the submitter the review dialog calls, follows the
operation to its end and checks that the images are confirmed and that the emulator stored the
values. Each step prints one line; ``WESOG_DESKTOP_HOME`` points at a temporary folder, so the
user's profile is never touched.

``close_when_shown`` serves ``--exit-when-shown``: the window closes itself after its first
paint and prints how long after the process started that was (cold-start measurements).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

import qasync
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from wesog_desktop.config.settings import load_settings
from wesog_desktop.domain.edit_buffer import RowState, same_value
from wesog_desktop.emulator.server import EmulatorServer
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.operation_tracker import Phase, SubmitSummary
from wesog_desktop.services.session import Session
from wesog_desktop.services.submitter import options_from_settings
from wesog_desktop.startup import make_application
from wesog_desktop.ui.main_window import MainWindow

IMPORTED_AT = time.perf_counter()
TIMEOUT_S = 60.0
"""The whole self-test; a watchdog ends the process 15 s later should the event loop hang."""
DELAY_MS = 20.0
"""The emulator's per-image processing delay, so the operation is followed while it runs."""
EDITED_ROWS = 3
THUMBNAIL_WAIT_S = 20.0


def seconds_since_process_start() -> float:
    """The age of this process, interpreter start included (Linux); else since this import."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - IMPORTED_AT


class _FirstPaint(QObject):
    """Calls ``callback`` once, right after the watched window painted for the first time."""

    def __init__(self, window: QObject, callback: Callable[[], object]) -> None:
        super().__init__(window)
        self._callback: Callable[[], object] | None = callback
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, callback)  # after the paint reached the screen
        return False


def close_when_shown(window: MainWindow) -> None:
    """Close ``window`` once it is shown, printing ``shown after X.XXX s`` (from process start)."""

    def shown() -> None:
        print(f"shown after {seconds_since_process_start():.3f} s", flush=True)
        window.close()

    _FirstPaint(window, shown)


class StepFailed(Exception):
    """A self-test step found something wrong; the message says what."""


def use_offscreen_without_display() -> None:
    """Render offscreen on Linux when no X or Wayland display is there (CI, a bare server)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _say(text: str) -> None:
    print(f"selftest: {text}", flush=True)


def _abort() -> None:
    _say(f"FAILED: the event loop did not end within {TIMEOUT_S + 15:g} s")
    os._exit(1)


def run_selftest(args: argparse.Namespace) -> int:
    """The ``--selftest`` command: 0 when every step worked, 1 otherwise."""
    use_offscreen_without_display()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    watchdog = threading.Timer(TIMEOUT_S + 15, _abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        with tempfile.TemporaryDirectory(prefix="wesog-selftest-", ignore_cleanup_errors=True) as home:
            os.environ["WESOG_DESKTOP_HOME"] = home
            return _run(getattr(args, "catalog", None))
    finally:
        watchdog.cancel()


def _run(catalog: str | None) -> int:
    emulator = EmulatorServer(catalog_path=catalog, generated_thumbnails=True, delay_ms=DELAY_MS)
    try:
        url = emulator.start()
    except Exception as exc:
        _say(f"FAILED at emulator: {exc}")
        return 1
    try:
        _say(f"emulator ok ({url})")
        app = make_application()
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        session = Session(url, "", messages=MessageBridge(dialogs_allowed=False), label="self-test")
        window = MainWindow(session)
        test = SelfTest(window, _say)
        with loop:
            code = loop.run_until_complete(test.run(TIMEOUT_S))
        window.deleteLater()
        del window, session, test
        gc.collect()  # while the interpreter is whole: Qt objects must not die during finalization
        return code
    finally:
        emulator.stop()


async def first_paint(window: MainWindow) -> None:
    """Show ``window`` and return once it has painted."""
    shown = asyncio.get_running_loop().create_future()
    _FirstPaint(window, lambda: shown.done() or shown.set_result(None))
    window.show()
    await shown


class SelfTest:
    """The steps, run on the window's session; ``say`` prints one line per step."""

    def __init__(self, window: MainWindow, say: Callable[[str], None]) -> None:
        self.window = window
        self.say = say
        self.step = "start"
        self.expected: dict[str, dict[str, Any]] = {}
        """{image id: {field name: the value the user entered}}"""

    async def run(self, timeout: float) -> int:
        try:
            async with asyncio.timeout(timeout):
                await self._steps()
        except TimeoutError:
            self.say(f"FAILED at {self.step}: no end after {timeout:g} s")
            return 1
        except Exception as exc:  # any failure is the answer, with its step
            self.say(f"FAILED at {self.step}: {exc or type(exc).__name__}")
            return 1
        finally:
            await self.window.aclose()
        print("selftest ok", flush=True)
        return 0

    def _begin(self, step: str) -> None:
        self.step = step

    async def _steps(self) -> None:
        self._begin("window")
        await first_paint(self.window)
        if QGuiApplication.windowIcon().pixmap(48, 48).isNull():
            raise StepFailed("the SVG window icon did not render (iconengines/imageformats plugin missing?)")
        self.say(f"window ok ({QGuiApplication.platformName()}, SVG icon)")
        self._begin("load")
        self.say(f"load ok ({await self._load()} images)")
        self._begin("thumbnails")
        self.say(f"thumbnails ok ({await self._thumbnails()})")
        self._begin("edit")
        self.say(f"edit ok ({self._edit()})")
        self._begin("submit")
        summary = await self._submit()
        self._begin("follow")
        self.say(f"follow ok ({self._follow(summary)})")
        self._begin("confirm")
        self.say(f"confirm ok ({self._confirm()})")
        self._begin("server")
        self.say(f"server ok ({await self._server()})")

    async def _load(self) -> int:
        window = self.window
        failures: list[str] = []
        window.loader.failed.connect(failures.append)
        task = window.load("")
        if task is None:
            raise StepFailed("the window refused to load")
        await task
        if failures:
            raise StepFailed(failures[0])
        count = window.model.rowCount()
        if count < EDITED_ROWS:
            raise StepFailed(f"only {count} images arrived")
        return count

    async def _thumbnails(self) -> str:
        """The first rows' thumbnails arrive and decode (the emulator serves generated JPEGs)."""
        service = self.window.session.thumbnails
        ids = [self.window.model.id_at(row) for row in range(EDITED_ROWS)]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + THUMBNAIL_WAIT_S
        while True:
            states = {image_id: service.state(image_id) for image_id in ids}
            failed = [image_id for image_id, state in states.items() if state == "failed"]
            if failed:
                raise StepFailed(f"the thumbnails of {', '.join(failed)} failed to load or decode")
            if all(state == "ready" for state in states.values()):
                break
            if loop.time() > deadline:
                raise StepFailed(f"no thumbnails after {THUMBNAIL_WAIT_S:g} s: {states}")
            await asyncio.sleep(0.05)
        if any(service.pixmap(image_id, 64) is None for image_id in ids):
            raise StepFailed("a ready thumbnail has no picture")
        return f"{len(ids)} JPEG thumbnails decoded"

    def _edit(self) -> str:
        """Edit title, keywords, a flag and a date of the first rows, as a user would."""
        window = self.window
        model, buffer, stack = window.model, window.buffer, window.undo_stack
        role = Qt.ItemDataRole
        for row in range(EDITED_ROWS):
            image_id = model.id_at(row)
            flag = buffer.value(image_id, "nsfw") is not True
            edits = [("title", f"Self-test title {row + 1}", role.EditRole),
                     ("keywords", f"selftest; packaging; row {row + 1}", role.EditRole),
                     ("nsfw", Qt.CheckState.Checked if flag else Qt.CheckState.Unchecked, role.CheckStateRole),
                     ("date", f"2024-05-{row + 11}", role.EditRole)]
            for name, value, value_role in edits:
                if not model.setData(model.index(row, model.column_of(name)), value, value_role):
                    raise StepFailed(f"the table refused {name} = {value!r} for {image_id}")
                self.expected.setdefault(image_id, {})[name] = buffer.value(image_id, name)
        last_id, last_name = model.id_at(EDITED_ROWS - 1), "date"
        stack.undo()
        if buffer.is_changed(last_id, last_name):
            raise StepFailed("undo left the last edit in place")
        stack.redo()
        if buffer.value(last_id, last_name) != self.expected[last_id][last_name]:
            raise StepFailed("redo did not restore the last edit")
        fields, images = buffer.counts()
        wanted = sum(len(v) for v in self.expected.values())
        if (fields, images) != (wanted, EDITED_ROWS):
            raise StepFailed(f"{fields} fields on {images} images changed, expected {wanted} on {EDITED_ROWS}")
        return f"{fields} fields on {images} images, undo and redo"

    async def _submit(self) -> SubmitSummary:
        """What "Submit changes…" does once the review is accepted: plan, check, send."""
        submitter = self.window.submit_actions.submitter
        options = options_from_settings(load_settings())
        plan = submitter.plan(options)
        if plan.held_back or set(plan.ids) != set(self.expected):
            raise StepFailed(f"the plan holds {sorted(plan.ids)}, held back {sorted(plan.held_back)}")
        found = await submitter.check_conflicts(plan)
        if found is None or found[0]:
            raise StepFailed("the check for changes by others did not come back clean")
        self.say(f"submit ok ({len(plan.ids)} images in {len(plan.batches)} batch(es))")
        return await submitter.start(plan, options)

    def _follow(self, summary: SubmitSummary) -> str:
        history = self.window.submit_actions.submitter.history
        for entry in history:
            if entry.phase != Phase.FINISHED or entry.operation is None or not entry.operation.finished:
                raise StepFailed(f"batch {entry.number} ended as {entry.phase!r}: {entry.message}")
        if not summary.all_confirmed or set(summary.confirmed) != set(self.expected):
            raise StepFailed(summary.describe())
        ops = ", ".join(f"#{entry.op_id}" for entry in history)
        return f"operation {ops} finished, {len(summary.confirmed)} confirmed"

    def _confirm(self) -> str:
        """Every edited image is clean and its baseline holds what the user entered."""
        buffer = self.window.buffer
        for image_id, values in self.expected.items():
            if buffer.row_state(image_id) != RowState.UNCHANGED or buffer.changes(image_id):
                raise StepFailed(f"{image_id} is still {buffer.row_state(image_id)}")
            for name, value in values.items():
                if not same_value(buffer.original(image_id, name), value):
                    raise StepFailed(f"the baseline of {image_id}.{name} is {buffer.original(image_id, name)!r}")
        return f"{len(self.expected)} images clean with new baselines"

    async def _server(self) -> str:
        """Read the images back from the emulator: it stored what was sent."""
        fresh = await self.window.session.client.get_images(list(self.expected))
        count = 0
        for image_id, values in self.expected.items():
            record = fresh.get(image_id)
            if record is None:
                raise StepFailed(f"{image_id} is gone from the server")
            for name, value in values.items():
                if not same_value(record.get(name), value):
                    raise StepFailed(f"the server has {image_id}.{name} = {record.get(name)!r}, sent {value!r}")
                count += 1
        return f"the emulator stored {count} values"
