"""Reading the catalog: paging, limits, sorting, projection, counts, the q formula, one image."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from wesog_desktop.emulator.store import TEXT_FIELDS

from .helpers import SMALL, Emulator, api, running, write_params

DATED = {"A00010": "2019-12-31", "A00011": "2020-01-01", "A00012": "2020-06-15", "A00013": "2021-03-02"}


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """300 Tate records; four of them get ISO dates and one an AI flag (the Tate has neither)."""
    with running(*SMALL) as emu, api(emu) as c:
        items: list[dict[str, Any]] = [{"id": i, "date": d} for i, d in DATED.items()]
        items.append({"id": "A00010", "ai_generated": True, "status": "Active", "keywords": ["Red Car"]})
        r = c.patch("/imgs", params=write_params(wait="true"), json=items)
        assert r.status_code == 200 and r.json()["all_good"] is True
        yield emu


def ids(client: httpx.Client, **params: Any) -> list[str]:
    r = client.get("/imgs", params={"limit": 10000, **params})
    assert r.status_code == 200, r.text
    return [rec["image_id"] for rec in r.json()["results"]]


def detail_of(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code == 422, r.text
    (detail,) = r.json()["detail"]
    return detail


def test_the_first_page_has_fifty_full_records_and_the_count(client: httpx.Client) -> None:
    body = client.get("/imgs").json()
    assert set(body) == {"results", "count", "facets"}
    assert body["count"] == 300 and body["facets"] == {} and len(body["results"]) == 50
    first = body["results"][0]
    assert first["image_id"] == "A00001" and "id" not in first
    assert first["title"].startswith("A Figure Bowing") and first["caption"] is None
    assert all(isinstance(first[k], int) for k in ("width", "height", "n_faces"))


def test_pages_cover_the_catalog_once(client: httpx.Client) -> None:
    pages = [ids(client, page=p, limit=128) for p in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [128, 128, 44, 0]
    assert len({i for p in pages for i in p}) == 300


def test_read_only_sizes_are_stable_for_an_id(client: httpx.Client) -> None:
    sizes = [client.get("/imgs/A00005").json()[k] for k in ("width", "height", "n_faces")]
    assert sizes == [client.get("/imgs/A00005").json()[k] for k in ("width", "height", "n_faces")]
    assert sizes == [client.get("/imgs", params={"q": "id=A00005"}).json()["results"][0][k]
                     for k in ("width", "height", "n_faces")]


def test_bad_parameters_are_422_with_their_location(client: httpx.Client) -> None:
    for params, loc in (({"limit": 0}, "limit"), ({"limit": 10001}, "limit"), ({"limit": "many"}, "limit"),
                        ({"page": 0}, "page"), ({"sort_by": "colour"}, "sort_by"), ({"order": "up"}, "order"),
                        ({"fields": "colour"}, "fields"), ({"count": "perhaps"}, "count")):
        detail = detail_of(client.get("/imgs", params=params))
        assert detail["loc"] == ["query", loc] and detail["msg"] and detail["type"], params


def test_limit_bounds_are_inclusive(client: httpx.Client) -> None:
    assert len(ids(client, limit=1)) == 1
    assert len(ids(client, limit=10000)) == 300


def test_sort_ascending_and_descending_ignores_case_and_puts_nulls_last(client: httpx.Client) -> None:
    asc = client.get("/imgs", params={"sort_by": "author", "limit": 300, "fields": "author"}).json()["results"]
    desc = client.get("/imgs", params={"sort_by": "author", "order": "desc", "limit": 300,
                                       "fields": "author"}).json()["results"]
    authors = [r["author"].casefold() for r in asc]
    assert authors == sorted(authors) and len(set(authors)) > 3
    assert [r["author"].casefold() for r in desc] == sorted(authors, reverse=True)
    dated = ids(client, sort_by="date", q="d>=1900-01-01")
    assert dated == ["A00010", "A00011", "A00012", "A00013"]
    captions = client.get("/imgs", params={"sort_by": "caption", "order": "desc", "limit": 300,
                                           "fields": "caption"}).json()["results"]
    values = [r["caption"] for r in captions]
    assert values[0] is not None and values[-1] is None
    assert values.index(None) == sum(v is not None for v in values)  # every null after every value


def test_sort_by_image_id_descending(client: httpx.Client) -> None:
    got = ids(client, sort_by="image_id", order="desc", limit=3)
    assert got == sorted(ids(client), reverse=True)[:3]


def test_fields_projects_and_always_keeps_the_id(client: httpx.Client) -> None:
    r = client.get("/imgs", params=[("fields", "title"), ("fields", "keywords"), ("limit", "3")])
    assert all(set(rec) == {"image_id", "title", "keywords"} for rec in r.json()["results"])
    one = client.get("/imgs/A00002", params={"fields": "date,author"}).json()
    assert one == {"image_id": "A00002", "date": "date not known", "author": "Robert Blake"}


def test_count_can_be_left_out(client: httpx.Client) -> None:
    body = client.get("/imgs", params={"count": "false", "limit": 2}).json()
    assert body["count"] is None and len(body["results"]) == 2
    assert client.get("/imgs", params={"count": "true", "q": "id=A00003"}).json()["count"] == 1


def test_text_similarity_ignores_case_and_needs_every_word(client: httpx.Client) -> None:
    found = client.get("/imgs", params={"q": "t~OLD man", "limit": 300}).json()["results"]
    assert found and "A00001" in [r["image_id"] for r in found]
    for rec in found:
        text = " ".join(str(rec[name]) for name in TEXT_FIELDS).casefold()
        assert "old" in text and "man" in text
    assert ids(client, q="t~~old man") == ids(client, q="t~~~Old Man") == [r["image_id"] for r in found]
    assert ids(client, q="t~zzzqqq") == []


def test_id_keyword_and_flag_filters(client: httpx.Client) -> None:
    assert ids(client, q="id=A00007") == ["A00007"]
    assert ids(client, q="k=red car") == ["A00010"]
    blessing = ids(client, q="k=blessing")
    assert "A00001" in blessing
    either = ids(client, q="k∩blessing,red car")
    assert set(either) == {*blessing, "A00010"}
    assert ids(client, q="ai=true") == ["A00010"]
    assert ids(client, q="status=active") == ["A00010"]


def test_date_comparisons_skip_dates_that_are_not_iso(client: httpx.Client) -> None:
    assert ids(client, q="d>=2020-01-01") == ["A00011", "A00012", "A00013"]
    assert ids(client, q="d>2020-01-01") == ["A00012", "A00013"]
    assert ids(client, q="d<2020-01-01") == ["A00010"]
    assert ids(client, q="d<=2020-01-01") == ["A00010", "A00011"]
    assert ids(client, q="d=2020-6-15") == ["A00012"]


def test_and_or_and_parentheses(client: httpx.Client) -> None:
    assert ids(client, q="d>=2020-01-01 && (id=A00012 || id=A00013)") == ["A00012", "A00013"]
    assert ids(client, q="id=A00001 || id=A00002 && id=A00003") == ["A00001"]
    assert ids(client, q="(id=A00001 || id=A00002) && t~frightened") == ["A00002"]


def test_a_malformed_formula_is_422(client: httpx.Client) -> None:
    for formula in ("t~", "d>1935", "(id=A00001", "id=A00001 &&", "colour=red", "id=A00001 ) ", "just words",
                    "ai=maybe"):
        detail = detail_of(client.get("/imgs", params={"q": formula}))
        assert detail["loc"] == ["query", "q"] and detail["msg"], formula


def test_one_image_and_a_missing_one(client: httpx.Client) -> None:
    one = client.get("/imgs/A00003").json()
    assert one["image_id"] == "A00003" and one["author"] == "Robert Blake"
    missing = client.get("/imgs/NOPE")
    assert missing.status_code == 404 and missing.json() == {"detail": "Image not found"}


def test_the_key_is_required_for_the_api_only(emu: Emulator) -> None:
    with api(emu, key=False) as anon:
        for headers in ({}, {"API-Key": "wrong"}):
            for method, path in (("GET", "/imgs"), ("GET", "/imgs/A00001"), ("PATCH", "/imgs"), ("GET", "/ops/1")):
                r = anon.request(method, path, headers=headers)
                assert r.status_code == 401 and r.json() == {"detail": "Invalid or missing API key"}
        assert anon.get("/thumbs/A00001.jpg").status_code == 200
        assert anon.get("/_emulator/config").status_code == 200
