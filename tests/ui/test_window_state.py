"""The layout survives a restart: column order, widths, hidden columns, geometry, thumbnail size."""

from __future__ import annotations

from wesog_desktop.ui.window_state import state_path


def test_columns_geometry_and_thumbnail_size_come_back_in_the_next_window(driver) -> None:
    first = driver.window(load=False)
    model, table = first.model, first.table
    header = table.horizontalHeader()
    city, title = model.column_of("city"), model.column_of("title")
    table.show_column(model.column_of("headline"), False)
    header.resizeSection(title, 333)
    header.moveSection(header.visualIndex(city), 1)
    first.search_bar.thumb_slider.setValue(72)
    first.resize(640, 480)
    driver.run(first.aclose())
    assert state_path().exists()

    second = driver.window(load=False)
    header2 = second.table.horizontalHeader()
    assert second.table.isColumnHidden(second.model.column_of("headline"))
    assert header2.sectionSize(title) == 333
    assert header2.visualIndex(city) == 1
    assert second.model.thumb_size == 72
    assert (second.width(), second.height()) == (640, 480)
    assert "headline" not in second.table.visible_field_names()
