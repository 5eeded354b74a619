"""Logging to a rotating file and stderr, with every secret blotted out before it is written.

``SecretRedactor`` sits on each handler: it replaces the registered secrets (the API keys the
app holds: ``register_secret``) and any ``API-Key: …`` header value with ``***`` in the message,
its arguments, the exception text and the stack. The crash report written by the
``sys.excepthook`` goes through the same ``redact``.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from wesog_desktop.config import paths

MASK = "***"
LOG_FILE = "wesog-desktop.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
MIN_SECRET_LENGTH = 6
HANDLER_NAMES = ("wesog-log-file", "wesog-stderr")

_HEADER = re.compile(r"""(?i)(["']?\bapi[-_ ]?key["']?\s*[:=]\s*["']?)([^\s"',;}\]]+)""")
_secrets: set[str] = set()
_lock = threading.Lock()
_pattern: re.Pattern[str] | None = None


def register_secret(secret: str | None) -> None:
    """Never write ``secret`` in a log line or crash report from now on."""
    global _pattern
    if not secret or len(secret) < MIN_SECRET_LENGTH:
        return
    with _lock:
        if secret in _secrets:
            return
        _secrets.add(secret)
        ordered = sorted(_secrets, key=len, reverse=True)
        _pattern = re.compile("|".join(re.escape(s) for s in ordered))


def redact(text: str) -> str:
    """``text`` with every registered secret and every API-Key header value masked."""
    pattern = _pattern
    if pattern is not None:
        text = pattern.sub(MASK, text)
    return _HEADER.sub(lambda m: m.group(1) + MASK, text)


class SecretRedactor(logging.Filter):
    """Masks secrets in a record: message and args are merged, exception and stack text redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, redacted
            message = f"{record.msg!r} % {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def log_file_path() -> Path:
    """The current log file (its folder is what Help > Open log folder shows)."""
    return paths.log_dir() / LOG_FILE


def setup_logging(verbose: bool = False) -> None:
    """Log to the rotating file (INFO, or DEBUG when verbose) and to stderr (WARNING and up)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() in HANDLER_NAMES]:
        root.removeHandler(handler)
        handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s")
    file_handler = RotatingFileHandler(log_file_path(), maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                       encoding="utf-8")
    file_handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    stderr_handler = logging.StreamHandler(sys.stderr)
    stderr_handler.setLevel(logging.WARNING)
    handlers: tuple[logging.Handler, ...] = (file_handler, stderr_handler)
    for name, handler in zip(HANDLER_NAMES, handlers, strict=True):
        handler.set_name(name)
        handler.setFormatter(fmt)
        handler.addFilter(SecretRedactor())
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("httpcore").setLevel(logging.INFO)  # its DEBUG lines are per socket event


def write_crash_report(exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> Path:
    """Write a redacted crash report to the log folder and return its path."""
    text = redact("".join(traceback.format_exception(exc_type, exc, tb)))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = paths.log_dir() / f"crash-{stamp}.txt"
    n = 1
    while path.exists():
        n += 1
        path = paths.log_dir() / f"crash-{stamp}-{n}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    try:
        path = write_crash_report(exc_type, exc, tb)
    except OSError:
        path = None
    logging.getLogger("wesog_desktop.crash").critical(
        "unhandled exception (report: %s)", path, exc_info=(exc_type, exc, tb))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def install_excepthook() -> None:
    """Route unhandled exceptions (GUI thread, Qt slots, worker threads) to a crash report."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
