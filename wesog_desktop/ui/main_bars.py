"""The window's bars: the toolbar (search, quick filter, thumbnail size) and the status line
(changes, rows shown, load progress with its cancel button)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QProgressBar, QSlider, QToolBar, QToolButton

SEARCH_HINT = "Search Wesog: words in titles, or a formula such as t~sunset && d>2020-01-01"


class SearchBar(QObject):
    """The toolbar: what to load from Wesog, and what to show of it."""

    load_requested = Signal(str)
    """(text): load the images matching the search box text."""
    filter_changed = Signal(str)
    """(text): the quick filter of the loaded rows changed."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        bar = self.toolbar = QToolBar("Search", window)
        bar.setObjectName("toolbar-search")
        bar.setMovable(False)
        self.search = QLineEdit(bar)
        self.search.setPlaceholderText(SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.search.setToolTip("Enter loads. Plain words search titles (t~words); "
                               "a formula (with =, ~, <, >, ∩ or &&) is sent as typed.")
        self.search.returnPressed.connect(self.load_clicked)
        bar.addWidget(self.search)
        self.load_action = bar.addAction("Load")
        self.load_action.setToolTip("Load the images matching the search (F5)")
        self.load_action.triggered.connect(self.load_clicked)
        self.cancel_action = bar.addAction("Stop")
        self.cancel_action.setToolTip("Stop loading; the images already loaded stay")
        self.cancel_action.setEnabled(False)
        bar.addSeparator()
        self.filter = QLineEdit(bar)
        self.filter.setPlaceholderText("Filter loaded rows (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMaximumWidth(260)
        self.filter.textChanged.connect(self.filter_changed)
        bar.addWidget(self.filter)
        bar.addSeparator()
        size_label = QLabel(" Thumbnails ", bar)
        size_label.setStyleSheet("color: #6b7280;")
        bar.addWidget(size_label)
        self.thumb_slider = QSlider(Qt.Orientation.Horizontal, bar)
        self.thumb_slider.setRange(24, 160)
        self.thumb_slider.setSingleStep(8)
        self.thumb_slider.setPageStep(16)
        self.thumb_slider.setMaximumWidth(120)
        self.thumb_slider.setToolTip("Thumbnail size (also Ctrl+wheel over the table)")
        bar.addWidget(self.thumb_slider)

    def load_clicked(self) -> None:
        self.load_requested.emit(self.search.text())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()


class LoadStatus(QObject):
    """Permanent widgets of the status bar: change counts, rows, load progress."""

    cancel_requested = Signal()
    """The user pressed the cancel button next to the progress bar."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        bar = window.statusBar()
        self.changes = QLabel(bar)
        self.rows = QLabel(bar)
        self.rows.setStyleSheet("color: #4b5563; padding: 0 8px;")
        self.progress = QProgressBar(bar)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel = QToolButton(bar)
        self.cancel.setText("✕")
        self.cancel.setToolTip("Stop loading")
        self.cancel.setAutoRaise(True)
        self.cancel.clicked.connect(self.cancel_requested)
        for widget in (self.changes, self.rows, self.progress, self.cancel):
            bar.addPermanentWidget(widget)
        self.hide_progress()

    def show_counts(self, fields: int, images: int, shown: int, loaded: int) -> None:
        if fields:
            self.changes.setText(f"{fields:,} field{'s' if fields != 1 else ''} changed in "
                                 f"{images:,} image{'s' if images != 1 else ''}")
            self.changes.setStyleSheet("color: #8a6d00; font-weight: 600; padding: 0 8px;")
        else:
            self.changes.setText("No changes")
            self.changes.setStyleSheet("color: #6b7280; padding: 0 8px;")
        self.rows.setText(f"{shown:,} images" if shown == loaded else f"{shown:,} of {loaded:,} images shown")

    def show_progress(self, loaded: int, total: int) -> None:
        for widget in (self.progress, self.cancel):
            widget.setVisible(True)
        if total <= 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, total)
            self.progress.setValue(loaded)
            self.progress.setFormat(f"Loading {loaded:,} / {total:,}")

    def hide_progress(self) -> None:
        for widget in (self.progress, self.cancel):
            widget.setVisible(False)

