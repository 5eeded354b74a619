"""Cells on the clipboard as spreadsheets put them there: tab-separated text.

Copy writes rows separated by ``\\n`` and cells by tabs; a cell holding a tab, a line break or
a double quote is wrapped in quotes with its quotes doubled, as Excel and LibreOffice do. Paste
reads the same shape back, including ``\\r\\n`` line ends and quoted cells spanning lines. List
values travel joined with ``values.LIST_SEPARATOR`` (``"; "``) and come back through
``Field.parse``, so a copied list pastes as the same list.

Paste rule: every pasted text goes through ``Field.parse`` like typed text. If any target
cell's text is invalid, the paste applies nothing and reports each bad cell (image, field,
text, reason); read-only columns are skipped and named.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import CellChange

Block = list[list[str]]
"""Rows of cell texts, as read from or written to the clipboard."""

_NEEDS_QUOTES = frozenset('\t\n\r"')


def quote_cell(text: str) -> str:
    """The cell as a spreadsheet writes it: quoted only when it holds a tab, break or quote."""
    if _NEEDS_QUOTES.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def to_tsv(block: Block) -> str:
    """Tab-separated text of ``block`` (rows joined with ``\\n``, no trailing break)."""
    return "\n".join("\t".join(quote_cell(cell) for cell in row) for row in block)


def parse_tsv(text: str) -> Block:
    """Rows of cells from spreadsheet clipboard text; ragged rows are padded with "".

    Handles quoted cells with tabs, quotes and line breaks inside, and ``\\r\\n``/``\\r``
    line ends. One trailing line break (spreadsheets add it) does not make an empty row.
    """
    if not text:
        return []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"',
                        doublequote=True, strict=False)
    try:
        rows = [row or [""] for row in reader]
    except csv.Error as exc:
        raise ValueError(f"the clipboard text is not a table: {exc}") from None
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def cell_text(name: str, value: F.Value) -> str:
    """What a copied cell of field ``name`` holds (the cell's display text)."""
    return F.get(name).format(value)


def fit_block(block: Block, n_rows: int, n_cols: int) -> Block:
    """``block`` repeated over ``n_rows`` x ``n_cols`` (the caller checks that it divides)."""
    height, width = len(block), len(block[0])
    return [[block[r % height][c % width] for c in range(n_cols)] for r in range(n_rows)]


def divides(block: Block, n_rows: int, n_cols: int) -> bool:
    """True when copies of ``block`` tile an ``n_rows`` x ``n_cols`` selection exactly."""
    return bool(block) and n_rows % len(block) == 0 and n_cols % len(block[0]) == 0


@dataclass(frozen=True, slots=True)
class CellError:
    image_id: str
    field: str
    text: str
    reason: str

    def describe(self) -> str:
        return f"{self.image_id}, {F.get(self.field).label}: '{self.text}': {self.reason}"


@dataclass(slots=True)
class PastePlan:
    """What a paste would write: changes when there are no errors, else the errors only."""

    changes: list[CellChange] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    skipped_columns: list[str] = field(default_factory=list)
    """Labels of read-only columns the paste hit and left alone."""
    cells: int = 0
    """Writable cells the paste covers."""


def plan_paste(block: Block, ids: Sequence[str], names: Sequence[str | None],
               value_of: Callable[[str, str], Any] | None = None) -> PastePlan:
    """Parse ``block`` (already fitted to ``len(ids)`` x ``len(names)``) into cell changes.

    ``names[c]`` is the field of target column ``c`` (None for a column that is not a field,
    such as the state column). ``value_of(id, name)`` gives current values, so that an empty
    cell over an empty source URL is no error. All or nothing: with any error, ``changes``
    stays empty.
    """
    plan = PastePlan()
    columns: list[tuple[int, F.Field]] = []
    for c, name in enumerate(names):
        fld = F.BY_NAME.get(name) if name else None
        if fld is None or not fld.writable:
            plan.skipped_columns.append(fld.label if fld else "State")
        else:
            columns.append((c, fld))
    changes: list[CellChange] = []
    for r, image_id in enumerate(ids):
        row = block[r]
        for c, fld in columns:
            text = row[c]
            try:
                value = fld.parse(text)
                reason = fld.validate(value)
                if reason and value is None and value_of is not None and not value_of(image_id, fld.name):
                    reason = None  # nothing there to clear
            except ValueError as exc:
                reason = str(exc)
            if reason:
                plan.errors.append(CellError(image_id, fld.name, text, reason))
            else:
                changes.append((image_id, fld.name, value))
    plan.cells = len(ids) * len(columns)
    if not plan.errors:
        plan.changes = changes
    return plan
