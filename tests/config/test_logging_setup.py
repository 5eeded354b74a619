"""The API key never reaches the log file, stderr or a crash report."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator

import pytest

from wesog_desktop.config import logging_setup as L
from wesog_desktop.config import paths

KEY = "wk-live-9d8c7b6a5f4e"


@pytest.fixture
def logged() -> Iterator[logging.Logger]:
    """Logging set up as the app does; the root logger is put back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    L.register_secret(KEY)
    L.setup_logging(verbose=True)
    yield logging.getLogger("wesog_desktop.test")
    for h in root.handlers:
        if h not in handlers:
            root.removeHandler(h)
            h.close()
    root.setLevel(level)


def log_text() -> str:
    for h in logging.getLogger().handlers:
        h.flush()
    return L.log_file_path().read_text(encoding="utf-8")


def test_the_log_file_is_in_the_log_folder(logged: logging.Logger) -> None:
    logged.info("started")
    assert L.log_file_path().parent == paths.log_dir()
    assert "started" in log_text()


def test_key_in_message_and_args_is_masked(logged: logging.Logger, capsys: pytest.CaptureFixture[str]) -> None:
    logged.info("key is " + KEY)
    logged.warning("sending %s to %s", {"API-Key": KEY}, "https://api.wesog.com")
    text = log_text()
    assert KEY not in text and KEY not in capsys.readouterr().err
    assert "key is ***" in text
    assert "{'API-Key': '***'} to https://api.wesog.com" in text


def test_key_in_an_exception_is_masked(logged: logging.Logger) -> None:
    try:
        raise RuntimeError(f"server refused key {KEY}")
    except RuntimeError:
        logged.exception("submit failed")
    text = log_text()
    assert "submit failed" in text and "server refused key ***" in text and "Traceback" in text
    assert KEY not in text


@pytest.mark.parametrize("line", ["API-Key: abc123secret", "api-key=abc123secret", "'api_key': 'abc123secret'",
                                  '"API-Key": "abc123secret"', "headers API-KEY:abc123secret"])
def test_any_api_key_header_value_is_masked(line: str) -> None:
    out = L.redact(line)
    assert "abc123secret" not in out and "***" in out


def test_redaction_leaves_ordinary_text_alone() -> None:
    assert L.redact("PATCH /imgs 202 op_id=17") == "PATCH /imgs 202 op_id=17"


def test_short_strings_are_not_taken_for_secrets() -> None:
    L.register_secret("ab")
    assert L.redact("about a tab") == "about a tab"


def test_crash_report_is_written_redacted(logged: logging.Logger, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        raise ValueError(f"bad header API-Key: {KEY}")
    except ValueError:
        L._excepthook(*sys.exc_info())  # type: ignore[arg-type]
    reports = list(paths.log_dir().glob("crash-*.txt"))
    assert len(reports) == 1
    report = reports[0].read_text()
    assert "ValueError: bad header API-Key: ***" in report and KEY not in report
    assert "unhandled exception" in log_text() and KEY not in log_text()
    assert KEY not in capsys.readouterr().err


def test_install_excepthook_routes_unhandled_exceptions() -> None:
    before = sys.excepthook
    try:
        L.install_excepthook()
        assert sys.excepthook is L._excepthook
    finally:
        sys.excepthook = before
        threading.excepthook = threading.__excepthook__
