"""The look of a cell's state: custom data roles, calm colours, the state tooltip.

Shared by the table model (which answers the roles) and the delegates (which paint them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from wesog_desktop.domain.edit_buffer import EditBuffer, RowState


class Roles:
    """Custom item data roles of the image table."""

    RAW = Qt.ItemDataRole.UserRole + 1
    """The value itself (str, bool, list, int or None), not its text."""
    ORIGINAL = Qt.ItemDataRole.UserRole + 2
    """The value Wesog last confirmed."""
    ROW_STATE = Qt.ItemDataRole.UserRole + 3
    """One of ``RowState``: unchanged, modified, invalid, submitting, failed."""
    IMAGE_ID = Qt.ItemDataRole.UserRole + 4
    FIELD = Qt.ItemDataRole.UserRole + 5
    """The field name of the column."""


@dataclass(frozen=True)
class CellStyle:
    """Background colours of changed cells and the state marks of rows."""

    changed: QColor = field(default_factory=lambda: QColor("#fff3c4"))
    invalid: QColor = field(default_factory=lambda: QColor("#fbd9d7"))
    failed: QColor = field(default_factory=lambda: QColor("#f6d5ef"))
    read_only: QColor = field(default_factory=lambda: QColor("#6b7280"))


STATE_COLOURS: dict[str, QColor] = {
    RowState.MODIFIED: QColor("#e0a800"),
    RowState.INVALID: QColor("#c0392b"),
    RowState.SUBMITTING: QColor("#2f80c0"),
    RowState.FAILED: QColor("#a03c8c"),
}

STATE_WORDS = {
    RowState.UNCHANGED: "Unchanged",
    RowState.MODIFIED: "Changed, not sent yet",
    RowState.INVALID: "Changed, but some values cannot be sent",
    RowState.SUBMITTING: "Being sent to Wesog",
    RowState.FAILED: "Wesog refused the last change",
}


def state_tooltip(buffer: EditBuffer, image_id: str) -> str:
    """The state of an image in words, with the reasons when it cannot be sent."""
    state = buffer.row_state(image_id)
    lines = [f"{image_id}: {STATE_WORDS[state]}"]
    changed = len(buffer.changes(image_id))
    if changed:
        lines.append(f"{changed} field{'s' if changed != 1 else ''} changed")
    lines.extend(f"{name}: {reason}" for name, reason in buffer.invalid_fields(image_id).items())
    failure = buffer.failure(image_id)
    if failure:
        lines.append(f"Wesog: {failure}")
    return "\n".join(lines)
