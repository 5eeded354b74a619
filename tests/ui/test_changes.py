"""Tracking changes: counts, undo/redo, revert, "show changed only", the side panel's form."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt

from wesog_desktop.ui import revert
from wesog_desktop.ui.main_window import MainWindow


def edit(window: MainWindow, row: int, name: str, text: str) -> None:
    model = window.model
    assert model.setData(model.index(row, model.column_of(name)), text)


def test_the_status_bar_counts_changed_fields_and_images(window: MainWindow, qtbot) -> None:
    assert window.load_status.changes.text() == "No changes"
    edit(window, 0, "title", "One")
    edit(window, 0, "city", "Rome")
    edit(window, 4, "city", "Oslo")
    qtbot.waitUntil(lambda: window.load_status.changes.text() == "3 fields changed in 2 images")


def test_undo_and_redo_walk_the_edits_back_and_forth(window: MainWindow) -> None:
    first = window.buffer.value(window.model.id_at(0), "title")
    edit(window, 0, "title", "One")
    edit(window, 0, "title", "Two")
    stack = window.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == [f"Edit title of {window.model.id_at(0)}"] * 2
    stack.undo()
    assert window.buffer.value(window.model.id_at(0), "title") == "One"
    stack.undo()
    assert window.buffer.value(window.model.id_at(0), "title") == first
    stack.redo()
    stack.redo()
    assert window.buffer.value(window.model.id_at(0), "title") == "Two"
    window._fill_history()
    assert [a.text() for a in window.history_menu.actions()][:2] == [stack.text(1), stack.text(0)]


def test_undo_and_redo_have_their_standard_shortcuts(window: MainWindow, qtbot) -> None:
    edit(window, 0, "city", "Rome")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.buffer.counts() == (0, 0)
    qtbot.keyClick(window.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.buffer.counts() == (1, 1)


def test_revert_cell_row_selection_and_everything_are_each_one_undo_step(window: MainWindow) -> None:
    model, table, buffer = window.model, window.table, window.buffer
    for row in (0, 1, 2):
        edit(window, row, "title", f"T{row}")
        edit(window, row, "city", f"C{row}")
    table.setCurrentIndex(model.index(0, model.column_of("title")))
    window.revert_actions["Revert cell"].trigger()
    assert buffer.counts() == (5, 3)
    window.select_image(model.id_at(1))
    assert window.selected_ids() == [model.id_at(1)]
    window.revert_actions["Revert selected images"].trigger()
    assert buffer.counts() == (3, 2)
    window.undo_stack.undo()
    assert buffer.counts() == (5, 3)
    selection = table.selectionModel()
    selection.select(model.index(2, model.column_of("city")), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert revert.revert_selected_cells(window) == 1
    assert buffer.counts() == (4, 3)
    window.revert_actions["Revert all edits"].trigger()
    assert buffer.counts() == (0, 0)
    assert window.undo_stack.text(window.undo_stack.index() - 1) == "Revert all edits"
    window.undo_stack.undo()
    assert buffer.counts() == (4, 3)


def test_show_changed_only_hides_unchanged_rows_and_follows_reverts(window: MainWindow, qtbot) -> None:
    ids = [window.model.id_at(r) for r in (3, 10)]
    edit(window, 3, "title", "Kept")
    edit(window, 10, "city", "Lima")
    window.changed_only_action.trigger()
    assert window.model.shown_ids == ids
    assert "2 of 300 images shown" in window.load_status.rows.text()
    window.select_image(ids[0])
    window.revert_actions["Revert selected images"].trigger()
    qtbot.waitUntil(lambda: window.model.shown_ids == ids[1:])
    window.changed_only_action.trigger()
    assert window.model.rowCount() == 300


def test_the_side_panel_edits_through_the_same_undo_path_and_shows_was(window: MainWindow, qtbot) -> None:
    image_id = window.model.id_at(0)
    window.select_image(image_id)
    form = window.side_panel.form
    assert form.image_id == image_id
    original = window.buffer.value(image_id, "title")
    row = form.rows["title"]
    row.editor.setText("From the form")
    row.editor.editingFinished.emit()
    assert window.buffer.value(image_id, "title") == "From the form"
    assert window.undo_stack.text(0) == f"Edit title of {image_id}"
    assert row.was.isVisibleTo(form) and row.was.text() == f"was: {original}"
    form.rows["date"].editor.setText("c.1935")
    assert not form.commit("date")
    assert "not a date" in window.status_bar.currentMessage()
    row.revert.click()
    assert window.buffer.value(image_id, "title") == original
    assert not row.was.isVisibleTo(form)


def test_several_selected_images_replace_the_form(window: MainWindow) -> None:
    table, model = window.table, window.model
    selection = table.selectionModel()
    for row in (0, 1, 2):
        selection.select(model.index(row, 2), QItemSelectionModel.SelectionFlag.Select)
    panel = window.side_panel
    assert panel.image_ids == [model.id_at(r) for r in (0, 1, 2)]
    assert panel.stack.currentWidget() is not panel.stack.widget(0)


def test_a_close_guard_can_keep_the_window_open(window: MainWindow) -> None:
    answers = [False]
    window.close_guards.append(lambda: answers[0])
    window.close()
    assert window.isVisible()
    assert not window.session.closed
