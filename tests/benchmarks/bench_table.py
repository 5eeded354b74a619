"""The image table at Tate scale (69,202 rows): sort, filter, memory per row, one viewport.

Sorting and filtering work on precomputed keys (``ui.row_filter``); their floors are the plain
Python work on the same values: ``sorted()`` of the titles, a substring scan of a list of the
rows' lowercase texts. Memory is what loading adds per row (the buffer's indexes and the
model's row order, not the records themselves, which exist before), against a 2 KB budget.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
import tracemalloc
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from tests.benchmarks.common import Context, Figure  # noqa: E402
from wesog_desktop.api.client import WesogClient  # noqa: E402
from wesog_desktop.domain.edit_buffer import EditBuffer  # noqa: E402
from wesog_desktop.domain.records import Record  # noqa: E402
from wesog_desktop.ui.image_table_model import ImageTableModel  # noqa: E402
from wesog_desktop.ui.image_table_view import ImageTableView  # noqa: E402

PAGE = 10_000
WORD = "blake"


def _load(records: list[Record]) -> ImageTableModel:
    model = ImageTableModel(EditBuffer(), QUndoStack())
    for start in range(0, len(records), PAGE):
        model.append_records(records[start:start + PAGE])
    return model


def _memory_per_row(records: list[Record]) -> float:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    model = _load(records)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert model.rowCount() == len(records)
    return (after - before) / len(records)


def _memory_per_row_with_records(ctx: Context) -> float:
    """Everything a loaded row holds: its record as loaded through the client, buffer and model."""

    async def load() -> list[Record]:
        async with WesogClient(ctx.emulator_url(), ctx.api_key) as client:
            return [rec async for page in client.iter_pages(limit=PAGE) for rec in page.records]

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    records = asyncio.run(load())
    model = _load(records)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert model.rowCount() == len(records) == 69_202
    return (after - before) / len(records)


def _timed(setup: Callable[[], object], action: Callable[[], object]) -> float:
    setup()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _paired(setup: Callable[[], object], action: Callable[[], object], floor: Callable[[], object],
            repeat: int = 5) -> tuple[float, float]:
    """Best times of ``action`` and of its ``floor``, measured in turns so both see the same machine."""
    value = low = float("inf")
    for _ in range(repeat):
        value = min(value, _timed(setup, action))
        low = min(low, _timed(lambda: None, floor))
    return value, low


def run(ctx: Context) -> list[Figure]:
    app = QApplication.instance() or QApplication([])
    assert app is not None
    records = ctx.tate_records()
    figures = [Figure("table memory per row", _memory_per_row(records), 2048, 1.0, unit="B",
                      floor_name="2 KB budget"),
               Figure("  same, records loaded through the client", _memory_per_row_with_records(ctx), 2048, 1.0, unit="B",
                      floor_name="2 KB budget")]

    model = _load(records)
    title = model.column_of("title")
    titles = [model.buffer.value(i, "title") or "" for i in model.buffer.ids]
    asc, desc = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    plain_sort = "sorted() of the titles"
    for label, order in (("sort 69k rows by title", asc), ("sort by title, descending", desc)):
        value, floor = _paired(lambda: model.sort(0), lambda o=order: model.sort(title, o), lambda: sorted(titles))
        figures.append(Figure(label, value, floor, 3.0, floor_name=plain_sort))

    model.sort(0)
    start = time.perf_counter()
    model.set_quick_filter(WORD)  # composes the per-row texts (the window does it after loading)
    cold = time.perf_counter() - start
    hays = [model._filter.haystack(i) for i in model.buffer.ids]
    warm, scan = _paired(lambda: model.set_quick_filter(""), lambda: model.set_quick_filter(WORD),
                         lambda: [h for h in hays if WORD in h])
    figures.append(Figure(f"filter '{WORD}' (texts cached)", warm, scan, 3.0, floor_name="scan of a text list"))
    figures.append(Figure(f"filter '{WORD}' (texts not ready)", cold, scan, None, floor_name="scan of a text list"))
    model.set_quick_filter("")

    view = ImageTableView(model)
    view.resize(1300, 800)
    view.show()
    app.processEvents()
    view.scrollToBottom()
    app.processEvents()
    empty = QTableView()
    empty.resize(1300, 800)
    empty.show()
    app.processEvents()
    render, floor = _paired(lambda: None, view.grab, empty.grab)
    figures.append(Figure("render last viewport", render, floor, None, floor_name="grab of an empty table"))
    view.close()
    empty.close()
    view.deleteLater()
    empty.deleteLater()
    app.processEvents()
    return figures
