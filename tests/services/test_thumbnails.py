"""The thumbnail service against the emulator over loopback, on a qasync loop (RECIPES pattern A)."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path

import httpx
import pytest
import qasync
from PySide6.QtGui import QColor, QPixmap

from wesog_desktop.api.client import WesogClient
from wesog_desktop.config import paths
from wesog_desktop.emulator.thumbnails import THUMB_SIZE, thumbnail_colour
from wesog_desktop.services import thumbnails as thumbnails_module
from wesog_desktop.services.thumbnails import RETRY_DOWNLOAD_AFTER, ThumbnailService

Fetch = Callable[[str], Awaitable[bytes]]
GUARD = 60  # seconds: only against a hang, never a measured expectation


@pytest.fixture
def qloop(qapp: object) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    escaped: list[dict] = []
    loop.set_exception_handler(lambda _loop, context: escaped.append(context))
    yield loop
    loop.close()
    asyncio.set_event_loop(None)
    assert not escaped, f"exceptions escaped into the event loop: {escaped}"


@pytest.fixture
def client(emulator, qloop: qasync.QEventLoop) -> Iterator[WesogClient]:
    c = WesogClient(emulator.url, emulator.api_key)
    yield c
    qloop.run_until_complete(c.aclose())


@pytest.fixture
def fetch(client: WesogClient) -> Fetch:
    """What the session passes: the key-less download of the API client, with the limits."""
    return lambda url: client.fetch_bytes(url, max_bytes=5_000_000, timeout=15.0)


@pytest.fixture
def thumbs(emulator, client: WesogClient, qloop: qasync.QEventLoop) -> list[tuple[str, str]]:
    """(image_id, thumbnail URL) of the first 20 records, as the table would pass them."""
    page = qloop.run_until_complete(client.list_images(limit=20, fields=["url_img_thumbnail"]))
    items = [(str(r["id"]), str(r["url_img_thumbnail"])) for r in page.records]
    assert len(items) == 20 and all(url.startswith(emulator.url) for _, url in items)
    return items


@pytest.fixture
def cache_dir() -> Path:
    return paths.cache_dir() / "thumbnails"


class Session:
    """A service under test plus what it announced, and a way to run the loop until it settles."""

    def __init__(self, loop: qasync.QEventLoop, fetch: Fetch, cache_dir: Path, **options: object) -> None:
        self.loop = loop
        self.service = ThumbnailService(fetch, cache_dir, **options)  # type: ignore[arg-type]
        self.announced: list[str] = []
        self._waiting: tuple[set[str], asyncio.Future[None]] | None = None
        self.service.thumbnail_ready.connect(self._on_ready)

    def _on_ready(self, image_id: str) -> None:
        self.announced.append(image_id)
        if self._waiting and self._waiting[0] <= set(self.announced) and not self._waiting[1].done():
            self._waiting[1].set_result(None)

    def settle(self, ids: Iterable[str]) -> None:
        """Run the loop until every one of ``ids`` was announced ready or failed."""
        wanted = set(ids)
        if wanted <= set(self.announced):
            return
        done = self.loop.create_future()
        self._waiting = (wanted, done)
        self.loop.run_until_complete(asyncio.wait_for(done, GUARD))

    def run(self, awaitable: Awaitable[object]) -> object:
        return self.loop.run_until_complete(asyncio.wait_for(awaitable, GUARD))

    def close(self) -> None:
        self.loop.run_until_complete(self.service.aclose())


@pytest.fixture
def session(qloop: qasync.QEventLoop, cache_dir: Path) -> Iterator[Callable[..., Session]]:
    made: list[Session] = []

    def make(fetch: Fetch, **options: object) -> Session:
        s = Session(qloop, fetch, cache_dir, **options)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def corner(pixmap: QPixmap) -> tuple[int, int, int]:
    """The background colour, away from the ID the emulator writes in the middle."""
    c = QColor(pixmap.toImage().pixel(3, 3))
    return c.red(), c.green(), c.blue()


def assert_shows(pixmap: QPixmap | None, image_id: str, box: int) -> None:
    """``pixmap`` is the emulator's JPEG of ``image_id``: its colour, its aspect, fitted into ``box``."""
    assert pixmap is not None and not pixmap.isNull()
    width, height = THUMB_SIZE
    scale = min(1.0, box / max(width, height))
    assert (pixmap.width(), pixmap.height()) == (round(width * scale), round(height * scale))
    got, want = corner(pixmap), thumbnail_colour(image_id)
    assert all(abs(g - w) <= 12 for g, w in zip(got, want, strict=True)), (image_id, got, want)


