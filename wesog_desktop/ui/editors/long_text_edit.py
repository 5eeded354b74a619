"""A multi-line editor for captions and alt texts: Ctrl+Enter commits, Esc cancels."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

LONG_EDITOR_SIZE = (380, 150)
"""Width and height the editor takes in the table, beyond the cell when the cell is smaller."""


class LongTextEdit(QPlainTextEdit):
    """Plain text over several lines; Enter starts a new line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Ctrl+Enter to keep, Esc to cancel")

    def text(self) -> str:
        return self.toPlainText()
