"""A qasync loop per test (RECIPES pattern A), a client of the emulator, and a loaded buffer."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from tests.conftest import Emulator
from wesog_desktop.api.client import WesogClient
from wesog_desktop.domain.edit_buffer import EditBuffer

T = TypeVar("T")


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T], timeout: float = 30) -> T:
    """Run ``coro`` on the qasync loop (Qt events and asyncio both advance) with a safety timeout."""
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


@pytest.fixture
def client(emulator: Emulator, qloop: qasync.QEventLoop) -> Iterator[WesogClient]:
    c = WesogClient(emulator.url, emulator.api_key, backoff=0.01)
    yield c
    run(qloop, c.aclose())


@pytest.fixture
def buffer(client: WesogClient, qloop: qasync.QEventLoop) -> EditBuffer:
    """The first 20 images of the emulator, loaded as the app loads them."""
    page = run(qloop, client.list_images(limit=20, sort_by="id", order="asc", count=False))
    b = EditBuffer()
    b.add_records(page.records)
    return b


def patches(emu: Emulator) -> list[dict[str, Any]]:
    """The PATCH requests the emulator received, oldest first."""
    return [r for r in emu.requests() if r["method"] == "PATCH"]
