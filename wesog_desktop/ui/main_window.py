"""The main window: the image table, the side panel, search, filter, menus and status bar.

The window stays lean: features attach themselves. Each module named in ``FEATURES`` exposes
``install(window) -> None`` and uses the window's public parts (``session``, ``buffer``,
``model``, ``table``, ``undo_stack``, ``menus``, ``toolbar``, ``status_bar``, ``side_panel``,
``selected_ids()``, ``select_image()``, ``add_dock()``). Adding a feature is one line here.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox, QWidget

from wesog_desktop import __version__
from wesog_desktop.domain.edit_buffer import Cell
from wesog_desktop.services.catalog_loader import CatalogLoader, search_formula
from wesog_desktop.services.session import Session
from wesog_desktop.ui.image_table_model import ImageTableModel
from wesog_desktop.ui.image_table_view import ImageTableView
from wesog_desktop.ui.main_bars import LoadStatus, SearchBar
from wesog_desktop.ui.side_panel import SidePanel
from wesog_desktop.ui.window_state import WindowState

FEATURES: list[str] = [
    "wesog_desktop.ui.revert",
    "wesog_desktop.ui.bulk_actions",
    "wesog_desktop.ui.submit_actions",
    "wesog_desktop.ui.import_actions",
    "wesog_desktop.ui.safety_actions",
]
"""Modules whose ``install(window)`` adds a feature; integrators add one line per feature."""

MENU_NAMES = ("File", "Edit", "View", "Image", "Help")
THUMB_SIZES = (24, 160)
SIDE_PANEL_WIDTH = 340
FILTER_DEBOUNCE_MS = 150


class MainWindow(QMainWindow):
    """The editor of one Wesog session."""

    closed = Signal()
    """The window closed: tasks were cancelled and the client closed."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.buffer = session.buffer
        self.undo_stack = QUndoStack(self)
        self.model = ImageTableModel(self.buffer, self.undo_stack, session.messages, session.thumbnails, self)
        self.table = ImageTableView(self.model, session.messages, self)
        self.loader = CatalogLoader(session, self.model.append_records, parent=self)
        self.window_state = WindowState()
        self.revert_actions: dict[str, QAction] = {}
        self.close_guards: list[Callable[[], bool]] = []
        """Called in order on close; one returning False keeps the window open."""
        self._closing = self._closed = False
        self.setWindowTitle(f"Wesog Desktop — {session.label}")
        self.setCentralWidget(self.table)
        self.menus: dict[str, QMenu] = {name: self.menuBar().addMenu(f"&{name}") for name in MENU_NAMES}
        self.search_bar = SearchBar(self)
        self.toolbar = self.search_bar.toolbar
        self.addToolBar(self.toolbar)
        self.status_bar = self.statusBar()
        self.load_status = LoadStatus(self)
        self.side_panel = SidePanel(self.model, self)
        self.side_dock = self.add_dock(self.side_panel, Qt.DockWidgetArea.RightDockWidgetArea, "Image")
        self._build_menus()
        self._connect()
        self.table.set_thumb_size(self.window_state.thumb_size(self.model.thumb_size))
        self.search_bar.thumb_slider.setValue(self.model.thumb_size)
        self.resize(1360, 820)
        self.resizeDocks([self.side_dock], [SIDE_PANEL_WIDTH], Qt.Orientation.Horizontal)
        self._install_features()
        self.window_state.restore(self, self.table.horizontalHeader(), self.side_panel.splitter)
        self.model.set_filter_fields(self.table.visible_field_names())

    # -- public parts for features ---------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """The selected images, in table order."""
        return self.table.selected_ids()

    def select_image(self, image_id: str) -> bool:
        """Scroll to the image and make it the current, only selected row; False if not shown."""
        row = self.model.row_of(image_id)
        if row is None:
            return False
        index = self.model.index(row, 1)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def add_dock(self, widget: QWidget, area: Qt.DockWidgetArea, title: str | None = None) -> QDockWidget:
        """Put ``widget`` in a dock of ``area``; its toggle goes to the View menu."""
        dock = QDockWidget(title or widget.windowTitle(), self)
        dock.setObjectName(f"dock-{title or widget.objectName() or type(widget).__name__}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if hasattr(self, "menus"):
            self.menus["View"].addAction(dock.toggleViewAction())
        return dock

    def confirm_close(self) -> bool:
        """Whether the window may close: every guard in ``close_guards`` agrees (features add
        theirs, e.g. the quit dialog for pending edits); True when there is none."""
        return all(guard() for guard in self.close_guards)

    def _install_features(self) -> None:
        for name in FEATURES:
            importlib.import_module(name).install(self)

    # -- loading --------------------------------------------------------------------------------
    def load(self, text: str | None = None) -> asyncio.Task[None] | None:
        """Replace the loaded images by those matching the search box (or ``text``).

        Refused while edits are pending, so a search never drops work: submit or revert first.
        """
        if text is None:
            text = self.search_bar.search.text()
        changed_fields, changed_images = self.buffer.counts()
        if changed_fields:
            self.session.messages.warning(
                f"Not searching: {changed_images} image{'s' if changed_images != 1 else ''} "
                "with changes would be dropped. Submit or revert them first.")
            return None
        self.undo_stack.clear()
        self.model.clear()
        return self.loader.start(search_formula(text))

    def cancel_load(self) -> None:
        self.loader.cancel()

    # -- wiring ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file, edit, view, image, help_ = (self.menus[n] for n in MENU_NAMES)
        self._action(file, "&Load", self.search_bar.load_clicked, QKeySequence.StandardKey.Refresh)
        self._action(file, "&Search…", self.search_bar.focus_search, QKeySequence("Ctrl+L"))
        self.cancel_action = self._action(file, "&Cancel loading", self.cancel_load)
        self.cancel_action.setEnabled(False)
        file.addSeparator()
        self._action(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit.addActions([undo, redo])
        self.history_menu = edit.addMenu("Undo &history")
        self.history_menu.aboutToShow.connect(self._fill_history)
        self._action(edit, "&Filter loaded rows", self.search_bar.focus_filter, QKeySequence.StandardKey.Find)
        self.changed_only_action = self._action(view, "Show &changed only", None, QKeySequence("Ctrl+Shift+M"))
        self.changed_only_action.setCheckable(True)
        self.changed_only_action.toggled.connect(self.model.set_changed_only)
        self._action(view, "&Unsorted (load order)", self._unsort)
        self._action(view, "&Larger thumbnails", lambda: self._zoom(1), QKeySequence.StandardKey.ZoomIn)
        self._action(view, "&Smaller thumbnails", lambda: self._zoom(-1), QKeySequence.StandardKey.ZoomOut)
        view.addSeparator()
        view.addAction(self.side_dock.toggleViewAction())
        view.addAction(self.toolbar.toggleViewAction())
        self._action(image, "&Copy image IDs", self._copy_ids, QKeySequence("Ctrl+Shift+C"))
        self._action(help_, "&About Wesog Desktop", self._about)

    def _action(self, menu: QMenu, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = menu.addAction(text)
        if shortcut is not None:
            action.setShortcut(shortcut)
        if slot is not None:
            action.triggered.connect(lambda _=False: slot())
        return action

    def _connect(self) -> None:
        bar = self.search_bar
        bar.load_requested.connect(self.load)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DEBOUNCE_MS)
        self._filter_timer.timeout.connect(lambda: self.model.set_quick_filter(bar.filter.text()))
        bar.filter_changed.connect(lambda _text: self._filter_timer.start())
        bar.thumb_slider.valueChanged.connect(self.table.set_thumb_size)
        bar.cancel_action.triggered.connect(self.cancel_load)
        self.table.thumb_zoom_requested.connect(self._zoom)
        self.load_status.cancel_requested.connect(self.cancel_load)
        loader = self.loader
        loader.progress.connect(self.load_status.show_progress)
        loader.finished.connect(self._load_ended)
        loader.failed.connect(lambda _m: self._load_ended(self.loader.loaded))
        loader.cancelled.connect(self._load_cancelled)
        loader.progress.connect(lambda *_: self._set_loading(True))
        self.session.messages.message_posted.connect(self._show_message)
        self._counts_timer = QTimer(self, singleShot=True, interval=0)
        self._counts_timer.timeout.connect(self._update_counts)
        self.buffer.subscribe(self._on_cells_changed)
        self.model.rows_shown_changed.connect(lambda *_: self._update_counts())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())
        self._update_counts()

    def _on_cells_changed(self, cells: list[Cell]) -> None:
        self._counts_timer.start()

    def _update_counts(self) -> None:
        fields, images = self.buffer.counts()
        self.load_status.show_counts(fields, images, self.model.rowCount(), len(self.buffer))

    def _selection_changed(self) -> None:
        self.side_panel.show_images(self.selected_ids())

    def _set_loading(self, on: bool) -> None:
        self.cancel_action.setEnabled(on)
        self.search_bar.cancel_action.setEnabled(on)

    def _load_ended(self, loaded: int) -> None:
        self._set_loading(False)
        self.load_status.hide_progress()
        self._update_counts()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_image(self.model.id_at(0))
        if loaded and not self.session.closed:
            self.session.track(self.model.prepare_filter(), name="prepare quick filter")

    def _load_cancelled(self, loaded: int) -> None:
        self._load_ended(loaded)
        self.status_bar.showMessage(f"Loading stopped after {loaded:,} images", 6000)

    def _show_message(self, level: str, text: str) -> None:
        """Errors stay on the status bar until the next message; the rest fade."""
        self.status_bar.showMessage(text, {"info": 6000, "warning": 12000}.get(level, 0))

    def _unsort(self) -> None:
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.sort(-1)

    def _zoom(self, steps: int) -> None:
        slider = self.search_bar.thumb_slider
        slider.setValue(max(THUMB_SIZES[0], min(THUMB_SIZES[1], slider.value() + 8 * steps)))

    def _fill_history(self) -> None:
        menu, stack = self.history_menu, self.undo_stack
        menu.clear()
        for i in range(stack.count(), 0, -1):
            action = menu.addAction(stack.text(i - 1))
            action.setCheckable(True)
            action.setChecked(i == stack.index())
            action.triggered.connect(lambda _=False, k=i: stack.setIndex(k))
        if not stack.count():
            menu.addAction("No edits yet").setEnabled(False)

    def _copy_ids(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.selected_ids()))

    def _about(self) -> None:
        QMessageBox.about(self, "About Wesog Desktop",
                          f"<b>Wesog Desktop</b> {__version__}<br>Edit the metadata of images stored in Wesog.")

    # -- closing --------------------------------------------------------------------------------
    def _save_state(self) -> None:
        self.window_state.save(self, self.table.horizontalHeader(), self.side_panel.splitter,
                               self.model.thumb_size)

    async def aclose(self) -> None:
        """Save the layout, cancel the tasks, close the HTTP client. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._save_state()
        self.loader.cancel()
        await self.session.aclose()
        self.closed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        event.ignore()
        if self._closing or not self.confirm_close():
            return
        self._closing = True
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop runs (a test's teardown): whoever owns the session closes it
            self._save_state()
            self.loader.cancel()
            self._closed = True
            event.accept()
            return
        self._close_task = asyncio.ensure_future(self._close_async())  # not tracked: it closes the tracker

    async def _close_async(self) -> None:
        await self.aclose()
        self.close()
