"""Settings survive a restart, older files are migrated, a damaged file never stops the app."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from wesog_desktop.config import settings as S
from wesog_desktop.config.settings import Connection, Settings, load_settings, save_settings, settings_path


def test_missing_file_gives_the_defaults() -> None:
    s = load_settings()
    assert s == Settings()
    assert s.connections == [] and s.check_conflicts and s.clear_text_with == "null"
    assert s.thumbnail_size == 48 and s.export_bom and s.export_list_separator == "; "
    assert s.load_notice is None


def test_round_trip_keeps_every_value() -> None:
    s = Settings(connections=[Connection(name="Prod", base_url="https://api.wesog.com/", lang="fr",
                                         wait=True, urgent=True, strict=True, batch_size=40),
                              Connection(name="Local", base_url="http://127.0.0.1:8765")],
                 active_connection="Prod", check_conflicts=False, clear_text_with="empty",
                 thumbnail_size=96, export_bom=False, export_list_separator="|", neutralise_formulas=False)
    save_settings(s)
    again = load_settings()
    assert again == s
    assert again.connection() == Connection(name="Prod", base_url="https://api.wesog.com", lang="fr",
                                            wait=True, urgent=True, strict=True, batch_size=40)
    assert again.connection("Local").base_url == "http://127.0.0.1:8765"
    assert again.clear_policy_name == "empty-text"
    assert json.loads(settings_path().read_text())["version"] == S.CURRENT_VERSION


def test_save_leaves_no_temporary_files() -> None:
    save_settings(Settings())
    save_settings(Settings(thumbnail_size=64))
    assert sorted(p.name for p in settings_path().parent.iterdir()) == ["settings.json"]


def test_connection_defaults() -> None:
    c = Connection(name=" Demo ", base_url="http://localhost:8765/")
    assert (c.name, c.base_url, c.lang, c.wait, c.urgent, c.strict, c.batch_size) == (
        "Demo", "http://localhost:8765", "en", False, False, False, 100)


@pytest.mark.parametrize("url", ["http://api.wesog.com", "ftp://x", "", "https://user:pw@api.wesog.com"])
def test_a_url_that_would_leak_the_key_is_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        Connection(name="x", base_url=url)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValidationError):
        Connection(name="x", base_url="https://api.wesog.com", lang="de")  # type: ignore[arg-type]


def test_an_older_file_is_migrated(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hook runs each step in order: here a made-up version 0 with a single ``api_url``."""
    def from_v0(data: dict) -> dict:
        url = data.pop("api_url")
        data["connections"] = [{"name": "Wesog", "base_url": url}]
        data["active_connection"] = "Wesog"
        return data

    monkeypatch.setitem(S.MIGRATIONS, 0, from_v0)
    settings_path().write_text(json.dumps({"version": 0, "api_url": "https://api.wesog.com",
                                           "thumbnail_size": 64}))
    s = load_settings()
    assert s.version == S.CURRENT_VERSION
    assert s.connection() == Connection(name="Wesog", base_url="https://api.wesog.com")
    assert s.thumbnail_size == 64
    assert s.load_notice is None


def test_a_newer_file_loads_what_it_understands() -> None:
    settings_path().write_text(json.dumps({"version": S.CURRENT_VERSION + 5, "thumbnail_size": 80,
                                           "some_future_option": [1, 2]}))
    s = load_settings()
    assert s.thumbnail_size == 80 and s.version == S.CURRENT_VERSION


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"thumbnail_size": "huge"}',
                                     '{"version": -3}', '{"connections": [{"name": "x", "base_url": "http://evil.com"}]}'])
def test_a_damaged_file_is_kept_aside_and_defaults_used(content: str, caplog: pytest.LogCaptureFixture) -> None:
    settings_path().write_text(content)
    s = load_settings()
    assert s.model_dump() == Settings().model_dump()
    assert s.load_notice and "settings.json.bad" in s.load_notice
    assert (settings_path().parent / "settings.json.bad").read_text() == content
    assert not settings_path().exists()
    assert any("damaged" in r.getMessage() for r in caplog.records)
    save_settings(s)
    assert load_settings().load_notice is None
