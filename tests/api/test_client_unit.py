"""WesogClient reads and writes what the contract says, checked on an httpx.MockTransport."""

from __future__ import annotations

import httpx
import pytest

from tests.api.fakes import KEY, FakeWesog, answer
from wesog_desktop.api.clearing import ClearPolicy
from wesog_desktop.api.client import WesogClient, poll_delays
from wesog_desktop.api.errors import ImageNotFound, OperationNotFound, UnexpectedResponse, UnsafeURL
from wesog_desktop.domain.records import Operation


def _images(first: int, n: int) -> list[dict]:
    return [{"image_id": f"A{i:05d}", "title": f"Title {i}", "caption": None, "height": 10}
            for i in range(first, first + n)]


def _op(**fields: object) -> dict:
    return {"method": "upd", "num_total": 2, "num_good": 0, "num_bad": 0, "is_started": False,
            "is_finished": False, "finished_at": None, "errors": [], **fields}


def test_an_unsafe_base_url_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(UnsafeURL, match="unencrypted"):
        WesogClient("http://api.wesog.com", KEY)


@pytest.mark.parametrize("key", ["clé", "two\nlines", "tab\tin"])
def test_a_key_that_cannot_travel_in_a_header_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="printable ASCII"):
        WesogClient("https://api.wesog.com", key)


@pytest.mark.asyncio
async def test_the_key_is_sent_without_surrounding_spaces() -> None:
    fake = FakeWesog(answer(payload={"results": []}))
    async with WesogClient("https://api.wesog.test", f"  {KEY}\n", transport=httpx.MockTransport(fake.handle)) as c:
        await c.list_images()
    assert fake.requests[0].headers["API-Key"] == KEY


@pytest.mark.asyncio
async def test_http_to_this_machine_is_allowed() -> None:
    async with WesogClient("http://127.0.0.1:9", KEY) as client:
        assert client.base_url == "http://127.0.0.1:9"


@pytest.mark.asyncio
async def test_list_images_sends_the_query_and_reads_records() -> None:
    fake = FakeWesog(answer(payload={"results": _images(1, 2), "count": 42, "facets": {}}))
    async with fake.client() as client:
        page = await client.list_images(q="t~red car", page=3, limit=2, sort_by="date", order="desc",
                                        fields=["title", "date"])
    request = fake.requests[0]
    assert request.method == "GET" and request.url.path == "/imgs"
    assert request.headers["API-Key"] == KEY
    params = request.url.params
    assert (params["q"], params["page"], params["limit"], params["sort_by"], params["order"],
            params["count"]) == ("t~red car", "3", "2", "date", "desc", "true")
    assert params.get_list("fields") == ["title", "date"]
    assert page.count == 42
    assert page.records == [{"id": "A00001", "title": "Title 1", "height": 10},
                            {"id": "A00002", "title": "Title 2", "height": 10}]


@pytest.mark.asyncio
async def test_iter_pages_stops_at_a_short_page_and_asks_the_count_once() -> None:
    fake = FakeWesog(answer(payload={"results": _images(1, 3), "count": 7}),
                     answer(payload={"results": _images(4, 3)}),
                     answer(payload={"results": _images(7, 1)}))
    async with fake.client() as client:
        pages = [page async for page in client.iter_pages(limit=3)]
    assert [len(p.records) for p in pages] == [3, 3, 1]
    assert [p.count for p in pages] == [7, 7, 7]
    assert [r.url.params["page"] for r in fake.requests] == ["1", "2", "3"]
    assert [r.url.params["count"] for r in fake.requests] == ["true", "false", "false"]


@pytest.mark.asyncio
async def test_iter_pages_stops_when_the_count_is_reached() -> None:
    fake = FakeWesog(answer(payload={"results": _images(1, 3), "count": 6}),
                     answer(payload={"results": _images(4, 3)}))
    async with fake.client() as client:
        pages = [page async for page in client.iter_pages(limit=3)]
    assert sum(len(p.records) for p in pages) == 6
    assert len(fake.requests) == 2


@pytest.mark.asyncio
async def test_iter_pages_without_a_count_stops_at_an_empty_page() -> None:
    fake = FakeWesog(answer(payload={"results": _images(1, 2)}), answer(payload={"results": []}))
    async with fake.client() as client:
        pages = [page async for page in client.iter_pages(limit=2)]
    assert [len(p.records) for p in pages] == [2, 0]


