"""The first run offers the rules of the village code's province (the national template for a
county with no preset) and asks whether money needs two people."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from ui.first_run import FirstRunWizard


@pytest.fixture
def wizard(qtbot, data_dir):
    shown = FirstRunWizard(data_dir)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    if shown.store is not None:
        shown.store.close()


def _to_rules_page(qtbot, wizard, type_chinese, code):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.place_page.code, code)
    type_chinese(wizard.place_page.name, "某村")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("code", "preset"),
    [("410102001001", "national"), ("440106001001", "guangzhou"), ("370285001001", "laixi")],
)
def test_the_rules_offered_follow_the_village_codes_province(
    qtbot, wizard, type_chinese, code, preset
):
    _to_rules_page(qtbot, wizard, type_chinese, code)
    assert wizard.rules_page.preset.currentData() == preset


def test_two_people_for_money_is_off_unless_chosen_and_kept_when_chosen(
    qtbot, wizard, type_chinese
):
    _to_rules_page(qtbot, wizard, type_chinese, "321183104201")
    box = wizard.rules_page.two_person
    assert not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.admin_page
    qtbot.keyClicks(page.username, "zhang")
    qtbot.keyClicks(page.password, "taoyuan-2026")
    qtbot.keyClicks(page.repeated, "taoyuan-2026")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert wizard.store.setting("subsidies_two_person") == "1"
