"""Revert: put cells back to what Wesog has, for a cell, images, a selection or everything.

Each revert is one undo step through ``push_edit`` (UNSET changes), so Ctrl+Z brings the edits
back. Installed into the Edit menu and the table's context menu by ``install(window)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from wesog_desktop.domain.edit_buffer import UNSET, Cell
from wesog_desktop.ui.cell_style import Roles
from wesog_desktop.ui.undo import push_edit

if TYPE_CHECKING:
    from wesog_desktop.ui.main_window import MainWindow


def revert_cells(window: MainWindow, cells: list[Cell], text: str) -> int:
    """Drop the edits of ``cells`` as one undo step named ``text``; returns how many went."""
    edited = [(i, n) for i, n in cells if window.buffer.is_changed(i, n)]
    if not edited:
        window.status_bar.showMessage("Nothing to revert there", 4000)
        return 0
    count = push_edit(window.undo_stack, window.buffer, [(i, n, UNSET) for i, n in edited], text)
    window.status_bar.showMessage(f"{text}: {count} field{'s' if count != 1 else ''} back to Wesog's value", 5000)
    return count


def revert_current_cell(window: MainWindow) -> int:
    index = window.table.currentIndex()
    name = index.data(Roles.FIELD) if index.isValid() else None
    if not isinstance(name, str):
        return 0
    image_id = window.model.id_at(index.row())
    return revert_cells(window, [(image_id, name)], f"Revert {name.replace('_', ' ')} of {image_id}")


def revert_selected_cells(window: MainWindow) -> int:
    cells: list[Cell] = []
    for index in window.table.selectionModel().selectedIndexes():
        name = index.data(Roles.FIELD)
        if isinstance(name, str):
            cells.append((window.model.id_at(index.row()), name))
    return revert_cells(window, cells, f"Revert {len(cells)} selected cells")


def revert_selected_images(window: MainWindow) -> int:
    ids = window.selected_ids()
    label = ids[0] if len(ids) == 1 else f"{len(ids)} images"
    return revert_cells(window, window.buffer.edited_cells(ids), f"Revert {label}")


def revert_everything(window: MainWindow) -> int:
    return revert_cells(window, window.buffer.edited_cells(), "Revert all edits")


def install(window: MainWindow) -> None:
    specs = [
        ("Revert cell", revert_current_cell, None),
        ("Revert selected cells", revert_selected_cells, QKeySequence("Ctrl+Alt+Z")),
        ("Revert selected images", revert_selected_images, None),
        ("Revert all edits", revert_everything, None),
    ]
    actions: list[QAction | None] = []
    menu = window.menus["Edit"]
    menu.addSeparator()
    for text, slot, shortcut in specs:
        action = QAction(text, window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _=False, s=slot: s(window))
        menu.addAction(action)
        actions.append(action)
    window.revert_actions = {a.text(): a for a in actions if a is not None}
    window.table.add_context_actions(actions)