def test_twenty_thumbnails_arrive_as_pixmaps_of_their_own_colour_and_size(session, fetch, thumbs) -> None:
    s = session(fetch)
    s.service.request(thumbs)
    assert {s.service.state(i) for i, _ in thumbs} == {"loading"}
    s.settle(i for i, _ in thumbs)

    assert Counter(s.announced) == Counter(i for i, _ in thumbs)  # once each
    assert {s.service.state(i) for i, _ in thumbs} == {"ready"}
    for image_id, _ in thumbs:
        assert_shows(s.service.pixmap(image_id, 64), image_id, 64)
        assert_shows(s.service.pixmap(image_id, 1000), image_id, 1000)  # never enlarged
    colours = {corner(s.service.pixmap(i, 64)) for i, _ in thumbs}  # type: ignore[arg-type]
    assert len(colours) == 20, "every image shows its own colour"


def test_pixmap_never_fetches(session, fetch, thumbs) -> None:
    calls: list[str] = []

    async def counting(url: str) -> bytes:
        calls.append(url)
        return await fetch(url)

    s = session(counting)
    assert s.service.pixmap(thumbs[0][0], 64) is None
    assert s.service.state(thumbs[0][0]) == "idle"
    assert calls == []


def test_no_more_downloads_at_once_than_allowed(session, fetch, thumbs) -> None:
    bound = 3
    in_flight = 0
    peak = 0
    all_busy = asyncio.Event()

    async def gated(url: str) -> bytes:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            if in_flight >= bound:
                all_busy.set()
            await all_busy.wait()  # hold the first ones until the bound is reached
            return await fetch(url)
        finally:
            in_flight -= 1

    s = session(gated, max_concurrent=bound)
    s.service.request(thumbs)
    s.settle(i for i, _ in thumbs)
    assert peak == bound
    assert {s.service.state(i) for i, _ in thumbs} == {"ready"}


def test_a_new_wish_list_drops_what_was_only_queued(session, fetch, thumbs) -> None:
    calls: list[str] = []
    first_started = asyncio.get_event_loop().create_future()
    release = asyncio.Event()

    async def gated(url: str) -> bytes:
        calls.append(url)
        if not first_started.done():
            first_started.set_result(None)
        await release.wait()
        return await fetch(url)

    (a, url_a), (b, _), (c, _), (d, _), (e, url_e) = thumbs[:5]
    s = session(gated, max_concurrent=1)
    s.service.request(thumbs[:4])
    s.run(first_started)
    assert [s.service.state(i) for i in (a, b, c, d)] == ["loading"] * 4

    s.service.request([(a, url_a), (e, url_e)])  # the user scrolled: b, c, d left the viewport
    assert [s.service.state(i) for i in (a, b, c, d, e)] == ["loading", "idle", "idle", "idle", "loading"]
    release.set()
    s.settle([a, e])

    assert calls == [url_a, url_e]
    assert s.announced == [a, e]
    assert [s.service.state(i) for i in (a, b, c, d, e)] == ["ready", "idle", "idle", "idle", "ready"]


