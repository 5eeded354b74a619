"""The import dialog's second page: what would change, and what is wrong, before anything does.

Both tables are virtual models over the ``ImportPreview``: the changes (one row per image, two
columns per field that changes somewhere: its value now and after the import, old → new) and the problems (row,
column, value, reason). They hold 69,202 rows without building a widget per cell.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.table_import import Finding, ImportPreview
from wesog_desktop.ui.cell_style import CellStyle

Index = QModelIndex | QPersistentModelIndex
IR = Qt.ItemDataRole
EMPTY = "(empty)"
CHANGED = CellStyle().changed
OLD_TEXT = QColor("#6b7280")
WARN = "#b45309"
QUIET = "#8a8f98"


def shown(name: str, value: F.Value) -> str:
    """A value as a cell of the preview shows it."""
    return F.get(name).format(value) or EMPTY


class ChangesModel(QAbstractTableModel):
    """One row per changing image; for each field it changes, the value now and after import."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._diffs: dict[str, dict[str, tuple[F.Value, F.Value]]] = {}
        self._ids: list[str] = []
        self._fields: list[F.Field] = []

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._diffs = preview.diffs if preview else {}
        self._ids = list(self._diffs)
        touched = {name for diff in self._diffs.values() for name in diff}
        self._fields = [f for f in F.FIELDS if f.name in touched]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + 2 * len(self._fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = IR.DisplayRole) -> Any:
        if role != IR.DisplayRole or orientation == Qt.Orientation.Vertical:
            return None
        if section == 0:
            return "Image ID"
        field = self._fields[(section - 1) // 2]
        return f"{field.label}: now" if section % 2 else f"{field.label}: after import"

    def change(self, row: int, name: str) -> tuple[str, str] | None:
        """The (now, after import) texts of one image's field, or None when it does not change."""
        change = self._diffs[self._ids[row]].get(name)
        return None if change is None else (shown(name, change[0]), shown(name, change[1]))

    def data(self, index: Index, role: int = IR.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if column == 0:
            return self._ids[index.row()] if role in (IR.DisplayRole, IR.ToolTipRole) else None
        change = self.change(index.row(), self._fields[(column - 1) // 2].name)
        if change is None:
            return None
        after = column % 2 == 0
        if role in (IR.DisplayRole, IR.ToolTipRole):
            return change[after]
        if role == IR.BackgroundRole and after:
            return CHANGED
        if role == IR.ForegroundRole and not after:
            return OLD_TEXT
        return None


class FindingsModel(QAbstractTableModel):
    """The preview's problems in row order: row, column, value, reason."""

    HEADERS = ("Row", "Column", "Value", "Reason")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = findings
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = IR.DisplayRole) -> Any:
        if role == IR.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = IR.DisplayRole) -> Any:
        if not index.isValid() or role not in (IR.DisplayRole, IR.ToolTipRole):
            return None
        f = self.findings[index.row()]
        return (f"{f.row:,}", f.column, f.value, f.reason)[index.column()]


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultSectionSize(220)
    return view


class PreviewPage(QWidget):
    """The counts, the changes and the problems of one preview."""

    fetch_requested = Signal()
    """The user asked to load the images that are in the file but not in the table."""

    COUNTS = ("images", "fields", "unchanged", "not_loaded", "duplicates", "without_id", "invalid")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[str, QLabel] = {key: QLabel() for key in self.COUNTS}
        self.not_loaded_note = QLabel()
        self.not_loaded_note.setWordWrap(True)
        self.fetch_button = QPushButton()
        self.fetch_button.setToolTip("Load these images from Wesog so that the import can change them too")
        self.fetch_button.clicked.connect(self.fetch_requested)
        self.changes = ChangesModel(self)
        self.findings = FindingsModel(self)
        self.changes_view = _table(self.changes)
        self.changes_view.horizontalHeader().setDefaultSectionSize(200)
        self.findings_view = _table(self.findings)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.changes_view, "Changes")
        self.tabs.addTab(self.findings_view, "Problems")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        for i, key in enumerate(self.COUNTS):
            self.counts[key].setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(self.counts[key], i // 4, i % 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        note = QGridLayout()
        note.addWidget(self.not_loaded_note, 0, 0)
        note.addWidget(self.fetch_button, 0, 1)
        note.setColumnStretch(0, 1)
        layout.addLayout(note)
        layout.addWidget(self.tabs, 1)

    def show_preview(self, preview: ImportPreview) -> None:
        """Show ``preview``'s counts and tables."""
        p = preview
        texts = {
            "images": _count(p.images_changing, "image will change", "images will change"),
            "fields": _count(p.fields_changing, "field will change", "fields will change"),
            "unchanged": _count(p.unchanged_rows, "row with no change", "rows with no change"),
            "not_loaded": _count(len(p.not_loaded), "ID not loaded", "IDs not loaded", WARN),
            "duplicates": _count(len(p.duplicates), "duplicate ID", "duplicate IDs", WARN),
            "without_id": _count(len(p.without_id), "row without an ID", "rows without an ID", WARN),
            "invalid": _count(len(p.invalid), "invalid cell", "invalid cells", WARN),
        }
        for key, text in texts.items():
            self.counts[key].setText(text)
        missing = len(p.not_loaded)
        self.fetch_button.setText(f"Fetch {missing:,} from server")
        self.fetch_button.setVisible(bool(missing))
        self.not_loaded_note.setVisible(bool(missing))
        sample = ", ".join(p.not_loaded[:5]) + (", …" if missing > 5 else "")
        self.not_loaded_note.setText(
            f"{missing:,} image ID{'s' if missing != 1 else ''} in the file {'are' if missing != 1 else 'is'} "
            f"not in the table ({sample}): skipped unless you fetch them.")
        self.changes.set_preview(p)
        self.changes_view.setColumnWidth(0, 100)
        problems = p.problems()
        self.findings.set_findings(problems)
        self.tabs.setTabText(0, f"Changes ({p.images_changing:,} images)")
        self.tabs.setTabText(1, f"Problems ({len(problems):,})")

    def count_text(self, key: str) -> str:
        """The plain text of one count (for tests and accessibility)."""
        return re.sub(r"<[^>]+>", "", self.counts[key].text())


def _count(n: int, one: str, many: str, colour: str = "") -> str:
    text = f"<b>{n:,}</b> {one if n == 1 else many}"
    if not n:
        colour = QUIET
    return f'<span style="color:{colour}">{text}</span>' if colour else text
