"""Someone else's change to an edited field is caught, and each choice does what it says."""

from __future__ import annotations

import pytest

from wesog_desktop.domain.conflicts import Resolution, apply_resolutions, find_conflicts
from wesog_desktop.domain.edit_buffer import EditBuffer


@pytest.fixture
def buf() -> EditBuffer:
    b = EditBuffer()
    b.add_records([{"id": "A1", "title": "Old", "city": "Rome"}, {"id": "A2", "title": "Two"}])
    b.put([("A1", "title", "Mine"), ("A2", "title", "Mine too")])
    return b


FRESH = {"A1": {"id": "A1", "title": "Theirs", "city": "Paris"}, "A2": {"id": "A2", "title": "Two"}}


def test_a_field_changed_on_the_server_is_a_conflict_with_both_values(buf: EditBuffer) -> None:
    report = find_conflicts(buf, FRESH, ["A1", "A2"])
    (c,) = report.by_image["A1"]
    assert (c.field, c.baseline, c.server, c.mine) == ("title", "Old", "Theirs", "Mine")
    assert "A2" not in report.by_image and report.field_count == 1


def test_the_server_already_holding_my_value_is_no_conflict(buf: EditBuffer) -> None:
    report = find_conflicts(buf, {"A1": {"id": "A1", "title": "Mine"}}, ["A1"])
    assert not report.by_image


def test_a_deleted_image_is_reported_missing_and_skipped(buf: EditBuffer) -> None:
    report = find_conflicts(buf, {"A2": FRESH["A2"]}, ["A1", "A2"])
    assert report.missing == ["A1"]
    assert apply_resolutions(buf, report, FRESH, {}) == ["A1"]


@pytest.mark.parametrize("choice", list(Resolution))
def test_each_choice(buf: EditBuffer, choice: Resolution) -> None:
    report = find_conflicts(buf, FRESH, ["A1"])
    skipped = apply_resolutions(buf, report, FRESH, {"A1": choice})
    if choice is Resolution.SKIP:
        assert skipped == ["A1"] and buf.original("A1", "title") == "Old" and buf.value("A1", "title") == "Mine"
    elif choice is Resolution.KEEP:
        assert skipped == [] and buf.original("A1", "title") == "Theirs" and buf.value("A1", "title") == "Mine"
        assert buf.original("A1", "city") == "Paris"
    else:
        assert skipped == [] and buf.value("A1", "title") == "Theirs" and not buf.is_changed("A1", "title")
