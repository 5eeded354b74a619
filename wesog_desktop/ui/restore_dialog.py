"""Offer to bring back the edits a previous run left unsubmitted: Restore, Discard or Later."""

from __future__ import annotations

import enum

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from wesog_desktop.services.journal_restore import InFlightBatch, PendingState


class RestoreChoice(enum.Enum):
    RESTORE = "restore"
    """Put the edits back as pending (nothing is sent) and follow the operations again."""
    DISCARD = "discard"
    """Forget them for good."""
    LATER = "later"
    """Keep them in the journal and ask again at the next start."""


def describe_batch(batch: InFlightBatch) -> str:
    count = len(batch.items)
    images = f"{count} image{'s' if count != 1 else ''}"
    if batch.op_id is None:
        return f"A batch of {images} was being sent; its outcome is unknown (the edits stay pending)"
    return f"Operation {batch.op_id}: {images}, will be followed to its end"


class RestoreDialog(QDialog):
    """Says what is pending for ``server_label`` and which operations were in flight."""

    def __init__(self, state: PendingState, server_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unsubmitted edits")
        self.choice = RestoreChoice.LATER
        opening = ("Wesog Desktop did not close normally last time." if state.crashed
                   else "Your last session ended with edits that were not submitted.")
        self.summary = QLabel(f"{opening}\n\nFor {server_label}: {state.describe()}\n\n"
                              "Restore puts them back as pending edits: nothing is sent until you submit.")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.operations = QListWidget()
        if state.in_flight:
            self.operations.addItems([describe_batch(b) for b in state.in_flight])
            self.operations.setMaximumHeight(120)
            layout.addWidget(QLabel("Sent before the stop:"))
            layout.addWidget(self.operations)
        box = QDialogButtonBox()
        self.restore_button = box.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = box.addButton("Discard", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = box.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setDefault(True)
        self.discard_button.setToolTip("Forget these edits for good")
        self.later_button.setToolTip("Keep them and ask again at the next start")
        self.restore_button.clicked.connect(lambda: self._finish(RestoreChoice.RESTORE))
        self.discard_button.clicked.connect(lambda: self._finish(RestoreChoice.DISCARD))
        self.later_button.clicked.connect(lambda: self._finish(RestoreChoice.LATER))
        layout.addWidget(box)

    def _finish(self, choice: RestoreChoice) -> None:
        self.choice = choice
        if choice is RestoreChoice.LATER:
            self.reject()
        else:
            self.accept()


def ask_restore(state: PendingState, server_label: str, parent: QWidget | None = None) -> RestoreChoice:
    """Show the dialog modally; closing it (Esc) means Later."""
    dialog = RestoreDialog(state, server_label, parent)
    dialog.exec()
    return dialog.choice
