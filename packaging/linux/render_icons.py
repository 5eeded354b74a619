"""Render the app's SVG icon to the PNG sizes of the hicolor theme (48, 128, 256)."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402


def main(svg: str, out_dir: str) -> int:
    app = QGuiApplication([])
    renderer = QSvgRenderer(svg)
    if not renderer.isValid():
        print(f"{svg}: not a valid SVG", file=sys.stderr)
        return 1
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for size in (48, 128, 256):
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(Path(out_dir) / f"{size}.png"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
