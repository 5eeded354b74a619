"""A small image table (the real model and view) with the grid actions installed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtGui import QUndoStack

from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.ui.grid_actions import GridActions
from wesog_desktop.ui.image_table_model import ImageTableModel
from wesog_desktop.ui.image_table_view import ImageTableView


@dataclass
class Table:
    buffer: EditBuffer
    stack: QUndoStack
    model: ImageTableModel
    view: ImageTableView
    grid: GridActions
    messages: MessageBridge

    def col(self, name: str) -> int:
        return self.model.column_of(name)

    def select(self, top: int, left: str, bottom: int, right: str) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel
        first = self.model.index(top, self.col(left))
        sel = QItemSelection(first, self.model.index(bottom, self.col(right)))
        self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.selectionModel().setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)

    def go(self, row: int, name: str) -> None:
        self.view.setCurrentIndex(self.model.index(row, self.col(name)))

    def value(self, row: int, name: str) -> object:
        return self.buffer.value(f"A{row}", name)


def records(n: int) -> list[dict]:
    return [{"id": f"A{i}", "title": f"Title {i}", "city": "Rome" if i % 2 else "", "keywords": ["tree", f"k{i}"],
             "width": 100 + i} for i in range(n)]


@pytest.fixture
def table(qtbot) -> Table:
    buffer, stack, messages = EditBuffer(), QUndoStack(), MessageBridge(dialogs_allowed=False)
    model = ImageTableModel(buffer, stack, messages)
    model.append_records(records(6))
    view = ImageTableView(model, messages)
    qtbot.addWidget(view)
    view.resize(1200, 400)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.setFocus()
    grid = GridActions(view, buffer, stack, messages)
    return Table(buffer, stack, model, view, grid, messages)
