"""The delegate of the field columns: the right editor per field kind, and no lost edit.

Enter and Tab keep the text, Esc drops it, leaving the editor (a click elsewhere) keeps it.
Text that a field cannot take is never stored: the editor stays open with a red border, the
reason in its tooltip and on the status bar. Flags cycle unknown → yes → no on click or Space.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from wesog_desktop.domain import fields as F
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.ui.cell_style import Roles
from wesog_desktop.ui.editors.date_edit import DateEdit
from wesog_desktop.ui.editors.factory import (
    create_editor,
    editor_field,
    editor_text,
    mark_invalid,
    problem,
    set_editor_text,
)
from wesog_desktop.ui.editors.long_text_edit import LONG_EDITOR_SIZE, LongTextEdit

Index = QModelIndex | QPersistentModelIndex
Hint = QAbstractItemDelegate.EndEditHint
NEXT_FLAG = {None: True, True: False, False: None}
_CHECK = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked, None: Qt.CheckState.PartiallyChecked}


def _field(index: Index) -> F.Field | None:
    name = index.data(Roles.FIELD)
    return F.BY_NAME.get(name) if isinstance(name, str) else None


class FieldDelegate(QStyledItemDelegate):
    """Edits the cells of the field columns with the editor of each field's kind."""

    def __init__(self, messages: MessageBridge | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages = messages

    # -- editors --------------------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget | None:
        field = _field(index)
        if field is None or not field.writable:
            return None
        model = index.model()
        completions = getattr(model, "distinct_values", None)
        editor = create_editor(field, parent, completions)
        editor.setAutoFillBackground(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        field = editor_field(editor)
        if field is not None:
            set_editor_text(editor, field, str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if editor_field(editor) is not None:
            model.setData(index, editor_text(editor), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = option.rect
        if isinstance(editor, LongTextEdit):
            width, height = max(rect.width(), LONG_EDITOR_SIZE[0]), max(rect.height(), LONG_EDITOR_SIZE[1])
            top = rect.top()
            parent = editor.parentWidget()
            if parent is not None and top + height > parent.height():
                top = max(0, parent.height() - height)
            editor.setGeometry(rect.left(), top, width, height)
        else:
            editor.setGeometry(rect)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        field = editor_field(obj) if isinstance(obj, QWidget) else None
        if field is None:
            return super().eventFilter(obj, event)
        editor = obj
        assert isinstance(editor, QWidget)
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if isinstance(editor, LongTextEdit) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    return False  # a new line
                return self._finish(editor, field, Hint.SubmitModelCache)
            if key == Qt.Key.Key_Tab:
                return self._finish(editor, field, Hint.EditNextItem)
            if key == Qt.Key.Key_Backtab:
                return self._finish(editor, field, Hint.EditPreviousItem)
            if key == Qt.Key.Key_Escape:
                self.closeEditor.emit(editor, Hint.RevertModelCache)
                return True
            return False
        if event.type() == QEvent.Type.FocusOut and not self._focus_stays_within(editor):
            self._finish(editor, field, Hint.NoHint)
        return False

    def _focus_stays_within(self, editor: QWidget) -> bool:
        if QApplication.activePopupWidget() is not None:
            return True
        if isinstance(editor, DateEdit) and editor.calendar is not None:
            return True
        widget = QApplication.focusWidget()
        while widget is not None:
            if widget is editor:
                return True
            widget = widget.parentWidget()
        return False

    def _finish(self, editor: QWidget, field: F.Field, hint: Hint) -> bool:
        """Keep the text and close the editor, or show why the text cannot be kept."""
        reason = problem(field, editor_text(editor))
        if reason:
            mark_invalid(editor, reason)
            if self._messages is not None:
                self._messages.warning(f"{field.label} not changed: {reason}")
            if editor.isVisible():
                QToolTip.showText(editor.mapToGlobal(QPoint(0, editor.height())), reason, editor)
            return True
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, hint)
        return True

    # -- flags: click or Space cycles unknown → yes → no ------------------------------------------
    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: Index) -> bool:
        field = _field(index)
        if field is None or field.kind is not F.FieldKind.FLAG or not field.writable:
            return super().editorEvent(event, model, option, index)
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            assert isinstance(event, QMouseEvent)
            if event.button() != Qt.MouseButton.LeftButton or not self._on_check(option, index, event):
                return False
            if kind == QEvent.Type.MouseButtonDblClick:
                return True  # a double click is two cycles' worth of clicks: take only the first
        elif kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() not in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                return False
        else:
            return False
        return self.cycle_flag(model, index)

    def cycle_flag(self, model: QAbstractItemModel, index: Index) -> bool:
        value: Any = index.data(Roles.RAW)
        return model.setData(index, _CHECK[NEXT_FLAG.get(value, True)], Qt.ItemDataRole.CheckStateRole)

    def _on_check(self, option: QStyleOptionViewItem, index: Index, event: QMouseEvent) -> bool:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, widget)
        return rect.adjusted(-4, -4, 4, 4).contains(event.position().toPoint())
