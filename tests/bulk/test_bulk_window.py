"""The bulk-editing feature inside the real window, on images loaded from the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from tests.conftest import Emulator
from wesog_desktop.services.messages import MessageBridge
from wesog_desktop.services.session import Session
from wesog_desktop.ui.bulk_actions import BulkActions
from wesog_desktop.ui.main_window import MainWindow
from wesog_desktop.ui.multi_edit_panel import MultiEditPanel


@pytest.fixture
def window(qapp, qtbot, emulator: Emulator) -> Iterator[MainWindow]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    session = Session(emulator.url, emulator.api_key, messages=MessageBridge(dialogs_allowed=False))
    win = MainWindow(session)
    win.show()
    qtbot.waitExposed(win)
    task = win.load("")
    assert task is not None
    loop.run_until_complete(asyncio.wait_for(task, 30))
    yield win
    loop.run_until_complete(win.aclose())
    win.close()
    win.deleteLater()
    loop.close()
    asyncio.set_event_loop(None)


def _select(win: MainWindow, top: int, bottom: int, left: str, right: str) -> None:
    model = win.model
    first = model.index(top, model.column_of(left))
    selection = win.table.selectionModel()
    selection.select(QItemSelection(first, model.index(bottom, model.column_of(right))),
                     QItemSelectionModel.SelectionFlag.ClearAndSelect)
    selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)


def test_the_edit_menu_offers_the_bulk_actions_with_their_shortcuts(window: MainWindow) -> None:
    shortcuts = {a.text(): a.shortcut().toString() for a in window.menus["Edit"].actions()}
    assert shortcuts["&Paste cells"] == "Ctrl+V" and shortcuts["Fill &down"] == "Ctrl+D"
    assert shortcuts["C&lear cells"] == "Del" and shortcuts["Find and &replace…"] == "Ctrl+H"


def test_paste_over_a_selection_of_the_loaded_table_is_one_undo_step(window: MainWindow, qtbot) -> None:
    _select(window, 0, 39, "city", "country")
    QGuiApplication.clipboard().setText("London\tUK\r\n")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    ids = [window.model.id_at(r) for r in range(40)]
    assert {window.buffer.value(i, "city") for i in ids} == {"London"}
    assert {window.buffer.value(i, "country") for i in ids} == {"UK"}
    assert window.undo_stack.undoText() == "Paste 80 cells"
    window.undo_stack.undo()
    assert window.buffer.counts() == (0, 0)


def test_several_selected_rows_show_the_multi_edit_panel(window: MainWindow, qtbot) -> None:
    _select(window, 0, 11, "title", "title")
    panel = window.side_panel.multi_edit
    assert isinstance(panel, MultiEditPanel) and window.side_panel.stack.currentWidget() is panel
    assert panel.heading.text() == "12 images selected"
    qtbot.keyClicks(panel.rows["city"].text, "Margate")
    panel.apply()
    assert window.undo_stack.undoText() == "Set city on 12 images"
    assert window.model.index(5, window.model.column_of("city")).data() == "Margate"


def test_ctrl_h_opens_find_and_replace_on_the_selection(window: MainWindow, qtbot) -> None:
    _select(window, 0, 9, "title", "title")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(BulkActions).dialog
    assert dialog is not None and dialog.isVisible() and dialog.in_selection.isChecked()
    assert dialog.in_selection.text() == "&Selected images (10)"
    dialog.close()
