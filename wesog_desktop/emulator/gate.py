"""What every request passes before the API: the request log, injected faults, the API key.

``Gate`` is a plain ASGI middleware around the Starlette application, so that a fault can do
what an application cannot (close the connection in the middle of a response).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wesog_desktop.emulator.faults import DEFAULT_SLOW_SECONDS, HTTP_FAULTS, NOT_API, Fault

if TYPE_CHECKING:
    from wesog_desktop.emulator.application import EmulatorState

UNFINISHED_RESPONSE = "ASGI callable returned without completing response."


class _QuietOnPurpose(logging.Filter):
    """Keep the server's log free of what the emulator does on purpose: the responses that the
    ``drop`` fault cuts, and the requests still waiting (``slow``, ``wait=true`` on an operation
    that never finishes) that the server cancels when it stops."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage() == UNFINISHED_RESPONSE:
            return False
        return not (record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError))


def quiet_intended_failures() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _QuietOnPurpose) for f in logger.filters):
        logger.addFilter(_QuietOnPurpose())


class Gate:
    """Log an API request, let the active faults answer it, check its key, then pass it on."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method: str = scope["method"]
        path: str = scope["path"]
        is_api = not path.startswith(NOT_API)
        if is_api:
            body = await _read_body(receive)
            receive = _replay(body, receive)
            self.state.log.record(method, path, scope.get("query_string", b""), body)
        for fault in self.state.faults.for_request(method, path):
            if fault.name == "slow":
                await asyncio.sleep(fault.options.get("seconds", DEFAULT_SLOW_SECONDS))
            else:
                await _answer(fault, send)
                return
        if is_api and self.state.api_key is not None and _header(scope, b"api-key") != self.state.api_key:
            await _send_json(send, 401, {"detail": "Invalid or missing API key"})
            return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then whatever the connection says next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _send_json(send: Send, status: int, obj: object, extra: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    body = json.dumps(obj).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _answer(fault: Fault, send: Send) -> None:
    """Answer in place of the API as ``fault`` says."""
    if fault.name in HTTP_FAULTS:
        retry_after = fault.options.get("retry_after")
        extra = () if retry_after is None else ((b"retry-after", str(math.ceil(retry_after)).encode()),)
        status = HTTP_FAULTS[fault.name]
        await _send_json(send, status, {"detail": f"Injected fault {fault.name}"}, extra)
    elif fault.name == "op-404":
        await _send_json(send, 404, {"detail": "Operation not found"})
    elif fault.name == "malformed":
        body = b'{"results": [{"image_id": <html>Internal error</html>'
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
    else:  # drop: promise a body, send a piece of it, and leave the server to cut the connection
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")]})
        await send({"type": "http.response.body", "body": b'{"results": [', "more_body": True})
