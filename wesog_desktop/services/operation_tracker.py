"""Sending PATCH batches and following their operations to the end (Qt-free: the CLI uses it too).

Each batch becomes one ``TrackedOperation``: sent with ``patch_images``, followed with
``follow_operation`` until finished (B.10), then settled into the edit buffer: confirmed images
take what was sent as their baseline, failed ones keep their edits with the server's message,
and images of an operation that could not be followed (404, repeated failures, a timeout, a
cancel) keep their edits as pending: nothing is ever cleaned without the server's word.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from wesog_desktop.api.errors import KeyRefused, RequestRejected, WesogError
from wesog_desktop.api.wire import PatchAnswer
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.outcomes import Outcome, error_target, lost, refused, settle
from wesog_desktop.domain.patch import Item, PatchPlan, SubmitOptions
from wesog_desktop.domain.records import Operation

log = logging.getLogger(__name__)

_numbers = itertools.count(1)


class PatchClient(Protocol):
    """The part of ``WesogClient`` a submission needs."""

    async def patch_images(self, items: list[dict[str, Any]], *, wait: bool, urgent: bool, strict: bool,
                           lang: str) -> PatchAnswer: ...

    async def follow_operation(self, op_id: int, on_update: Callable[[Operation], object] | None = None
                               ) -> Operation: ...


class Phase:
    WAITING = "waiting"
    SENDING = "sending"
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    REFUSED = "refused"
    LOST = "not followed"

    DONE = frozenset({FINISHED, REFUSED, LOST})


@dataclass(eq=False)
class TrackedOperation:
    """One batch and the operation it became; the status panel shows one of these per row."""

    items: list[Item]
    options: SubmitOptions
    number: int = field(default_factory=lambda: next(_numbers))
    phase: str = Phase.WAITING
    op_id: int | None = None
    operation: Operation | None = None
    message: str = ""
    """Why the operation was refused or not followed to its end."""
    outcome: Outcome | None = None
    sent_at: dt.datetime | None = None
    task: asyncio.Task[Any] | None = None

    @property
    def image_ids(self) -> list[str]:
        return [item["id"] for item in self.items]

    @property
    def done(self) -> bool:
        return self.phase in Phase.DONE

    @property
    def progress(self) -> tuple[int, int]:
        """(elements processed, elements in total)."""
        op = self.operation
        if op is None or not op.num_total:
            return (len(self.items) if self.phase == Phase.FINISHED else 0), len(self.items)
        return op.num_good + op.num_bad, op.num_total

    def errors(self) -> list[tuple[str | None, str]]:
        """The operation's errors as (image id it names, or None for the whole request, message)."""
        op = self.operation
        if op is None:
            return [(None, self.message)] if self.phase == Phase.REFUSED else []
        ids = self.image_ids
        id_set = set(ids)
        return [(error_target(e, ids, id_set), e.msg) for e in op.errors]

    def cancel(self) -> None:
        """Stop following: its images keep their edits as pending."""
        if self.task is not None and not self.done:
            self.task.cancel()


