"""Clipboard text as spreadsheets write it round-trips, and a bad paste writes nothing."""

from __future__ import annotations

from wesog_desktop.domain.clipboard import cell_text, divides, fit_block, parse_tsv, plan_paste, to_tsv
from wesog_desktop.domain.fields import get


def test_excel_text_with_quoted_tabs_breaks_and_crlf_parses_into_the_right_cells() -> None:
    excel = 'Sunset\t"line one\r\nline two"\tRome\r\n"a\ttab"\t"say ""hi"""\t\r\n'
    assert parse_tsv(excel) == [["Sunset", "line one\nline two", "Rome"], ["a\ttab", 'say "hi"', ""]]


def test_ragged_rows_are_padded_and_blank_lines_are_empty_cells() -> None:
    assert parse_tsv("a\tb\n\nc\n") == [["a", "b"], ["", ""], ["c", ""]]
    assert parse_tsv("") == []


def test_copy_quotes_only_cells_that_need_it_and_parses_back_identically() -> None:
    block = [["plain", "two\nlines", 'a "quote"'], ["tab\there", "", "tree; sky"]]
    text = to_tsv(block)
    assert text.splitlines()[0].startswith("plain\t\"two")
    assert parse_tsv(text) == block


def test_a_copied_list_pastes_back_as_the_same_list() -> None:
    keywords = ["man, old", "arm/arms raised", "tree"]
    text = to_tsv([[cell_text("keywords", keywords)]])
    plan = plan_paste(parse_tsv(text), ["A1"], ["keywords"])
    assert plan.changes == [("A1", "keywords", keywords)]


def test_a_single_value_or_a_dividing_block_fills_a_larger_selection() -> None:
    assert fit_block([["x"]], 2, 3) == [["x"] * 3] * 2
    assert divides([["a", "b"]], 4, 4) and not divides([["a", "b"]], 4, 3)
    assert fit_block([["a", "b"]], 2, 4) == [["a", "b", "a", "b"]] * 2


def test_one_invalid_cell_means_nothing_is_pasted_and_each_bad_cell_is_named() -> None:
    block = [["2024-01-05", "yes"], ["not a date", "maybe"]]
    plan = plan_paste(block, ["A1", "A2"], ["date", "nsfw"])
    assert plan.changes == []
    assert [(e.image_id, e.field, e.text) for e in plan.errors] == [("A2", "date", "not a date"),
                                                                    ("A2", "nsfw", "maybe")]
    assert "A2, Date: 'not a date'" in plan.errors[0].describe()


def test_read_only_and_state_columns_are_skipped_and_named() -> None:
    plan = plan_paste([["x", "1", "Rome"]], ["A1"], [None, "width", "city"])
    assert plan.changes == [("A1", "city", "Rome")]
    assert plan.skipped_columns == ["State", get("width").label]


def test_pasting_an_empty_source_url_is_refused() -> None:
    plan = plan_paste([[""]], ["A1"], ["src"])
    assert plan.changes == [] and plan.errors[0].reason == "the source URL cannot be cleared"


def test_an_empty_cell_over_an_empty_source_url_is_no_error() -> None:
    current = {("A1", "src"): None, ("A2", "src"): "https://example.org/a2.jpg"}
    plan = plan_paste([[""], [""]], ["A1", "A2"], ["src"], lambda i, n: current[(i, n)])
    assert [(e.image_id, e.reason) for e in plan.errors] == [("A2", "the source URL cannot be cleared")]
