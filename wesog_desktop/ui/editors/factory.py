"""One editor per field kind, and the text in and out of it.

Both the table's delegate and the side panel's form make their editors here, so a field is
edited the same way everywhere. Every editor is checked by ``problem`` before its text is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from wesog_desktop.domain import fields as F
from wesog_desktop.ui.editors.date_edit import DateEdit
from wesog_desktop.ui.editors.long_text_edit import LongTextEdit
from wesog_desktop.ui.editors.token_edit import TokenEdit

FIELD_PROPERTY = "wesogField"
"""The Qt property naming the field an editor edits."""
FLAG_WORDS = ("unknown", "yes", "no")
INVALID_STYLE = "border: 2px solid #c0392b;"

Completions = Callable[[str], list[str]]
"""The values already present for a field name (for completers)."""


def create_editor(field: F.Field, parent: QWidget | None, completions: Completions | None = None) -> QWidget:
    """A new editor for ``field``."""
    editor: QWidget
    kind = field.kind
    if kind is F.FieldKind.LONG_TEXT:
        editor = LongTextEdit(parent)
    elif kind is F.FieldKind.DATE:
        editor = DateEdit(parent)
    elif kind is F.FieldKind.LIST:
        editor = TokenEdit(completions(field.name) if completions else (), parent)
    elif kind in (F.FieldKind.ENUM, F.FieldKind.FLAG):
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(list(FLAG_WORDS if kind is F.FieldKind.FLAG else ("", *field.choices)))
        editor = combo
    else:
        line = QLineEdit(parent)
        if kind is F.FieldKind.URL:
            line.setPlaceholderText("https://…")
        editor = line
    editor.setProperty(FIELD_PROPERTY, field.name)
    editor.setToolTip(field.description)
    return editor


def editor_field(widget: QWidget | None) -> F.Field | None:
    """The field of an editor made by ``create_editor`` (None for any other widget)."""
    name = widget.property(FIELD_PROPERTY) if widget is not None else None
    return F.BY_NAME.get(name) if isinstance(name, str) else None


def editor_text(editor: QWidget) -> str:
    if isinstance(editor, QComboBox):
        return editor.currentText()
    if isinstance(editor, (QLineEdit, LongTextEdit)):
        return editor.text()
    raise TypeError(f"not an editor: {editor!r}")


def set_editor_text(editor: QWidget, field: F.Field, text: str, select: bool = True) -> None:
    """Put ``text`` in the editor; ``select`` selects it all (typing replaces it)."""
    line: QLineEdit | None = editor if isinstance(editor, QLineEdit) else None
    if isinstance(editor, QComboBox):
        if field.kind is F.FieldKind.FLAG:
            text = FLAG_WORDS[{"yes": 1, "no": 2}.get(text, 0)]
        editor.setCurrentText(text)
        line = editor.lineEdit()
    elif isinstance(editor, QLineEdit):
        editor.setText(text)
    elif isinstance(editor, LongTextEdit):
        editor.setPlainText(text)
        if select:
            editor.selectAll()
    if line is not None:
        if select:
            line.selectAll()
        else:
            line.setCursorPosition(0)
    mark_invalid(editor, None)


def problem(field: F.Field, text: str) -> str | None:
    """Why ``text`` cannot be kept for ``field``, or None when it can."""
    try:
        value = field.parse(text)
    except ValueError as exc:
        return str(exc)
    return field.validate(value)


def mark_invalid(editor: QWidget, reason: str | None) -> None:
    """Show (or clear) the invalid state of an editor: a red border and the reason as tooltip."""
    field = editor_field(editor)
    editor.setStyleSheet(INVALID_STYLE if reason else "")
    editor.setToolTip(reason if reason else (field.description if field else ""))
    editor.setProperty("invalidReason", reason or "")
