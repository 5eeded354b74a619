"""Which connection a start uses: WESOG_API_URL, the active connection of the settings, or the
first-run dialog (connect or try the demo); refused addresses come back as a reason."""

from __future__ import annotations

import argparse

import pytest

from wesog_desktop import startup
from wesog_desktop.config.keys import KeyStore
from wesog_desktop.config.settings import Connection, Settings, load_settings
from wesog_desktop.ui.first_run_dialog import FirstRunChoice, FirstRunResult

NO_DEMO = argparse.Namespace(demo=False, catalog=None)


def test_the_active_connection_uses_its_key_from_the_store_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(connections=[Connection(name="Prod", base_url="https://api.wesog.com/")],
                        active_connection="Prod")
    keys = KeyStore()
    monkeypatch.setenv("WESOG_API_KEY", "key-from-environment")
    target = startup.choose_target(NO_DEMO, settings, keys, dialogs=True)
    assert (target.url, target.key, target.label, target.from_settings) == (
        "https://api.wesog.com", "key-from-environment", "Prod", True)
    keys.set("https://api.wesog.com", "key-typed-this-run", remember=False)
    assert startup.choose_target(NO_DEMO, settings, keys, dialogs=True).key == "key-typed-this-run"


def test_wesog_api_url_wins_and_an_unsafe_one_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(connections=[Connection(name="Prod", base_url="https://api.wesog.com")],
                        active_connection="Prod")
    monkeypatch.setenv("WESOG_API_URL", "https://staging.wesog.com")
    assert startup.choose_target(NO_DEMO, settings, KeyStore(), dialogs=True).url == "https://staging.wesog.com"
    monkeypatch.setenv("WESOG_API_URL", "http://staging.wesog.com")
    refused = startup.choose_target(NO_DEMO, settings, KeyStore(), dialogs=True).refused
    assert refused == ("WESOG_API_URL is refused: http:// would send the API key unencrypted to "
                       "staging.wesog.com; use https://.")


def test_without_a_connection_the_first_run_dialog_connects_and_saves_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WESOG_API_URL", raising=False)
    chosen = FirstRunResult(FirstRunChoice.CONNECT, Connection(name="Mine", base_url="https://wesog.example.org"),
                            "key-from-the-dialog", remember=True)
    monkeypatch.setattr(startup, "ask_first_run", lambda keys: chosen)
    keys = KeyStore()
    target = startup.choose_target(NO_DEMO, Settings(), keys, dialogs=True)
    assert (target.url, target.key, target.label) == ("https://wesog.example.org", "key-from-the-dialog", "Mine")
    saved = load_settings()
    assert saved.active_connection == "Mine" and saved.connection() is not None


def test_the_first_run_dialog_can_start_the_demo_or_be_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WESOG_API_URL", raising=False)
    monkeypatch.setattr(startup, "ask_first_run", lambda keys: FirstRunResult(FirstRunChoice.DEMO))
    target = startup.choose_target(NO_DEMO, Settings(), KeyStore(), dialogs=True)
    try:
        assert target.emulator is not None and target.url.startswith("http://127.0.0.1:")
    finally:
        target.emulator.stop()
    monkeypatch.setattr(startup, "ask_first_run", lambda keys: FirstRunResult(FirstRunChoice.CANCEL))
    assert startup.choose_target(NO_DEMO, Settings(), KeyStore(), dialogs=True).cancelled


def test_automation_never_opens_the_first_run_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WESOG_API_URL", raising=False)
    monkeypatch.setattr(startup, "ask_first_run", lambda keys: pytest.fail("a dialog in automation"))
    assert startup.choose_target(NO_DEMO, Settings(), KeyStore(), dialogs=False).refused == startup.NO_ADDRESS


def test_the_missing_keyring_is_mentioned_only_when_a_key_is_needed() -> None:
    from wesog_desktop.services.journal import Journal

    keys = KeyStore()  # the tests run with the null keyring backend: nothing secure
    journal = Journal()
    try:
        real = startup._notices(Settings(), keys, journal, key_needed=True)
        demo = startup._notices(Settings(), keys, journal, key_needed=False)
    finally:
        journal.close()
    assert real == [keys.status_message] and "keyring" in real[0]
    assert demo == []
