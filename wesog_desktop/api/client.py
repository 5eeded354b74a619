"""``WesogClient``: every Wesog call the app makes, over one ``httpx.AsyncClient``.

Reads give ``Record``s, writes give ``PatchAnswer``s, operations are followed per B.10, and
every failure is a ``WesogError`` whose message a photo editor can act on (see ``errors``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from wesog_desktop import __version__
from wesog_desktop.api import fetch
from wesog_desktop.api.clearing import DEFAULT_CLEAR, ClearPolicy
from wesog_desktop.api.errors import ImageNotFound, OperationNotFound, UnsafeURL, WesogError
from wesog_desktop.api.retry import RetryPolicy, Sleep, send_json
from wesog_desktop.api.wire import ImagePage, PatchAnswer, parse_operation, parse_page, parse_patch_answer
from wesog_desktop.domain import fields as F
from wesog_desktop.domain.records import Operation, Record
from wesog_desktop.domain.urls import check_api_url, is_loopback

LANGS = ("en", "es", "pt", "fr", "ru")
USER_AGENT = f"wesog-desktop/{__version__}"
POLL_FIRST, POLL_GROWTH, POLL_MAX = 0.25, 1.5, 5.0
IDS_PER_QUERY = 100
PARALLEL_GETS = 8
SAFE_ID = re.compile(r"[A-Za-z0-9_.:-]+")


def _flag(value: bool) -> str:
    return "true" if value else "false"


def poll_delays() -> Iterator[float]:
    """The pauses between polls of an operation: 0.25 s, growing ×1.5, never above 5 s."""
    delay = POLL_FIRST
    while True:
        yield delay
        delay = min(POLL_MAX, delay * POLL_GROWTH)


def _checked_item(item: dict[str, Any]) -> dict[str, Any]:
    if "id" not in item or item["id"] in (None, ""):
        raise ValueError("every PATCH item needs an id")
    for name, value in item.items():
        field = F.BY_NAME.get(name)
        if field is None or name == "id":
            continue  # the server refuses unknown names (and the clear policy a clear of one)
        if not field.writable:
            raise ValueError(f"{name} is read-only and is never sent")
        if value is None and field.validate(None):
            raise ValueError(f"{name} is never sent as null")
    return item


class WesogClient:
    """The Wesog API at ``base_url``, authenticated with ``api_key``.

    ``sleep`` and ``jitter`` are the clock of the retries (tests pass their own);
    ``clear_policy`` decides how a cleared field is written (``clearing``).
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 30.0,
        max_retries: int = 4,
        backoff: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
        clear_policy: ClearPolicy = DEFAULT_CLEAR,
        sleep: Sleep = asyncio.sleep,
        jitter: Callable[[], float] | None = None,
    ) -> None:
        reason = check_api_url(base_url)
        if reason:
            raise UnsafeURL(base_url, reason)
        api_key = api_key.strip()
        if not (api_key.isascii() and api_key.isprintable()):
            raise ValueError("the API key may only hold printable ASCII characters")
        self.base_url = base_url.strip().rstrip("/")
        self.clear_policy = clear_policy
        self._retry = RetryPolicy(max_retries, backoff, jitter=jitter or random.random)
        self._sleep = sleep
        self._transport = transport
        loopback = is_loopback(urlsplit(self.base_url).hostname or "")
        self._http = httpx.AsyncClient(
            base_url=self.base_url, transport=transport, timeout=timeout, verify=True,
            headers={"API-Key": api_key, "Accept": "application/json", "User-Agent": USER_AGENT},
            trust_env=not loopback,  # a proxy from the environment must not swallow the local emulator
        )
        self._downloads: httpx.AsyncClient | None = None

    async def __aenter__(self) -> WesogClient:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()
        if self._downloads is not None:
            await self._downloads.aclose()

    async def _send(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                    body: Any = None, not_found: Callable[[], WesogError] | None = None) -> tuple[int, Any]:
        return await send_json(self._http, method, path, policy=self._retry, sleep=self._sleep,
                               params=params, body=body, not_found=not_found)

    # reads

    async def list_images(self, q: str | None = None, page: int = 1, limit: int = 50,
                          sort_by: str | None = None, order: str | None = None,
                          fields: Sequence[str] | None = None, count: bool = True) -> ImagePage:
        """One page of ``GET /imgs`` (B.8: ``order`` is asc|desc, ``count`` asks for the total)."""
        params: dict[str, Any] = {"page": page, "limit": limit, "count": _flag(count)}
        if q is not None:
            params["q"] = q
        if sort_by is not None:
            params["sort_by"] = sort_by
        if order is not None:
            params["order"] = order
        if fields:
            params["fields"] = list(fields)
        return parse_page(*await self._send("GET", "/imgs", params=params))

    async def iter_pages(self, q: str | None = None, limit: int = 10000, sort_by: str | None = None,
                         order: str | None = None, fields: Sequence[str] | None = None,
                         ) -> AsyncIterator[ImagePage]:
        """Every page of a listing, in order. The total is asked for with the first page only
        and every page carries it. Stops after a short page or once the total is reached."""
        total: int | None = None
        seen = 0
        for number in itertools.count(1):
            page = await self.list_images(q, number, limit, sort_by, order, fields, count=number == 1)
            if number == 1:
                total = page.count
            page.count = total
            seen += len(page.records)
            yield page
            if len(page.records) < limit or (total is not None and seen >= total):
                return

    async def get_image(self, image_id: str, fields: Sequence[str] | None = None) -> Record:
        """One image; ``ImageNotFound`` when Wesog has none with that ID."""
        params = {"fields": list(fields)} if fields else None
        status, payload = await self._send("GET", f"/imgs/{quote(image_id, safe='')}", params=params,
                                           not_found=lambda: ImageNotFound(image_id))
        page = parse_page(status, [payload])
        return page.records[0]

    async def get_images(self, ids: Iterable[str], fields: Sequence[str] | None = None) -> dict[str, Record]:
        """The current server values of many images; the ones Wesog lacks are absent.

        IDs that are safe inside a ``q`` formula are asked for 100 at a time
        (``id=a||id=b...``); whatever that did not return is fetched one by one, a few at once.
        """
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Record] = {}
        safe = [i for i in wanted if SAFE_ID.fullmatch(i)]
        for start in range(0, len(safe), IDS_PER_QUERY):
            chunk = safe[start:start + IDS_PER_QUERY]
            page = await self.list_images("||".join(f"id={i}" for i in chunk), limit=len(chunk),
                                          fields=fields, count=False)
            asked = set(chunk)
            found.update((rec["id"], rec) for rec in page.records if rec["id"] in asked)
        gate = asyncio.Semaphore(PARALLEL_GETS)

        async def one(image_id: str) -> None:
            async with gate:
                with contextlib.suppress(ImageNotFound):
                    found[image_id] = await self.get_image(image_id, fields)

        outcomes = await asyncio.gather(*(one(i) for i in wanted if i not in found), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return {i: found[i] for i in wanted if i in found}

    # writes and operations

    async def patch_images(self, items: list[dict[str, Any]], *, wait: bool, urgent: bool, strict: bool,
                           lang: str) -> PatchAnswer:
        """``PATCH /imgs`` with ready items ``{"id": ..., <changed fields>}``; None means "clear".

        The four query parameters always go out explicitly (B.3).
        """
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}")
        if not items:
            raise ValueError("nothing to send")
        body = [self.clear_policy.apply(_checked_item(item)) for item in items]
        params = {"wait": _flag(wait), "urgent": _flag(urgent), "strict": _flag(strict), "lang": lang}
        return parse_patch_answer(*await self._send("PATCH", "/imgs", params=params, body=body))

    async def get_operation(self, op_id: int) -> Operation:
        """``GET /ops/{op_id}``; ``OperationNotFound`` when Wesog does not know it."""
        status, payload = await self._send("GET", f"/ops/{int(op_id)}",
                                           not_found=lambda: OperationNotFound(op_id))
        return parse_operation(status, payload, op_id)

    async def follow_operation(self, op_id: int, on_update: Callable[[Operation], object] | None = None,
                               *, sleep: Sleep = asyncio.sleep) -> Operation:
        """Poll the operation until it finished (B.10) and return it; ``on_update`` sees every poll.

        Cancel the task (or wrap it in ``asyncio.wait_for``) to stop following.
        """
        delays = poll_delays()
        while True:
            op = await self.get_operation(op_id)
            if on_update is not None:
                on_update(op)
            if op.finished:
                return op
            await sleep(next(delays))

    # files outside the API

    async def fetch_bytes(self, url: str, *, max_bytes: int, timeout: float) -> bytes:
        """Download ``url`` (a thumbnail) without the API key; see ``fetch``."""
        if self._downloads is None:
            self._downloads = fetch.keyless_client(self._transport, USER_AGENT)
        return await fetch.fetch_bytes(self._downloads, url, max_bytes=max_bytes, timeout=timeout)
