"""Make the README screenshot: the demo catalog with a submitted batch and pending edits.

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/make_screenshot.py docs/screenshot.png

One batch is submitted and followed in the Operations dock, then a few more edits stay pending,
as during a real session.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile

import qasync
from PySide6.QtCore import Qt

from wesog_desktop.emulator.server import EmulatorServer
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.startup import make_application
from wesog_desktop.ui.main_window import MainWindow


async def stage(window: MainWindow, path: str) -> None:
    window.resize(1400, 900)
    window.show()
    await window.load("")
    model, role = window.model, Qt.ItemDataRole
    for name in ("headline", "alt_text", "categories", "collections", "date"):
        window.table.show_column(model.column_of(name), False)  # as an editor would, to see city
    edit = lambda row, name, text: model.setData(model.index(row, model.column_of(name)), text, role.EditRole)  # noqa: E731
    edit(0, "city", "London")
    edit(1, "city", "London")
    edit(2, "author", "Sir Edwin Henry Landseer")
    await window.submit_actions.submit()  # dialogs are off: the review is skipped, the dock shows
    edit(3, "title", "High Life (Landseer, 1829)")
    edit(3, "city", "London")
    edit(5, "country", "Italy")
    edit(6, "keywords", "portrait; Emma Hamilton; allegory")
    edit(8, "caption", "The Derby Day at Epsom, painted 1856–8")
    window.select_image(model.id_at(3))
    await asyncio.sleep(2.5)  # thumbnails arrive
    window.grab().save(path)
    await window.aclose()


def main(path: str) -> int:
    os.environ["WESOG_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="wesog-shot-")
    emulator = EmulatorServer(generated_thumbnails=True, delay_ms=30)
    url = emulator.start()
    try:
        app = make_application()
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        session = Session(url, "", messages=MessageBridge(dialogs_allowed=False), label="Demo (Tate sample)")
        window = MainWindow(session)
        with loop:
            loop.run_until_complete(stage(window, path))
        return 0
    finally:
        emulator.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
