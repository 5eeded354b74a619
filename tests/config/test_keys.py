"""The API key lives in the OS keyring, or only in memory (with a clear message) when none works."""

from __future__ import annotations

import pytest
from keyring.backends import fail, null
from keyrings.alt.file import PlaintextKeyring

from tests.config.fake_keyring import BrokenKeyring, MemoryKeyring
from wesog_desktop.config.keys import ENV_KEY, SERVICE, KeyStore
from wesog_desktop.config.logging_setup import redact

URL = "https://api.wesog.com"
KEY = "wk-live-5f3a9c1d7e2b"


def test_remembered_key_is_in_the_keyring_and_found_by_the_next_run(use_keyring) -> None:
    backend = use_keyring(MemoryKeyring())
    store = KeyStore()
    assert store.secure_backend and "system keyring" in store.status_message
    assert store.set(URL, KEY, remember=True) is True
    assert backend.store == {(SERVICE, URL): KEY}
    assert KeyStore().get(URL) == KEY
    assert KeyStore().get("https://other.example") is None


def test_not_remembering_removes_the_stored_key(use_keyring) -> None:
    backend = use_keyring(MemoryKeyring())
    KeyStore().set(URL, KEY, remember=True)
    store = KeyStore()
    assert store.set(URL, "new-key-000000", remember=False) is False
    assert store.get(URL) == "new-key-000000"
    assert backend.store == {}
    assert KeyStore().get(URL) is None


def test_forget(use_keyring) -> None:
    backend = use_keyring(MemoryKeyring())
    store = KeyStore()
    store.set(URL, KEY, remember=True)
    store.forget(URL)
    assert store.get(URL) is None and backend.store == {}
    store.forget(URL)  # forgetting twice is fine


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), PlaintextKeyring()],
                         ids=["fail", "null", "plaintext"])
def test_without_a_secure_keyring_the_key_stays_in_memory(use_keyring, backend, tmp_path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    use_keyring(backend)
    store = KeyStore()
    assert not store.secure_backend
    assert "cannot be saved" in store.status_message and ENV_KEY in store.status_message
    assert store.set(URL, KEY, remember=True) is False
    assert store.get(URL) == KEY
    assert KeyStore().get(URL) is None  # the next run does not have it
    assert not any(tmp_path.rglob("*")), "nothing written for the plain-text keyring"


def test_environment_key_is_the_fallback(use_keyring, monkeypatch: pytest.MonkeyPatch) -> None:
    use_keyring(null.Keyring())
    monkeypatch.setenv(ENV_KEY, "env-key-abcdef")
    store = KeyStore()
    assert store.get(URL) == "env-key-abcdef"
    store.set(URL, KEY, remember=False)
    assert store.get(URL) == KEY


def test_a_failing_keyring_falls_back_to_memory_and_says_so(use_keyring, caplog) -> None:
    use_keyring(BrokenKeyring())
    store = KeyStore()
    assert store.set(URL, KEY, remember=True) is False
    assert store.get(URL) == KEY
    assert "failed" in store.status_message
    assert KEY not in caplog.text


def test_every_key_seen_is_redacted_from_logs(use_keyring) -> None:
    use_keyring(MemoryKeyring())
    KeyStore().set(URL, KEY, remember=True)
    assert redact(f"sending with {KEY}") == "sending with ***"
