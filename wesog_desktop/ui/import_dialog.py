"""The import dialog: read a table, map its columns, preview the changes, apply them as one step.

Reading and previewing run off the GUI thread (``TableJob``) with a progress bar and Stop;
nothing changes until Apply, which turns the preview's changes into pending edits as ONE undo
step ("Import 1,234 fields from artwork_data.csv"). Cancel, Stop or an unreadable file leave
the table as it was.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.config import paths
from wesog_desktop.domain.table_import import (
    Cancelled,
    ColumnMapping,
    ImportPreview,
    SavedMappings,
    Table,
    TableReadError,
    complete_mapping,
    suggest_mapping,
)
from wesog_desktop.services.table_import_job import TableJob, current_lookup, fetch_missing
from wesog_desktop.ui.import_mapping_page import MappingPage
from wesog_desktop.ui.import_preview_page import PreviewPage
from wesog_desktop.ui.job_progress import JobProgress
from wesog_desktop.ui.undo import push_edit

SAVED_MAPPINGS = "import-mappings.json"
MAPPING_PAGE, PREVIEW_PAGE = 0, 1


def saved_mappings() -> SavedMappings:
    """The mappings the user saved, in the config directory."""
    return SavedMappings(paths.config_dir() / SAVED_MAPPINGS)


class ImportDialog(QDialog):
    """Imports one file into the images of ``editor`` (the main window)."""

    applied = Signal(int)
    """(cells): the import became pending edits; how many cells changed."""

    def __init__(self, editor: Any, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent or editor)
        self.editor = editor
        self.path = Path(path)
        self.setWindowTitle(f"Import {self.path.name}")
        self.resize(1000, 640)
        self.job = TableJob(self)
        self.saved = saved_mappings()
        self.table: Table | None = None
        self.mapping: ColumnMapping | None = None
        self.preview: ImportPreview | None = None
        self.task: asyncio.Task[Any] | None = None
        self._saved_mapping: ColumnMapping | None = None
        self._working = False
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("importMessage")
        self.message.hide()
        self.mapping_page = MappingPage()
        self.preview_page = PreviewPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.mapping_page)
        self.pages.addWidget(self.preview_page)
        self.pages.hide()
        self.progress = JobProgress(self.job)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Preview changes")
        self.apply_button = QPushButton("Apply")
        for button in (self.back_button, self.next_button, self.apply_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self._connect()
        self._update_buttons()

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.back_button.clicked.connect(lambda: self._show_page(MAPPING_PAGE))
        self.next_button.clicked.connect(lambda: self._run(self._preview()))
        self.apply_button.clicked.connect(self.apply)
        self.mapping_page.mapping_changed.connect(self._mapping_changed)
        self.mapping_page.save_requested.connect(self.save_mapping)
        self.mapping_page.saved_mapping_requested.connect(self.use_saved_mapping)
        self.mapping_page.source.reread_requested.connect(
            lambda enc, delim, header: self._run(self._read(enc or None, delim or None, header)))
        self.preview_page.fetch_requested.connect(lambda: self._run(self._fetch()))

    # -- steps ------------------------------------------------------------------------------------
    def start(self) -> asyncio.Task[Any]:
        """Read the file (the dialog shows what it finds); returns the task."""
        return self._run(self._read())

    def show_preview(self) -> asyncio.Task[Any]:
        """Compute the preview of the current mapping and show it; returns the task."""
        return self._run(self._preview())

    def _run(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[Any]:
        self.task = self.editor.session.track(coro, "table import")
        return self.task

    async def _read(self, encoding: str | None = None, delimiter: str | None = None,
                    has_header: bool | None = None) -> None:
        self._busy(f"Reading {self.path.name}…")
        try:
            table = await self.job.read(self.path, encoding=encoding, delimiter=delimiter, has_header=has_header)
        except Cancelled:
            self._fail("Reading stopped: nothing was imported." if self.table is None else "")
            return
        except TableReadError as exc:
            self._fail(f"{exc}. Nothing was imported.")
            return
        same = self.table is not None and self.mapping is not None and table.columns == self.table.columns
        self.table, self.preview = table, None
        if not same:
            self.mapping = suggest_mapping(table)
        self._saved_mapping = self._find_saved(table)
        self._show_mapping(offer=self._saved_mapping is not None
                           and self._saved_mapping.to_json() != self.mapping_json())
        self._idle("")

    async def _preview(self) -> None:
        assert self.table is not None and self.mapping is not None
        self._busy("Comparing the file with the loaded images…")
        try:
            preview = await self.job.preview(self.table, self.mapping, current_lookup(self.editor.buffer))
        except Cancelled:
            self._idle("Preview stopped: nothing was imported.")
            return
        except ValueError as exc:
            self._idle(str(exc))
            return
        self.preview = preview
        self.preview_page.show_preview(preview)
        self._show_page(PREVIEW_PAGE)
        self._idle("")

    async def _fetch(self) -> None:
        assert self.preview is not None
        missing = self.preview.not_loaded
        self._busy(f"Fetching {len(missing):,} images from Wesog…")
        self.progress.stop.hide()
        try:
            found = await fetch_missing(self.editor.session, missing, self.editor.model.append_records)
        finally:
            self.progress.stop.show()
        self.editor.session.messages.info(f"Fetched {found:,} of {len(missing):,} images from Wesog")
        await self._preview()

    def apply(self) -> int:
        """Turn the previewed changes into pending edits as one undo step; the cells changed."""
        preview, table = self.preview, self.table
        assert preview is not None and table is not None
        changes = [(i, name, value) for i, diff in preview.changes().items() for name, value in diff.items()]
        text = f"Import {preview.fields_changing:,} fields from {table.name}"
        count = push_edit(self.editor.undo_stack, self.editor.buffer, changes, text)
        self.editor.session.messages.info(
            f"Imported {count:,} fields into {preview.images_changing:,} images from {table.name}")
        self.applied.emit(count)
        self.accept()
        return count

    def reject(self) -> None:
        self.job.cancel()
        if self.task is not None and not self.task.done():
            self.task.cancel()
        super().reject()

    # -- mappings ---------------------------------------------------------------------------------
    def mapping_json(self) -> dict[str, Any]:
        return self.mapping.to_json() if self.mapping else {}

    def _find_saved(self, table: Table) -> ColumnMapping | None:
        try:
            return self.saved.find(table.columns)
        except ValueError as exc:
            self._idle(str(exc))
            return None

    def save_mapping(self) -> None:
        """Remember the mapping for files with the same column names."""
        if self.mapping is None:
            return
        try:
            self.saved.save(self.mapping)
        except (OSError, ValueError) as exc:
            self._idle(f"The mapping could not be saved: {exc}")
            return
        self._saved_mapping = None
        self.mapping_page.saved_banner.hide()
        self.editor.session.messages.info("Mapping saved: it will be offered for files with these columns")

    def use_saved_mapping(self) -> None:
        if self.table is None or self._saved_mapping is None:
            return
        self.mapping = self._saved_mapping
        complete_mapping(self.table, self.mapping)
        self._show_mapping(offer=False)

    # -- state ------------------------------------------------------------------------------------
    def _show_mapping(self, offer: bool) -> None:
        assert self.table is not None and self.mapping is not None
        self.mapping_page.show_table(self.table, self.mapping, offer)
        self.pages.show()
        self._show_page(MAPPING_PAGE)

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self._update_buttons()

    def _mapping_changed(self) -> None:
        self.preview = None
        self._update_buttons()

    def _busy(self, text: str) -> None:
        self._working = True
        self.message.hide()
        self.progress.start(text)
        self.pages.setEnabled(False)
        self._update_buttons()

    def _idle(self, message: str) -> None:
        self._working = False
        self.progress.finish()
        self.pages.setEnabled(True)
        self.message.setText(message)
        self.message.setStyleSheet("")
        self.message.setVisible(bool(message))
        self._update_buttons()

    def _fail(self, message: str) -> None:
        self._idle(message)
        self.message.setStyleSheet("QLabel { background: #fde2e1; border: 1px solid #e99; padding: 8px; }")
        if message:
            self.editor.session.messages.warning(message)

    def _update_buttons(self) -> None:
        busy = self._working
        on_preview = self.pages.currentIndex() == PREVIEW_PAGE
        loaded = self.table is not None and not self.pages.isHidden()
        self.back_button.setVisible(loaded and on_preview)
        self.back_button.setEnabled(not busy)
        self.next_button.setVisible(loaded and not on_preview)
        self.next_button.setEnabled(not busy and self.mapping is not None and self.mapping.key is not None)
        self.next_button.setToolTip("" if self.mapping is None or self.mapping.key is not None
                                    else "Choose the column that holds the image IDs first")
        self.apply_button.setVisible(loaded and on_preview)
        self.apply_button.setEnabled(not busy and self.preview is not None and self.preview.fields_changing > 0)
        if self.preview is not None:
            self.apply_button.setText(f"Apply {self.preview.fields_changing:,} changes")
