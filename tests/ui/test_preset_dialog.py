"""Settings: an administrator takes another locality's preset from a month on."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint import rules
from carepoint.session import Session

from ui.context import AppContext
from ui.settings_page import SettingsPage


def _page(qtbot, store, role="administrator"):
    page = SettingsPage(AppContext(store, Session("admin", role)))
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_administrator_picks_guangzhou_from_january_and_settings_show_it(qtbot, village):
    page = _page(qtbot, village)
    assert "江苏省句容市" in page.preset_label.text()

    qtbot.mouseClick(page.preset_button, Qt.MouseButton.LeftButton)
    dialog = page.preset_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.preset.setCurrentIndex(dialog.preset.findText("广东省广州市"))
    dialog.month.setFocus()
    dialog.month.lineEdit().selectAll()
    qtbot.keyClicks(dialog.month, "202701")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert rules.active_preset(village) == "guangzhou"
    assert rules.preset_since(village) == dt.date(2027, 1, 1)
    assert "广东省广州市" in page.preset_label.text() and "2027" in page.preset_label.text()


def test_the_current_preset_is_not_offered_and_the_month_cannot_be_a_past_one(qtbot, village):
    page = _page(qtbot, village)
    qtbot.mouseClick(page.preset_button, Qt.MouseButton.LeftButton)
    dialog = page.preset_dialog

    offered = [dialog.preset.itemData(i) for i in range(dialog.preset.count())]
    assert "jurong" not in offered and "national" in offered
    assert dialog.month.minimumDate().toPython() == dt.date(2026, 11, 1)
    assert dialog.month.date().toPython() == dt.date(2026, 12, 1)
    dialog.reject()


def test_clerks_and_viewers_see_the_preset_but_no_button_to_change_it(qtbot, village):
    for role in ("clerk", "viewer"):
        page = _page(qtbot, village, role)
        assert page.preset_label.text()
        assert not page.preset_button.isVisible()
