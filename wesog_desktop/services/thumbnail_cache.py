"""The two caches of the thumbnail service: pixmaps in memory, small image files on disk.

The disk cache is a small content-addressed store rather than an HTTP cache (hishel 2.x was
considered): the service receives a ready-made ``fetch(url)`` and never sees the HTTP client
or its headers, thumbnail servers rarely send useful cache headers, and what is worth keeping
is the scaled, already-checked thumbnail (a few KB) rather than the original response (up to
5 MB), shown at the next start without asking the network at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap

DISK_BUDGET = 200_000_000
KEEP_AFTER_EVICTION = 0.9
TEMP_PREFIX = ".part-"
SIZES_KEPT = 2  # scaled copies per thumbnail: the table's size and the side panel's


class ThumbnailDiskCache:
    """Thumbnail files under ``root``, named by a hash of their URL, at most ``budget`` bytes.

    Used from worker threads: writes are atomic (a temporary file renamed into place) and the
    size bookkeeping is under a lock. When the total passes the budget the files least recently
    read or written (by mtime) go first, down to 90 % of it.
    """

    def __init__(self, root: Path, *, variant: str, budget: int = DISK_BUDGET) -> None:
        self.root = root
        self._variant = variant
        self._budget = budget
        self._lock = threading.Lock()
        self._total: int | None = None  # bytes on disk, counted at the first write

    def path(self, url: str) -> Path:
        key = hashlib.sha256(f"{self._variant}\n{url}".encode()).hexdigest()
        return self.root / key[:2] / key

    def read(self, url: str) -> bytes | None:
        """The stored thumbnail of ``url``, or None; a hit counts as a fresh use."""
        path = self.path(url)
        try:
            data = path.read_bytes()
            os.utime(path)
        except OSError:
            return None
        return data

    def write(self, url: str, data: bytes) -> None:
        path = self.path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        with self._lock:
            self._total = (self._scan_total() if self._total is None else self._total) + len(data)
            if self._total > self._budget:
                self._evict()

    def discard(self, url: str) -> None:
        with contextlib.suppress(OSError):
            self.path(url).unlink()

    def total_bytes(self) -> int:
        with self._lock:
            return self._scan_total()

    def _files(self) -> list[tuple[float, int, Path]]:
        found = []
        for path in self.root.glob("*/*"):
            if path.name.startswith(TEMP_PREFIX):
                continue
            with contextlib.suppress(OSError):
                st = path.stat()
                found.append((st.st_mtime, st.st_size, path))
        return found

    def _scan_total(self) -> int:
        return sum(size for _, size, _ in self._files())

    def _evict(self) -> None:
        files = sorted(self._files())
        total = sum(size for _, size, _ in files)
        for _, size, path in files:
            if total <= self._budget * KEEP_AFTER_EVICTION:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
        self._total = total


@dataclass
class _Entry:
    url: str
    pixmap: QPixmap
    scaled: OrderedDict[int, QPixmap] = field(default_factory=OrderedDict)


class ThumbnailMemory:
    """The most recently used ``max_items`` thumbnails as pixmaps, by image id (GUI thread only)."""

    def __init__(self, max_items: int) -> None:
        self._max_items = max(1, max_items)
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __contains__(self, image_id: str) -> bool:
        return image_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def url(self, image_id: str) -> str | None:
        entry = self._entries.get(image_id)
        return entry.url if entry else None

    def put(self, image_id: str, url: str, pixmap: QPixmap) -> None:
        self._entries[image_id] = _Entry(url, pixmap)
        self._entries.move_to_end(image_id)
        while len(self._entries) > self._max_items:
            self._entries.popitem(last=False)

    def discard(self, image_id: str) -> None:
        self._entries.pop(image_id, None)

    def get(self, image_id: str, size: int) -> QPixmap | None:
        """The thumbnail fitted into ``size`` × ``size``: smoothly scaled, never enlarged; the scaled
        copies of the last two sizes asked for are kept."""
        entry = self._entries.get(image_id)
        if entry is None:
            return None
        self._entries.move_to_end(image_id)
        full = entry.pixmap
        if full.width() <= size and full.height() <= size:
            return full
        scaled = entry.scaled.get(size)
        if scaled is None:
            scaled = full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
            entry.scaled[size] = scaled
            if len(entry.scaled) > SIZES_KEPT:  # the user is dragging the size slider
                entry.scaled.popitem(last=False)
        else:
            entry.scaled.move_to_end(size)
        return scaled
