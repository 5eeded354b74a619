"""The first start: connect to a Wesog server, or try the demo on the local emulator."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.config.keys import KeyStore
from wesog_desktop.config.settings import Connection, Settings
from wesog_desktop.domain.urls import check_api_url

DEFAULT_URL = "https://api.wesog.com"


class FirstRunChoice(enum.Enum):
    CONNECT = "connect"
    DEMO = "demo"
    CANCEL = "cancel"


@dataclass(frozen=True, slots=True)
class FirstRunResult:
    choice: FirstRunChoice
    connection: Connection | None = None
    api_key: str = ""
    remember: bool = False

    def apply(self, settings: Settings, keys: KeyStore) -> bool:
        """Add the connection (made active) and keep its key; True when it changed ``settings``."""
        if self.choice is not FirstRunChoice.CONNECT or self.connection is None:
            return False
        others = [c for c in settings.connections if c.name != self.connection.name]
        settings.connections = [*others, self.connection]
        settings.active_connection = self.connection.name
        if self.api_key:
            keys.set(self.connection.base_url, self.api_key, self.remember)
        return True


class FirstRunDialog(QDialog):
    """Name, address and key of the user's Wesog; or the demo."""

    def __init__(self, keys: KeyStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Wesog Desktop")
        self.result_value = FirstRunResult(FirstRunChoice.CANCEL)
        intro = QLabel("Connect to your Wesog to edit the metadata of your images, or try the demo "
                       "with a local sample catalog.")
        intro.setWordWrap(True)
        self.name = QLineEdit("Wesog")
        self.url = QLineEdit(DEFAULT_URL)
        self.url_problem = QLabel()
        self.url_problem.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText("the API key Wesog gave you")
        self.remember = QCheckBox("Remember the key in the system keyring")
        self.remember.setChecked(keys.secure_backend)
        self.remember.setEnabled(keys.secure_backend)
        self.remember.setToolTip(keys.status_message)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Address", self.url)
        form.addRow("", self.url_problem)
        form.addRow("API key", self.key)
        form.addRow("", self.remember)
        if not keys.secure_backend:
            note = QLabel(keys.status_message)
            note.setWordWrap(True)
            form.addRow("", note)
        box = QDialogButtonBox()
        self.connect_button = box.addButton("Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo_button = box.addButton("Try the demo", QDialogButtonBox.ButtonRole.ActionRole)
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self._connect)
        self.demo_button.clicked.connect(self._demo)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(box)
        for edit in (self.name, self.url, self.key):
            edit.textChanged.connect(self._check)
        self._check()

    def problem(self) -> str | None:
        """Why Connect is not possible yet, or None."""
        if not self.name.text().strip():
            return "Give the connection a name."
        reason = check_api_url(self.url.text())
        if reason:
            return reason[0].upper() + reason[1:] + "."
        return None

    def _check(self) -> None:
        problem = self.problem()
        self.url_problem.setText(problem or "")
        self.connect_button.setEnabled(problem is None)

    def _connect(self) -> None:
        if self.problem() is not None:
            return
        connection = Connection(name=self.name.text(), base_url=self.url.text())
        self.result_value = FirstRunResult(FirstRunChoice.CONNECT, connection, self.key.text().strip(),
                                           self.remember.isChecked())
        self.accept()

    def _demo(self) -> None:
        self.result_value = FirstRunResult(FirstRunChoice.DEMO)
        self.accept()


def ask_first_run(keys: KeyStore, parent: QWidget | None = None) -> FirstRunResult:
    dialog = FirstRunDialog(keys, parent)
    dialog.exec()
    return dialog.result_value
