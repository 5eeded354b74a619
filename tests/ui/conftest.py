"""The editor window against the emulator over loopback, on one qasync loop per test.

RECIPES.md pattern B: the loop counts as running whenever Qt processes events, so downloads
started by the window (thumbnails) progress during any qtbot wait, exactly as in the app.
Coroutines are driven by ``run`` (a qtbot wait on their task), never by loop.stop() (trap 3).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from tests.conftest import Emulator
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.ui.main_window import MainWindow

T = TypeVar("T")
TIMEOUT_S = 30.0


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.events._set_running_loop(None)
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]  # not loop.stop(): trap 3
    loop._after_run_forever()
    loop.close()
    asyncio.set_event_loop(None)


class Driver:
    """Runs coroutines on the test's loop and opens windows on the emulator."""

    def __init__(self, loop: qasync.QEventLoop, qtbot: Any, emulator: Emulator) -> None:
        self.loop, self.qtbot, self.emulator = loop, qtbot, emulator
        self.windows: list[MainWindow] = []
        self.sessions: list[Session] = []

    def session(self) -> Session:
        """A session on the emulator, closed at the end of the test."""
        session = Session(self.emulator.url, self.emulator.api_key, messages=MessageBridge(dialogs_allowed=False))
        self.sessions.append(session)
        return session

    def run(self, awaitable: Awaitable[T], timeout: float = TIMEOUT_S) -> T:
        """Run ``awaitable`` to its end while Qt (and so asyncio) processes events."""
        task = asyncio.ensure_future(awaitable)
        self.qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
        return task.result()

    def until(self, condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> None:
        self.qtbot.waitUntil(condition, timeout=int(timeout * 1000))

    def settle(self) -> None:
        """Wait until no thumbnail of the first rows is loading (cancelling one mid-connect warns)."""
        def idle() -> bool:
            for window in self.windows:
                service, model = window.session.thumbnails, window.model
                if not window.session.closed and any(
                        service.state(model.id_at(r)) == "loading" for r in range(min(model.rowCount(), 400))):
                    return False
            return True
        self.until(idle)
        self.qtbot.wait(50)

    def window(self, load: bool = True, search: str = "") -> MainWindow:
        window = MainWindow(self.session())
        self.windows.append(window)  # not qtbot.addWidget: its teardown would close it with no loop running
        window.show()
        self.qtbot.waitExposed(window)
        if load:
            task = window.load(search)
            assert task is not None
            self.run(task)
        return window

    def close_all(self) -> None:
        self.settle()
        for window in self.windows:
            self.run(window.aclose())
            window.close()
            window.deleteLater()
        for session in self.sessions:
            self.run(session.aclose())


@pytest.fixture
def driver(qloop: qasync.QEventLoop, qtbot: Any, emulator: Emulator) -> Iterator[Driver]:
    d = Driver(qloop, qtbot, emulator)
    yield d
    d.close_all()


@pytest.fixture
def tate_driver(qloop: qasync.QEventLoop, qtbot: Any, tate_emulator: Emulator) -> Iterator[Driver]:
    """Like ``driver``, on the emulator with all 69,202 Tate records."""
    d = Driver(qloop, qtbot, tate_emulator)
    yield d
    d.close_all()


@pytest.fixture
def window(driver: Driver) -> MainWindow:
    """A window with the emulator's 300 images loaded."""
    return driver.window()
