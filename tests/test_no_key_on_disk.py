"""The API key is never written to disk: not by the keyring fallback, logs, crash reports,
settings or the journal. Everything the app writes lives under $WESOG_DESKTOP_HOME in tests, so
every byte there is scanned for the key (plain and base64, as keyrings.alt would store it)."""

from __future__ import annotations

import base64
import logging
import os
import sys
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from wesog_desktop.config import logging_setup
from wesog_desktop.config.keys import KeyStore
from wesog_desktop.config.settings import Connection, Settings, load_settings, save_settings
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.services.journal import Journal, server_scope

KEY = "wk-live-DO-NOT-WRITE-7c41e0b9d2"
URL = "https://api.wesog.com"


def forms_of_the_key() -> list[bytes]:
    raw = KEY.encode()
    return [raw, base64.b64encode(raw), KEY.encode("utf-16-le")]


def all_files(home: Path) -> list[Path]:
    return [Path(d) / f for d, _dirs, names in os.walk(home) for f in names]


def files_holding_the_key(home: Path) -> list[str]:
    return [str(p) for p in all_files(home) for form in forms_of_the_key() if form in p.read_bytes()]


@pytest.fixture
def plaintext_keyring_in_home(_isolated_home: Path, monkeypatch: pytest.MonkeyPatch):
    """The one keyring that would write the key to a file, pointed inside the scanned home."""
    monkeypatch.setenv("XDG_DATA_HOME", str(_isolated_home / "xdg-data"))
    before = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    yield
    keyring.set_keyring(before)


def test_no_file_under_the_home_holds_the_key(_isolated_home: Path, plaintext_keyring_in_home) -> None:
    keys = KeyStore()
    assert not keys.secure_backend
    assert keys.set(URL, KEY, remember=True) is False
    assert keys.get(URL) == KEY

    root = logging.getLogger()
    handlers = list(root.handlers)
    logging_setup.setup_logging(verbose=True)
    try:
        log = logging.getLogger("wesog_desktop.session")
        log.info("connecting with key %s", KEY)
        log.debug("headers %r", {"API-Key": KEY, "Accept": "application/json"})
        try:
            raise PermissionError(f"401 for API-Key: {KEY}")
        except PermissionError:
            log.exception("request failed")
            logging_setup.write_crash_report(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        for h in root.handlers[:]:
            if h not in handlers:
                h.flush()
                root.removeHandler(h)
                h.close()

    save_settings(Settings(connections=[Connection(name="Prod", base_url=URL)], active_connection="Prod"))
    assert load_settings().connection() is not None

    buffer = EditBuffer()
    buffer.add_records([{"id": "1", "title": "a"}, {"id": "2", "title": "b"}])
    journal = Journal()
    server = server_scope(URL, keys.get(URL))
    journal.attach(buffer, server)
    buffer.put([("1", "title", "edited"), ("2", "caption", "new")])
    journal.record_batch_sent(server, "b-1", 9, [{"id": "1", "title": "edited"}])
    assert journal.flush()

    names = {p.name for p in all_files(_isolated_home)}
    assert {"settings.json", "wesog-desktop.log", "journal.sqlite3", "journal.sqlite3-wal"} <= names
    assert any(n.startswith("crash-") for n in names)
    assert files_holding_the_key(_isolated_home) == []
    journal.close()  # the WAL is checkpointed into the database: scan again
    assert files_holding_the_key(_isolated_home) == []
    assert b"request failed" in (_isolated_home / "log" / "wesog-desktop.log").read_bytes()
