"""Loading the catalog page by page, so rows appear while the rest is on its way.

The loader asks Wesog for pages of 10,000 images through ``WesogClient.iter_pages`` and hands
each page to a *sink* (the table model's ``append_records``, which wraps the insertion in
``beginInsertRows``/``endInsertRows``). Between pages the event loop runs, so the window stays
responsive. ``q`` is a Wesog filter formula; ``search_formula`` turns plain words into one.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from wesog_desktop.api.errors import WesogError
from wesog_desktop.domain.records import Record
from wesog_desktop.services.session import Session

log = logging.getLogger(__name__)

PAGE_SIZE = 10_000
_OPERATOR = re.compile(r"[=~<>∩]|&&|\|\|")

Sink = Callable[[list[Record]], int]
"""Adds a page of records; returns how many of them are new rows."""


def search_formula(text: str) -> str | None:
    """The ``q`` for a search box text: a formula stays as typed, plain words search titles."""
    text = text.strip()
    if not text:
        return None
    if _OPERATOR.search(text):
        return text
    return f"t~{text}"


class CatalogLoader(QObject):
    """Loads the images matching a formula into the session's buffer through ``sink``."""

    progress = Signal(int, int)
    """(loaded, total): total is 0 while Wesog has not said how many there are."""
    page_loaded = Signal(int)
    """(count): the number of images in the page that just arrived."""
    finished = Signal(int)
    """(loaded): every page arrived."""
    failed = Signal(str)
    """(message): loading stopped; the message is meant for the user."""
    cancelled = Signal(int)
    """(loaded): the user stopped loading; what arrived stays."""

    def __init__(self, session: Session, sink: Sink | None = None, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._sink: Sink = sink or (lambda records: len(session.buffer.add_records(records)))
        self._page_size = page_size
        self._task: asyncio.Task[None] | None = None
        self.loaded = 0
        self.total = 0

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self, q: str | None) -> asyncio.Task[None]:
        """Start loading the images matching ``q`` (None: all); a running load is cancelled."""
        self.cancel()
        self.loaded = self.total = 0
        self._task = self._session.track(self._run(q), name="load catalog")
        return self._task

    def cancel(self) -> None:
        """Stop loading; the images that arrived stay."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            self.cancelled.emit(self.loaded)

    async def _run(self, q: str | None) -> None:
        client = self._session.client
        try:
            self.progress.emit(0, 0)
            async for page in client.iter_pages(q=q, limit=self._page_size):
                self.total = page.count or 0
                self.loaded += len(page.records)
                self._sink(page.records)
                self.progress.emit(self.loaded, max(self.total, self.loaded))
                self.page_loaded.emit(len(page.records))
                await asyncio.sleep(0)  # let the window paint the new rows
        except WesogError as exc:
            self._session.messages.error(str(exc))
            self.failed.emit(str(exc))
            return
        self.finished.emit(self.loaded)
