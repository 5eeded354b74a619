"""Where the app keeps its files: settings, window state, journal, caches, logs.

Everything lives under the platform's user directories (platformdirs), or under
``$WESOG_DESKTOP_HOME`` when it is set: tests and the self-test point it at a temporary folder
so that nothing touches the real user profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "wesog-desktop"


def _base(kind: str) -> Path:
    home = os.environ.get("WESOG_DESKTOP_HOME")
    if home:
        path = Path(home) / kind
    else:
        finder = {
            "config": platformdirs.user_config_path,
            "data": platformdirs.user_data_path,
            "cache": platformdirs.user_cache_path,
            "log": platformdirs.user_log_path,
        }[kind]
        path = finder(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    return _base("config")


def data_dir() -> Path:
    return _base("data")


def cache_dir() -> Path:
    return _base("cache")


def log_dir() -> Path:
    return _base("log")
