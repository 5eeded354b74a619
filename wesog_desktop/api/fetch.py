"""Downloading files that live outside the Wesog API (thumbnails), without the API key.

Thumbnail URLs point anywhere (a CDN, a museum's site, the emulator), so they are fetched by a
separate client that never carries the key: http(s) only, at most three redirects, and a size
limit enforced while streaming.
"""

from __future__ import annotations

import asyncio

import httpx

from wesog_desktop.api.errors import FetchFailed, TooLarge

MAX_REDIRECTS = 3
NO_PROXY_FOR_LOOPBACK: dict[str, httpx.AsyncBaseTransport | None] = {
    "all://127.0.0.1": None, "all://localhost": None, "all://[::1]": None,
}


def keyless_client(transport: httpx.AsyncBaseTransport | None, user_agent: str) -> httpx.AsyncClient:
    """The client for downloads: no API key, no automatic redirects, no proxy for this machine."""
    return httpx.AsyncClient(transport=transport, follow_redirects=False, mounts=NO_PROXY_FOR_LOOPBACK,
                             headers={"User-Agent": user_agent})


def _check_scheme(url: httpx.URL, original: str) -> None:
    if url.scheme not in ("http", "https"):
        raise FetchFailed(original, "only http:// and https:// addresses are downloaded")


async def fetch_bytes(http: httpx.AsyncClient, url: str, *, max_bytes: int, timeout: float) -> bytes:
    """The body of ``url``; ``TooLarge`` past ``max_bytes``, ``FetchFailed`` on any other failure."""
    try:
        async with asyncio.timeout(timeout):
            return await _follow(http, url, max_bytes, timeout)
    except TimeoutError:
        raise FetchFailed(url, f"no complete answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchFailed(url, type(exc).__name__) from None


async def _follow(http: httpx.AsyncClient, url: str, max_bytes: int, timeout: float) -> bytes:
    try:
        current = httpx.URL(url.strip())
    except httpx.InvalidURL:
        raise FetchFailed(url, "not a valid address") from None
    for _ in range(MAX_REDIRECTS + 1):
        _check_scheme(current, url)
        async with http.stream("GET", current, timeout=timeout) as response:
            if response.is_redirect:
                location = response.headers.get("Location")
                if not location:
                    raise FetchFailed(url, f"HTTP {response.status_code} without a Location")
                current = response.url.join(location)
                continue
            if response.status_code != 200:
                raise FetchFailed(url, f"HTTP {response.status_code}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLarge(url, max_bytes)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(url, max_bytes)
                chunks.append(chunk)
            return b"".join(chunks)
    raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")
