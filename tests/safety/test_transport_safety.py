"""An http:// address that is not this machine is refused before anything is sent: by the app
at start-up and by ``wesog-desktop submit`` (exit 2), each with the reason."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import API_KEY, TATE_CATALOG, Emulator, start_emulator, stop_emulator

UNROUTABLE = "192.0.2.1"  # TEST-NET-1: used when this machine has no address but loopback


def own_address() -> str:
    """An address of this machine that is not loopback (where the emulator listens too)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.254", 9))  # UDP: no packet is sent, the kernel only picks a route
        address = s.getsockname()[0]
        if not ipaddress.ip_address(address).is_loopback:
            return address
    return UNROUTABLE


@pytest.fixture
def listening_everywhere() -> Iterator[tuple[Emulator, str]]:
    """An emulator on every interface and its plain-http address through a non-loopback one."""
    emu = start_emulator("--catalog", str(TATE_CATALOG), "--sample", "5", "--host", "0.0.0.0")
    port = urlsplit(emu.url).port
    emu.url = f"http://127.0.0.1:{port}"  # the admin client stays on loopback
    yield emu, f"http://{own_address()}:{port}"
    stop_emulator(emu)


def run(args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("WESOG_API")}
    environ.update(QT_QPA_PLATFORM="offscreen", WESOG_DESKTOP_HOME=str(home), WESOG_API_KEY=API_KEY, **env)
    return subprocess.run([sys.executable, "-m", "wesog_desktop", *args], env=environ, capture_output=True,
                          text=True, timeout=120)


def test_the_app_refuses_a_plain_http_address_elsewhere(listening_everywhere: tuple[Emulator, str],
                                                        tmp_path: Path) -> None:
    emu, address = listening_everywhere
    done = run(["--screenshot", str(tmp_path / "x.png")], tmp_path / "home", WESOG_API_URL=address)
    assert done.returncode == 2
    host = urlsplit(address).hostname
    assert f"WESOG_API_URL is refused: http:// would send the API key unencrypted to {host}; use https://." \
        in done.stderr
    assert "Traceback" not in done.stderr and API_KEY not in done.stderr
    assert emu.requests() == [] and not (tmp_path / "x.png").exists()


def test_submit_refuses_a_plain_http_address_elsewhere(listening_everywhere: tuple[Emulator, str],
                                                       tmp_path: Path) -> None:
    emu, address = listening_everywhere
    changes = tmp_path / "changes.jsonl"
    changes.write_text('{"id": "A00001", "title": "Sent in clear?"}\n', encoding="utf-8")
    for extra in ([], ["--dry-run"]):
        done = run(["submit", str(changes), "--api-url", address, *extra], tmp_path / "home")
        assert done.returncode == 2, done.stderr
        assert f"error: refusing {address}: http:// would send the API key unencrypted" in done.stderr
        assert done.stdout == ""
    assert emu.requests() == []


def test_submit_over_loopback_http_goes_through(listening_everywhere: tuple[Emulator, str], tmp_path: Path) -> None:
    emu, _address = listening_everywhere
    changes = tmp_path / "changes.jsonl"
    changes.write_text('{"id": "A00001", "title": "Sent to this machine"}\n', encoding="utf-8")
    done = run(["submit", str(changes), "--api-url", emu.url], tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert emu.stored("A00001")["title"] == "Sent to this machine"
