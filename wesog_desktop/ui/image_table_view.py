"""The table of images: spreadsheet-like editing, thumbnails for the rows on screen.

The view asks the thumbnail service for the rows in the viewport (plus a margin) whenever it
scrolls, resizes or gets new rows, after a short pause; the delegate only paints what arrived.
Ctrl+wheel asks the window to change the thumbnail size. Columns can be hidden from the
header's context menu; feature modules add their own actions to the cells' context menu.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.ui.delegates.field_delegate import FieldDelegate
from wesog_desktop.ui.delegates.preview_delegate import MARK_WIDTH, PreviewDelegate
from wesog_desktop.ui.image_table_model import STATE_COLUMN, ImageTableModel

THUMB_MARGIN_ROWS = 20
THUMB_DEBOUNCE_MS = 120


class ImageTableView(QTableView):
    """Shows an ``ImageTableModel``; edits in place with ``FieldDelegate``."""

    thumb_zoom_requested = Signal(int)
    """(steps): Ctrl+wheel over the table; positive means larger thumbnails."""

    def __init__(self, model: ImageTableModel, messages: MessageBridge | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._thumb_timer = QTimer(self, singleShot=True, interval=THUMB_DEBOUNCE_MS)
        self.setModel(model)
        self.image_model = model
        self.field_delegate = FieldDelegate(messages, self)
        self.preview_delegate = PreviewDelegate(model.thumb_size)
        self.setItemDelegate(self.field_delegate)
        self.setItemDelegateForColumn(STATE_COLUMN, self.preview_delegate)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setShowGrid(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sectionResized.connect(lambda *_: self.schedule_thumbnails())
        for column in range(1, model.columnCount()):
            field = model.field_at(column)
            if field is not None:
                self.setColumnWidth(column, field.width)
                self.setColumnHidden(column, field.hidden)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self._context_actions: list[QAction | None] = []
        self._thumb_timer.timeout.connect(self.request_thumbnails)
        self.verticalScrollBar().valueChanged.connect(self.schedule_thumbnails)
        model.rowsInserted.connect(self.schedule_thumbnails)
        model.layoutChanged.connect(self.schedule_thumbnails)
        model.modelReset.connect(self.schedule_thumbnails)
        self.set_thumb_size(model.thumb_size)

    # -- thumbnails ------------------------------------------------------------------------------
    def set_thumb_size(self, size: int) -> None:
        """Show thumbnails of ``size`` pixels; rows follow."""
        self.image_model.thumb_size = size
        self.preview_delegate.thumb_size = size
        self.verticalHeader().setDefaultSectionSize(size + 6)
        self.setColumnWidth(STATE_COLUMN, size + MARK_WIDTH + 10)
        self.viewport().update()
        self.schedule_thumbnails()

    def schedule_thumbnails(self, *_: Any) -> None:
        if self.image_model.thumbnails is not None:
            self._thumb_timer.start()

    def visible_rows(self) -> range:
        """The rows in the viewport (empty when there are none)."""
        count = self.image_model.rowCount()
        if count == 0:
            return range(0)
        first = self.rowAt(0)
        last = self.rowAt(self.viewport().height() - 1)
        first = 0 if first < 0 else first
        last = count - 1 if last < 0 else last
        return range(first, last + 1)

    def request_thumbnails(self) -> None:
        """Ask for the thumbnails of the rows on screen and a margin around them."""
        service = self.image_model.thumbnails
        if service is None:
            return
        try:
            running = asyncio.get_event_loop().is_running()
        except RuntimeError:  # no loop at all any more: the app is shutting down
            return
        if not running:
            self._thumb_timer.start()  # fetching needs the event loop: ask again once it runs
            return
        rows = self.visible_rows()
        if not rows:
            service.request([])
            return
        model = self.image_model
        start = max(0, rows.start - THUMB_MARGIN_ROWS)
        stop = min(model.rowCount(), rows.stop + THUMB_MARGIN_ROWS)
        items: list[tuple[str, str]] = []
        for row in [*rows, *range(start, rows.start), *range(rows.stop, stop)]:
            image_id = model.id_at(row)
            url = model.thumbnail_url(image_id)
            if url:
                items.append((image_id, url))
        service.request(items)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.schedule_thumbnails()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self.thumb_zoom_requested.emit(steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- columns -------------------------------------------------------------------------------
    def visible_field_names(self) -> list[str]:
        model = self.image_model
        return [f.name for c in range(1, model.columnCount())
                if (f := model.field_at(c)) is not None and not self.isColumnHidden(c)]

    def _header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        model = self.image_model
        for column in range(1, model.columnCount()):
            field = model.field_at(column)
            if field is None:
                continue
            action = menu.addAction(field.label)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.show_column(c, on))
        menu.exec(self.horizontalHeader().mapToGlobal(pos))

    def show_column(self, column: int, shown: bool) -> None:
        self.setColumnHidden(column, not shown)
        self.image_model.set_filter_fields(self.visible_field_names())

    # -- selection and context menu ---------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """The images with a selected cell, in table order (the current one when none is)."""
        picked: set[int] = set()
        for span in self.selectionModel().selection():  # ranges, not cells: Ctrl+A over 69k rows stays cheap
            picked.update(range(span.top(), span.bottom() + 1))
        rows = sorted(picked)
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        return [self.image_model.id_at(r) for r in rows]

    def add_context_actions(self, actions: list[QAction | None]) -> None:
        """Add actions to the cells' context menu (None adds a separator)."""
        if self._context_actions:
            self._context_actions.append(None)
        self._context_actions.extend(actions)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if not self._context_actions:
            return
        menu = QMenu(self)
        for action in self._context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(event.globalPos())
