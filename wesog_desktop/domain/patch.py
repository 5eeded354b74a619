"""The PATCH a submission sends: only changed images, each only its changed fields plus ``id``.

Items are plain dicts built straight from the edit buffer (no model per item: a submission of
70,000 images must cost about as much as serialising it). Inside the app ``None`` clears a
field; the API client turns that into the wire form of wesog-api.md B.2. Images whose edits
may not be sent (B.1: an invalid value, ``src`` cleared) are held back with their reasons.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import EditBuffer

LANGS: tuple[str, ...] = ("en", "es", "pt", "fr", "ru")
BATCH_SIZE = 100
"""B.9: images per PATCH by default."""
WAIT_BATCH_SIZE = 50
"""B.9: images per PATCH with ``wait=true`` (synchronous suits small jobs)."""
IN_FLIGHT = 3
"""Batches sent or followed at the same time."""

PREVIEW_BATCHES = 2
"""Requests shown in full by the review's "Show JSON"."""

Item = dict[str, Any]
"""One PATCH item: ``{"id": ..., <changed field>: <value>}``."""


@dataclass(frozen=True, slots=True)
class SubmitOptions:
    """How a submission goes out. The defaults live here until the settings provide them."""

    wait: bool = False
    urgent: bool = False
    strict: bool = False
    lang: str = "en"
    batch_size: int | None = None
    """None: 100, or 50 with ``wait``."""
    in_flight: int = IN_FLIGHT
    check_conflicts: bool = True
    follow_timeout: float | None = 1800.0
    """Seconds to follow one operation before giving up (its edits stay pending)."""

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {', '.join(LANGS)}")
        if self.batch_size is not None and self.batch_size < 1:
            raise ValueError("batch size must be at least 1")
        if self.in_flight < 1:
            raise ValueError("at least one batch must be allowed in flight")

    @property
    def effective_batch_size(self) -> int:
        if self.batch_size is not None:
            return self.batch_size
        return WAIT_BATCH_SIZE if self.wait else BATCH_SIZE

    def with_(self, **changes: Any) -> SubmitOptions:
        return replace(self, **changes)

    def query(self) -> dict[str, str]:
        """The four query parameters as they go out (B.3), for display."""
        flag = {True: "true", False: "false"}
        return {"wait": flag[self.wait], "urgent": flag[self.urgent], "strict": flag[self.strict],
                "lang": self.lang}


@dataclass(slots=True)
class PatchPlan:
    """What a submission will send, in batches, and what it holds back."""

    items: list[Item]
    batch_size: int
    held_back: dict[str, dict[str, str]] = field(default_factory=dict)
    """{image id: {field: reason}} for images that may not be sent."""
    in_flight: list[str] = field(default_factory=list)
    """Images already on their way; their newer edits go out once they settle."""

    @property
    def batches(self) -> list[list[Item]]:
        return split_batches(self.items, self.batch_size)

    @property
    def image_count(self) -> int:
        return len(self.items)

    @property
    def field_count(self) -> int:
        return sum(len(item) - 1 for item in self.items)

    @property
    def ids(self) -> list[str]:
        return [item["id"] for item in self.items]

    def __bool__(self) -> bool:
        return bool(self.items)


def split_batches(items: list[Item], size: int) -> list[list[Item]]:
    """``items`` in consecutive batches of at most ``size``."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def preview_json(plan: PatchPlan, options: SubmitOptions, wire: Callable[[Item], Item] = dict,
                 batches: int = PREVIEW_BATCHES) -> str:
    """The exact JSON of the first ``batches`` requests, each headed by its method and query.

    ``wire`` turns an item into its wire form (the client's clear policy, B.2).
    """
    query = "&".join(f"{k}={v}" for k, v in options.query().items())
    all_batches = plan.batches
    parts: list[str] = []
    for number, batch in enumerate(all_batches[:batches], 1):
        body = [wire(item) for item in batch]
        parts.append(f"// PATCH /imgs?{query}  (request {number} of {len(all_batches)}, {len(batch)} images)\n"
                     + json.dumps(body, ensure_ascii=False, indent=2))
    if len(all_batches) > batches:
        parts.append(f"// … and {len(all_batches) - batches} more requests of the same form")
    return "\n".join(parts)


def plan_patch(buffer: EditBuffer, batch_size: int, image_ids: Iterable[str] | None = None) -> PatchPlan:
    """The PATCH for the pending edits of ``image_ids`` (default: every changed image).

    Images with an invalid pending value are held back whole (sending part of a user's edit of
    one image would leave it half-done); images already submitting are left for later.
    """
    ids = buffer.changed_ids() if image_ids is None else list(image_ids)
    with _collector_paused():
        return _plan(buffer, batch_size, ids)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while tens of thousands of acyclic dicts are made: with a
    large catalog loaded, the full collections that allocation triggers cost more than the build."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _plan(buffer: EditBuffer, batch_size: int, ids: list[str]) -> PatchPlan:
    items: list[Item] = []
    held: dict[str, dict[str, str]] = {}
    busy: list[str] = []
    for image_id in ids:
        edits = buffer.changes(image_id)
        if not edits:
            continue
        if buffer.in_flight(image_id) is not None:
            busy.append(image_id)
            continue
        reasons = _reasons(edits)
        if reasons is not None:
            held[image_id] = reasons
            continue
        items.append({"id": image_id, **edits})
    return PatchPlan(items, batch_size, held, busy)


_PLAIN_TEXT = frozenset({F.FieldKind.TEXT, F.FieldKind.LONG_TEXT, F.FieldKind.ENUM})
_TEXT, _LIST, _FLAG, _OTHER = range(4)
_SHAPE: dict[str, int] = {
    f.name: _TEXT if f.kind in _PLAIN_TEXT else _LIST if f.is_list else _FLAG if f.kind is F.FieldKind.FLAG
    else _OTHER
    for f in F.WRITABLE
}
"""Writable field -> the value shape that is valid without a closer look (an int: hashing an
enum member runs Python code, and this is looked up for every field of every image)."""


def _reasons(edits: dict[str, Any]) -> dict[str, str] | None:
    """{field: reason} for values that may not be sent (B.1), or None when all may go.

    Text, a list of text and a flag are accepted inline; anything else (dates, URLs, odd
    types) goes through the registry's validation, which has the final word.
    """
    reasons: dict[str, str] | None = None
    shapes = _SHAPE
    for name, value in edits.items():
        shape = shapes.get(name)
        if value is None:
            reason: str | None = F.BY_NAME[name].validate(None) if shape is not None \
                else "this field is never written"
            if reason is None:
                continue
        elif shape is None:
            reason = "this field is never written"
        elif (shape == _TEXT and value.__class__ is str) or (shape == _FLAG and value.__class__ is bool) or \
                (shape == _LIST and value.__class__ is list and all(v.__class__ is str for v in value)):
            continue
        else:
            reason = F.BY_NAME[name].validate(value)
        if reason:
            if reasons is None:
                reasons = {}
            reasons[name] = reason
    return reasons
