"""The window's table import and export: File › Import… (Ctrl+I), drop a file, File › Export… (Ctrl+E).

Dragging a file over the window shows a banner, "Drop to import CSV or Excel"; dropping it
opens the import dialog, exactly like File › Import…. The file's bytes decide how it is read,
so a file that is not a table gets the dialog's clear message rather than a refused drop.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from wesog_desktop.ui.export_dialog import ExportDialog
from wesog_desktop.ui.import_dialog import ImportDialog

FILE_FILTER = "Tables (*.csv *.tsv *.txt *.xlsx *.gz);;All files (*)"
DROP_TEXT = "Drop to import CSV or Excel"


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local file being dragged, or None (several files, a folder, a web link, text)."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if path.is_file() else None


class DropBanner(QLabel):
    """The translucent banner over the window while a file is dragged over it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(DROP_TEXT, parent)
        self.setObjectName("dropBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet("#dropBanner { background: rgba(40, 110, 220, 60); color: #0b3d91;"
                           " border: 3px dashed #2a6fdb; border-radius: 12px; font-size: 24pt;"
                           " font-weight: bold; }")
        self.hide()

    def cover(self, widget: QWidget) -> None:
        self.setGeometry(widget.rect().adjusted(12, 12, -12, -12))
        self.raise_()
        self.show()


class ImportActions(QObject):
    """Owns the Import/Export actions and the drop handling of one window."""

    dialog_shown = Signal(object)
    """(QDialog) an import or export dialog opened (tests and automation drive it from here)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ImportDialog | ExportDialog | None = None
        self.import_action = QAction("&Import…", window)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setToolTip("Import field values from a CSV or Excel file (Ctrl+I, or drop the file)")
        self.import_action.triggered.connect(lambda _=False: self.choose_file())
        self.export_action = QAction("&Export…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setToolTip("Export the loaded images to a CSV file (Ctrl+E)")
        self.export_action.triggered.connect(lambda _=False: self.open_export())
        menu = window.menus["File"]
        actions = menu.actions()
        before = actions[-2] if len(actions) > 1 and actions[-2].isSeparator() else (actions[-1] if actions else None)
        menu.insertActions(before, [self.import_action, self.export_action])
        menu.insertSeparator(before)
        self.banner = DropBanner(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    # -- opening ----------------------------------------------------------------------------------
    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(self.window, "Import a table", "", FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.open_import)
        dialog.open()
        return dialog

    def open_import(self, path: str | Path) -> ImportDialog:
        """Open the import dialog on ``path`` and start reading it."""
        dialog = ImportDialog(self.window, path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._opened(dialog)
        dialog.start()
        return dialog

    def open_export(self) -> ExportDialog:
        dialog = ExportDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._opened(dialog)
        return dialog

    def _opened(self, dialog: ImportDialog | ExportDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        self.dialog_shown.emit(dialog)

    def _closed(self, dialog: QObject) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # -- dropping ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter or kind == QEvent.Type.DragMove:
            assert isinstance(event, QDropEvent)  # QDragEnterEvent and QDragMoveEvent are QDropEvents
            if dropped_file(event) is None or self.dialog is not None:
                self.banner.hide()
                return False
            event.acceptProposedAction()
            self.banner.cover(self.window)
            return True
        if kind == QEvent.Type.DragLeave:
            self.banner.hide()
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            self.banner.hide()
            path = dropped_file(event)
            if path is None or self.dialog is not None:
                return False
            event.acceptProposedAction()
            self.open_import(path)
            return True
        if kind == QEvent.Type.Resize and self.banner.isVisible():
            self.banner.cover(self.window)
        return False


def install(window: Any) -> None:
    """Add import and export to ``window`` (kept as ``window.import_actions``)."""
    window.import_actions = ImportActions(window)
