"""The operations dock: one row per submitted batch, its progress, numbers, flags and errors.

Rows stay until the app quits. Clicking an error that names an image asks the window to
select that image; "Stop following" gives up on the selected operations (their edits stay
pending).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.services.operation_tracker import Phase, TrackedOperation

COLUMNS = ("Operation", "State", "Progress", "Images", "Idle ms", "Exec ms", "Created", "Started",
           "Finished", "Flags")
IMAGE_ROLE = Qt.ItemDataRole.UserRole


def _flags(entry: TrackedOperation) -> str:
    op, opts = entry.operation, entry.options
    wait = op.do_wait if op and op.do_wait is not None else opts.wait
    urgent = op.do_urgent if op and op.do_urgent is not None else opts.urgent
    strict = op.do_strict if op and op.do_strict is not None else opts.strict
    return ", ".join(f"{name}={'yes' if on else 'no'}" for name, on in
                     (("wait", wait), ("urgent", urgent), ("strict", strict)))


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


class StatusPanel(QWidget):
    """The dock's content; feed it with ``add`` and ``refresh`` (the submitter's signals)."""

    image_requested = Signal(str)
    """(image id) the user clicked an error that names this image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operations")
        self.setWindowTitle("Operations")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setColumnWidth(0, 150)
        self.tree.setColumnWidth(2, 140)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.empty = QLabel("Nothing submitted yet.")
        self.stop_button = QPushButton("Stop following")
        self.stop_button.setToolTip("Give up on the selected operations; their edits stay pending")
        self.stop_button.clicked.connect(self.stop_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.empty, 1)
        bar.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(bar)
        layout.addWidget(self.tree)
        self._rows: dict[int, tuple[TrackedOperation, QTreeWidgetItem, QProgressBar]] = {}
        self.tree.itemClicked.connect(self._clicked)

    def add(self, entry: TrackedOperation) -> None:
        item = QTreeWidgetItem([f"Batch {entry.number}"])
        self.tree.addTopLevelItem(item)
        bar = QProgressBar()
        bar.setTextVisible(True)
        self.tree.setItemWidget(item, 2, bar)
        self._rows[entry.number] = (entry, item, bar)
        count = len(self._rows)
        self.empty.setText(f"{count:,} operation{'' if count == 1 else 's'} this session")
        self.refresh(entry)

    def refresh(self, entry: TrackedOperation) -> None:
        row = self._rows.get(entry.number)
        if row is None:
            return
        _, item, bar = row
        op = entry.operation
        op_name = f"op {entry.op_id}" if entry.op_id is not None else "no op yet"
        item.setText(0, f"Batch {entry.number} · {op_name}")
        item.setText(1, entry.phase)
        done, total = entry.progress
        bar.setMaximum(max(total, 1))
        bar.setValue(done)
        bar.setFormat(f"{done:,} / {total:,}" + (f" ({op.num_bad:,} bad)" if op and op.num_bad else ""))
        item.setText(3, f"{len(entry.items):,}")
        item.setText(4, _number(op.idle_ms if op else None))
        item.setText(5, _number(op.exec_ms if op else None))
        for column, value in ((6, op.created_at if op else None), (7, op.started_at if op else None),
                              (8, op.finished_at if op else None)):
            item.setText(column, value or "")
        item.setText(9, _flags(entry))
        item.setToolTip(1, entry.message or entry.phase)
        self._fill_errors(entry, item)

    def _fill_errors(self, entry: TrackedOperation, item: QTreeWidgetItem) -> None:
        lines = entry.errors()
        if entry.message and entry.phase != Phase.REFUSED:
            lines = [*lines, (None, entry.message)]
        if item.childCount() == len(lines):
            return
        item.takeChildren()
        for image_id, message in lines:
            text = f"image {image_id}: {message}" if image_id else message
            child = QTreeWidgetItem([text])
            child.setToolTip(0, text + ("\nClick to select the image" if image_id else ""))
            child.setData(0, IMAGE_ROLE, image_id)
            item.addChild(child)
            child.setFirstColumnSpanned(True)
        if lines:
            item.setExpanded(True)

    def entries(self) -> list[TrackedOperation]:
        return [entry for entry, _, _ in self._rows.values()]

    def row_of(self, entry: TrackedOperation) -> QTreeWidgetItem:
        return self._rows[entry.number][1]

    def progress_bar(self, entry: TrackedOperation) -> QProgressBar:
        return self._rows[entry.number][2]

    def stop_selected(self) -> None:
        for entry, item, _ in self._rows.values():
            if item.isSelected():
                entry.cancel()

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        image_id = item.data(0, IMAGE_ROLE)
        if image_id:
            self.image_requested.emit(str(image_id))
