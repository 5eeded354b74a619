"""Review before submitting: what changes, what is held back, how it is sent, and its JSON."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wesog_desktop.domain import fields as F
from wesog_desktop.domain.edit_buffer import EditBuffer
from wesog_desktop.domain.patch import LANGS, PatchPlan, SubmitOptions

SHOWN_IMAGES = 2000
"""Images listed one by one; a larger submission is summarised past this many."""

Planner = Callable[[SubmitOptions], PatchPlan]
Previewer = Callable[[PatchPlan, SubmitOptions], str]


def _shown(name: str, value: F.Value) -> str:
    text = F.get(name).format(value) if name in F.BY_NAME else str(value)
    return text if text else "(empty)"


class ReviewDialog(QDialog):
    """Shows a ``PatchPlan``; ``options()`` gives what the user chose once accepted.

    ``planner`` rebuilds the plan when an option changes the batching (wait), ``previewer``
    gives the exact JSON for "Show JSON".
    """

    def __init__(self, buffer: EditBuffer, options: SubmitOptions, planner: Planner, previewer: Previewer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Submit changes")
        self.resize(760, 560)
        self._buffer = buffer
        self._planner = planner
        self._previewer = previewer
        self._base_options = options
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.changes = QTreeWidget()
        self.changes.setHeaderLabels(["Image / field", "Now", "After submitting"])
        self.changes.setColumnWidth(0, 220)
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        self.held = QTreeWidget()
        self.held.setHeaderLabels(["Held back", "Reason"])
        self.held.setColumnWidth(0, 220)
        self.wait = QCheckBox("Wait for each operation to finish (synchronous, 50 per request)")
        self.urgent = QCheckBox("Urgent: put the operations at the head of Wesog's queue")
        self.strict = QCheckBox("Strict: fail images that do not exist")
        self.check_conflicts = QCheckBox("Check for changes made by others first")
        self.lang = QComboBox()
        self.lang.addItems(list(LANGS))
        self.json_toggle = QPushButton("Show JSON")
        self.json_toggle.setCheckable(True)
        self.json_view = QPlainTextEdit()
        self.json_view.setReadOnly(True)
        self.json_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.json_view.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = self.buttons.addButton("Submit", QDialogButtonBox.ButtonRole.AcceptRole)
        self._layout()
        self._set_options(options)
        for box in (self.wait, self.urgent, self.strict):
            box.toggled.connect(self._refresh)
        self.lang.currentTextChanged.connect(self._refresh)
        self.json_toggle.toggled.connect(self._toggle_json)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.plan = planner(options)
        self._fill()

    def _layout(self) -> None:
        form = QFormLayout()
        for box in (self.wait, self.urgent, self.strict, self.check_conflicts):
            form.addRow(box)
        form.addRow("Language of messages:", self.lang)
        row = QHBoxLayout()
        row.addWidget(self.json_toggle)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.changes, 3)
        layout.addWidget(self.held_label)
        layout.addWidget(self.held, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.json_view, 2)
        layout.addWidget(self.buttons)

    def _set_options(self, options: SubmitOptions) -> None:
        self.wait.setChecked(options.wait)
        self.urgent.setChecked(options.urgent)
        self.strict.setChecked(options.strict)
        self.check_conflicts.setChecked(options.check_conflicts)
        self.lang.setCurrentText(options.lang)

    def options(self) -> SubmitOptions:
        return self._base_options.with_(wait=self.wait.isChecked(), urgent=self.urgent.isChecked(),
                                        strict=self.strict.isChecked(), lang=self.lang.currentText(),
                                        check_conflicts=self.check_conflicts.isChecked())

    def _refresh(self) -> None:
        options = self.options()
        if options.effective_batch_size != self.plan.batch_size:  # only wait changes the plan
            self.plan = self._planner(options)
            self._fill()
        elif self.json_toggle.isChecked():
            self.json_view.setPlainText(self._previewer(self.plan, options))

    def _fill(self) -> None:
        plan = self.plan
        batches = len(plan.batches)
        text = (f"<b>{plan.image_count:,} image{'s' if plan.image_count != 1 else ''}</b> and "
                f"<b>{plan.field_count:,} field{'s' if plan.field_count != 1 else ''}</b> change, sent in "
                f"{batches:,} request{'s' if batches != 1 else ''} of up to {plan.batch_size}.")
        if plan.in_flight:
            text += f" {len(plan.in_flight):,} image(s) still being submitted will follow later."
        self.summary.setText(text)
        self.submit_button.setEnabled(bool(plan))
        self._fill_changes(plan)
        self._fill_held(plan)
        if self.json_toggle.isChecked():
            self.json_view.setPlainText(self._previewer(plan, self.options()))

    def _fill_changes(self, plan: PatchPlan) -> None:
        self.changes.clear()
        buffer = self._buffer
        items: list[QTreeWidgetItem] = []
        for item in plan.items[:SHOWN_IMAGES]:
            image_id = item["id"]
            top = QTreeWidgetItem([image_id, "", f"{len(item) - 1} field(s)"])
            for name, value in item.items():
                if name == "id":
                    continue
                label = F.BY_NAME[name].label if name in F.BY_NAME else name
                top.addChild(QTreeWidgetItem([label, _shown(name, buffer.original(image_id, name)),
                                              _shown(name, value)]))
            items.append(top)
        if plan.image_count > SHOWN_IMAGES:
            items.append(QTreeWidgetItem([f"… and {plan.image_count - SHOWN_IMAGES:,} more images"]))
        self.changes.addTopLevelItems(items)
        if plan.image_count <= 50:
            self.changes.expandAll()

    def _fill_held(self, plan: PatchPlan) -> None:
        self.held.clear()
        count = len(plan.held_back)
        self.held_label.setText(f"{count:,} image{'s' if count != 1 else ''} with invalid values "
                                "will not be sent:" if count else "No image is held back.")
        self.held.setVisible(bool(count))
        for image_id, reasons in list(plan.held_back.items())[:SHOWN_IMAGES]:
            top = QTreeWidgetItem([image_id, "; ".join(f"{F.BY_NAME[n].label if n in F.BY_NAME else n}: {r}"
                                                       for n, r in reasons.items())])
            top.setToolTip(1, top.text(1))
            self.held.addTopLevelItem(top)

    def _toggle_json(self, shown: bool) -> None:
        self.json_toggle.setText("Hide JSON" if shown else "Show JSON")
        self.json_view.setVisible(shown)
        if shown:
            self.json_view.setPlainText(self._previewer(self.plan, self.options()))
            self.json_view.moveCursor(self.json_view.textCursor().MoveOperation.Start)
