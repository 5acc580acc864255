"""Message boxes in GUI tests: one nobody expected fails the test instead of hanging it, and a
test that expects one answers it."""

import pytest

from PySide6.QtCore import QTimer
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


@pytest.fixture
def answer_message_box():
    """Press `button` on the next message box; returns the texts of the boxes answered."""
    seen: list[str] = []
    timers = []

    def arm(button=QMessageBox.StandardButton.Ok) -> list[str]:
        timer = QTimer()
        timer.setInterval(20)

        def press() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                box.setProperty("expected", True)
                timer.stop()
                seen.append(box.text())
                box.button(button).click()

        timer.timeout.connect(press)
        timer.start()
        timers.append(timer)
        return seen

    return arm
