"""The bulk-editing feature of the main window: spreadsheet keys in the table, find and replace.

``install(window)`` adds to the Edit menu (and the table's context menu): Copy cells (Ctrl+C),
Paste cells (Ctrl+V), Clear cells (Delete), Fill down (Ctrl+D) and Find and replace… (Ctrl+H).
The multi-edit panel is shown by the side panel itself when several rows are selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from wesog_desktop.ui.find_replace_dialog import FindReplaceDialog
from wesog_desktop.ui.grid_actions import GridActions

if TYPE_CHECKING:
    from wesog_desktop.ui.main_window import MainWindow


class BulkActions(QObject):
    """Holds the grid actions and the find-and-replace dialog of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.grid = GridActions(window.table, window.buffer, window.undo_stack, window.session.messages)
        self.find_replace_action = QAction("Find and &replace…", window)
        self.find_replace_action.setShortcut(QKeySequence("Ctrl+H"))
        self.find_replace_action.triggered.connect(lambda _=False: self.show_find_replace())
        self.dialog: FindReplaceDialog | None = None
        edit = window.menus["Edit"]
        edit.addSeparator()
        edit.addActions(self.grid.actions)
        edit.addSeparator()
        edit.addAction(self.find_replace_action)
        window.table.add_context_actions([*self.grid.actions, None, self.find_replace_action])

    def show_find_replace(self) -> FindReplaceDialog:
        """Open (or bring forward) the find and replace dialog."""
        if self.dialog is None:
            window = self.window
            self.dialog = FindReplaceDialog(window.buffer, window.undo_stack, window.selected_ids, window)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog


def install(window: MainWindow) -> None:
    """Add the bulk-editing actions and shortcuts to ``window``."""
    BulkActions(window)
