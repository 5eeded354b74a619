"""Edits that collide with someone else's change on the server.

Wesog has no versions or ETags (A.1), so before sending the app re-reads the images it is
about to change and compares each edited field's server value with the baseline the user
edited from. Where they differ (and the server does not already hold the user's value) the
user decides per image: keep their edit, take the server's value, or skip the image.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wesog_desktop.domain.edit_buffer import EditBuffer, same_value
from wesog_desktop.domain.records import Record


class Resolution(enum.Enum):
    KEEP = "keep mine"
    TAKE = "take the server's"
    SKIP = "skip this image"


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One edited field that someone else changed meanwhile."""

    image_id: str
    field: str
    baseline: Any
    """The value the user edited from."""
    server: Any
    """The value on the server now."""
    mine: Any
    """The user's pending value (None clears)."""


@dataclass(slots=True)
class ConflictReport:
    """Conflicts by image, and the edited images the server no longer has."""

    by_image: dict[str, list[FieldConflict]]
    missing: list[str]

    def __bool__(self) -> bool:
        return bool(self.by_image or self.missing)

    @property
    def field_count(self) -> int:
        return sum(len(c) for c in self.by_image.values())


def find_conflicts(buffer: EditBuffer, fresh: Mapping[str, Record], image_ids: Iterable[str]) -> ConflictReport:
    """Compare the edits of ``image_ids`` with ``fresh`` server records (absent = deleted)."""
    by_image: dict[str, list[FieldConflict]] = {}
    missing: list[str] = []
    for image_id in image_ids:
        edits = buffer.changes(image_id)
        if not edits:
            continue
        record = fresh.get(image_id)
        if record is None:
            missing.append(image_id)
            continue
        base = buffer.baseline(image_id)
        found = [
            FieldConflict(image_id, name, base.get(name), record.get(name), mine)
            for name, mine in edits.items()
            if not same_value(record.get(name), base.get(name)) and not same_value(record.get(name), mine)
        ]
        if found:
            by_image[image_id] = found
    return ConflictReport(by_image, missing)


def apply_resolutions(buffer: EditBuffer, report: ConflictReport, fresh: Mapping[str, Record],
                      choices: Mapping[str, Resolution]) -> list[str]:
    """Carry out the user's choices; returns the images to leave out of this submission.

    KEEP and TAKE both adopt the server's record as the new baseline (it is the truth now);
    TAKE also drops the conflicting edits, so the server's values stand. SKIP leaves the image
    and its edits untouched for a later submission. An image without a choice is skipped.
    """
    skipped: list[str] = list(report.missing)
    for image_id, conflicts in report.by_image.items():
        choice = choices.get(image_id, Resolution.SKIP)
        if choice is Resolution.SKIP:
            skipped.append(image_id)
            continue
        if choice is Resolution.TAKE:
            buffer.revert((image_id, c.field) for c in conflicts)
        buffer.add_records([fresh[image_id]])
    return skipped
