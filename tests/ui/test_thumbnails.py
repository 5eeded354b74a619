"""Thumbnails from the emulator appear in the first column and in the side panel."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from wesog_desktop.ui.main_window import MainWindow


def test_thumbnails_of_the_rows_on_screen_arrive_and_show(window: MainWindow, driver) -> None:
    model = window.model
    rows = window.table.visible_rows()
    assert len(rows) > 3

    service = window.session.thumbnails

    def shown() -> bool:
        return all(service.state(model.id_at(r)) == "ready" for r in rows)

    driver.until(shown)
    for r in rows:
        pixmap = model.index(r, 0).data(Qt.ItemDataRole.DecorationRole)
        assert pixmap.cacheKey() == service.pixmap(model.id_at(r), model.thumb_size).cacheKey()
    far = model.rowCount() - 1
    assert service.state(model.id_at(far)) == "idle"  # never asked for rows far off screen
    placeholder = model.index(far, 0).data(Qt.ItemDataRole.DecorationRole)
    assert placeholder.cacheKey() == service.placeholder(model.thumb_size).cacheKey()
    window.select_image(model.id_at(rows[0]))
    assert window.side_panel.preview.pixmap() is not None and not window.side_panel.preview.pixmap().isNull()


def test_ctrl_wheel_and_the_slider_change_the_thumbnail_size(window: MainWindow) -> None:
    window.search_bar.thumb_slider.setValue(96)
    assert window.model.thumb_size == 96
    assert window.table.verticalHeader().defaultSectionSize() == 102
    viewport = window.table.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(centre, viewport.mapToGlobal(centre), QPoint(), QPoint(0, -240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)
    assert window.model.thumb_size == 80
    assert window.search_bar.thumb_slider.value() == 80
