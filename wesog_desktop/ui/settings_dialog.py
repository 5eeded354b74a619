"""Settings: the Wesog connections (address, key, write defaults) and the editing preferences.

The dialog works on copies; ``accept`` stores the keys that changed (keyring or memory) and
``result_settings()`` gives the settings to save. A key is never shown: the field is masked and
empty, and typing in it replaces the stored key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.config.keys import KeyStore
from wesog_desktop.config.settings import Connection, Settings

LANGS = (("en", "English"), ("es", "Español"), ("pt", "Português"), ("fr", "Français"), ("ru", "Русский"))
CLEAR_CHOICES = (("null", "null (Wesog's default)"), ("empty", 'an empty text ""'))


@dataclass
class _Entry:
    """One connection being edited, and what became of its key."""

    values: dict[str, Any]
    original_url: str | None = None
    original_name: str | None = None
    key: str = ""
    remember: bool = False
    key_touched: bool = False


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, keys: KeyStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self._keys = keys
        self._removed: list[str] = []
        self._entries = [_Entry(c.model_dump(), c.base_url, c.name, remember=keys.secure_backend)
                         for c in settings.connections]
        self._current = -1

        self.list = QListWidget()
        self.list.addItems([e.values["name"] for e in self._entries])
        self.list.currentRowChanged.connect(self._select)
        add, remove = QPushButton("Add"), QPushButton("Remove")
        add.clicked.connect(self.add_connection)
        remove.clicked.connect(self.remove_connection)
        self.remove_button = remove
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addLayout(buttons)

        self.name, self.url, self.key = QLineEdit(), QLineEdit(), QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.remember = QCheckBox("Remember the key in the system keyring")
        self.remember.setEnabled(keys.secure_backend)
        self.keyring_note = QLabel(keys.status_message)
        self.keyring_note.setWordWrap(True)
        self.lang = QComboBox()
        for code, label in LANGS:
            self.lang.addItem(label, code)
        self.wait = QCheckBox("Wait for each operation to finish (small jobs)")
        self.urgent = QCheckBox("Urgent: put operations at the head of Wesog's queue")
        self.strict = QCheckBox("Strict: fail images that do not exist")
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 1000)
        self.batch_size.setSuffix(" images per request")
        conn_form = QFormLayout()
        for label, widget in (("Name", self.name), ("Address", self.url), ("", self.problem),
                              ("API key", self.key), ("", self.remember), ("", self.keyring_note),
                              ("Language", self.lang), ("", self.wait), ("", self.urgent),
                              ("", self.strict), ("Batch size", self.batch_size)):
            conn_form.addRow(label, widget)
        self.editor = QWidget()
        self.editor.setLayout(conn_form)
        connections = QGroupBox("Connections")
        row = QHBoxLayout(connections)
        row.addLayout(left, 1)
        row.addWidget(self.editor, 3)

        self.check_conflicts = QCheckBox("Check for changes made by others before submitting")
        self.check_conflicts.setChecked(settings.check_conflicts)
        self.clear_with = QComboBox()
        for code, label in CLEAR_CHOICES:
            self.clear_with.addItem(label, code)
        self.clear_with.setCurrentIndex(self.clear_with.findData(settings.clear_text_with))
        general = QGroupBox("Editing")
        general_form = QFormLayout(general)
        general_form.addRow("", self.check_conflicts)
        general_form.addRow("Clear text fields with", self.clear_with)

        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(connections, 1)
        layout.addWidget(general)
        layout.addWidget(self.box)

        for edit in (self.name, self.url):
            edit.textChanged.connect(self._store)
        self.key.textEdited.connect(self._key_edited)
        self.remember.toggled.connect(self._remember_toggled)
        for box in (self.wait, self.urgent, self.strict):
            box.toggled.connect(self._store)
        self.lang.currentIndexChanged.connect(self._store)
        self.batch_size.valueChanged.connect(self._store)
        active = next((i for i, e in enumerate(self._entries)
                       if e.values["name"] == settings.active_connection), 0)
        self.list.setCurrentRow(active if self._entries else -1)
        self._refresh()

    # -- connections --------------------------------------------------------------------------
    def add_connection(self) -> None:
        names = {e.values["name"] for e in self._entries}
        n = 1
        while (name := "Wesog" if n == 1 else f"Wesog {n}") in names:
            n += 1
        values = Connection(name=name, base_url="https://api.wesog.com").model_dump()
        self._entries.append(_Entry(values, remember=self._keys.secure_backend))
        self.list.addItem(name)
        self.list.setCurrentRow(len(self._entries) - 1)
        self.name.setFocus()

    def remove_connection(self) -> None:
        row = self._current
        if row < 0:
            return
        entry = self._entries.pop(row)
        if entry.original_url:
            self._removed.append(entry.original_url)
        self.list.blockSignals(True)
        self.list.takeItem(row)
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self._entries) - 1))
        self._select(self.list.currentRow())

    def _select(self, row: int) -> None:
        self._current = row
        self.editor.setEnabled(row >= 0)
        if row < 0:
            return
        entry = self._entries[row]
        v = entry.values
        widgets = (self.name, self.url, self.key, self.remember, self.lang, self.wait, self.urgent,
                   self.strict, self.batch_size)
        for w in widgets:
            w.blockSignals(True)
        self.name.setText(v["name"])
        self.url.setText(v["base_url"])
        self.key.setText(entry.key)
        stored = entry.original_url is not None and self._keys.get(entry.original_url) is not None
        self.key.setPlaceholderText("a key is set: type to replace it" if stored else "no key yet")
        self.remember.setChecked(entry.remember and self._keys.secure_backend)
        self.lang.setCurrentIndex(self.lang.findData(v["lang"]))
        for box, name in ((self.wait, "wait"), (self.urgent, "urgent"), (self.strict, "strict")):
            box.setChecked(v[name])
        self.batch_size.setValue(v["batch_size"])
        for w in widgets:
            w.blockSignals(False)
        self._refresh()

    def _store(self) -> None:
        if self._current < 0:
            return
        self._entries[self._current].values.update(
            name=self.name.text(), base_url=self.url.text(), lang=self.lang.currentData(),
            wait=self.wait.isChecked(), urgent=self.urgent.isChecked(), strict=self.strict.isChecked(),
            batch_size=self.batch_size.value())
        self.list.item(self._current).setText(self.name.text())
        self._refresh()

    def _key_edited(self, text: str) -> None:
        entry = self._entries[self._current]
        entry.key, entry.key_touched = text.strip(), True

    def _remember_toggled(self, on: bool) -> None:
        entry = self._entries[self._current]
        entry.remember, entry.key_touched = on, True

    # -- checking and results -----------------------------------------------------------------
    def problems(self) -> dict[int, str]:
        """{connection row: what is wrong with it}; OK is possible only when this is empty."""
        found: dict[int, str] = {}
        seen: set[str] = set()
        for row, entry in enumerate(self._entries):
            try:
                name = Connection.model_validate(entry.values).name
            except ValidationError as exc:
                found[row] = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
                continue
            if name in seen:
                found[row] = "another connection has this name"
            seen.add(name)
        return found

    def _refresh(self) -> None:
        problems = self.problems()
        problem = problems.get(self._current, "")
        self.problem.setText(problem[:1].upper() + problem[1:])
        self.box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        self.remove_button.setEnabled(self._current >= 0)
        self.editor.setEnabled(self._current >= 0)

    def result_settings(self) -> Settings:
        """The settings as the dialog shows them (save them with ``save_settings``)."""
        connections = [Connection.model_validate(e.values) for e in self._entries]
        names = [c.name for c in connections]
        active = self._settings.active_connection
        renamed = {e.original_name: c.name for e, c in zip(self._entries, connections, strict=True)
                   if e.original_name}
        active = renamed.get(active, active)
        if active not in names:
            active = names[0] if names else None
        return Settings.model_validate({
            **self._settings.model_dump(), "connections": [c.model_dump() for c in connections],
            "active_connection": active, "check_conflicts": self.check_conflicts.isChecked(),
            "clear_text_with": self.clear_with.currentData()})

    def accept(self) -> None:
        if self.problems():
            return
        for url in self._removed:
            self._keys.forget(url)
        for entry in self._entries:
            url = Connection.model_validate(entry.values).base_url
            moved = entry.original_url is not None and entry.original_url != url
            if not (entry.key_touched or moved):
                continue
            key = entry.key or (self._keys.get(entry.original_url) if entry.original_url else None)
            if key:
                self._keys.set(url, key, entry.remember and self._keys.secure_backend)
            if moved and entry.original_url:
                self._keys.forget(entry.original_url)
        super().accept()
