"""The first-run wizard's optional township step: a village joins with the enrollment file, or
skips it and joins later from the data exchange page."""

from __future__ import annotations

import pytest
from exchange.exchange_helpers import LIYUAN, TAOYUAN

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from carepoint.db import data_dir_exists
from carepoint.exchange.enrollment import is_enrolled

from ui.first_run import FirstRunWizard


@pytest.fixture
def wizard(qtbot, tmp_path):
    shown = FirstRunWizard(tmp_path / "village")
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    if shown.store is not None:
        shown.store.close()


def _next(qtbot, wizard, which=QWizard.WizardButton.NextButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _to_rules_page(qtbot, wizard, type_chinese) -> None:
    _next(qtbot, wizard)
    qtbot.keyClicks(wizard.place_page.code, TAOYUAN[0])
    type_chinese(wizard.place_page.name, TAOYUAN[1])
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.rules_page


def _finish(qtbot, wizard) -> None:
    page = wizard.admin_page
    qtbot.keyClicks(page.username, "zhang")
    qtbot.keyClicks(page.password, "taoyuan-2026")
    qtbot.keyClicks(page.repeated, "taoyuan-2026")
    _next(qtbot, wizard, QWizard.WizardButton.FinishButton)


def test_the_village_joins_its_township_with_the_enrollment_file_while_being_set_up(
    qtbot, wizard, office, file_dialogs, type_chinese
):
    file_dialogs.file = office.enroll(*TAOYUAN)
    _to_rules_page(qtbot, wizard, type_chinese)

    qtbot.mouseClick(wizard.rules_page.choose_button, Qt.MouseButton.LeftButton)
    _next(qtbot, wizard)
    _finish(qtbot, wizard)

    assert is_enrolled(wizard.store)
    assert wizard.store.setting("exchange_township_name") == "白兔镇"
    assert wizard.store.setting("township") == "白兔镇"


def test_another_village_s_enrollment_file_is_explained_and_nothing_is_set_up(
    qtbot, wizard, office, file_dialogs, type_chinese
):
    file_dialogs.file = office.enroll(*LIYUAN)
    _to_rules_page(qtbot, wizard, type_chinese)

    qtbot.mouseClick(wizard.rules_page.choose_button, Qt.MouseButton.LeftButton)
    _next(qtbot, wizard)

    assert wizard.currentPage() is wizard.rules_page
    assert LIYUAN[0] in wizard.rules_page.enrollment_error.text()
    assert not data_dir_exists(wizard.data_dir)


def test_skipping_the_township_sets_up_the_village_with_its_keys_to_join_later(
    qtbot, wizard, type_chinese
):
    _to_rules_page(qtbot, wizard, type_chinese)
    _next(qtbot, wizard)
    _finish(qtbot, wizard)

    assert not is_enrolled(wizard.store)
    assert wizard.store.setting("exchange_sign_public")
