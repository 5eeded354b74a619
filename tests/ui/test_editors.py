"""Every field kind edited through its real editor in the table, as a user types."""

from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QWidget

from wesog_desktop.ui.cell_style import Roles
from wesog_desktop.ui.editors.date_edit import DateEdit
from wesog_desktop.ui.editors.long_text_edit import LongTextEdit
from wesog_desktop.ui.editors.token_edit import TokenEdit
from wesog_desktop.ui.main_window import MainWindow

Key = Qt.Key


def open_editor(window: MainWindow, row: int, name: str) -> tuple[QModelIndex, QWidget]:
    model, table = window.model, window.table
    index = model.index(row, model.column_of(name))
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.indexWidget(index)
    assert editor is not None, f"no editor opened for {name}"
    return index, editor


def typing_target(editor: QWidget) -> QWidget:
    return editor.lineEdit() if isinstance(editor, QComboBox) else editor


def type_and_enter(qtbot, window: MainWindow, row: int, name: str, text: str) -> QModelIndex:
    index, editor = open_editor(window, row, name)
    target = typing_target(editor)
    target.selectAll()
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Key.Key_Return)
    return index


def value(window: MainWindow, row: int, name: str) -> object:
    return window.buffer.value(window.model.id_at(row), name)


def test_single_line_text_commits_on_enter(window: MainWindow, qtbot) -> None:
    index = type_and_enter(qtbot, window, 0, "title", "Evening light")
    assert value(window, 0, "title") == "Evening light"
    assert window.table.indexWidget(index) is None
    assert index.data() == "Evening light"


def test_caption_takes_several_lines_and_commits_on_ctrl_enter(window: MainWindow, qtbot) -> None:
    index, editor = open_editor(window, 1, "caption")
    assert isinstance(editor, LongTextEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "First line")
    qtbot.keyClick(editor, Key.Key_Return)
    qtbot.keyClicks(editor, "second line")
    assert window.table.indexWidget(index) is editor  # Enter made a new line, the editor is open
    qtbot.keyClick(editor, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert value(window, 1, "caption") == "First line\nsecond line"
    assert index.data() == "First line second line"


def test_escape_drops_what_was_typed(window: MainWindow, qtbot) -> None:
    before = value(window, 1, "alt_text")
    index, editor = open_editor(window, 1, "alt_text")
    qtbot.keyClicks(editor, "never kept")
    qtbot.keyClick(editor, Key.Key_Escape)
    assert value(window, 1, "alt_text") == before
    assert window.table.indexWidget(index) is None


def test_flag_takes_yes_no_unknown_and_refuses_maybe(window: MainWindow, qtbot) -> None:
    type_and_enter(qtbot, window, 2, "model_release", "yes")
    assert value(window, 2, "model_release") is True
    index, editor = open_editor(window, 2, "nsfw")
    qtbot.keyClicks(typing_target(editor), "maybe")
    qtbot.keyClick(typing_target(editor), Key.Key_Return)
    assert window.table.indexWidget(index) is editor  # still open, marked invalid
    assert "red" in editor.styleSheet() or "#c0392b" in editor.styleSheet()
    assert "'maybe' is not yes, no or unknown" in window.status_bar.currentMessage()
    assert value(window, 2, "nsfw") is None


def test_space_on_a_flag_cycles_unknown_yes_no(window: MainWindow, qtbot) -> None:
    model, table = window.model, window.table
    index = model.index(3, model.column_of("ai_generated"))
    table.setFocus()
    table.setCurrentIndex(index)
    seen = []
    for _ in range(3):
        qtbot.keyClick(table, Key.Key_Space)
        seen.append(index.data(Roles.RAW))
    assert seen == [True, False, None]
    assert window.undo_stack.count() == 3  # each press is one undo step
    assert table.indexWidget(index) is None


def test_date_accepts_lenient_typing_and_the_calendar_and_refuses_non_dates(window: MainWindow, qtbot) -> None:
    type_and_enter(qtbot, window, 4, "date", "1999-1-2")
    assert value(window, 4, "date") == "1999-01-02"
    index, editor = open_editor(window, 4, "date")
    assert isinstance(editor, DateEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "c.1935")
    qtbot.keyClick(editor, Key.Key_Return)
    assert window.table.indexWidget(index) is editor
    assert "not a date" in editor.toolTip()
    assert "not a date" in window.status_bar.currentMessage()
    assert value(window, 4, "date") == "1999-01-02"
    editor.show_calendar()
    assert editor.calendar is not None
    editor.calendar.clicked.emit(QDate(2001, 2, 3))
    assert editor.text() == "2001-02-03"
    qtbot.keyClick(editor, Key.Key_Return)
    assert value(window, 4, "date") == "2001-02-03"


def test_status_offers_the_documented_values(window: MainWindow, qtbot) -> None:
    index, editor = open_editor(window, 5, "status")
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())][1:] == ["Active", "Withdrawn", "Reserved", "RDA Only"]
    qtbot.keyClick(editor, Key.Key_Escape)
    type_and_enter(qtbot, window, 5, "status", "withdrawn")
    assert value(window, 5, "status") == "Withdrawn"


def test_url_must_be_http_or_https(window: MainWindow, qtbot) -> None:
    type_and_enter(qtbot, window, 6, "url_img_watermark", "https://example.org/w.jpg")
    assert value(window, 6, "url_img_watermark") == "https://example.org/w.jpg"
    before = value(window, 6, "src")
    index = type_and_enter(qtbot, window, 6, "src", "ftp://x")
    assert window.table.indexWidget(index) is not None
    assert "not an http or https URL" in window.status_bar.currentMessage()
    assert value(window, 6, "src") == before


def test_keywords_complete_the_current_entry_from_the_catalog(window: MainWindow, qtbot) -> None:
    index, editor = open_editor(window, 7, "keywords")
    assert isinstance(editor, TokenEdit)
    editor.setText("")
    qtbot.keyClicks(editor, "sunset; arm/arms ra")
    completer = editor.completer()
    assert completer.splitPath(editor.text()) == ["arm/arms ra"]
    assert completer.currentCompletion() == "sunset; arm/arms raised"
    popup = completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    assert editor.text() == "sunset; arm/arms raised"
    qtbot.keyClick(editor, Key.Key_Return)
    assert value(window, 7, "keywords") == ["sunset", "arm/arms raised"]


def test_leaving_an_open_editor_keeps_the_edit(window: MainWindow, qtbot) -> None:
    index, editor = open_editor(window, 8, "city")
    qtbot.keyClicks(editor, "Oslo")
    window.search_bar.filter.setFocus()
    qtbot.waitUntil(lambda: window.table.indexWidget(index) is None)
    assert value(window, 8, "city") == "Oslo"
