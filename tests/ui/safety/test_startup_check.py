"""`carepoint gui` puts its first window up before the whole-file check has read the file: the
check runs on a worker behind the window, and interrupts only when it finds damage (the data is
then reopened read-only). Closing while it still reads makes it give up instead of waiting."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carepoint.i18n import _

from ui import app as app_module

PROBLEM = "carer row 1 refers to a missing resident"


def watch(steps: dict, seen: dict):
    """Each top-level window, when it shows, gets the step for its type (every time it shows)."""
    timer = QTimer()
    timer.setInterval(20)
    handled = []  # the widgets themselves: an id() of a deleted dialog is reused by the next one

    def check():
        for widget in QApplication.topLevelWidgets():
            kind = type(widget).__name__
            if kind in steps and widget.isVisible() and not any(widget is w for w in handled):
                handled.append(widget)
                seen.setdefault("order", []).append(kind)
                steps[kind](widget)

    timer.timeout.connect(check)
    timer.start()
    return timer


def sign_in_step(passwords):
    def sign_in(dialog):
        QTest.keyClicks(dialog.form.username, "admin")
        QTest.keyClicks(dialog.form.password, passwords["admin"])
        dialog.form.sign_in_button.click()

    return sign_in


def run(folder):
    try:
        return app_module.run(data_dir=folder)
    finally:
        QCoreApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)


def test_the_sign_in_window_is_up_while_the_check_still_reads_and_sound_data_says_nothing(
    village, passwords, monkeypatch
):
    village.close()
    signing_in = threading.Event()
    seen: dict = {}

    def slow_check(folder, cancelled=None):
        seen["window_up_while_checking"] = signing_in.wait(timeout=20)
        return []

    monkeypatch.setattr("ui.startup_check.find_damage", slow_check)

    def sign_in(dialog):
        signing_in.set()
        sign_in_step(passwords)(dialog)

    def main_window(window):
        seen["read_only"] = window.context.store.read_only
        window.close()
        QApplication.quit()

    def message(box):
        seen["message"] = box.text()
        box.accept()

    _watch = watch(
        {"SignInDialog": sign_in, "MainWindow": main_window, "QMessageBox": message}, seen
    )
    assert run(village.data_dir) == 0
    assert seen["window_up_while_checking"] is True
    assert seen["read_only"] is False and "message" not in seen


def test_damage_found_after_the_main_window_is_up_says_so_and_reopens_read_only(
    village, passwords, monkeypatch
):
    village.close()
    main_window_up = threading.Event()
    seen: dict = {}

    def check_that_finds_damage_late(folder, cancelled=None):
        main_window_up.wait(timeout=20)
        return [PROBLEM]

    monkeypatch.setattr("ui.startup_check.find_damage", check_that_finds_damage_late)
    windows = []

    def main_window(window):
        windows.append(window.context.store.read_only)
        if len(windows) == 1:
            main_window_up.set()
        else:
            window.close()
            QApplication.quit()

    def message(box):
        seen["message"] = box.text()
        box.accept()

    _watch = watch(
        {
            "SignInDialog": sign_in_step(passwords),
            "MainWindow": main_window,
            "QMessageBox": message,
        },
        seen,
    )
    assert run(village.data_dir) == 0
    assert windows == [False, True]  # the writable window made way for a read-only one
    assert PROBLEM in seen["message"]
    assert _("It is opened read-only") in seen["message"] or "只读" in seen["message"]


def test_closing_while_the_check_still_reads_waits_for_it_not_and_tells_it_to_stop(
    qtbot, village, passwords, monkeypatch
):
    village.close()
    seen: dict = {}
    released = threading.Event()

    def endless_check(folder, cancelled=None):
        while not cancelled():  # a whole-file read that only stops when told
            if released.wait(timeout=0.01):
                break
        seen["cancelled"] = cancelled()
        return []

    monkeypatch.setattr("ui.startup_check.find_damage", endless_check)

    def main_window(window):
        window.close()
        QApplication.quit()

    _watch = watch({"SignInDialog": sign_in_step(passwords), "MainWindow": main_window}, seen)
    try:
        assert run(village.data_dir) == 0
        assert "cancelled" not in seen or seen["cancelled"] is True  # closed without waiting
        qtbot.waitUntil(lambda: "cancelled" in seen, timeout=10_000)
    finally:
        released.set()
    assert seen["cancelled"] is True  # told to stop, it stopped by itself
