"""The real window on the emulator, with tests/ui's Driver and fixtures (RECIPES pattern B)."""

from __future__ import annotations

import pytest

from tests.ui.conftest import (  # noqa: F401  (fixtures re-exported for this folder)
    driver,
    qloop,
    window,
)
from wesog_desktop.ui.main_window import MainWindow


@pytest.fixture
def ids(window: MainWindow) -> list[str]:  # noqa: F811
    """The first image IDs of the loaded window, in table order."""
    return window.buffer.ids[:6]
