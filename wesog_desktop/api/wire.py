"""Reading Wesog's answers: a page of images, the answer to a PATCH, an operation.

Tolerant of the shapes wesog-api.md B.4 allows; anything else is an ``UnexpectedResponse``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from wesog_desktop.api.errors import UnexpectedResponse
from wesog_desktop.domain.records import Operation, Record, record_from_wire

OPERATION_KEYS = frozenset({"is_finished", "is_started", "finished_at", "num_total", "num_good", "num_bad",
                            "errors", "all_good", "method"})


@dataclass(slots=True)
class ImagePage:
    """One page of ``GET /imgs``: its records and the total count (None when not asked for)."""

    records: list[Record]
    count: int | None


@dataclass(frozen=True, slots=True)
class PatchAnswer:
    """What a PATCH returned: the operation ID, the operation itself, or both.

    ``wait=false`` usually gives only ``op_id``; ``wait=true`` gives the finished ``operation``
    (whose ``op_id`` may be missing: the body need not repeat it).
    """

    op_id: int | None
    operation: Operation | None

    @property
    def finished(self) -> bool:
        return self.operation is not None and self.operation.finished


def _shown(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, default=str)


def _as_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def parse_page(status: int, payload: Any) -> ImagePage:
    """``{"results": [...], "count": N}`` (a bare list is accepted too) as an ``ImagePage``."""
    if isinstance(payload, dict):
        results = payload.get("results")
        count = payload.get("count")
    else:
        results, count = payload, None
    if not isinstance(results, list):
        raise UnexpectedResponse(status, _shown(payload)[:200], "a page without results")
    try:
        records = [record_from_wire(obj) for obj in results]
    except (ValueError, AttributeError, TypeError):
        raise UnexpectedResponse(status, _shown(payload)[:200], "an image without image_id") from None
    return ImagePage(records, count if isinstance(count, int) and not isinstance(count, bool) else None)


def parse_operation(status: int, payload: Any, op_id: int | None = None) -> Operation:
    """An operation object; ``op_id`` fills in the ID the body does not repeat."""
    if not isinstance(payload, dict):
        raise UnexpectedResponse(status, _shown(payload), "something that is not an operation")
    try:
        op = Operation.model_validate(payload)
    except ValidationError:
        raise UnexpectedResponse(status, _shown(payload), "an operation it could not read") from None
    if op.op_id is None and op_id is not None:
        op = op.model_copy(update={"op_id": op_id})
    return op


def parse_patch_answer(status: int, payload: Any) -> PatchAnswer:
    """B.4: ``{"op_id": n}``, ``{"id": n}``, a bare integer, or an operation object (with op_id)."""
    op_id = _as_id(payload)
    if op_id is not None:
        return PatchAnswer(op_id, None)
    if isinstance(payload, dict):
        op_id = _as_id(payload.get("op_id"))
        if op_id is None:
            op_id = _as_id(payload.get("id"))
        if OPERATION_KEYS & payload.keys():
            return PatchAnswer(op_id, parse_operation(status, payload, op_id))
        if op_id is not None:
            return PatchAnswer(op_id, None)
    raise UnexpectedResponse(status, _shown(payload), "no operation ID")
