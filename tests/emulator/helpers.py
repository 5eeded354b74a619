"""Talking to an emulator from the tests: an API client, and following an operation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

# Imported by its package path: a plain ``from conftest import`` gets whichever conftest.py of a
# folder without __init__.py pytest loaded last (tests/bulk/conftest.py in a full run).
from tests.conftest import TATE_CATALOG, Emulator, start_emulator, stop_emulator

WRITE_PARAMS = {"wait": "false", "urgent": "false", "strict": "false", "lang": "en"}
GUARD_S = 20.0  # only against a hang, never a measured expectation


def api(emu: Emulator, timeout: float = 10, key: bool = True) -> httpx.Client:
    """A client that sends the emulator's key (plain HTTP on loopback: no TLS set-up, which
    would cost 0.2 s per client)."""
    headers = {"API-Key": emu.api_key} if key else {}
    return httpx.Client(base_url=emu.url, headers=headers, timeout=timeout, trust_env=False, verify=False)


def write_params(**overrides: str) -> dict[str, str]:
    return {**WRITE_PARAMS, **overrides}


def follow(client: httpx.Client, op_id: int) -> dict[str, Any]:
    """Poll ``GET /ops/{op_id}`` until the operation is finished; the finished operation."""
    deadline = time.monotonic() + GUARD_S
    while time.monotonic() < deadline:
        r = client.get(f"/ops/{op_id}")
        r.raise_for_status()
        op = r.json()
        if op["is_finished"]:
            return op
        time.sleep(0.02)
    raise AssertionError(f"operation {op_id} did not finish")


def patch_and_follow(client: httpx.Client, items: list[dict[str, Any]], **params: str) -> dict[str, Any]:
    r = client.patch("/imgs", params=write_params(**params), json=items)
    assert r.status_code == 202, r.text
    return follow(client, r.json()["op_id"])


SMALL = ("--catalog", str(TATE_CATALOG), "--sample", "300", "--generated-thumbnails", "--delay-ms", "0")
"""The options of conftest's ``emulator`` fixture, for an emulator shared by a module."""


@contextmanager
def running(*extra: str) -> Iterator[Emulator]:
    """An emulator of its own for a module or a test (stopped afterwards)."""
    emu = start_emulator(*extra)
    try:
        yield emu
    finally:
        stop_emulator(emu)