def test_only_http_and_https_addresses_are_loaded(session, fetch, thumbs) -> None:
    calls: list[str] = []

    async def counting(url: str) -> bytes:
        calls.append(url)
        return await fetch(url)

    s = session(counting)
    odd = [("file", "file:///etc/passwd"), ("ftp", "ftp://example.org/a.jpg"),
           ("js", "javascript:alert(1)"), ("data", "data:image/png;base64,AAAA"), ("none", "")]
    s.service.request([*odd, thumbs[0]])
    assert [s.service.state(i) for i, _ in odd] == ["failed"] * len(odd)  # at once, no loop run
    assert s.announced == [i for i, _ in odd]
    s.settle([thumbs[0][0]])
    assert calls == [thumbs[0][1]]
    assert s.service.state(thumbs[0][0]) == "ready"


def test_hostile_images_fail_and_the_service_keeps_working(session, fetch, emulator, thumbs, caplog) -> None:
    caplog.set_level(logging.INFO, logger="wesog_desktop.services.thumbnails")
    hostile = [("bomb", f"{emulator.url}/thumbs/_huge.jpg"), ("oversize", f"{emulator.url}/thumbs/_oversize.jpg"),
               ("broken", f"{emulator.url}/thumbs/_broken.jpg"), ("missing", f"{emulator.url}/thumbs/_nope_.png")]
    s = session(fetch)
    s.service.request([*hostile, *thumbs[:3]])
    s.settle(i for i, _ in [*hostile, *thumbs[:3]])

    assert [s.service.state(i) for i, _ in hostile] == ["failed"] * len(hostile)
    assert all(s.service.pixmap(i, 64) is None for i, _ in hostile)
    bomb_log = [r.getMessage() for r in caplog.records if "bomb" in r.getMessage()]
    assert bomb_log and "pixels is more than" in bomb_log[0]  # refused from its header

    s.service.request(thumbs[3:6])  # still working afterwards
    s.settle(i for i, _ in thumbs[3:6])
    for image_id, _ in thumbs[:6]:
        assert_shows(s.service.pixmap(image_id, 64), image_id, 64)


def test_oversize_fails_even_with_a_fetch_that_sets_no_limit(session, emulator, qloop) -> None:
    http = httpx.AsyncClient(trust_env=False, timeout=30)

    async def unlimited(url: str) -> bytes:
        r = await http.get(url)
        r.raise_for_status()
        return r.content

    s = session(unlimited, max_bytes=5_000_000)
    s.service.request([("oversize", f"{emulator.url}/thumbs/_oversize.jpg")])
    s.settle(["oversize"])
    qloop.run_until_complete(http.aclose())
    assert s.service.state("oversize") == "failed"


def test_a_fetch_that_never_answers_fails_after_the_timeout(session, fetch, thumbs) -> None:
    async def silent(url: str) -> bytes:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    s = session(silent, timeout=0.05)
    s.service.request(thumbs[:2])
    s.settle(i for i, _ in thumbs[:2])
    assert [s.service.state(i) for i, _ in thumbs[:2]] == ["failed", "failed"]


