"""F1 opens the user guide inside the app at the section about the page in front of the cadre."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from ui.help_viewer import SECTIONS, HelpViewer, guide_path


def _top_line(viewer: HelpViewer) -> str:
    """The text at the top of the visible part of the guide."""
    browser = viewer.browser
    cursor = browser.cursorForPosition(browser.viewport().rect().topLeft())
    return cursor.block().text()


@pytest.mark.parametrize(("page", "heading"), [("register", "老人花名册"), ("meals", "助餐签到")])
def test_f1_on_a_page_opens_the_guide_at_its_section(qtbot, main_window, page, heading):
    main_window.page(page)
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    viewer = main_window.help_viewer
    qtbot.addWidget(viewer)
    assert viewer.isVisible() and viewer.found
    qtbot.waitUntil(lambda: heading in _top_line(viewer))
    assert viewer.height() <= 728


def test_f1_on_the_home_page_opens_the_first_month_walk_through(qtbot, main_window):
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    viewer = main_window.help_viewer
    qtbot.addWidget(viewer)
    assert viewer.found and "第一个月" in _top_line(viewer)


def test_every_page_s_section_is_a_heading_in_the_guide(qtbot):
    for page, heading in SECTIONS.items():
        viewer = HelpViewer(heading)
        qtbot.addWidget(viewer)
        assert viewer.found, f"no heading {heading!r} for the {page} page"


def test_the_guide_is_read_from_a_file_not_the_network(qtbot):
    assert guide_path().is_file()
    viewer = HelpViewer("第一个月")
    qtbot.addWidget(viewer)
    assert not viewer.browser.openExternalLinks() and not viewer.browser.openLinks()
