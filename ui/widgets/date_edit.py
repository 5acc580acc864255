"""A date field a cadre can type into: 2026-12-01, 20261201, 2026/12/1 or 2026年12月1日 all work,
as do the arrows, the calendar and typing over one part (the year) as Qt does.

Qt's own date edit only accepts text in its display format, part by part, and ignores the rest
silently (typing 2026 over a selected date did nothing). Here any text made only of digits and
date separators is kept while it is typed, and read as a date when it is one.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QDateEdit, QWidget

_TYPING = re.compile(r"[\d\s\-/.年月日]*")
_DIGITS_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DIGITS_MONTH = re.compile(r"(\d{4})(\d{2})")
_SEPARATED = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)")


def parse_typed_date(text: str, *, month_only: bool = False) -> dt.date | None:
    """The date in what was typed, or None; `month_only` reads 2026-12 / 202612 / 2026年12月."""
    text = text.strip()
    match = (_DIGITS_MONTH if month_only else _DIGITS_DAY).fullmatch(text)
    if match:
        parts = [int(p) for p in match.groups()]
    else:
        match = _SEPARATED.fullmatch(text)
        if not match or (match.group(3) is None) != month_only:
            return None
        parts = [int(p) for p in match.groups() if p is not None]
    if month_only:
        parts.append(1)
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def _unambiguous(text: str) -> bool:
    """Typing is finished: a one-digit month or day may still get its second digit."""
    text = text.strip()
    return text.isdigit() or text.endswith(("日", "月")) or bool(
        re.fullmatch(r"\d{4}\D+\d{2}(\D+\d{2})?", text)
    )


class DateEdit(QDateEdit):
    """QDateEdit that also reads whole dates typed as digits; its API is QDateEdit's."""

    def __init__(self, day: QDate | dt.date | QWidget | None = None, parent: QWidget | None = None):
        if isinstance(day, QWidget):  # DateEdit(parent), as QDateEdit(parent)
            day, parent = None, day
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        if day is not None:
            self.setDate(day if isinstance(day, QDate) else QDate(day.year, day.month, day.day))

    def _month_only(self) -> bool:
        return "d" not in self.displayFormat()

    def _typed(self, text: str) -> QDate | None:
        day = parse_typed_date(text, month_only=self._month_only())
        if day is None:
            return None
        return QDate(day.year, day.month, day.day)

    def validate(self, text: str, pos: int):
        native = super().validate(text, pos)
        state = native[0] if isinstance(native, tuple) else native
        if state == QValidator.State.Acceptable:
            return native
        typed = self._typed(text)
        if typed is not None and _unambiguous(text):
            if self.minimumDate() <= typed <= self.maximumDate():
                return QValidator.State.Acceptable, text, pos
        if _TYPING.fullmatch(text):
            return QValidator.State.Intermediate, text, pos
        return native

    def dateTimeFromText(self, text: str) -> QDateTime:  # noqa: N802 - Qt's name
        typed = self._typed(text)
        if typed is not None:
            return QDateTime(typed, QTime(0, 0))
        return super().dateTimeFromText(text)

    def commit_typed(self) -> None:
        """Read what was typed (Enter, leaving the field): a date, or back to the last one."""
        text = self.lineEdit().text()
        if text == self.textFromDateTime(self.dateTime()):
            return
        typed = self._typed(text)
        if typed is not None and self.minimumDate() <= typed <= self.maximumDate():
            self.setDate(typed)
        elif super().validate(text, 0)[0] != QValidator.State.Acceptable:
            self.lineEdit().setText(self.textFromDateTime(self.dateTime()))

    def _typing_freely(self) -> bool:
        """A whole date is being typed: all of it selected, or text not in the display format."""
        line = self.lineEdit()
        if line.hasSelectedText() and len(line.selectedText()) == len(line.text()):
            return True
        return super().validate(line.text(), 0)[0] != QValidator.State.Acceptable

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit_typed()
        text = event.text()
        if len(text) == 1 and _TYPING.fullmatch(text) and self._typing_freely():
            # Qt would read "-" as "go to the next part" and drop the digits typed so far.
            self.lineEdit().insert(text)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self.commit_typed()
        super().focusOutEvent(event)


def date_edit(
    day: dt.date | None,
    parent: QWidget | None = None,
    *,
    minimum: dt.date | None = None,
    maximum: dt.date | None = None,
) -> DateEdit:
    """The date field every form uses: calendar pop-up, ISO display, typed digits understood."""
    edit = DateEdit(None, parent)
    if minimum:
        edit.setMinimumDate(QDate(minimum.year, minimum.month, minimum.day))
    if maximum:
        edit.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
    if day is not None:
        edit.setDate(QDate(day.year, day.month, day.day))
    return edit
