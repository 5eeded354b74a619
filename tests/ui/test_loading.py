"""Loading the catalog: rows appear page by page, progress is shown, a load can be stopped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from wesog_desktop.services.catalog_loader import search_formula
from wesog_desktop.ui.main_window import MainWindow


def test_all_images_arrive_as_rows_with_progress(driver) -> None:
    window = driver.window(load=False)
    window.loader._page_size = 100
    progress: list[tuple[int, int]] = []
    pages: list[int] = []
    window.loader.progress.connect(lambda a, b: progress.append((a, b)))
    window.loader.page_loaded.connect(pages.append)
    rows_when_page_arrived: list[int] = []
    window.loader.page_loaded.connect(lambda _n: rows_when_page_arrived.append(window.model.rowCount()))
    driver.run(window.load())
    assert pages == [100, 100, 100]
    assert rows_when_page_arrived == [100, 200, 300]
    assert progress[-1] == (300, 300)
    assert window.model.rowCount() == 300
    assert "300 images" in window.load_status.rows.text()
    assert not window.load_status.progress.isVisible()
    assert window.windowTitle().startswith("Wesog Desktop — 127.0.0.1:")


def test_cancel_keeps_what_arrived_and_hides_the_progress(driver) -> None:
    window = driver.window(load=False)
    window.loader._page_size = 50
    window.loader.page_loaded.connect(lambda _n: window.cancel_load())
    cancelled: list[int] = []
    window.loader.cancelled.connect(cancelled.append)
    task = window.load()
    assert task is not None
    driver.run(asyncio_wait(task))
    assert task.cancelled()
    assert cancelled == [50]
    assert window.model.rowCount() == 50
    assert not window.load_status.progress.isVisible()
    assert "stopped after 50" in window.status_bar.currentMessage()


async def asyncio_wait(task) -> None:
    import asyncio

    await asyncio.wait([task])


def test_search_sends_the_formula_and_replaces_the_rows(driver, emulator) -> None:
    window = driver.window()
    emulator.clear_requests()
    window.search_bar.search.setText("Blake")
    window.search_bar.load_clicked()
    driver.until(lambda: not window.loader.running)
    queries = [r["query"].get("q") for r in emulator.requests() if r["path"] == "/imgs"]
    assert queries and queries[0] in ("t~Blake", ["t~Blake"])
    assert 0 < window.model.rowCount() < 300


def test_a_new_search_is_refused_while_edits_are_pending(window: MainWindow) -> None:
    model = window.model
    assert model.setData(model.index(0, model.column_of("city")), "Lisbon")
    assert window.load("Blake") is None
    assert "Submit or revert" in window.status_bar.currentMessage()
    assert model.rowCount() == 300
    assert window.buffer.counts() == (1, 1)


def test_plain_words_search_titles_and_formulas_go_as_typed() -> None:
    assert search_formula("  sunset beach ") == "t~sunset beach"
    assert search_formula("a=Blake && d>1800") == "a=Blake && d>1800"
    assert search_formula("k∩(tree, river)") == "k∩(tree, river)"
    assert search_formula("   ") is None


def test_a_failing_wesog_stops_the_load_with_a_message_and_keeps_the_window_usable(driver, emulator) -> None:
    emulator.set_faults("http-500:path=/imgs")
    window = driver.window(load=False)
    failures: list[str] = []
    window.loader.failed.connect(failures.append)
    driver.run(window.load())
    emulator.set_faults()
    assert failures and "500" in failures[0]
    assert window.status_bar.currentMessage() == failures[0]
    assert window.model.rowCount() == 0
    assert not window.load_status.progress.isVisible()
    driver.run(window.load())
    assert window.model.rowCount() == 300


@pytest.mark.slow
def test_the_whole_tate_catalog_loads_in_pages_and_stays_editable(tate_driver) -> None:
    window = tate_driver.window(load=False)
    pages: list[int] = []
    window.loader.page_loaded.connect(pages.append)
    tate_driver.run(window.load(), timeout=120)
    assert window.model.rowCount() == 69202
    assert pages[:6] == [10000] * 6 and sum(pages) == 69202
    assert "69,202 images" in window.load_status.rows.text()
    model = window.model
    model.sort(model.column_of("title"), Qt.SortOrder.AscendingOrder)
    last = model.id_at(model.rowCount() - 1)
    assert window.select_image(last)
    assert model.setData(model.index(model.rowCount() - 1, model.column_of("city")), "London")
    assert window.buffer.value(last, "city") == "London"
