"""What the journal gives back after a restart, and how it goes back into the edit buffer.

``PendingState`` is what a previous run left unsubmitted for one server: the edits (each with
the baseline it was made against) and the batches that were sent but never settled.
``apply_restored`` puts the edits back as pending (nothing is sent) and compares each
journaled baseline with the value the server has now: where someone else changed the field
meanwhile, the user's value is kept and the cell is reported as a conflict to review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wesog_desktop.domain.conflicts import ConflictReport, FieldConflict
from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer, same_value

CellEdit = tuple[Any, Any]
"""(baseline the edit was made against, pending value)"""


@dataclass(frozen=True, slots=True)
class InFlightBatch:
    """A PATCH batch that was sent (or about to be) and never settled."""

    batch_id: str
    op_id: int | None
    """The operation to follow, or None when the answer to the PATCH never arrived."""
    items: list[dict[str, Any]]
    """The PATCH items still unsettled, each ``{"id": ..., <field>: <value sent>}``."""

    @property
    def image_ids(self) -> list[str]:
        return [item["id"] for item in self.items]


@dataclass(slots=True)
class PendingState:
    """Unsubmitted work of one server scope, as the journal holds it."""

    server: str
    edits: dict[str, dict[str, CellEdit]] = field(default_factory=dict)
    """{image id: {field: (baseline, pending)}}"""
    in_flight: list[InFlightBatch] = field(default_factory=list)
    crashed: bool = False
    """The previous run did not close the journal (it crashed or was killed)."""

    def __bool__(self) -> bool:
        return bool(self.edits or self.in_flight)

    @property
    def field_count(self) -> int:
        return sum(len(fields) for fields in self.edits.values())

    @property
    def image_ids(self) -> list[str]:
        """Every image the state names: edited or in flight (fetch these before restoring)."""
        ids = dict.fromkeys(self.edits)
        for batch in self.in_flight:
            ids.update(dict.fromkeys(batch.image_ids))
        return list(ids)

    def describe(self) -> str:
        """One sentence for the restore dialog and the log."""
        images = len(self.edits)
        text = (f"{self.field_count} unsubmitted edit{'s' if self.field_count != 1 else ''} "
                f"on {images} image{'s' if images != 1 else ''}")
        if self.in_flight:
            followed = [b for b in self.in_flight if b.op_id is not None]
            text += (f"; {len(self.in_flight)} batch{'es' if len(self.in_flight) != 1 else ''} "
                     f"had been sent ({len(followed)} with an operation to follow)")
        return text + "."


@dataclass(slots=True)
class RestoreReport:
    applied: int = 0
    """Edits put back as pending."""
    already_applied: int = 0
    """Edits the server already holds (their batch got through before the crash)."""
    conflicts: ConflictReport = field(default_factory=lambda: ConflictReport({}, []))
    """Fields someone changed on the server since the user's edit (review with the conflict dialog)."""
    missing: list[str] = field(default_factory=list)
    """Images with journaled edits that are not loaded in the buffer (their edits were not applied)."""


def apply_restored(buffer: EditBuffer, state: PendingState) -> RestoreReport:
    """Put ``state``'s edits into ``buffer`` as pending, against the baselines loaded now.

    Load the images first (``state.image_ids``). An edit whose value the server already has
    disappears; one whose field changed on the server since the edit is kept and reported in
    ``conflicts`` (the buffer's baseline is already the server's value, so KEEP needs nothing
    and TAKE is a revert of those cells).
    """
    report = RestoreReport()
    changes: list[CellChange] = []
    for image_id, fields in state.edits.items():
        if image_id not in buffer:
            report.missing.append(image_id)
            continue
        for name, (baseline, pending) in fields.items():
            server = buffer.original(image_id, name)
            if same_value(server, pending):
                report.already_applied += 1
                continue
            if not same_value(server, baseline):
                conflict = FieldConflict(image_id, name, baseline, server, pending)
                report.conflicts.by_image.setdefault(image_id, []).append(conflict)
            changes.append((image_id, name, pending))
    report.applied = len(buffer.put(changes))
    return report
