"""``wesog-desktop check-csv FILE``, run as a user runs it: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import TATE_CSV


def check(*args: str) -> tuple[int, str]:
    r = subprocess.run([sys.executable, "-m", "wesog_desktop", "check-csv", *args],
                       capture_output=True, text=True, encoding="utf-8", timeout=120)
    return r.returncode, r.stdout + r.stderr


def test_a_clean_file_exits_0_with_its_detection_and_mapping(tmp_path: Path) -> None:
    path = tmp_path / "clean.csv"
    path.write_text("Image ID;Título;Palabras clave\n1;Mañana;sol, mar\n2;Noche;luna\n", encoding="cp1252")
    code, out = check(str(path), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["detection"] == {"format": "csv", "encoding": "cp1252", "delimiter": ";", "has_header": True,
                                   "compressed": False, "rows": 2, "columns": 3}
    assert report["mapping"]["key"] == "Image ID"
    assert [c["field"] for c in report["mapping"]["columns"]] == ["id", "title", "keywords"]
    assert (report["usable_rows"], report["problem_rows"], report["findings"]) == (2, 0, [])


def test_rows_with_problems_exit_1_and_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,title,date,nsfw\n1,a,2020-01-01,yes\n,b,,\n3,c,c.1935,maybe\n1,d,,\n", encoding="utf-8")
    code, out = check(str(path), "--json")
    assert code == 1, out
    report = json.loads(out)
    assert [(f["row"], f["column"], f["value"]) for f in report["findings"]] == [
        (3, "id", ""), (4, "date", "c.1935"), (4, "nsfw", "maybe"), (5, "id", "1")]
    assert (report["usable_rows"], report["problem_rows"]) == (1, 3)
    code, text = check(str(path))
    assert code == 1
    assert "row 4, date: 'c.1935' is not a date: use YYYY-MM-DD" in text
    assert "row 5, id: the ID is already on row 2 ('1')" in text


def test_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    code, out = check(str(path), "--json")
    assert code == 2
    assert json.loads(out)["error"] == "image.csv is not a text or Excel file"
    code, out = check(str(tmp_path / "missing.csv"))
    assert code == 2 and "missing.csv cannot be read" in out


def test_a_mapping_file_and_a_key_column_are_honoured(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("ref,words,name\nR1,a|b,x\n", encoding="utf-8")
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"words": "keywords", "name": "title"}), encoding="utf-8")
    code, out = check(str(path), "--mapping", str(mapping), "--json")
    assert code == 1 and json.loads(out)["error"].startswith("no column holds the image IDs")
    code, out = check(str(path), "--mapping", str(mapping), "--key", "ref", "--json")
    assert code == 0, out
    assert json.loads(out)["mapping"]["key"] == "ref"
    code, out = check(str(path), "--key", "nope")
    assert code == 2 and "no column 'nope'" in out


def test_the_tate_csv_reports_its_undatable_dates() -> None:
    code, out = check(str(TATE_CSV), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["rows"] == 69_202 and report["mapping"]["key"] == "accession_number"
    assert len(report["findings"]) == 69_202
    assert {f["column"] for f in report["findings"]} == {"dateText"}
