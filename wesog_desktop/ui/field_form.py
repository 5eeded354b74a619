"""Every field of one image in a form, with the table's editors and "was: …" for changes.

Edits go through the model (``setData``), so they take the same checks and the same undo path
as typing in a cell. A line edit keeps its text on Enter or when it loses focus; a caption on
Ctrl+Enter or when it loses focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import UNSET
from wesog_desktop.ui.editors.factory import (
    create_editor,
    editor_text,
    mark_invalid,
    problem,
    set_editor_text,
)
from wesog_desktop.ui.editors.long_text_edit import LongTextEdit
from wesog_desktop.ui.editors.token_edit import TokenEdit
from wesog_desktop.ui.image_table_model import ImageTableModel
from wesog_desktop.ui.undo import push_edit


class _Row:
    """The widgets of one field in the form."""

    def __init__(self, field: F.Field, editor: QWidget, was: QLabel, revert: QToolButton | None) -> None:
        self.field, self.editor, self.was, self.revert = field, editor, was, revert


class FieldForm(QWidget):
    """Edits the fields of the image ``image_id`` of ``model``."""

    def __init__(self, model: ImageTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.image_id: str | None = None
        self.rows: dict[str, _Row] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for field in model.fields:
            layout.addRow(field.label, self._make_row(field))

    def _make_row(self, field: F.Field) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        editor: QWidget
        if field.writable:
            editor = create_editor(field, box, self._model.distinct_values)
            if isinstance(editor, LongTextEdit):
                editor.setFixedHeight(72)
                editor.setPlaceholderText("")  # here it keeps on leaving the field; Esc does nothing
            editor.installEventFilter(self)
            if isinstance(editor, QLineEdit):
                editor.editingFinished.connect(lambda f=field: self.commit(f.name))
            elif isinstance(editor, QComboBox):
                editor.activated.connect(lambda _=0, f=field: self.commit(f.name))
                editor.lineEdit().editingFinished.connect(lambda f=field: self.commit(f.name))
        else:
            editor = QLabel(box)
            editor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(editor)
        was_line = QHBoxLayout()
        was = QLabel(box)
        was.setWordWrap(True)
        was.setStyleSheet("color: #8a6d00; font-size: 11px;")
        was_line.addWidget(was, 1)
        revert = None
        if field.writable:
            revert = QToolButton(box)
            revert.setText("↺")
            revert.setToolTip(f"Put {field.label.lower()} back to Wesog's value")
            revert.setAutoRaise(True)
            revert.clicked.connect(lambda _=False, f=field: self.revert(f.name))
            was_line.addWidget(revert)
        column.addLayout(was_line)
        self.rows[field.name] = _Row(field, editor, was, revert)
        return box

    def set_image(self, image_id: str | None) -> None:
        self.image_id = image_id
        self.setEnabled(image_id is not None)
        self.refresh()

    def refresh(self, names: list[str] | None = None) -> None:
        """Show the current values (of ``names``, or of every field)."""
        buffer = self._model.buffer
        for name in names or list(self.rows):
            row = self.rows[name]
            if self.image_id is None or self.image_id not in buffer:
                text, changed, was = "", False, ""
            else:
                text = row.field.format(buffer.value(self.image_id, name))
                changed = buffer.is_changed(self.image_id, name)
                was = row.field.format(buffer.original(self.image_id, name))
            if isinstance(row.editor, QLabel):
                row.editor.setText(text)
            elif not row.editor.hasFocus() or not row.editor.property("invalidReason"):
                set_editor_text(row.editor, row.field, text, select=False)
            row.was.setText(f"was: {was or '(empty)'}" if changed else "")
            row.was.setVisible(changed)
            if row.revert is not None:
                row.revert.setVisible(changed)

    def commit(self, name: str) -> bool:
        """Keep what the editor of field ``name`` holds; False when it was refused."""
        row = self.rows[name]
        model, image_id = self._model, self.image_id
        if image_id is None or image_id not in model.buffer:
            return False
        text = editor_text(row.editor)
        if text == row.field.format(model.buffer.value(image_id, name)):
            mark_invalid(row.editor, None)
            return True
        reason = problem(row.field, text)
        if reason:
            mark_invalid(row.editor, reason)
            if model.messages is not None:
                model.messages.warning(f"{row.field.label} not changed: {reason}")
            return False
        mark_invalid(row.editor, None)
        model_row = model.row_of(image_id)
        if model_row is not None:
            return model.setData(model.index(model_row, model.column_of(name)), text)
        push_edit(model.undo_stack, model.buffer, [(image_id, name, row.field.parse(text))],
                  f"Edit {row.field.label.lower()} of {image_id}")
        return True

    def revert(self, name: str) -> None:
        if self.image_id is not None:
            push_edit(self._model.undo_stack, self._model.buffer, [(self.image_id, name, UNSET)],
                      f"Revert {self.rows[name].field.label.lower()} of {self.image_id}")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if isinstance(obj, TokenEdit) and event.type() == QEvent.Type.FocusIn:
            name = obj.property("wesogField")
            obj.set_values(self._model.distinct_values(name))
        if isinstance(obj, LongTextEdit):
            if event.type() == QEvent.Type.FocusOut:
                self.commit(str(obj.property("wesogField")))
            elif (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
                  and event.modifiers() & Qt.KeyboardModifier.ControlModifier):  # type: ignore[attr-defined]
                self.commit(str(obj.property("wesogField")))
                return True
        return super().eventFilter(obj, event)
