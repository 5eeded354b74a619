"""The code holds its own rules: ruff, mypy on domain/ and api/, and the layers of STYLE.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    r = _run(str(BIN / "ruff"), "check", "wesog_desktop", "tests")
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_passes_on_domain_and_api() -> None:
    r = _run(sys.executable, "-m", "mypy")
    assert r.returncode == 0, r.stdout + r.stderr


def test_layers_hold() -> None:
    r = _run(str(BIN / "lint-imports"), "--no-cache")
    assert r.returncode == 0, r.stdout + r.stderr
