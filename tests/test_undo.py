"""One user action is one undo step, and an action that changes nothing leaves no step."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack

from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.ui.undo import push_edit


def test_a_bulk_edit_is_undone_and_redone_in_one_step(qapp) -> None:
    buf = EditBuffer()
    buf.add_records([{"id": "A1", "city": "Rome"}, {"id": "A2"}])
    stack = QUndoStack()
    assert push_edit(stack, buf, [("A1", "city", "Paris"), ("A2", "city", "Paris")], "Set city") == 2
    assert stack.count() == 1 and stack.undoText() == "Set city"
    stack.undo()
    assert buf.counts() == (0, 0) and buf.value("A1", "city") == "Rome"
    stack.redo()
    assert buf.value("A2", "city") == "Paris"


def test_an_edit_that_changes_nothing_is_not_an_undo_step(qapp) -> None:
    buf = EditBuffer()
    buf.add_records([{"id": "A1", "city": "Rome"}])
    stack = QUndoStack()
    assert push_edit(stack, buf, [("A1", "city", "Rome")], "Set city") == 0
    assert stack.count() == 0 and not stack.canUndo()
