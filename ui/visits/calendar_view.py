"""The month calendar: how many people are due and how many were visited on each day; choosing a
day lists who is due that day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carepoint import clock
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.visits.due import CalendarDay, DueFilter, due_ids, due_rows, month_calendar
from carepoint.visits.labels import tier_label

from ui.visits.common import fill, read_only_table
from ui.widgets.lists import key_of_current

DUE_COLOUR = QColor("#c0392b")
VISITED_COLOUR = QColor("#2f6fa8")


class DueCalendar(QCalendarWidget):
    """A calendar that writes "due n" and "visited n" under each day of the shown month."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.days: dict[dt.date, CalendarDay] = {}
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.currentPageChanged.connect(lambda *_args: self.load())

    def load(self) -> None:
        self.days = month_calendar(self.store, self.yearShown(), self.monthShown())
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:  # noqa: N802
        super().paintCell(painter, rect, date)
        counts = self.days.get(date.toPython())
        if counts is None or not (counts.due or counts.visited):
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.75, 6))
        painter.setFont(font)
        line = painter.fontMetrics().height()
        bottom = QRect(rect.left() + 2, rect.bottom() - 2 * line - 1, rect.width() - 4, line)
        if counts.due:
            painter.setPen(DUE_COLOUR)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, _("due {n}").format(n=counts.due))
        if counts.visited:
            painter.setPen(VISITED_COLOUR)
            text = _("visited {n}").format(n=counts.visited)
            painter.drawText(bottom.translated(0, line), Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()


class CalendarView(QWidget):
    """The calendar beside the list of people due on the chosen day."""

    resident_chosen = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.calendar = DueCalendar(store, self)
        self.calendar.setMinimumWidth(460)
        self.day_label = QLabel(self)
        self.day_list = read_only_table([_("Name"), _("Villager group"), _("Tier")], self)
        self.day_list.doubleClicked.connect(self._open)
        side = QVBoxLayout()
        side.addWidget(self.day_label)
        side.addWidget(self.day_list, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.calendar, 3)
        layout.addLayout(side, 2)
        self.calendar.selectionChanged.connect(self.show_day)

    def load(self) -> None:
        today = clock.today()
        if not self.calendar.days:
            self.calendar.setSelectedDate(QDate(today.year, today.month, today.day))
        self.calendar.load()
        self.show_day()

    def show_day(self) -> None:
        day = self.calendar.selectedDate().toPython()
        ids = due_ids(self.store, DueFilter("day", on=day))
        rows = due_rows(self.store, ids)
        self.day_label.setText(
            _("Due on {date}: {count}").format(date=format_date(day), count=len(rows))
        )
        fill(
            self.day_list,
            [[r.name, r.group_name, tier_label(r.tier) if r.tier else "—"] for r in rows],
            [r.resident_id for r in rows],
        )

    def chosen_resident(self) -> int | None:
        return key_of_current(self.day_list)

    def _open(self) -> None:
        resident_id = self.chosen_resident()
        if resident_id is not None:
            self.resident_chosen.emit(resident_id)
