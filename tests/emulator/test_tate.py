"""The whole Tate catalog (69,202 records): it loads, counts, pages by 10,000, sorts and searches."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from wesog_desktop.emulator.store import TEXT_FIELDS

from .helpers import Emulator, api

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(tate_emulator: Emulator) -> Iterator[httpx.Client]:
    with api(tate_emulator, timeout=60) as c:
        yield c


def test_the_whole_catalog_is_counted(client: httpx.Client) -> None:
    assert client.get("/imgs", params={"limit": 1}).json()["count"] == 69_202


def test_a_page_of_ten_thousand_arrives_whole(client: httpx.Client) -> None:
    first = client.get("/imgs", params={"limit": 10_000}).json()["results"]
    last = client.get("/imgs", params={"limit": 10_000, "page": 7, "count": "false"}).json()["results"]
    assert len(first) == 10_000 and len({r["image_id"] for r in first}) == 10_000
    assert len(last) == 9_202 and first[0]["image_id"] == "A00001"


def test_sorting_and_searching_the_whole_catalog(client: httpx.Client) -> None:
    sorted_page = client.get("/imgs", params={"limit": 10_000, "sort_by": "title", "order": "desc",
                                              "fields": "title"}).json()["results"]
    titles = [r["title"].casefold() for r in sorted_page]
    assert titles == sorted(titles, reverse=True)
    found = client.get("/imgs", params={"q": "t~TEMERAIRE victory", "limit": 100}).json()
    assert "D05477" in [r["image_id"] for r in found["results"]] and found["count"] < 100
    for rec in found["results"]:
        text = " ".join(str(rec[name]) for name in TEXT_FIELDS).casefold()
        assert "temeraire" in text and "victory" in text