@pytest.mark.asyncio
async def test_a_page_that_is_not_a_page_is_an_unexpected_response() -> None:
    fake = FakeWesog(answer(payload={"items": []}))
    async with fake.client() as client:
        with pytest.raises(UnexpectedResponse, match="without results"):
            await client.list_images()


@pytest.mark.asyncio
async def test_get_image_quotes_the_id_and_reports_a_missing_image() -> None:
    fake = FakeWesog(answer(payload={"image_id": "a/b c", "title": "T", "nsfw": None}),
                     answer(404, {"detail": "Not Found"}))
    async with fake.client() as client:
        assert await client.get_image("a/b c", fields=["title"]) == {"id": "a/b c", "title": "T"}
        with pytest.raises(ImageNotFound, match="Image gone does not exist"):
            await client.get_image("gone")
    assert fake.requests[0].url.raw_path.startswith(b"/imgs/a%2Fb%20c")
    assert fake.requests[0].url.params.get_list("fields") == ["title"]


@pytest.mark.asyncio
async def test_get_images_asks_100_at_a_time_and_fetches_the_rest_one_by_one() -> None:
    ids = [f"A{i:05d}" for i in range(250)] + ["odd id"]
    absent = {"A00007", "odd id"}

    def wesog(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/imgs":
            asked = [part.removeprefix("id=") for part in request.url.params["q"].split("||")]
            found = [{"image_id": i, "title": i} for i in asked if i not in absent and i != "A00200"]
            return answer(payload={"results": found})
        image_id = request.url.path.removeprefix("/imgs/")
        if image_id in absent:
            return answer(404, {"detail": "Not Found"})
        return answer(payload={"image_id": image_id, "title": image_id})

    fake = FakeWesog(wesog)
    async with fake.client() as client:
        got = await client.get_images(ids)
    assert list(got) == [i for i in ids if i not in absent]
    assert got["A00200"] == {"id": "A00200", "title": "A00200"}
    queries = [r for r in fake.requests if r.url.path == "/imgs"]
    assert [len(r.url.params["q"].split("||")) for r in queries] == [100, 100, 50]
    singles = sorted(r.url.path for r in fake.requests if r.url.path != "/imgs")
    assert singles == ["/imgs/A00007", "/imgs/A00200", "/imgs/odd id"]


@pytest.mark.asyncio
async def test_patch_sends_the_four_flags_explicitly_and_the_items_as_given() -> None:
    fake = FakeWesog(answer(202, {"op_id": 12}))
    items = [{"id": "A1", "title": "New"}, {"id": "A2", "keywords": ["a", "b"]}]
    async with fake.client() as client:
        got = await client.patch_images(items, wait=False, urgent=True, strict=False, lang="en")
    request = fake.requests[0]
    assert request.method == "PATCH" and request.url.path == "/imgs"
    assert dict(request.url.params) == {"wait": "false", "urgent": "true", "strict": "false", "lang": "en"}
    assert fake.bodies() == [items]
    assert got.op_id == 12 and got.operation is None and not got.finished


@pytest.mark.asyncio
@pytest.mark.parametrize(("policy", "text_clear"), [(ClearPolicy.named("null"), None),
                                                     (ClearPolicy.named("empty-text"), "")])
async def test_patch_writes_clears_by_the_policy(policy: ClearPolicy, text_clear: str | None) -> None:
    fake = FakeWesog(answer(202, {"op_id": 1}))
    async with fake.client(clear_policy=policy) as client:
        await client.patch_images([{"id": "A1", "caption": None, "keywords": None, "nsfw": None,
                                    "date": None, "title": "kept"}],
                                  wait=False, urgent=False, strict=True, lang="es")
    assert fake.bodies() == [[{"id": "A1", "caption": text_clear, "keywords": [], "nsfw": None,
                               "date": text_clear, "title": "kept"}]]


@pytest.mark.asyncio
@pytest.mark.parametrize(("items", "lang", "problem"), [
    ([{"id": "A1", "width": 3}], "en", "read-only"),
    ([{"id": "A1", "src": None}], "en", "src is never sent as null"),
    ([{"title": "x"}], "en", "needs an id"),
    ([], "en", "nothing to send"),
    ([{"id": "A1", "title": "x"}], "de", "lang must be one of"),
])
async def test_patch_refuses_bodies_the_contract_forbids(items: list[dict], lang: str, problem: str) -> None:
    fake = FakeWesog(answer(202, {"op_id": 1}))
    async with fake.client() as client:
        with pytest.raises(ValueError, match=problem):
            await client.patch_images(items, wait=False, urgent=False, strict=False, lang=lang)
    assert fake.requests == []


@pytest.mark.asyncio
@pytest.mark.parametrize(("status", "payload", "op_id", "finished"), [
    (202, {"op_id": 5}, 5, None),
    (202, {"id": 5}, 5, None),
    (202, 5, 5, None),
    (202, "5", 5, None),
    (202, _op(op_id=5), 5, False),
    (200, _op(is_started=True, is_finished=True, num_good=2, all_good=True), None, True),
    (200, _op(op_id=5, finished_at="2024-05-01T10:00:00Z"), 5, True),
])
async def test_every_answer_shape_of_b4_is_understood(status: int, payload: object, op_id: int | None,
                                                      finished: bool | None) -> None:
    fake = FakeWesog(answer(status, payload))
    async with fake.client() as client:
        got = await client.patch_images([{"id": "A1", "title": "x"}], wait=finished is not None,
                                        urgent=False, strict=False, lang="en")
    assert got.op_id == op_id
    if finished is None:
        assert got.operation is None
    else:
        assert got.operation is not None and got.operation.finished is finished and got.finished is finished


@pytest.mark.asyncio
@pytest.mark.parametrize("payload", [{"status": "queued"}, [1, 2], None, True])
async def test_an_answer_without_an_operation_id_is_unexpected(payload: object) -> None:
    fake = FakeWesog(answer(202, payload))
    async with fake.client() as client:
        with pytest.raises(UnexpectedResponse, match="no operation ID"):
            await client.patch_images([{"id": "A1", "title": "x"}], wait=False, urgent=False,
                                      strict=False, lang="en")


@pytest.mark.asyncio
async def test_get_operation_fills_in_the_id_and_reports_an_unknown_one() -> None:
    fake = FakeWesog(answer(payload=_op(errors=[{"id": 1, "msg": "bad date"}])), answer(404, {}))
    async with fake.client() as client:
        op = await client.get_operation(31)
        with pytest.raises(OperationNotFound, match="operation 32; its edits stay pending"):
            await client.get_operation(32)
    assert op.op_id == 31 and op.errors[0].id == 1 and op.errors[0].msg == "bad date"
    assert [r.url.path for r in fake.requests] == ["/ops/31", "/ops/32"]


@pytest.mark.asyncio
async def test_follow_reports_every_poll_and_stops_when_finished() -> None:
    fake = FakeWesog(answer(payload=_op()), answer(payload=_op(is_started=True)),
                     answer(payload=_op(is_started=True, is_finished=True, num_good=2)))
    seen: list[Operation] = []
    follow_sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        follow_sleeps.append(seconds)

    async with fake.client() as client:
        final = await client.follow_operation(9, seen.append, sleep=sleep)
    assert [op.state for op in seen] == ["queued", "running", "finished"]
    assert final.num_good == 2 and final.op_id == 9
    assert follow_sleeps == [0.25, 0.375]


@pytest.mark.asyncio
async def test_follow_treats_a_finished_at_as_finished() -> None:
    fake = FakeWesog(answer(payload=_op(is_finished=None, finished_at="2024-05-01 10:00:00")))
    async with fake.client() as client:
        assert (await client.follow_operation(1, sleep=fake.sleep)).finished
    assert fake.sleeps == []


def test_the_poll_interval_grows_by_half_up_to_five_seconds() -> None:
    delays = poll_delays()
    got = [next(delays) for _ in range(12)]
    assert got[:4] == [0.25, 0.375, 0.5625, 0.84375]
    assert all(b == pytest.approx(min(5.0, a * 1.5)) for a, b in zip(got, got[1:], strict=False))
    assert got[-3:] == [5.0, 5.0, 5.0]


@pytest.mark.asyncio
async def test_follow_retries_a_transient_error_inside_a_poll_and_ends_on_404() -> None:
    fake = FakeWesog(answer(payload=_op()), answer(503, {}), answer(payload=_op(is_started=True)),
                     answer(404, {"detail": "Not Found"}))
    follow_sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        follow_sleeps.append(seconds)

    async with fake.client() as client:
        with pytest.raises(OperationNotFound):
            await client.follow_operation(4, sleep=sleep)
    assert len(fake.requests) == 4
    assert fake.sleeps == [0.25]  # the retry of the 503, on the client's clock
    assert follow_sleeps == [0.25, 0.375]
