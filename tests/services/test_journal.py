"""Every unsubmitted edit and unsettled batch is on disk as it happens and comes back exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wesog_desktop.config import paths
from wesog_desktop.domain.conflicts import FieldConflict
from wesog_desktop.domain.edit_buffer import UNSET, EditBuffer
from wesog_desktop.services.journal import Journal, server_scope
from wesog_desktop.services.journal_restore import InFlightBatch, apply_restored

URL = "https://api.wesog.com"
KEY = "wk-live-journal-0123456789"
SERVER = server_scope(URL, KEY)


def records() -> list[dict]:
    return [{"id": str(i), "title": f"Title {i}", "keywords": ["sea", "sky"], "nsfw": False}
            for i in range(1, 21)]


def loaded() -> EditBuffer:
    buffer = EditBuffer()
    buffer.add_records(records())
    return buffer


@pytest.fixture
def journal() -> Iterator[Journal]:
    j = Journal()
    yield j
    j.close()


def reopen(journal: Journal) -> Journal:
    journal.close()
    return Journal(journal.path)


def journaled(journal: Journal, buffer: EditBuffer) -> dict:
    """What the journal would restore, next to what the buffer holds pending."""
    expected = {i: {n: (buffer.original(i, n), buffer.pending(i, n)) for n in buffer.changes(i)}
                for i in buffer.changed_ids()}
    return {"journal": journal.pending_for(SERVER).edits, "buffer": expected}


def test_the_journal_lives_in_the_data_folder(journal: Journal) -> None:
    assert journal.path == paths.data_dir() / "journal.sqlite3"


def test_edits_of_every_kind_come_back_after_a_restart(journal: Journal) -> None:
    buffer = loaded()
    journal.attach(buffer, SERVER)
    buffer.put([("1", "title", "Harbour at dawn"), ("1", "keywords", ["sea", "boats"]),
                ("2", "title", None), ("3", "nsfw", True), ("4", "caption", "A long caption — ünïcode")])
    again = reopen(journal)
    try:
        state = again.pending_for(SERVER)
        assert state.edits == {
            "1": {"title": ("Title 1", "Harbour at dawn"), "keywords": (["sea", "sky"], ["sea", "boats"])},
            "2": {"title": ("Title 2", None)},
            "3": {"nsfw": (False, True)},
            "4": {"caption": (None, "A long caption — ünïcode")},
        }
        assert not state.crashed and state.in_flight == []
        assert state.describe() == "5 unsubmitted edits on 4 images."
    finally:
        again.close()


def test_undo_and_revert_are_journaled(journal: Journal) -> None:
    buffer = loaded()
    journal.attach(buffer, SERVER)
    first = buffer.put([("1", "title", "A"), ("2", "title", "B")])
    second = buffer.put([("1", "title", "C"), ("3", "city", "Lima")])
    buffer.put(reversed(second))  # what Ctrl+Z does
    seen = journaled(journal, buffer)
    assert seen["journal"] == seen["buffer"] == {"1": {"title": ("Title 1", "A")}, "2": {"title": ("Title 2", "B")}}
    buffer.revert([("2", "title")])
    buffer.put(reversed(first))
    buffer.put([("5", "title", "Title 5")])  # typing the original value back is no edit
    assert journal.pending_for(SERVER).edits == {}


def test_a_large_import_is_journaled_whole() -> None:
    buffer = EditBuffer()
    buffer.add_records([{"id": str(i), "title": f"T{i}"} for i in range(20_000)])
    journal = Journal()
    journal.attach(buffer, SERVER)
    buffer.put([(str(i), field, f"{field} {i}") for i in range(20_000) for field in ("caption", "city")])
    assert journal.queued_seq == 1  # one notification, one queued change, however many cells
    assert journal.flush()
    assert journal.acknowledged_seq == 1
    state = reopen(journal)
    try:
        edits = state.pending_for(SERVER).edits
        assert len(edits) == 20_000
        assert edits["19999"] == {"caption": (None, "caption 19999"), "city": (None, "city 19999")}
    finally:
        state.close()


def test_a_confirmed_batch_leaves_the_journal_and_newer_edits_stay(journal: Journal) -> None:
    buffer = loaded()
    journal.attach(buffer, SERVER)
    buffer.put([("1", "title", "Sent"), ("2", "title", "Also sent")])
    buffer.mark_submitting("1", {"title": "Sent"})
    buffer.mark_submitting("2", {"title": "Also sent"})
    buffer.put([("2", "title", "Edited while in flight")])
    buffer.confirm("1")
    buffer.confirm("2")
    assert journal.pending_for(SERVER).edits == {"2": {"title": ("Also sent", "Edited while in flight")}}


def test_batches_come_back_as_in_flight_until_settled(journal: Journal) -> None:
    items_a = [{"id": "1", "title": "A"}, {"id": "2", "title": "B"}, {"id": "3", "title": None}]
    items_b = [{"id": "4", "keywords": []}]
    journal.record_batch_sent(SERVER, "run-1", None, items_a)
    journal.record_batch_sent(SERVER, "run-2", None, items_b)
    journal.record_batch_sent(SERVER, "run-1", 501, items_a)
    journal = reopen(journal)
    state = journal.pending_for(SERVER)
    assert state.in_flight == [InFlightBatch("run-1", 501, items_a), InFlightBatch("run-2", None, items_b)]
    assert state.image_ids == ["1", "2", "3", "4"]
    assert "2 batches had been sent (1 with an operation to follow)" in state.describe()
    journal.record_batch_settled("run-1", ["1"], {"2": "title too long"}, [])
    journal.record_batch_settled("run-2", [], {}, ["4"])
    state = journal.pending_for(SERVER)
    assert state.in_flight == [InFlightBatch("run-1", 501, [{"id": "3", "title": None}])]
    journal.record_batch_settled("run-1", ["3"], {}, [])
    assert not journal.pending_for(SERVER)
    journal.close()


def test_a_batch_settles_together_with_its_confirmations(journal: Journal) -> None:
    buffer = loaded()
    journal.attach(buffer, SERVER)
    buffer.put([("1", "title", "A")])
    journal.record_batch_sent(SERVER, "b", 7, [{"id": "1", "title": "A"}])
    buffer.mark_submitting("1", {"title": "A"})
    before = journal.queued_seq
    with journal.atomic():
        buffer.confirm("1")
        journal.record_batch_settled("b", ["1"], {}, [])
    assert journal.queued_seq == before + 1
    assert not journal.pending_for(SERVER)


def test_servers_and_keys_are_kept_apart(journal: Journal) -> None:
    other = server_scope(URL, "another-tenant-key-000")
    a, b = loaded(), loaded()
    journal.attach(a, SERVER)
    a.put([("1", "title", "mine")])
    journal.attach(b, other)
    b.put([("1", "title", "theirs")])
    a.put([("2", "title", "after switching: not journaled")])
    assert journal.pending_for(SERVER).edits == {"1": {"title": ("Title 1", "mine")}}
    assert journal.pending_for(other).edits == {"1": {"title": ("Title 1", "theirs")}}
    assert other != SERVER and SERVER.startswith(URL + "#")


def test_edits_left_for_later_survive_a_new_session(journal: Journal) -> None:
    old = loaded()
    journal.attach(old, SERVER)
    old.put([("1", "title", "from last time"), ("2", "title", "also")])
    journal = reopen(journal)
    buffer = loaded()
    journal.attach(buffer, SERVER)  # the user chose "Later"
    buffer.add_records(records())  # a refresh notifies every field of every image
    buffer.put([("3", "title", "new today")])
    edits = journal.pending_for(SERVER).edits
    assert set(edits) == {"1", "2", "3"}
    journal.discard(SERVER)  # "Discard" forgets the old ones, never today's
    assert journal.pending_for(SERVER).edits == {"3": {"title": ("Title 3", "new today")}}
    journal.close()


def test_restore_puts_edits_back_as_pending_and_reports_conflicts(journal: Journal) -> None:
    old = loaded()
    journal.attach(old, SERVER)
    old.put([("1", "title", "mine"), ("2", "title", "mine too"), ("3", "title", "already sent"),
             ("4", "keywords", ["a"])])
    state = reopen(journal).pending_for(SERVER)
    server_now = records()[:3]
    server_now[1]["title"] = "changed by a colleague"
    server_now[2]["title"] = "already sent"
    buffer = EditBuffer()
    buffer.add_records(server_now)
    report = apply_restored(buffer, state)
    assert report.applied == 2 and report.already_applied == 1 and report.missing == ["4"]
    assert report.conflicts.by_image == {
        "2": [FieldConflict("2", "title", "Title 2", "changed by a colleague", "mine too")]}
    assert buffer.changes("1") == {"title": "mine"} and buffer.changes("2") == {"title": "mine too"}
    assert buffer.changes("3") == {}
    assert buffer.row_state("1") == "modified"  # pending, not sent


def test_an_unclosed_journal_tells_the_next_run(journal: Journal) -> None:
    buffer = loaded()
    journal.attach(buffer, SERVER)
    buffer.put([("1", "title", "x")])
    assert journal.flush()
    second = Journal(journal.path)  # as if the first run had died here
    try:
        assert second.previous_run_crashed and second.pending_for(SERVER).crashed
    finally:
        second.close()


def test_the_key_never_reaches_the_journal(journal: Journal) -> None:
    buffer = loaded()
    journal.attach(buffer, SERVER)
    buffer.put([("1", "title", "x"), ("2", "caption", "y")])
    journal.record_batch_sent(SERVER, "b", 3, [{"id": "1", "title": "x"}])
    assert journal.flush()
    files = [p for p in Path(journal.path).parent.iterdir() if p.name.startswith("journal.sqlite3")]
    assert len(files) >= 2  # the database and its WAL
    assert all(KEY.encode() not in p.read_bytes() for p in files)
    assert any(b'"title":"x"' in p.read_bytes() for p in files)  # the scan did look at the data


def test_removing_a_cell_nobody_journaled_queues_nothing(journal: Journal) -> None:
    buffer = loaded()
    journal.attach(buffer, SERVER)
    buffer.put([("1", "title", UNSET)])
    buffer.fail("2", "refused")
    assert journal.queued_seq == 0


def test_after_restore_the_journal_holds_exactly_the_buffer(journal: Journal) -> None:
    """The start-up sequence: restore, apply, then discard the old rows (gone images, old batches)."""
    old = loaded()
    journal.attach(old, SERVER)
    old.put([("1", "title", "kept"), ("20", "title", "image deleted on the server since")])
    journal.record_batch_sent(SERVER, "old-run-1", 77, [{"id": "1", "title": "kept"}])
    journal = reopen(journal)
    state = journal.pending_for(SERVER)
    buffer = EditBuffer()
    buffer.add_records(records()[:5])
    journal.attach(buffer, SERVER)
    report = apply_restored(buffer, state)
    journal.discard(SERVER)
    assert report.missing == ["20"]
    journal = reopen(journal)
    after = journal.pending_for(SERVER)
    assert after.edits == {"1": {"title": ("Title 1", "kept")}} and after.in_flight == []
    assert not after.crashed
    journal.close()


def test_a_damaged_journal_is_kept_aside_and_a_new_one_started(caplog: pytest.LogCaptureFixture) -> None:
    path = paths.data_dir() / "journal.sqlite3"
    path.write_bytes(b"this is not a database, it was cut short by a disk failure" * 100)
    journal = Journal()
    try:
        assert journal.kept_aside is not None and journal.kept_aside.read_bytes().startswith(b"this is not")
        assert "damaged" in caplog.text
        buffer = loaded()
        journal.attach(buffer, SERVER)
        buffer.put([("1", "title", "still journaled")])
        assert journal.pending_for(SERVER).edits == {"1": {"title": ("Title 1", "still journaled")}}
    finally:
        journal.close()
