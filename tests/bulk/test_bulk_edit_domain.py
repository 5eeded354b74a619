"""Summaries of a selection and the changes of one multi-edit, without widgets."""

from __future__ import annotations

import pytest

from wesog_desktop.domain.bulk_edit import (
    MIXED,
    FieldEdit,
    Mode,
    bulk_changes,
    describe,
    describe_all,
    summarize,
)
from wesog_desktop.domain.edit_buffer import EditBuffer


@pytest.fixture
def buf() -> EditBuffer:
    b = EditBuffer()
    b.add_records([
        {"id": "A1", "city": "Rome", "keywords": ["Tree", "sky"], "caption": "A pine"},
        {"id": "A2", "city": "Rome", "keywords": ["Tree"]},
        {"id": "A3", "keywords": ["sea"], "nsfw": False},
    ])
    return b


def test_summary_shows_common_value_or_mixed_and_entry_counts(buf: EditBuffer) -> None:
    s = summarize(buf, ["A1", "A2", "A3"])
    assert s["city"].common_value is MIXED and s["city"].distinct_count == 2
    assert summarize(buf, ["A1", "A2"])["city"].common_value == "Rome"
    assert s["keywords"].entry_counts == {"Tree": 2, "sea": 1, "sky": 1}
    assert s["title"].common_value is None and s["title"].distinct_count == 1
    assert s["nsfw"].common_value is MIXED  # False vs unknown


def test_summary_sees_pending_edits(buf: EditBuffer) -> None:
    buf.set_value("A3", "city", "Rome")
    assert summarize(buf, ["A1", "A2", "A3"], ["city"])["city"].common_value == "Rome"


def test_add_entry_keeps_other_entries_and_skips_images_that_have_it(buf: EditBuffer) -> None:
    edit = FieldEdit("keywords", Mode.ADD_ENTRIES, ["Tree"])
    assert bulk_changes(buf, ["A1", "A2", "A3"], [edit]) == [("A3", "keywords", ["sea", "Tree"])]


def test_remove_entry_and_only_where_empty(buf: EditBuffer) -> None:
    ids = ["A1", "A2", "A3"]
    assert bulk_changes(buf, ids, [FieldEdit("keywords", Mode.REMOVE_ENTRIES, ["Tree"])]) == [
        ("A1", "keywords", ["sky"]), ("A2", "keywords", [])]
    assert bulk_changes(buf, ids, [FieldEdit("city", Mode.ONLY_WHERE_EMPTY, "Paris")]) == [
        ("A3", "city", "Paris")]


def test_append_prepend_and_clear_text(buf: EditBuffer) -> None:
    ids = ["A1", "A2"]
    assert bulk_changes(buf, ids, [FieldEdit("caption", Mode.APPEND, "(c) Tate")]) == [
        ("A1", "caption", "A pine (c) Tate"), ("A2", "caption", "(c) Tate")]
    assert bulk_changes(buf, ids, [FieldEdit("caption", Mode.PREPEND, "New:")])[0] == (
        "A1", "caption", "New: A pine")
    assert bulk_changes(buf, ids, [FieldEdit("city", Mode.CLEAR)]) == [("A1", "city", None), ("A2", "city", None)]


def test_an_invalid_value_or_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        FieldEdit("date", Mode.REPLACE, "soon")
    with pytest.raises(ValueError):
        FieldEdit("nsfw", Mode.APPEND, True)
    with pytest.raises(ValueError):
        FieldEdit("width", Mode.REPLACE, 3)


def test_undo_texts_say_what_was_done(buf: EditBuffer) -> None:
    assert describe(FieldEdit("city", Mode.REPLACE, "Rome"), 12) == "Set city on 12 images"
    assert describe(FieldEdit("keywords", Mode.ADD_ENTRIES, ["tree"]), 500) == "Add keyword 'tree' to 500 images"
    assert describe(FieldEdit("categories", Mode.REMOVE_ENTRIES, ["x"]), 1) == "Remove category 'x' from 1 image"
    edits = [FieldEdit("city", Mode.REPLACE, "Oslo"), FieldEdit("country", Mode.REPLACE, "Norway")]
    changes = bulk_changes(buf, ["A1", "A2"], edits)
    assert describe_all(edits, changes) == "Edit city, country on 2 images"


def test_the_source_url_cannot_be_cleared_in_bulk() -> None:
    from wesog_desktop.domain.bulk_edit import modes_for
    from wesog_desktop.domain.fields import get
    assert Mode.CLEAR not in modes_for(get("src"))
    with pytest.raises(ValueError, match="source URL"):
        FieldEdit("src", Mode.REPLACE, None)
