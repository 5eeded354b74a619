"""Which column feeds which field, and how: the ``ColumnMapping`` the import dialog edits.

``suggest_mapping`` proposes one from the header names (see ``names``) and the column values
(list separators, date order). A mapping is saved as JSON by column *name*, so a saved mapping
applies to any file with the same headers; a hand-written ``{"Column": "field"}`` object works
too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, cast

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.table_import.cells import (
    LIST_SEPARATORS,
    DateOrder,
    ListMode,
    suggest_date_order,
    suggest_separator,
)
from wesog_desktop.domain.table_import.names import TARGETS, field_for, key_rank, normalise
from wesog_desktop.domain.table_import.reading import Table

BlankPolicy = Literal["keep", "clear"]
LIST_MODES: tuple[ListMode, ...] = ("replace", "add", "remove")
DATE_ORDERS: tuple[DateOrder, ...] = (None, "dmy", "mdy")


@dataclass
class ColumnMapping:
    """Column index -> field name (``"id"`` marks the key column), plus the import options.

    ``separators`` holds the list separator of each list column, ``list_modes`` whether a list
    field's cells replace, add to or remove from the current entries, ``blank`` whether a blank
    cell keeps the current value or clears it, ``date_order`` how ``03/04/2020`` is read.
    """

    columns: list[str]
    targets: dict[int, str] = field(default_factory=dict)
    separators: dict[int, str] = field(default_factory=dict)
    list_modes: dict[str, ListMode] = field(default_factory=dict)
    blank: BlankPolicy = "keep"
    date_order: DateOrder = None

    @property
    def key(self) -> int | None:
        """The index of the column holding the image IDs, or None."""
        return next((c for c, f in self.targets.items() if f == "id"), None)

    def target(self, column: int) -> str | None:
        return self.targets.get(column)

    def set_target(self, column: int, name: str | None) -> None:
        """Map ``column`` to field ``name`` (None unmaps it); a field has at most one column."""
        if name is not None and name not in TARGETS:
            raise ValueError(f"{name!r} is not a field a column can be imported into")
        if not 0 <= column < len(self.columns):
            raise IndexError(f"no column {column}")
        self.targets = {c: f for c, f in self.targets.items() if f != name and c != column}
        if name is not None:
            self.targets[column] = name

    def separator(self, column: int) -> str:
        return self.separators.get(column, LIST_SEPARATORS[0])

    def list_mode(self, name: str) -> ListMode:
        return self.list_modes.get(name, "replace")

    def fields(self) -> list[tuple[int, F.Field]]:
        """The mapped value columns (the key excluded), in column order."""
        return sorted((c, F.get(f)) for c, f in self.targets.items() if f != "id")

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "columns": [
                {"name": name, "field": self.targets.get(i)}
                | ({"separator": self.separators[i]} if i in self.separators else {})
                for i, name in enumerate(self.columns)
            ],
            "list_modes": dict(self.list_modes),
            "blank": self.blank,
            "date_order": self.date_order,
        }

    @classmethod
    def from_json(cls, data: Any, columns: list[str]) -> ColumnMapping:
        """The saved mapping ``data`` applied to a table with ``columns``; ``ValueError`` if invalid."""
        if not isinstance(data, dict):
            raise ValueError("a mapping is a JSON object")
        if "columns" not in data:
            data = {"columns": [{"name": k, "field": v} for k, v in data.items()]}
        mapping = cls(list(columns))
        used: set[int] = set()
        for entry in _entries(data["columns"]):
            column = find_column(columns, str(entry.get("name", "")), exclude=used, numbers=False)
            if column is None:
                continue
            used.add(column)
            mapping.set_target(column, _text_or_none(entry.get("field"), "field"))
            separator = entry.get("separator")
            if separator is not None:
                mapping.separators[column] = str(separator)
        modes = data.get("list_modes") or {}
        if not isinstance(modes, dict) or any(m not in LIST_MODES for m in modes.values()):
            raise ValueError(f"list_modes must map fields to one of {', '.join(LIST_MODES)}")
        mapping.list_modes = {str(k): cast(ListMode, v) for k, v in modes.items()}
        blank = data.get("blank", "keep")
        if blank not in ("keep", "clear"):
            raise ValueError("blank must be 'keep' or 'clear'")
        mapping.blank = blank
        date_order = data.get("date_order")
        if date_order not in DATE_ORDERS:
            raise ValueError("date_order must be null, 'dmy' or 'mdy'")
        mapping.date_order = date_order
        return mapping


def _entries(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise ValueError("columns must be a list of objects")
    return value


def _text_or_none(value: Any, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{what} must be text or null, not {value!r}")


def find_column(
    columns: list[str], name: str, *, exclude: set[int] | frozenset[int] = frozenset(), numbers: bool = True
) -> int | None:
    """The index of the column called ``name`` (exactly, then normalised, then a 1-based number)."""
    free = [i for i in range(len(columns)) if i not in exclude]
    for i in free:
        if columns[i] == name:
            return i
    wanted = normalise(name)
    for i in free:
        if normalise(columns[i]) == wanted:
            return i
    if numbers and name.isdigit() and 1 <= int(name) <= len(columns):
        return int(name) - 1
    return None


def suggest_mapping(table: Table) -> ColumnMapping:
    """The mapping the names and values of ``table`` suggest (see ``names`` for the rules)."""
    mapping = ColumnMapping(list(table.columns))
    if not table.detection.has_header:
        if table.columns:
            mapping.set_target(0, "id")
        return mapping
    ranked = [(rank, i) for i, name in enumerate(table.columns) if (rank := key_rank(name)) is not None]
    if ranked:
        mapping.set_target(min(ranked)[1], "id")
    for i, name in enumerate(table.columns):
        target = field_for(name)
        if target and target != "id" and target not in mapping.targets.values():
            mapping.set_target(i, target)
    complete_mapping(table, mapping)
    return mapping


def complete_mapping(table: Table, mapping: ColumnMapping) -> None:
    """Fill in what the values of ``table`` tell and ``mapping`` leaves open: the separator of
    each list column without one, and the date order when the date column proves it."""
    for i, fld in mapping.fields():
        cells = (r[i] for r in table.rows if i < len(r))
        if fld.is_list and i not in mapping.separators:
            mapping.separators[i] = suggest_separator(cells)
        elif fld.kind is F.FieldKind.DATE and mapping.date_order is None:
            mapping.date_order = suggest_date_order(cells)
