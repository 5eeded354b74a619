"""How the import read the file (encoding, delimiter, header row), with the user's overrides.

Changing a control asks the dialog to read the file again with that choice; the detection
stays the default for what the user did not touch. A workbook has no encoding or delimiter.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wesog_desktop.domain.table_import import Table

ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Western)",
    "latin-1": "ISO-8859-1 (Latin-1)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "mac_roman": "Mac Roman",
}
DELIMITERS = {",": "Comma  ,", ";": "Semicolon  ;", "\t": "Tab", "|": "Pipe  |"}


def describe(table: Table) -> str:
    """One line saying how ``table`` was read, e.g. "UTF-8, comma separated, with a header row"."""
    d = table.detection
    if d.format == "xlsx":
        source = "Excel workbook (first sheet)"
    else:
        delimiter = DELIMITERS.get(d.delimiter or "", repr(d.delimiter)).split()[0].lower()
        source = f"{ENCODINGS.get(d.encoding or '', d.encoding)}, {delimiter} separated"
    parts = [source, "gzipped" if d.compressed else "",
             "with a header row" if d.has_header else "no header row",
             f"{table.row_count:,} rows, {len(table.columns)} columns"]
    return ", ".join(p for p in parts if p)


class SourceBar(QWidget):
    """The detection of one file and the controls that override it."""

    reread_requested = Signal(str, str, bool)
    """(encoding, delimiter, has_header): read the file again this way ("" = detect)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.encoding = QComboBox()
        for codec, label in ENCODINGS.items():
            self.encoding.addItem(label, codec)
        self.delimiter = QComboBox()
        for char, label in DELIMITERS.items():
            self.delimiter.addItem(label, char)
        self.header = QCheckBox("First row holds the column names")
        self.encoding_label = QLabel("Encoding")
        self.delimiter_label = QLabel("Delimiter")
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.encoding_label, self.encoding, self.delimiter_label, self.delimiter):
            controls.addWidget(widget)
        controls.addSpacing(12)
        controls.addWidget(self.header)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(controls)
        self.encoding.activated.connect(lambda _i: self._request())
        self.delimiter.activated.connect(lambda _i: self._request())
        self.header.clicked.connect(lambda _c: self._request())

    def show_detection(self, table: Table) -> None:
        d = table.detection
        self.summary.setText(f"<b>{table.name}</b>: {describe(table)}")
        text = d.format != "xlsx"
        for widget in (self.encoding_label, self.encoding, self.delimiter_label, self.delimiter):
            widget.setVisible(text)
        if text:
            self._choose(self.encoding, d.encoding or "utf-8")
            self._choose(self.delimiter, d.delimiter or ",")
        self.header.setChecked(d.has_header)

    @staticmethod
    def _choose(combo: QComboBox, data: str) -> None:
        index = combo.findData(data)
        if index < 0:
            combo.addItem(data, data)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _request(self) -> None:
        encoding = self.encoding.currentData() if not self.encoding.isHidden() else ""
        delimiter = self.delimiter.currentData() if not self.delimiter.isHidden() else ""
        self.reread_requested.emit(encoding or "", delimiter or "", self.header.isChecked())
