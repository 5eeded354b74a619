"""Sorting by a column and filtering the loaded rows, with selection following the images."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from wesog_desktop.ui.main_window import MainWindow


def column_values(window: MainWindow, name: str) -> list:
    model = window.model
    return [window.buffer.value(i, name) for i in model.shown_ids]


def test_clicking_a_header_sorts_case_blind_with_empty_values_last(window: MainWindow, qtbot) -> None:
    model, table = window.model, window.table
    header = table.horizontalHeader()
    column = model.column_of("caption")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(column) + 10, 5))
    values = column_values(window, "caption")
    present = [v for v in values if v]
    assert present and values[: len(present)] == present  # empty ones last
    keys = [v.casefold() for v in present]
    assert keys == sorted(keys) or keys == sorted(keys, reverse=True)
    model.sort(column, Qt.SortOrder.DescendingOrder)
    values = column_values(window, "caption")
    present = [v for v in values if v]
    assert [v.casefold() for v in present] == sorted((v.casefold() for v in present), reverse=True)
    assert not any(values[: len(present)][i] is None for i in range(len(present)))


def test_sorting_keeps_the_current_image_selected(window: MainWindow) -> None:
    model = window.model
    image_id = model.id_at(7)
    window.select_image(image_id)
    model.sort(model.column_of("title"), Qt.SortOrder.AscendingOrder)
    current = window.table.currentIndex()
    assert model.id_at(current.row()) == image_id
    assert window.selected_ids() == [image_id]
    unsorted = next(a for a in window.menus["View"].actions() if a.text() == "&Unsorted (load order)")
    unsorted.trigger()
    assert model.shown_ids == window.buffer.ids
    assert model.id_at(window.table.currentIndex().row()) == image_id


def test_the_quick_filter_narrows_the_loaded_rows_without_asking_wesog(window: MainWindow, emulator, qtbot) -> None:
    emulator.clear_requests()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_bar.filter.hasFocus()
    qtbot.keyClicks(window.search_bar.filter, "BLAKE")
    qtbot.waitUntil(lambda: window.model.rowCount() < 300)
    shown = window.model.shown_ids
    assert 0 < len(shown) < 300
    assert all("blake" in window.model._filter.haystack(i) for i in shown)
    assert f"{len(shown)} of 300 images shown" in window.load_status.rows.text()
    assert not [r for r in emulator.requests() if r["path"] == "/imgs"]
    window.search_bar.filter.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 300)


def test_the_filter_sees_edits_and_hidden_columns_drop_out_of_it(window: MainWindow) -> None:
    model = window.model
    assert model.setData(model.index(0, model.column_of("city")), "Zanzibar")
    model.set_quick_filter("zanzibar")
    assert model.shown_ids == [window.buffer.ids[0]]
    window.table.show_column(model.column_of("city"), False)
    assert model.rowCount() == 0


def test_changed_only_and_the_quick_filter_combine(window: MainWindow) -> None:
    model = window.model
    model.set_quick_filter("a")
    assert model.setData(model.index(0, model.column_of("city")), "Quito")
    model.set_changed_only(True)
    model.set_quick_filter("quito")
    assert model.shown_ids == [window.buffer.ids[0]]
