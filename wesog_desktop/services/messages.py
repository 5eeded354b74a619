"""One path for every message meant for the user (STYLE habit 7).

Services report through the bridge; the window decides between the status bar, a banner and
a dialog. With ``dialogs_allowed`` off (tests, the self-test) everything becomes a log line.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class MessageBridge(QObject):
    """Carries user-facing messages from services to the window."""

    message_posted = Signal(str, str)
    """(level, text): level is "info", "warning" or "error"."""

    def __init__(self, dialogs_allowed: bool = True) -> None:
        super().__init__()
        self.dialogs_allowed = dialogs_allowed
        self.history: list[tuple[str, str]] = []

    def info(self, text: str) -> None:
        self._post("info", text)

    def warning(self, text: str) -> None:
        self._post("warning", text)

    def error(self, text: str) -> None:
        self._post("error", text)

    def _post(self, level: str, text: str) -> None:
        self.history.append((level, text))
        del self.history[:-200]
        log.log(logging.ERROR if level == "error" else logging.INFO, "%s", text)
        self.message_posted.emit(level, text)
