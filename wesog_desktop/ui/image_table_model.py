"""The table of loaded images: one row per image, column 0 the preview, then every field.

The model reads the ``EditBuffer`` (original and pending values) and writes to it only through
``push_edit``, so every accepted edit is one undo step. It listens to the buffer and emits
``dataChanged`` for exactly the touched cells and the row's state cell. Sorting and the quick
filter reorder a list of IDs on precomputed keys (``row_filter``) and announce it with
``layoutChanged``, updating persistent indexes so selection and editors follow their images.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QUndoStack

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import Cell, EditBuffer, RowState
from wesog_desktop.domain.records import Record
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.ui.cell_style import CellStyle, Roles, state_tooltip
from wesog_desktop.ui.row_filter import RowFilter
from wesog_desktop.ui.undo import push_edit

Index = QModelIndex | QPersistentModelIndex
IR = Qt.ItemDataRole
STATE_COLUMN = 0
_CHECK_OF = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked, None: Qt.CheckState.PartiallyChecked}
_VALUE_OF = {Qt.CheckState.Checked: True, Qt.CheckState.Unchecked: False, Qt.CheckState.PartiallyChecked: None}
_MANY_CELLS = 2000


class ImageTableModel(QAbstractTableModel):
    """The loaded images of one session as rows; columns: state/preview, then ``F.FIELDS``."""

    edit_refused = Signal(str, str, str)
    """(image id, field name, reason): typed text was refused and nothing was stored."""
    rows_shown_changed = Signal(int, int)
    """(shown, loaded): the quick filter or "changed only" changed how many rows show."""

    def __init__(self, buffer: EditBuffer, undo_stack: QUndoStack, messages: MessageBridge | None = None,
                 thumbnails: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffer = buffer
        self.undo_stack = undo_stack
        self.messages = messages
        self.thumbnails = thumbnails
        self.fields: tuple[F.Field, ...] = F.FIELDS
        self._column_of = {f.name: i + 1 for i, f in enumerate(self.fields)}
        self._shown: list[str] = []
        self._pos: dict[str, int] | None = {}  # image id -> row; None until needed after a reorder
        self._filter = RowFilter(buffer)
        self._sort: tuple[str, bool] | None = None
        self._needle = ""
        self._changed_only = False
        self._distinct: dict[str, list[str]] = {}
        self.thumb_size = 48
        self.style = CellStyle()
        self._refilter_timer = QTimer(self, singleShot=True, interval=0)
        self._refilter_timer.timeout.connect(self.refilter)
        buffer.subscribe(self._on_cells_changed)
        if thumbnails is not None:
            thumbnails.thumbnail_ready.connect(self._on_thumbnail_ready)

    # -- lookups ------------------------------------------------------------------------------
    def field_at(self, column: int) -> F.Field | None:
        return self.fields[column - 1] if 1 <= column <= len(self.fields) else None

    def column_of(self, name: str) -> int:
        return self._column_of[name]

    def id_at(self, row: int) -> str:
        return self._shown[row]

    def row_of(self, image_id: str) -> int | None:
        return self._positions().get(image_id)

    @property
    def shown_ids(self) -> list[str]:
        return self._shown

    def thumbnail_url(self, image_id: str) -> str | None:
        url = self.buffer.original(image_id, "url_img_thumbnail")
        return url if isinstance(url, str) and url else None

    def distinct_values(self, name: str) -> list[str]:
        """Every value of field ``name`` in the loaded images (list entries one by one), sorted."""
        values = self._distinct.get(name)
        if values is None:
            found: set[str] = set()
            value = self.buffer.value
            for image_id in self.buffer.ids:
                v = value(image_id, name)
                if isinstance(v, list):
                    found.update(v)
                elif isinstance(v, str) and v:
                    found.add(v)
            values = self._distinct[name] = sorted(found, key=str.casefold)
        return values

    # -- Qt model contract --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = IR.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == IR.DisplayRole else None
        field = self.field_at(section)
        if role == IR.DisplayRole:
            return "" if field is None else field.label
        if role == IR.ToolTipRole:
            return "Preview and state of the image" if field is None else field.description
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        field = self.field_at(index.column())
        if field is not None and field.writable:
            flags |= Qt.ItemFlag.ItemIsEditable
            if field.kind is F.FieldKind.FLAG:
                flags |= Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsUserTristate
        return flags

    def data(self, index: Index, role: int = IR.DisplayRole) -> Any:
        if not index.isValid():
            return None
        image_id = self._shown[index.row()]
        field = self.field_at(index.column())
        if field is None:
            return self._state_data(image_id, role)
        name = field.name
        if role == IR.DisplayRole:
            if field.kind is F.FieldKind.FLAG:
                return None
            text = field.format(self.buffer.value(image_id, name))
            return " ".join(text.split()) if field.kind is F.FieldKind.LONG_TEXT else text
        if role == IR.EditRole:
            return field.format(self.buffer.value(image_id, name))
        if role == IR.CheckStateRole:
            if field.kind is not F.FieldKind.FLAG:
                return None
            value = self.buffer.value(image_id, name)
            return _CHECK_OF.get(value, Qt.CheckState.PartiallyChecked)
        if role == IR.BackgroundRole:
            return self._background(image_id, field)
        if role == IR.ToolTipRole:
            return self._tooltip(image_id, field)
        if role == IR.ForegroundRole:
            return self.style.read_only if not field.writable else None
        if role == Roles.RAW:
            return self.buffer.value(image_id, name)
        if role == Roles.ORIGINAL:
            return self.buffer.original(image_id, name)
        if role == Roles.IMAGE_ID:
            return image_id
        if role == Roles.FIELD:
            return name
        return None

    def _state_data(self, image_id: str, role: int) -> Any:
        if role == Roles.ROW_STATE:
            return self.buffer.row_state(image_id)
        if role == IR.DecorationRole:
            service, size = self.thumbnails, self.thumb_size
            if service is None:
                return None
            pixmap = service.pixmap(image_id, size)
            if pixmap is not None:
                return pixmap
            return service.failed_icon(size) if service.state(image_id) == "failed" else service.placeholder(size)
        if role == IR.ToolTipRole:
            return state_tooltip(self.buffer, image_id)
        if role == Roles.IMAGE_ID:
            return image_id
        return None

    def _background(self, image_id: str, field: F.Field) -> QColor | None:
        if not self.buffer.is_changed(image_id, field.name):
            return None
        if self.buffer.failure(image_id) is not None:
            return self.style.failed
        if field.validate(self.buffer.value(image_id, field.name)) is not None:
            return self.style.invalid
        return self.style.changed

    def _tooltip(self, image_id: str, field: F.Field) -> str | None:
        lines: list[str] = []
        value = self.buffer.value(image_id, field.name)
        if self.buffer.is_changed(image_id, field.name):
            was = field.format(self.buffer.original(image_id, field.name))
            lines.append(f"was: {was}" if was else "was: (empty)")
            reason = field.validate(value)
            if reason:
                lines.append(f"Cannot be sent: {reason}")
            failure = self.buffer.failure(image_id)
            if failure:
                lines.append(f"Wesog refused: {failure}")
        elif field.kind in (F.FieldKind.LONG_TEXT, F.FieldKind.TEXT, F.FieldKind.LIST):
            text = field.format(value)
            if len(text) > 40:
                lines.append(text)
        return "\n".join(lines) or None

    def setData(self, index: Index, value: Any, role: int = IR.EditRole) -> bool:
        if not index.isValid():
            return False
        field = self.field_at(index.column())
        if field is None or not field.writable:
            return False
        image_id = self._shown[index.row()]
        if role == IR.CheckStateRole and field.kind is F.FieldKind.FLAG:
            value = _VALUE_OF[Qt.CheckState(value)]
        elif role == IR.EditRole:
            if isinstance(value, str):
                try:
                    value = field.parse(value)
                except ValueError as exc:
                    return self._refuse(image_id, field, str(exc))
            reason = field.validate(value)
            if reason:
                return self._refuse(image_id, field, reason)
        else:
            return False
        push_edit(self.undo_stack, self.buffer, [(image_id, field.name, value)],
                  f"Edit {field.label.lower()} of {image_id}")
        return True

    def _refuse(self, image_id: str, field: F.Field, reason: str) -> bool:
        if self.messages is not None:
            self.messages.warning(f"{field.label} of {image_id} not changed: {reason}")
        self.edit_refused.emit(image_id, field.name, reason)
        return False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = self.field_at(column)
        self._sort = None if field is None else (field.name, order == Qt.SortOrder.DescendingOrder)
        self.refilter()

    # -- loading ------------------------------------------------------------------------------
    def append_records(self, records: list[Record]) -> int:
        """Add a page of images read from Wesog; returns the number of new rows."""
        new_ids = self.buffer.add_records(records)
        self._distinct.clear()
        if not new_ids:
            return 0
        shown = self._select(new_ids)
        if shown:
            first = len(self._shown)
            self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
            if self._pos is not None:
                self._pos.update(zip(shown, range(first, first + len(shown)), strict=True))
            self._shown.extend(shown)
            self.endInsertRows()
            if self._sort is not None:
                self.refilter()
        self.rows_shown_changed.emit(len(self._shown), len(self.buffer))
        return len(new_ids)

    def clear(self) -> None:
        """Forget every loaded image and edit (a new search replaces them)."""
        self.beginResetModel()
        self.buffer.clear()
        self._shown, self._pos = [], {}
        self._filter.forget()
        self._distinct.clear()
        self.endResetModel()
        self.rows_shown_changed.emit(0, 0)

    # -- sorting and filtering ----------------------------------------------------------------
    @property
    def filtering(self) -> bool:
        return bool(self._needle) or self._changed_only

    async def prepare_filter(self, chunk: int = 1000) -> None:
        """Compose the quick filter's per-row texts a chunk at a time, so the first filter is fast."""
        ids = list(self.buffer.ids)
        for start in range(0, len(ids), chunk):
            self._filter.build(ids[start:start + chunk])
            await asyncio.sleep(0)

    def set_quick_filter(self, text: str) -> None:
        self._needle = text.strip()
        self.refilter()

    def set_changed_only(self, on: bool) -> None:
        self._changed_only = on
        self.refilter()

    def set_filter_fields(self, names: list[str]) -> None:
        """The fields the quick filter searches: the visible columns."""
        self._filter.set_fields(F.get(n) for n in names)
        if self._needle:
            self.refilter()

    def _select(self, ids: list[str]) -> list[str]:
        if self._changed_only:
            ids = [i for i in ids if self.buffer.row_state(i) != RowState.UNCHANGED]
        return self._filter.matching(ids, self._needle) if self._needle else ids

    def refilter(self) -> None:
        """Apply the sort and the filters again, keeping selection and editors on their images."""
        ids = self._select(self.buffer.ids)
        if self._sort is not None:
            ids = self._filter.sorted_ids(ids, *self._sort)
        elif ids is self.buffer.ids:
            ids = list(ids)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        wanted = {self._shown[p.row()] for p in old if p.row() < len(self._shown)}
        pos = {image_id: row for row, image_id in enumerate(ids) if image_id in wanted} if wanted else {}
        new: list[QModelIndex] = []
        for p in old:
            row = pos.get(self._shown[p.row()]) if p.row() < len(self._shown) else None
            new.append(QModelIndex() if row is None else self.index(row, p.column()))
        self._shown, self._pos = ids, None
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
        self.rows_shown_changed.emit(len(self._shown), len(self.buffer))

    # -- buffer and thumbnail notifications -----------------------------------------------------
    def _positions(self) -> dict[str, int]:
        if self._pos is None:
            self._pos = dict(zip(self._shown, range(len(self._shown)), strict=True))
        return self._pos

    def _on_cells_changed(self, cells: list[Cell]) -> None:
        ids = {image_id for image_id, _ in cells}
        self._filter.forget(ids)
        for name in {name for _, name in cells}:
            self._distinct.pop(name, None)
        if len(cells) > _MANY_CELLS:
            self._announce_rows(cells)
        else:
            for image_id, name in cells:
                row = self._positions().get(image_id)
                if row is not None:
                    index = self.index(row, self._column_of[name])
                    self.dataChanged.emit(index, index)
            for image_id in ids:
                row = self._positions().get(image_id)
                if row is not None:
                    index = self.index(row, STATE_COLUMN)
                    self.dataChanged.emit(index, index)
        if self._changed_only:
            self._refilter_timer.start()

    def _announce_rows(self, cells: list[Cell]) -> None:
        spans: dict[int, tuple[int, int]] = {}
        for image_id, name in cells:
            row = self._positions().get(image_id)
            if row is not None:
                col = self._column_of[name]
                lo, hi = spans.get(row, (col, col))
                spans[row] = (min(lo, col), max(hi, col))
        for row, (_lo, hi) in spans.items():
            self.dataChanged.emit(self.index(row, STATE_COLUMN), self.index(row, hi))

    def _on_thumbnail_ready(self, image_id: str) -> None:
        row = self._positions().get(image_id)
        if row is not None:
            index = self.index(row, STATE_COLUMN)
            self.dataChanged.emit(index, index, [IR.DecorationRole])
