"""Submitting the buffer's changes from the window: plan, preview, conflicts, send, follow.

The UI asks for a ``PatchPlan`` and its exact JSON, lets the user review it, optionally checks
for conflicts, then starts the submission as a tracked task and listens to the signals below.
The sending itself is ``OperationTracker``'s, which the headless ``submit`` command shares.

With a ``Journal``, every batch is on record as it goes out (then with its operation ID) and
until it settles, so a crash never hides a write: the next start follows it again (``resume``).
A batch stopped because the session is closing stays on record for the same reason.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from wesog_desktop.api.client import WesogClient
from wesog_desktop.api.errors import WesogError
from wesog_desktop.config.settings import Settings
from wesog_desktop.domain.conflicts import ConflictReport, Resolution, apply_resolutions, find_conflicts
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.outcomes import lost, settle
from wesog_desktop.domain.patch import BATCH_SIZE, PatchPlan, SubmitOptions, plan_patch, preview_json
from wesog_desktop.domain.records import Record
from wesog_desktop.services.journal import Journal
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.operation_tracker import OperationTracker, Phase, SubmitSummary, TrackedOperation

log = logging.getLogger(__name__)

def options_from_settings(settings: Settings) -> SubmitOptions:
    """The submit defaults of the active connection (B.9 batch sizes unless one was chosen)."""
    conn = settings.connection()
    if conn is None:
        return SubmitOptions(check_conflicts=settings.check_conflicts)
    return SubmitOptions(wait=conn.wait, urgent=conn.urgent, strict=conn.strict, lang=conn.lang,
                         batch_size=None if conn.batch_size == BATCH_SIZE else conn.batch_size,
                         check_conflicts=settings.check_conflicts)


class Submitter(QObject):
    """Submits the pending edits of ``buffer`` over the client ``client_source()`` returns."""

    operation_added = Signal(object)
    """(TrackedOperation) a batch joined the history."""
    operation_changed = Signal(object)
    """(TrackedOperation) its phase, numbers or outcome changed."""
    submission_finished = Signal(object)
    """(SubmitSummary) every batch of a submission is settled."""

    def __init__(self, client_source: Callable[[], WesogClient], buffer: EditBuffer, messages: MessageBridge,
                 track: Callable[[Any, str], asyncio.Task[Any]] | None = None,
                 parent: QObject | None = None, *, journal: Journal | None = None, server: str = "",
                 closing: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self._client_source = client_source
        self.buffer = buffer
        self.messages = messages
        self._track = track
        self.tracker = OperationTracker(buffer, self.operation_added.emit, self.operation_changed.emit)
        self._running: set[asyncio.Task[Any]] = set()
        self._journal, self._server, self._closing = journal, server, closing
        self._batch_ids: dict[TrackedOperation, str] = {}
        """Journaled batches not settled yet."""
        if journal is not None:
            self.operation_changed.connect(self._journal_batch)

    @property
    def history(self) -> list[TrackedOperation]:
        return self.tracker.history

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def plan(self, options: SubmitOptions, image_ids: Iterable[str] | None = None) -> PatchPlan:
        return plan_patch(self.buffer, options.effective_batch_size, image_ids)

    def preview(self, plan: PatchPlan, options: SubmitOptions) -> str:
        return preview_json(plan, options, self._client_source().clear_policy.apply)

    async def check_conflicts(self, plan: PatchPlan) -> tuple[ConflictReport, dict[str, Record]] | None:
        """Re-read the planned images and compare them with the baselines the user edited from.

        None (with a message) when Wesog could not be read: then nothing should be sent.
        """
        try:
            fresh = await self._client_source().get_images(plan.ids)
        except WesogError as exc:
            self.messages.error(f"Nothing was sent: the check for changes made by others failed. {exc}")
            return None
        return find_conflicts(self.buffer, fresh, plan.ids), fresh

    def resolve(self, plan: PatchPlan, report: ConflictReport, fresh: Mapping[str, Record],
                choices: Mapping[str, Resolution], options: SubmitOptions) -> PatchPlan:
        """Apply the user's conflict choices and plan again without the skipped images."""
        skipped = set(apply_resolutions(self.buffer, report, fresh, choices))
        if report.missing:
            self.messages.warning(f"{len(report.missing)} edited image(s) no longer exist in Wesog and were "
                                  "left out: " + ", ".join(report.missing[:10]))
        return self.plan(options, [i for i in plan.ids if i not in skipped])

    def start(self, plan: PatchPlan, options: SubmitOptions) -> asyncio.Task[SubmitSummary]:
        """Send ``plan`` in the background; ``submission_finished`` tells the end."""
        coro = self.submit(plan, options)
        task = self._track(coro, "submit") if self._track else asyncio.ensure_future(coro)
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return task

    async def submit(self, plan: PatchPlan, options: SubmitOptions) -> SubmitSummary:
        summary = await self.tracker.submit(self._client_source(), plan, options)
        self._report(summary)
        self.submission_finished.emit(summary)
        return summary

    def retry_plan(self, options: SubmitOptions) -> PatchPlan:
        """The plan that resubmits only the images whose last submission failed."""
        return self.plan(options, self.buffer.failed_ids())

    def resume(self, batch_id: str, op_id: int, items: list[dict[str, Any]],
               options: SubmitOptions) -> TrackedOperation | None:
        """Follow an operation a previous run sent (journaled as ``batch_id``) to its end.

        Only its loaded images are followed; the others no longer exist and are let go.
        """
        loaded = [item for item in items if item["id"] in self.buffer]
        gone = [item["id"] for item in items if item["id"] not in self.buffer]
        if gone and self._journal is not None:
            self._journal.record_batch_settled(batch_id, [], {}, gone)
        if not loaded:
            return None
        entry = TrackedOperation(loaded, options, phase=Phase.QUEUED, op_id=op_id)
        self._batch_ids[entry] = batch_id
        self.tracker.history.append(entry)
        self.operation_added.emit(entry)
        coro = self._follow(entry, op_id)
        entry.task = self._track(coro, "resume") if self._track else asyncio.ensure_future(coro)
        return entry

    async def _follow(self, entry: TrackedOperation, op_id: int) -> None:
        # The sending half of OperationTracker._run happened in the previous run: only follow.
        tracker, ids = self.tracker, entry.image_ids
        for item in entry.items:
            self.buffer.mark_submitting(item["id"], {k: v for k, v in item.items() if k != "id"})
        try:
            async with asyncio.timeout(entry.options.follow_timeout):
                op = await self._client_source().follow_operation(op_id, lambda o: tracker._update(entry, o))
            tracker._update(entry, op)
            tracker._finish(entry, Phase.FINISHED, settle(ids, op))
        except WesogError as exc:
            tracker._finish(entry, Phase.LOST, lost(ids), f"{exc} The edits stay pending.")
        except TimeoutError:
            tracker._finish(entry, Phase.LOST, lost(ids), "stopped following without an end; the edits stay pending")
        except asyncio.CancelledError:
            tracker._finish(entry, Phase.LOST, lost(ids), "following was stopped; the edits stay pending")
            raise
        summary = SubmitSummary()
        summary.add(entry)
        self._report(summary)

    def _journal_batch(self, entry: TrackedOperation) -> None:
        """Keep the journal's record of ``entry`` current: sent, its operation ID, settled."""
        journal = self._journal
        assert journal is not None
        batch_id = self._batch_ids.get(entry)
        if entry.done:
            if batch_id is None or (entry.phase == Phase.LOST and self._closing()):
                return  # never sent; or stopped by the quit: resumed at the next start
            outcome = entry.outcome or lost(entry.image_ids)
            del self._batch_ids[entry]
            journal.record_batch_settled(batch_id, outcome.confirmed, outcome.failed, outcome.unknown)
        elif entry.phase != Phase.WAITING:
            if batch_id is None:
                batch_id = self._batch_ids[entry] = f"{journal.run_id}-{entry.number}"
            journal.record_batch_sent(self._server, batch_id, entry.op_id, entry.items)

    def cancel_all(self) -> None:
        for entry in self.tracker.history:
            entry.cancel()

    def _report(self, summary: SubmitSummary) -> None:
        text = summary.describe()
        if summary.unknown:
            reasons = sorted(set(summary.unknown.values()))
            self.messages.warning(f"{text} The outcome of some operations is unknown, so their edits stay "
                                  f"pending: {'; '.join(reasons[:3])}")
        elif summary.failed:
            self.messages.warning(f"{text} Use Retry failed after fixing them.")
        else:
            self.messages.info(text)

