"""Starting up: the shipped font, Qt's own translations, the language, the demo village."""

import pytest

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QFontInfo
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
        session = users.authenticate("admin", "demo")
        assert session is not None and session.role == "administrator"
        assert demo.store.db.execute_sql("SELECT count(*) FROM resident").fetchone()[0] == 50
    finally:
        demo.remove()

    assert not demo.folder.exists()
