"""Reading text tables: encodings, delimiters, quoting, header or not, and files that are not tables."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from wesog_desktop.domain.table_import import TableReadError, read_table

ROWS = [["id", "title", "keywords"], ["A1", "Café “crème” 5 €", "tree; sky"], ["A2", "Été", "sea"]]


def write(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    path.write_bytes("".join(delimiter.join(r) + "\r\n" for r in rows).encode(encoding))
    return path


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16", "utf-16"),        # Python writes the platform's order with a BOM
    ("utf-16-be", "utf-16"),     # BOM added below
    ("utf-16-le", "utf-16"),
    ("cp1252", "cp1252"),
])
def test_each_encoding_is_detected_and_the_text_comes_back(tmp_path: Path, encoding: str, expected: str) -> None:
    path = write(tmp_path / "t.csv", ROWS, encoding=encoding)
    if encoding in ("utf-16-be", "utf-16-le"):
        bom = "\ufeff".encode(encoding)
        path.write_bytes(bom + path.read_bytes())
    table = read_table(path)
    assert table.detection.encoding == expected
    assert table.columns == ROWS[0]
    assert table.rows == ROWS[1:]


def test_a_cp1252_file_is_not_taken_for_another_code_page(tmp_path: Path) -> None:
    rows = [["id", "titre", "légende"], ["1", "Été à Paris", "« vrai » prix : 10 €, “cité”"],
            ["2", "Crème brûlée", "naïve façade"]]
    table = read_table(write(tmp_path / "fr.csv", rows, ";", "cp1252"))
    assert (table.detection.encoding, table.detection.delimiter) == ("cp1252", ";")
    assert table.rows[0][2] == "« vrai » prix : 10 €, “cité”"


def test_a_cp1251_russian_file_reads_as_russian(tmp_path: Path) -> None:
    rows = [["id", "название", "автор"], ["1", "Ёжик в тумане", "Юрий Норштейн"], ["2", "Сказка сказок", "Он же"]]
    table = read_table(write(tmp_path / "ru.csv", rows, encoding="cp1251"))
    assert table.detection.encoding == "cp1251"
    assert table.rows[0] == ["1", "Ёжик в тумане", "Юрий Норштейн"]


def test_the_caller_can_name_the_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", [["id", "title"], ["1", "Ñandú"]], encoding="latin-1")
    assert read_table(path, encoding="latin-1").rows == [["1", "Ñandú"]]
    with pytest.raises(TableReadError, match="not a known encoding"):
        read_table(path, encoding="klingon")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_is_found_even_when_values_hold_the_others(tmp_path: Path, delimiter: str) -> None:
    rows = [["id", "title", "caption"], ["1", "a, b; c", "x | y"], ["2", "d;e", "f,g"], ["3", "h", "i"]]
    quoted = [[f'"{c}"' if any(d in c for d in delimiter) else c for c in r] for r in rows]
    table = read_table(write(tmp_path / "t.txt", quoted, delimiter))
    assert table.detection.delimiter == delimiter
    assert table.rows == rows[1:]


def test_quoted_newlines_and_doubled_quotes_stay_inside_the_cell(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id,caption\r\n1,"line one\r\nline ""two"", end"\r\n2,plain\r\n', encoding="utf-8", newline="")
    table = read_table(path)
    assert table.rows == [["1", 'line one\r\nline "two", end'], ["2", "plain"]]


def test_a_table_without_header_is_recognised(tmp_path: Path) -> None:
    rows = [["IMG_0001", "Sunset over the sea", "2020-06-01"], ["IMG_0002", "Harbour", "2020-06-02"]]
    table = read_table(write(tmp_path / "n.csv", rows))
    assert not table.detection.has_header
    assert table.columns == ["Column 1", "Column 2", "Column 3"]
    assert table.rows == rows and table.first_row == 1


def test_a_header_of_unknown_names_is_recognised_by_the_data_under_it(tmp_path: Path) -> None:
    rows = [["ref", "shot on", "link"], ["1035", "2020-06-01", "https://e.org/1"], ["1036", "2020-06-02", "https://e.org/2"]]
    table = read_table(write(tmp_path / "h.csv", rows))
    assert table.detection.has_header and table.columns == rows[0]


def test_header_detection_can_be_overridden(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ROWS)
    assert read_table(path, has_header=False).rows[0] == ROWS[0]


def test_a_gzipped_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress(b"id,title\n1,x\n"))
    table = read_table(path)
    assert table.detection.compressed and table.rows == [["1", "x"]]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  \n"])
def test_an_empty_file_is_a_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(TableReadError, match="empty.csv is empty"):
        read_table(path)


def test_a_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    with pytest.raises(TableReadError, match="photo.csv is not a text or Excel file"):
        read_table(path)


def test_an_old_excel_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(TableReadError, match="Excel 97-2003"):
        read_table(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match="nope.csv cannot be read"):
        read_table(tmp_path / "nope.csv")


def test_blank_lines_keep_the_row_numbers_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("id,title\n1,a\n\n3,c\n\n\n", encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["1", "a"], [], ["3", "c"]]
    assert table.row_count == 2
