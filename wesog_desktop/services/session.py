"""The session: one connection to Wesog and everything that lives as long as it does.

The window holds one ``Session``: the one ``WesogClient``, the edit buffer, the message
bridge, the thumbnail service and the asyncio tasks started on the user's behalf, which are
cancelled when the session closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QObject

from wesog_desktop.api.client import WesogClient
from wesog_desktop.config.paths import cache_dir
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.thumbnails import ThumbnailService

log = logging.getLogger(__name__)

THUMBNAIL_MAX_BYTES = 2_000_000
THUMBNAIL_TIMEOUT = 20.0


class Session(QObject):
    """A connection to the Wesog at ``base_url`` with ``api_key`` ("" when none is needed)."""

    def __init__(self, base_url: str, api_key: str, *, messages: MessageBridge | None = None,
                 label: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base_url = base_url
        self.api_key = api_key
        self.label = label or urlsplit(base_url).netloc or base_url
        self.client = WesogClient(base_url, api_key)
        self.buffer = EditBuffer()
        self.messages = messages if messages is not None else MessageBridge()
        self.thumbnails = ThumbnailService(self._fetch_thumbnail, cache_dir() / "thumbnails", parent=self)
        self._tasks: set[asyncio.Task[Any]] = set()
        self.closed = False

    def _fetch_thumbnail(self, url: str) -> Coroutine[Any, Any, bytes]:
        return self.client.fetch_bytes(url, max_bytes=THUMBNAIL_MAX_BYTES, timeout=THUMBNAIL_TIMEOUT)

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

    async def aclose(self) -> None:
        """Cancel the running tasks, then close the thumbnail service and the client."""
        if self.closed:
            return
        self.closed = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await self.thumbnails.aclose()
        await self.client.aclose()

