"""Keeping the user's work and settings safe: restore on start, the quit guard, Settings, the logs.

- After the first load, edits a previous run left in the journal are offered back (Restore,
  Discard, Later). Restore puts them back as pending, nothing is sent; conflicts with changes
  made on the server meanwhile go to the conflict dialog; operations that were in flight with an
  ID are followed to their end again.
- Closing with pending edits asks: Keep for next time (they stay in the journal), Discard, or
  Cancel. An open cell editor is committed first, so closing mid-edit loses nothing.
- File › Settings… (Ctrl+,) and Help › Open log folder.

With the message bridge's dialogs off (automation) nothing is asked: edits are kept for later.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QMessageBox

from wesog_desktop.config.keys import KeyStore
from wesog_desktop.config.logging_setup import log_file_path
from wesog_desktop.config.settings import load_settings, save_settings
from wesog_desktop.domain.conflicts import Resolution
from wesog_desktop.domain.edit_buffer import UNSET
from wesog_desktop.services.journal_restore import PendingState, RestoreReport
from wesog_desktop.services.operation_tracker import Phase
from wesog_desktop.services.submitter import options_from_settings
from wesog_desktop.ui.conflict_dialog import ConflictDialog
from wesog_desktop.ui.restore_dialog import RestoreChoice, RestoreDialog
from wesog_desktop.ui.settings_dialog import SettingsDialog
from wesog_desktop.ui.submit_actions import run_dialog
from wesog_desktop.ui.undo import push_edit


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def open_log_folder() -> Path:
    """Show the log folder in the desktop's file manager; returns the folder."""
    folder = log_file_path().parent
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    return folder


