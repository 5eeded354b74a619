"""What an import would change: the ``ImportPreview`` the dialog shows before anything is applied.

Rules, row by row (row numbers are the file's, the header being row 1):

- A row whose cell count differs from the header's is reported and skipped (extra empty cells
  at its end are fine): a wrong count usually means a broken quote, and misaligned values must
  not be applied.
- The key cell is trimmed. A row without an ID is reported; a later row repeating an ID is
  reported and skipped (the first row wins); an ID that is not loaded is listed.
- A blank cell leaves the field as it is, unless the mapping says blanks clear (a list in add or
  remove mode is never cleared; the source URL cannot be cleared and is reported).
- A cell that cannot be read (see ``cells``) is reported and leaves its field unchanged; the
  row's other cells still apply. A cell whose text is exactly the current value is no change,
  even when the current value itself would not pass validation (the Tate dates).
- A field is a change only where the new value differs from the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.records import Record
from wesog_desktop.domain.table_import.cells import (
    apply_list,
    cleared,
    converter,
    same_value,
    unneutralise,
)
from wesog_desktop.domain.table_import.errors import CHECK_EVERY, CancelCheck, Progress, checkpoint
from wesog_desktop.domain.table_import.mapping import ColumnMapping
from wesog_desktop.domain.table_import.reading import Table

CurrentLookup = Callable[[str], Record | None]
"""The effective current record of an image (baseline plus pending edits), None if not loaded."""

_EMPTY: Record = {}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: the file's row number, the column name, the cell text and why."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportPreview:
    """The outcome of an import, computed without applying anything."""

    key_column: str
    rows: int = 0
    diffs: dict[str, dict[str, tuple[F.Value, F.Value]]] = field(default_factory=dict)
    unchanged_rows: int = 0
    not_loaded: list[str] = field(default_factory=list)
    duplicates: list[Finding] = field(default_factory=list)
    without_id: list[int] = field(default_factory=list)
    invalid: list[Finding] = field(default_factory=list)
    ragged: list[Finding] = field(default_factory=list)

    @property
    def images_changing(self) -> int:
        return len(self.diffs)

    @property
    def fields_changing(self) -> int:
        return sum(len(d) for d in self.diffs.values())

    def changes(self) -> dict[str, dict[str, F.Value]]:
        """``{id: {field: new value}}``, ready to apply as pending edits."""
        return {i: {name: new for name, (_old, new) in d.items()} for i, d in self.diffs.items()}

    def problems(self) -> list[Finding]:
        """Every finding in row order: bad rows, missing and repeated IDs, invalid cells."""
        missing = [Finding(r, self.key_column, "", "no image ID") for r in self.without_id]
        return sorted([*self.ragged, *missing, *self.duplicates, *self.invalid], key=lambda f: f.row)

    @property
    def problem_rows(self) -> int:
        """How many rows have at least one problem."""
        return len({f.row for f in self.problems()})


def build_preview(
    table: Table,
    mapping: ColumnMapping,
    current: CurrentLookup | None = None,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportPreview:
    """Compare ``table`` read through ``mapping`` with ``current`` (None: nothing is loaded, as
    in ``check-csv``: every ID is new and none is listed as not loaded).

    ``progress(done, total)`` counts rows. Raises ``ValueError`` when no column is the key,
    ``Cancelled`` when asked to stop.
    """
    key = mapping.key
    if key is None:
        raise ValueError("no column holds the image IDs: choose one")
    reader = _RowReader(table, mapping, ImportPreview(table.columns[key]))
    preview = reader.preview
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if index % CHECK_EVERY == 0:
            checkpoint(index, total, progress, cancelled)
        if not row:
            continue
        number = table.first_row + index
        image_id = reader.image_id(number, row, key)
        if image_id is None:
            continue
        record = _EMPTY if current is None else current(image_id)
        if record is None:
            preview.not_loaded.append(image_id)
            reader.diff(number, row, _EMPTY)  # only to report its invalid cells
        elif diff := reader.diff(number, row, record):
            preview.diffs[image_id] = diff
        else:
            preview.unchanged_rows += 1
    checkpoint(total, total, progress, cancelled)
    return preview


class _RowReader:
    """Reads rows into ``preview``: the row checks, then each mapped cell against the record."""

    def __init__(self, table: Table, mapping: ColumnMapping, preview: ImportPreview) -> None:
        self.preview = preview
        self.width = len(table.columns)
        self.clears = mapping.blank == "clear"
        self.seen: dict[str, int] = {}
        self.plan = [
            (col, fld.name, table.columns[col], fld,
             converter(fld, separator=mapping.separator(col), date_order=mapping.date_order),
             mapping.list_mode(fld.name) if fld.is_list else None)
            for col, fld in mapping.fields()
        ]

    def image_id(self, number: int, row: list[str], key: int) -> str | None:
        """The row's image ID, or None after reporting why the row cannot be used."""
        preview = self.preview
        preview.rows += 1
        if len(row) != self.width and (len(row) < self.width or any(row[self.width:])):
            preview.ragged.append(Finding(number, "", f"{len(row)} cells",
                                          f"the row has {len(row)} cells, the header {self.width}"))
            return None
        image_id = unneutralise(row[key]).strip()
        if not image_id:
            preview.without_id.append(number)
            return None
        if image_id in self.seen:
            preview.duplicates.append(Finding(number, preview.key_column, image_id,
                                              f"the ID is already on row {self.seen[image_id]}"))
            return None
        self.seen[image_id] = number
        return image_id

    def diff(self, number: int, row: list[str], record: Record) -> dict[str, tuple[F.Value, F.Value]]:
        """``{field: (old, new)}`` for the cells of ``row`` that change ``record``."""
        diff: dict[str, tuple[F.Value, F.Value]] = {}
        for col, name, column, fld, convert, mode in self.plan:
            raw = row[col]
            old = record.get(name)
            if not raw or raw.isspace():
                if not self.clears or (mode is not None and mode != "replace") or same_value(old, None):
                    continue
                new = cleared(fld)
                refused = fld.validate(new)
                if refused:
                    self.preview.invalid.append(Finding(number, column, raw, refused))
                    continue
            else:
                if raw[0] == "'":
                    raw = unneutralise(raw)
                if raw == old:
                    continue
                try:
                    new = convert(raw)
                except ValueError as exc:
                    if old is None or raw != fld.format(old):
                        self.preview.invalid.append(Finding(number, column, raw, str(exc)))
                    continue
                if mode is not None and isinstance(new, list):
                    new = apply_list(mode, old, new)
            if not same_value(old, new):
                diff[name] = (old, new)
        return diff
