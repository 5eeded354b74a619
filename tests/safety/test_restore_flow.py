"""Edits and operations a previous run left in the journal come back at the next start."""

from __future__ import annotations

import httpx

from tests.conftest import Emulator
from tests.safety.conftest import SafetyDriver, click
from wesog_desktop.domain.edit_buffer import RowState
from wesog_desktop.services.operation_tracker import Phase
from wesog_desktop.ui.conflict_dialog import ConflictDialog
from wesog_desktop.ui.main_window import MainWindow
from wesog_desktop.ui.restore_dialog import RestoreDialog


def edit(window: MainWindow, row: int, name: str, value: str) -> str:
    model = window.model
    assert model.setData(model.index(row, model.column_of(name)), value)
    return model.id_at(row)


def keep_and_close(safety: SafetyDriver, window: MainWindow) -> None:
    safety.answers.append(click(lambda _d: window.safety_actions.keep_button))
    assert safety.close_window(window)
    safety.journals.pop().close()  # the app quits: the next window opens the journal afresh


def patches(emulator: Emulator) -> list[dict]:
    return [r for r in emulator.requests() if r["method"] == "PATCH"]


def restored_window(safety: SafetyDriver, *answers) -> MainWindow:
    safety.answers.extend(answers)
    window = safety.journaled_window(safety.journal())
    safety.until(lambda: window.safety_actions.restore_task is not None and window.safety_actions.restore_task.done())
    return window


def test_restore_puts_the_edits_back_as_pending_and_sends_nothing(safety: SafetyDriver, emulator: Emulator) -> None:
    first = safety.journaled_window(safety.journal())
    a = edit(first, 0, "title", "Harbour at dawn")
    b = edit(first, 5, "city", "Lisbon")
    keep_and_close(safety, first)
    emulator.clear_requests()

    window = restored_window(safety, click(lambda d: d.restore_button))
    assert isinstance(safety.dialogs[-1], RestoreDialog)
    assert "2 unsubmitted edits on 2 images" in safety.texts[-1]
    buffer = window.buffer
    assert buffer.changes(a) == {"title": "Harbour at dawn"} and buffer.changes(b) == {"city": "Lisbon"}
    assert buffer.row_state(a) == RowState.MODIFIED
    assert window.safety_actions.restore_task.result().applied == 2
    assert patches(emulator) == []
    safety.until(window.submit_actions.submit_action.isEnabled)  # Ctrl+S sends them when the user wants


def test_later_keeps_them_for_the_next_start_and_discard_forgets_them(safety: SafetyDriver) -> None:
    first = safety.journaled_window(safety.journal())
    a = edit(first, 0, "title", "Harbour at dawn")
    keep_and_close(safety, first)

    later = restored_window(safety, click(lambda d: d.later_button))
    assert later.buffer.counts() == (0, 0)
    assert safety.close_window(later)  # nothing pending in this run: no question
    safety.journals.pop().close()

    discard = restored_window(safety, click(lambda d: d.discard_button))
    assert discard.buffer.counts() == (0, 0)
    assert not discard.session.journal.pending_for(discard.session.server)
    assert [type(d) for d in safety.dialogs[1:]] == [RestoreDialog, RestoreDialog]
    assert a not in discard.buffer.changed_ids()


def test_a_field_changed_on_the_server_meanwhile_goes_to_the_conflict_dialog(
        safety: SafetyDriver, emulator: Emulator) -> None:
    first = safety.journaled_window(safety.journal())
    a = edit(first, 0, "title", "Mine")
    b = edit(first, 1, "title", "Also mine")
    keep_and_close(safety, first)
    with httpx.Client(base_url=emulator.url, headers={"API-Key": emulator.api_key}, trust_env=False) as c:
        c.patch("/imgs", params={"wait": "true", "urgent": "false", "strict": "false", "lang": "en"},
                json=[{"id": a, "title": "Someone else's"}]).raise_for_status()

    def take_theirs(dialog: ConflictDialog) -> None:
        assert list(dialog.resolutions()) == [a]
        dialog.choose_all(dialog.resolutions()[a].TAKE)
        dialog.accept()

    window = restored_window(safety, click(lambda d: d.restore_button), take_theirs)
    assert [type(d) for d in safety.dialogs[1:]] == [RestoreDialog, ConflictDialog]
    assert window.buffer.changes(a) == {} and window.buffer.value(a, "title") == "Someone else's"
    assert window.buffer.changes(b) == {"title": "Also mine"}
    window.undo_stack.undo()  # taking theirs was one undo step
    assert window.buffer.changes(a) == {"title": "Mine"}


def test_an_operation_followed_at_quit_is_followed_again_and_settles(safety: SafetyDriver, emulator: Emulator) -> None:
    emulator.configure(delay_ms=400)
    first = safety.journaled_window(safety.journal())
    ids = [edit(first, row, "caption", f"Caption {row}") for row in range(4)]
    first.session.messages.dialogs_allowed = False  # submit with the defaults, no review
    first.submit_actions.submit()
    history = first.submit_actions.submitter.history
    safety.until(lambda: bool(history) and history[0].op_id is not None)
    op_id = history[0].op_id
    first.session.messages.dialogs_allowed = True
    keep_and_close(safety, first)
    assert "1 operation sent to Wesog is still being followed" in safety.texts[0]
    emulator.configure(delay_ms=0)
    emulator.clear_requests()

    window = restored_window(safety, click(lambda d: d.restore_button))
    assert f"Operation {op_id}: 4 images, will be followed to its end" in safety.texts[-1]
    resumed = window.submit_actions.submitter.history
    assert [e.op_id for e in resumed] == [op_id]
    safety.until(lambda: resumed[0].done)
    assert resumed[0].phase == Phase.FINISHED
    buffer = window.buffer
    assert buffer.counts() == (0, 0)
    assert [buffer.original(i, "caption") for i in ids] == [f"Caption {row}" for row in range(4)]
    assert patches(emulator) == []  # followed, never sent again
    journal = window.session.journal
    assert not journal.pending_for(window.session.server)
