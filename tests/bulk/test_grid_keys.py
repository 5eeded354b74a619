"""Tab, Enter and typing move and edit like a spreadsheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from tests.bulk.conftest import Table

Key = Qt.Key


def _current(table: Table) -> tuple[int, str | None]:
    index = table.view.currentIndex()
    field = table.model.field_at(index.column())
    return index.row(), field.name if field else None


def _editor(table: Table) -> QLineEdit:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and table.view.state() == QAbstractItemView.State.EditingState
    return editor


def test_tab_and_shift_tab_move_across_and_wrap_rows(table: Table, qtbot) -> None:
    table.go(0, "city")
    qtbot.keyClick(table.view, Key.Key_Tab)
    assert _current(table) == (0, "country")
    qtbot.keyClick(table.view, Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table.view, Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _current(table) == (0, "author")
    table.go(0, "n_faces")  # the last column
    qtbot.keyClick(table.view, Key.Key_Tab)
    assert _current(table) == (1, None)  # first column of the next row


def test_enter_moves_down_and_shift_enter_up(table: Table, qtbot) -> None:
    table.go(2, "title")
    qtbot.keyClick(table.view, Key.Key_Return)
    assert _current(table) == (3, "title")
    qtbot.keyClick(table.view, Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert _current(table) == (2, "title")


def test_typing_starts_an_edit_with_that_key_and_enter_commits_and_moves_down(table: Table, qtbot) -> None:
    table.go(1, "city")
    qtbot.keyClicks(table.view, "O")
    editor = _editor(table)
    assert editor.text() == "O"  # the old "Rome" is replaced by the typed key
    qtbot.keyClicks(editor, "slo")
    qtbot.keyClick(editor, Key.Key_Return)
    assert table.value(1, "city") == "Oslo"
    assert _current(table) == (2, "city") and table.view.state() != QAbstractItemView.State.EditingState
    assert table.stack.count() == 1


def test_tab_while_editing_commits_and_goes_on_to_the_next_cell(table: Table, qtbot) -> None:
    table.go(0, "city")
    qtbot.keyClicks(table.view, "B")
    qtbot.keyClicks(_editor(table), "ergen")
    qtbot.keyClick(_editor(table), Key.Key_Tab)
    assert table.value(0, "city") == "Bergen" and _current(table) == (0, "country")
    qtbot.keyClicks(_editor(table), "Norway")  # the next cell is open, its text selected
    qtbot.keyClick(_editor(table), Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert table.value(0, "country") == "Norway" and _current(table) == (0, "city")


def test_enter_on_text_the_field_refuses_keeps_the_editor_open_and_stays(table: Table, qtbot) -> None:
    table.go(2, "date")
    qtbot.keyClicks(table.view, "3")
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "1 Feb")
    qtbot.keyClick(editor, Key.Key_Return)
    assert table.view.state() == QAbstractItemView.State.EditingState and _current(table) == (2, "date")
    assert table.buffer.counts() == (0, 0)


def test_escape_while_editing_keeps_the_old_value(table: Table, qtbot) -> None:
    table.go(1, "city")
    qtbot.keyClicks(table.view, "X")
    qtbot.keyClick(_editor(table), Key.Key_Escape)
    assert table.value(1, "city") == "Rome" and table.stack.count() == 0
