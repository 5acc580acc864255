"""Importing a village's messy roster spreadsheet through the wizard, as a cadre does."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from carepoint.i18n import _
from carepoint.residents import RegisterFilter, count_residents

TODAY = dt.date(2026, 11, 23)
HEADERS = ["序号", "姓名", "性别", "身份证号码", "村民小组", "人员类别", "联系电话"]


@pytest.fixture
def write_roster(tmp_path, make_id):
    """A roster as villages keep them: a title row, blank rows, a 填表人 footer."""

    def write(people: list[tuple], name: str = "roster.xlsx", headers=HEADERS):
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(["桃园村老年人花名册（2026年11月）"])
        sheet.append([])
        sheet.append(headers)
        for number, person in enumerate(people, start=1):
            sheet.append([number, *person])
        sheet.append([])
        sheet.append(["填表人：李会计", None, None, "审核人：王主任"])
        path = tmp_path / name
        book.save(path)
        return path

    return write


@pytest.fixture
def good_people(make_id):
    return [
        ("周一", "男", make_id(dt.date(1941, 2, 3), 11), "一组", "独居", "13800000001"),
        ("吴二", "女", make_id(dt.date(1944, 4, 5), 22), "一组", "低保、空巢", ""),
        ("郑三", "男", make_id(dt.date(1950, 6, 7), 33), "二组", "", "13800000003"),
    ]


def start_wizard(page, qtbot, path):
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wizard = page.import_wizard
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(wizard.file_page.path_edit, str(path))
    return wizard


def press(wizard, qtbot, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def mapping_shown(wizard) -> dict[str, str | None]:
    page = wizard.mapping_page
    return {
        page.table.item(row, 0).text().split(maxsplit=1)[-1]: combo.currentData()
        for row, combo in enumerate(page.combos)
    }


def wait_for_check(wizard, qtbot):
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.running and preview.result is not None, timeout=10000)
    return preview


def test_a_messy_roster_is_checked_fixed_and_imported(
    store, clerk_context, make_page, qtbot, write_roster, good_people
):
    # Given a roster whose second person has a wrong check character
    bad = list(good_people[1])
    bad[2] = bad[2][:17] + ("1" if bad[2][17] != "1" else "2")
    path = write_roster([good_people[0], tuple(bad), good_people[2]])
    page = make_page(clerk_context)
    # When the cadre picks the file, then the columns found are shown
    wizard = start_wizard(page, qtbot, path)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.mapping_page
    shown = mapping_shown(wizard)
    assert shown["姓名"] == "name" and shown["身份证号码"] == "id_number"
    assert shown["序号"] is None
    # When they go on, then the dry run marks the bad row (sheet row 5) and explains it
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    preview = wait_for_check(wizard, qtbot)
    model = preview.rows_view.model()
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["5"]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is not None
    explanation = model.data(model.index(0, model.columnCount() - 1))
    assert explanation.startswith("D 身份证号码:") and bad[2] in explanation
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert count_residents(store, RegisterFilter(), TODAY) == 0
    # When they correct the file (周一 is still listed twice) and check again
    write_roster([*good_people, good_people[0]])
    qtbot.mouseClick(preview.again_button, Qt.MouseButton.LeftButton)
    wait_for_check(wizard, qtbot)
    # Then all three can be imported, and the repeated row is a warning listed on its own
    assert preview.result.errors == [] and preview.result.imported == 3
    assert preview.warnings.count() == 1
    assert (
        preview.warnings.item(0)
        .text()
        .startswith(_("Row {row}, {problem}").format(row=7, problem="D"))
    )
    press(wizard, qtbot, QWizard.WizardButton.CommitButton)
    done = wizard.import_page
    qtbot.waitUntil(lambda: done.result is not None, timeout=10000)
    # Then they are on the register, and the list shows them
    assert count_residents(store, RegisterFilter(), TODAY) == 3
    assert "3" in done.summary.text()
    assert page.model.rowCount() == 3
    press(wizard, qtbot, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()


def test_an_unrecognised_column_can_be_mapped_by_hand(
    store, clerk_context, make_page, qtbot, write_roster, good_people
):
    headers = [*HEADERS[:3], "老人证件", *HEADERS[4:]]
    path = write_roster(good_people, headers=headers)
    wizard = start_wizard(make_page(clerk_context), qtbot, path)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    mapping = wizard.mapping_page
    # The ID column was not recognised: the wizard asks for it and cannot go on
    assert mapping_shown(wizard)["老人证件"] is None
    assert "身份证号码" in mapping.error_label.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # When the cadre picks 身份证号码 for that column, the rows check clean
    combo = mapping.combos[list(mapping_shown(wizard)).index("老人证件")]
    combo.setCurrentIndex(combo.findData("id_number"))
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    preview = wait_for_check(wizard, qtbot)
    assert preview.result.errors == [] and preview.result.imported == 3


def test_a_cancelled_import_changes_nothing(
    store, clerk_context, make_page, qtbot, write_roster, make_id
):
    # Given a long roster that checks clean
    first_birth = dt.date(1940, 1, 1)
    people = [
        (
            f"孙{'一二三四五六七八九十'[n % 10]}",
            "",
            make_id(first_birth + dt.timedelta(n), 7),
            "一组",
        )
        for n in range(3000)
    ]
    path = write_roster(people)
    wizard = start_wizard(make_page(clerk_context), qtbot, path)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    assert wait_for_check(wizard, qtbot).result.imported == 3000
    # When the cadre starts the import and presses Cancel at once
    press(wizard, qtbot, QWizard.WizardButton.CommitButton)
    running = wizard.import_page
    qtbot.mouseClick(running.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not running.running, timeout=10000)
    qtbot.waitUntil(lambda: running.summary.text() != _("Importing…"), timeout=2000)
    # Then they are told nothing was changed, and nothing was
    assert running.summary.text() == _("The import was cancelled; nothing was changed")
    assert count_residents(store, RegisterFilter(), TODAY) == 0
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
