"""A progress bar with a Stop button for a ``TableJob`` running off the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from wesog_desktop.services.table_import_job import TableJob


class JobProgress(QWidget):
    """Shows what ``job`` is doing; Stop cancels it. Hidden while nothing runs."""

    def __init__(self, job: TableJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.stop = QPushButton("Stop")
        self.stop.setToolTip("Stop this step; nothing in the table changes")
        self.stop.clicked.connect(job.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.stop)
        job.progress.connect(self._show)
        self.hide()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.show()

    def _show(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, done * 1000 // total))

    def finish(self) -> None:
        self.hide()
