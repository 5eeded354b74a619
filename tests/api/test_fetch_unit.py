"""Thumbnails are downloaded without the API key, within a size limit and a few redirects."""

from __future__ import annotations

import httpx
import pytest

from tests.api.fakes import KEY, FakeWesog, answer
from wesog_desktop.api.errors import FetchFailed, TooLarge

JPEG = b"\xff\xd8\xff" + b"j" * 1000


def _redirect(to: str) -> httpx.Response:
    return httpx.Response(302, headers={"Location": to})


async def _fetch(fake: FakeWesog, url: str, max_bytes: int = 10_000) -> bytes:
    async with fake.client() as client:
        return await client.fetch_bytes(url, max_bytes=max_bytes, timeout=5)


@pytest.mark.asyncio
async def test_a_thumbnail_is_fetched_without_the_key_even_from_the_wesog_host() -> None:
    fake = FakeWesog(httpx.Response(200, content=JPEG))
    assert await _fetch(fake, "https://api.wesog.test/thumbs/A1.jpg") == JPEG
    assert "API-Key" not in fake.requests[0].headers
    assert all(KEY not in value for value in fake.requests[0].headers.values())


@pytest.mark.asyncio
async def test_up_to_three_redirects_are_followed() -> None:
    fake = FakeWesog(_redirect("https://b.test/2"), _redirect("/3"), _redirect("http://c.test/4"),
                     httpx.Response(200, content=JPEG))
    assert await _fetch(fake, "https://a.test/1") == JPEG
    assert [str(r.url) for r in fake.requests] == ["https://a.test/1", "https://b.test/2", "https://b.test/3",
                                                   "http://c.test/4"]


@pytest.mark.asyncio
async def test_a_fourth_redirect_is_refused() -> None:
    fake = FakeWesog(_redirect("https://b.test/next"))
    with pytest.raises(FetchFailed, match="more than 3 redirects"):
        await _fetch(fake, "https://a.test/1")
    assert len(fake.requests) == 4


@pytest.mark.asyncio
@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://a.test/x.jpg", "not a url at all"])
async def test_only_http_addresses_are_fetched(url: str) -> None:
    fake = FakeWesog(httpx.Response(200, content=JPEG))
    with pytest.raises(FetchFailed):
        await _fetch(fake, url)
    assert fake.requests == []


@pytest.mark.asyncio
async def test_a_redirect_to_another_scheme_is_refused() -> None:
    fake = FakeWesog(_redirect("file:///etc/passwd"))
    with pytest.raises(FetchFailed, match="only http"):
        await _fetch(fake, "https://a.test/1")


@pytest.mark.asyncio
async def test_a_body_past_the_limit_is_stopped() -> None:
    async def endless():  # no Content-Length: the limit holds while streaming
        for _ in range(1000):
            yield b"x" * 1024

    fake = FakeWesog(lambda request: httpx.Response(200, content=endless()))
    with pytest.raises(TooLarge, match="larger than 4,096 bytes"):
        await _fetch(fake, "https://a.test/big.jpg", max_bytes=4096)


@pytest.mark.asyncio
async def test_a_declared_length_past_the_limit_is_refused_at_once() -> None:
    fake = FakeWesog(httpx.Response(200, content=b"x" * 5000))
    with pytest.raises(TooLarge):
        await _fetch(fake, "https://a.test/big.jpg", max_bytes=4096)


@pytest.mark.asyncio
@pytest.mark.parametrize(("failure", "reason"), [(answer(404, {}), "HTTP 404"),
                                                 (httpx.ConnectError("refused"), "ConnectError")])
async def test_other_failures_say_what_happened(failure: object, reason: str) -> None:
    fake = FakeWesog(failure)
    with pytest.raises(FetchFailed, match=reason):
        await _fetch(fake, "https://a.test/x.jpg")
    assert len(fake.requests) == 1
