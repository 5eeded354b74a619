"""The edit buffer keeps server values and pending edits apart, and never loses an edit."""

from __future__ import annotations

import pytest

from wesog_desktop.domain.edit_buffer import UNSET, EditBuffer, RowState


@pytest.fixture
def buf() -> EditBuffer:
    b = EditBuffer()
    b.add_records([
        {"id": "A1", "title": "Old", "keywords": ["tree", "sky"], "nsfw": False},
        {"id": "A2", "title": "Second"},
    ])
    return b


def test_an_edit_shows_the_new_value_and_keeps_the_original(buf: EditBuffer) -> None:
    buf.set_value("A1", "title", "New")
    assert (buf.value("A1", "title"), buf.original("A1", "title")) == ("New", "Old")
    assert buf.is_changed("A1", "title") and buf.counts() == (1, 1)
    assert buf.row_state("A1") == RowState.MODIFIED and buf.row_state("A2") == RowState.UNCHANGED


def test_editing_back_to_the_original_makes_the_cell_clean(buf: EditBuffer) -> None:
    buf.set_value("A1", "title", "New")
    buf.set_value("A1", "title", "Old")
    assert not buf.is_changed("A1", "title") and buf.counts() == (0, 0)
    buf.set_value("A2", "city", "")  # empty text over no value is no change
    assert buf.counts() == (0, 0)


def test_put_returns_what_undo_needs(buf: EditBuffer) -> None:
    before = buf.put([("A1", "title", "X"), ("A2", "city", "Paris")])
    assert before == [("A1", "title", UNSET), ("A2", "city", UNSET)]
    buf.put(before)
    assert buf.counts() == (0, 0) and buf.value("A1", "title") == "Old"


def test_listeners_hear_exactly_the_touched_cells(buf: EditBuffer) -> None:
    heard: list = []
    buf.subscribe(heard.append)
    buf.put([("A1", "title", "X"), ("A1", "nsfw", False)])  # nsfw unchanged: not reported
    assert heard == [[("A1", "title")]]


def test_lists_are_normalised_and_clearing_is_explicit(buf: EditBuffer) -> None:
    buf.set_value("A1", "keywords", [" tree", "sky", "sky"])
    assert not buf.is_changed("A1", "keywords")
    buf.set_value("A1", "keywords", [])
    assert buf.changes("A1") == {"keywords": []}


def test_invalid_pending_values_mark_the_row(buf: EditBuffer) -> None:
    buf.set_value("A1", "date", "c.1935")
    assert buf.row_state("A1") == RowState.INVALID
    assert "not a date" in buf.invalid_fields("A1")["date"]


def test_read_only_fields_are_refused(buf: EditBuffer) -> None:
    with pytest.raises(ValueError):
        buf.set_value("A1", "width", 3)


def test_confirm_moves_sent_values_into_the_baseline_and_keeps_edits_on_top(buf: EditBuffer) -> None:
    buf.put([("A1", "title", "Sent"), ("A1", "city", "Lima")])
    buf.mark_submitting("A1", buf.changes("A1"))
    assert buf.row_state("A1") == RowState.SUBMITTING
    buf.set_value("A1", "title", "Typed while submitting")
    buf.confirm("A1")
    assert buf.original("A1", "title") == "Sent" and buf.original("A1", "city") == "Lima"
    assert buf.changes("A1") == {"title": "Typed while submitting"}


def test_a_failure_keeps_the_edit_with_the_servers_reason(buf: EditBuffer) -> None:
    buf.set_value("A2", "date", "2024-01-02")
    buf.mark_submitting("A2", buf.changes("A2"))
    buf.fail("A2", "date: bad value")
    assert buf.row_state("A2") == RowState.FAILED and buf.failure("A2") == "date: bad value"
    assert buf.changes("A2") == {"date": "2024-01-02"} and buf.failed_ids() == ["A2"]


def test_an_unknown_outcome_leaves_edits_pending(buf: EditBuffer) -> None:
    buf.set_value("A2", "title", "T")
    buf.mark_submitting("A2", buf.changes("A2"))
    buf.settle_unknown("A2")
    assert buf.row_state("A2") == RowState.MODIFIED and buf.original("A2", "title") == "Second"


def test_a_fresh_read_replaces_the_baseline_but_keeps_edits(buf: EditBuffer) -> None:
    buf.put([("A1", "title", "Mine"), ("A1", "city", "Rome")])
    assert buf.add_records([{"id": "A1", "title": "Theirs", "city": "Rome"}, {"id": "A3"}]) == ["A3"]
    assert buf.changes("A1") == {"title": "Mine"} and buf.ids == ["A1", "A2", "A3"]
    assert buf.current("A1") == {"id": "A1", "title": "Mine", "city": "Rome"}
