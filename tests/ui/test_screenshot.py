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
