"""The table model honours Qt's contract and shows original vs edited values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from wesog_desktop.domain import fields as F
from wesog_desktop.services.catalog_loader import CatalogLoader
from wesog_desktop.ui.cell_style import Roles
from wesog_desktop.ui.image_table_model import ImageTableModel
from wesog_desktop.ui.main_window import MainWindow

IR = Qt.ItemDataRole


def test_model_contract_holds_through_loading_edits_sorting_and_filtering(driver, qtmodeltester) -> None:
    session = driver.session()
    stack = QUndoStack()
    model = ImageTableModel(session.buffer, stack, session.messages)
    qtmodeltester.check(model)
    loader = CatalogLoader(session, model.append_records, page_size=100)
    driver.run(loader.start(None))
    assert model.rowCount() == 300
    assert model.setData(model.index(2, model.column_of("title")), "A new title")
    model.sort(model.column_of("title"), Qt.SortOrder.DescendingOrder)
    model.set_quick_filter("blake")
    assert 0 < model.rowCount() < 300
    model.set_changed_only(True)
    model.set_changed_only(False)
    model.set_quick_filter("")
    stack.undo()
    model.sort(0)
    assert model.rowCount() == 300
    model.clear()
    assert model.rowCount() == 0


def test_columns_are_the_registry_with_the_preview_first(window: MainWindow) -> None:
    model = window.model
    assert model.columnCount() == len(F.FIELDS) + 1
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(1, 4)] == ["ID", "Title", "Headline"]
    assert not model.flags(model.index(0, model.column_of("id"))) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, model.column_of("width"))) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, model.column_of("title"))) & Qt.ItemFlag.ItemIsEditable
    assert window.table.columnWidth(model.column_of("title")) == F.get("title").width


def test_a_changed_cell_shows_colour_and_was_and_the_row_its_state(window: MainWindow) -> None:
    model, buffer = window.model, window.buffer
    index = model.index(0, model.column_of("title"))
    before = index.data()
    assert index.data(IR.BackgroundRole) is None
    assert model.setData(index, "Edited")
    assert index.data() == "Edited"
    assert index.data(IR.BackgroundRole) == model.style.changed
    assert index.data(IR.ToolTipRole).startswith(f"was: {before}")
    assert model.index(0, 0).data(Roles.ROW_STATE) == "modified"
    assert window.undo_stack.text(0) == f"Edit title of {model.id_at(0)}"
    assert buffer.value(model.id_at(0), "title") == "Edited"


def test_data_changed_names_exactly_the_touched_cell_and_the_state_cell(window: MainWindow) -> None:
    model = window.model
    seen: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: seen.append((a.row(), a.column(), b.row(), b.column())))
    column = model.column_of("city")
    assert model.setData(model.index(5, column), "Porto")
    assert sorted(seen) == [(5, 0, 5, 0), (5, column, 5, column)]


def test_flags_are_tri_state_with_unknown_partially_checked(window: MainWindow) -> None:
    model = window.model
    index = model.index(0, model.column_of("nsfw"))
    assert index.data(IR.CheckStateRole) == Qt.CheckState.PartiallyChecked
    assert model.setData(index, Qt.CheckState.Checked, IR.CheckStateRole)
    assert index.data(Roles.RAW) is True
    assert model.setData(index, Qt.CheckState.Unchecked.value, IR.CheckStateRole)
    assert index.data(Roles.RAW) is False


def test_text_a_field_cannot_take_is_refused_and_never_stored(window: MainWindow) -> None:
    model = window.model
    for name, text in (("date", "c.1935"), ("src", "ftp://x"), ("nsfw", "maybe")):
        index = model.index(1, model.column_of(name))
        before = index.data(Roles.RAW)
        assert not model.setData(index, text)
        assert index.data(Roles.RAW) == before
    assert window.buffer.counts() == (0, 0)
    assert "not yes, no or unknown" in window.status_bar.currentMessage()
    assert window.undo_stack.count() == 0


def test_invalid_and_refused_edits_look_different_and_say_why(window: MainWindow) -> None:
    model, buffer = window.model, window.buffer
    first, second = model.id_at(0), model.id_at(1)
    buffer.put([(first, "date", "c.1935")])  # as an import may leave it: pending but not sendable
    date = model.index(0, model.column_of("date"))
    assert date.data(IR.BackgroundRole) == model.style.invalid
    assert "Cannot be sent: 'c.1935' is not a date" in date.data(IR.ToolTipRole)
    assert model.index(0, 0).data(Roles.ROW_STATE) == "invalid"
    assert model.setData(model.index(1, model.column_of("title")), "Too long")
    buffer.mark_submitting(second, {"title": "Too long"})
    assert model.index(1, 0).data(Roles.ROW_STATE) == "submitting"
    buffer.fail(second, "title is too long")
    title = model.index(1, model.column_of("title"))
    assert title.data(IR.BackgroundRole) == model.style.failed
    assert "Wesog refused: title is too long" in title.data(IR.ToolTipRole)
    assert model.index(1, 0).data(Roles.ROW_STATE) == "failed"
    assert "Wesog: title is too long" in model.index(1, 0).data(IR.ToolTipRole)
