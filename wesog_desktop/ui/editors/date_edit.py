"""A date editor: type ``YYYY-MM-DD`` (or ``YYYY-M-D``), or pick a day in a calendar."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QWidget

from wesog_desktop.domain.values import parse_date
from wesog_desktop.resources import resource


class DateEdit(QLineEdit):
    """A line edit for dates with a calendar button at its end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("YYYY-MM-DD")
        icon = QIcon.fromTheme("x-office-calendar", QIcon(str(resource("icons/calendar.svg"))))
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Pick a date in a calendar")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None

    def show_calendar(self) -> None:
        """Open a calendar under the editor, on the typed date when there is one."""
        calendar = QCalendarWidget(self, windowFlags=Qt.WindowType.Popup)
        calendar.setGridVisible(False)
        try:
            current = QDate.fromString(parse_date(self.text()), "yyyy-MM-dd")
        except ValueError:
            current = QDate.currentDate()
        calendar.setSelectedDate(current)
        calendar.clicked.connect(self._picked)
        calendar.activated.connect(self._picked)
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar = calendar
        calendar.show()

    def _picked(self, date: QDate) -> None:
        self.setText(date.toString("yyyy-MM-dd"))
        if self.calendar is not None:
            self.calendar.close()
            self.calendar.deleteLater()
            self.calendar = None
        self.setFocus(Qt.FocusReason.PopupFocusReason)
