"""Editing many images at once: per-field summaries and the cell changes of one operation.

``summarize`` tells the multi-edit panel, for each field, the value the selected images share
(or ``MIXED``), how many distinct values they hold and, for lists, how many images carry each
entry. ``bulk_changes`` turns the user's ``FieldEdit``s into ``CellChange``s for exactly the
cells whose value changes; fields without an edit are never touched. Both are plain loops over
the buffer, fast enough for 70,000 images.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Final

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer, same_value
from wesog_desktop.domain.values import dedupe


class _Mixed:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MIXED"


MIXED: Final = _Mixed()
"""The common value of a field whose selected images hold different values."""

TEXT_KINDS = frozenset({F.FieldKind.TEXT, F.FieldKind.LONG_TEXT})


Overlay = dict[str, dict[str, Any]]
"""The pending edits of the images that have any: {image id: {field: value}}."""


def pending_overlay(buffer: EditBuffer) -> Overlay:
    """The buffer's pending edits; a value is its baseline with these laid over it.

    Loops over many rows read ``buffer.baselines()`` and this overlay instead of calling
    ``buffer.value`` per cell; a chunked job computes it once (and restarts when edits change).
    """
    return {image_id: buffer.changes(image_id) for image_id in buffer.changed_ids()}


@dataclass(frozen=True, slots=True)
class FieldSummary:
    common_value: Any
    """The value every selected image has (None when all are empty), or MIXED."""
    distinct_count: int
    """Distinct values, counting "empty" as one value."""
    entry_counts: dict[str, int] = field(default_factory=dict)
    """List fields: entry -> images having it, most frequent first."""


def summarize(buffer: EditBuffer, ids: Sequence[str],
              names: Iterable[str] | None = None) -> dict[str, FieldSummary]:
    """The summary of each field (default: all fields) over the images ``ids``."""
    wanted = [f.name for f in F.FIELDS] if names is None else list(names)
    distinct: dict[str, dict[Any, Any]] = {n: {} for n in wanted}
    filled: dict[str, int] = dict.fromkeys(wanted, 0)
    lists: dict[str, list[list[str]]] = {f.name: [] for f in F.LIST_FIELDS if f.name in filled}
    base, overlay = buffer.baselines(), pending_overlay(buffer)
    for image_id in ids:
        record = base[image_id]
        if overlay and (edits := overlay.get(image_id)):
            record = {**record, **edits}
        for name, value in record.items():
            seen = distinct.get(name)
            if seen is None or value is None or value == "" or value == []:
                continue
            filled[name] += 1
            if type(value) is list:
                lists[name].append(value)
                key: Any = tuple(value)
            else:
                key = value
            if key not in seen:
                seen[key] = value
    out: dict[str, FieldSummary] = {}
    for name in wanted:
        seen = distinct[name]
        has_empty = filled[name] < len(ids)
        count = len(seen) + (1 if has_empty else 0)
        if count == 1:
            common = None if has_empty else next(iter(seen.values()))
        else:
            common = None if count == 0 else MIXED
        found = Counter(chain.from_iterable(lists.get(name, ())))
        ordered = dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
        out[name] = FieldSummary(common, count, ordered)
    return out


class Mode(enum.Enum):
    """How a typed value applies to each selected image."""

    REPLACE = "Replace"
    APPEND = "Append"
    PREPEND = "Prepend"
    CLEAR = "Clear"
    ONLY_WHERE_EMPTY = "Only where empty"
    ADD_ENTRIES = "Add entries"
    REMOVE_ENTRIES = "Remove entries"


def modes_for(fld: F.Field) -> tuple[Mode, ...]:
    """The modes the panel offers for ``fld`` (first one is the default)."""
    if fld.is_list:
        return (Mode.ADD_ENTRIES, Mode.REPLACE, Mode.CLEAR, Mode.ONLY_WHERE_EMPTY)
    if fld.kind in TEXT_KINDS:
        return (Mode.REPLACE, Mode.APPEND, Mode.PREPEND, Mode.CLEAR, Mode.ONLY_WHERE_EMPTY)
    if not fld.clearable:
        return (Mode.REPLACE, Mode.ONLY_WHERE_EMPTY)
    return (Mode.REPLACE, Mode.CLEAR, Mode.ONLY_WHERE_EMPTY)


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """One operation on one field: ``value`` is a typed value (a list of entries for lists)."""

    name: str
    mode: Mode
    value: Any = None
    separator: str = " "
    """Put between the old text and appended/prepended text when both are non-empty."""

    def __post_init__(self) -> None:
        fld = F.get(self.name)
        if not fld.writable:
            raise ValueError(f"{fld.label} is read-only")
        if self.mode not in modes_for(fld) and self.mode is not Mode.REMOVE_ENTRIES:
            raise ValueError(f"{self.mode.value} does not apply to {fld.label}")
        if self.mode is Mode.REMOVE_ENTRIES and not fld.is_list:
            raise ValueError(f"{fld.label} has no entries")
        reason = fld.validate(self.value)
        if reason and self.mode in (Mode.REPLACE, Mode.ONLY_WHERE_EMPTY):
            raise ValueError(reason)

    def apply(self, old: Any) -> Any:
        """The new value of a field that holds ``old``."""
        mode, value = self.mode, self.value
        if mode is Mode.REPLACE:
            return value
        if mode is Mode.CLEAR:
            return [] if F.get(self.name).is_list else None
        if mode is Mode.ONLY_WHERE_EMPTY:
            return value if old in (None, "", []) else old
        if mode is Mode.APPEND or mode is Mode.PREPEND:
            if not value:
                return old
            if not old:
                return value
            return f"{old}{self.separator}{value}" if mode is Mode.APPEND else f"{value}{self.separator}{old}"
        if mode is Mode.ADD_ENTRIES:
            return dedupe([*(old or []), *value])
        gone = set(value)
        return [entry for entry in (old or []) if entry not in gone]


def bulk_changes(buffer: EditBuffer, ids: Sequence[str], edits: Sequence[FieldEdit]) -> list[CellChange]:
    """The changes of applying ``edits`` (in order, per field) to the images ``ids``.

    Only cells whose value really changes are listed; other fields are never touched.
    """
    by_field: dict[str, list[FieldEdit]] = {}
    for edit in edits:
        by_field.setdefault(edit.name, []).append(edit)
    changes: list[CellChange] = []
    for name, field_edits in by_field.items():
        for image_id in ids:
            old = buffer.value(image_id, name)
            new = old
            for edit in field_edits:
                new = edit.apply(new)
            if not same_value(new, old):
                changes.append((image_id, name, new))
    return changes


def entry_noun(fld: F.Field) -> str:
    """"keyword" for Keywords, "category" for Categories."""
    word = fld.label.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def images(n: int) -> str:
    return "1 image" if n == 1 else f"{n:,} images"


def _entries(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def describe(edit: FieldEdit, n_images: int) -> str:
    """The undo text of one edit that changed ``n_images`` images."""
    fld = F.get(edit.name)
    label, many = fld.label.lower(), images(n_images)
    if edit.mode is Mode.ADD_ENTRIES:
        noun = entry_noun(fld) if len(edit.value) == 1 else fld.label.lower()
        return f"Add {noun} {_entries(edit.value)} to {many}"
    if edit.mode is Mode.REMOVE_ENTRIES:
        noun = entry_noun(fld) if len(edit.value) == 1 else fld.label.lower()
        return f"Remove {noun} {_entries(edit.value)} from {many}"
    if edit.mode is Mode.APPEND:
        return f"Append to {label} on {many}"
    if edit.mode is Mode.PREPEND:
        return f"Prepend to {label} on {many}"
    if edit.mode is Mode.CLEAR:
        return f"Clear {label} on {many}"
    if edit.mode is Mode.ONLY_WHERE_EMPTY:
        return f"Set {label} where empty on {many}"
    return f"Set {label} on {many}"


def describe_all(edits: Sequence[FieldEdit], changes: Sequence[CellChange]) -> str:
    """The undo text of one Apply: one edit names itself, several name their fields."""
    n_images = len({image_id for image_id, _, _ in changes})
    if len(edits) == 1:
        return describe(edits[0], n_images)
    labels = dedupe(F.get(e.name).label.lower() for e in edits)
    return f"Edit {', '.join(labels)} on {images(n_images)}"
