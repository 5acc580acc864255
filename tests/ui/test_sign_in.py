"""Signing in as a cadre does: type the name, type the password, press Enter."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from carepoint import users

from ui.sign_in import SignInDialog


def _open_dialog(qtbot, store, username=""):
    dialog = SignInDialog(store, username=username)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_and_enter(qtbot, dialog, username, password):
    qtbot.keyClicks(dialog.form.username, username)
    qtbot.keyClick(dialog.form.username, Qt.Key.Key_Return)  # moves on to the password
    qtbot.keyClicks(dialog.form.password, password)
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)


def test_the_right_password_and_enter_sign_the_administrator_in(qtbot, village, passwords):
    dialog = _open_dialog(qtbot, village)

    _type_and_enter(qtbot, dialog, "admin", passwords["admin"])

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.session.username, dialog.session.role) == ("admin", "administrator")


def test_a_wrong_password_shows_a_message_and_signs_nobody_in(qtbot, village):
    dialog = _open_dialog(qtbot, village)

    _type_and_enter(qtbot, dialog, "admin", "not the password")

    assert dialog.session is None
    assert dialog.isVisible()
    assert dialog.form.message.text()
    assert dialog.form.password.text() == ""


def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(qtbot, village, passwords):
    dialog = _open_dialog(qtbot, village)
    _type_and_enter(qtbot, dialog, "admin", "not the password")
    wrong_password = dialog.form.message.text()
    dialog.form.username.clear()

    _type_and_enter(qtbot, dialog, "nobody", passwords["admin"])

    assert dialog.session is None
    assert dialog.form.message.text() == wrong_password


def test_clicking_sign_in_works_like_enter(qtbot, village, passwords):
    dialog = _open_dialog(qtbot, village, username="admin")
    qtbot.keyClicks(dialog.form.password, passwords["admin"])

    qtbot.mouseClick(dialog.form.sign_in_button, Qt.MouseButton.LeftButton)

    assert dialog.session is not None


def test_a_disabled_account_cannot_sign_in(qtbot, village, passwords):
    users.create_account(village, "second", "another admin", "administrator")
    users.disable_account(village, "admin")
    dialog = _open_dialog(qtbot, village)

    _type_and_enter(qtbot, dialog, "admin", passwords["admin"])

    assert dialog.session is None


def test_a_viewer_is_signed_in_without_sight_of_sensitive_fields(qtbot, village, passwords):
    dialog = _open_dialog(qtbot, village)

    _type_and_enter(qtbot, dialog, "viewer1", passwords["viewer1"])

    assert dialog.session.role == "viewer"
    assert dialog.session.can_see_sensitive is False
