"""Excel workbooks: the first sheet read as the text a CSV of it would hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from wesog_desktop.domain.table_import import TableReadError, build_preview, read_table, suggest_mapping


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    sheet.cell(row=40, column=12).value = None  # a touched but empty cell far away
    book.save(path)
    return path


def test_a_workbook_is_read_with_typed_cells_as_text(tmp_path: Path) -> None:
    path = workbook(tmp_path / "sheet.xlsx", [
        ["Image ID", "Título", "Fecha", "NSFW", "Keywords"],
        [1035, "Mañana", dt.datetime(2020, 4, 25), True, "sky; tree"],
        [1036.0, "A “quoted”\nline", dt.date(2021, 1, 2), False, None],
    ])
    table = read_table(path)
    assert (table.detection.format, table.detection.has_header) == ("xlsx", True)
    assert table.columns == ["Image ID", "Título", "Fecha", "NSFW", "Keywords"]
    assert table.rows == [["1035", "Mañana", "2020-04-25", "true", "sky; tree"],
                          ["1036", "A “quoted”\nline", "2021-01-02", "false", ""]]


def test_a_workbook_imports_like_a_csv(tmp_path: Path) -> None:
    path = workbook(tmp_path / "sheet.xlsx", [["id", "title", "nsfw", "date"], ["A1", "New", "oui", "2020-04-25 10:00"]])
    table = read_table(path)
    preview = build_preview(table, suggest_mapping(table), lambda i: {"id": i, "title": "Old"})
    assert preview.changes() == {"A1": {"title": "New", "nsfw": True, "date": "2020-04-25"}}


def test_a_damaged_workbook_is_a_clear_error(tmp_path: Path) -> None:
    good = workbook(tmp_path / "good.xlsx", [["id"], ["1"]]).read_bytes()
    path = tmp_path / "bad.xlsx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(TableReadError, match="bad.xlsx is not a text or Excel file"):
        read_table(path)


def test_an_empty_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = workbook(tmp_path / "empty.xlsx", [])
    with pytest.raises(TableReadError, match="empty.xlsx is empty"):
        read_table(path)
