"""One emulator: its settings, its state, and the ASGI application that serves it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

from wesog_desktop.emulator.admin import RequestLog, admin_routes
from wesog_desktop.emulator.faults import FaultSet
from wesog_desktop.emulator.gate import Gate
from wesog_desktop.emulator.operations import DEFAULT_DELAY_MS, OperationQueue
from wesog_desktop.emulator.params import Invalid
from wesog_desktop.emulator.routes import WesogApi, json_response
from wesog_desktop.emulator.store import Catalog
from wesog_desktop.emulator.thumbnails import ThumbnailCache, thumbnail_routes
from wesog_desktop.resources import resource

SAMPLE_CATALOG = "sample-catalog.jsonl.gz"


@dataclass(frozen=True)
class EmulatorSettings:
    """How to run an emulator; ``catalog_path`` None means the bundled sample catalog."""

    catalog_path: str | Path | None = None
    sample: int | None = None
    api_key: str | None = None
    generated_thumbnails: bool = False
    delay_ms: float | None = None
    faults: tuple[str, ...] = ()

    def catalog_file(self) -> Path:
        return Path(self.catalog_path) if self.catalog_path is not None else resource(SAMPLE_CATALOG)


class EmulatorState:
    """Everything one running emulator knows; used only from its event loop."""

    def __init__(self, settings: EmulatorSettings) -> None:
        self.faults = FaultSet(settings.faults)
        self.catalog = Catalog.load(settings.catalog_file(), settings.sample, settings.generated_thumbnails)
        delay = DEFAULT_DELAY_MS if settings.delay_ms is None else settings.delay_ms
        self.queue = OperationQueue(self.catalog, delay)
        self.log = RequestLog()
        self.api_key = settings.api_key
        self.error_ids = "id"
        self.thumbnails = ThumbnailCache() if settings.generated_thumbnails else None


def build_app(state: EmulatorState) -> ASGIApp:
    """The ASGI application: the gate (log, faults, key) in front of the routes."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        worker = asyncio.create_task(state.queue.run(), name="wesog-emulator-operations")
        yield
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Invalid)
        return json_response({"detail": exc.details}, 422)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        response = json_response({"detail": exc.detail}, exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    routes = [
        *WesogApi(state).routes(),
        *thumbnail_routes(state.catalog, state.thumbnails),
        *admin_routes(state),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={Invalid: invalid, HTTPException: http_error})
    return Gate(app, state)
