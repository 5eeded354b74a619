"""The settings, first-run and restore dialogs, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from tests.config.fake_keyring import MemoryKeyring
from wesog_desktop.config.keys import SERVICE, KeyStore
from wesog_desktop.config.settings import Connection, Settings
from wesog_desktop.services.journal_restore import InFlightBatch, PendingState
from wesog_desktop.ui.first_run_dialog import FirstRunChoice, FirstRunDialog
from wesog_desktop.ui.restore_dialog import RestoreChoice, RestoreDialog
from wesog_desktop.ui.settings_dialog import SettingsDialog

PROD = "https://api.wesog.com"


def two_connections() -> Settings:
    return Settings(connections=[Connection(name="Prod", base_url=PROD, lang="fr", batch_size=50),
                                 Connection(name="Local", base_url="http://127.0.0.1:8765")],
                    active_connection="Prod")


def ok_enabled(dialog: SettingsDialog) -> bool:
    return dialog.box.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_settings_dialog_shows_and_edits_a_connection(qtbot: QtBot, use_keyring) -> None:
    backend = use_keyring(MemoryKeyring())
    dialog = SettingsDialog(two_connections(), KeyStore())
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2 and dialog.name.text() == "Prod"
    assert dialog.lang.currentData() == "fr" and dialog.batch_size.value() == 50
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password and dialog.key.text() == ""
    assert dialog.remember.isEnabled() and dialog.remember.isChecked()
    dialog.name.setText("Production")
    qtbot.keyClicks(dialog.key, "wk-new-key-123456")
    dialog.urgent.setChecked(True)
    assert dialog.list.item(0).text() == "Production"
    qtbot.mouseClick(dialog.box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    result = dialog.result_settings()
    assert result.active_connection == "Production"
    assert result.connection() == Connection(name="Production", base_url=PROD, lang="fr", urgent=True,
                                             batch_size=50)
    assert backend.store == {(SERVICE, PROD): "wk-new-key-123456"}


def test_a_url_that_would_leak_the_key_blocks_ok_with_the_reason(qtbot: QtBot) -> None:
    dialog = SettingsDialog(two_connections(), KeyStore())
    qtbot.addWidget(dialog)
    dialog.url.setText("http://wesog.example.com")
    assert not ok_enabled(dialog)
    assert "unencrypted" in dialog.problem.text()
    dialog.url.setText("https://wesog.example.com")
    assert ok_enabled(dialog) and dialog.problem.text() == ""


def test_duplicate_names_are_refused(qtbot: QtBot) -> None:
    dialog = SettingsDialog(two_connections(), KeyStore())
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)
    dialog.name.setText("Prod")
    assert not ok_enabled(dialog) and dialog.problem.text() == "Another connection has this name"


def test_add_and_remove_connections_and_general_options(qtbot: QtBot, use_keyring) -> None:
    backend = use_keyring(MemoryKeyring())
    KeyStore().set(PROD, "old-prod-key-000", remember=True)
    dialog = SettingsDialog(two_connections(), KeyStore())
    qtbot.addWidget(dialog)
    dialog.remove_connection()  # Prod, the selected one
    dialog.add_connection()
    assert dialog.name.text() == "Wesog" and dialog.list.count() == 2
    dialog.url.setText("https://eu.wesog.com")
    dialog.check_conflicts.setChecked(False)
    dialog.clear_with.setCurrentIndex(dialog.clear_with.findData("empty"))
    dialog.accept()
    result = dialog.result_settings()
    assert [c.name for c in result.connections] == ["Local", "Wesog"]
    assert result.active_connection == "Local"
    assert not result.check_conflicts and result.clear_policy_name == "empty-text"
    assert backend.store == {}  # the removed connection's key is forgotten


def test_without_a_secure_keyring_remember_is_off_and_explained(qtbot: QtBot) -> None:
    keys = KeyStore()  # the tests' environment has only the null backend
    dialog = SettingsDialog(two_connections(), keys)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert "cannot be saved" in dialog.keyring_note.text()
    qtbot.keyClicks(dialog.key, "memory-only-key-1")
    dialog.accept()
    assert keys.get(PROD) == "memory-only-key-1"


def test_first_run_connects_with_a_valid_address(qtbot: QtBot) -> None:
    keys = KeyStore()
    dialog = FirstRunDialog(keys)
    qtbot.addWidget(dialog)
    dialog.url.setText("http://api.wesog.com")
    assert not dialog.connect_button.isEnabled() and "https" in dialog.url_problem.text()
    dialog.url.setText("https://api.wesog.com/")
    qtbot.keyClicks(dialog.key, "first-key-abcdef")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    result = dialog.result_value
    assert result.choice is FirstRunChoice.CONNECT and result.api_key == "first-key-abcdef"
    settings = Settings()
    assert result.apply(settings, keys)
    assert settings.connection() == Connection(name="Wesog", base_url=PROD)
    assert keys.get(PROD) == "first-key-abcdef"


def test_first_run_offers_the_demo(qtbot: QtBot) -> None:
    dialog = FirstRunDialog(KeyStore())
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.result_value.choice is FirstRunChoice.DEMO
    assert not dialog.result_value.apply(Settings(), KeyStore())


def pending() -> PendingState:
    return PendingState("http://127.0.0.1:8765#abc", edits={"1": {"title": ("a", "b"), "city": (None, "Rome")},
                                                            "2": {"nsfw": (False, True)}},
                        in_flight=[InFlightBatch("r-1", 812, [{"id": "1", "title": "b"}]),
                                   InFlightBatch("r-2", None, [{"id": "2", "nsfw": True}])],
                        crashed=True)


def test_restore_dialog_says_what_is_pending_and_restore_is_the_default(qtbot: QtBot) -> None:
    dialog = RestoreDialog(pending(), "Local")
    qtbot.addWidget(dialog)
    text = dialog.summary.text()
    assert "did not close normally" in text and "3 unsubmitted edits on 2 images" in text
    assert dialog.operations.count() == 2
    assert "Operation 812: 1 image" in dialog.operations.item(0).text()
    assert "outcome is unknown" in dialog.operations.item(1).text()
    assert dialog.restore_button.isDefault()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is RestoreChoice.RESTORE


def test_restore_dialog_discard_and_later(qtbot: QtBot) -> None:
    for button, choice in (("discard_button", RestoreChoice.DISCARD), ("later_button", RestoreChoice.LATER)):
        dialog = RestoreDialog(pending(), "Local")
        qtbot.addWidget(dialog)
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
        assert dialog.choice is choice
    dialog = RestoreDialog(pending(), "Local")
    qtbot.addWidget(dialog)
    dialog.reject()  # Esc or the window's close button
    assert dialog.choice is RestoreChoice.LATER
