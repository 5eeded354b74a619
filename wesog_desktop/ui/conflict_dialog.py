"""Someone else changed what you edited: show both values and let the user choose per image."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.conflicts import ConflictReport, Resolution

CHOICES: tuple[tuple[Resolution, str], ...] = (
    (Resolution.KEEP, "Keep mine"),
    (Resolution.TAKE, "Take the server's"),
    (Resolution.SKIP, "Skip this image"),
)


def _shown(name: str, value: F.Value) -> str:
    return F.get(name).format(value) or "(empty)"


class ConflictDialog(QDialog):
    """One row per conflicting image with a choice; its fields below with all three values."""

    def __init__(self, report: ConflictReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed on the server meanwhile")
        self.resize(760, 440)
        count = len(report.by_image)
        text = (f"Someone else changed {report.field_count:,} field(s) of {count:,} image(s) you edited "
                "since you loaded them. Choose what to do with each image.")
        if report.missing:
            text += f" {len(report.missing):,} edited image(s) no longer exist and will be left out."
        self.intro = QLabel(text)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Image / field", "When you loaded it", "On the server now", "Yours"])
        self.tree.setColumnWidth(0, 180)
        self._choices: dict[str, QComboBox] = {}
        for image_id, conflicts in report.by_image.items():
            top = QTreeWidgetItem([image_id])
            self.tree.addTopLevelItem(top)
            combo = QComboBox()
            for resolution, label in CHOICES:
                combo.addItem(label, resolution)
            self.tree.setItemWidget(top, 3, combo)
            self._choices[image_id] = combo
            for c in conflicts:
                top.addChild(QTreeWidgetItem([F.get(c.field).label, _shown(c.field, c.baseline),
                                              _shown(c.field, c.server), _shown(c.field, c.mine)]))
            top.setExpanded(True)
        buttons = QHBoxLayout()
        for resolution, label in CHOICES:
            button = QPushButton(f"{label}: all")
            button.clicked.connect(lambda _=False, r=resolution: self.choose_all(r))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.box.addButton("Continue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.box)

    def choose(self, image_id: str, resolution: Resolution) -> None:
        combo = self._choices[image_id]
        combo.setCurrentIndex(combo.findData(resolution))

    def choose_all(self, resolution: Resolution) -> None:
        for image_id in self._choices:
            self.choose(image_id, resolution)

    def resolutions(self) -> dict[str, Resolution]:
        return {image_id: combo.currentData() for image_id, combo in self._choices.items()}
