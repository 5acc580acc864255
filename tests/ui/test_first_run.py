"""The first-run wizard, clicked through as a cadre setting up a new PC would."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard

from carepoint import users
from carepoint.db import data_dir_exists

from ui.first_run import FirstRunWizard


@pytest.fixture
def wizard(qtbot, data_dir):
    shown = FirstRunWizard(data_dir)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    if shown.store is not None:
        shown.store.close()


def _click(qtbot, wizard, which):
    button = wizard.button(which)
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _fill_village(qtbot, wizard, type_chinese, code="321183104201"):
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)  # village is the default role
    page = wizard.place_page
    qtbot.keyClicks(page.code, code)
    type_chinese(page.name, "桃园村")
    type_chinese(page.township, "白兔镇")
    type_chinese(page.county, "句容市")


def _fill_administrator(qtbot, wizard, password="taoyuan-2026", repeated="taoyuan-2026"):
    page = wizard.admin_page
    qtbot.keyClicks(page.username, "zhang")
    qtbot.keyClicks(page.password, password)
    qtbot.keyClicks(page.repeated, repeated)


def test_the_wizard_sets_up_the_village_and_signs_in_its_first_administrator(
    qtbot, wizard, type_chinese
):
    _fill_village(qtbot, wizard, type_chinese)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    wizard.rules_page.preset.setFocus()
    qtbot.keyClick(wizard.rules_page.preset, Qt.Key.Key_Down)  # 句容 → 广州
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _fill_administrator(qtbot, wizard)

    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    store = wizard.store
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert (wizard.session.username, wizard.session.role) == ("zhang", "administrator")
    assert store.setting("village_code") == "321183104201"
    assert store.setting("village_name") == "桃园村"
    assert store.setting("township") == "白兔镇"
    assert store.setting("rules_preset") == "guangzhou"
    assert users.authenticate(store, "zhang", "taoyuan-2026") is not None
    actors = store.db.execute_sql("SELECT DISTINCT actor FROM audit_entry").fetchall()
    assert actors == [("zhang",)]


def test_a_village_code_with_too_few_digits_is_explained_under_the_field(
    qtbot, wizard, type_chinese
):
    _fill_village(qtbot, wizard, type_chinese, code="32118310420")

    assert wizard.place_page.code_error.isVisible()
    assert "32118310420" in wizard.place_page.code_error.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_fixing_the_code_clears_the_message_and_lets_the_cadre_go_on(qtbot, wizard, type_chinese):
    _fill_village(qtbot, wizard, type_chinese, code="32118310420")

    qtbot.keyClicks(wizard.place_page.code, "1")

    assert not wizard.place_page.code_error.isVisible()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_passwords_that_differ_keep_finish_disabled_and_say_why(
    qtbot, wizard, data_dir, type_chinese
):
    _fill_village(qtbot, wizard, type_chinese)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    _fill_administrator(qtbot, wizard, repeated="taoyuan-2025")

    assert wizard.admin_page.message.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not data_dir_exists(data_dir)


def test_a_short_password_is_refused_before_anything_is_written(
    qtbot, wizard, data_dir, type_chinese
):
    _fill_village(qtbot, wizard, type_chinese)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    _fill_administrator(qtbot, wizard, password="short", repeated="short")

    assert "8" in wizard.admin_page.message.text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not data_dir_exists(data_dir)


def test_a_township_office_skips_the_rules_and_needs_a_nine_digit_code(qtbot, wizard, type_chinese):
    wizard.role_page.township.click()
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.keyClicks(wizard.place_page.code, "321183104")
    type_chinese(wizard.place_page.name, "白兔镇")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    assert wizard.currentPage() is wizard.admin_page
    _fill_administrator(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert wizard.store.setting("role") == "township"


def test_a_folder_set_up_on_the_command_line_only_asks_for_the_administrator(qtbot, store):
    wizard = FirstRunWizard(store.data_dir, store)
    qtbot.addWidget(wizard)
    wizard.show()

    assert wizard.currentPage() is wizard.admin_page
    _fill_administrator(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert wizard.session.username == "zhang"
    assert users.get_account(wizard.store, "zhang").role == "administrator"


def test_the_code_field_says_where_to_find_the_twelve_digit_code(qtbot, wizard):
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    hint = wizard.place_page.code_hint
    assert hint.isVisible()
    assert "统计用区划代码" in hint.text() and "乡镇民政办" in hint.text()


def test_a_henan_village_code_starts_from_the_national_rules_not_jurong(
    qtbot, wizard, type_chinese
):
    _fill_village(qtbot, wizard, type_chinese, code="410102001001")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.rules_page.preset.currentData() == "national"
