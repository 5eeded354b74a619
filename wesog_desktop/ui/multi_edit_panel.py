"""The side panel's form for several selected images: one Apply is one undo step.

Each field shows the value the images share, or "mixed (N values)". Only the fields the user
touches are written; for each one the user picks how the value applies (replace, append,
prepend, clear, only where empty). List fields list every entry with how many of the selected
images carry it ("tree 5/12"): ticking an entry adds it to all, unticking removes it from all,
and typing a new entry adds it without removing any other.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.bulk_edit import (
    MIXED,
    FieldEdit,
    FieldSummary,
    Mode,
    bulk_changes,
    describe_all,
    images,
    modes_for,
    summarize,
)
from wesog_desktop.domain.edit_buffer import Cell, EditBuffer
from wesog_desktop.domain.values import split_list
from wesog_desktop.ui.undo import push_edit

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_ENTRIES_SHOWN = 300
SUMMARIZE_AT_ONCE = 5000
"""Larger selections are summarised after a short pause, so dragging a selection stays smooth."""
FLAG_CHOICES = {"yes": True, "no": False, "unknown": None}
Check = Qt.CheckState


class FieldRow(QWidget):
    """The editor of one field: a mode, a value, and for lists the entries with their counts."""

    touched_changed = Signal()
    """Emitted when the user first changes this field."""

    def __init__(self, field: F.Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.touched = False
        self._n_images = 0
        self._initial: dict[str, Check] = {}
        self.mode = QComboBox()
        for mode in modes_for(field):
            self.mode.addItem(mode.value, mode)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.text: QLineEdit | QPlainTextEdit | QComboBox
        if field.kind is F.FieldKind.FLAG:
            self.text = QComboBox()
            self.text.addItems(list(FLAG_CHOICES))
            self.text.activated.connect(self._touch)
        elif field.kind is F.FieldKind.LONG_TEXT:
            self.text = QPlainTextEdit()
            self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4)
            self.text.textChanged.connect(self._touch)
        else:
            self.text = QLineEdit()
            self.text.textEdited.connect(self._touch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.mode)
        top.addWidget(self.text, 1)
        layout.addLayout(top)
        self.entries: QListWidget | None = None
        if field.is_list:
            assert isinstance(self.text, QLineEdit)
            self.text.setPlaceholderText("Add an entry and press Enter")
            self.text.returnPressed.connect(self.add_typed_entries)
            self.entries = QListWidget()
            self.entries.setMaximumHeight(140)
            self.entries.itemChanged.connect(self._entry_changed)
            layout.addWidget(self.entries)

    # -- showing a summary --------------------------------------------------------------------
    def show_summary(self, summary: FieldSummary, n_images: int) -> None:
        """Show what the selection holds and forget what the user typed."""
        self.touched = False
        self._n_images = n_images
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(0)
        self.mode.blockSignals(False)
        self.text.setEnabled(True)
        mixed = summary.common_value is MIXED
        placeholder = f"mixed ({summary.distinct_count} values)" if mixed else ""
        shown = "" if mixed or self.field.is_list else self.field.format(summary.common_value)
        self.text.blockSignals(True)
        if isinstance(self.text, QComboBox):
            self.text.setPlaceholderText(placeholder or "unknown")
            self.text.setCurrentIndex(-1 if mixed else self.text.findText(shown or "unknown"))
        else:
            self.text.setPlaceholderText(placeholder or self.text.placeholderText())
            if isinstance(self.text, QPlainTextEdit):
                self.text.setPlainText(shown)
            else:
                self.text.setText(shown)
        self.text.blockSignals(False)
        if self.entries is not None:
            self.text.setPlaceholderText("Add an entry and press Enter")
            self._show_entries(summary.entry_counts, n_images)

    def _show_entries(self, counts: dict[str, int], n_images: int) -> None:
        assert self.entries is not None
        self.entries.blockSignals(True)
        self.entries.clear()
        self._initial = {}
        for entry, count in list(counts.items())[:MAX_ENTRIES_SHOWN]:
            self._add_item(entry, f"{entry} {count}/{n_images}",
                           Check.Checked if count == n_images else Check.PartiallyChecked)
        if len(counts) > MAX_ENTRIES_SHOWN:
            self.entries.addItem(f"… {len(counts) - MAX_ENTRIES_SHOWN} more entries")
        self.entries.blockSignals(False)

    def _add_item(self, entry: str, label: str, state: Check) -> QListWidgetItem:
        assert self.entries is not None
        item = QListWidgetItem(label)
        item.setData(ENTRY_ROLE, entry)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(state)
        self._initial[entry] = state
        self.entries.addItem(item)
        return item

    # -- user input ---------------------------------------------------------------------------
    def _touch(self) -> None:
        if not self.touched:
            self.touched = True
            self.touched_changed.emit()

    def _mode_changed(self) -> None:
        mode = self.current_mode()
        self.text.setEnabled(mode is not Mode.CLEAR)
        if mode in (Mode.APPEND, Mode.PREPEND) and isinstance(self.text, QLineEdit | QPlainTextEdit):
            self.text.blockSignals(True)
            self.text.clear()
            self.text.blockSignals(False)
            self.text.setPlaceholderText(f"Text to {mode.value.lower()}")
        if mode is Mode.CLEAR:
            self._touch()

    def current_mode(self) -> Mode:
        mode = self.mode.currentData()
        assert isinstance(mode, Mode)
        return mode

    def add_typed_entries(self) -> None:
        """Add the entries typed in the line (a list field in "Add entries" mode)."""
        if self.entries is None or self.current_mode() is not Mode.ADD_ENTRIES:
            return
        assert isinstance(self.text, QLineEdit)
        for entry in split_list(self.text.text()):
            item = self._item(entry)
            if item is None:
                self._initial[entry] = Check.Unchecked
                item = self._add_item(entry, f"{entry} 0/{self._n_images}", Check.Unchecked)
            item.setCheckState(Check.Checked)
        self.text.clear()

    def _item(self, entry: str) -> QListWidgetItem | None:
        assert self.entries is not None
        for i in range(self.entries.count()):
            item = self.entries.item(i)
            if item.data(ENTRY_ROLE) == entry:
                return item
        return None

    def _entry_changed(self, item: QListWidgetItem) -> None:
        if item.data(ENTRY_ROLE) is not None:
            self._touch()

    def set_entry(self, entry: str, present: bool) -> None:
        """Tick (add to all) or untick (remove from all) an entry, as a click does."""
        item = self._item(entry)
        if item is not None:
            item.setCheckState(Check.Checked if present else Check.Unchecked)

    # -- the edit -----------------------------------------------------------------------------
    def edits(self) -> list[FieldEdit]:
        """The edits of this field; ``ValueError`` when the typed value is not valid."""
        if not self.touched:
            return []
        mode, name = self.current_mode(), self.field.name
        if mode is Mode.CLEAR:
            return [FieldEdit(name, mode)]
        if isinstance(self.text, QComboBox):
            return [FieldEdit(name, mode, FLAG_CHOICES.get(self.text.currentText()))]
        text = self.text.toPlainText() if isinstance(self.text, QPlainTextEdit) else self.text.text()
        if mode is Mode.ADD_ENTRIES:
            self.add_typed_entries()
            return self._entry_edits()
        if mode in (Mode.APPEND, Mode.PREPEND):
            return [FieldEdit(name, mode, text.strip())] if text.strip() else []
        try:
            value = self.field.parse(text)
        except ValueError as exc:
            raise ValueError(f"{self.field.label}: {exc}") from None
        return [FieldEdit(name, mode, value)]

    def _entry_edits(self) -> list[FieldEdit]:
        assert self.entries is not None
        added, removed = [], []
        for i in range(self.entries.count()):
            item = self.entries.item(i)
            entry = item.data(ENTRY_ROLE)
            if entry is None or item.checkState() == self._initial.get(entry):
                continue
            (added if item.checkState() == Check.Checked else removed).append(entry)
        name = self.field.name
        return ([FieldEdit(name, Mode.ADD_ENTRIES, added)] if added else []) + (
            [FieldEdit(name, Mode.REMOVE_ENTRIES, removed)] if removed else [])


class MultiEditPanel(QWidget):
    """Edit the fields of several images at once (``set_images`` picks them)."""

    applied = Signal(str)
    """(undo text): an Apply changed images, as one undo step named so."""

    def __init__(self, buffer: EditBuffer, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buffer = buffer
        self.undo_stack = undo_stack
        self.ids: list[str] = []
        self._id_set: set[str] = set()
        self._stale = False
        self.heading = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.apply_button = QPushButton("Apply")
        self.apply_button.clicked.connect(self.apply)
        reset = QPushButton("Reset")
        reset.clicked.connect(self.refresh)
        self.rows: dict[str, FieldRow] = {}
        self._labels: dict[str, QLabel] = {}
        form_host = QWidget()
        form = QFormLayout(form_host)
        for field in F.WRITABLE:
            row = FieldRow(field)
            row.touched_changed.connect(lambda name=field.name: self._mark(name))
            label = QLabel(field.label)
            label.setToolTip(field.description)
            form.addRow(label, row)
            self.rows[field.name] = row
            self._labels[field.name] = label
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(reset)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._refresh_timer = QTimer(self, singleShot=True)
        self._refresh_timer.timeout.connect(self._refresh_if_untouched)
        listener = weakref.WeakMethod(self._on_cells_changed)
        buffer.subscribe(lambda cells: (m := listener()) and m(cells))

    def set_images(self, ids: list[str]) -> None:
        """Show the summary of these images; what the user typed for the previous ones is dropped."""
        self.ids = list(ids)
        self._id_set = set(self.ids)
        if len(self.ids) <= SUMMARIZE_AT_ONCE:
            self.refresh()
            return
        self.heading.setText(f"Summarising {images(len(self.ids))}…")
        self.apply_button.setEnabled(False)
        self._stale = True
        self._refresh_timer.start(150)

    def refresh(self) -> None:
        summaries = summarize(self.buffer, self.ids, self.rows)
        for name, row in self.rows.items():
            row.show_summary(summaries[name], len(self.ids))
            self._labels[name].setStyleSheet("")
        self.heading.setText(f"{images(len(self.ids))} selected")
        self.apply_button.setEnabled(False)
        self._refresh_timer.stop()
        self._stale = False

    def _mark(self, name: str) -> None:
        self._labels[name].setStyleSheet("font-weight: bold")
        self.apply_button.setEnabled(True)

    def edits(self) -> list[FieldEdit]:
        """What Apply would do; ``ValueError`` names the first field with an invalid value."""
        return [edit for row in self.rows.values() for edit in row.edits()]

    def apply(self) -> int:
        """Apply the touched fields to the images as one undo step; returns cells changed."""
        try:
            edits = self.edits()
        except ValueError as exc:
            self.status.setText(f"Nothing applied: {exc}")
            return 0
        changes = bulk_changes(self.buffer, self.ids, edits)
        if not changes:
            self.status.setText("Nothing to change")
            return 0
        text = describe_all(edits, changes)
        count = push_edit(self.undo_stack, self.buffer, changes, text)
        self.status.setText(text)
        self.refresh()
        self.applied.emit(text)
        return count

    def _on_cells_changed(self, cells: list[Cell]) -> None:
        if self._id_set and any(image_id in self._id_set for image_id, _ in cells):
            self._refresh_timer.start(0)

    def _refresh_if_untouched(self) -> None:
        if self._stale or not any(row.touched for row in self.rows.values()):
            self.refresh()
