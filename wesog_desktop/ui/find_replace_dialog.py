"""Find and replace (Ctrl+H) over the text fields and list entries of the loaded images.

The preview ("212 matches in 198 captions") updates as the user types. Counting and replacing
run in slices of ``CHUNK`` images between which the event loop runs, so the window stays
responsive at 70,000 rows; Stop cancels. Replace all is one undo step and changes nothing when
the images changed while it ran.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.domain.bulk_edit import images
from wesog_desktop.domain.edit_buffer import Cell, CellChange, EditBuffer
from wesog_desktop.domain.find_replace import (
    SEARCHABLE,
    Compiled,
    Query,
    Scope,
    Tally,
    compile_query,
    count_matches,
    describe_replace,
    replace_changes,
)
from wesog_desktop.ui.undo import push_edit

CHUNK = 4000
"""Images handled per slice of the event loop."""
ERROR_STYLE = "color: #b42318;"


class FindReplaceDialog(QDialog):
    """A non-modal dialog: find in chosen fields of the selection or of every loaded image."""

    preview_finished = Signal(str)
    """(text): the preview count is complete, e.g. "212 matches in 198 captions"."""
    replaced = Signal(str)
    """(undo text): Replace all changed cells, as one undo step named so."""
    slice_done = Signal(str)
    """(progress text): one slice of the running count or replace is done, e.g. "Replacing… 500 of 5,000"."""

    def __init__(self, buffer: EditBuffer, undo_stack: QUndoStack, selected_ids: Callable[[], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find and replace")
        self.buffer = buffer
        self.undo_stack = undo_stack
        self.selected_ids = selected_ids
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Text or regular expression")
        self.replace_edit = QLineEdit()
        self.replace_edit.setPlaceholderText(r"Replacement (with a regex: \1 for the first group)")
        self.regex_box = QCheckBox("Regular e&xpression")
        self.case_box = QCheckBox("&Match case")
        self.words_box = QCheckBox("&Whole words")
        self.in_selection = QRadioButton("&Selected images")
        self.in_all = QRadioButton("&All loaded images")
        self.in_all.setChecked(True)
        self.fields = QListWidget()
        for field in SEARCHABLE:
            item = QListWidgetItem(field.label)
            item.setData(Qt.ItemDataRole.UserRole, field.name)
            item.setCheckState(Qt.CheckState.Checked)
            self.fields.addItem(item)
        self.fields.setMaximumHeight(160)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.stop_button = QPushButton("S&top")
        self.stop_button.setEnabled(False)
        self.replace_button = QPushButton("&Replace all")
        close = QPushButton("Close")
        for button in (self.stop_button, self.replace_button, close):
            button.setAutoDefault(False)  # Enter in the Find box must never replace
        self._layout(close)
        self.steps_taken = 0
        self._job: Iterator[str] | None = None
        self._replacing = False
        self._stepper = QTimer(self, interval=0)
        self._stepper.timeout.connect(self._step)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.start_preview)
        for edit in (self.find_edit, self.replace_edit):
            edit.textChanged.connect(self._debounce.start)
        for box in (self.regex_box, self.case_box, self.words_box, self.in_selection, self.in_all):
            box.toggled.connect(self._debounce.start)
        self.fields.itemChanged.connect(self._debounce.start)
        self.stop_button.clicked.connect(self.cancel)
        self.replace_button.clicked.connect(self.replace_all)
        close.clicked.connect(self.close)
        listener = weakref.WeakMethod(self._on_cells_changed)
        buffer.subscribe(lambda cells: (m := listener()) and m(cells))

    def _layout(self, close: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("&Find:", self.find_edit)
        form.addRow("Replace &with:", self.replace_edit)
        options = QHBoxLayout()
        for box in (self.regex_box, self.case_box, self.words_box):
            options.addWidget(box)
        form.addRow("", options)
        scope = QHBoxLayout()
        scope.addWidget(self.in_selection)
        scope.addWidget(self.in_all)
        form.addRow("In:", scope)
        form.addRow("Fields:", self.fields)
        buttons = QHBoxLayout()
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        buttons.addWidget(self.replace_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.result)
        layout.addLayout(buttons)

    # -- what to search -----------------------------------------------------------------------
    def query(self) -> Query:
        return Query(self.find_edit.text(), self.replace_edit.text(), self.regex_box.isChecked(),
                     self.case_box.isChecked(), self.words_box.isChecked())

    def field_names(self) -> list[str]:
        items = (self.fields.item(i) for i in range(self.fields.count()))
        return [str(it.data(Qt.ItemDataRole.UserRole)) for it in items if it.checkState() == Qt.CheckState.Checked]

    def scope_ids(self) -> list[str] | None:
        """The selected images, or None for every loaded image."""
        return self.selected_ids() if self.in_selection.isChecked() else None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        selected = len(self.selected_ids())
        self.in_selection.setText(f"&Selected images ({selected:,})")
        self.in_all.setText(f"&All loaded images ({len(self.buffer):,})")
        if selected > 1:
            self.in_selection.setChecked(True)
        super().showEvent(event)
        self.find_edit.setFocus()
        self.start_preview()

    @property
    def busy(self) -> bool:
        return self._job is not None

    def _compiled(self) -> Compiled | None:
        try:
            return compile_query(self.query())
        except ValueError as exc:
            self.preview.setStyleSheet(ERROR_STYLE)
            self.preview.setText(str(exc))
            self.replace_button.setEnabled(False)
            return None

    # -- preview ------------------------------------------------------------------------------
    def start_preview(self) -> None:
        """Count the matches again, in slices (a running count or replace is dropped)."""
        if self._replacing:
            return
        self.cancel(quiet=True)
        compiled = self._compiled()
        if compiled is None:
            return
        self.preview.setStyleSheet("")
        self._start(self._count(compiled, self.scope_ids(), self.field_names()))

    def _count(self, compiled: Compiled, ids: list[str] | None, names: list[str]) -> Iterator[str]:
        scope, tally, done = Scope.of(self.buffer, ids), Tally(), 0  # any edit restarts the preview
        for part in scope.chunks(CHUNK):
            tally.add(count_matches(compiled, part, names))
            done += len(part.ids)
            yield f"{tally.describe()} so far ({done:,} of {images(len(scope.ids))})"
        text = tally.describe()
        self.preview.setText(text)
        self.replace_button.setEnabled(tally.total_matches > 0)
        self.preview_finished.emit(text)

    # -- replace ------------------------------------------------------------------------------
    def replace_all(self) -> None:
        """Replace every match in the chosen fields and images, as one undo step."""
        self.cancel(quiet=True)
        compiled = self._compiled()
        if compiled is None:
            return
        self._replacing = True
        self.replace_button.setEnabled(False)
        self._start(self._replace(self.query(), compiled, self.scope_ids(), self.field_names()))

    def _replace(self, query: Query, compiled: Compiled, ids: list[str] | None,
                 names: list[str]) -> Iterator[str]:
        scope, done = Scope.of(self.buffer, ids), 0  # any edit meanwhile cancels this job
        changes: list[CellChange] = []
        for part in scope.chunks(CHUNK):
            changes.extend(replace_changes(compiled, part, names))
            done += len(part.ids)
            yield f"Replacing… {done:,} of {images(len(scope.ids))}"
        self._replacing = False
        if not changes:
            self.result.setText("Nothing to replace")
            return
        text = describe_replace(query, changes)
        push_edit(self.undo_stack, self.buffer, changes, text)
        self.result.setText(f"{text}. Ctrl+Z undoes it.")
        self.replaced.emit(text)

    # -- slices ---------------------------------------------------------------------------------
    def _start(self, job: Iterator[str]) -> None:
        self._job = job
        self.steps_taken = 0
        self.stop_button.setEnabled(True)
        self._stepper.start()

    def _step(self) -> None:
        if self._job is None:
            self._stepper.stop()
            return
        try:
            text = next(self._job)
        except StopIteration:
            self._finish()
            return
        self.preview.setText(text)
        self.steps_taken += 1
        self.slice_done.emit(text)

    def _finish(self) -> None:
        self._job = None
        self._stepper.stop()
        self.stop_button.setEnabled(False)

    def cancel(self, quiet: bool = False) -> None:
        """Stop the running count or replace; a stopped replace changes nothing."""
        if self._job is None:
            return
        was_replacing = self._replacing
        self._replacing = False
        self._finish()
        if not quiet:
            self.preview.setText("Stopped")
            self.result.setText("Replace stopped: nothing was changed" if was_replacing else "")

    def _on_cells_changed(self, cells: list[Cell]) -> None:
        if self._replacing:
            self.cancel(quiet=True)
            self.result.setText("The images changed while replacing: nothing was changed. Try again.")
        elif self.isVisible():
            self._debounce.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override): Close, Esc, window close
        self.cancel(quiet=True)
        super().hideEvent(event)
