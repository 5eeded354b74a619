"""Fixtures of the emulator tests: one emulator per test module (a start costs about a second)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from .helpers import SMALL, Emulator, api, running


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    """An emulator like conftest's ``emulator`` fixture, shared by the tests of one module."""
    with running(*SMALL) as emu:
        yield emu


@pytest.fixture(scope="module")
def client(emu: Emulator) -> Iterator[httpx.Client]:
    """A client of ``emu`` that sends its key."""
    with api(emu) as c:
        yield c
