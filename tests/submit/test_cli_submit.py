"""``wesog-desktop submit`` as a subprocess against the emulator: only real differences, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Emulator
from tests.submit.conftest import patches


def submit(emu: Emulator | None, path: Path, *args: str, key: str | None = None, url: str | None = None
           ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("WESOG_API_KEY", None)
    if key is not None or emu is not None:
        env["WESOG_API_KEY"] = key if key is not None else emu.api_key  # type: ignore[union-attr]
    api_url = url or (emu.url if emu else "http://127.0.0.1:9")
    return subprocess.run([sys.executable, "-m", "wesog_desktop", "submit", str(path), "--api-url", api_url, *args],
                          capture_output=True, text=True, env=env, timeout=120)


def jsonl(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "changes.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def first_ids(emu: Emulator, n: int) -> list[str]:
    with emu.admin() as c:
        page = c.get("/imgs", params={"limit": n, "sort_by": "id", "order": "asc"},
                     headers={"API-Key": emu.api_key}).json()
    return [r["image_id"] for r in page["results"]]


def test_only_real_differences_are_sent_and_each_image_is_reported(emulator: Emulator, tmp_path: Path) -> None:
    a, b, c = first_ids(emulator, 3)
    same_title = emulator.stored(b)["title"]
    path = jsonl(tmp_path, {"id": a, "title": "From the command line", "keywords": []},
                 {"id": b, "title": same_title}, {"id": c, "date": "2019-5-7", "nsfw": True})
    emulator.clear_requests()
    result = submit(emulator, path)
    assert result.returncode == 0, result.stderr
    (req,) = patches(emulator)
    assert req["query"] == {"wait": "false", "urgent": "false", "strict": "false", "lang": "en"}
    assert req["body"] == [{"id": a, "title": "From the command line", "keywords": []},
                           {"id": c, "date": "2019-05-07", "nsfw": True}]
    lines = result.stdout.splitlines()
    assert f"{a}\tconfirmed (keywords, title)" in lines and f"{b}\tunchanged" in lines
    assert emulator.stored(c)["date"] == "2019-05-07"


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(emulator: Emulator, tmp_path: Path) -> None:
    (a,) = first_ids(emulator, 1)
    path = jsonl(tmp_path, {"id": a, "city": "Madrid"})
    emulator.clear_requests()
    result = submit(emulator, path, "--dry-run", "--json", "--urgent", "--lang", "es")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["items"] == [{"id": a, "city": "Madrid"}] and shown["query"]["urgent"] == "true"
    assert not patches(emulator) and emulator.stored(a).get("city") != "Madrid"


def test_json_summary_and_exit_1_when_an_outcome_is_unknown(emulator: Emulator, tmp_path: Path) -> None:
    (a,) = first_ids(emulator, 1)
    emulator.set_faults("op-404")
    result = submit(emulator, jsonl(tmp_path, {"id": a, "event": "Expo"}), "--json")
    assert result.returncode == 1
    (row,) = json.loads(result.stdout)["images"]
    assert row["result"] == "pending" and "does not know operation" in row["message"]


def test_wait_and_strict_with_a_missing_image(emulator: Emulator, tmp_path: Path) -> None:
    (a,) = first_ids(emulator, 1)
    emulator.clear_requests()
    result = submit(emulator, jsonl(tmp_path, {"id": a, "shot": "Wide"}, {"id": "NOPE", "shot": "x"}),
                    "--wait", "--strict", "--json")
    assert result.returncode == 1
    rows = {r["id"]: r for r in json.loads(result.stdout)["images"]}
    assert rows[a]["result"] == "confirmed" and rows["NOPE"]["result"] == "not found"
    assert [r["query"]["wait"] for r in patches(emulator)] == ["true"]


def test_bad_input_names_the_line_and_sends_nothing(emulator: Emulator, tmp_path: Path) -> None:
    a, b = first_ids(emulator, 2)
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": a, "title": "ok"}) + "\n" + json.dumps({"id": b, "width": 3}) + "\n")
    emulator.clear_requests()
    result = submit(emulator, path)
    assert result.returncode == 2 and "line 2" in result.stderr and "width" in result.stderr
    path.write_text('{"id": "x", "date": "2020-02-31"}\nnot json\n')
    result = submit(emulator, path)
    assert result.returncode == 2 and "line 1" in result.stderr and "calendar" in result.stderr
    path.write_text(json.dumps({"id": a}) + "\n" + json.dumps({"id": a, "city": "x"}) + "\n")
    result = submit(emulator, path)
    assert result.returncode == 2 and "line 2" in result.stderr and "twice" in result.stderr
    assert not patches(emulator)


def test_unsafe_address_missing_key_and_refused_key_exit_2(emulator: Emulator, tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": "A1", "title": "x"})
    unsafe = submit(emulator, path, url="http://wesog.example.com")
    assert unsafe.returncode == 2 and "unencrypted" in unsafe.stderr
    no_key = submit(None, path, url=emulator.url)
    assert no_key.returncode == 2 and "WESOG_API_KEY" in no_key.stderr
    refused = submit(emulator, path, key="wrong-key")
    assert refused.returncode == 2 and "refused the API key" in refused.stderr
    assert "wrong-key" not in refused.stderr + refused.stdout


def test_a_csv_goes_through_the_table_import(emulator: Emulator, tmp_path: Path) -> None:
    a, b = first_ids(emulator, 2)
    path = tmp_path / "changes.csv"
    path.write_text(f"image_id,city,keywords\n{a},Oslo,fjord; winter\n{b},,\n", encoding="utf-8")
    emulator.clear_requests()
    result = submit(emulator, path)
    assert result.returncode == 0, result.stderr
    (req,) = patches(emulator)
    assert req["body"] == [{"id": a, "city": "Oslo", "keywords": ["fjord", "winter"]}]
    assert f"{b}\tunchanged" in result.stdout.splitlines()
