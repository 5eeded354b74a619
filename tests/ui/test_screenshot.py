"""``--demo --screenshot`` starts the whole app, loads the sample and writes a picture of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_demo_screenshot_writes_a_png_of_the_loaded_window(tmp_path: Path) -> None:
    target = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WESOG_DESKTOP_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-m", "wesog_desktop", "--demo", "--screenshot", str(target)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    image = QImage(str(target))
    assert not image.isNull()
    assert image.width() > 600 and image.height() > 400


def test_without_an_address_the_editor_says_how_to_give_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WESOG_API")}
    env.update(QT_QPA_PLATFORM="offscreen", WESOG_DESKTOP_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "wesog_desktop", "--screenshot", str(tmp_path / "x.png")],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "WESOG_API_URL" in result.stderr and "--demo" in result.stderr


def test_an_address_that_would_leak_the_key_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WESOG_DESKTOP_HOME": str(tmp_path),
           "WESOG_API_URL": "http://wesog.example.com", "WESOG_API_KEY": "secret"}
    result = subprocess.run([sys.executable, "-m", "wesog_desktop", "--screenshot", str(tmp_path / "x.png")],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "WESOG_API_URL is refused" in result.stderr and "https://" in result.stderr
    assert "secret" not in result.stderr
