"""Thumbnails for the table: fetched for the rows near the viewport, decoded off the GUI thread.

The view tells the service which images it wants (``request``, replacing the previous wish
list), paints whatever ``pixmap`` returns, and repaints a row on ``thumbnail_ready``. Behind
that: at most ``max_concurrent`` images load at once; each one is looked up on disk, otherwise
fetched (with a timeout and a size check), then decoded and scaled by a worker thread with the
checks of ``thumbnail_decoder``; the pixmap is made on the GUI thread and kept in an LRU of
``memory_items``. An image whose file is unusable (too large, a bomb, not an image, not http)
stays failed while its URL stays the same; one whose download failed (network, timeout, HTTP
error) is tried again when it is wished for after ``RETRY_DOWNLOAD_AFTER`` seconds, so a
network hiccup does not leave red icons for the rest of the session, nor does scrolling
hammer a server that is down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from time import monotonic
from typing import TypeVar
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from wesog_desktop.api.errors import TooLarge
from wesog_desktop.resources import resource
from wesog_desktop.services.thumbnail_cache import ThumbnailDiskCache, ThumbnailMemory
from wesog_desktop.services.thumbnail_decoder import ThumbnailError, decode_thumbnail, encode_thumbnail

log = logging.getLogger(__name__)

THUMB_BOX = 256
"""Thumbnails are kept fitted into this square: the largest size shown (the side panel's
240 px preview; the table goes up to 160 px). Memory: up to 256 KB a thumbnail."""
DECODE_THREADS = 2
RETRY_DOWNLOAD_AFTER = 60.0
ICONS = {"placeholder": ("icons/thumb-placeholder.svg", "#d6d8db"),
         "failed": ("icons/thumb-failed.svg", "#f1dede")}

T = TypeVar("T")


class DownloadFailed(Exception):
    """The fetch failed or timed out: worth another try later."""


@dataclass(frozen=True)
class _Failure:
    url: str
    retry_at: float | None  # monotonic time from which it is tried again; None: never


class ThumbnailService(QObject):
    """Loads, caches and hands out the thumbnails of images by id; see the module docstring."""

    thumbnail_ready = Signal(str)
    """image_id: its state just turned "ready" or "failed"; repaint it."""

    def __init__(self, fetch: Callable[[str], Awaitable[bytes]], cache_dir: Path, *,
                 max_concurrent: int = 6, memory_items: int = 3000, max_bytes: int = 5_000_000,
                 max_pixels: int = 40_000_000, timeout: float = 15.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._max_concurrent = max(1, max_concurrent)
        self._max_bytes = max_bytes
        self._max_pixels = max_pixels
        self._timeout = timeout
        self._memory = ThumbnailMemory(memory_items)
        self._disk = ThumbnailDiskCache(cache_dir, variant=f"box{THUMB_BOX}")
        self._workers = ThreadPoolExecutor(DECODE_THREADS, thread_name_prefix="thumbnail-decoder")
        self._queue: dict[str, str] = {}  # wished, not started yet: id -> url, most wanted first
        self._loading: dict[str, asyncio.Task[None]] = {}
        self._failed: dict[str, _Failure] = {}
        self._icons: dict[tuple[str, int], QPixmap] = {}
        self._closed = False

    # what the view asks

    def pixmap(self, image_id: str, size: int) -> QPixmap | None:
        """The thumbnail fitted into ``size`` × ``size`` if it is in memory; never fetches."""
        return self._memory.get(image_id, size)

    def state(self, image_id: str) -> str:
        """ "idle", "loading", "ready" or "failed"."""
        if image_id in self._memory:
            return "ready"
        if image_id in self._failed:
            return "failed"
        if image_id in self._loading or image_id in self._queue:
            return "loading"
        return "idle"

    def request(self, items: list[tuple[str, str]]) -> None:
        """Want the thumbnails of these (image_id, url), most wanted first.

        Replaces the previous wish: queued images no longer wished are dropped (back to "idle");
        those already loading finish. Ready images are not loaded again, nor failed ones (see the
        module docstring for when a failed download is retried).
        """
        if self._closed:
            return
        now = monotonic()
        queue: dict[str, str] = {}
        for image_id, url in items:
            if image_id in queue or image_id in self._loading:
                continue
            failure = self._failed.get(image_id)
            known = self._memory.url(image_id) or (failure.url if failure else None)
            if known is not None and known != url:  # the record's thumbnail URL was edited
                self._memory.discard(image_id)
                self._failed.pop(image_id, None)
            elif failure and failure.retry_at is not None and now >= failure.retry_at:
                self._failed.pop(image_id)
            if image_id in self._memory or image_id in self._failed:
                continue
            if urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
                self._finish_failed(image_id, url, "only http:// and https:// thumbnails are loaded", None)
                continue
            queue[image_id] = url
        self._queue = queue
        self._start_next()

    def placeholder(self, size: int) -> QPixmap:
        """A calm grey square with a faint picture: the thumbnail is not there yet."""
        return self._icon("placeholder", size)

    def failed_icon(self, size: int) -> QPixmap:
        """A broken picture in muted red: the thumbnail could not be shown."""
        return self._icon("failed", size)

    async def aclose(self) -> None:
        """Drop the wish list, cancel the loads in flight and stop the decoder threads."""
        self._closed = True
        self._queue.clear()
        tasks = list(self._loading.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._workers.shutdown(wait=True, cancel_futures=True)  # at most one decode per thread left

    # loading

    def _start_next(self) -> None:
        loop = asyncio.get_event_loop()
        while self._queue and len(self._loading) < self._max_concurrent:
            image_id = next(iter(self._queue))
            url = self._queue.pop(image_id)
            self._loading[image_id] = loop.create_task(self._load(image_id, url))

    async def _load(self, image_id: str, url: str) -> None:
        try:
            image = await self._off_thread(load_from_disk, self._disk, url, self._max_pixels)
            if image is None:
                data = await self._download(url)
                image = await self._off_thread(decode_and_store, self._disk, url, data, self._max_pixels)
        except asyncio.CancelledError:
            self._loading.pop(image_id, None)
            raise
        except Exception as exc:  # any failure of one thumbnail is that thumbnail's alone
            self._loading.pop(image_id, None)
            retry_at = monotonic() + RETRY_DOWNLOAD_AFTER if isinstance(exc, DownloadFailed) else None
            self._finish_failed(image_id, url, str(exc) or type(exc).__name__, retry_at)
        else:
            self._loading.pop(image_id, None)
            self._memory.put(image_id, url, QPixmap.fromImage(image))
            self.thumbnail_ready.emit(image_id)
        if not self._closed:
            self._start_next()

    async def _download(self, url: str) -> bytes:
        try:
            async with asyncio.timeout(self._timeout):
                data = await self._fetch(url)
        except TimeoutError:
            raise DownloadFailed(f"no answer within {self._timeout:g} s") from None
        except TooLarge:
            raise
        except Exception as exc:
            raise DownloadFailed(str(exc) or type(exc).__name__) from exc
        if len(data) > self._max_bytes:
            raise ThumbnailError(f"{len(data):,} bytes is more than the {self._max_bytes:,} allowed")
        return data

    async def _off_thread(self, job: Callable[..., T], *args: object) -> T:
        return await asyncio.wrap_future(self._workers.submit(job, *args))

    def _finish_failed(self, image_id: str, url: str, reason: str, retry_at: float | None) -> None:
        log.info("thumbnail of %s failed (%s): %s", image_id, url, reason)
        self._failed[image_id] = _Failure(url, retry_at)
        self.thumbnail_ready.emit(image_id)

    # icons

    def _icon(self, kind: str, size: int) -> QPixmap:
        key = (kind, size)
        icon = self._icons.get(key)
        if icon is None:
            path, background = ICONS[kind]
            icon = QPixmap(size, size)
            icon.fill(QColor(background))
            renderer = QSvgRenderer(str(resource(path)))
            painter = QPainter(icon)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
            self._icons[key] = icon
        return icon


# Worker-thread jobs: plain functions of plain arguments, so no QObject is ever referenced,
# created or collected off the GUI thread (RECIPES.md trap 5).


def load_from_disk(disk: ThumbnailDiskCache, url: str, max_pixels: int) -> QImage | None:
    """The thumbnail stored for ``url``, or None (a damaged file is removed and fetched again)."""
    data = disk.read(url)
    if data is None:
        return None
    try:
        return decode_thumbnail(data, THUMB_BOX, max_pixels)
    except ThumbnailError:
        disk.discard(url)
        return None


def decode_and_store(disk: ThumbnailDiskCache, url: str, data: bytes, max_pixels: int) -> QImage:
    """The checked, scaled thumbnail of the downloaded ``data``, also written to the disk cache."""
    image = decode_thumbnail(data, THUMB_BOX, max_pixels)
    try:
        disk.write(url, encode_thumbnail(image))
    except (OSError, ThumbnailError) as exc:  # a full or read-only disk costs the cache, not the image
        log.warning("thumbnail of %s not cached on disk: %s", url, exc)
    return image
