"""The user's settings: typed, versioned, one JSON file written atomically.

``settings.json`` in ``paths.config_dir()`` holds the connections (Wesog servers) and the
editing and export preferences. Window state lives elsewhere (the UI keeps its own INI), and
the API key never lives here: it is in the OS keyring (``config.keys``).

Each file carries ``version``. An older file is brought up to date by the functions in
``MIGRATIONS`` (``MIGRATIONS[n]`` turns a version-``n`` dict into a version-``n + 1`` dict)
before it is validated. A file that cannot be read is kept aside as ``settings.json.bad`` and
the defaults are used, with a notice the UI can show.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from wesog_desktop.config import paths
from wesog_desktop.domain.urls import check_api_url

log = logging.getLogger(__name__)

CURRENT_VERSION = 1
Lang = Literal["en", "es", "pt", "fr", "ru"]
ClearTextWith = Literal["null", "empty"]

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""version n -> function turning a version-n dict into a version-(n+1) dict."""

CLEAR_POLICY_NAMES: dict[str, str] = {"null": "null", "empty": "empty-text"}
"""``clear_text_with`` -> the name ``api.clearing.ClearPolicy.named`` takes."""


class Connection(BaseModel):
    """One Wesog server and the defaults of the writes sent to it."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    name: str = Field(min_length=1)
    base_url: str
    lang: Lang = "en"
    wait: bool = False
    urgent: bool = False
    strict: bool = False
    batch_size: int = Field(default=100, ge=1, le=1000)

    @field_validator("name")
    @classmethod
    def _strip_name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("the name is empty")
        return value

    @field_validator("base_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        reason = check_api_url(value)
        if reason:
            raise ValueError(reason)
        return value.strip().rstrip("/")


class Settings(BaseModel):
    """Everything the user sets once and expects to find again."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    version: int = CURRENT_VERSION
    connections: list[Connection] = Field(default_factory=list)
    active_connection: str | None = None
    check_conflicts: bool = True
    clear_text_with: ClearTextWith = "null"
    thumbnail_size: int = Field(default=48, ge=16, le=512)
    export_bom: bool = True
    export_list_separator: str = Field(default="; ", min_length=1)
    neutralise_formulas: bool = True

    _notice: str | None = PrivateAttr(default=None)

    @property
    def load_notice(self) -> str | None:
        """Why the file on disk was not used (shown once by the UI), or None."""
        return self._notice

    @property
    def clear_policy_name(self) -> str:
        """The ``ClearPolicy`` name for ``clear_text_with``."""
        return CLEAR_POLICY_NAMES[self.clear_text_with]

    def connection(self, name: str | None = None) -> Connection | None:
        """The connection called ``name`` (default: the active one), or None."""
        wanted = self.active_connection if name is None else name
        return next((c for c in self.connections if c.name == wanted), None)


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a settings dict of any known version up to ``CURRENT_VERSION``."""
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"unknown settings version {version!r}")
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from settings version {version}")
        data = step(dict(data))
        version += 1
        data["version"] = version
    if version > CURRENT_VERSION:
        log.warning("settings.json is from a newer version (%s); unknown entries are ignored", version)
        data["version"] = CURRENT_VERSION
    return data


def load_settings() -> Settings:
    """The saved settings; the defaults when there are none or they cannot be read."""
    path = settings_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("cannot read %s: %s; using the defaults", path, exc)
        return _with_notice(Settings(), f"The settings could not be read ({exc}); defaults are used.")
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return Settings.model_validate(migrate(data))
    except (ValueError, ValidationError) as exc:
        bad = path.with_name(path.name + ".bad")
        os.replace(path, bad)
        log.warning("settings file %s is damaged (%s); kept as %s, using the defaults", path,
                    _first_line(exc), bad)
        return _with_notice(Settings(), f"The settings file was damaged and has been kept as {bad.name}; "
                                        "defaults are used.")


def save_settings(settings: Settings) -> None:
    """Write the settings atomically: a crash leaves the old file or the new one, never half."""
    path = settings_path()
    text = settings.model_dump_json(indent=2)
    write_atomically(path, text)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, then rename it over."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _with_notice(settings: Settings, notice: str) -> Settings:
    settings._notice = notice
    return settings


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
