"""The packaged app's own checks, run as a user (or the installer's CI) runs them: a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


def _run(args: list[str], home: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(WESOG_DESKTOP_HOME=str(home), **extra_env)
    return subprocess.run([sys.executable, "-m", "wesog_desktop", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_selftest_passes_without_a_display_and_leaves_the_profile_alone(tmp_path: Path) -> None:
    done = _run(["--selftest"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "selftest ok"
    steps = [line.split()[1] for line in lines[:-1]]
    assert steps == ["emulator", "window", "load", "thumbnails", "edit", "submit", "follow", "confirm", "server"]
    assert "selftest: window ok (offscreen, SVG icon)" in lines
    assert list(tmp_path.iterdir()) == []  # settings, journal and caches went to a temporary folder


def test_exit_when_shown_reports_the_cold_start(tmp_path: Path) -> None:
    done = _run(["--demo", "--exit-when-shown"], tmp_path, QT_QPA_PLATFORM="offscreen")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^shown after \d+\.\d{3} s$", done.stdout, re.MULTILINE), done.stdout
