"""The side panel: the current image larger, and all its fields in a form.

With several images selected it shows the bulk editor (``ui.multi_edit_panel``) when that
feature is part of the build, or how many images are selected.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from wesog_desktop.ui.field_form import FieldForm
from wesog_desktop.ui.image_table_model import STATE_COLUMN, ImageTableModel

PREVIEW_SIZE = 240
MULTI_EDIT_MODULE = "wesog_desktop.ui.multi_edit_panel"


class SidePanel(QWidget):
    """Preview and form of the current image, or the multi-image editor for a selection."""

    def __init__(self, model: ImageTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.image_ids: list[str] = []
        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(120)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight: 600; padding: 4px;")
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.preview, 1)
        top_layout.addWidget(self.title)
        self.form = FieldForm(model, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.selection_label = QLabel(self)
        self.selection_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.multi_edit: Any = None
        self.stack = QStackedWidget(self)
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.selection_label)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([PREVIEW_SIZE + 30, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        model.dataChanged.connect(self._on_data_changed)
        model.modelReset.connect(lambda: self.show_images([]))
        if model.thumbnails is not None:
            model.thumbnails.thumbnail_ready.connect(self._on_thumbnail)
        self.show_images([])

    def show_images(self, image_ids: list[str]) -> None:
        """Show one image in the form, or the multi-image editor for several."""
        self.image_ids = list(image_ids)
        single = image_ids[0] if len(image_ids) == 1 else None
        self.form.set_image(single)
        self._show_preview()
        if len(image_ids) <= 1:
            self.stack.setCurrentIndex(0)
            return
        editor = self._multi_editor()
        if editor is not None:
            editor.set_images(self.image_ids)
            self.stack.setCurrentWidget(editor)
        else:
            self.selection_label.setText(f"{len(image_ids)} images selected")
            self.stack.setCurrentWidget(self.selection_label)

    def _multi_editor(self) -> Any:
        if self.multi_edit is None and importlib.util.find_spec(MULTI_EDIT_MODULE) is not None:
            module = importlib.import_module(MULTI_EDIT_MODULE)
            self.multi_edit = module.MultiEditPanel(self._model.buffer, self._model.undo_stack, self)
            self.stack.addWidget(self.multi_edit)
        return self.multi_edit

    def _show_preview(self) -> None:
        ids = self.image_ids
        buffer = self._model.buffer
        if len(ids) != 1 or ids[0] not in buffer:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("" if not ids else f"{len(ids)} images")
            self.title.setText("")
            return
        image_id = ids[0]
        title = buffer.value(image_id, "title")
        self.title.setText(f"{image_id} · {title}" if title else image_id)
        pixmap = self._pixmap(image_id)
        if pixmap is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No preview")
        else:
            self.preview.setPixmap(pixmap.scaled(PREVIEW_SIZE, PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))

    def _pixmap(self, image_id: str) -> QPixmap | None:
        service = self._model.thumbnails
        if service is None:
            return None
        pixmap = service.pixmap(image_id, PREVIEW_SIZE)
        return pixmap if isinstance(pixmap, QPixmap) and not pixmap.isNull() else None

    def _on_thumbnail(self, image_id: str) -> None:
        if self.image_ids == [image_id]:
            self._show_preview()

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any = ()) -> None:
        if len(self.image_ids) != 1:
            return
        row = self._model.row_of(self.image_ids[0])
        if row is None or not top.row() <= row <= bottom.row():
            return
        names = [f.name for c in range(max(top.column(), 1), bottom.column() + 1)
                 if (f := self._model.field_at(c)) is not None]
        if names:
            self.form.refresh(names)
        if top.column() == STATE_COLUMN or "title" in names:
            self._show_preview()
