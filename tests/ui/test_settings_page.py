"""Settings and the accounts dialog, used by an administrator and by a viewer."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from carepoint import users
from carepoint.i18n import _, pgettext
from carepoint.models import AuditEntry
from carepoint.session import Session

from ui.accounts_dialog import AccountsDialog
from ui.context import AppContext
from ui.settings_page import SettingsPage


@pytest.fixture
def settings(qtbot, context):
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    return page


@pytest.fixture
def accounts(qtbot, context):
    dialog = AccountsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_choosing_english_is_saved_and_says_it_applies_after_a_restart(qtbot, settings, context):
    settings.language.setFocus()

    qtbot.keyClick(settings.language, Qt.Key.Key_Down)

    assert context.store.setting("language") == "en"
    assert settings.language_note.text()


def test_the_care_points_details_are_shown_but_not_editable(settings):
    texts = [label.text() for label in settings.findChildren(type(settings.language_note))]

    assert "321183104201" in texts
    assert "白兔镇" in texts


def test_a_viewer_sees_no_accounts_button_and_cannot_change_the_lock(qtbot, village):
    page = SettingsPage(AppContext(village, Session("viewer1", "viewer")))
    qtbot.addWidget(page)
    page.show()

    assert not page.accounts_button.isVisible()
    assert not page.idle_minutes.isEnabled()
    assert page.own_password_button.isVisible()


def test_the_administrator_adds_a_clerk_through_the_dialog(qtbot, accounts):
    _click(qtbot, accounts.add_button)
    form = accounts.form
    qtbot.keyClicks(form.username, "li")
    qtbot.keyClicks(form.password, "li-password")
    qtbot.keyClicks(form.repeated, "li-password")

    qtbot.keyClick(form.repeated, Qt.Key.Key_Return)

    assert form.result() == QDialog.DialogCode.Accepted
    assert users.get_account(accounts.context.store, "li").role == "clerk"
    assert "li" in [accounts.table.item(r, 0).text() for r in range(accounts.table.rowCount())]
    assert (
        AuditEntry.select()
        .where(AuditEntry.entity == "user")
        .order_by(AuditEntry.id.desc())
        .first()
        .actor
        == "admin"
    )


def test_a_taken_username_is_explained_in_the_form_and_nothing_is_added(qtbot, accounts):
    _click(qtbot, accounts.add_button)
    form = accounts.form
    for edit, text in (
        (form.username, "clerk1"),
        (form.password, "long enough"),
        (form.repeated, "long enough"),
    ):
        qtbot.keyClicks(edit, text)

    qtbot.keyClick(form.repeated, Qt.Key.Key_Return)

    assert "clerk1" in form.message.text()
    assert form.isVisible()
    assert len(users.list_accounts(accounts.context.store)) == 3


def test_the_last_administrator_cannot_be_disabled_and_the_dialog_says_why(qtbot, accounts):
    accounts.select("admin")

    _click(qtbot, accounts.active_button)

    assert "admin" in accounts.message.text()
    assert users.get_account(accounts.context.store, "admin").active


def test_a_clerk_is_disabled_and_then_shown_as_disabled(qtbot, accounts):
    accounts.select("clerk1")

    _click(qtbot, accounts.active_button)

    assert not users.get_account(accounts.context.store, "clerk1").active
    row = [a.username for a in accounts.accounts].index("clerk1")
    assert accounts.table.item(row, 2).text() == pgettext("account", "disabled")
    assert accounts.selected_username() == "clerk1"
    assert accounts.active_button.text() == _("Enable")


def test_the_administrator_makes_the_viewer_a_clerk(qtbot, accounts):
    accounts.select("viewer1")
    accounts.role.setCurrentIndex(accounts.role.findData("clerk"))

    _click(qtbot, accounts.role_button)

    assert users.get_account(accounts.context.store, "viewer1").role == "clerk"


def test_resetting_a_password_lets_the_user_sign_in_with_the_new_one(qtbot, accounts):
    accounts.select("clerk1")
    _click(qtbot, accounts.password_button)
    form = accounts.form
    qtbot.keyClicks(form.password, "fresh-password")
    qtbot.keyClicks(form.repeated, "fresh-password")

    qtbot.keyClick(form.repeated, Qt.Key.Key_Return)

    assert users.authenticate(accounts.context.store, "clerk1", "fresh-password") is not None


def test_changing_ones_own_password_needs_the_current_one(qtbot, settings, passwords):
    _click(qtbot, settings.own_password_button)
    form = settings.password_dialog
    qtbot.keyClicks(form.current, "not-my-password")
    qtbot.keyClicks(form.password, "fresh-password")
    qtbot.keyClicks(form.repeated, "fresh-password")
    qtbot.keyClick(form.repeated, Qt.Key.Key_Return)
    assert form.message.text()
    assert users.authenticate(settings.context.store, "admin", "fresh-password") is None

    form.current.clear()
    qtbot.keyClicks(form.current, passwords["admin"])
    qtbot.keyClick(form.repeated, Qt.Key.Key_Return)

    assert users.authenticate(settings.context.store, "admin", "fresh-password") is not None
