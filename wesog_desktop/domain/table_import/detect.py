"""Detecting how a text table is written: its encoding, its delimiter and whether it has a header.

Encoding, in this order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), then strict UTF-8,
then charset-normalizer limited to the legacy code pages of the app's languages (cp1252 for
English, Spanish, Portuguese and French, which also reads latin-1 text; cp1251 and koi8-r for
Russian). A NUL byte without a UTF-16/32 mark, control characters, or no plausible encoding
mean the file is not text (control characters are only held against a guessed code page: binary
data is rarely valid UTF-8, and an exported text may hold a few). The caller can name the
encoding instead.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from itertools import islice

import charset_normalizer

from wesog_desktop.domain.table_import.errors import TableReadError
from wesog_desktop.domain.table_import.names import field_for, key_rank

DELIMITERS = (",", ";", "\t", "|")
LEGACY_ENCODINGS = ["cp1252", "cp1251", "koi8_r"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_ROWS = 100
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def not_text(name: str) -> TableReadError:
    return TableReadError(f"{name} is not a text or Excel file")


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def guess_legacy_encoding(data: bytes, name: str) -> str:
    """The legacy code page charset-normalizer finds for ``data`` (see the module doc)."""
    best = charset_normalizer.from_bytes(data[: 1024 * 1024], cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        raise not_text(name)
    return str(best.encoding)


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding used; ``TableReadError`` when it is not text."""
    if not data:
        raise TableReadError(f"{name} is empty")
    encoding = encoding or bom_encoding(data)
    if encoding is None and b"\x00" in data:
        raise not_text(name)
    guessed = False
    try:
        if encoding is None:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                encoding, guessed = guess_legacy_encoding(data, name), True
                text = data.decode(encoding)
        else:
            text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TableReadError(f"{name} is not valid {encoding} text (byte {exc.start})") from None
    except LookupError:
        raise TableReadError(f"{encoding!r} is not a known encoding") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    sample = text[:_SAMPLE_CHARS]
    if "\x00" in text or (guessed and len(_CONTROLS.findall(sample)) > len(sample) // 100):
        raise not_text(name)
    if not text or text.isspace():
        raise TableReadError(f"{name} is empty")
    return text, encoding


def sample_rows(text: str, delimiter: str) -> list[list[str]]:
    """The first records of ``text`` split with ``delimiter`` (a cut last record dropped)."""
    sample = text[:_SAMPLE_CHARS]
    rows: list[list[str]] = []
    try:
        for row in islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), _SAMPLE_ROWS):
            rows.append(row)
    except csv.Error:
        pass
    if len(sample) < len(text) and len(rows) > 1:
        rows.pop()
    return [r for r in rows if r]


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most consistent number of cells."""
    best, best_score = DELIMITERS[0], (False, 0.0, 0, 0)
    for priority, delimiter in enumerate(DELIMITERS):
        rows = sample_rows(text, delimiter)
        if not rows:
            continue
        width, count = Counter(len(r) for r in rows).most_common(1)[0]
        score = (width > 1, count / len(rows), width, -priority)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_NUMBER = re.compile(r"^[-+]?[\d.,]+%?$")
_DATE = re.compile(r"^\d{1,4}[-/.:]\d{1,2}[-/.:]\d{1,4}([ T].*)?$")


def cell_shape(cell: str) -> str:
    """A coarse type of a cell: blank, number, date, url, code (letters and digits) or text."""
    cell = cell.strip()
    if not cell:
        return "blank"
    if _NUMBER.match(cell):
        return "number"
    if _DATE.match(cell):
        return "date"
    if "://" in cell:
        return "url"
    if any(c.isdigit() for c in cell) and " " not in cell:
        return "code"
    return "text"


def looks_like_header(first: list[str], data: list[list[str]]) -> bool:
    """Whether ``first`` names the columns: known field names, or cells unlike the data below."""
    named = [c for c in first if c.strip()]
    known = sum(1 for c in named if field_for(c) is not None or key_rank(c) is not None)
    shapes = [cell_shape(c) for c in first]
    if any(s in ("number", "date", "url") for s in shapes):
        return False
    if known and known * 2 >= len(named):
        return True
    votes = 0
    for col, shape in enumerate(shapes):
        below = Counter(cell_shape(r[col]) for r in data if col < len(r) and r[col].strip())
        if not below:
            continue
        common, count = below.most_common(1)[0]
        if count * 5 < sum(below.values()) * 4:
            continue
        if common != shape:
            votes += 1
        elif shape != "text":  # a header is text, so text over text says nothing
            votes -= 1
    if votes:
        return votes > 0
    return bool(known) or (len(set(named)) == len(first) and len(first) > 1 and not data)
