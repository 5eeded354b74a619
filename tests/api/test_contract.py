"""WesogClient against the emulator over real loopback HTTP: every endpoint and every fault."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from tests.conftest import Emulator
from wesog_desktop.api.client import WesogClient
from wesog_desktop.api.errors import (
    ImageNotFound,
    KeyRefused,
    OperationNotFound,
    RequestRejected,
    ServerUnavailable,
    UnexpectedResponse,
)
from wesog_desktop.domain.records import Operation


def _client(emu: Emulator, **options: Any) -> WesogClient:
    options.setdefault("backoff", 0.01)
    return WesogClient(emu.url, emu.api_key, **options)


def _api_requests(emu: Emulator, path: str = "/") -> list[dict[str, Any]]:
    return [r for r in emu.requests() if r["path"].startswith(path) and not r["path"].startswith("/_emulator")]


async def _first_ids(client: WesogClient, n: int) -> list[str]:
    page = await client.list_images(limit=n, sort_by="id", order="asc", count=False)
    return [rec["id"] for rec in page.records]


@pytest.mark.asyncio
async def test_listing_pages_and_counts_the_sample(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        first = await client.list_images(limit=10)
        emulator.clear_requests()
        pages = [page async for page in client.iter_pages(limit=128)]
    assert first.count == 300 and len(first.records) == 10
    assert [len(p.records) for p in pages] == [128, 128, 44]
    assert len({rec["id"] for p in pages for rec in p.records}) == 300
    assert [(r["query"]["page"], r["query"]["count"]) for r in _api_requests(emulator, "/imgs")] == [
        ("1", "true"), ("2", "false"), ("3", "false")]


@pytest.mark.asyncio
async def test_search_sort_and_projection(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        a, b = await _first_ids(client, 2)
        page = await client.list_images(q=f"id={a}||id={b}", sort_by="id", order="desc", fields=["title"])
    assert [rec["id"] for rec in page.records] == [b, a]
    assert all(set(rec) <= {"id", "title"} for rec in page.records)
    assert page.count == 2


@pytest.mark.asyncio
async def test_one_image_and_a_missing_one(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        (image_id,) = await _first_ids(client, 1)
        rec = await client.get_image(image_id)
        with pytest.raises(ImageNotFound, match="NOPE"):
            await client.get_image("NOPE")
    stored = emulator.stored(image_id)
    assert rec["id"] == image_id and rec["title"] == stored["title"]
    assert "image_id" not in rec


@pytest.mark.asyncio
async def test_many_images_at_once_leave_out_the_missing(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        ids = await _first_ids(client, 150)
        emulator.clear_requests()
        got = await client.get_images([*ids, "NOPE", "odd id"], fields=["title"])
    assert list(got) == ids
    assert got[ids[0]]["title"] == emulator.stored(ids[0])["title"]
    paths = sorted(r["path"] for r in _api_requests(emulator, "/imgs"))
    assert paths == ["/imgs", "/imgs", "/imgs/NOPE", "/imgs/odd id"]


@pytest.mark.asyncio
async def test_patch_follow_and_clear(emulator: Emulator) -> None:
    seen: list[Operation] = []
    async with _client(emulator) as client:
        a, b = await _first_ids(client, 2)
        emulator.clear_requests()
        answer = await client.patch_images(
            [{"id": a, "title": "Renamed", "caption": None}, {"id": b, "keywords": None, "nsfw": True}],
            wait=False, urgent=False, strict=False, lang="en")
        assert answer.op_id is not None
        final = await client.follow_operation(answer.op_id, seen.append)
    assert final.finished and final.num_good == 2 and final.errors == [] and final.op_id == answer.op_id
    assert seen[-1].finished
    patch = _api_requests(emulator, "/imgs")[0]
    assert patch["method"] == "PATCH"
    assert patch["query"] == {"wait": "false", "urgent": "false", "strict": "false", "lang": "en"}
    assert patch["body"][1] == {"id": b, "keywords": [], "nsfw": True}
    assert emulator.stored(a)["title"] == "Renamed" and emulator.stored(a).get("caption") is None
    assert not emulator.stored(b).get("keywords") and emulator.stored(b)["nsfw"] is True


@pytest.mark.asyncio
async def test_wait_true_answers_with_the_finished_operation(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        (a,) = await _first_ids(client, 1)
        answer = await client.patch_images([{"id": a, "city": "London"}], wait=True, urgent=True,
                                           strict=True, lang="es")
    assert answer.finished and answer.operation is not None
    assert answer.operation.num_good == 1 and answer.operation.do_urgent is True
    assert emulator.stored(a)["city"] == "London"


@pytest.mark.asyncio
@pytest.mark.parametrize("reading", ["id", "index", "fault"])
async def test_failed_elements_are_named_by_id_or_batch_index(emulator: Emulator, reading: str) -> None:
    if reading == "fault":
        emulator.set_faults("error-ids-index")
    else:
        emulator.configure(error_ids=reading)
    async with _client(emulator) as client:
        a, b = await _first_ids(client, 2)
        answer = await client.patch_images(
            [{"id": a, "city": "Leeds"}, {"id": "ZZ404", "city": "x"}, {"id": b, "date": "yesterday"}],
            wait=True, urgent=False, strict=True, lang="en")
    op = answer.operation
    assert op is not None and op.finished and op.num_good == 1 and op.num_bad == 2
    expected = ["ZZ404", b] if reading == "id" else [1, 2]
    assert [e.id for e in op.errors] == expected
    assert "not found" in op.errors[0].msg and "date" in op.errors[1].msg
    assert emulator.stored(a)["city"] == "Leeds"  # good elements apply despite the others (B.7)


@pytest.mark.asyncio
async def test_a_missing_image_without_strict_counts_as_good(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        answer = await client.patch_images([{"id": "ZZ404", "city": "x"}], wait=True, urgent=False,
                                           strict=False, lang="en")
    assert answer.operation is not None and answer.operation.num_good == 1 and answer.operation.errors == []


@pytest.mark.asyncio
async def test_a_wrong_key_is_refused(emulator: Emulator) -> None:
    async with WesogClient(emulator.url, "not-the-key", backoff=0.01) as client:
        with pytest.raises(KeyRefused, match="refused the API key"):
            await client.list_images()


@pytest.mark.asyncio
async def test_a_rejected_request_shows_where_and_why(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        with pytest.raises(RequestRejected, match="query.sort_by: 'colour' is not a field"):
            await client.list_images(sort_by="colour")


@pytest.mark.asyncio
@pytest.mark.parametrize(("fault", "tries"), [
    ("http-429:retry_after=0:times=2", 3),
    ("http-502:times=2", 3),
    ("http-503:times=2", 3),
    ("http-504:times=2", 3),
    ("drop:times=2", 3),
    ("malformed:times=2", 3),
    ("slow:seconds=2:times=1", 2),
])
async def test_transient_faults_are_ridden_out(emulator: Emulator, fault: str, tries: int) -> None:
    emulator.set_faults(f"{fault}:path=/imgs")
    emulator.clear_requests()
    async with _client(emulator, timeout=0.5) as client:
        page = await client.list_images(limit=5)
    assert len(page.records) == 5 and page.count == 300
    assert len(_api_requests(emulator, "/imgs")) == tries


@pytest.mark.asyncio
async def test_retry_after_of_the_server_is_waited_for(emulator: Emulator) -> None:
    emulator.set_faults("http-429:retry_after=3:times=2")
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async with _client(emulator, sleep=sleep) as client:
        await client.list_images(limit=1)
    assert sleeps == [3.0, 3.0]


@pytest.mark.asyncio
@pytest.mark.parametrize("fault", ["http-503", "http-502", "drop"])
async def test_a_lasting_outage_ends_after_the_retries(emulator: Emulator, fault: str) -> None:
    emulator.set_faults(fault)
    emulator.clear_requests()
    async with _client(emulator, max_retries=2) as client:
        with pytest.raises(ServerUnavailable, match="3 tries"):
            await client.list_images()
    assert len(_api_requests(emulator, "/imgs")) == 3


@pytest.mark.asyncio
@pytest.mark.parametrize(("fault", "problem"), [("http-500", "HTTP 500"), ("malformed", "not JSON")])
async def test_a_server_error_or_garbage_is_reported_with_the_status(emulator: Emulator, fault: str,
                                                                    problem: str) -> None:
    emulator.set_faults(fault)
    async with _client(emulator) as client:
        with pytest.raises(UnexpectedResponse, match=problem):
            await client.list_images()


@pytest.mark.asyncio
async def test_a_patch_is_retried_after_a_fault_that_names_its_method(emulator: Emulator) -> None:
    emulator.set_faults("http-503:method=PATCH:times=1")
    async with _client(emulator) as client:
        (a,) = await _first_ids(client, 1)
        emulator.clear_requests()
        answer = await client.patch_images([{"id": a, "event": "Fair"}], wait=True, urgent=False,
                                           strict=False, lang="fr")
    assert answer.finished and emulator.stored(a)["event"] == "Fair"
    assert [r["method"] for r in _api_requests(emulator)] == ["PATCH", "PATCH"]


@pytest.mark.asyncio
async def test_following_an_operation_that_never_finishes_can_be_bounded(emulator: Emulator) -> None:
    emulator.set_faults("op-never-finishes")
    seen: list[Operation] = []
    async with _client(emulator) as client:
        (a,) = await _first_ids(client, 1)
        answer = await client.patch_images([{"id": a, "shot": "wide"}], wait=False, urgent=False,
                                           strict=False, lang="en")
        assert answer.op_id is not None
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(client.follow_operation(answer.op_id, seen.append), timeout=1.0)
    assert len(seen) >= 3 and not any(op.finished for op in seen)


@pytest.mark.asyncio
async def test_an_operation_the_server_forgot_ends_following(emulator: Emulator) -> None:
    emulator.set_faults("op-404")
    async with _client(emulator) as client:
        (a,) = await _first_ids(client, 1)
        answer = await client.patch_images([{"id": a, "scene": "beach"}], wait=False, urgent=False,
                                           strict=False, lang="en")
        assert answer.op_id is not None
        with pytest.raises(OperationNotFound, match=f"operation {answer.op_id}"):
            await client.follow_operation(answer.op_id)


@pytest.mark.asyncio
async def test_a_generated_thumbnail_downloads_without_the_key(emulator: Emulator) -> None:
    async with _client(emulator) as client:
        (a,) = await _first_ids(client, 1)
        rec = await client.get_image(a)
        data = await client.fetch_bytes(rec["url_img_thumbnail"], max_bytes=1_000_000, timeout=5)
    assert data.startswith(b"\xff\xd8")  # a JPEG


@pytest.mark.asyncio
async def test_the_key_never_reaches_the_logs_over_real_http(emulator: Emulator,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.set_faults("http-503:times=1")
    async with _client(emulator) as client:
        (a,) = await _first_ids(client, 1)
        await client.patch_images([{"id": a, "medium": "Oil"}], wait=True, urgent=False, strict=False,
                                  lang="en")
    async with WesogClient(emulator.url, "not-the-key") as client:
        with pytest.raises(KeyRefused):
            await client.list_images()
    assert any(r.name.startswith("httpcore") for r in caplog.records)  # the transport's own debug lines
    assert all(emulator.api_key not in r.getMessage() for r in caplog.records)


@pytest.mark.asyncio
async def test_the_whole_tate_catalog_loads_through_iter_pages(tate_emulator: Emulator) -> None:
    async with _client(tate_emulator) as client:
        pages = [page async for page in client.iter_pages(limit=10000)]
    assert [len(p.records) for p in pages] == [10000] * 6 + [9202]
    assert pages[-1].count == 69202
    assert len({rec["id"] for p in pages for rec in p.records}) == 69202
