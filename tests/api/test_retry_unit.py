"""Failures become the right exception with a usable message, retried exactly as B.11 says."""

from __future__ import annotations

import email.utils
import logging

import httpx
import pytest

from tests.api.fakes import KEY, FakeWesog, answer
from wesog_desktop.api.errors import (
    KeyRefused,
    RequestRejected,
    ServerUnavailable,
    UnexpectedResponse,
    WesogError,
)
from wesog_desktop.api.retry import RetryPolicy, retry_after_seconds

PAGE = answer(payload={"results": [{"image_id": "A1"}], "count": 1})

TRANSIENT = [
    answer(429, {}), answer(502, content=b"<html>bad gateway</html>"), answer(503, {}), answer(504, {}),
    httpx.ConnectError("connection refused"), httpx.ConnectTimeout("connect timed out"),
    httpx.ReadTimeout("read timed out"), httpx.RemoteProtocolError("peer closed connection"),
    httpx.ReadError("connection reset"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("failure", TRANSIENT, ids=lambda f: getattr(f, "status_code", type(f).__name__))
async def test_transient_failures_are_retried_until_they_pass(failure: object) -> None:
    fake = FakeWesog(failure, failure, PAGE)
    async with fake.client() as client:
        page = await client.list_images()
    assert page.records == [{"id": "A1"}]
    assert len(fake.requests) == 3
    assert fake.sleeps == [0.25, 0.5]  # backoff 0.5 doubling, jitter 0 takes the lower half


@pytest.mark.asyncio
@pytest.mark.parametrize(("failure", "cause"), [(answer(503, {}), "HTTP 503"),
                                                (httpx.ConnectError("refused"), "cannot connect"),
                                                (httpx.ReadTimeout("slow"), "no answer in time"),
                                                (httpx.RemoteProtocolError("closed"), "dropped")])
async def test_retries_run_out_with_a_message_that_counts_the_tries(failure: object, cause: str) -> None:
    fake = FakeWesog(failure)
    async with fake.client(max_retries=3) as client:
        with pytest.raises(ServerUnavailable) as caught:
            await client.list_images()
    assert len(fake.requests) == 4
    assert caught.value.tries == 4
    assert cause in str(caught.value) and "4 tries" in str(caught.value)
    assert fake.sleeps == [0.25, 0.5, 1.0]


@pytest.mark.asyncio
async def test_retry_after_is_honoured() -> None:
    fake = FakeWesog(answer(429, {}, headers={"Retry-After": "7"}), answer(503, {}, headers={"Retry-After": "0"}),
                     PAGE)
    async with fake.client(backoff=0.01) as client:
        await client.list_images()
    assert fake.sleeps == [7.0, 0.01]


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = 1_700_000_000.0
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30.0)
    assert retry_after_seconds(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    low = RetryPolicy(max_retries=10, backoff=0.5, max_delay=4.0, jitter=lambda: 0.0)
    high = RetryPolicy(max_retries=10, backoff=0.5, max_delay=4.0, jitter=lambda: 0.999)
    assert [low.delay(n) for n in range(5)] == [0.25, 0.5, 1.0, 2.0, 2.0]
    assert [round(high.delay(n), 2) for n in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert low.delay(0, retry_after=600) == 120.0  # a server's wish is capped at two minutes


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [401, 403])
async def test_a_refused_key_is_never_retried(status: int) -> None:
    fake = FakeWesog(answer(status, {"detail": "Invalid API key"}))
    async with fake.client() as client:
        with pytest.raises(KeyRefused, match=f"Wesog refused the API key \\(HTTP {status}\\)"):
            await client.list_images()
    assert len(fake.requests) == 1 and fake.sleeps == []


@pytest.mark.asyncio
@pytest.mark.parametrize(("detail", "shown"), [
    ([{"loc": ["body", 0, "date"], "msg": "invalid date", "type": "value_error"},
      {"loc": ["query", "lang"], "msg": "unexpected value", "type": "literal_error"}],
     "Wesog rejected the request: body.0.date: invalid date; query.lang: unexpected value"),
    ("lang must be one of en, es", "Wesog rejected the request: lang must be one of en, es"),
])
async def test_422_shows_the_parsed_detail(detail: object, shown: str) -> None:
    fake = FakeWesog(answer(422, {"detail": detail}))
    async with fake.client() as client:
        with pytest.raises(RequestRejected) as caught:
            await client.patch_images([{"id": "A1", "date": "x"}], wait=False, urgent=False, strict=False,
                                      lang="en")
    assert str(caught.value) == shown
    assert caught.value.detail == detail
    assert len(fake.requests) == 1


@pytest.mark.asyncio
async def test_any_other_status_shows_status_and_body_without_retry() -> None:
    fake = FakeWesog(answer(500, content=b"Internal Server Error\n  traceback " + b"x" * 500))
    async with fake.client() as client:
        with pytest.raises(UnexpectedResponse) as caught:
            await client.list_images()
    message = str(caught.value)
    assert "HTTP 500" in message and "Internal Server Error traceback" in message
    assert len(message) < 300
    assert len(fake.requests) == 1


@pytest.mark.asyncio
async def test_malformed_json_is_retried_twice_then_reported() -> None:
    fake = FakeWesog(answer(200, content=b'{"results": [{"image_id": '))
    async with fake.client() as client:
        with pytest.raises(UnexpectedResponse, match="not JSON"):
            await client.list_images()
    assert len(fake.requests) == 3


@pytest.mark.asyncio
async def test_malformed_json_once_is_survived() -> None:
    fake = FakeWesog(answer(200, content=b"<html>"), PAGE)
    async with fake.client() as client:
        assert (await client.list_images()).count == 1


@pytest.mark.asyncio
async def test_the_key_never_reaches_a_log_record_or_a_message(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeWesog(answer(503, {}), PAGE, answer(401, {"detail": f"bad key {KEY[:3]}"}),
                     httpx.ConnectError("refused"), httpx.ConnectError("refused"), answer(202, {"op_id": 3}))
    messages: list[str] = []
    async with fake.client(max_retries=1) as client:
        await client.list_images()
        for call in (client.list_images(), client.get_operation(3)):
            try:
                await call
            except WesogError as exc:
                messages.append(str(exc))
        await client.patch_images([{"id": "A1", "title": "x"}], wait=False, urgent=False, strict=False,
                                  lang="en")
    assert len(messages) == 2
    assert any("GET /imgs -> 503" in r.getMessage() for r in caplog.records)
    assert any("PATCH /imgs -> 202" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert KEY not in record.getMessage()
        assert KEY not in repr(record.args)
    assert all(KEY not in m for m in messages)


@pytest.mark.asyncio
async def test_a_transport_failure_that_retrying_cannot_cure_is_reported_at_once() -> None:
    fake = FakeWesog(httpx.ProxyError("407 from the proxy"))
    async with fake.client() as client:
        with pytest.raises(ServerUnavailable, match="ProxyError, 1 try"):
            await client.list_images()
    assert len(fake.requests) == 1
