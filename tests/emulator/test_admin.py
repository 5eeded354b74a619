"""The admin API that tests use: the request log, the configuration, a record outside the log."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from .helpers import Emulator, api, write_params


@pytest.fixture
def client(emu: Emulator) -> Iterator[httpx.Client]:
    with api(emu) as c:
        c.delete("/_emulator/requests").raise_for_status()
        yield c


def test_the_log_keeps_method_path_query_and_parsed_body_oldest_first(client: httpx.Client) -> None:
    body = [{"id": "A00050", "title": "Logged", "keywords": []}]
    client.patch("/imgs", params=write_params(strict="true"), json=body)
    client.get("/imgs", params=[("fields", "title"), ("fields", "date"), ("limit", "2")])
    client.get("/imgs/A00050")
    log = client.get("/_emulator/requests").json()
    assert log == [
        {"method": "PATCH", "path": "/imgs", "body": body,
         "query": {"wait": "false", "urgent": "false", "strict": "true", "lang": "en"}},
        {"method": "GET", "path": "/imgs", "query": {"fields": ["title", "date"], "limit": "2"}, "body": None},
        {"method": "GET", "path": "/imgs/A00050", "query": {}, "body": None},
    ]


def test_refused_and_faulted_requests_are_logged_too(emu: Emulator, client: httpx.Client) -> None:
    with api(emu, key=False) as anon:
        anon.get("/imgs")
    client.post("/_emulator/faults", json={"faults": ["http-503:times=1"]})
    client.patch("/imgs", params=write_params(), content=b"not json")
    assert [(r["method"], r["body"]) for r in client.get("/_emulator/requests").json()] == [
        ("GET", None), ("PATCH", None)]


def test_clearing_the_log(client: httpx.Client) -> None:
    client.get("/imgs")
    assert client.delete("/_emulator/requests").status_code == 204
    assert client.get("/_emulator/requests").json() == []


def test_config_changes_and_rejects_nonsense(client: httpx.Client) -> None:
    assert client.post("/_emulator/config", json={"delay_ms": 5.5}).json() == {"delay_ms": 5.5, "error_ids": "id"}
    assert client.post("/_emulator/config", json={"error_ids": "index"}).json()["error_ids"] == "index"
    for bad in ({"delay_ms": -1}, {"delay_ms": "fast"}, {"error_ids": "name"}, {"speed": 1}, [1]):
        assert client.post("/_emulator/config", json=bad).status_code == 422, bad
    assert client.post("/_emulator/config", json={"delay_ms": 0, "error_ids": "id"}).status_code == 200


def test_a_record_read_for_assertions_is_not_logged(client: httpx.Client) -> None:
    rec = client.get("/_emulator/images/A00051").json()
    assert rec["image_id"] == "A00051" and rec == client.get("/imgs/A00051").json()
    assert client.get("/_emulator/images/NOPE").status_code == 404
    assert [r["path"] for r in client.get("/_emulator/requests").json()] == ["/imgs/A00051"]
