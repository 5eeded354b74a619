"""What an import would change, and every row it cannot use, before anything is applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from wesog_desktop.domain.records import Record
from wesog_desktop.domain.table_import import (
    Cancelled,
    ColumnMapping,
    Finding,
    ImportPreview,
    build_preview,
    read_table,
    suggest_mapping,
)

CURRENT: dict[str, Record] = {
    "A1": {"id": "A1", "title": "Old", "keywords": ["sky", "tree"], "nsfw": False, "date": "c.1935"},
    "A2": {"id": "A2", "title": "Same", "caption": "Kept"},
    "A3": {"id": "A3"},
}


def preview(tmp_path: Path, text: str, **options: object) -> ImportPreview:
    path = tmp_path / "import.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    mapping = suggest_mapping(table)
    for name, value in options.items():
        setattr(mapping, name, value)
    return build_preview(table, mapping, CURRENT.get)


def test_only_real_differences_are_changes(tmp_path: Path) -> None:
    p = preview(tmp_path, "id,title,nsfw,date\nA1,New,no,c.1935\nA2,Same,,\nA3,Fresh,yes,2020-1-2\n")
    assert p.diffs == {
        "A1": {"title": ("Old", "New")},
        "A3": {"title": (None, "Fresh"), "nsfw": (None, True), "date": (None, "2020-01-02")},
    }
    assert p.changes() == {"A1": {"title": "New"}, "A3": {"title": "Fresh", "nsfw": True, "date": "2020-01-02"}}
    assert (p.images_changing, p.fields_changing, p.unchanged_rows) == (2, 4, 1)
    assert p.problems() == []


def test_list_modes_replace_add_and_remove(tmp_path: Path) -> None:
    text = "id,keywords\nA1,sea; sky\n"
    assert preview(tmp_path, text).changes() == {"A1": {"keywords": ["sea", "sky"]}}
    assert preview(tmp_path, text, list_modes={"keywords": "add"}).changes() == {
        "A1": {"keywords": ["sky", "tree", "sea"]}}
    assert preview(tmp_path, text, list_modes={"keywords": "remove"}).changes() == {"A1": {"keywords": ["tree"]}}
    assert preview(tmp_path, "id,keywords\nA1,tree;sky\n", list_modes={"keywords": "add"}).diffs == {}


def test_blank_cells_keep_values_unless_blanks_clear(tmp_path: Path) -> None:
    text = "id,title,keywords,nsfw,caption\nA1,,,,\nA2,,  ,,\n"
    assert preview(tmp_path, text).diffs == {}
    cleared = preview(tmp_path, text, blank="clear")
    assert cleared.changes() == {
        "A1": {"title": None, "keywords": [], "nsfw": None},
        "A2": {"title": None, "caption": None},
    }
    assert preview(tmp_path, text, blank="clear", list_modes={"keywords": "add"}).changes()["A1"] == {
        "title": None, "nsfw": None}


def test_the_source_url_is_never_cleared(tmp_path: Path) -> None:
    CURRENT["A3"]["src"] = "https://example.org/a3.jpg"
    try:
        p = preview(tmp_path, "id,src\nA3,\n", blank="clear")
    finally:
        del CURRENT["A3"]["src"]
    assert p.diffs == {}
    assert p.invalid == [Finding(2, "src", "", "the source URL cannot be cleared")]


def test_dates_follow_the_confirmed_order(tmp_path: Path) -> None:
    text = "id,date\nA1,03/04/2020\nA3,05/06/2021\n"
    unconfirmed = preview(tmp_path, text)
    assert unconfirmed.diffs == {}
    assert [f.reason for f in unconfirmed.invalid] == [
        "'03/04/2020': day/month order not confirmed", "'05/06/2021': day/month order not confirmed"]
    assert preview(tmp_path, text, date_order="dmy").changes() == {
        "A1": {"date": "2020-04-03"}, "A3": {"date": "2021-06-05"}}
    assert preview(tmp_path, text, date_order="mdy").changes() == {
        "A1": {"date": "2020-03-04"}, "A3": {"date": "2021-05-06"}}


def test_invalid_cells_are_reported_with_row_column_value_and_reason(tmp_path: Path) -> None:
    p = preview(tmp_path, 'id,Title,Date,NSFW,src\nA1,New,"1803–5",maybe,ftp://x\n')
    assert p.changes() == {"A1": {"title": "New"}}  # the row's good cells still apply
    assert p.invalid == [
        Finding(2, "Date", "1803–5", "'1803–5' is not a date: use YYYY-MM-DD"),
        Finding(2, "NSFW", "maybe", "'maybe' is not yes, no or unknown"),
        Finding(2, "src", "ftp://x", "'ftp://x' is not an http or https URL"),
    ]
    assert p.problem_rows == 1


def test_duplicate_ids_rows_without_id_and_ids_not_loaded(tmp_path: Path) -> None:
    p = preview(tmp_path, "id,title\nA1,First\n,Orphan\nA1,Second\n  ,Blank\nZ9,Unknown\nA3,x\n")
    assert p.changes() == {"A1": {"title": "First"}, "A3": {"title": "x"}}
    assert p.without_id == [3, 5]
    assert p.duplicates == [Finding(4, "id", "A1", "the ID is already on row 2")]
    assert p.not_loaded == ["Z9"]
    assert [(f.row, f.reason) for f in p.problems()] == [
        (3, "no image ID"), (4, "the ID is already on row 2"), (5, "no image ID")]


def test_ragged_rows_are_reported_and_skipped(tmp_path: Path) -> None:
    p = preview(tmp_path, "id,title,caption\nA1,New\nA2,Other,Kept,extra\nA3,Fine,ok,,\n")
    assert p.changes() == {"A3": {"title": "Fine", "caption": "ok"}}
    assert [(f.row, f.reason) for f in p.ragged] == [
        (2, "the row has 2 cells, the header 3"), (3, "the row has 4 cells, the header 3")]


def test_a_value_equal_to_the_current_one_is_no_change_even_when_invalid(tmp_path: Path) -> None:
    p = preview(tmp_path, "id,date\nA1,c.1935\n")
    assert p.diffs == {} and p.invalid == [] and p.unchanged_rows == 1


def test_exported_formula_marks_are_removed(tmp_path: Path) -> None:
    p = preview(tmp_path, "id,title,caption\nA1,'=SUM(A1),'-- note\n")
    assert p.changes() == {"A1": {"title": "=SUM(A1)", "caption": "-- note"}}


def test_without_a_catalog_every_row_is_checked_as_new(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,title,date\nX1,T,2020-01-01\nX2,U,soon\n", encoding="utf-8")
    table = read_table(path)
    p = build_preview(table, suggest_mapping(table))
    assert p.not_loaded == [] and p.images_changing == 2
    assert [f.value for f in p.invalid] == ["soon"]


def test_without_a_key_column_there_is_no_preview(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("title,caption\nT,C\n", encoding="utf-8")
    table = read_table(path)
    with pytest.raises(ValueError, match="image IDs"):
        build_preview(table, ColumnMapping(table.columns), CURRENT.get)


def test_progress_is_reported_and_cancel_stops(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("id,title\n" + "".join(f"I{i},t{i}\n" for i in range(5000)), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    table = read_table(path, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] == len(path.read_text(encoding="utf-8"))
    steps: list[int] = []
    build_preview(table, suggest_mapping(table), progress=lambda d, t: steps.append(d))
    assert steps == [0, 1000, 2000, 3000, 4000, 5000]
    with pytest.raises(Cancelled):
        build_preview(table, suggest_mapping(table), cancelled=lambda: len(steps) > 7,
                      progress=lambda d, t: steps.append(d))
    with pytest.raises(Cancelled):
        read_table(path, cancelled=lambda: True)
