"""The whole app writes the API key nowhere: start-up, loading, editing, submitting, a failed
request, a crash report, exporting, settings, the journal and the thumbnail cache.

The emulator demands the key (``--api-key``), so every request really carries it. Then every
file under ``$WESOG_DESKTOP_HOME`` and the export is scanned for the key, plain, base64 and UTF-16.
"""

from __future__ import annotations

import argparse
import base64
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from tests.conftest import API_KEY, Emulator
from tests.safety.conftest import SafetyDriver
from tests.test_no_key_on_disk import all_files
from wesog_desktop.api.clearing import ClearPolicy
from wesog_desktop.api.errors import WesogError
from wesog_desktop.config import logging_setup
from wesog_desktop.config.keys import KeyStore
from wesog_desktop.config.settings import Connection, Settings, load_settings, save_settings
from wesog_desktop.domain.table_export import export_csv
from wesog_desktop.services.journal import Journal
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.startup import choose_target
from wesog_desktop.ui.main_window import MainWindow

FORMS = [API_KEY.encode(), base64.b64encode(API_KEY.encode()), API_KEY.encode("utf-16-le")]


def holding_the_key(*roots: Path) -> list[str]:
    return [str(p) for root in roots for p in all_files(root) for form in FORMS if form in p.read_bytes()]


@pytest.fixture
def logging_to_the_home() -> Any:
    root = logging.getLogger()
    before = list(root.handlers)
    logging_setup.setup_logging(verbose=True)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            handler.flush()
            root.removeHandler(handler)
            handler.close()


def test_a_whole_session_leaves_no_key_in_any_file(safety: SafetyDriver, emulator: Emulator, _isolated_home: Path,
                                                   tmp_path: Path, logging_to_the_home: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(_isolated_home / "xdg-data"))  # a file keyring would write here
    before = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        keys = KeyStore()
        save_settings(Settings(connections=[Connection(name="Local", base_url=emulator.url)],
                               active_connection="Local", clear_text_with="empty"))
        assert keys.set(emulator.url, API_KEY, remember=True) is False  # not a secure keyring: memory only
        settings = load_settings()
        target = choose_target(argparse.Namespace(demo=False), settings, keys, dialogs=False)
        assert (target.url, target.key) == (emulator.url, API_KEY)
    finally:
        keyring.set_keyring(before)
    journal = safety.journal()
    session = Session(target.url, target.key, messages=MessageBridge(dialogs_allowed=False), journal=journal,
                      clear_policy=ClearPolicy.named(settings.clear_policy_name), keys=keys)
    safety.sessions.append(session)
    window = MainWindow(session)
    safety.windows.append(window)
    window.show()
    safety.run(window.load(""))
    safety.until(lambda: any(session.thumbnails.state(window.model.id_at(r)) == "ready" for r in range(5)))
    model = window.model
    for row in range(3):
        assert model.setData(model.index(row, model.column_of("title")), f"Edited {row}")
    assert model.setData(model.index(3, model.column_of("title")), "")  # cleared with "" (the setting)
    summary = safety.run(window.submit_actions.submit())
    assert summary is not None and len(summary.confirmed) == 4
    try:
        safety.run(session.client.get_operation(987654))
        raise AssertionError("an unknown operation was found")
    except WesogError:  # a failed request, logged with its traceback as the app logs errors
        logging.getLogger("wesog_desktop.test").exception("the request failed")
    try:
        raise PermissionError(f"401 for API-Key: {API_KEY}")
    except PermissionError:
        logging_setup.write_crash_report(*sys.exc_info())  # type: ignore[arg-type]
    assert model.setData(model.index(5, model.column_of("city")), "Kept for later")
    export = tmp_path / "export" / "images.csv"
    export.parent.mkdir()
    assert export_csv(export, (window.buffer.current(i) for i in window.buffer.ids)) == len(window.buffer)
    safety.close_all()
    safety.windows.clear()
    safety.sessions.clear()
    for handler in logging.getLogger().handlers:
        handler.flush()

    names = {p.name for p in all_files(_isolated_home)}
    assert {"settings.json", "wesog-desktop.log", "journal.sqlite3"} <= names
    assert any(n.startswith("crash-") for n in names)
    assert all_files(_isolated_home / "cache" / "thumbnails")
    log_text = (_isolated_home / "log" / "wesog-desktop.log").read_text(encoding="utf-8")
    assert "the request failed" in log_text and "Traceback" in log_text
    assert Journal().pending_for(session.server).edits != {}
    assert holding_the_key(_isolated_home, export.parent) == []


def test_the_started_app_leaves_no_key_in_any_file(emulator: Emulator, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WESOG_DESKTOP_HOME": str(home),
           "WESOG_API_URL": emulator.url, "WESOG_API_KEY": API_KEY}
    done = subprocess.run([sys.executable, "-m", "wesog_desktop", "--screenshot", str(tmp_path / "shot.png")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert any(r["path"] == "/imgs" for r in emulator.requests())  # it loaded, with the key
    names = {p.name for p in all_files(home)}
    assert {"wesog-desktop.log", "journal.sqlite3"} <= names
    assert holding_the_key(home) == [] and API_KEY not in done.stdout + done.stderr
