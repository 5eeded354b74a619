"""Replace-all over the 69,202-row Tate catalog in an ``EditBuffer`` vs a bare ``re.sub`` loop.

The measured work is what "Replace all" does: ``Scope.of`` (every loaded image's baseline and the
pending edits), ``replace_changes`` and ``EditBuffer.put`` of the changes. The floor runs the
same compiled pattern with ``re.sub`` over the same field of the same 69,202 records, with no
buffer, no change list and no pending state. Every Tate caption reads "date inscribed", so the
caption figure changes all 6,306 captions; titles are where the variety is. Target: at most 3×.
As ``timeit`` does, both sides run with the garbage collector paused (after a collection), so a
full collection of the 69,202 loaded records, due at a random moment, lands on neither side.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tests.benchmarks.common import Context, Figure, best_of
from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer
from wesog_desktop.domain.find_replace import Compiled, Query, Scope, compile_query, replace_changes
from wesog_desktop.domain.records import Record

REPEAT = 7
TARGET = 3.0
CASES = (
    ("caption", Query("inscribed", "inscribed by the artist")),
    ("title", Query("Study", "Sketch", whole_words=True, case_sensitive=True)),
    ("title", Query(r"\bthe\b", "The", regex=True, case_sensitive=True)),
)


@contextmanager
def _gc_paused() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _replace_all(compiled: Compiled, buffer: EditBuffer, name: str) -> list[CellChange]:
    """Replace all, as the dialog does it; returns what undo needs."""
    return buffer.put(replace_changes(compiled, Scope.of(buffer), [name]))


def _floor(compiled: Compiled, records: list[Record], name: str) -> Callable[[], list[str]]:
    sub, repl = compiled.pattern.sub, compiled.replacement
    return lambda: [sub(repl, v) for rec in records if (v := rec.get(name))]


def _timed_replace(compiled: Compiled, buffer: EditBuffer, name: str) -> tuple[float, int]:
    start = time.perf_counter()
    before = _replace_all(compiled, buffer, name)
    elapsed = time.perf_counter() - start
    buffer.put(before)  # back to a clean buffer, outside the measurement
    if buffer.counts() != (0, 0):
        raise RuntimeError("undoing the replace did not restore the buffer")
    return elapsed, len(before)


def run(ctx: Context) -> list[Figure]:
    records = ctx.tate_records()
    buffer = EditBuffer()
    buffer.add_records(records)
    figures: list[Figure] = []
    for name, query in CASES:
        compiled = compile_query(query)
        floor_fn = _floor(compiled, records, name)
        expected = sum(new != rec[name] for rec, new in zip(
            (r for r in records if r.get(name)), floor_fn(), strict=True))
        value = floor = float("inf")
        changed = 0
        for _ in range(REPEAT):  # alternate, so a busy moment of the machine hits both sides alike
            with _gc_paused():
                floor = min(floor, best_of(floor_fn, repeat=1))
            with _gc_paused():
                elapsed, changed = _timed_replace(compiled, buffer, name)
            value = min(value, elapsed)
        if changed != expected:
            raise RuntimeError(f"{query.find!r}: {changed} {name}s changed, re.sub changed {expected}")
        figures.append(Figure(f"replace '{query.find}' in {changed:,} {name}s", value, floor, TARGET,
                              floor_name=f"re.sub over the {name}s of {len(records):,} records"))
    return figures
