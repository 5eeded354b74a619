"""Running the emulator: the command line (READY line, signals, defaults) and the in-process server."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import httpx
import pytest

from wesog_desktop.emulator.server import EmulatorServer

from .helpers import write_params


def launch(*args: str) -> tuple[subprocess.Popen[str], str]:
    """``wesog-desktop emulator`` on a free port: the process and its READY line."""
    proc = subprocess.Popen([sys.executable, "-m", "wesog_desktop", "emulator", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, proc.stdout.readline()


def client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=10, trust_env=False, verify=False)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_the_sample_catalog_without_a_key_until_a_signal(sig: signal.Signals) -> None:
    proc, line = launch()
    try:
        m = re.fullmatch(r"WESOG_EMULATOR_READY (http://127\.0\.0\.1:\d+)\n", line)
        assert m, line
        with client(m.group(1)) as c:
            body = c.get("/imgs", params={"limit": 1}).json()  # no --api-key: no key needed
            assert body["count"] == 400
            assert body["results"][0]["url_img_thumbnail"].startswith("http://www.tate.org.uk/")
    finally:
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and out == "", err


def test_a_missing_catalog_is_reported() -> None:
    proc, line = launch("--catalog", "/nonexistent/catalog.jsonl")
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 1 and line == "" and "/nonexistent/catalog.jsonl" in err


def test_the_in_process_server_for_the_demo() -> None:
    server = EmulatorServer(sample=10, faults=("http-503:times=1",))
    url = server.start()
    try:
        with client(url) as c:
            assert c.get("/imgs").status_code == 503
            body = c.get("/imgs").json()
            assert body["count"] == 10
            assert body["results"][0]["url_img_thumbnail"].startswith(f"{url}/thumbs/")
            assert c.get("/_emulator/config").json()["delay_ms"] == 20.0  # the default, observable
            op = c.patch("/imgs", params=write_params(wait="true"), json=[
                {"id": body["results"][0]["image_id"], "title": "Demo"}]).json()
            assert op["all_good"] is True and op["exec_ms"] >= 20
    finally:
        server.stop()
    with client(url) as c, pytest.raises(httpx.ConnectError):
        c.get("/imgs")