@dataclass(slots=True)
class SubmitSummary:
    """The end of one submission, image by image."""

    confirmed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)
    """{image id: why its outcome is not known}: its edits stay pending."""

    def add(self, entry: TrackedOperation) -> None:
        outcome = entry.outcome or lost(entry.image_ids)
        self.confirmed.extend(outcome.confirmed)
        self.failed.update(outcome.failed)
        why = entry.message or "the operation did not report on this image"
        self.unknown.update(dict.fromkeys(outcome.unknown, why))

    @property
    def all_confirmed(self) -> bool:
        return not self.failed and not self.unknown

    def describe(self) -> str:
        parts = [f"{len(self.confirmed)} confirmed"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        if self.unknown:
            parts.append(f"{len(self.unknown)} still pending (outcome unknown)")
        total = len(self.confirmed) + len(self.failed) + len(self.unknown)
        return f"Submitted {total} image{'s' if total != 1 else ''}: " + ", ".join(parts) + "."


Listener = Callable[[TrackedOperation], None]


class OperationTracker:
    """Sends batches a few at a time, follows each operation, settles the buffer; keeps history."""

    def __init__(self, buffer: EditBuffer, on_added: Listener | None = None,
                 on_changed: Listener | None = None) -> None:
        self.buffer = buffer
        self.history: list[TrackedOperation] = []
        self._on_added = on_added or (lambda entry: None)
        self._on_changed = on_changed or (lambda entry: None)
        self._key_refused = False

    async def submit(self, client: PatchClient, plan: PatchPlan, options: SubmitOptions) -> SubmitSummary:
        """Send ``plan`` with ``options``; returns when every batch is settled (cancel-safe)."""
        self._key_refused = False
        entries = [TrackedOperation(batch, options) for batch in plan.batches]
        for entry in entries:
            self.history.append(entry)
            self._on_added(entry)
        gate = asyncio.Semaphore(options.in_flight)
        tasks = [asyncio.ensure_future(self._run(client, entry, gate)) for entry in entries]
        for entry, task in zip(entries, tasks, strict=True):
            entry.task = task
        try:
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            for task in tasks:
                task.cancel()
            if tasks:
                await asyncio.wait(tasks)
            for entry in entries:  # cancelled before its first step: never sent
                if not entry.done:
                    self._finish(entry, Phase.LOST, lost(entry.image_ids), "not sent: the submission was stopped")
        summary = SubmitSummary()
        for entry in entries:
            summary.add(entry)
        return summary

    async def _run(self, client: PatchClient, entry: TrackedOperation, gate: asyncio.Semaphore) -> None:
        ids = entry.image_ids
        opts = entry.options
        for item in entry.items:  # each batch in its own step: the window repaints in between
            self.buffer.mark_submitting(item["id"], {k: v for k, v in item.items() if k != "id"})
        try:
            async with gate:
                if self._key_refused:
                    self._finish(entry, Phase.LOST, lost(ids), "not sent: Wesog refused the API key")
                    return
                self._set(entry, phase=Phase.SENDING, sent_at=dt.datetime.now(dt.UTC))
                answer = await client.patch_images(entry.items, wait=opts.wait, urgent=opts.urgent,
                                                   strict=opts.strict, lang=opts.lang)
                entry.op_id = answer.op_id
                op = answer.operation
                if op is not None:
                    self._update(entry, op)
                if op is None or not op.finished:
                    if answer.op_id is None:
                        raise _Unfollowable("Wesog gave no operation ID to follow")
                    async with asyncio.timeout(opts.follow_timeout):
                        op = await client.follow_operation(answer.op_id, lambda o: self._update(entry, o))
                self._update(entry, op)
                self._finish(entry, Phase.FINISHED, settle(ids, op))
        except RequestRejected as exc:
            self._finish(entry, Phase.REFUSED, refused(ids, str(exc)), str(exc))
        except KeyRefused as exc:
            self._key_refused = True
            self._finish(entry, Phase.LOST, lost(ids), str(exc))
        except (WesogError, _Unfollowable) as exc:
            self._finish(entry, Phase.LOST, lost(ids), f"{exc} The edits stay pending.")
        except TimeoutError:
            why = f"stopped following after {opts.follow_timeout:g} s without an end; the edits stay pending"
            self._finish(entry, Phase.LOST, lost(ids), why)
        except asyncio.CancelledError:
            self._finish(entry, Phase.LOST, lost(ids), "following was stopped; the edits stay pending")
            raise
        except Exception as exc:
            log.exception("batch %d failed unexpectedly", entry.number)
            self._finish(entry, Phase.LOST, lost(ids), f"unexpected error ({exc}); the edits stay pending")

    def _update(self, entry: TrackedOperation, op: Operation) -> None:
        phase = Phase.FINISHED if op.finished else (Phase.RUNNING if op.is_started else Phase.QUEUED)
        if op.op_id is None and entry.op_id is not None:
            op = op.model_copy(update={"op_id": entry.op_id})
        self._set(entry, operation=op, phase=phase if not op.finished else Phase.RUNNING)

    def _finish(self, entry: TrackedOperation, phase: str, outcome: Outcome, message: str = "") -> None:
        if entry.done:
            return
        buffer = self.buffer
        for image_id in outcome.confirmed:
            buffer.confirm(image_id)
        for image_id, msg in outcome.failed.items():
            buffer.fail(image_id, msg)
        for image_id in outcome.unknown:
            buffer.settle_unknown(image_id)
        if not message and outcome.unknown:
            message = "the operation counted failures it did not name; those edits stay pending"
        self._set(entry, phase=phase, outcome=outcome, message=message)

    def _set(self, entry: TrackedOperation, **values: Any) -> None:
        for name, value in values.items():
            setattr(entry, name, value)
        self._on_changed(entry)


class _Unfollowable(Exception):
    """A write answered without anything to follow."""
