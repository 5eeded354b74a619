"""Shared test set-up: offscreen Qt, an isolated user profile, and the emulator over loopback."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports PySide6
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("WESOG_API_KEY", None)

import gc
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

DATA = Path(__file__).parent / "data"
TATE_CATALOG = DATA / "catalog.jsonl.gz"
TATE_CSV = DATA / "artwork_data.csv.gz"
API_KEY = "test-key-0123456789"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own settings, journal, caches and logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WESOG_DESKTOP_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """RECIPES.md trap 5: collect QObjects on the GUI thread, never on a worker thread.

    Only tests that touched Qt (their fixture closure holds qapp) can leave QObjects behind.
    """
    yield
    if "qapp" in request.fixturenames or "qtbot" in request.fixturenames:
        gc.collect()


@dataclass
class Emulator:
    """A running emulator subprocess: its base URL, key, and an admin client for assertions."""

    url: str
    api_key: str
    process: subprocess.Popen[str]
    _client: httpx.Client | None = None

    def admin(self) -> httpx.Client:
        """One plain-HTTP client per emulator (building one per call costs a TLS context)."""
        if self._client is None:
            self._client = _KeptOpen(base_url=self.url, timeout=10, trust_env=False)
        return self._client

    def requests(self) -> list[dict]:
        """The requests the emulator received (method, path, query, body), oldest first."""
        with self.admin() as c:
            return c.get("/_emulator/requests").json()

    def clear_requests(self) -> None:
        with self.admin() as c:
            c.delete("/_emulator/requests").raise_for_status()

    def set_faults(self, *specs: str) -> None:
        with self.admin() as c:
            c.post("/_emulator/faults", json={"faults": list(specs)}).raise_for_status()

    def configure(self, **options: object) -> None:
        with self.admin() as c:
            c.post("/_emulator/config", json=options).raise_for_status()

    def stored(self, image_id: str) -> dict:
        """The record as the emulator stores it now (read-only fields included)."""
        with self.admin() as c:
            r = c.get(f"/_emulator/images/{image_id}")  # neither logged nor faulted
            r.raise_for_status()
            return r.json()


class _KeptOpen(httpx.Client):
    """An httpx client that a ``with`` block does not close (the emulator closes it at stop)."""

    def __enter__(self) -> _KeptOpen:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def start_emulator(*extra: str) -> Emulator:
    cmd = [sys.executable, "-m", "wesog_desktop", "emulator", "--port", "0", "--api-key", API_KEY, *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("WESOG_EMULATOR_READY "):
            return Emulator(line.split()[1].strip(), API_KEY, proc)
    proc.kill()
    raise RuntimeError(f"the emulator did not start: {' '.join(cmd)}")


def stop_emulator(emu: Emulator) -> None:
    if emu._client is not None:
        httpx.Client.close(emu._client)
    emu.process.terminate()
    try:
        emu.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        emu.process.kill()
        emu.process.wait()
    if emu.process.stdout:
        emu.process.stdout.close()


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """The emulator with the first 300 Tate records, generated thumbnails and no delay."""
    emu = start_emulator("--catalog", str(TATE_CATALOG), "--sample", "300", "--generated-thumbnails",
                         "--delay-ms", "0")
    yield emu
    stop_emulator(emu)


@pytest.fixture(scope="session")
def tate_emulator() -> Iterator[Emulator]:
    """One emulator with all 69,202 Tate records, shared by the tests that only read."""
    emu = start_emulator("--catalog", str(TATE_CATALOG), "--delay-ms", "0")
    yield emu
    stop_emulator(emu)
