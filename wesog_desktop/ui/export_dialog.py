"""The export dialog: which images, which fields, and how the CSV is written.

The images are all loaded ones, the selection, or only the changed ones (then each changed field
is written with its old value beside it, and a re-import applies exactly those changes). The
file is UTF-8, optionally with a byte-order mark, lists joined with the chosen separator,
formulas neutralised unless turned off; the defaults come from the settings. Writing runs off
the GUI thread.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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

from wesog_desktop.config.settings import load_settings
from wesog_desktop.domain import fields as F
from wesog_desktop.domain.table_export import DEFAULT_FIELDS
from wesog_desktop.services.table_import_job import TableJob, current_lookup
from wesog_desktop.ui.job_progress import JobProgress

SCOPES = ("all", "selection", "changed")


class ExportDialog(QDialog):
    """Exports the images of ``editor`` (the main window) to a CSV file."""

    exported = Signal(str, int)
    """(path, rows): the file was written."""

    def __init__(self, editor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or editor)
        self.editor = editor
        self.setWindowTitle("Export to CSV")
        self.resize(560, 600)
        self.job = TableJob(self)
        self.task: asyncio.Task[Any] | None = None
        settings = load_settings()
        buffer = editor.buffer
        self._selection = editor.selected_ids()
        counts = {"all": len(buffer), "selection": len(self._selection), "changed": buffer.counts()[1]}
        texts = {"all": "All loaded images", "selection": "The selected images",
                 "changed": "Only the changed images, with old and new values"}
        self.scope = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        scopes = QVBoxLayout()
        for i, key in enumerate(SCOPES):
            button = QRadioButton(f"{texts[key]} ({counts[key]:,})")
            button.setEnabled(counts[key] > 0)
            self.scope.addButton(button, i)
            self.scope_buttons[key] = button
            scopes.addWidget(button)
        self.scope_buttons["selection" if len(self._selection) > 1 else "all"].setChecked(True)
        self.fields = QListWidget()
        for name in DEFAULT_FIELDS:
            item = QListWidgetItem(F.get(name).label)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setCheckState(Qt.CheckState.Checked)
            self.fields.addItem(item)
        self.fields_all, self.fields_none = QPushButton("All"), QPushButton("None")
        self.fields_all.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.fields_none.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.path = QLineEdit(str(Path.home() / "wesog-export.csv"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.bom = QCheckBox("Byte-order mark (lets Excel see UTF-8)")
        self.bom.setChecked(settings.export_bom)
        self.separator = QLineEdit(settings.export_list_separator)
        self.separator.setMaximumWidth(60)
        self.neutralise = QCheckBox("Neutralise formulas (a ' before cells starting with = + - @)")
        self.neutralise.setChecked(settings.neutralise_formulas)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = JobProgress(self.job)
        self.progress.stop.hide()  # writing a file is not cut short: it would leave half a file
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.rejected.connect(self.reject)
        self.buttons.accepted.connect(self.export)
        field_buttons = QHBoxLayout()
        field_buttons.addWidget(self.fields_all)
        field_buttons.addWidget(self.fields_none)
        field_buttons.addStretch(1)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Images", scopes)
        form.addRow("Fields", self.fields)
        form.addRow("", field_buttons)
        form.addRow("File", where)
        form.addRow("List separator", self.separator)
        form.addRow("", self.bom)
        form.addRow("", self.neutralise)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def chosen_scope(self) -> str:
        return SCOPES[self.scope.checkedId()]

    def chosen_fields(self) -> list[str]:
        items = (self.fields.item(i) for i in range(self.fields.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def chosen_ids(self) -> list[str]:
        buffer = self.editor.buffer
        scope = self.chosen_scope()
        if scope == "selection":
            return list(self._selection)
        return buffer.changed_ids() if scope == "changed" else list(buffer.ids)

    def export(self) -> asyncio.Task[Any] | None:
        """Write the file off the GUI thread; the dialog closes when it is written."""
        fields, path = self.chosen_fields(), self.path.text().strip()
        if not fields or not path:
            self.message.setText("Choose at least one field and a file.")
            return None
        self.task = self.editor.session.track(self._write(Path(path).expanduser(), fields), "table export")
        return self.task

    async def _write(self, path: Path, fields: list[str]) -> None:
        ids = self.chosen_ids()
        buffer = self.editor.buffer
        originals = buffer.baselines() if self.chosen_scope() == "changed" else None
        self.export_button.setEnabled(False)
        self.message.clear()
        self.progress.start(f"Writing {len(ids):,} images…")
        try:
            rows = await self.job.export(
                path, ids, current_lookup(buffer), fields, originals, bom=self.bom.isChecked(),
                list_separator=self.separator.text() or "; ", neutralise_formulas=self.neutralise.isChecked())
        except OSError as exc:
            self.message.setText(f"{path.name} could not be written: {exc.strerror or exc}")
            return
        finally:
            self.progress.finish()
            self.export_button.setEnabled(True)
        self.editor.session.messages.info(f"Exported {rows:,} images to {path}")
        self.exported.emit(str(path), rows)
        self.accept()

    def _check_all(self, state: Qt.CheckState) -> None:
        for i in range(self.fields.count()):
            self.fields.item(i).setCheckState(state)

    def _browse(self) -> None:
        dialog = QFileDialog(self, "Export to", self.path.text(), "CSV files (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(self.path.setText)
        dialog.open()
