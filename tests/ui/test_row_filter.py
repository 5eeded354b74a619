"""Sort keys of the table: case-blind text, yes before no, numbers, empty values always last."""

from __future__ import annotations

from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.ui.row_filter import RowFilter


def _filter() -> tuple[EditBuffer, RowFilter]:
    buffer = EditBuffer()
    buffer.add_records([{"id": "a", "title": "beta", "nsfw": True, "width": 5, "keywords": ["x"]},
                        {"id": "b"},
                        {"id": "c", "title": "Alpha", "nsfw": False, "width": 1},
                        {"id": "d", "title": "alpha", "width": 0}])
    return buffer, RowFilter(buffer)


def test_text_sorts_case_blind_keeping_ties_in_load_order_and_empty_last_both_ways() -> None:
    buffer, rows = _filter()
    assert rows.sorted_ids(buffer.ids, "title") == ["c", "d", "a", "b"]
    assert rows.sorted_ids(buffer.ids, "title", descending=True) == ["a", "c", "d", "b"]


def test_flags_numbers_and_lists_have_their_own_order_with_empty_last() -> None:
    buffer, rows = _filter()
    assert rows.sorted_ids(buffer.ids, "nsfw") == ["a", "c", "b", "d"]
    assert rows.sorted_ids(buffer.ids, "nsfw", descending=True) == ["c", "a", "b", "d"]
    assert rows.sorted_ids(buffer.ids, "width") == ["d", "c", "a", "b"]
    assert rows.sorted_ids(buffer.ids, "keywords", descending=True) == ["a", "b", "c", "d"]


def test_sorting_sees_pending_edits_and_filtering_sees_them_too() -> None:
    buffer, rows = _filter()
    buffer.put([("b", "title", "Aardvark")])
    assert rows.sorted_ids(buffer.ids, "title")[0] == "b"
    rows.forget(["b"])
    assert rows.matching(buffer.ids, "AARD") == ["b"]
