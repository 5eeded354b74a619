"""Reading a ``.csv``, ``.tsv``, ``.txt`` or ``.xlsx`` file (optionally gzipped) into a ``Table``.

The format is told by the bytes, not the name: a gzip header is unpacked first, a zip is read
as an Excel workbook, anything else as delimited text (see ``detect``). Every cell stays the
text the file holds; turning cells into field values is ``cells``' and ``preview``'s work.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from wesog_desktop.domain.table_import import detect
from wesog_desktop.domain.table_import.errors import (
    CHECK_EVERY,
    CancelCheck,
    Progress,
    TableReadError,
    checkpoint,
)
from wesog_desktop.domain.table_import.excel import XLS_MAGIC, XLSX_MAGIC, read_xlsx

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Detection:
    """How the file was read. ``encoding`` and ``delimiter`` are None for a workbook."""

    format: str
    encoding: str | None
    delimiter: str | None
    has_header: bool
    compressed: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A file's cells: ``columns`` names every column, ``rows`` are the data rows in file order.

    A blank record stays in ``rows`` as ``[]`` so that row numbers match the file: ``rows[i]``
    is row ``first_row + i`` (the header, when there is one, is row 1).
    """

    name: str
    detection: Detection
    columns: list[str]
    rows: list[list[str]]

    @property
    def first_row(self) -> int:
        return 2 if self.detection.has_header else 1

    @property
    def row_count(self) -> int:
        """Data rows that are not blank."""
        return sum(1 for r in self.rows if r)


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    has_header: bool | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Table:
    """Read ``path``; ``encoding``, ``delimiter`` and ``has_header`` override the detection.

    ``progress(done, total)`` counts decoded characters (rows for a workbook). Raises
    ``TableReadError`` with a message for the user, or ``Cancelled``.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableReadError(f"{path.name} cannot be read: {exc.strerror or exc}") from None
    rows, detection = _read_rows(data, path.name, encoding, delimiter, progress, cancelled)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise TableReadError(f"{path.name} is empty")
    if has_header is None:
        has_header = detect.looks_like_header(rows[0], [r for r in rows[1 : 1 + 100] if r])
    if has_header:
        columns = [c.strip() or f"Column {i}" for i, c in enumerate(rows[0], 1)]
        rows = rows[1:]
    else:
        columns = [f"Column {i}" for i in range(1, len(rows[0]) + 1)]
    return Table(path.name, replace(detection, has_header=has_header), columns, rows)


def _read_rows(
    data: bytes,
    name: str,
    encoding: str | None,
    delimiter: str | None,
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> tuple[list[list[str]], Detection]:
    """All records of the file, and how they were read (``has_header`` not decided yet)."""
    compressed = data.startswith(GZIP_MAGIC)
    if compressed:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise TableReadError(f"{name} is a damaged gzip file") from None
    if data.startswith(XLS_MAGIC):
        raise TableReadError(f"{name} is an Excel 97-2003 workbook: save it as .xlsx or CSV")
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data, name, progress, cancelled), Detection("xlsx", None, None, False, compressed)
    text, encoding = detect.decode(data, name, encoding)
    delimiter = delimiter or detect.sniff_delimiter(text)
    rows = _parse(text, delimiter, name, progress, cancelled)
    return rows, Detection("csv", encoding, delimiter, False, compressed)


def _parse(
    text: str, delimiter: str, name: str, progress: Progress | None, cancelled: CancelCheck | None
) -> list[list[str]]:
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    rows: list[list[str]] = []
    total = len(text)
    try:
        while chunk := list(islice(reader, CHECK_EVERY)):
            rows += chunk
            checkpoint(stream.tell(), total, progress, cancelled)
    except csv.Error as exc:
        raise TableReadError(f"{name}, line {reader.line_num}: {exc}") from None
    return rows
