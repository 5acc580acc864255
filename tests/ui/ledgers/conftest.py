"""Ledger page fixtures: a village of many people with three easy to find, shared page helpers."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import id_number
from service_page_fixtures import (  # noqa: F401 - fixtures are found by name
    clerk_context,
    no_unexpected_message_box,
    show,
    viewer_context,
)

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from carepoint.residents import NewResident, ResidentInput, check_resident, insert_residents

TODAY = dt.date(2026, 11, 23)
SURNAMES, GIVEN = "赵钱孙李周吴郑王冯陈", "明华秀英国平兰芳建军"
KNOWN = {"张三丰": "zsf", "欧阳修": "oyx", "段誉": "dy"}


@pytest.fixture
def crowd(village):
    """`count` residents with everyday names, plus 张三丰, 欧阳修 and 段誉; returns {name: id}."""

    def make(count: int) -> dict[str, int]:
        people = []
        names = [SURNAMES[n % 10] + GIVEN[(n // 10) % 10] + GIVEN[n % 7] for n in range(count)]
        for n, name in enumerate([*KNOWN, *names]):
            birth = dt.date(1937 + n % 20, 1 + n % 12, 1 + n % 28)
            data = ResidentInput(
                name=name, id_number=id_number(birth, n % 999 + 1), group_name="一组"
            )
            prepared, problems = check_resident(data, TODAY)
            assert prepared is not None, problems
            people.append(NewResident(prepared))
        insert_residents(village, people)
        rows = village.db.execute_sql("SELECT name, id FROM resident WHERE name IN (?, ?, ?)",
                                      list(KNOWN))  # fmt: skip
        return dict(rows.fetchall())

    return make


class _Answerer(QObject):
    """Claims the next message box the moment it is shown, and presses `button` on it as soon
    as the box's own event loop runs."""

    def __init__(self, button) -> None:
        super().__init__()
        self.button, self.seen, self.box = button, [], None
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.press)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if (
            not self.seen
            and event.type() == QEvent.Type.Show
            and isinstance(watched, QMessageBox)
            and not watched.property("expected")
        ):
            watched.setProperty("expected", True)  # the stray-box guard leaves it alone now
            self.seen.append(watched.text())
            self.box = watched
            self.timer.start()
        return False

    def press(self) -> None:
        self.timer.stop()
        box, self.box = self.box, None
        if box is not None:
            box.button(self.button).click()


@pytest.fixture
def answer_message_box():
    """Press `button` on the message boxes a test expects; returns the texts answered.

    The shared fixture polls every 20 ms for the box while the stray-box guard polls every
    500 ms: on a loaded machine the guard's overdue tick could come first and reject the box as
    unexpected (the health tab's test failed so once). Claiming the box in its show event, before
    any timer of the box's own event loop runs, leaves no such race."""
    answerers = []

    def arm(button=QMessageBox.StandardButton.Ok) -> list[str]:
        answerer = _Answerer(button)
        QApplication.instance().installEventFilter(answerer)
        answerers.append(answerer)
        return answerer.seen

    yield arm
    for answerer in answerers:
        QApplication.instance().removeEventFilter(answerer)
