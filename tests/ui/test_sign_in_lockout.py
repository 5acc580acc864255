"""Guessing at the sign-in dialog: each wrong password makes the next try wait longer, five lock
the account for a while, and the dialog says so in Chinese; the wait is timed by carepoint.clock."""

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from carepoint import clock

from ui.sign_in import SignInDialog


@pytest.fixture
def moving_clock(monkeypatch):
    now = [dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)]
    monkeypatch.setattr(clock, "utc_moment", lambda: now[0])
    return now


def try_password(qtbot, dialog, password):
    qtbot.keyClicks(dialog.form.password, password)
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    return dialog.form.message.text()


def test_the_right_password_right_after_a_wrong_one_must_wait(
    qtbot, village, passwords, moving_clock
):
    dialog = SignInDialog(village, username="admin")
    qtbot.addWidget(dialog)
    dialog.show()

    assert "不正确" in try_password(qtbot, dialog, "guess")
    assert "等待 1 秒" in try_password(qtbot, dialog, passwords["admin"])
    assert dialog.session is None

    moving_clock[0] += dt.timedelta(seconds=1)
    try_password(qtbot, dialog, passwords["admin"])
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_five_wrong_passwords_lock_the_account_until_a_time_shown(
    qtbot, village, passwords, moving_clock
):
    dialog = SignInDialog(village, username="viewer1")
    qtbot.addWidget(dialog)
    dialog.show()
    for _attempt in range(5):
        said = try_password(qtbot, dialog, "guess")
        moving_clock[0] += dt.timedelta(seconds=9)
    # 02:00 UTC + 4 × 9 s is 10:00 in Beijing; locked for 15 minutes from the fifth try
    assert "已锁定至 10:15" in said

    assert "已锁定" in try_password(qtbot, dialog, passwords["viewer1"])
    moving_clock[0] += dt.timedelta(minutes=15)
    try_password(qtbot, dialog, passwords["viewer1"])
    assert dialog.session is not None and dialog.session.role == "viewer"
