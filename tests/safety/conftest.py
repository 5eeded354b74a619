"""Windows with a journal on the emulator, and a way to answer the dialogs they open.

Builds on the UI tests' pattern B loop (``tests.ui.conftest``): the loop counts as running
whenever Qt processes events, so a dialog's nested loop and qtbot waits drive the app's tasks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QDialog, QMessageBox

from tests.conftest import Emulator
from tests.ui.conftest import Driver, qloop  # noqa: F401  (the loop fixture, re-exported)
from wesog_desktop.services.journal import Journal
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.ui.main_window import MainWindow
from wesog_desktop.ui.restore_dialog import RestoreDialog


class SafetyDriver(Driver):
    """Opens journaled windows with dialogs on, and answers their dialogs."""

    def __init__(self, loop: qasync.QEventLoop, qtbot: Any, emulator: Emulator) -> None:
        super().__init__(loop, qtbot, emulator)
        self.journals: list[Journal] = []
        self.dialogs: list[QDialog] = []
        self.texts: list[str] = []
        """What each dialog said, read while it was open."""
        self.answers: list[Callable[[QDialog], Any]] = []
        """Each dialog shown takes the first answer: a function that clicks or fills it."""

    def journal(self) -> Journal:
        journal = Journal()
        self.journals.append(journal)
        return journal

    def journaled_session(self, journal: Journal) -> Session:
        session = Session(self.emulator.url, self.emulator.api_key, messages=MessageBridge(dialogs_allowed=True),
                          journal=journal)
        self.sessions.append(session)
        return session

    def journaled_window(self, journal: Journal, load: bool = True) -> MainWindow:
        window = MainWindow(self.journaled_session(journal))
        window.safety_actions.dialog_shown.connect(self._answer)
        window.submit_actions.dialog_shown.connect(self._answer)
        self.windows.append(window)
        window.show()
        self.qtbot.waitExposed(window)
        if load:
            task = window.load("")
            assert task is not None
            self.run(task)
        return window

    def _answer(self, dialog: QDialog) -> None:
        self.dialogs.append(dialog)
        self.texts.append(describe(dialog))
        assert self.answers, f"no answer prepared for {type(dialog).__name__}"
        answer = self.answers.pop(0)
        QTimer.singleShot(0, lambda: answer(dialog))

    def close_window(self, window: MainWindow) -> bool:
        """Close as the user does (the guards run); True when the window really closed."""
        window.close()
        if window._closing:
            self.until(lambda: window._close_task.done())
            self.windows.remove(window)
            window.deleteLater()
            return True
        return False

    def close_all(self) -> None:
        for window in self.windows:  # automation: no quit dialog at teardown
            window.session.messages.dialogs_allowed = False
        super().close_all()
        for journal in self.journals:
            journal.close()


def describe(dialog: QDialog) -> str:
    """The text a dialog shows: a message box's text, the restore dialog's summary and operations."""
    if isinstance(dialog, QMessageBox):
        return dialog.text()
    if isinstance(dialog, RestoreDialog):
        ops = dialog.operations
        return "\n".join([dialog.summary.text(), *(ops.item(i).text() for i in range(ops.count()))])
    return dialog.windowTitle()


def click(button: Callable[[QDialog], QAbstractButton]) -> Callable[[QDialog], None]:
    """An answer that clicks the button ``button(dialog)`` names."""
    return lambda dialog: button(dialog).click()


@pytest.fixture
def safety(qloop: qasync.QEventLoop, qtbot: Any, emulator: Emulator) -> Iterator[SafetyDriver]:  # noqa: F811
    d = SafetyDriver(qloop, qtbot, emulator)
    yield d
    d.close_all()
