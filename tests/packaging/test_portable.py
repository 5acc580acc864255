"""Portable mode (a marker file beside the program) and how the bundle finds the desktop app."""

import sys
from pathlib import Path

import pytest
from platformdirs import user_data_dir

from carepoint import portable
from carepoint.cli import main
from carepoint.db import DB_FILE, default_data_dir

INIT = ["init", "--village-code", "321183104201", "--village-name", "桃园村"]


@pytest.fixture
def stick(tmp_path, monkeypatch):
    """A USB stick holding the frozen program, without the portable marker yet."""
    folder = tmp_path / "U盘" / "CarePoint"
    folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(folder / "CarePoint.exe"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    return folder


def mark_portable(folder):
    (folder / portable.PORTABLE_MARKER).write_text("", encoding="utf-8")


def test_with_the_marker_beside_the_program_the_data_folder_lives_beside_it(stick, capsys):
    mark_portable(stick)

    assert main(INIT) == 0

    assert (stick / "CarePointData" / DB_FILE).is_file()
    assert str(stick / "CarePointData") in capsys.readouterr().out


def test_without_the_marker_the_data_folder_is_the_users_own(stick):
    assert default_data_dir() == Path(user_data_dir("CarePoint", appauthor=False))
    assert portable.portable_data_dir() is None


def test_a_folder_named_like_the_marker_does_not_count(stick):
    (stick / portable.PORTABLE_MARKER).mkdir()

    assert portable.portable_data_dir() is None


def test_from_a_python_installation_the_interpreters_folder_counts(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python.exe"))
    mark_portable(tmp_path)

    assert default_data_dir() == tmp_path / "CarePointData"


def test_the_environment_variable_wins_over_the_marker(stick, tmp_path, monkeypatch):
    mark_portable(stick)
    chosen = tmp_path / "chosen"
    monkeypatch.setenv("CAREPOINT_DATA_DIR", str(chosen))

    assert main(INIT) == 0

    assert (chosen / DB_FILE).is_file()
    assert not (stick / "CarePointData").exists()


def test_the_data_dir_option_wins_over_the_marker(stick, tmp_path):
    mark_portable(stick)
    chosen = tmp_path / "chosen"

    assert main(["--data-dir", str(chosen), *INIT]) == 0

    assert (chosen / DB_FILE).is_file()
    assert not (stick / "CarePointData").exists()


def test_the_bundle_finds_the_desktop_app_without_entry_point_metadata(stick, monkeypatch):
    from ui import app

    monkeypatch.setattr("importlib.metadata.entry_points", lambda **_: [])

    assert portable.find_frontend() is app.run


def test_an_installed_package_finds_the_desktop_app_through_its_entry_point(monkeypatch):
    from ui import app

    monkeypatch.delattr(sys, "frozen", raising=False)

    assert portable.find_frontend() is app.run


def test_without_a_front_end_gui_says_so_in_chinese_and_fails(monkeypatch, capsys):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr("importlib.metadata.entry_points", lambda **_: [])

    assert main(["gui"]) == 1

    error = capsys.readouterr().err
    assert "桌面程序无法启动" in error and "未安装" in error
    assert "Traceback" not in error


def test_the_desktop_app_on_a_stick_sets_up_its_data_beside_the_program(stick, qapp):
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.first_run import FirstRunWizard

    mark_portable(stick)
    seen = []

    def answer_the_wizard():
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, FirstRunWizard) and w.isVisible()]
        if not shown:
            QTimer.singleShot(20, answer_the_wizard)
            return
        seen.append(shown[0].data_dir)
        shown[0].reject()

    QTimer.singleShot(0, answer_the_wizard)
    try:
        assert main(["gui"]) == 0
    finally:
        # A quit left queued would end every later event loop of the session at once.
        QCoreApplication.removePostedEvents(qapp, QEvent.Type.Quit)

    assert seen == [stick / "CarePointData"]
