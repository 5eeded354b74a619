"""Copy, paste, clear and fill down in the table behave like a spreadsheet, one undo step each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.bulk.conftest import Table

EXCEL = 'Night "sky"\t"Rome\r\nold town"\t"a\tb; c"\r\nSecond\tParis\ttree\r\n'


def test_a_spreadsheet_block_lands_in_the_right_cells(table: Table, qtbot) -> None:
    QGuiApplication.clipboard().setText(EXCEL.replace('"a\tb; c"', '"x; y"').replace('Night "sky"', '"Night ""sky"""'))
    table.go(1, "title")
    # title, headline, caption are the three columns from "title" onwards
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert table.value(1, "title") == 'Night "sky"'
    assert table.value(1, "headline") == "Rome\nold town"
    assert table.value(1, "caption") == "x; y"
    assert (table.value(2, "title"), table.value(2, "headline"), table.value(2, "caption")) == (
        "Second", "Paris", "tree")
    assert table.value(3, "title") == "Title 3" and table.value(0, "title") == "Title 0"
    assert table.stack.undoText() == "Paste 6 cells"
    table.stack.undo()
    assert table.buffer.counts() == (0, 0)


def test_quoted_tab_inside_a_cell_stays_in_that_cell(table: Table) -> None:
    table.go(0, "caption")
    table.grid.paste('"left\tright"\tnext\r\n')
    assert table.value(0, "caption") == "left\tright"
    assert table.value(0, "alt_text") == "next"


def test_a_single_value_fills_the_whole_selection(table: Table) -> None:
    table.select(0, "city", 4, "country")
    assert table.grid.paste("Oslo") == 10
    assert {table.value(r, n) for r in range(5) for n in ("city", "country")} == {"Oslo"}
    assert table.value(5, "city") == "Rome"
    assert table.stack.count() == 1 and table.stack.undoText() == "Paste 10 cells"


def test_an_invalid_paste_applies_nothing_and_names_the_cells(table: Table) -> None:
    table.go(0, "date")
    assert table.grid.paste("2024-02-03\n31 Feb\n2024-02-30\n") == 0
    assert table.buffer.counts() == (0, 0) and table.stack.count() == 0
    level, text = table.messages.history[-1]
    assert level == "error" and text.startswith("Nothing pasted: 2 cells not valid")
    assert "A1, Date: '31 Feb'" in text and "A2, Date: '2024-02-30'" in text and "calendar" in text


def test_read_only_columns_are_skipped_with_a_message(table: Table) -> None:
    table.go(0, "width")  # width, height, n_faces are read only
    table.grid.paste("1\t2\t3")
    assert table.buffer.counts() == (0, 0)
    assert "Skipped read-only columns: Width, Height, Faces" in table.messages.history[-1][1]


def test_copy_then_paste_round_trips_lists_and_multiline_text(table: Table, qtbot) -> None:
    table.buffer.set_value("A0", "caption", 'Line one\n\tLine "two"')
    table.buffer.set_value("A0", "keywords", ["man, old", "arm/arms raised", "tree"])
    table.select(0, "caption", 0, "categories")
    qtbot.keyClick(table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith('"Line one\n\tLine ""two"""\t')
    table.go(3, "caption")
    table.grid.paste()
    for name in ("caption", "alt_text", "keywords", "categories"):
        assert table.value(3, name) == table.value(0, name)


def test_delete_clears_selected_writable_cells_in_one_step(table: Table, qtbot) -> None:
    table.buffer.set_value("A1", "nsfw", True)
    table.select(1, "keywords", 2, "keywords")
    table.view.selectionModel().select(table.model.index(1, table.col("nsfw")),
                                       table.view.selectionModel().SelectionFlag.Select)
    table.view.selectionModel().select(table.model.index(1, table.col("width")),
                                       table.view.selectionModel().SelectionFlag.Select)
    qtbot.keyClick(table.view, Qt.Key.Key_Delete)
    assert table.value(1, "keywords") == [] and table.value(2, "keywords") == []
    assert table.value(1, "nsfw") is None and table.value(1, "width") == 101
    assert table.value(3, "keywords") == ["tree", "k3"]
    assert table.stack.undoText() == "Clear 3 cells"
    table.stack.undo()
    assert table.value(1, "keywords") == ["tree", "k1"] and table.value(1, "nsfw") is True


def test_ctrl_d_fills_the_top_cell_down(table: Table, qtbot) -> None:
    table.select(1, "title", 4, "city")
    qtbot.keyClick(table.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [table.value(r, "title") for r in range(6)] == ["Title 0"] + ["Title 1"] * 4 + ["Title 5"]
    assert [table.value(r, "city") for r in range(1, 5)] == ["Rome"] * 4
    assert table.value(4, "keywords") == ["tree", "k1"] and table.value(5, "keywords") == ["tree", "k5"]
    # 3 titles, 3 keyword lists, 2 empty cities changed; headline...author were empty already
    assert table.stack.count() == 1 and table.stack.undoText() == "Fill down 8 cells"


def test_ctrl_d_on_one_row_copies_the_row_above(table: Table) -> None:
    table.select(3, "title", 3, "title")
    assert table.grid.fill_down() == 1 and table.value(3, "title") == "Title 2"


def test_delete_never_clears_a_source_url(table: Table) -> None:
    table.buffer.add_records([{"id": "A0", "title": "Title 0", "src": "https://example.org/a0.jpg"}])
    table.select(0, "src", 0, "src")
    assert table.grid.clear_cells() == 0
    assert table.value(0, "src") == "https://example.org/a0.jpg"
    assert table.messages.history[-1] == ("info", "Source URLs cannot be cleared: they were left as they are")


def test_copying_whole_rows_puts_the_image_id_first_and_pastes_back_without_it(table: Table) -> None:
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    model, selection = table.model, table.view.selectionModel()
    selection.select(QItemSelection(model.index(1, 0), model.index(2, model.columnCount() - 1)),
                     QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.grid.copy()
    rows = QGuiApplication.clipboard().text().split("\n")
    assert [r.split("\t")[:3] for r in rows] == [["A1", "A1", "Title 1"], ["A2", "A2", "Title 2"]]
    table.view.setCurrentIndex(model.index(4, 0))
    table.view.selectionModel().select(model.index(4, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    table.grid.paste()
    assert table.value(4, "title") == "Title 1" and table.value(5, "keywords") == ["tree", "k2"]
    assert table.messages.history[-1] == ("info", "Skipped read-only columns: State, ID, Width, Height, Faces")
