"""The edit buffer: the server's value and the user's pending value of every field.

An image's *baseline* is what the server last confirmed. A *pending* edit is what the user
wants instead; a field without a pending edit shows its baseline. Setting a field back to its
baseline removes the edit, so the cell is clean again. The baseline changes only when the
server confirms (``confirm``) or when a fresh read replaces it (``add_records``).

Every change of pending state goes through ``put``, which returns what was there before (so an
undo command can put it back) and tells the listeners exactly which cells changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.records import Record


class _Unset:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
"""The pending state of a field with no edit."""

Cell = tuple[str, str]
"""(image id, field name)"""

CellChange = tuple[str, str, Any]
"""(image id, field name, pending value or UNSET)"""

Listener = Callable[[list[Cell]], None]


class RowState:
    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    INVALID = "invalid"
    SUBMITTING = "submitting"
    FAILED = "failed"


def _normalizer(field: F.Field) -> Callable[[Any], Any] | None:
    """How ``put`` canonicalises a value of this field (None: kept as given)."""
    return field.normalize if field.kind in (F.FieldKind.LIST, F.FieldKind.URL) else None


_READ_ONLY: Final = object()
_NORMALIZERS: dict[str, Any] = {f.name: _normalizer(f) if f.writable else _READ_ONLY for f in F.FIELDS}
"""Per field: its normaliser, None (nothing to do), or _READ_ONLY; looked up once per cell."""


def same_value(a: Any, b: Any) -> bool:
    """Equal for editing purposes: an empty text or list is the same as no value."""
    if a in ("", []):
        a = None
    if b in ("", []):
        b = None
    return bool(a == b)


@dataclass(slots=True)
class _Submission:
    sent: dict[str, Any]


class EditBuffer:
    """Baselines and pending edits of the loaded images, in load order."""

    def __init__(self) -> None:
        self._rows: list[str] = []
        self._row_of: dict[str, int] = {}
        self._base: dict[str, Record] = {}
        self._pending: dict[str, dict[str, Any]] = {}
        self._submitting: dict[str, _Submission] = {}
        self._failures: dict[str, str] = {}
        self._listeners: list[Listener] = []

    # -- images -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, image_id: object) -> bool:
        return image_id in self._base

    @property
    def ids(self) -> list[str]:
        """Image IDs in row order (do not modify)."""
        return self._rows

    def row_of(self, image_id: str) -> int | None:
        return self._row_of.get(image_id)

    def id_at(self, row: int) -> str:
        return self._rows[row]

    def add_records(self, records: Iterable[Record]) -> list[str]:
        """Add images read from the server; returns the IDs that are new rows (in order).

        An image already loaded gets the fresh values as its baseline; its pending edits stay,
        and any edit equal to the new baseline is dropped.
        """
        new_ids: list[str] = []
        refreshed: list[Cell] = []
        for rec in records:
            image_id = rec["id"]
            if image_id in self._base:
                self._base[image_id] = rec
                refreshed.extend((image_id, name) for name in F.BY_NAME)
                self._drop_edits_equal_to_baseline(image_id)
                continue
            self._row_of[image_id] = len(self._rows)
            self._rows.append(image_id)
            self._base[image_id] = rec
            new_ids.append(image_id)
        if refreshed:
            self._notify(refreshed)
        return new_ids

    def clear(self) -> None:
        """Forget every image and edit (a new search replaces the loaded set)."""
        self._rows.clear()
        self._row_of.clear()
        self._base.clear()
        self._pending.clear()
        self._submitting.clear()
        self._failures.clear()

    def baseline(self, image_id: str) -> Record:
        return self._base[image_id]

    def baselines(self) -> Mapping[str, Record]:
        """Every baseline by image ID, read-only: for loops over tens of thousands of rows."""
        return MappingProxyType(self._base)

    # -- values -------------------------------------------------------------------------------
    def original(self, image_id: str, name: str) -> Any:
        return self._base[image_id].get(name)

    def pending(self, image_id: str, name: str) -> Any:
        """The pending value, or UNSET when the field has no edit."""
        edits = self._pending.get(image_id)
        return UNSET if edits is None else edits.get(name, UNSET)

    def value(self, image_id: str, name: str) -> Any:
        edits = self._pending.get(image_id)
        if edits is not None and name in edits:
            return edits[name]
        return self._base[image_id].get(name)

    def current(self, image_id: str) -> Record:
        """The record as the user sees it: baseline with pending edits applied (nulls dropped)."""
        rec = dict(self._base[image_id])
        for name, value in self._pending.get(image_id, {}).items():
            if value is None:
                rec.pop(name, None)
            else:
                rec[name] = value
        return rec

    def is_changed(self, image_id: str, name: str) -> bool:
        edits = self._pending.get(image_id)
        return edits is not None and name in edits

    def changes(self, image_id: str) -> dict[str, Any]:
        """The pending edits of one image: {field: new value} (None clears)."""
        return dict(self._pending.get(image_id, {}))

    def changed_ids(self) -> list[str]:
        """Images with pending edits, in row order."""
        return sorted(self._pending, key=self._row_of.__getitem__)

    def counts(self) -> tuple[int, int]:
        """(changed fields, changed images)."""
        return sum(len(e) for e in self._pending.values()), len(self._pending)

    def invalid_fields(self, image_id: str) -> dict[str, str]:
        """{field: reason} for the pending values that may not be sent."""
        reasons: dict[str, str] = {}
        for name, value in self._pending.get(image_id, {}).items():
            reason = F.get(name).validate(value)
            if reason:
                reasons[name] = reason
        return reasons

    # -- edits --------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(cells)`` after every change of pending or baseline values."""
        self._listeners.append(listener)

    def put(self, changes: Iterable[CellChange]) -> list[CellChange]:
        """Set pending values (UNSET removes an edit); returns the previous pending states.

        A value equal to the baseline is stored as UNSET, so the cell is clean again.
        Lists are normalised (trimmed, de-duplicated). Read-only fields are refused.
        """
        before: list[CellChange] = []
        touched: list[Cell] = []
        bases, pending_of, failures = self._base, self._pending, self._failures
        for image_id, name, value in changes:
            normalize = _NORMALIZERS.get(name, _READ_ONLY)
            if normalize is _READ_ONLY:
                raise ValueError(f"{name} is read-only" if name in F.BY_NAME else f"{name} is not a Wesog field")
            base = bases[image_id]
            if value is not UNSET:
                if normalize is not None:
                    value = normalize(value)
                if same_value(value, base.get(name)):
                    value = UNSET
            edits = pending_of.get(image_id)
            previous = UNSET if edits is None else edits.get(name, UNSET)
            if previous is value or (previous is not UNSET and value is not UNSET and previous == value):
                continue
            before.append((image_id, name, previous))
            if value is UNSET:
                if edits is not None:
                    edits.pop(name, None)
                    if not edits:
                        del pending_of[image_id]
            else:
                if edits is None:
                    edits = pending_of[image_id] = {}
                edits[name] = value
                failures.pop(image_id, None)
            touched.append((image_id, name))
        if touched:
            self._notify(touched)
        return before

    def set_value(self, image_id: str, name: str, value: Any) -> list[CellChange]:
        return self.put([(image_id, name, value)])

    def revert(self, cells: Iterable[Cell]) -> list[CellChange]:
        """Drop the edits of these cells; returns the previous states (for undo)."""
        return self.put((image_id, name, UNSET) for image_id, name in cells)

    def edited_cells(self, image_ids: Iterable[str] | None = None) -> list[Cell]:
        ids = self._pending.keys() if image_ids is None else image_ids
        return [(i, n) for i in list(ids) for n in self._pending.get(i, {})]

    # -- submission ---------------------------------------------------------------------------
    def row_state(self, image_id: str) -> str:
        if image_id in self._submitting:
            return RowState.SUBMITTING
        if image_id in self._failures:
            return RowState.FAILED
        if image_id not in self._pending:
            return RowState.UNCHANGED
        return RowState.INVALID if self.invalid_fields(image_id) else RowState.MODIFIED

    def failure(self, image_id: str) -> str | None:
        """The server's message for the last failed submission of this image."""
        return self._failures.get(image_id)

    def in_flight(self, image_id: str) -> dict[str, Any] | None:
        sub = self._submitting.get(image_id)
        return None if sub is None else dict(sub.sent)

    def mark_submitting(self, image_id: str, sent: dict[str, Any]) -> None:
        """The fields in ``sent`` are on their way to the server; the edits stay pending."""
        self._submitting[image_id] = _Submission(dict(sent))
        self._notify([(image_id, name) for name in sent])

    def confirm(self, image_id: str) -> None:
        """The server applied what was sent: it becomes the baseline.

        Edits made on top while the batch was out stay pending against the new baseline.
        """
        sub = self._submitting.pop(image_id, None)
        if sub is None:
            return
        base = dict(self._base[image_id])
        for name, value in sub.sent.items():
            if value is None or value == []:
                base.pop(name, None)
            else:
                base[name] = value
        self._base[image_id] = base
        self._failures.pop(image_id, None)
        self._drop_edits_equal_to_baseline(image_id)
        self._notify([(image_id, name) for name in sub.sent])

    def fail(self, image_id: str, message: str) -> None:
        """The server refused this image: its edits stay pending with the server's reason."""
        sub = self._submitting.pop(image_id, None)
        self._failures[image_id] = message
        names = list(sub.sent) if sub else ["id"]
        self._notify([(image_id, name) for name in names])

    def settle_unknown(self, image_id: str) -> None:
        """The outcome is not known (operation lost): the edits simply stay pending."""
        sub = self._submitting.pop(image_id, None)
        if sub is not None:
            self._notify([(image_id, name) for name in sub.sent])

    def failed_ids(self) -> list[str]:
        return sorted(self._failures, key=lambda i: self._row_of.get(i, 0))

    # -- internals ----------------------------------------------------------------------------
    def _drop_edits_equal_to_baseline(self, image_id: str) -> None:
        edits = self._pending.get(image_id)
        if not edits:
            return
        base = self._base[image_id]
        for name in [n for n, v in edits.items() if same_value(v, base.get(n))]:
            del edits[name]
        if not edits:
            del self._pending[image_id]

    def _notify(self, cells: list[Cell]) -> None:
        for listener in self._listeners:
            listener(cells)
