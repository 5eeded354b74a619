"""The window's submit feature: "Submit changes…" (Ctrl+S), "Retry failed" and the Operations dock.

Submitting is review → (conflict check → choices) → send in the background. The window stays
usable throughout: the user may keep editing, and edits to rows being submitted stay pending.
With the message bridge's dialogs off (automation) the review is skipped with the defaults and
conflicting images are skipped, never overwritten.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from wesog_desktop.config.settings import load_settings
from wesog_desktop.domain.conflicts import Resolution
from wesog_desktop.domain.patch import PatchPlan, SubmitOptions
from wesog_desktop.services.operation_tracker import SubmitSummary
from wesog_desktop.services.submitter import Submitter, options_from_settings
from wesog_desktop.ui.conflict_dialog import ConflictDialog
from wesog_desktop.ui.review_dialog import ReviewDialog
from wesog_desktop.ui.status_panel import StatusPanel


async def run_dialog(dialog: QDialog) -> bool:
    """Show ``dialog`` window-modal without a nested event loop; True when accepted."""
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not future.done():
            future.set_result(result)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await future == QDialog.DialogCode.Accepted.value
    finally:
        dialog.deleteLater()


class SubmitActions(QObject):
    """Owns the submitter, the actions and the Operations dock of one window."""

    dialog_shown = Signal(object)
    """(QDialog) the review or conflict dialog opened (automation drives it from here)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        session = window.session
        self.messages = session.messages
        self.submitter = Submitter(lambda: session.client, window.buffer, session.messages,
                                   track=session.track, parent=self, journal=session.journal,
                                   server=session.server, closing=lambda: session.closing)
        self.panel = StatusPanel()
        self.dock = window.add_dock(self.panel, Qt.DockWidgetArea.BottomDockWidgetArea, "Operations")
        self.dock.hide()
        self.submitter.operation_added.connect(self.panel.add)
        self.submitter.operation_changed.connect(self.panel.refresh)
        self.panel.image_requested.connect(window.select_image)
        self.submit_action = QAction("&Submit changes…", window)
        self.submit_action.setShortcut(QKeySequence("Ctrl+S"))
        self.submit_action.setToolTip("Review the changed fields and send them to Wesog (Ctrl+S)")
        self.submit_action.triggered.connect(lambda _=False: self.submit())
        self.retry_action = QAction("&Retry failed", window)
        self.retry_action.setToolTip("Submit again only the images Wesog refused last time")
        self.retry_action.triggered.connect(lambda _=False: self.retry_failed())
        file_menu = window.menus["File"]
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertActions(first, [self.submit_action, self.retry_action])
        file_menu.insertSeparator(first)
        window.toolbar.addSeparator()
        window.toolbar.addActions([self.submit_action, self.retry_action])
        self._enable_timer = QTimer(self, singleShot=True, interval=0)
        self._enable_timer.timeout.connect(self._update_enabled)
        window.buffer.subscribe(lambda _cells: self._enable_timer.start())
        self._update_enabled()

    def submit(self, image_ids: Iterable[str] | None = None) -> asyncio.Task[SubmitSummary | None]:
        """Review and submit the pending edits (of ``image_ids`` only, when given)."""
        ids = None if image_ids is None else list(image_ids)
        return self.window.session.track(self._flow(ids), "submit-review")

    def retry_failed(self) -> asyncio.Task[SubmitSummary | None]:
        return self.submit(self.window.buffer.failed_ids())

    async def _flow(self, image_ids: list[str] | None) -> SubmitSummary | None:
        submitter = self.submitter
        options = self.window.session.submit_options or options_from_settings(load_settings())
        if self.messages.dialogs_allowed:
            review = ReviewDialog(self.window.buffer, options, lambda o: submitter.plan(o, image_ids),
                                  submitter.preview, self.window)
            self.dialog_shown.emit(review)
            if not await run_dialog(review):
                return None
            options, plan = review.options(), review.plan
        else:
            plan = submitter.plan(options, image_ids)
        if plan.held_back:
            self.messages.warning(f"{len(plan.held_back):,} image(s) with invalid values were held back.")
        if not plan:
            self.messages.info("Nothing to submit.")
            return None
        if options.check_conflicts:
            checked = await self._resolve_conflicts(plan, options)
            if checked is None:
                return None
            plan = checked
            if not plan:
                self.messages.info("Nothing left to submit.")
                return None
        self.dock.show()
        return await submitter.start(plan, options)

    async def _resolve_conflicts(self, plan: PatchPlan, options: SubmitOptions) -> PatchPlan | None:
        found = await self.submitter.check_conflicts(plan)
        if found is None:
            return None
        report, fresh = found
        if not report:
            return plan
        if self.messages.dialogs_allowed and report.by_image:
            dialog = ConflictDialog(report, self.window)
            self.dialog_shown.emit(dialog)
            if not await run_dialog(dialog):
                self.messages.info("Submission cancelled: nothing was sent.")
                return None
            choices = dialog.resolutions()
        else:
            choices = dict.fromkeys(report.by_image, Resolution.SKIP)
            if report.by_image:
                self.messages.warning(f"{len(report.by_image):,} image(s) changed on the server meanwhile "
                                      "were skipped; their edits stay pending.")
        return self.submitter.resolve(plan, report, fresh, choices, options)

    def _update_enabled(self) -> None:
        buffer = self.window.buffer
        self.submit_action.setEnabled(bool(buffer.counts()[1]))
        self.retry_action.setEnabled(bool(buffer.failed_ids()))


def install(window: Any) -> None:
    """Add submitting to ``window`` (kept as ``window.submit_actions``)."""
    window.submit_actions = SubmitActions(window)
