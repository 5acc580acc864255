"""Starting up: the shipped font, Qt's own translations, the language, the demo village."""

import pytest

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carepoint import i18n, users
from carepoint.assets import FONT_FAMILY

from ui import app as app_module
from ui.qt_setup import install_qt_translations


def test_the_shipped_chinese_font_is_registered_and_used_as_fallback():
    font = QApplication.font()

    assert FONT_FAMILY in QFontDatabase.families()
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(
        FONT_FAMILY
    )
    assert FONT_FAMILY in font.families()


def test_a_label_font_resolves_to_a_font_that_can_draw_chinese():
    font = QApplication.font()
    font.setFamilies([FONT_FAMILY])

    assert QFontInfo(font).family() == FONT_FAMILY


def test_qts_own_buttons_are_in_chinese_and_back_in_english_when_chosen():
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"

    install_qt_translations("en")
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        install_qt_translations("zh_CN")


def test_the_language_setting_of_the_data_folder_is_applied(village):
    village.set_setting("language", "en")
    try:
        assert app_module.apply_language(village) == "en"
        assert i18n.current_locale() == "en"
    finally:
        app_module.apply_language(None)
        i18n.set_language("zh_CN")
        install_qt_translations("zh_CN")


def test_an_empty_or_accountless_folder_needs_the_wizard_and_a_ready_one_does_not(store, village):
    assert app_module.needs_setup(None)
    assert not app_module.needs_setup(village)


def test_a_folder_set_up_on_the_command_line_still_needs_an_administrator(store):
    assert app_module.needs_setup(store)


@pytest.mark.slow
def test_the_demo_village_signs_in_as_admin_with_password_demo(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    demo = app_module.make_demo(residents=50)
    try:
        session = users.authenticate(demo.store, "admin", "demo")
        assert session is not None and session.role == "administrator"
        assert demo.store.db.execute_sql("SELECT count(*) FROM resident").fetchone()[0] == 50
    finally:
        demo.remove()

    assert not demo.folder.exists()


def _when_shown(kind, then):
    """Poll the top-level windows (the app's own dialogs run their own loop) and act once."""
    timer = QTimer()
    timer.setInterval(20)

    def check():
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == kind and widget.isVisible():
                timer.stop()
                then(widget)
                return

    timer.timeout.connect(check)
    timer.start()
    return timer


def _run_app(**options):
    """`carepoint gui` inside the test's application, which must stay usable afterwards."""
    try:
        return app_module.run(**options)
    finally:
        # Closing the last window inside exec() posts a Quit event; left queued, it would make
        # every later event loop of the test session return at once.
        QCoreApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)


def test_gui_with_a_ready_folder_asks_for_sign_in_then_shows_the_main_window(village, passwords):
    seen = {}
    village.close()

    def sign_in(dialog):
        qtbot_free_type(dialog.form.username, "clerk1")
        qtbot_free_type(dialog.form.password, passwords["clerk1"])
        dialog.form.sign_in_button.click()

    def main_window(window):
        seen["title"] = window.windowTitle()
        seen["user"] = window.context.session.username
        seen["actor"] = window.context.store.actor
        window.close()
        QApplication.quit()

    _watchers = [_when_shown("SignInDialog", sign_in), _when_shown("MainWindow", main_window)]

    code = _run_app(data_dir=village.data_dir)

    assert code == 0
    assert seen["user"] == seen["actor"] == "clerk1"
    assert "桃园村" in seen["title"]


def test_gui_demo_opens_signed_in_and_removes_its_folder_on_exit(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    seen = {}

    def main_window(window):
        seen["session"] = window.context.session
        seen["demo"] = window.demo
        window.close()
        QApplication.quit()

    _watcher = _when_shown("MainWindow", main_window)

    code = _run_app(demo=True)

    assert code == 0
    assert seen["session"].username == "admin" and seen["demo"]
    assert list(tmp_path.iterdir()) == []


def qtbot_free_type(edit, text):
    """Type into a line edit inside another event loop, where qtbot cannot wait."""
    QTest.keyClicks(edit, text)
