"""Spreadsheet habits on the image table: copy, paste, clear, fill down and key navigation.

Works on any ``QTableView`` whose model answers ``Roles.IMAGE_ID`` and ``Roles.FIELD`` (the
image table model, or a proxy over it). Every paste, fill and clear is one undo step.

- Tab / Shift+Tab move right / left (wrapping rows), Enter / Shift+Enter move down / up. While
  editing, Enter commits through the cell's delegate (which refuses invalid text) and moves
  down; Tab commits and goes on to the next cell (the delegate's own behaviour).
- Typing a printable key on a cell starts editing it with that key.
- Delete clears the selected writable cells (lists to empty, flags to unknown; never a source URL).
- Ctrl+C copies the selection as tab-separated text, quoted like Excel/LibreOffice.
- Ctrl+V pastes spreadsheet text from the top-left selected cell; a single value, or a block that
  divides the selection, repeats over the whole selection. Pasted text is parsed like typed
  text; if any cell is invalid NOTHING is pasted and each bad cell (image, column, text, reason)
  is reported, so the user fixes the source and pastes again. Read-only columns are skipped.
- Ctrl+D fills the top selected cell of each column down over the selection (one row selected:
  from the row above).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from wesog_desktop.domain import clipboard
from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import CellChange, EditBuffer, same_value
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.ui.cell_style import Roles
from wesog_desktop.ui.undo import push_edit

Key = Qt.Key
_ENTER = (Key.Key_Return, Key.Key_Enter)
_MAX_LISTED_ERRORS = 8


def _cells(n: int) -> str:
    return "1 cell" if n == 1 else f"{n:,} cells"


def _empty_value(fld: F.Field) -> Any:
    return [] if fld.is_list else None


class GridActions(QObject):
    """The spreadsheet actions of one table view (``actions`` lists them for menus)."""

    def __init__(self, view: QTableView, buffer: EditBuffer, undo_stack: QUndoStack,
                 messages: MessageBridge | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.buffer = buffer
        self.undo_stack = undo_stack
        self.messages = messages if messages is not None else MessageBridge(dialogs_allowed=False)
        self.copy_action = self._action("&Copy cells", QKeySequence.StandardKey.Copy, self.copy)
        self.paste_action = self._action("&Paste cells", QKeySequence.StandardKey.Paste, self.paste)
        self.clear_action = self._action("C&lear cells", QKeySequence(Key.Key_Delete), self.clear_cells)
        self.fill_down_action = self._action("Fill &down", QKeySequence("Ctrl+D"), self.fill_down)
        view.setEditTriggers(view.editTriggers() | QAbstractItemView.EditTrigger.AnyKeyPressed)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    @property
    def actions(self) -> list[QAction]:
        return [self.copy_action, self.paste_action, self.clear_action, self.fill_down_action]

    def _action(self, text: str, keys: QKeySequence | QKeySequence.StandardKey, slot: Any) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: None if self._editing() else slot())
        self.view.addAction(action)
        return action

    def _editing(self) -> bool:
        return self.view.state() == QAbstractItemView.State.EditingState

    # -- geometry -----------------------------------------------------------------------------
    def _columns(self) -> list[int]:
        """Logical columns in the order the user sees them, hidden ones left out."""
        header = self.view.horizontalHeader()
        logical = (header.logicalIndex(v) for v in range(header.count()))
        return [c for c in logical if not self.view.isColumnHidden(c)]

    def _selection(self) -> tuple[list[int], list[int], list[tuple[int, int, int, int]]]:
        """Selected rows, selected columns (visual order) and the ranges (top, bottom, left, right)."""
        ranges = [(r.top(), r.bottom(), r.left(), r.right()) for r in self.view.selectionModel().selection()]
        if not ranges:
            current = self.view.currentIndex()
            if not current.isValid():
                return [], [], []
            ranges = [(current.row(), current.row(), current.column(), current.column())]
        rows = sorted({r for top, bottom, _, _ in ranges for r in range(top, bottom + 1)})
        wanted = {c for _, _, left, right in ranges for c in range(left, right + 1)}
        return rows, [c for c in self._columns() if c in wanted], ranges

    def _id(self, row: int) -> str:
        return str(self.view.model().index(row, 0).data(Roles.IMAGE_ID))

    def _field(self, column: int) -> str | None:
        model = self.view.model()
        if model.rowCount() == 0:
            return None
        name = model.index(0, column).data(Roles.FIELD)
        return str(name) if name else None

    def _selected_cells(self) -> list[tuple[str, F.Field, bool]]:
        """(image id, field, selected) for the writable cells in the selection's rows x columns."""
        rows, cols, ranges = self._selection()
        out: list[tuple[str, F.Field, bool]] = []
        fields = [(c, F.BY_NAME.get(self._field(c) or "")) for c in cols]
        writable = [(c, f) for c, f in fields if f is not None and f.writable]
        one_range = len(ranges) == 1
        for r in rows:
            image_id = self._id(r)
            for c, fld in writable:
                chosen = one_range or any(t <= r <= b and lo <= c <= hi for t, b, lo, hi in ranges)
                out.append((image_id, fld, chosen))
        return out

    # -- actions ------------------------------------------------------------------------------
    def copy(self) -> int:
        """Copy the selection as TSV; the state column copies the image ID. Returns cells copied."""
        rows, cols, ranges = self._selection()
        if not rows or not cols:
            return 0
        names = [self._field(c) for c in cols]
        block: clipboard.Block = []
        one_range = len(ranges) == 1
        for r in rows:
            image_id = self._id(r)
            line = []
            for c, name in zip(cols, names, strict=True):
                if not one_range and not any(t <= r <= b and lo <= c <= hi for t, b, lo, hi in ranges):
                    line.append("")
                elif name is None:
                    line.append(image_id)
                else:
                    line.append(clipboard.cell_text(name, self.buffer.value(image_id, name)))
            block.append(line)
        QGuiApplication.clipboard().setText(clipboard.to_tsv(block))
        count = len(rows) * len(cols)
        self.messages.info(f"Copied {_cells(count)}")
        return count

    def paste(self, text: str | None = None) -> int:
        """Paste spreadsheet text (default: the clipboard). All or nothing; returns cells pasted."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        try:
            block = clipboard.parse_tsv(text)
        except ValueError as exc:
            self.messages.warning(f"Nothing pasted: {exc}")
            return 0
        rows, cols, _ranges = self._selection()
        if not block or not rows or not cols:
            return 0
        height, width = len(block), len(block[0])
        if (len(rows), len(cols)) != (1, 1) and clipboard.divides(block, len(rows), len(cols)):
            target_rows, target_cols = rows, cols
            block = clipboard.fit_block(block, len(rows), len(cols))
        else:
            all_cols = self._columns()
            start = all_cols.index(cols[0])
            target_cols = all_cols[start:start + width]
            target_rows = list(range(rows[0], min(rows[0] + height, self.view.model().rowCount())))
            block = [line[:len(target_cols)] for line in block[:len(target_rows)]]
        ids = [self._id(r) for r in target_rows]
        plan = clipboard.plan_paste(block, ids, [self._field(c) for c in target_cols], self.buffer.value)
        if plan.errors:
            listed = "; ".join(e.describe() for e in plan.errors[:_MAX_LISTED_ERRORS])
            more = len(plan.errors) - _MAX_LISTED_ERRORS
            tail = f"; and {more} more" if more > 0 else ""
            self.messages.error(
                f"Nothing pasted: {_cells(len(plan.errors))} not valid. Fix them in the source and "
                f"paste again. {listed}{tail}")
            return 0
        if plan.skipped_columns:
            self.messages.info(f"Skipped read-only columns: {', '.join(plan.skipped_columns)}")
        if plan.changes:
            push_edit(self.undo_stack, self.buffer, plan.changes, f"Paste {_cells(len(plan.changes))}")
            self._select(target_rows, target_cols)
        return len(plan.changes)

    def clear_cells(self) -> int:
        """Clear the selected writable cells as one undo step; returns cells cleared."""
        changes: list[CellChange] = []
        kept = False
        for image_id, fld, chosen in self._selected_cells():
            if not chosen or same_value(self.buffer.value(image_id, fld.name), _empty_value(fld)):
                continue
            if not fld.clearable:
                kept = True
            else:
                changes.append((image_id, fld.name, _empty_value(fld)))
        if kept:
            self.messages.info("Source URLs cannot be cleared: they were left as they are")
        return self._push(changes, "Clear")

    def fill_down(self) -> int:
        """Copy the top selected cell of each column into the rest; returns cells filled."""
        rows, _cols, _ranges = self._selection()
        cells = self._selected_cells()
        if len(rows) == 1 and rows[0] > 0:  # one row: fill it from the row above, as spreadsheets do
            source_id = self._id(rows[0] - 1)
        elif rows:
            source_id = self._id(rows[0])
        else:
            return 0
        changes: list[CellChange] = []
        for image_id, fld, chosen in cells:
            if not chosen or image_id == source_id:
                continue
            value = self.buffer.value(source_id, fld.name)
            if not same_value(self.buffer.value(image_id, fld.name), value):
                changes.append((image_id, fld.name, list(value) if isinstance(value, list) else value))
        return self._push(changes, "Fill down")

    def _push(self, changes: list[CellChange], verb: str) -> int:
        if changes:
            push_edit(self.undo_stack, self.buffer, changes, f"{verb} {_cells(len(changes))}")
        return len(changes)

    def _select(self, rows: Sequence[int], cols: Sequence[int]) -> None:
        model = self.view.model()
        top_left = model.index(rows[0], min(cols))
        selection = self.view.selectionModel()
        selection.setCurrentIndex(top_left, QItemSelectionModel.SelectionFlag.NoUpdate)
        if len(rows) == rows[-1] - rows[0] + 1:
            span = QItemSelection(top_left, model.index(rows[-1], max(cols)))
            selection.select(span, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- keys ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished and watched is self.view.viewport():
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QWidget):  # an editor: watch it and its parts for Enter
                child.installEventFilter(self)
                for part in child.findChildren(QWidget):
                    part.installEventFilter(self)
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.view:
            step = self._step(event)
            if step is None or self._editing():
                return False
            self._move(*step)
            return True
        if event.key() in _ENTER and self._editing():
            return self._enter_in_editor(watched, event)
        return False

    @staticmethod
    def _step(event: QKeyEvent) -> tuple[int, int] | None:
        key, mods = event.key(), event.modifiers()
        if key == Key.Key_Tab and not mods & Qt.KeyboardModifier.ControlModifier:
            return (0, 1)
        if key == Key.Key_Backtab:
            return (0, -1)
        if key in _ENTER and not mods & Qt.KeyboardModifier.ControlModifier:
            return (-1, 0) if mods & Qt.KeyboardModifier.ShiftModifier else (1, 0)
        return None

    def _enter_in_editor(self, watched: QObject, event: QKeyEvent) -> bool:
        """Let the cell's delegate commit (it refuses invalid text), then move down (Shift: up).

        When the editor stays open (a new line in a long text, or text the field refuses),
        the key is the delegate's alone.
        """
        editor = watched
        while isinstance(editor, QWidget) and editor.parentWidget() is not self.view.viewport():
            editor = editor.parentWidget()
        if not isinstance(editor, QWidget):
            return False
        delegate = self.view.itemDelegateForIndex(self.view.currentIndex())
        handled = delegate.eventFilter(editor, event)
        if self._editing():
            return handled
        self._move(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1, 0)
        return True

    def _move(self, d_row: int, d_col: int) -> None:
        """Move the current cell; Tab wraps to the next row, Enter stops at the last row."""
        current = self.view.currentIndex()
        model = self.view.model()
        if not current.isValid() or model.rowCount() == 0:
            return
        cols = self._columns()
        row = current.row() + d_row
        pos = cols.index(current.column()) + d_col if current.column() in cols else 0
        if pos >= len(cols):
            pos, row = 0, row + 1
        elif pos < 0:
            pos, row = len(cols) - 1, row - 1
        if d_col and not 0 <= row < model.rowCount():
            return  # Tab past the last cell (or Shift+Tab before the first) stays put
        row = max(0, min(row, model.rowCount() - 1))
        self.view.setCurrentIndex(model.index(row, cols[pos]))