def test_a_failed_download_is_tried_again_later_but_a_broken_file_is_not(
        session, fetch, emulator, thumbs, monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(thumbnails_module, "monotonic", lambda: clock[0])
    (a, url_a), broken = thumbs[0], ("broken", f"{emulator.url}/thumbs/_broken.jpg")
    unreachable = {url_a}
    calls: list[str] = []

    async def flaky(url: str) -> bytes:
        calls.append(url)
        if url in unreachable:
            raise httpx.ConnectError("the network is down")
        return await fetch(url)

    s = session(flaky)
    s.service.request([(a, url_a), broken])
    s.settle([a, "broken"])
    assert [s.service.state(a), s.service.state("broken")] == ["failed", "failed"]

    s.service.request([(a, url_a), broken])  # scrolling on: no new attempt right away
    assert [s.service.state(a), s.service.state("broken")] == ["failed", "failed"]
    assert len(calls) == 2

    clock[0] += RETRY_DOWNLOAD_AFTER + 1
    unreachable.clear()  # the network is back
    s.announced.clear()
    s.service.request([(a, url_a), broken])
    assert [s.service.state(a), s.service.state("broken")] == ["loading", "failed"]
    s.settle([a])
    assert_shows(s.service.pixmap(a, 64), a, 64)
    assert Counter(calls) == {url_a: 2, broken[1]: 1}


def test_a_second_start_shows_cached_thumbnails_without_the_network(session, fetch, thumbs) -> None:
    first = session(fetch)
    first.service.request(thumbs)
    first.settle(i for i, _ in thumbs)
    first.close()

    async def offline(url: str) -> bytes:
        raise httpx.ConnectError(f"offline: {url}")

    second = session(offline)
    second.service.request(thumbs)
    second.settle(i for i, _ in thumbs)
    assert {second.service.state(i) for i, _ in thumbs} == {"ready"}
    for image_id, _ in thumbs:
        assert_shows(second.service.pixmap(image_id, 64), image_id, 64)


def test_memory_holds_only_the_most_recent_thumbnails(session, fetch, thumbs) -> None:
    calls: list[str] = []

    async def counting(url: str) -> bytes:
        calls.append(url)
        return await fetch(url)

    s = session(counting, memory_items=5, max_concurrent=1)
    s.service.request(thumbs)
    s.settle(i for i, _ in thumbs)
    in_memory = [i for i, _ in thumbs if s.service.pixmap(i, 64) is not None]
    assert in_memory == [i for i, _ in thumbs[-5:]]
    assert {s.service.state(i) for i, _ in thumbs[:-5]} == {"idle"}  # forgotten, not failed

    s.announced.clear()
    s.service.request(thumbs[:2])  # scrolled back up: they come back from disk
    s.settle(i for i, _ in thumbs[:2])
    assert len(calls) == 20
    for image_id, _ in thumbs[:2]:
        assert_shows(s.service.pixmap(image_id, 64), image_id, 64)


def test_an_edited_thumbnail_url_is_loaded_anew(session, fetch, thumbs) -> None:
    (a, url_a), (b, url_b) = thumbs[:2]
    s = session(fetch)
    s.service.request([(a, url_a)])
    s.settle([a])
    s.announced.clear()
    s.service.request([(a, url_b)])
    assert s.service.state(a) == "loading"
    s.settle([a])
    assert_shows(s.service.pixmap(a, 64), b, 64)


def test_closing_cancels_what_is_in_flight(session, fetch, thumbs) -> None:
    started = asyncio.get_event_loop().create_future()

    async def hanging(url: str) -> bytes:
        if not started.done():
            started.set_result(None)
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    s = session(hanging, max_concurrent=2)
    s.service.request(thumbs[:5])
    s.run(started)
    s.close()
    assert {s.service.state(i) for i, _ in thumbs[:5]} == {"idle"}
    assert s.announced == []
    s.service.request(thumbs[:5])  # a closed service ignores wishes
    assert {s.service.state(i) for i, _ in thumbs[:5]} == {"idle"}


def test_hundreds_of_thumbnails_leave_the_interpreter_standing(session, fetch, client, qloop) -> None:
    """PySide6 6.12.0 dropped a reference to True on every ``Signal.emit``: a few hundred
    thumbnails later the app aborted (``bool_dealloc``). pyproject excludes that release."""
    page = qloop.run_until_complete(client.list_images(limit=300, fields=["url_img_thumbnail"]))
    items = [(str(r["id"]), str(r["url_img_thumbnail"])) for r in page.records]
    assert len(items) == 300
    before = sys.getrefcount(True)
    s = session(fetch, memory_items=50)
    s.service.request(items)
    s.settle(i for i, _ in items)
    assert Counter(s.service.state(i) for i, _ in items) == {"ready": 50, "idle": 250}
    assert sys.getrefcount(True) > before - 100
