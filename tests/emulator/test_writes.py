"""Writing: operations, PATCH semantics, validation per element, strictness, PUT/POST/DELETE."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .helpers import follow, patch_and_follow, write_params

OPERATION_FIELDS = {
    "method", "resource", "num_total", "num_good", "num_bad", "is_started", "is_finished", "all_good",
    "do_wait", "do_urgent", "do_strict", "idle_ms", "exec_ms", "created_at", "started_at", "finished_at",
    "errors",
}


@pytest.fixture(autouse=True)
def _defaults(client: httpx.Client) -> Iterator[None]:
    """Each test starts and ends with no delay, IDs in errors and no faults."""
    client.post("/_emulator/config", json={"delay_ms": 0, "error_ids": "id"}).raise_for_status()
    yield
    client.post("/_emulator/config", json={"delay_ms": 0, "error_ids": "id"}).raise_for_status()
    client.post("/_emulator/faults", json={"faults": []}).raise_for_status()


def stored(client: httpx.Client, image_id: str) -> dict[str, Any]:
    return client.get(f"/_emulator/images/{image_id}").json()


def test_a_patch_answers_202_with_the_queued_operation_then_finishes(client: httpx.Client) -> None:
    r = client.patch("/imgs", params=write_params(), json=[{"id": "A00020", "title": "Renamed"}])
    assert r.status_code == 202
    queued = r.json()
    assert isinstance(queued["op_id"], int) and set(queued) == OPERATION_FIELDS | {"op_id"}
    assert (queued["method"], queued["resource"], queued["num_total"]) == ("upd", "image", 1)
    assert queued["is_started"] is False and queued["is_finished"] is False and queued["all_good"] is None
    assert queued["started_at"] is None and queued["finished_at"] is None and queued["idle_ms"] is None
    assert (queued["do_wait"], queued["do_urgent"], queued["do_strict"]) == (False, False, False)
    done = follow(client, queued["op_id"])
    assert set(done) == OPERATION_FIELDS
    assert done["is_started"] and done["all_good"] is True and (done["num_good"], done["num_bad"]) == (1, 0)
    assert done["created_at"] <= done["started_at"] <= done["finished_at"]
    assert isinstance(done["idle_ms"], int) and isinstance(done["exec_ms"], int) and done["errors"] == []
    assert stored(client, "A00020")["title"] == "Renamed"


def test_null_clears_empty_list_clears_omitted_stays(client: httpx.Client) -> None:
    before = stored(client, "A00021")
    assert before["keywords"] and before["technique"] and before["medium"]
    patch_and_follow(client, [{"id": "A00021", "technique": None, "keywords": [], "caption": "New caption"}])
    after = stored(client, "A00021")
    assert after["technique"] is None and after["keywords"] == [] and after["caption"] == "New caption"
    assert after["medium"] == before["medium"] and after["categories"] == before["categories"]
    patch_and_follow(client, [{"id": "A00021", "keywords": None, "nsfw": False}])
    again = stored(client, "A00021")
    assert again["keywords"] is None and again["nsfw"] is False


def test_wait_true_answers_200_with_the_finished_operation(client: httpx.Client) -> None:
    r = client.patch("/imgs", params=write_params(wait="true"), json=[{"id": "A00022", "event": "Fair"}])
    assert r.status_code == 200
    op = r.json()
    assert set(op) == OPERATION_FIELDS and op["is_finished"] and op["do_wait"] is True and op["all_good"]
    assert stored(client, "A00022")["event"] == "Fair"


def test_the_single_image_forms(client: httpx.Client) -> None:
    r = client.patch("/imgs/A00023", params=write_params(wait="true"), json={"city": "Lisbon"})
    assert r.status_code == 200 and r.json()["num_good"] == 1
    assert stored(client, "A00023")["city"] == "Lisbon"
    r = client.put("/imgs/A00023", params=write_params(wait="true"),
                   json={"src": "https://example.org/a.jpg", "title": "Only this"})
    assert r.status_code == 200 and r.json()["all_good"] is True
    replaced = stored(client, "A00023")
    assert (replaced["title"], replaced["src"], replaced["city"], replaced["author"]) == (
        "Only this", "https://example.org/a.jpg", None, None)
    assert replaced["width"] > 0 and replaced["url_img_thumbnail"].endswith("/thumbs/A00023.jpg")
    r = client.delete("/imgs/A00023", params=write_params(wait="true"))
    assert r.status_code == 200 and r.json()["method"] == "del"
    assert client.get("/imgs/A00023").status_code == 404


def test_strict_fails_a_missing_image_and_non_strict_ignores_it(client: httpx.Client) -> None:
    items = [{"id": "NOPE-1", "title": "x"}, {"id": "A00024", "title": "Kept"}]
    strict = patch_and_follow(client, items, strict="true")
    assert (strict["num_good"], strict["num_bad"], strict["all_good"]) == (1, 1, False)
    assert strict["errors"] == [{"id": "NOPE-1", "msg": "image 'NOPE-1' not found"}]
    lenient = patch_and_follow(client, items, strict="false")
    assert (lenient["num_good"], lenient["num_bad"], lenient["all_good"], lenient["errors"]) == (2, 0, True, [])
    assert client.get("/imgs/NOPE-1").status_code == 404 and stored(client, "A00024")["title"] == "Kept"


INVALID = [  # (change, words its error message must hold)
    ({"date": "2020-13-01"}, ["date", "2020-13-01"]),
    ({"date": "2020-1-5"}, ["date", "YYYY-MM-DD"]),
    ({"date": "c.1935"}, ["date", "c.1935"]),
    ({"nsfw": "yes"}, ["nsfw", "true, false or null"]),
    ({"keywords": "boat"}, ["keywords", "array"]),
    ({"keywords": ["boat", 3]}, ["keywords", "string"]),
    ({"title": 12}, ["title", "string"]),
    ({"colour": "red"}, ["unknown field", "colour"]),
    ({"height": 10}, ["height", "read-only"]),
    ({"image_id": "X"}, ["image_id", "read-only"]),
    ({"src": None}, ["src", "null"]),
    ({"src": "not a url"}, ["src", "not a url"]),
]


def test_invalid_elements_fail_alone_with_a_clear_message(client: httpx.Client) -> None:
    bad_ids = [f"A{n:05d}" for n in range(100, 100 + len(INVALID))]
    good_ids = [f"A{n:05d}" for n in range(200, 200 + len(INVALID))]
    before = {image_id: stored(client, image_id) for image_id in bad_ids}
    items: list[dict[str, Any]] = []
    for bad_id, good_id, (change, _) in zip(bad_ids, good_ids, INVALID, strict=True):
        items += [{"id": bad_id, "headline": "Not applied", **change}, {"id": good_id, "headline": "Applied"}]
    op = patch_and_follow(client, items)
    assert (op["num_good"], op["num_bad"], op["all_good"]) == (len(INVALID), len(INVALID), False)
    assert [e["id"] for e in op["errors"]] == bad_ids
    for error, (change, words) in zip(op["errors"], INVALID, strict=True):
        assert all(w in error["msg"] for w in words), (change, error["msg"])
    assert all(stored(client, image_id)["headline"] == "Applied" for image_id in good_ids)
    assert all(stored(client, image_id) == before[image_id] for image_id in bad_ids)


def test_errors_can_name_batch_indexes_instead_of_ids(client: httpx.Client) -> None:
    items = [{"id": "A00027", "title": "fine"}, {"id": "A00028", "date": "soon"}, {"id": 12345, "title": "x"}]
    by_id = patch_and_follow(client, items, strict="true")
    assert [e["id"] for e in by_id["errors"]] == ["A00028", 12345]  # as the request gave them
    client.post("/_emulator/config", json={"error_ids": "index"}).raise_for_status()
    by_index = patch_and_follow(client, items, strict="true")
    assert [e["id"] for e in by_index["errors"]] == [1, 2]


def test_urgent_jumps_the_queue(client: httpx.Client) -> None:
    client.post("/_emulator/config", json={"delay_ms": 30}).raise_for_status()
    slow = client.patch("/imgs", params=write_params(), json=[{"id": "A00029", "shot": f"s{i}"} for i in range(20)])
    normal = client.patch("/imgs", params=write_params(), json=[{"id": "A00030", "shot": "normal"}])
    urgent = client.patch("/imgs", params=write_params(urgent="true"), json=[{"id": "A00031", "shot": "urgent"}])
    queued = client.get(f"/ops/{normal.json()['op_id']}").json()
    assert queued["is_started"] is False  # still behind the slow one
    ops = {name: follow(client, r.json()["op_id"]) for name, r in
           (("slow", slow), ("normal", normal), ("urgent", urgent))}
    assert ops["urgent"]["do_urgent"] is True
    assert ops["slow"]["finished_at"] <= ops["urgent"]["started_at"]
    assert ops["urgent"]["finished_at"] <= ops["normal"]["started_at"]
    assert stored(client, "A00029")["shot"] == "s19"


def test_operations_are_listed_and_unknown_ones_are_404(client: httpx.Client) -> None:
    op_id = client.patch("/imgs", params=write_params(), json=[{"id": "A00032", "scene": "x"}]).json()["op_id"]
    listed = client.get("/ops").json()
    assert [op["op_id"] for op in listed] == sorted(op["op_id"] for op in listed) and listed[-1]["op_id"] == op_id
    unknown = client.get("/ops/999999")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Operation not found"}
    assert client.get("/ops/abc").status_code == 422


def test_post_creates_and_strict_refuses_an_existing_id(client: httpx.Client) -> None:
    item = {"id": "NEW-1", "src": "https://example.org/new.jpg", "title": "Fresh", "keywords": ["new"]}
    created = client.post("/imgs", params=write_params(wait="true", strict="true"), json=[item])
    assert created.json()["method"] == "add" and created.json()["all_good"] is True
    assert stored(client, "NEW-1")["keywords"] == ["new"]
    again = client.post("/imgs", params=write_params(wait="true", strict="true"), json=[item])
    assert again.json()["errors"] == [{"id": "NEW-1", "msg": "image 'NEW-1' already exists"}]
    upsert = client.post("/imgs", params=write_params(wait="true"), json=[{**item, "title": "Upserted"}])
    assert upsert.json()["all_good"] is True and stored(client, "NEW-1")["title"] == "Upserted"
    no_src = client.post("/imgs/NEW-2", params=write_params(wait="true"), json={"title": "x"})
    assert no_src.json()["errors"] == [{"id": "NEW-2", "msg": "src: required"}]


def test_put_replaces_and_strict_refuses_a_missing_image(client: httpx.Client) -> None:
    r = client.put("/imgs", params=write_params(wait="true", strict="true"),
                   json=[{"id": "A00033", "src": "https://example.org/33.jpg"},
                         {"id": "GONE", "src": "https://example.org/g.jpg"}])
    assert r.json()["errors"] == [{"id": "GONE", "msg": "image 'GONE' not found"}]
    assert stored(client, "A00033")["title"] is None


def test_batch_delete_with_and_without_strict(client: httpx.Client) -> None:
    strict = client.request("DELETE", "/imgs", params={"wait": "true", "strict": "true", "urgent": "false"},
                            json=["A00034", "GONE-2"])
    assert strict.json()["errors"] == [{"id": "GONE-2", "msg": "image 'GONE-2' not found"}]
    lenient = client.request("DELETE", "/imgs", params={"wait": "true", "strict": "false"},
                             json=["A00035", "GONE-3"])
    assert lenient.json()["all_good"] is True and lenient.json()["num_total"] == 2
    assert client.get("/imgs/A00034").status_code == client.get("/imgs/A00035").status_code == 404


@pytest.mark.parametrize(("body", "loc", "kind"), [
    ({"id": "A00001"}, ["body"], "list_type"),
    ([{"title": "no id"}], ["body", 0, "id"], "missing"),
    ([{"id": "A00001"}, "text"], ["body", 1], "model_attributes_type"),
    ([{"id": None, "title": "x"}], ["body", 0, "id"], "missing"),
])
def test_a_body_of_the_wrong_shape_is_422(client: httpx.Client, body: Any, loc: list, kind: str) -> None:
    r = client.patch("/imgs", params=write_params(), json=body)
    assert r.status_code == 422
    (detail,) = r.json()["detail"]
    assert detail["loc"] == loc and detail["type"] == kind and detail["msg"]


def test_bad_json_bad_flags_and_bad_lang_are_422(client: httpx.Client) -> None:
    assert client.patch("/imgs", params=write_params(), content=b"[{oops").status_code == 422
    assert client.patch("/imgs/A00001", params=write_params(), json=["a list"]).status_code == 422
    for name, value in (("wait", "maybe"), ("urgent", "2"), ("strict", "sure"), ("lang", "de")):
        r = client.patch("/imgs", params=write_params(**{name: value}), json=[{"id": "A00001"}])
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", name]
    for lang in ("en", "es", "pt", "fr", "ru"):
        assert client.patch("/imgs", params=write_params(lang=lang), json=[]).status_code == 202
