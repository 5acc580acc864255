"""The idle lock: the window covers itself after a quiet while and opens again with a password."""

import pytest

from PySide6.QtCore import Qt

from ui.idle_lock import IdleLock

QUIET_MS = 300


@pytest.fixture
def window(make_window, context):
    shown = make_window(context, idle_interval_ms=QUIET_MS)
    shown.show()
    return shown


@pytest.fixture
def calm_window(make_window, context):
    """A window whose own timer will not lock it in the middle of the test."""
    shown = make_window(context)
    shown.show()
    return shown


def _unlock(qtbot, window, username, password):
    form = window.lock_screen.form
    form.username.clear()
    qtbot.keyClicks(form.username, username)
    qtbot.keyClicks(form.password, password)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)


def test_the_window_locks_after_the_quiet_time(qtbot, window):
    qtbot.waitUntil(lambda: window.locked, timeout=5 * QUIET_MS)

    assert window.cover.currentWidget() is window.lock_screen
    assert not window.workspace.isVisible()
    assert window.lock_screen.form.username.text() == "admin"


def test_typing_keeps_the_window_unlocked(qtbot, make_window, context):
    window = make_window(context, idle_interval_ms=1000)
    window.show()

    for _ in range(6):  # 1.5 s in all, never more than a quarter second without a key
        qtbot.wait(250)
        qtbot.keyClick(window.navigation, Qt.Key.Key_Down)

    assert not window.locked


def test_pages_cannot_be_switched_by_keyboard_while_locked(qtbot, calm_window):
    window = calm_window
    window.lock()

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)

    assert window.current_page_key() == "home"
    assert window.locked


def test_the_same_users_password_unlocks_the_window(qtbot, window, passwords):
    window.lock()

    _unlock(qtbot, window, "admin", passwords["admin"])

    assert not window.locked
    assert window.workspace.isVisible()
    assert window.idle_lock.active


def test_a_wrong_password_keeps_the_window_locked_and_says_so(qtbot, calm_window):
    window = calm_window
    window.lock()

    _unlock(qtbot, window, "admin", "guessing-1234")

    assert window.locked
    assert window.lock_screen.form.message.text()


def test_another_user_can_sign_in_at_the_lock_and_becomes_the_one_who_writes(
    qtbot, window, passwords
):
    window.lock()

    _unlock(qtbot, window, "viewer1", passwords["viewer1"])

    assert window.context.session.username == "viewer1"
    assert window.context.store.actor == "viewer1"
    assert "viewer1" in window.user_label.text()
    settings = window.page("settings")
    assert not settings.accounts_button.isVisibleTo(settings)


def test_changing_the_minutes_in_settings_reaches_the_running_lock(qtbot, make_window, context):
    window = make_window(context)
    window.show()
    settings = window.page("settings")
    settings.idle_minutes.selectAll()

    qtbot.keyClicks(settings.idle_minutes, "25")

    assert context.store.setting("idle_lock_minutes") == "25"
    assert window.idle_lock.minutes == 25


def test_zero_minutes_means_the_lock_never_starts(qtbot, qapp):
    lock = IdleLock(0)

    assert not lock.active
    lock.set_minutes(5)
    assert lock.active
    lock.stop()


def test_an_open_dialog_is_hidden_while_locked_and_comes_back_for_the_same_user(
    qtbot, calm_window, passwords
):
    window = calm_window
    settings = window.page("settings")
    qtbot.mouseClick(settings.accounts_button, Qt.MouseButton.LeftButton)
    dialog = settings.accounts_dialog
    assert dialog.isVisible()

    window.lock()
    assert not dialog.isVisible()
    _unlock(qtbot, window, "admin", passwords["admin"])

    assert dialog.isVisible()


def test_another_user_at_the_lock_never_sees_the_previous_users_dialog(
    qtbot, calm_window, passwords
):
    window = calm_window
    settings = window.page("settings")
    qtbot.mouseClick(settings.accounts_button, Qt.MouseButton.LeftButton)
    dialog = settings.accounts_dialog

    window.lock()
    _unlock(qtbot, window, "clerk1", passwords["clerk1"])

    assert not dialog.isVisible()


def test_a_lock_after_the_quiet_time_says_it_was_idle_and_for_how_long(qtbot, window):
    qtbot.waitUntil(lambda: window.locked, timeout=5 * QUIET_MS)
    assert window.lock_screen.reason.text().startswith("10 分钟无人操作，窗口已自动锁定")


def test_the_lock_button_says_who_locked_the_window_not_that_it_was_idle(qtbot, calm_window):
    qtbot.keyClick(calm_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert calm_window.locked
    words = calm_window.lock_screen.reason.text()
    assert words.startswith("admin 锁定了窗口。")
    assert "无人操作" not in words
