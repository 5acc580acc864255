"""A cadre imports the village's WPS workbook (one sheet per group) through the wizard: every
sheet read, the roster's date taken, the good rows in, the bad ones saved to correct, and an
unknown category word mapped once for the village."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import roster_fixtures as rf
from openpyxl import load_workbook

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWizard

from carepoint.category_words import learned_words
from carepoint.i18n import _
from carepoint.models import AuditEntry
from carepoint.residents import RegisterFilter, count_residents, groups

TODAY = dt.date(2026, 11, 23)


def start(page, qtbot, path):
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wizard = page.import_wizard
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(wizard.file_page.path_edit, str(path))
    return wizard


def press(wizard, qtbot, which) -> None:
    button = wizard.button(which)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def checked(wizard, qtbot):
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.running and preview.result is not None, timeout=20000)
    return preview


def test_a_workbook_with_one_sheet_per_group_goes_in_with_its_groups_and_date(
    store, clerk_context, make_page, qtbot, tmp_path
):
    path = tmp_path / "taoyuan.xlsx"  # typed with keyClicks: ASCII only
    rf.write_group_workbook(path)
    page = make_page(clerk_context)
    wizard = start(page, qtbot, path)
    files = wizard.file_page
    # Several sheets share a header: reading them all is offered, and chosen
    assert files.all_sheets.isVisible() and files.all_sheets.isChecked()
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    mapping = wizard.mapping_page
    # The roster's 填报日期 is the date it describes
    assert mapping.as_of_edit.date() == QDate(2026, 10, 8)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    preview = checked(wizard, qtbot)
    result = preview.result
    assert result.sheets == ["一组", "二组", "三组", "十一组"] and result.rejected == 6
    # All or nothing: the import cannot start yet
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    # Every problem is shown whole, naming its sheet and row, without a tooltip
    shown = [preview.problems.item(i).text() for i in range(preview.problems.count())]
    first = result.errors[0]
    assert (first.sheet, first.row) == ("一组", 6)
    assert "一组" in shown[0] and "6" in shown[0] and first.message in shown[0]
    assert preview.problems.wordWrap()
    # The preview shows what will be stored; the cell as written is on hover
    preview.only_problems.setChecked(False)
    model = preview.rows_view.model()
    names = {model.data(model.index(r, 2)): r for r in range(model.rowCount())}
    assert "张华" in names
    name_column = 2
    hover = model.data(model.index(names["张华"], name_column), Qt.ItemDataRole.ToolTipRole)
    assert "张　华" in hover
    # The cadre saves the list of problems, then imports only the rows without problems
    saved = tmp_path / "问题清单.xlsx"
    preview.save_problems(str(saved))
    qtbot.waitUntil(lambda: not preview.saving and preview.save_button.isEnabled(), timeout=20000)
    assert load_workbook(saved).sheetnames == ["一组", "二组", "三组"]
    qtbot.mouseClick(preview.valid_only, Qt.MouseButton.LeftButton)
    checked(wizard, qtbot)
    qtbot.waitUntil(lambda: wizard.button(QWizard.WizardButton.CommitButton).isEnabled(),
                    timeout=20000)
    press(wizard, qtbot, QWizard.WizardButton.CommitButton)
    done = wizard.import_page
    qtbot.waitUntil(lambda: done.result is not None, timeout=20000)
    assert done.result.imported == 23
    assert count_residents(store, RegisterFilter(), TODAY) == 23
    assert groups(store) == ["一组", "二组", "三组", "十一组"]
    registered = {r[0] for r in store.db.execute_sql("SELECT registered_on FROM resident")}
    assert registered == {"2026-10-08"}


def test_an_unknown_word_mapped_in_the_wizard_is_kept_and_used_by_the_command_line(
    store, clerk_context, make_page, qtbot, tmp_path
):
    people = [p for p in rf.valid_people()[:3]] + [rf.bad_people()[4]]  # 华宝根: 困难户
    for person in people:
        person.sheet = "一组"
    path = tmp_path / "group1.xlsx"
    rf.write_group_workbook(path, people)
    wizard = start(make_page(clerk_context), qtbot, path)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    preview = checked(wizard, qtbot)
    assert list(preview.words.combos) == ["困难户"] and preview.words.isVisible()
    # The cadre says 困难户 means 低保 here, once
    preview.words.choose("困难户", "low_income")
    qtbot.mouseClick(preview.remember_button, Qt.MouseButton.LeftButton)
    preview = checked(wizard, qtbot)
    qtbot.waitUntil(lambda: preview.result.unknown_words == {}, timeout=20000)
    assert preview.result.errors == [] and preview.result.imported == 4
    assert learned_words(store)
    assert AuditEntry.select().where(AuditEntry.entity == "category_words").count() == 1
    # The command line, on the same village, knows the word too
    store.db.close()
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "carepoint"), "--data-dir", str(store.data_dir),
         "--json", "residents", "import", str(path), "--dry-run"],
        capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unknown_categories"] == []


def test_a_category_read_from_a_roster_shows_it_came_from_the_roster_of_its_date(
    store, clerk_context, make_page, qtbot, tmp_path
):
    from builders import id_number

    from carepoint.roster_import import import_roster

    roster = tmp_path / "r.csv"
    roster.write_text(f"姓名,身份证号码,人员类别\n张三,{id_number(dt.date(1944, 6, 1))},五保户\n"
                      "填报日期：2026年10月8日,,\n", encoding="utf-8")
    import_roster(store, roster)
    page = make_page(clerk_context)
    editor = page.open_editor(page.model.resident_id(0))
    qtbot.waitExposed(editor)
    since = editor.categories.table.item(0, 1).text()
    assert "2026-10-08" in since and since != "2026-10-08"
    assert since == _("from the roster of {date}").format(date="2026-10-08")


def test_the_date_the_roster_describes_is_typed_as_digits(
    store, clerk_context, make_page, qtbot, tmp_path
):
    path = tmp_path / "taoyuan.xlsx"
    rf.write_group_workbook(path)
    wizard = start(make_page(clerk_context), qtbot, path)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    field = wizard.mapping_page.as_of_edit
    field.setFocus()
    field.lineEdit().selectAll()

    qtbot.keyClicks(field, "20261001")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter also goes on to the next page

    assert field.date() == QDate(2026, 10, 1)
    assert wizard.currentPage() is wizard.preview_page
    assert wizard.as_of == dt.date(2026, 10, 1)
    checked(wizard, qtbot)
