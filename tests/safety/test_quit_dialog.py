"""Closing with unsubmitted edits asks: Keep for next time (default), Discard or Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from tests.safety.conftest import SafetyDriver, click
from wesog_desktop.ui.main_window import MainWindow


def edit(window: MainWindow, row: int, name: str, value: str) -> str:
    model = window.model
    assert model.setData(model.index(row, model.column_of(name)), value)
    return model.id_at(row)


def three_edits(window: MainWindow) -> tuple[str, str]:
    a = edit(window, 0, "title", "Harbour at dawn")
    edit(window, 0, "city", "Lisbon")
    b = edit(window, 1, "caption", "A storm over the sea")
    return a, b


def test_cancel_keeps_the_window_open_and_keep_leaves_the_edits_in_the_journal(safety: SafetyDriver) -> None:
    journal = safety.journal()
    window = safety.journaled_window(journal)
    a, b = three_edits(window)
    safety.answers.append(click(lambda _d: window.safety_actions.cancel_button))
    assert not safety.close_window(window)
    box = safety.dialogs[-1]
    assert isinstance(box, QMessageBox)
    assert box.text() == "You have 3 unsubmitted changes in 2 images."
    assert box.defaultButton() is window.safety_actions.keep_button
    assert window.isVisible() and window.buffer.counts() == (3, 2)

    safety.answers.append(click(lambda _d: window.safety_actions.keep_button))
    assert safety.close_window(window)
    state = journal.pending_for(window.session.server)
    assert {i: {n: p for n, (_b, p) in f.items()} for i, f in state.edits.items()} == {
        a: {"title": "Harbour at dawn", "city": "Lisbon"}, b: {"caption": "A storm over the sea"}}


def test_discard_forgets_the_edits_for_this_server(safety: SafetyDriver) -> None:
    journal = safety.journal()
    window = safety.journaled_window(journal)
    three_edits(window)
    safety.answers.append(click(lambda _d: window.safety_actions.discard_button))
    assert safety.close_window(window)
    assert not journal.pending_for(window.session.server)


def test_an_open_cell_editor_is_committed_before_counting(safety: SafetyDriver) -> None:
    journal = safety.journal()
    window = safety.journaled_window(journal)
    table, model = window.table, window.model
    index = model.index(2, model.column_of("title"))
    table.setCurrentIndex(index)
    table.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    safety.qtbot.keyClicks(editor, "Typed but not confirmed")
    safety.answers.append(click(lambda _d: window.safety_actions.keep_button))
    assert safety.close_window(window)
    assert safety.texts == ["You have 1 unsubmitted change in 1 image."]
    edits = journal.pending_for(window.session.server).edits
    assert edits == {model.id_at(2): {"title": (model.buffer.original(model.id_at(2), "title"),
                                                "Typed but not confirmed")}}
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "Typed but not confirmed"


def test_without_edits_the_window_closes_without_asking(safety: SafetyDriver) -> None:
    window = safety.journaled_window(safety.journal())
    assert safety.close_window(window)
    assert safety.dialogs == []
