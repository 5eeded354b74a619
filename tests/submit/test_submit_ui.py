"""The submit feature as the user meets it: review, the Operations dock, conflicts, retry."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog

from tests.conftest import Emulator
from tests.submit.conftest import patches
from tests.ui.conftest import (
    Driver,
    qloop,  # noqa: F401  (pattern B: the window Driver needs asyncio to see the loop running)
)
from wesog_desktop.domain.conflicts import Resolution
from wesog_desktop.domain.edit_buffer import EditBuffer, RowState
from wesog_desktop.domain.patch import SubmitOptions, plan_patch, preview_json
from wesog_desktop.domain.records import Operation
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.operation_tracker import Phase, TrackedOperation
from wesog_desktop.services.session import Session
from wesog_desktop.ui.conflict_dialog import ConflictDialog
from wesog_desktop.ui.main_window import MainWindow
from wesog_desktop.ui.review_dialog import ReviewDialog
from wesog_desktop.ui.status_panel import IMAGE_ROLE, StatusPanel


def tree_rows(tree: Any) -> list[str]:
    rows: list[str] = []

    def walk(item: Any) -> None:
        rows.append(" | ".join(item.text(c) for c in range(tree.columnCount())))
        for i in range(item.childCount()):
            walk(item.child(i))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return rows


@pytest.fixture
def edited() -> EditBuffer:
    b = EditBuffer()
    b.add_records([{"id": "A1", "title": "Old", "city": "Rome"}, {"id": "A2", "title": "Two"},
                   {"id": "A3", "date": "2001-01-01"}])
    b.put([("A1", "title", "New"), ("A1", "city", None), ("A2", "keywords", ["k"]), ("A3", "date", "2001-02-30")])
    return b


def review(buffer: EditBuffer, options: SubmitOptions | None = None) -> ReviewDialog:
    return ReviewDialog(buffer, options or SubmitOptions(), lambda o: plan_patch(buffer, o.effective_batch_size),
                        lambda p, o: preview_json(p, o))


def test_review_counts_images_and_fields_and_lists_old_and_new(qtbot: Any, edited: EditBuffer) -> None:
    dialog = review(edited)
    qtbot.addWidget(dialog)
    text = dialog.summary.text()
    assert "2 images" in text and "3 fields" in text
    rows = tree_rows(dialog.changes)
    assert "Title | Old | New" in rows and "City | Rome | (empty)" in rows and "Keywords | (empty) | k" in rows


def test_review_holds_back_invalid_images_with_the_reason(qtbot: Any, edited: EditBuffer) -> None:
    dialog = review(edited)
    qtbot.addWidget(dialog)
    (row,) = tree_rows(dialog.held)
    assert row.startswith("A3 | Date:") and "calendar" in row
    assert "A3" not in dialog.plan.ids and "1 image" in dialog.held_label.text()


def test_review_shows_the_exact_json_and_follows_the_options(qtbot: Any, edited: EditBuffer) -> None:
    dialog = review(edited)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.json_view.isVisible()
    qtbot.mouseClick(dialog.json_toggle, Qt.MouseButton.LeftButton)
    text = dialog.json_view.toPlainText()
    assert dialog.json_view.isVisible() and "PATCH /imgs?wait=false&urgent=false&strict=false&lang=en" in text
    body = json.loads(text[text.index("\n") + 1:])
    assert body == [{"id": "A1", "title": "New", "city": None}, {"id": "A2", "keywords": ["k"]}]
    dialog.urgent.setChecked(True)
    dialog.lang.setCurrentText("ru")
    assert "urgent=true" in dialog.json_view.toPlainText() and "lang=ru" in dialog.json_view.toPlainText()
    dialog.wait.setChecked(True)
    assert dialog.plan.batch_size == 50 and dialog.options().wait and dialog.options().lang == "ru"


def entry_with(op: Operation, ids: list[str]) -> TrackedOperation:
    entry = TrackedOperation([{"id": i, "title": "t"} for i in ids], SubmitOptions(urgent=True))
    entry.op_id, entry.operation, entry.phase = 7, op, Phase.RUNNING
    return entry


def test_status_panel_shows_progress_numbers_flags_and_errors(qtbot: Any) -> None:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    op = Operation(num_total=4, num_good=2, num_bad=1, is_started=True, idle_ms=12, exec_ms=340,
                   created_at="2026-01-01T10:00:00", do_urgent=True, do_wait=False, do_strict=False,
                   errors=[{"id": 1, "msg": "bad date"}, {"id": 99, "msg": "odd"}])
    entry = entry_with(op, ["A1", "A2", "A3", "A4"])
    panel.add(entry)
    item, bar = panel.row_of(entry), panel.progress_bar(entry)
    assert (bar.value(), bar.maximum()) == (3, 4) and "1 bad" in bar.format()
    assert [item.text(c) for c in (0, 1, 4, 5, 6)] == [f"Batch {entry.number} · op 7", "running", "12", "340",
                                                       "2026-01-01T10:00:00"]
    assert "urgent=yes" in item.text(9) and "wait=no" in item.text(9)
    assert [item.child(i).text(0) for i in range(item.childCount())] == ["image A2: bad date", "odd"]


def test_clicking_an_error_asks_for_its_image(qtbot: Any) -> None:
    panel = StatusPanel()
    qtbot.addWidget(panel)
    entry = entry_with(Operation(is_finished=True, num_total=2, num_good=1, num_bad=1,
                                 errors=[{"id": "B2", "msg": "not found"}]), ["B1", "B2"])
    panel.add(entry)
    panel.resize(800, 300)
    panel.show()
    qtbot.waitExposed(panel)
    child = panel.row_of(entry).child(0)
    panel.tree.scrollToItem(child)
    assert child.data(0, IMAGE_ROLE) == "B2"
    with qtbot.waitSignal(panel.image_requested) as blocker:
        rect = panel.tree.visualItemRect(child)
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["B2"]


def test_conflict_dialog_shows_three_values_and_offers_each_choice(qtbot: Any) -> None:
    from wesog_desktop.domain.conflicts import find_conflicts

    b = EditBuffer()
    b.add_records([{"id": "A1", "title": "Old"}, {"id": "A2", "title": "Two"}])
    b.put([("A1", "title", "Mine"), ("A2", "title", "Mine 2")])
    report = find_conflicts(b, {"A1": {"id": "A1", "title": "Theirs"}, "A2": {"id": "A2", "title": "Also"}},
                            ["A1", "A2"])
    dialog = ConflictDialog(report)
    qtbot.addWidget(dialog)
    assert "Title | Old | Theirs | Mine" in tree_rows(dialog.tree)
    assert set(dialog.resolutions().values()) == {Resolution.KEEP}
    dialog.choose("A2", Resolution.SKIP)
    assert dialog.resolutions() == {"A1": Resolution.KEEP, "A2": Resolution.SKIP}
    dialog.choose_all(Resolution.TAKE)
    assert set(dialog.resolutions().values()) == {Resolution.TAKE}


# -- the whole feature in the window, against the emulator ------------------------------------------

@pytest.fixture
def ui(qloop: qasync.QEventLoop, qtbot: Any, emulator: Emulator) -> Iterator[Driver]:  # noqa: F811
    d = Driver(qloop, qtbot, emulator)
    yield d
    d.close_all()


def open_window(d: Driver) -> MainWindow:
    session = Session(d.emulator.url, d.emulator.api_key, messages=MessageBridge(dialogs_allowed=True))
    window = MainWindow(session)
    d.windows.append(window)
    window.show()
    task = window.load("")
    assert task is not None
    d.run(task)
    return window


def answer_dialogs(window: MainWindow, *steps: Callable[[QDialog], None]) -> list[QDialog]:
    """Let each dialog the submit flow opens be handled by the next step (then accepted)."""
    seen: list[QDialog] = []
    pending = list(steps)

    def handle(dialog: QDialog) -> None:
        seen.append(dialog)
        step = pending.pop(0) if pending else (lambda d: None)

        def act() -> None:
            step(dialog)
            if dialog.isVisible():
                dialog.accept()
        QTimer.singleShot(0, act)

    window.submit_actions.dialog_shown.connect(handle)
    return seen


def test_ctrl_s_reviews_submits_and_the_dock_follows_to_the_end(ui: Driver) -> None:
    window = open_window(ui)
    a, b = window.buffer.ids[:2]
    window.buffer.put([(a, "title", "Sent from the window"), (b, "nsfw", True)])
    actions = window.submit_actions
    ui.until(actions.submit_action.isEnabled)
    assert actions.submit_action.shortcut().toString() == "Ctrl+S"
    seen = answer_dialogs(window)
    ui.emulator.clear_requests()
    actions.submit_action.trigger()
    ui.until(lambda: bool(actions.panel.entries()) and all(e.done for e in actions.panel.entries()))
    assert isinstance(seen[0], ReviewDialog)
    assert [r["body"] for r in patches(ui.emulator)] == [[{"id": a, "title": "Sent from the window"},
                                                          {"id": b, "nsfw": True}]]
    (entry,) = actions.panel.entries()
    assert entry.phase == Phase.FINISHED and actions.panel.progress_bar(entry).value() == 2
    assert actions.dock.isVisible() and window.buffer.counts() == (0, 0)
    assert ui.emulator.stored(a)["title"] == "Sent from the window"


@pytest.mark.parametrize("choice", list(Resolution))
def test_a_change_made_behind_the_apps_back_is_caught_and_resolved(ui: Driver, choice: Resolution) -> None:
    window = open_window(ui)
    image = window.buffer.ids[0]
    window.buffer.put([(image, "title", "My title"), (image, "city", "Lyon")])
    with httpx.Client(base_url=ui.emulator.url, trust_env=False) as other:
        other.patch("/imgs", params={"wait": "true", "urgent": "false", "strict": "false", "lang": "en"},
                    json=[{"id": image, "title": "Their title"}],
                    headers={"API-Key": ui.emulator.api_key}).raise_for_status()

    def decide(dialog: QDialog) -> None:
        assert isinstance(dialog, ConflictDialog)
        assert any("Their title" in row and "My title" in row for row in tree_rows(dialog.tree))
        dialog.choose(image, choice)

    seen = answer_dialogs(window, lambda d: None, decide)
    ui.emulator.clear_requests()
    task = window.submit_actions.submit()
    ui.run(task)
    assert [type(d) for d in seen] == [ReviewDialog, ConflictDialog]
    stored, buffer = ui.emulator.stored(image), window.buffer
    if choice is Resolution.KEEP:
        assert stored["title"] == "My title" and stored["city"] == "Lyon" and not buffer.changes(image)
    elif choice is Resolution.TAKE:
        assert stored["title"] == "Their title" and stored["city"] == "Lyon"
        assert buffer.value(image, "title") == "Their title" and not buffer.changes(image)
    else:
        assert not patches(ui.emulator) and stored["title"] == "Their title"
        assert buffer.changes(image) == {"title": "My title", "city": "Lyon"}
        assert buffer.original(image, "title") != "Their title"


def test_retry_failed_resubmits_only_the_failed_images(ui: Driver) -> None:
    window = open_window(ui)
    good = window.buffer.ids[0]
    window.model.append_records([{"id": "LATE-1", "title": "Not yet in Wesog"}])
    window.buffer.put([(good, "event", "Biennale"), ("LATE-1", "title", "Arrives later")])

    def strict(dialog: QDialog) -> None:
        assert isinstance(dialog, ReviewDialog)
        dialog.strict.setChecked(True)
        dialog.check_conflicts.setChecked(False)

    answer_dialogs(window, strict, lambda d: d.check_conflicts.setChecked(False))  # type: ignore[attr-defined]
    ui.run(window.submit_actions.submit())
    buffer = window.buffer
    assert buffer.row_state("LATE-1") == RowState.FAILED and "not found" in (buffer.failure("LATE-1") or "")
    assert buffer.row_state(good) == RowState.UNCHANGED
    ui.until(window.submit_actions.retry_action.isEnabled)

    panel = window.submit_actions.panel
    (entry,) = panel.entries()
    error = panel.row_of(entry).child(0)
    panel.tree.itemClicked.emit(error, 0)
    assert window.selected_ids() == ["LATE-1"]

    with httpx.Client(base_url=ui.emulator.url, trust_env=False) as admin:
        admin.post("/imgs", params={"wait": "true", "urgent": "false", "strict": "false", "lang": "en"},
                   json=[{"id": "LATE-1", "src": "http://example.org/late.jpg", "title": "Not yet in Wesog"}],
                   headers={"API-Key": ui.emulator.api_key}).raise_for_status()
    ui.emulator.clear_requests()
    window.submit_actions.retry_action.trigger()
    ui.until(lambda: len(panel.entries()) == 2 and panel.entries()[1].done)
    assert [r["body"] for r in patches(ui.emulator)] == [[{"id": "LATE-1", "title": "Arrives later"}]]
    assert buffer.row_state("LATE-1") == RowState.UNCHANGED and not buffer.failed_ids()
    assert ui.emulator.stored("LATE-1")["title"] == "Arrives later"


def test_without_dialogs_conflicting_images_are_skipped_not_overwritten(ui: Driver) -> None:
    window = ui.window()
    image, other_image = window.buffer.ids[:2]
    window.buffer.put([(image, "title", "Mine"), (other_image, "title", "Fine")])
    with httpx.Client(base_url=ui.emulator.url, trust_env=False) as other:
        other.patch("/imgs", params={"wait": "true", "urgent": "false", "strict": "false", "lang": "en"},
                    json=[{"id": image, "title": "Theirs"}], headers={"API-Key": ui.emulator.api_key})
    summary = ui.run(window.submit_actions.submit())
    assert summary is not None and summary.confirmed == [other_image]
    assert ui.emulator.stored(image)["title"] == "Theirs" and window.buffer.changes(image) == {"title": "Mine"}



def test_stop_following_in_the_dock_leaves_the_edits_pending(ui: Driver) -> None:
    window = ui.window()
    image = window.buffer.ids[0]
    window.buffer.put([(image, "technique", "Etching")])
    ui.emulator.set_faults("op-never-finishes")
    task = window.submit_actions.submit()
    panel = window.submit_actions.panel
    ui.until(lambda: bool(panel.entries()) and panel.entries()[0].op_id is not None)
    (entry,) = panel.entries()
    panel.row_of(entry).setSelected(True)
    panel.stop_button.click()
    summary = ui.run(task)
    assert summary is not None and list(summary.unknown) == [image] and entry.phase == Phase.LOST
    assert panel.row_of(entry).text(1) == Phase.LOST and "stopped" in panel.row_of(entry).child(0).text(0)
    assert window.buffer.row_state(image) == RowState.MODIFIED and window.buffer.changes(image) == {
        "technique": "Etching"}
