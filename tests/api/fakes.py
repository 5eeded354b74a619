"""A ``WesogClient`` on an ``httpx.MockTransport``: scripted answers, recorded requests and sleeps."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from wesog_desktop.api.client import WesogClient

KEY = "secret-key-4f1c9a"
BASE = "https://api.wesog.test"

Answer = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def answer(status: int = 200, payload: Any = None, *, content: bytes | None = None,
           headers: dict[str, str] | None = None) -> httpx.Response:
    if content is None:
        content = json.dumps(payload).encode()
    return httpx.Response(status, content=content, headers=headers)


class FakeWesog:
    """Answers requests from a script (one entry per request, the last one repeats)."""

    def __init__(self, *script: Answer) -> None:
        self.script = list(script)
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return step
        return step(request)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def client(self, **options: Any) -> WesogClient:
        options.setdefault("backoff", 0.5)
        options.setdefault("jitter", lambda: 0.0)
        return WesogClient(BASE, KEY, transport=httpx.MockTransport(self.handle), sleep=self.sleep, **options)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]
