"""Starting the editor: the Qt application, the one qasync loop, the session and the window.

``--demo`` serves the sample catalog from an in-process emulator and opens the window on it.
Otherwise the connection comes from ``WESOG_API_URL`` and ``WESOG_API_KEY``. ``--screenshot
PNG`` saves the window once loading finished and the first screen of thumbnails arrived (or
3 s passed), then quits: README pictures and visual checks use it.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (before pydantic, see RECIPES.md section 7)
import qasync
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from wesog_desktop import __version__
from wesog_desktop.domain.urls import check_api_url
from wesog_desktop.resources import resource
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

THUMBNAIL_WAIT_S = 3.0


def make_application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Wesog Desktop")
    app.setOrganizationName("Wesog")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("wesog-desktop")
    app.setWindowIcon(QIcon(str(resource("icons/wesog-desktop.svg"))))
    app.setQuitOnLastWindowClosed(False)  # the window quits through its async close
    return app


def _connection(args: argparse.Namespace) -> tuple[str, str, Any]:
    """(base URL, key, emulator or None)."""
    if getattr(args, "demo", False):
        from wesog_desktop.emulator.server import EmulatorServer

        emulator = EmulatorServer(catalog_path=getattr(args, "catalog", None), generated_thumbnails=True,
                                  delay_ms=0)
        return emulator.start(), "", emulator
    return os.environ.get("WESOG_API_URL", "").strip(), os.environ.get("WESOG_API_KEY", ""), None


def run_gui(args: argparse.Namespace) -> int:
    """Open the editor; returns the process exit code."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = make_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    screenshot = getattr(args, "screenshot", None)
    url, key, emulator = _connection(args)
    try:
        reason = None if url else ("No Wesog address: set WESOG_API_URL (and WESOG_API_KEY), "
                                   "or start with --demo to try the editor on a local sample.")
        if url:
            reason = check_api_url(url)
            reason = reason and f"WESOG_API_URL is refused: {reason}."
        if reason:
            print(reason, file=sys.stderr)
            if not screenshot:
                QMessageBox.warning(None, "Wesog Desktop", reason)
            return 2
        messages = MessageBridge(dialogs_allowed=not screenshot)
        label = "demo (local emulator)" if emulator is not None else None
        session = Session(url, key, messages=messages, label=label)
        window = MainWindow(session)
        if getattr(args, "exit_when_shown", False):
            from wesog_desktop.selftest import close_when_shown

            close_when_shown(window)
        with loop:
            code = loop.run_until_complete(_run(window, screenshot))
        window.deleteLater()
        del window, session
        gc.collect()  # while the interpreter is whole: Qt objects must not die during finalization
        return code
    finally:
        if emulator is not None:
            emulator.stop()


async def _run(window: MainWindow, screenshot: str | None) -> int:
    done = asyncio.get_running_loop().create_future()
    window.closed.connect(lambda: done.done() or done.set_result(0))
    window.show()
    window.load()
    if screenshot:
        code = await _take_screenshot(window, Path(screenshot))
        await window.aclose()
        return code
    return int(await done)


async def _take_screenshot(window: MainWindow, path: Path) -> int:
    """Wait for the catalog and the first screen of thumbnails, then save the window."""
    loader = window.loader
    while loader.running:
        await asyncio.sleep(0.05)
    deadline = time.monotonic() + THUMBNAIL_WAIT_S
    await asyncio.sleep(0.3)  # the view asks for thumbnails after a short pause
    service = window.session.thumbnails
    while time.monotonic() < deadline:
        rows = window.table.visible_rows()
        ids = [window.model.id_at(r) for r in rows]
        if ids and all(service.state(i) in ("ready", "failed") for i in ids):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # let the last thumbnails paint
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        print(f"could not write {path}", file=sys.stderr)
        return 1
    print(f"screenshot saved to {path}")
    return 0
