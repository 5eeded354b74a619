"""Find and replace over text fields and list entries, without widgets."""

from __future__ import annotations

import pytest

from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.find_replace import (
    Query,
    Scope,
    Tally,
    compile_query,
    count_matches,
    describe_replace,
    replace_changes,
)


@pytest.fixture
def buf() -> EditBuffer:
    b = EditBuffer()
    b.add_records([
        {"id": "A1", "caption": "NYC at night, nyc by day", "title": "NYC"},
        {"id": "A2", "caption": "Lights of NYCity", "keywords": ["nyc", "night"]},
        {"id": "A3", "caption": "Paris"},
    ])
    return b


IDS = ["A1", "A2", "A3"]


def _replace(buf: EditBuffer, names: list[str], **query: object) -> list:
    return replace_changes(compile_query(Query(**query)), Scope.of(buf), names)  # type: ignore[arg-type]


def test_plain_find_ignores_case_by_default_and_replaces_literally(buf: EditBuffer) -> None:
    changes = _replace(buf, ["caption"], find="nyc", replace=r"New York \1")
    assert changes[0] == ("A1", "caption", r"New York \1 at night, New York \1 by day")


def test_case_sensitive_and_whole_words(buf: EditBuffer) -> None:
    assert _replace(buf, ["caption"], find="nyc", replace="X", case_sensitive=True) == [
        ("A1", "caption", "NYC at night, X by day")]
    assert _replace(buf, ["caption"], find="NYC", replace="X", whole_words=True) == [
        ("A1", "caption", "X at night, X by day")]


def test_regex_with_groups(buf: EditBuffer) -> None:
    assert _replace(buf, ["caption"], find=r"(\w+) of (\w+)", replace=r"\2's \1", regex=True) == [
        ("A2", "caption", "NYCity's Lights")]


def test_list_entries_are_replaced_one_by_one(buf: EditBuffer) -> None:
    assert _replace(buf, ["keywords"], find="nyc", replace="new york", whole_words=True) == [
        ("A2", "keywords", ["new york", "night"])]


def test_preview_counts_matches_and_cells_and_adds_up_over_chunks(buf: EditBuffer) -> None:
    compiled = compile_query(Query("nyc"))
    whole = count_matches(compiled, Scope.of(buf), ["caption", "title"])
    assert whole.describe() == "4 matches in 2 captions, 1 title"
    parts = Tally()
    for chunk in Scope.of(buf, IDS).chunks(2):
        parts.add(count_matches(compiled, chunk, ["caption", "title"]))
    assert parts == whole
    assert count_matches(compile_query(Query("zzz")), Scope.of(buf), ["caption"]).describe() == "No matches"


def test_selection_only_touches_the_given_ids(buf: EditBuffer) -> None:
    changes = replace_changes(compile_query(Query("nyc", "X")), Scope.of(buf, ["A2"]), ["caption"])
    assert changes == [("A2", "caption", "Lights of Xity")]
    assert describe_replace(Query("nyc"), changes) == "Replace 'nyc' in 1 caption"


@pytest.mark.parametrize("query", [Query("(unclosed", regex=True), Query("a", r"\2", regex=True), Query("")])
def test_an_invalid_query_is_a_readable_error(query: Query) -> None:
    with pytest.raises(ValueError, match="Invalid|Type"):
        compile_query(query)


def test_replacing_everything_clears_the_text(buf: EditBuffer) -> None:
    assert _replace(buf, ["caption"], find="^Paris$", replace="", regex=True) == [("A3", "caption", None)]


def test_pending_edits_are_searched_not_the_server_values(buf: EditBuffer) -> None:
    buf.set_value("A3", "caption", "Paris, not NYC")
    assert _replace(buf, ["caption"], find="NYC", replace="LA", case_sensitive=True, whole_words=True)[-1] == (
        "A3", "caption", "Paris, not LA")
