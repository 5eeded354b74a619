"""The import dialog's first page: how the file was read, and which column feeds which field.

The top row shows the detection and lets the user override the encoding, the delimiter and
the header row (the dialog reads the file again). The table lists every column with three
sample values, the field it feeds (or Ignore), its list separator and, for list fields,
whether the cells replace, add to or remove from the entries. Below: the key column, what a
blank cell does, and the day/month order (only when the file has dates like 03/04/2020).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.table_import import ColumnMapping, Table, complete_mapping
from wesog_desktop.ui.import_source_bar import SourceBar

IGNORE = "Ignore"
KEY_LABEL = "Image ID (key)"
SEPARATORS = {";": "; semicolon", "|": "| pipe", ",": ", comma", "/": "/ slash"}
LIST_MODES = {"replace": "replace the list", "add": "add to the list", "remove": "remove from the list"}
BLANKS = {"keep": "leave the value unchanged", "clear": "clear the value"}
DATE_ORDERS = {"": "choose…", "dmy": "day/month/year", "mdy": "month/day/year"}
_DAY_MONTH = re.compile(r"\s*\d{1,2}([-/.])\d{1,2}\1\d{4}\b")
MISSING = "QComboBox { border: 2px solid #d33; }"
"""The look of a choice the import still needs."""
COL_NAME, COL_FIELD, COL_SEPARATOR, COL_MODE, COL_SAMPLES = range(5)


def has_day_month_dates(cells: list[str]) -> bool:
    """Whether any cell is a date whose day/month order must be confirmed (``03/04/2020``)."""
    return any(_DAY_MONTH.match(c) for c in cells)


def _combo(items: dict[object, str]) -> QComboBox:
    combo = QComboBox()
    for data, text in items.items():
        combo.addItem(text, data)
    return combo


def _select(combo: QComboBox, data: object) -> None:
    combo.blockSignals(True)
    index = combo.findData(data)
    if index < 0 and isinstance(data, str):
        combo.addItem(data, data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    combo.blockSignals(False)


class MappingPage(QWidget):
    """Edits a ``ColumnMapping`` of one ``Table`` in place."""

    mapping_changed = Signal()
    """The user changed the mapping (the key column may now be set or not)."""
    save_requested = Signal()
    """The user asked to remember this mapping for files with the same headers."""
    saved_mapping_requested = Signal()
    """The user chose the mapping saved for these headers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None
        self.mapping: ColumnMapping | None = None
        self.source = SourceBar(self)
        self.saved_banner = QFrame()
        self.saved_banner.setObjectName("savedBanner")
        self.saved_banner.setStyleSheet("#savedBanner { background: #fff4d6; border: 1px solid #e0c97f;"
                                        " border-radius: 4px; }")
        self.use_saved = QPushButton("Use saved mapping")
        self.use_saved.clicked.connect(self.saved_mapping_requested)
        banner = QHBoxLayout(self.saved_banner)
        banner.setContentsMargins(8, 4, 8, 4)
        banner.addWidget(QLabel("A mapping was saved for files with these column names."), 1)
        banner.addWidget(self.use_saved)
        self.saved_banner.hide()
        self.columns = QTableWidget(0, 5)
        self.columns.setHorizontalHeaderLabels(["Column in file", "Import into", "List separator",
                                                "List cells", "Sample values"])
        self.columns.verticalHeader().setVisible(False)
        self.columns.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.columns.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.columns.setWordWrap(False)
        header = self.columns.horizontalHeader()
        header.setSectionResizeMode(COL_SAMPLES, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_NAME, 170), (COL_FIELD, 170), (COL_SEPARATOR, 120), (COL_MODE, 150)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.columns.setColumnWidth(col, width)
        self.key = QComboBox()
        self.key.setToolTip("The column that holds the Wesog image IDs")
        self.key.currentIndexChanged.connect(self._key_chosen)
        self.blank = _combo(BLANKS)  # type: ignore[arg-type]
        self.blank.currentIndexChanged.connect(self._blank_chosen)
        self.date_label = QLabel("Dates like 03/04/2020 are")
        self.date_order = _combo(DATE_ORDERS)  # type: ignore[arg-type]
        self.date_order.currentIndexChanged.connect(self._date_chosen)
        self.save_button = QPushButton("Save mapping")
        self.save_button.setToolTip("Offer this mapping again for files with the same column names")
        self.save_button.clicked.connect(self.save_requested)
        options = QHBoxLayout()
        options.addWidget(QLabel("Image IDs in"))
        options.addWidget(self.key)
        options.addSpacing(16)
        options.addWidget(QLabel("A blank cell will"))
        options.addWidget(self.blank)
        options.addSpacing(16)
        options.addWidget(self.date_label)
        options.addWidget(self.date_order)
        options.addStretch(1)
        options.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.source)
        layout.addWidget(self.saved_banner)
        layout.addWidget(self.columns, 1)
        layout.addLayout(options)

    # -- showing a table ------------------------------------------------------------------------
    def show_table(self, table: Table, mapping: ColumnMapping, saved_offered: bool) -> None:
        """Show ``table`` with ``mapping`` (edited in place from now on)."""
        self.table, self.mapping = table, mapping
        self.source.show_detection(table)
        self.saved_banner.setVisible(saved_offered)
        self.columns.setRowCount(len(table.columns))
        self.key.blockSignals(True)
        self.key.clear()
        for col, name in enumerate(table.columns):
            self.key.addItem(name, col)
            self.columns.setItem(col, COL_NAME, QTableWidgetItem(name))
            samples = [r[col] for r in table.rows[:500] if col < len(r) and r[col].strip()][:3]
            item = QTableWidgetItem("  ·  ".join(s.replace("\n", " ") for s in samples))
            item.setToolTip("\n".join(samples))
            self.columns.setItem(col, COL_SAMPLES, item)
            self.columns.setCellWidget(col, COL_FIELD, self._field_combo(col))
            self.columns.removeCellWidget(col, COL_SEPARATOR)
            self.columns.removeCellWidget(col, COL_MODE)
        self.key.blockSignals(False)
        self.sync()

    def _field_combo(self, col: int) -> QComboBox:
        combo = QComboBox()
        combo.addItem(IGNORE, "")
        combo.addItem(KEY_LABEL, "id")
        for field in F.WRITABLE:
            combo.addItem(field.label, field.name)
        combo.currentIndexChanged.connect(lambda _i: self._field_chosen(col))
        return combo

    def field_combo(self, col: int) -> QComboBox:
        return self.columns.cellWidget(col, COL_FIELD)  # type: ignore[return-value]

    def separator_combo(self, col: int) -> QComboBox | None:
        """The separator of a list column (None for other columns)."""
        return self.columns.cellWidget(col, COL_SEPARATOR)  # type: ignore[return-value]

    def mode_combo(self, col: int) -> QComboBox | None:
        """Whether a list column replaces, adds or removes (None for other columns)."""
        return self.columns.cellWidget(col, COL_MODE)  # type: ignore[return-value]

    def _list_combos(self, col: int, is_list: bool) -> tuple[QComboBox, QComboBox] | None:
        """The list controls of row ``col``, made when it becomes a list column, dropped otherwise."""
        separator, mode = self.separator_combo(col), self.mode_combo(col)
        if not is_list:
            if separator is not None:
                self.columns.removeCellWidget(col, COL_SEPARATOR)
                self.columns.removeCellWidget(col, COL_MODE)
            return None
        if separator is None or mode is None:
            separator, mode = _combo(SEPARATORS), _combo(LIST_MODES)  # type: ignore[arg-type]
            separator.currentIndexChanged.connect(lambda _i: self._separator_chosen(col))
            mode.currentIndexChanged.connect(lambda _i: self._mode_chosen(col))
            self.columns.setCellWidget(col, COL_SEPARATOR, separator)
            self.columns.setCellWidget(col, COL_MODE, mode)
        return separator, mode

    def sync(self) -> None:
        """Put every control in line with the mapping."""
        table, mapping = self.table, self.mapping
        if table is None or mapping is None:
            return
        for col in range(len(table.columns)):
            name = mapping.target(col)
            field = F.get(name) if name else None
            _select(self.field_combo(col), name or "")
            combos = self._list_combos(col, field is not None and field.is_list)
            if combos is not None and name is not None:
                _select(combos[0], mapping.separator(col))
                _select(combos[1], mapping.list_mode(name))
            for part in (COL_NAME, COL_SAMPLES):
                item = self.columns.item(col, part)
                font = item.font()
                font.setBold(name is not None and part == COL_NAME)
                item.setFont(font)
                item.setForeground(QColor("#1f2328" if name is not None else "#8a8f98"))
        lists = any(f.is_list for _c, f in mapping.fields())
        self.columns.setColumnHidden(COL_SEPARATOR, not lists)
        self.columns.setColumnHidden(COL_MODE, not lists)
        key = mapping.key
        self.key.blockSignals(True)
        self.key.setCurrentIndex(-1 if key is None else key)
        self.key.blockSignals(False)
        self.key.setStyleSheet("" if key is not None else MISSING)
        _select(self.blank, mapping.blank)
        _select(self.date_order, mapping.date_order or "")
        dates = [col for col, f in mapping.fields() if f.kind is F.FieldKind.DATE]
        ask = bool(dates) and has_day_month_dates([r[dates[0]] for r in table.rows if dates[0] < len(r)])
        self.date_label.setVisible(ask)
        self.date_order.setVisible(ask)
        self.date_order.setToolTip("Until you choose, dates like 03/04/2020 are listed as problems, not imported")
        self.date_order.setStyleSheet(MISSING if mapping.date_order is None else "")

    # -- the user's choices ---------------------------------------------------------------------
    def _changed(self) -> None:
        assert self.table is not None and self.mapping is not None
        complete_mapping(self.table, self.mapping)
        self.sync()
        self.mapping_changed.emit()

    def _field_chosen(self, col: int) -> None:
        if self.mapping is not None:
            self.mapping.set_target(col, self.field_combo(col).currentData() or None)
            self._changed()

    def _key_chosen(self, index: int) -> None:
        if self.mapping is not None and index >= 0:
            self.mapping.set_target(index, "id")
            self._changed()

    def _separator_chosen(self, col: int) -> None:
        combo = self.separator_combo(col)
        if self.mapping is not None and combo is not None:
            self.mapping.separators[col] = combo.currentData()
            self.mapping_changed.emit()

    def _mode_chosen(self, col: int) -> None:
        name = self.mapping.target(col) if self.mapping else None
        combo = self.mode_combo(col)
        if self.mapping is not None and name and combo is not None:
            self.mapping.list_modes[name] = combo.currentData()
            self.mapping_changed.emit()

    def _blank_chosen(self) -> None:
        if self.mapping is not None:
            self.mapping.blank = self.blank.currentData()
            self.mapping_changed.emit()

    def _date_chosen(self) -> None:
        if self.mapping is not None:
            self.mapping.date_order = self.date_order.currentData() or None
            self.mapping_changed.emit()

