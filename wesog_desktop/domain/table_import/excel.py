"""Reading the first worksheet of an Excel ``.xlsx`` file as rows of text, with openpyxl.

Cells become the text a CSV of the same sheet would hold: numbers without a spurious ``.0``,
dates as ``YYYY-MM-DD`` (with ``THH:MM:SS`` when they carry a time), booleans as
``true``/``false``. Rows are cut or padded to the last column that holds a value; empty rows at
the end are dropped. A formula cell gives the value Excel last computed for it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import load_workbook

from wesog_desktop.domain.table_import.errors import (
    CHECK_EVERY,
    CancelCheck,
    Progress,
    TableReadError,
    checkpoint,
)

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


def cell_text(value: Any) -> str:
    """The text of one cell value as openpyxl returns it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def read_xlsx(
    data: bytes, name: str, progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> list[list[str]]:
    """The rows of the first worksheet; ``TableReadError`` when the workbook cannot be read."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken or foreign zip
        raise TableReadError(f"{name} is not a text or Excel file ({type(exc).__name__})") from None
    try:
        if not book.worksheets:
            raise TableReadError(f"{name} has no worksheet")
        sheet = book.worksheets[0]
        rows: list[list[str]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            rows.append([cell_text(v) for v in values])
            if number % CHECK_EVERY == 0:
                checkpoint(number, sheet.max_row or 0, progress, cancelled)
    except (KeyError, ValueError, TypeError) as exc:
        raise TableReadError(f"{name}: the workbook is damaged ({exc})") from None
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max((i + 1 for r in rows for i, c in enumerate(r) if c.strip()), default=0)
    return [r[:width] + [""] * (width - len(r)) for r in rows]