class SafetyActions(QObject):
    """Restore on start, the quit guard and the Settings and log actions of one window."""

    dialog_shown = Signal(object)
    """(QDialog) the restore, conflict, quit or settings dialog opened (tests drive it from here)."""
    restore_finished = Signal(object)
    """(RestoreReport or None) the restore offer was answered and, when accepted, carried out."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._keys: KeyStore | None = self.session.keys
        self.restore_task: asyncio.Task[RestoreReport | None] | None = None
        self.settings_action = self._add(window.menus["File"], "Se&ttings…", self.open_settings,
                                         QKeySequence("Ctrl+,"), before_quit=True)
        self.log_action = self._add(window.menus["Help"], "Open &log folder", open_log_folder)
        window.close_guards.append(self.may_close)
        if self.session.journal is not None:
            window.loader.finished.connect(self._first_load_finished)

    def _add(self, menu: Any, text: str, slot: Any, shortcut: QKeySequence | None = None,
             before_quit: bool = False) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _=False: slot())
        quit_action = next((a for a in menu.actions() if a.text() == "&Quit"), None) if before_quit else None
        if quit_action is not None:
            menu.insertAction(quit_action, action)
        else:
            menu.addAction(action)
        return action

    @property
    def keys(self) -> KeyStore:
        if self._keys is None:
            self._keys = self.session.keys = KeyStore()
        return self._keys

    # -- settings -------------------------------------------------------------------------------
    def open_settings(self) -> SettingsDialog:
        """Open the settings; OK saves them and applies them to this session."""
        dialog = SettingsDialog(load_settings(), self.keys, self.window)
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.dialog_shown.emit(dialog)
        dialog.open()
        return dialog

    def _save_settings(self, dialog: SettingsDialog) -> None:
        settings = dialog.result_settings()
        save_settings(settings)
        self.session.apply_settings(settings)
        self.session.messages.info("Settings saved.")

    # -- restore on start -----------------------------------------------------------------------
    def _first_load_finished(self, _loaded: int) -> None:
        self.window.loader.finished.disconnect(self._first_load_finished)
        if not self.session.closed:
            state = self.session.pending_state()  # now: the user may edit while the dialog waits
            self.restore_task = self.session.track(self.offer_restore(state), "restore")

    async def offer_restore(self, state: PendingState) -> RestoreReport | None:
        """Ask what to do with the journal's edits ``state`` for this server and do it."""
        report = None
        try:
            if state:
                report = await self._answer(state)
        finally:
            self.restore_finished.emit(report)
        return report

    async def _answer(self, state: PendingState) -> RestoreReport | None:
        messages = self.session.messages
        if not messages.dialogs_allowed:
            messages.info(f"Kept for later: {state.describe()}")
            return None
        dialog = RestoreDialog(state, self.session.label, self.window)
        self.dialog_shown.emit(dialog)
        await run_dialog(dialog)
        if dialog.choice is RestoreChoice.DISCARD:
            self.session.discard_journal()
            messages.info(f"Discarded: {state.describe()}")
            return None
        if dialog.choice is RestoreChoice.LATER:
            messages.info("The unsubmitted edits are kept; you will be asked again at the next start.")
            return None
        return await self.restore(state)

    async def restore(self, state: PendingState) -> RestoreReport:
        """Put ``state`` back as pending edits, review conflicts, follow its operations again."""
        session, window = self.session, self.window
        report = await session.restore(state, window.model.append_records)
        if report.conflicts.by_image:
            await self._review_conflicts(report)
        submit = getattr(window, "submit_actions", None)
        options = session.submit_options or options_from_settings(load_settings())
        followed = 0
        for batch in state.in_flight:
            if batch.op_id is None or submit is None:
                session.forget_batch(batch.batch_id, batch.image_ids)
            elif submit.submitter.resume(batch.batch_id, batch.op_id, batch.items, options) is not None:
                followed += 1
        if followed and submit is not None:
            submit.dock.show()
        text = f"Restored {_plural(report.applied, 'unsubmitted edit')} as pending; nothing was sent."
        if report.already_applied:
            text += f" {_plural(report.already_applied, 'edit')} had already reached Wesog."
        if followed:
            text += f" Following {_plural(followed, 'operation')} sent before the stop."
        if report.missing:
            text += f" {_plural(len(report.missing), 'image')} no longer exist in Wesog."
        session.messages.info(text)
        return report

    async def _review_conflicts(self, report: RestoreReport) -> None:
        """Someone changed restored fields meanwhile: keep mine (default) or take the server's."""
        dialog = ConflictDialog(report.conflicts, self.window)
        self.dialog_shown.emit(dialog)
        if not await run_dialog(dialog):
            return  # cancel keeps the restored edits as they are
        take = [(c.image_id, c.field, UNSET) for image_id, choice in dialog.resolutions().items()
                if choice is Resolution.TAKE for c in report.conflicts.by_image[image_id]]
        if take:
            push_edit(self.window.undo_stack, self.session.buffer, take, "Take the server's values")

    # -- quitting -------------------------------------------------------------------------------
    def commit_open_editor(self) -> None:
        """Write the text of a cell editor still open into the model (closing must not lose it)."""
        table = self.window.table
        if table.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        while editor is not None and editor.parentWidget() is not table.viewport():
            editor = editor.parentWidget()
        if editor is not None:
            table.commitData(editor)
            table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def following(self) -> int:
        """Operations still being followed (they stay journaled and are followed at the next start)."""
        submit = getattr(self.window, "submit_actions", None)
        return 0 if submit is None else sum(not e.done and e.phase != Phase.WAITING for e in submit.submitter.history)

    def may_close(self) -> bool:
        """The close guard: ask about pending edits; False (Cancel) keeps the window open."""
        self.commit_open_editor()
        fields, images = self.session.buffer.counts()
        following = self.following()
        if not (fields or following) or not self.session.messages.dialogs_allowed:
            return True
        box = self.quit_dialog(fields, images, following)
        self.dialog_shown.emit(box)
        box.exec()
        clicked = box.clickedButton()
        box.deleteLater()
        if clicked is self.discard_button:
            self.discard_pending()
            return True
        return clicked is self.keep_button

    def quit_dialog(self, fields: int, images: int, following: int) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, "Unsubmitted changes", "", parent=self.window)
        parts = []
        if fields:
            parts.append(f"You have {_plural(fields, 'unsubmitted change')} in {_plural(images, 'image')}.")
        if following:
            parts.append(f"{_plural(following, 'operation')} sent to Wesog {'is' if following == 1 else 'are'} "
                         "still being followed; Wesog Desktop follows them again at the next start.")
        box.setText(" ".join(parts))
        box.setInformativeText("Keep for next time offers them back when you start Wesog Desktop again.")
        self.keep_button = box.addButton("Keep for next time", QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(self.keep_button)
        box.setEscapeButton(self.cancel_button)
        return box

    def discard_pending(self) -> None:
        """Drop every pending edit and forget what the journal holds for this server."""
        buffer = self.session.buffer
        buffer.revert(buffer.edited_cells())
        self.session.discard_journal()


def install(window: Any) -> None:
    """Add restore-on-start, the quit guard, Settings… and Open log folder (``window.safety_actions``)."""
    window.safety_actions = SafetyActions(window)

