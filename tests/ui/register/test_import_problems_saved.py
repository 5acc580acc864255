"""Saving the list of problems from the import wizard reads the roster again on a worker, not on
the GUI thread, and offers the name the command line uses (花名册-问题清单.xlsx)."""

from __future__ import annotations

import threading

import roster_fixtures as rf
from file_dialog_fixtures import pick_in_file_dialog  # noqa: F401 - a fixture, by name
from openpyxl import load_workbook

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

import ui.register.import_wizard as wizard_module


def press(wizard, qtbot, which) -> None:
    assert wizard.button(which).isEnabled()
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def test_the_problems_are_saved_on_a_worker_under_the_usual_name(
    store,
    clerk_context,
    make_page,
    qtbot,
    tmp_path,
    monkeypatch,
    pick_in_file_dialog,  # noqa: F811
):
    path = tmp_path / "taoyuan.xlsx"
    rf.write_group_workbook(path)
    page = make_page(clerk_context)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wizard = page.import_wizard
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(wizard.file_page.path_edit, str(path))
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    press(wizard, qtbot, QWizard.WizardButton.NextButton)
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.running and preview.result is not None, timeout=20000)
    threads = []
    real = wizard_module.import_roster

    def watched(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(wizard_module, "import_roster", watched)
    saved = tmp_path / "taoyuan-问题清单.xlsx"

    offered = pick_in_file_dialog()  # Enter: the name the dialog suggests
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: str(saved) in preview.summary.text(), timeout=20000)  # saved, told
    assert [(d["suggested"], d["proxy"]) for d in offered] == [(saved.name, "ChineseFileColumns")]
    assert threads == [False]  # read again on a worker thread
    assert "一组" in load_workbook(saved).sheetnames
    assert str(saved) in preview.summary.text()
