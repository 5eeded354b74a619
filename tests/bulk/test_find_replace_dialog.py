"""Find and replace from the dialog: live preview, options, scope, one undo step, no freeze."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.ui import find_replace_dialog
from wesog_desktop.ui.find_replace_dialog import FindReplaceDialog


def _records(n: int) -> list[dict]:
    return [{"id": f"A{i}", "title": f"Street in NYC {i}" if i % 2 else f"Park {i}",
             "caption": "nyc at dusk" if i % 3 == 0 else "Harbour", "keywords": ["NYC", "city"]}
            for i in range(n)]


@pytest.fixture
def dialog(qtbot) -> FindReplaceDialog:
    buffer = EditBuffer()
    buffer.add_records(_records(12))
    dlg = FindReplaceDialog(buffer, QUndoStack(), lambda: ["A0", "A1", "A2"])
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.in_selection.isChecked()  # several images selected: the selection is the default scope
    dlg.in_all.setChecked(True)
    return dlg


def _only(dlg: FindReplaceDialog, *names: str) -> None:
    for i in range(dlg.fields.count()):
        item = dlg.fields.item(i)
        wanted = item.data(Qt.ItemDataRole.UserRole) in names
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def _preview(dlg: FindReplaceDialog, qtbot, find: str) -> str:
    with qtbot.waitSignal(dlg.preview_finished, timeout=5000) as done:
        dlg.find_edit.setText(find)
    return done.args[0]


def _replace(dlg: FindReplaceDialog, qtbot, replacement: str) -> str:
    dlg.replace_edit.setText(replacement)
    with qtbot.waitSignal(dlg.replaced, timeout=5000) as done:
        qtbot.mouseClick(dlg.replace_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def test_preview_counts_then_replace_all_is_one_undo_step(dialog: FindReplaceDialog, qtbot) -> None:
    _only(dialog, "caption", "title")
    assert _preview(dialog, qtbot, "NYC") == "10 matches in 6 titles, 4 captions"
    assert _replace(dialog, qtbot, "New York") == "Replace 'NYC' in 6 titles, 4 captions"
    buf = dialog.buffer
    assert buf.value("A0", "caption") == "New York at dusk" and buf.value("A1", "title") == "Street in New York 1"
    assert buf.value("A0", "keywords") == ["NYC", "city"]  # not a chosen field
    assert dialog.undo_stack.count() == 1
    dialog.undo_stack.undo()
    assert buf.counts() == (0, 0)


def test_case_sensitive_and_whole_words_change_the_count(dialog: FindReplaceDialog, qtbot) -> None:
    _only(dialog, "caption", "title")
    dialog.case_box.setChecked(True)
    assert _preview(dialog, qtbot, "NYC") == "6 matches in 6 titles"
    dialog.case_box.setChecked(False)
    dialog.words_box.setChecked(True)
    assert _preview(dialog, qtbot, "ny") == "No matches"


def test_regex_replace_with_groups_in_list_entries(dialog: FindReplaceDialog, qtbot) -> None:
    _only(dialog, "keywords")
    dialog.regex_box.setChecked(True)
    assert _preview(dialog, qtbot, r"^(N)(Y)C$") == "12 matches in keywords of 12 images"
    assert _replace(dialog, qtbot, r"\2\1") == "Replace '^(N)(Y)C$' in keywords of 12 images"
    assert dialog.buffer.value("A5", "keywords") == ["YN", "city"]


def test_selection_only(dialog: FindReplaceDialog, qtbot) -> None:
    _only(dialog, "title")
    dialog.in_selection.setChecked(True)
    assert _preview(dialog, qtbot, "nyc") == "1 match in 1 title"
    _replace(dialog, qtbot, "LA")
    assert dialog.buffer.changed_ids() == ["A1"]


def test_invalid_regex_says_why_and_changes_nothing(dialog: FindReplaceDialog, qtbot) -> None:
    dialog.regex_box.setChecked(True)
    dialog.find_edit.setText("(NYC")
    dialog.start_preview()
    assert dialog.preview.text().startswith("Invalid regular expression: missing )")
    assert not dialog.replace_button.isEnabled()
    dialog.replace_all()
    assert dialog.buffer.counts() == (0, 0) and dialog.undo_stack.count() == 0


def test_a_large_catalog_is_counted_in_slices_and_can_be_stopped(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(find_replace_dialog, "CHUNK", 500)
    buffer = EditBuffer()
    buffer.add_records(_records(5000))
    dlg = FindReplaceDialog(buffer, QUndoStack(), list)
    qtbot.addWidget(dlg)
    dlg.show()
    _only(dlg, "title")
    assert _preview(dlg, qtbot, "nyc") == "2,500 matches in 2,500 titles"
    assert dlg.steps_taken == 10  # the event loop ran between the ten slices
    with qtbot.waitSignal(dlg.preview_finished, timeout=5000):  # the typing's own recount, out of the way
        dlg.replace_edit.setText("LA")

    def stop_after_the_second_slice(text: str) -> None:  # while eight slices are still to come
        if dlg.steps_taken == 2:
            assert dlg.busy and text == "Replacing… 1,000 of 5,000 images"
            qtbot.mouseClick(dlg.stop_button, Qt.MouseButton.LeftButton)

    dlg.slice_done.connect(stop_after_the_second_slice)
    dlg.replace_all()
    qtbot.waitUntil(lambda: not dlg.busy)
    assert dlg.steps_taken == 2 and dlg.result.text() == "Replace stopped: nothing was changed"
    assert not dlg.stop_button.isEnabled() and dlg.preview.text() == "Stopped"
    assert buffer.counts() == (0, 0) and dlg.undo_stack.count() == 0


def test_enter_in_the_find_box_never_replaces_and_escape_stops_the_count(dialog: FindReplaceDialog, qtbot) -> None:
    _only(dialog, "title")
    _preview(dialog, qtbot, "NYC")
    qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
    assert dialog.buffer.counts() == (0, 0) and dialog.undo_stack.count() == 0
    dialog.start_preview()
    assert dialog.busy
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not dialog.busy
