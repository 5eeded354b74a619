"""Dropping files on the window and driving the import dialog, as the user would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Driver
from wesog_desktop.ui.import_dialog import ImportDialog
from wesog_desktop.ui.main_window import MainWindow


def mime_for(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def drag_over(window: MainWindow, path: Path) -> QDragEnterEvent:
    """Drag ``path`` over the middle of the window, as a file manager would."""
    mime = mime_for(path)  # the event does not own it: keep it alive while it is delivered
    event = QDragEnterEvent(window.rect().center(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event


def drag_away(window: MainWindow) -> None:
    QApplication.sendEvent(window, QDragLeaveEvent())


def drop(window: MainWindow, path: Path) -> QDropEvent:
    center: QPoint = window.rect().center()
    mime = mime_for(path)
    event = QDropEvent(QPointF(center), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event


def drop_and_read(driver: Driver, window: MainWindow, path: Path) -> ImportDialog:
    """Drop ``path`` on ``window`` and wait until the dialog has read it."""
    drag_over(window, path)
    drop(window, path)
    dialog = window.import_actions.dialog
    assert isinstance(dialog, ImportDialog)
    assert dialog.task is not None
    driver.run(dialog.task)
    return dialog


def previewed(driver: Driver, dialog: ImportDialog) -> ImportDialog:
    """Click "Preview changes" and wait for the preview page."""
    dialog.next_button.click()
    assert dialog.task is not None
    driver.run(dialog.task)
    return dialog


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def current(window: MainWindow, image_id: str) -> dict[str, Any]:
    return window.buffer.current(image_id)
