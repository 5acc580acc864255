"""Message boxes in GUI tests: one nobody expected fails the test instead of hanging it, and a
test that expects one answers it."""

import pytest

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox


@pytest.fixture(autouse=True)
def no_unexpected_message_box():
    """A message box no test asked for would wait forever: close it and fail the test."""
    unexpected: list[str] = []

    def close_stray() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and not box.property("expected"):
            unexpected.append(box.text())
            box.reject()

    timer = QTimer()
    timer.setInterval(500)
    timer.timeout.connect(close_stray)
    timer.start()
    yield
    timer.stop()
    assert not unexpected, f"unexpected message box: {unexpected}"


class _Answerer(QObject):
    """Claims each message box the moment it is shown and presses the next armed button on it as
    soon as the box's own event loop runs; boxes are answered in the order the test armed them."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: list = []  # buttons armed and not yet used, oldest first
        self.seen: list[str] = []  # every box answered in the test, in order
        self.boxes: list[tuple[QMessageBox, object]] = []
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.press)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if (
            self.pending
            and event.type() == QEvent.Type.Show
            and isinstance(watched, QMessageBox)
            and not watched.property("expected")
        ):
            watched.setProperty("expected", True)  # the stray-box guard leaves it alone now
            self.seen.append(watched.text())
            self.boxes.append((watched, self.pending.pop(0)))
            self.timer.start()
        return False

    def press(self) -> None:
        self.timer.stop()
        boxes, self.boxes = self.boxes, []
        for box, button in boxes:
            box.button(button).click()


@pytest.fixture
def answer_message_box():
    """Press `button` on the next message box; returns the texts of the boxes answered.

    The box is claimed in its show event, before any timer of its own event loop runs: polling
    for it raced the stray-box guard on a loaded machine, which could reject it as unexpected."""
    answerer = _Answerer()
    QApplication.instance().installEventFilter(answerer)

    def arm(button=QMessageBox.StandardButton.Ok) -> list[str]:
        answerer.pending.append(button)
        return answerer.seen

    yield arm
    QApplication.instance().removeEventFilter(answerer)
