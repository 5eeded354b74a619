"""Every edit is one undo step: a QUndoCommand around ``EditBuffer.put``.

Typing in a cell, a paste, a fill, a multi-edit, a replace-all, an import and a revert all go
through ``push_edit``, so Ctrl+Z takes back exactly what one user action did.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QUndoCommand, QUndoStack

from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer


class EditCommand(QUndoCommand):
    """Set pending values of many cells at once; undo puts back what was there."""

    def __init__(self, buffer: EditBuffer, changes: list[CellChange], text: str) -> None:
        super().__init__(text)
        self._buffer = buffer
        self._changes = changes
        self._before: list[CellChange] = []
        self.changed_cells = 0

    def redo(self) -> None:
        self._before = self._buffer.put(self._changes)
        self.changed_cells = len(self._before)
        if not self._before:
            self.setObsolete(True)  # push() then drops it: Ctrl+Z never "undoes" nothing

    def undo(self) -> None:
        self._buffer.put(list(reversed(self._before)))


def push_edit(stack: QUndoStack, buffer: EditBuffer, changes: Iterable[CellChange], text: str) -> int:
    """Apply ``changes`` as one undo step named ``text``; returns how many cells changed."""
    command = EditCommand(buffer, list(changes), text)
    stack.push(command)
    return command.changed_cells
