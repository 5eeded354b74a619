"""A ``;``-separated list editor that completes the entry under the cursor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from wesog_desktop.domain.values import LIST_SEPARATOR


class TokenCompleter(QCompleter):
    """Completes the last token of the text; keeps the tokens before it."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt override)
        return [path.rsplit(";", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        head = self.widget().text().rsplit(";", 1)[0] if ";" in self.widget().text() else ""  # type: ignore[union-attr]
        chosen = str(index.data())
        return f"{head.rstrip()}{LIST_SEPARATOR}{chosen}" if head.strip() else chosen


class TokenEdit(QLineEdit):
    """Entries separated by ``;``; suggestions from the values already in the catalog."""

    def __init__(self, values: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("one; two; three")
        self.values = QStringListModel(list(values), self)  # owned here: the completer does not keep it
        completer = TokenCompleter(self.values, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)

    def set_values(self, values: Sequence[str]) -> None:
        """Replace the suggestions."""
        if self.values.rowCount() != len(values):
            self.values.setStringList(list(values))
