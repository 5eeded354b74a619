"""Exporting records: what the file holds, and that every exported table imports back unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.records import Record
from wesog_desktop.domain.table_export import export_csv
from wesog_desktop.domain.table_import import build_preview, read_table, suggest_mapping

RECORDS: list[Record] = [
    {"id": "A1", "title": "=HYPERLINK(\"http://evil\")", "keywords": ["man, old", "sky"], "nsfw": True,
     "date": "2020-04-25", "caption": "Line one\r\nline “two”\t-tabbed", "src": "https://example.org/a.jpg"},
    {"id": "A2", "title": "-5 °C in Москва", "keywords": [], "model_release": False, "status": "Active"},
]


def reimport(path: Path, current: dict[str, Record] | None = None) -> dict[str, dict[str, F.Value]]:
    table = read_table(path)
    known = current or {}
    return build_preview(table, suggest_mapping(table), lambda i: known.get(i, {"id": i})).changes()


def expected(records: list[Record]) -> dict[str, dict[str, F.Value]]:
    """What importing ``records`` over empty images changes (an empty list is no value)."""
    values = {r["id"]: {k: v for k, v in r.items() if k != "id" and v not in (None, [])} for r in records}
    return {i: v for i, v in values.items() if v}


def test_the_file_is_a_safe_csv_with_field_names_as_headers(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert export_csv(path, RECORDS, ["title", "keywords", "nsfw"]) == 2
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["id", "title", "keywords", "nsfw"],
                    ["A1", "'=HYPERLINK(\"http://evil\")", "man, old; sky", "yes"],
                    ["A2", "'-5 °C in Москва", "", ""]]


def test_options_bom_separator_and_no_neutralising(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_csv(path, RECORDS, ["title", "keywords"], bom=True, list_separator=" | ", neutralise_formulas=False)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,title,keywords\r\n")
    assert 'A1,"=HYPERLINK(""http://evil"")","man, old | sky"\r\nA2,-5 °C' in data.decode("utf-8-sig")
    assert reimport(path)["A1"]["keywords"] == ["man, old", "sky"]


def test_an_export_imports_back_to_the_same_values(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_csv(path, RECORDS)
    assert reimport(path) == expected(RECORDS)
    assert reimport(path, {r["id"]: r for r in RECORDS}) == {}


def test_changed_only_export_has_old_and_new_columns_and_reapplies_exactly(tmp_path: Path) -> None:
    originals = {"A1": {"id": "A1", "title": "Old", "keywords": ["sky"]}, "A2": {"id": "A2", "title": "Same"},
                 "A3": {"id": "A3", "nsfw": True}}
    edited = [{"id": "A1", "title": "New", "keywords": ["sky"]}, {"id": "A2", "title": "Same"},
              {"id": "A3", "nsfw": False}]
    path = tmp_path / "changes.csv"
    assert export_csv(path, edited, ["title", "keywords", "nsfw"], originals=originals) == 2
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["id", "title", "title (was)", "nsfw", "nsfw (was)"],
                    ["A1", "New", "Old", "", ""],
                    ["A3", "", "", "no", "yes"]]
    assert reimport(path, originals) == {"A1": {"title": "New"}, "A3": {"nsfw": False}}


_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
_TEXT = st.text(_CHARS, min_size=1, max_size=30).filter(lambda t: not t.isspace())
_ITEM = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00;|,"), min_size=1,
                max_size=12).map(str.strip).filter(bool)
_KIND_VALUES = {
    F.FieldKind.TEXT: _TEXT,
    F.FieldKind.LONG_TEXT: _TEXT,
    F.FieldKind.FLAG: st.booleans(),
    F.FieldKind.DATE: st.dates(min_value=dt.date(1000, 1, 1)).map(lambda d: d.isoformat()),
    F.FieldKind.ENUM: st.sampled_from(F.STATUS_VALUES),
    F.FieldKind.URL: st.from_regex(r"https://[a-z]{1,8}\.org/[A-Za-z0-9_~%.-]{0,12}", fullmatch=True),
    F.FieldKind.LIST: st.lists(_ITEM, max_size=4, unique=True),
}


_VALUES = st.fixed_dictionaries({}, optional={f.name: _KIND_VALUES[f.kind] for f in F.WRITABLE})


@st.composite
def _records(draw: st.DrawFn) -> list[Record]:
    ids = draw(st.lists(_TEXT.map(str.strip).filter(bool), min_size=1, max_size=5, unique=True))
    return [{"id": image_id, **draw(_VALUES)} for image_id in ids]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=_records(), bom=st.booleans())
def test_any_exported_table_reads_back_identically(records: list[Record], bom: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        export_csv(path, records, bom=bom)
        assert reimport(path) == expected(records)
