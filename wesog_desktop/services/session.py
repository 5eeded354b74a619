"""The session: one connection to Wesog and everything that lives as long as it does.

The window holds one ``Session``: the one ``WesogClient``, the edit buffer (journaled when a
``Journal`` is given), the message bridge, the thumbnail service, the submit defaults of the
connection and the asyncio tasks started on the user's behalf, which are cancelled when the
session closes. ``restore`` brings back what the journal kept from an earlier run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QObject

from wesog_desktop.api.clearing import DEFAULT_CLEAR, ClearPolicy
from wesog_desktop.api.client import WesogClient
from wesog_desktop.api.errors import WesogError
from wesog_desktop.config.keys import KeyStore
from wesog_desktop.config.paths import cache_dir
from wesog_desktop.config.settings import Settings
from wesog_desktop.domain.edit_buffer import EditBuffer, same_value
from wesog_desktop.domain.patch import SubmitOptions
from wesog_desktop.domain.records import Record
from wesog_desktop.services.journal import Journal, server_scope
from wesog_desktop.services.journal_restore import PendingState, RestoreReport, apply_restored
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.submitter import options_from_settings
from wesog_desktop.services.thumbnails import ThumbnailService

log = logging.getLogger(__name__)

THUMBNAIL_MAX_BYTES = 2_000_000
THUMBNAIL_TIMEOUT = 20.0
JOURNAL_FLUSH_S = 10.0


class Session(QObject):
    """A connection to the Wesog at ``base_url`` with ``api_key`` ("" when none is needed).

    ``journal`` records every edit of ``buffer`` under ``server`` (the URL and a hash of the
    key); ``submit_options`` are the connection's write defaults (None: read the settings).
    """

    def __init__(self, base_url: str, api_key: str, *, messages: MessageBridge | None = None,
                 label: str | None = None, journal: Journal | None = None,
                 clear_policy: ClearPolicy = DEFAULT_CLEAR, submit_options: SubmitOptions | None = None,
                 keys: KeyStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base_url = base_url
        self.api_key = api_key
        self.label = label or urlsplit(base_url).netloc or base_url
        self.client = WesogClient(base_url, api_key, clear_policy=clear_policy)
        self.buffer = EditBuffer()
        self.messages = messages if messages is not None else MessageBridge()
        # a 256 px thumbnail of a real photo takes up to 256 KB decoded: 1,000 stay within ~250 MB
        self.thumbnails = ThumbnailService(self._fetch_thumbnail, cache_dir() / "thumbnails", memory_items=1000,
                                           parent=self)
        self.journal = journal
        self.server = server_scope(self.client.base_url, api_key)
        self.submit_options = submit_options
        self.keys = keys
        if journal is not None:
            journal.attach(self.buffer, self.server)
        self._tasks: set[asyncio.Task[Any]] = set()
        self.closing = False
        """True from the moment ``aclose`` starts: operations stopped now stay journaled."""
        self.closed = False

    def _fetch_thumbnail(self, url: str) -> Coroutine[Any, Any, bytes]:
        return self.client.fetch_bytes(url, max_bytes=THUMBNAIL_MAX_BYTES, timeout=THUMBNAIL_TIMEOUT)

    def apply_settings(self, settings: Settings) -> None:
        """Use saved settings from now on: the clear policy, and the write defaults of this server."""
        self.client.clear_policy = ClearPolicy.named(settings.clear_policy_name)
        conn = settings.connection()
        if conn is not None and conn.base_url == self.client.base_url:
            self.submit_options = options_from_settings(settings)
        elif self.submit_options is not None:
            self.submit_options = self.submit_options.with_(check_conflicts=settings.check_conflicts)

    def track(self, coro: Coroutine[Any, Any, Any], name: str = "") -> asyncio.Task[Any]:
        """Run ``coro`` as a task that ``aclose`` cancels; its failure is logged, not lost."""
        task = asyncio.ensure_future(coro)
        if name:
            task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._forget)
        return task

    @property
    def running_tasks(self) -> int:
        return len(self._tasks)

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("task %s failed", task.get_name(), exc_info=task.exception())

    # -- restoring ------------------------------------------------------------------------------
    def pending_state(self) -> PendingState:
        """What earlier runs left in the journal for this server (empty without a journal).

        This run's own edits and batches, journaled too, are left out.
        """
        if self.journal is None:
            return PendingState(self.server)
        state = self.journal.pending_for(self.server)
        buffer, mine = self.buffer, f"{self.journal.run_id}-"
        for image_id in list(state.edits):
            fields = state.edits[image_id]
            if image_id in buffer:
                for name in [n for n in fields if buffer.is_changed(image_id, n)]:
                    del fields[name]
            if not fields:
                del state.edits[image_id]
        state.in_flight = [b for b in state.in_flight if not b.batch_id.startswith(mine)]
        return state

    async def restore(self, state: PendingState, add_records: Callable[[list[Record]], object]) -> RestoreReport:
        """Load the images ``state`` names that are not loaded yet (through ``add_records``), then
        put its edits back as pending: nothing is sent."""
        missing = [i for i in state.image_ids if i not in self.buffer]
        if missing:
            try:
                fresh = await self.client.get_images(missing)
            except WesogError as exc:
                self.messages.error(f"The unsubmitted edits could not be restored: {exc} They stay in the "
                                    "journal; you will be asked again at the next start.")
                raise
            add_records([fresh[i] for i in missing if i in fresh])
        credit_own_batches(self.buffer, state)
        return apply_restored(self.buffer, state)

    def forget_batch(self, batch_id: str, image_ids: list[str]) -> None:
        """Drop a journaled batch whose outcome nobody can learn; its edits stay pending."""
        if self.journal is not None:
            self.journal.record_batch_settled(batch_id, [], {}, image_ids)

    def discard_journal(self) -> None:
        """Forget what the journal holds for this server (the buffer's current edits excepted)."""
        if self.journal is not None:
            self.journal.discard(self.server)

    # -- closing --------------------------------------------------------------------------------
    async def aclose(self) -> None:
        """Cancel the running tasks, write the journal to disk, close the thumbnails and the client."""
        if self.closed:
            return
        self.closing = True
        self.closed = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self.journal is not None and not self.journal.flush(timeout=JOURNAL_FLUSH_S):
            log.error("the journal could not be written within %g s: %s", JOURNAL_FLUSH_S, self.journal.failure)
        await self.thumbnails.aclose()
        await self.client.aclose()


def credit_own_batches(buffer: EditBuffer, state: PendingState) -> None:
    """A field the server now holds with the value one of our unsettled batches sent was changed by
    us, not by someone else: make that value the edit's baseline so it is no conflict."""
    for batch in state.in_flight:
        for item in batch.items:
            image_id = item["id"]
            fields = state.edits.get(image_id)
            if not fields or image_id not in buffer:
                continue
            for name, sent in item.items():
                if name in fields and name != "id":
                    server = buffer.original(image_id, name)
                    if same_value(server, sent):
                        fields[name] = (server, fields[name][1])
