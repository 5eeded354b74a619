"""File › Settings… (Ctrl+,) edits and applies the settings; Help › Open log folder shows the logs."""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QLineEdit

from tests.conftest import Emulator
from tests.safety.conftest import SafetyDriver
from wesog_desktop.config.logging_setup import log_file_path
from wesog_desktop.config.settings import Connection, Settings, load_settings, save_settings, settings_path
from wesog_desktop.ui.settings_dialog import SettingsDialog

SECRET = "wk-typed-in-settings-5f3a9c"


def test_saved_settings_apply_to_the_open_session_and_the_key_stays_out_of_the_file(
        safety: SafetyDriver, emulator: Emulator) -> None:
    save_settings(Settings(connections=[Connection(name="Local", base_url=emulator.url)], active_connection="Local"))
    window = safety.journaled_window(safety.journal(), load=False)
    actions = window.safety_actions
    assert actions.settings_action.shortcut() == QKeySequence("Ctrl+,")
    assert actions.settings_action in window.menus["File"].actions()
    seen: list[bool] = []

    def change(dialog: SettingsDialog) -> None:
        seen.append(dialog.key.echoMode() == QLineEdit.EchoMode.Password)
        dialog.key.setText(SECRET)
        dialog.key.textEdited.emit(SECRET)
        dialog.clear_with.setCurrentIndex(dialog.clear_with.findData("empty"))
        dialog.batch_size.setValue(7)
        dialog.accept()

    safety.answers.append(change)
    actions.settings_action.trigger()
    safety.until(lambda: window.session.messages.history[-1:] == [("info", "Settings saved.")])
    assert seen == [True]  # the key field is masked
    assert load_settings().clear_text_with == "empty"
    assert window.session.client.clear_policy.name == "empty-text"
    assert window.session.submit_options is not None and window.session.submit_options.batch_size == 7
    assert actions.keys.get(emulator.url) == SECRET
    assert SECRET.encode() not in settings_path().read_bytes()


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_log_folder_shows_the_folder_of_the_log_file(safety: SafetyDriver) -> None:
    window = safety.journaled_window(safety.journal(), load=False)
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        window.safety_actions.log_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert window.safety_actions.log_action in window.menus["Help"].actions()
    assert [u.toLocalFile() for u in opened.urls] == [str(log_file_path().parent)]
