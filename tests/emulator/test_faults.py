"""Injected faults: each kind, its scope (method, path, times), from the CLI and at run time."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from wesog_desktop.emulator.faults import OPERATION_FAULTS, REQUEST_FAULTS

from .helpers import TATE_CATALOG, Emulator, api, follow, running, write_params


def set_faults(client: httpx.Client, *specs: str) -> None:
    client.post("/_emulator/faults", json={"faults": list(specs)}).raise_for_status()


@pytest.fixture(autouse=True)
def _no_faults_after(client: httpx.Client) -> Iterator[None]:
    yield
    set_faults(client)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_answer_json_then_stop_after_times(client: httpx.Client, status: int) -> None:
    set_faults(client, f"http-{status}:times=2")
    answers = [client.get("/imgs", params={"limit": 1}) for _ in range(3)]
    assert [r.status_code for r in answers] == [status, status, 200]
    assert answers[0].json()["detail"] and answers[2].json()["count"] == 300


def test_429_sends_retry_after_when_asked(client: httpx.Client) -> None:
    set_faults(client, "http-429:retry_after=3:times=1", "http-429:times=1")
    first, second = client.get("/imgs"), client.get("/imgs")
    assert (first.status_code, first.headers["Retry-After"]) == (429, "3")
    assert second.status_code == 429 and "Retry-After" not in second.headers


def test_method_and_path_narrow_a_fault(client: httpx.Client) -> None:
    set_faults(client, "http-502:method=PATCH", "http-504:path=/ops")
    assert client.get("/imgs", params={"limit": 1}).status_code == 200
    assert client.patch("/imgs", params=write_params(), json=[]).status_code == 502
    assert client.get("/ops/1").status_code == 504
    assert client.get("/ops").status_code == 504


def test_faults_spare_thumbnails_and_admin_unless_the_path_names_them(client: httpx.Client) -> None:
    set_faults(client, "http-500")
    assert client.get("/thumbs/A00001.jpg").status_code == 200
    assert client.get("/_emulator/config").status_code == 200
    assert client.get("/imgs").status_code == 500
    set_faults(client, "http-503:path=/thumbs")
    assert client.get("/thumbs/A00001.jpg").status_code == 503
    assert client.get("/imgs").status_code == 200


def test_slow_delays_the_answer_past_a_short_timeout(emu: Emulator, client: httpx.Client) -> None:
    set_faults(client, "slow:seconds=0.5:times=2")
    with api(emu, timeout=0.1) as impatient, pytest.raises(httpx.ReadTimeout):
        impatient.get("/imgs", params={"limit": 1})
    patient = client.get("/imgs", params={"limit": 1})
    assert patient.status_code == 200 and len(patient.json()["results"]) == 1


def test_slow_then_another_fault_both_apply(client: httpx.Client) -> None:
    set_faults(client, "slow:seconds=0.05:times=1", "http-503:times=1")
    assert client.get("/imgs").status_code == 503
    assert client.get("/imgs").status_code == 200


def test_drop_cuts_the_connection_mid_response(client: httpx.Client) -> None:
    set_faults(client, "drop:times=1")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.get("/imgs")
    assert client.get("/imgs").status_code == 200


def test_malformed_answers_200_with_a_body_that_is_not_json(client: httpx.Client) -> None:
    set_faults(client, "malformed:times=1")
    r = client.get("/imgs")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        r.json()


def test_op_404_hides_operations_that_exist(client: httpx.Client) -> None:
    op_id = client.patch("/imgs", params=write_params(), json=[{"id": "A00040", "shot": "x"}]).json()["op_id"]
    set_faults(client, "op-404:times=1")
    hidden = client.get(f"/ops/{op_id}")
    assert hidden.status_code == 404 and hidden.json()["detail"]
    assert client.get("/imgs/A00040").status_code == 200
    assert follow(client, op_id)["is_finished"] is True


def test_an_operation_that_never_finishes(client: httpx.Client) -> None:
    set_faults(client, "op-never-finishes:times=1")
    stuck = client.patch("/imgs", params=write_params(), json=[{"id": "A00041", "scene": "stuck"}]).json()
    later = client.patch("/imgs", params=write_params(), json=[{"id": "A00042", "scene": "done"}]).json()
    assert follow(client, later["op_id"])["all_good"] is True
    op = client.get(f"/ops/{stuck['op_id']}").json()
    assert op["is_started"] is True and op["is_finished"] is False and op["finished_at"] is None
    assert client.get("/_emulator/images/A00041").json()["scene"] is None


def test_error_ids_index_fault_reports_batch_indexes(client: httpx.Client) -> None:
    set_faults(client, "error-ids-index:times=1")
    items = [{"id": "A00043", "title": "ok"}, {"id": "A00044", "nsfw": "no"}]
    first = client.patch("/imgs", params=write_params(wait="true"), json=items).json()
    second = client.patch("/imgs", params=write_params(wait="true"), json=items).json()
    assert [e["id"] for e in first["errors"]] == [1]
    assert [e["id"] for e in second["errors"]] == ["A00044"]


def test_active_faults_are_listed_and_a_bad_spec_changes_nothing(client: httpx.Client) -> None:
    set_faults(client, "http-503:times=2")
    client.get("/imgs")
    assert client.get("/_emulator/faults").json() == {"faults": [{"spec": "http-503:times=2", "remaining": 1}]}
    for bad in (["teapot"], ["http-503:times=x"], ["slow:colour=red"], ["http-500:path"], "http-500"):
        r = client.post("/_emulator/faults", json={"faults": bad})
        assert r.status_code == 422, bad
    assert client.get("/_emulator/faults").json()["faults"][0]["remaining"] == 1


def test_faults_from_the_command_line() -> None:
    with running("--catalog", str(TATE_CATALOG), "--sample", "5", "--fault", "http-503:times=1",
                 "--fault", "http-429:method=PATCH:retry_after=2") as emu, api(emu) as c:
        assert [c.get("/imgs").status_code for _ in range(2)] == [503, 200]
        r = c.patch("/imgs", params=write_params(), json=[])
        assert r.status_code == 429 and r.headers["Retry-After"] == "2"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wesog_desktop", "emulator", *args],
                          capture_output=True, text=True, timeout=60)


def test_help_faults_prints_the_grammar_and_every_fault() -> None:
    r = run_cli("--help-faults")
    assert r.returncode == 0 and "NAME[:key=value[:key=value...]]" in r.stdout
    for name in (*REQUEST_FAULTS, *OPERATION_FAULTS, "method=", "path=", "times="):
        assert name in r.stdout


def test_a_bad_fault_on_the_command_line_is_refused() -> None:
    r = run_cli("--fault", "http-999")
    assert r.returncode == 2 and "http-999" in r.stderr and r.stdout == ""
