"""The emulator's own API for tests, under ``/_emulator`` (no API key, never faulted).

- ``GET /_emulator/requests``: the API requests received, oldest first, each
  ``{"method", "path", "query": {name: str | [str, ...]}, "body": <parsed JSON or null>}``
- ``DELETE /_emulator/requests``: forget them
- ``GET /_emulator/faults``, ``POST /_emulator/faults`` ``{"faults": [SPEC, ...]}``: the active
  faults, replaced as a whole (an empty list clears them)
- ``GET /_emulator/config``, ``POST /_emulator/config`` with any of
  ``{"delay_ms": float, "error_ids": "id" | "index"}``
- ``GET /_emulator/images/{image_id}``: the record as ``GET /imgs/{image_id}`` reads it, for
  assertions that must neither show in the request log nor meet a fault
"""

from __future__ import annotations

import json
from collections import deque
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from wesog_desktop.emulator.params import Invalid, json_body

if TYPE_CHECKING:
    from wesog_desktop.emulator.application import EmulatorState

LOG_SIZE = 10_000
ERROR_ID_MODES = ("id", "index")


class RequestLog:
    """The last ``LOG_SIZE`` API requests (thumbnails and admin requests are not logged)."""

    def __init__(self, size: int = LOG_SIZE) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=size)

    def record(self, method: str, path: str, query_string: bytes, body: bytes) -> None:
        query: dict[str, str | list[str]] = {}
        for key, value in parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True):
            old = query.get(key)
            query[key] = value if old is None else [*([old] if isinstance(old, str) else old), value]
        try:
            parsed = json.loads(body) if body.strip() else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            parsed = None
        self._entries.append({"method": method, "path": path, "query": query, "body": parsed})

    def entries(self) -> list[dict[str, Any]]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries.clear()


def admin_routes(state: EmulatorState) -> list[Route]:
    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            state.log.clear()
            return Response(status_code=204)
        return JSONResponse(state.log.entries())

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            body = await json_body(request)
            specs = body.get("faults") if isinstance(body, dict) else None
            if not isinstance(specs, list) or not all(isinstance(s, str) for s in specs):
                raise Invalid(["body", "faults"], "Input should be a list of fault specs", "list_type")
            try:
                state.faults.replace(specs)
            except ValueError as exc:
                raise Invalid(["body", "faults"], str(exc)) from None
        return JSONResponse({"faults": state.faults.describe()})

    async def config(request: Request) -> Response:
        if request.method == "POST":
            _configure(state, await json_body(request))
        return JSONResponse({"delay_ms": state.queue.delay_ms, "error_ids": state.error_ids})

    async def image(request: Request) -> Response:
        rec = state.catalog.get(request.path_params["image_id"])
        if rec is None:
            return JSONResponse({"detail": "Image not found"}, status_code=404)
        return JSONResponse(state.catalog.wire(rec, str(request.base_url).rstrip("/")))

    return [
        Route("/_emulator/requests", requests, methods=["GET", "DELETE"]),
        Route("/_emulator/images/{image_id}", image, methods=["GET"]),
        Route("/_emulator/faults", faults, methods=["GET", "POST"]),
        Route("/_emulator/config", config, methods=["GET", "POST"]),
    ]


def _configure(state: EmulatorState, body: Any) -> None:
    if not isinstance(body, dict):
        raise Invalid(["body"], "Input should be an object", "dict_type")
    unknown = set(body) - {"delay_ms", "error_ids"}
    if unknown:
        raise Invalid(["body", sorted(unknown)[0]], "Extra inputs are not permitted", "extra_forbidden")
    delay = body.get("delay_ms", state.queue.delay_ms)
    if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
        raise Invalid(["body", "delay_ms"], "Input should be a number >= 0", "float_type")
    mode = body.get("error_ids", state.error_ids)
    if mode not in ERROR_ID_MODES:
        raise Invalid(["body", "error_ids"], "Input should be 'id' or 'index'", "enum")
    state.queue.delay_ms = float(delay)
    state.error_ids = mode
