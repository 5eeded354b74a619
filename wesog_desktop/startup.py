"""Starting the editor: logging, settings, keys, the journal, the Qt application, the one
qasync loop, the session and the window.

``--demo`` serves the sample catalog from an in-process emulator and opens the window on it.
Otherwise the connection is ``WESOG_API_URL`` (key: ``WESOG_API_KEY`` or the keyring), else the
active connection of the settings (key from the keyring, ``WESOG_API_KEY`` as fallback), else
the first-run dialog asks for one or offers the demo. An address that would send the key
unencrypted is refused with the reason. ``--screenshot PNG`` saves the window once loading
finished and the first screen of thumbnails arrived (or 3 s passed), then quits: README
pictures and visual checks use it; it never shows a dialog.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (before pydantic, see RECIPES.md section 7)
import qasync
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from wesog_desktop import __version__
from wesog_desktop.api.clearing import ClearPolicy
from wesog_desktop.config.keys import ENV_KEY, KeyStore
from wesog_desktop.config.logging_setup import install_excepthook, setup_logging
from wesog_desktop.config.settings import Settings, load_settings, save_settings
from wesog_desktop.domain.urls import check_api_url
from wesog_desktop.resources import resource
from wesog_desktop.services.journal import Journal
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.services.submitter import options_from_settings
from wesog_desktop.ui.first_run_dialog import FirstRunChoice, ask_first_run
from wesog_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

THUMBNAIL_WAIT_S = 3.0
NO_ADDRESS = ("No Wesog address: set WESOG_API_URL (and WESOG_API_KEY), "
              "or start with --demo to try the editor on a local sample.")


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


@dataclass
class Target:
    """Where this run connects: address, key, label; ``emulator`` for the demo; or why not."""

    url: str = ""
    key: str = ""
    label: str | None = None
    emulator: Any = None
    from_settings: bool = False
    refused: str | None = None
    cancelled: bool = False


def _demo(args: argparse.Namespace) -> Target:
    from wesog_desktop.emulator.server import EmulatorServer

    emulator = EmulatorServer(catalog_path=getattr(args, "catalog", None), generated_thumbnails=True,
                              delay_ms=0)
    return Target(emulator.start(), "", "demo (local emulator)", emulator)


def choose_target(args: argparse.Namespace, settings: Settings, keys: KeyStore, dialogs: bool) -> Target:
    """The connection of this run (the first-run dialog asks when nothing names one)."""
    if getattr(args, "demo", False):
        return _demo(args)
    url = os.environ.get("WESOG_API_URL", "").strip()
    if url:
        reason = check_api_url(url)
        if reason:
            return Target(refused=f"WESOG_API_URL is refused: {reason}.")
        key = os.environ.get(ENV_KEY) or keys.get(url.rstrip("/")) or ""
        return Target(url, key)
    conn = settings.connection()
    if conn is None and dialogs:
        result = ask_first_run(keys)
        if result.choice is FirstRunChoice.DEMO:
            return _demo(args)
        if result.choice is FirstRunChoice.CANCEL:
            return Target(cancelled=True)
        result.apply(settings, keys)
        save_settings(settings)
        conn = settings.connection()
    if conn is None:
        return Target(refused=NO_ADDRESS)
    reason = check_api_url(conn.base_url)
    if reason:
        return Target(refused=f"The address of {conn.name} is refused: {reason}. Change it in Settings.")
    return Target(conn.base_url, keys.get(conn.base_url) or "", conn.name, from_settings=True)


def run_gui(args: argparse.Namespace) -> int:
    """Open the editor; returns the process exit code."""
    setup_logging()
    install_excepthook()
    app = make_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    screenshot = getattr(args, "screenshot", None)
    settings = load_settings()
    keys = KeyStore()
    target = choose_target(args, settings, keys, dialogs=not screenshot)
    journal: Journal | None = None
    try:
        if target.cancelled:
            return 0
        if target.refused:
            print(target.refused, file=sys.stderr)
            if not screenshot:
                QMessageBox.warning(None, "Wesog Desktop", target.refused)
            return 2
        journal = Journal()
        messages = MessageBridge(dialogs_allowed=not screenshot)
        options = options_from_settings(settings) if target.from_settings else None
        session = Session(target.url, target.key, messages=messages, label=target.label, journal=journal,
                         clear_policy=ClearPolicy.named(settings.clear_policy_name), submit_options=options,
                         keys=keys)
        window = MainWindow(session)
        for notice in _notices(settings, keys, journal, key_needed=target.emulator is None):
            messages.warning(notice)
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
        if journal is not None:
            journal.close()
        if target.emulator is not None:
            target.emulator.stop()


def _notices(settings: Settings, keys: KeyStore, journal: Journal, key_needed: bool) -> list[str]:
    """What the user should know at start: a settings file that was not used, keys kept only in
    memory (not worth saying in the demo, which needs no key), a damaged journal kept aside."""
    notices = [n for n in (settings.load_notice,) if n]
    if key_needed and not keys.secure_backend:
        notices.append(keys.status_message)
    if journal.kept_aside is not None:
        notices.append(f"The journal of unsubmitted edits was damaged; it was kept as {journal.kept_aside.name}.")
    return notices


async def _run(window: MainWindow, screenshot: str | None) -> int:
    done = asyncio.get_running_loop().create_future()

    def closed() -> None:
        if not done.done():
            done.set_result(0)

    window.closed.connect(closed)
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
