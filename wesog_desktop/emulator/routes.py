"""The Wesog API itself: ``/imgs`` (reads and writes) and ``/ops`` (operations)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wesog_desktop.emulator import params
from wesog_desktop.emulator.params import Invalid
from wesog_desktop.emulator.query import FormulaError, compile_formula
from wesog_desktop.emulator.store import WIRE_FIELDS
from wesog_desktop.emulator.writes import WRITE_METHODS, WRITES

if TYPE_CHECKING:
    from wesog_desktop.emulator.application import EmulatorState

MAX_LIMIT = 10_000
DEFAULT_LIMIT = 50


def json_response(obj: Any, status_code: int = 200) -> Response:
    """JSON, ASCII-escaped and compact (the fastest way the standard library has)."""
    return Response(json.dumps(obj, separators=(",", ":")), status_code, media_type="application/json")


def not_found(what: str) -> Response:
    return json_response({"detail": f"{what} not found"}, 404)


class WesogApi:
    """The handlers of the Wesog endpoints over one emulator's state."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    def routes(self) -> list[Route]:
        return [
            Route("/imgs", self.list_images, methods=["GET"]),
            Route("/imgs", self.write, methods=list(WRITE_METHODS)),
            Route("/imgs/{image_id}", self.get_image, methods=["GET"]),
            Route("/imgs/{image_id}", self.write, methods=list(WRITE_METHODS)),
            Route("/ops", self.list_operations, methods=["GET"]),
            Route("/ops/{op_id}", self.get_operation, methods=["GET"]),
        ]

    async def list_images(self, request: Request) -> Response:
        """``GET /imgs``: ``q``, ``page``, ``limit``, ``sort_by``, ``order``, ``fields``, ``count``."""
        catalog = self.state.catalog
        formula = request.query_params.get("q", "").strip()
        try:
            predicate = compile_formula(formula, catalog.text) if formula else None
        except FormulaError as exc:
            raise Invalid(["query", "q"], str(exc)) from None
        page = params.integer(request, "page", 1, 1)
        limit = params.integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        sort_by = params.field_name(request, "sort_by")
        descending = params.choice(request, "order", ("asc", "desc"), "asc") == "desc"
        fields = params.projection(request)
        with_count = params.flag(request, "count", True)

        ids = catalog.ordered_ids(sort_by, descending)
        if predicate is not None:
            records = catalog.get_many(ids)
            ids = [rec["id"] for rec in records if predicate(rec)]
        start = (page - 1) * limit
        base = _base_url(request)
        projected = WIRE_FIELDS if fields is None else fields
        results = [catalog.wire(rec, base, projected) for rec in catalog.get_many(ids[start:start + limit])]
        return json_response({"results": results, "count": len(ids) if with_count else None, "facets": {}})

    async def get_image(self, request: Request) -> Response:
        fields = params.projection(request)
        rec = self.state.catalog.get(request.path_params["image_id"])
        if rec is None:
            return not_found("Image")
        return json_response(self.state.catalog.wire(rec, _base_url(request),
                                                     WIRE_FIELDS if fields is None else fields))

    async def write(self, request: Request) -> Response:
        """Every write: check the request, queue an operation, answer 202 (or 200 when ``wait``)."""
        method = request.method
        path_id: str | None = request.path_params.get("image_id")
        wait = params.flag(request, "wait")
        urgent = params.flag(request, "urgent")
        strict = params.flag(request, "strict")
        items: list[Any]
        if method == "DELETE":
            items = [path_id] if path_id is not None else params.ids_body(await params.json_body(request))
            ids = items
        else:
            params.choice(request, "lang", params.LANGS, "es")
            body = await params.json_body(request)
            if path_id is not None and isinstance(body, dict):
                body = {**body, "id": path_id}
            items = params.records_body(body, many=path_id is None)
            ids = [item["id"] for item in items]

        faults, path = self.state.faults, request.url.path
        op_method, apply = WRITES[method]
        op = self.state.queue.submit(
            op_method, apply, items, ids, wait=wait, urgent=urgent, strict=strict,
            error_ids="index" if faults.take("error-ids-index", method, path) else self.state.error_ids,
            never_finishes=faults.take("op-never-finishes", method, path),
        )
        if wait:
            await op.done.wait()
            return json_response(op.to_wire())
        return json_response({"op_id": op.op_id, **op.to_wire()}, 202)

    async def get_operation(self, request: Request) -> Response:
        raw = request.path_params["op_id"]
        try:
            op_id = int(raw)
        except ValueError:
            raise Invalid(["path", "op_id"], "Input should be a valid integer, unable to parse string as an "
                          "integer", "int_parsing") from None
        op = self.state.queue.get(op_id)
        return not_found("Operation") if op is None else json_response(op.to_wire())

    async def list_operations(self, request: Request) -> Response:
        """``GET /ops``: every operation, oldest first, each with its ``op_id``."""
        return json_response([{"op_id": op.op_id, **op.to_wire()} for op in self.state.queue.all()])


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")
