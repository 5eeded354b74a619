"""Window state between runs: geometry, docks, table columns, thumbnail size.

Kept in its own INI file (``window-state.ini`` in the config folder), apart from the settings,
so that resetting the layout never touches a setting and a settings migration never breaks the
layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from wesog_desktop.config.paths import config_dir

VERSION = 1
FILE_NAME = "window-state.ini"


def state_path() -> Path:
    return config_dir() / FILE_NAME


class WindowState:
    """Saves and restores the layout of the main window."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_path()
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def save(self, window: QMainWindow, header: QHeaderView, splitter: QSplitter | None,
             thumb_size: int) -> None:
        s = self._settings
        s.setValue("version", VERSION)
        s.setValue("window/geometry", window.saveGeometry())
        s.setValue("window/state", window.saveState(VERSION))
        s.setValue("table/header", header.saveState())
        s.setValue("table/columns", header.count())
        s.setValue("table/thumb_size", thumb_size)
        if splitter is not None:
            s.setValue("side_panel/splitter", splitter.saveState())
        s.sync()

    def thumb_size(self, default: int) -> int:
        value = self._settings.value("table/thumb_size", default)
        try:
            return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def restore(self, window: QMainWindow, header: QHeaderView, splitter: QSplitter | None) -> bool:
        """Put back what ``save`` wrote; False when there was nothing (first run) or it was stale."""
        s = self._settings
        if _int(s.value("version")) != VERSION:
            return False
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state, VERSION)
        columns = s.value("table/header")
        if isinstance(columns, QByteArray) and header.count() == _int(s.value("table/columns")):
            header.restoreState(columns)  # a different column count (a field was added) starts afresh
        split = s.value("side_panel/splitter")
        if splitter is not None and isinstance(split, QByteArray):
            splitter.restoreState(split)
        return True


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
