"""The real-world Tate CSV (69,202 artworks): mapped, its undatable dates reported, fast enough to use."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter

import pytest

from tests.conftest import TATE_CATALOG, TATE_CSV
from wesog_desktop.domain.records import record_from_wire
from wesog_desktop.domain.table_import import build_preview, read_table, suggest_mapping

pytestmark = pytest.mark.slow

TATE_ROWS = 69_202


def test_the_tate_csv_is_read_mapped_and_its_undatable_dates_counted() -> None:
    table = read_table(TATE_CSV)
    assert (table.detection.encoding, table.detection.delimiter, table.detection.compressed) == ("utf-8", ",", True)
    assert table.row_count == TATE_ROWS
    mapping = suggest_mapping(table)
    assert {table.columns[c]: f for c, f in mapping.targets.items()} == {
        "accession_number": "id", "artist": "author", "title": "title", "medium": "medium",
        "dateText": "date", "thumbnailUrl": "url_img_thumbnail", "url": "src",
    }
    preview = build_preview(table, mapping)
    date_column = table.columns.index("dateText")
    undatable = [r[date_column] for r in table.rows if r[date_column].strip()
                 and not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", r[date_column].strip())]
    assert len(undatable) == TATE_ROWS  # not one Tate date is a calendar date
    assert len(preview.invalid) == len(undatable) == preview.problem_rows
    assert {f.column for f in preview.invalid} == {"dateText"}
    reasons = Counter(f.value for f in preview.invalid)
    assert reasons["date not known"] == 5974 and reasons["c.1830–41"] == 1194
    first = preview.invalid[0]
    assert (first.row, first.value) == (2, "date not known")
    assert preview.images_changing == TATE_ROWS and not preview.duplicates and not preview.without_id
    assert preview.changes()["A00001"]["author"] == "Robert Blake"


def test_importing_the_tate_csv_over_its_own_catalog_changes_nothing_and_reports_nothing() -> None:
    with gzip.open(TATE_CATALOG, "rt", encoding="utf-8") as lines:
        by_id = {r["id"]: r for r in map(record_from_wire, map(json.loads, lines))}
    table = read_table(TATE_CSV)
    preview = build_preview(table, suggest_mapping(table), by_id.get)
    assert preview.diffs == {} and preview.problems() == [] and preview.not_loaded == []
    assert preview.unchanged_rows == TATE_ROWS
    by_id["A00001"] = {"id": "A00001"}
    preview = build_preview(table, suggest_mapping(table), by_id.get)
    assert preview.changes()["A00001"]["title"].startswith("A Figure Bowing")
    assert [f.row for f in preview.invalid] == [2]  # its stored date no longer matches 'date not known'
