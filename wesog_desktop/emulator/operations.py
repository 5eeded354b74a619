"""Write operations and the one worker that runs them, in order (wesog-api.md A.3).

Every write becomes an ``Operation`` on a queue; urgent operations go ahead of the others
(first come, first served among themselves). The worker processes one element at a time with
a configurable delay, so that "queued", "running" and "finished" are all observable.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wesog_desktop.emulator.store import Catalog
from wesog_desktop.emulator.writes import ApplyElement

DEFAULT_DELAY_MS = 20.0
_YIELD_EVERY = 500  # without a delay, let requests in between this many elements


def _now() -> tuple[float, str]:
    return time.monotonic(), datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(eq=False)
class Operation:
    """One write: its elements, how to apply them, and its progress as Wesog reports it."""

    op_id: int
    method: str
    apply: ApplyElement
    items: list[Any]
    ids: list[Any]
    """The image ID of each element as the request gave it (for ``errors[].id``)."""
    wait: bool = False
    urgent: bool = False
    strict: bool = False
    error_ids: str = "id"
    never_finishes: bool = False
    num_good: int = 0
    num_bad: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    created: tuple[float, str] = field(default_factory=_now)
    started: tuple[float, str] | None = None
    finished: tuple[float, str] | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def fail(self, index: int, msg: str) -> None:
        self.num_bad += 1
        self.errors.append({"id": index if self.error_ids == "index" else self.ids[index], "msg": msg})

    def to_wire(self) -> dict[str, Any]:
        """The operation as ``GET /ops/{id}`` returns it (without its ID)."""
        finished = self.finished is not None
        return {
            "method": self.method,
            "resource": "image",
            "num_total": len(self.ids),
            "num_good": self.num_good,
            "num_bad": self.num_bad,
            "is_started": self.started is not None,
            "is_finished": finished,
            "all_good": False if self.num_bad else (True if finished else None),
            "do_wait": self.wait,
            "do_urgent": self.urgent,
            "do_strict": self.strict,
            "idle_ms": _ms(self.created, self.started),
            "exec_ms": _ms(self.started, self.finished),
            "created_at": self.created[1],
            "started_at": self.started[1] if self.started else None,
            "finished_at": self.finished[1] if self.finished else None,
            "errors": list(self.errors),
        }


def _ms(start: tuple[float, str] | None, end: tuple[float, str] | None) -> int | None:
    if start is None or end is None:
        return None
    return round((end[0] - start[0]) * 1000)


class OperationQueue:
    """All operations by ID, and the queue of those not started yet."""

    def __init__(self, catalog: Catalog, delay_ms: float = DEFAULT_DELAY_MS) -> None:
        self.catalog = catalog
        self.delay_ms = delay_ms
        self._ops: dict[int, Operation] = {}
        self._urgent: deque[Operation] = deque()
        self._normal: deque[Operation] = deque()
        self._wakeup = asyncio.Event()

    def submit(self, method: str, apply: ApplyElement, items: list[Any], ids: list[Any], *, wait: bool,
               urgent: bool, strict: bool, error_ids: str, never_finishes: bool) -> Operation:
        op = Operation(len(self._ops) + 1, method, apply, items, ids, wait=wait, urgent=urgent,
                       strict=strict, error_ids=error_ids, never_finishes=never_finishes)
        self._ops[op.op_id] = op
        (self._urgent if urgent else self._normal).append(op)
        self._wakeup.set()
        return op

    def get(self, op_id: int) -> Operation | None:
        return self._ops.get(op_id)

    def all(self) -> list[Operation]:
        return list(self._ops.values())

    async def run(self) -> None:
        """The worker: run queued operations one after the other, forever."""
        while True:
            if not self._urgent and not self._normal:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            op = (self._urgent or self._normal).popleft()
            await self._execute(op)

    async def _execute(self, op: Operation) -> None:
        op.started = _now()
        if op.never_finishes:
            return  # an injected fault: started, and that is all
        for index, item in enumerate(op.items):
            if self.delay_ms > 0:
                await asyncio.sleep(self.delay_ms / 1000)
            elif index % _YIELD_EVERY == _YIELD_EVERY - 1:
                await asyncio.sleep(0)
            msg = op.apply(self.catalog, item, op.strict)
            if msg is None:
                op.num_good += 1
            else:
                op.fail(index, msg)
        op.finished = _now()
        op.items = []
        op.done.set()
