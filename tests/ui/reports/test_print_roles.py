"""A viewer prints only what hides people: the print page offers the masked public copies
(公示版 forced on) and forms about no one; the core refuses an unmasked form to a viewer."""

import datetime as dt

import pytest
from builders import add
from message_box_fixtures import (  # noqa: F401, I001 - fixtures are found by name
    answer_message_box,
    no_unexpected_message_box,
)
from pypdf import PdfReader

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from carepoint.errors import UserInputError
from carepoint.reports import FORMS
from carepoint.session import Session

from ui.context import AppContext
from ui.reports.page import ReportsPage


@pytest.fixture
def viewer_page(qtbot, village):
    add(village, "张三", birth=dt.date(1940, 2, 3), sequence=1, phone="13812345678")
    page = ReportsPage(AppContext(village, Session("viewer1", "viewer")))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def offered(page) -> list[str]:
    return [page.form.itemData(index) for index in range(page.form.count())]


def test_a_viewer_is_offered_only_public_copies_and_forms_of_no_one(viewer_page):
    names = offered(viewer_page)

    assert "roster" in names and "subsidies" in names and "monthly" in names
    assert "card" not in names and "visit-sheet" not in names and "meals" not in names


def test_a_viewers_roster_is_the_masked_copy_and_the_box_cannot_be_unticked(
    qtbot, viewer_page, tmp_path
):
    assert viewer_page.form.currentData() == "roster"
    assert viewer_page.public.isChecked() and not viewer_page.public.isEnabled()

    qtbot.mouseClick(viewer_page.public, Qt.MouseButton.LeftButton)  # a disabled box ignores it
    qtbot.mouseClick(viewer_page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: viewer_page.document.status() == QPdfDocument.Status.Ready, timeout=20000
    )
    qtbot.waitUntil(lambda: viewer_page.thread.isFinished(), timeout=20000)
    target = tmp_path / "roster.pdf"
    viewer_page.ask_save_path = lambda: str(target)
    qtbot.mouseClick(viewer_page.save_button, Qt.MouseButton.LeftButton)

    text = PdfReader(target).pages[0].extract_text().replace(" ", "")
    assert "138****5678" in text and "13812345678" not in text


def test_the_core_refuses_an_unmasked_roster_to_a_viewer_and_to_nobody(village, tmp_path):
    viewer = Session("viewer1", "viewer")
    month, today = dt.date(2026, 11, 1), dt.date(2026, 11, 23)
    out = tmp_path / "roster.pdf"

    with pytest.raises(UserInputError, match="公示版|public copy"):
        FORMS["roster"].write(village, month, out, public=False, today=today, actor=viewer)
    with pytest.raises(UserInputError):
        FORMS["roster"].write(village, month, out, public=False, today=today)
    assert not out.exists()


def test_a_clerk_still_chooses_between_the_full_and_the_public_copy(qtbot, village):
    page = ReportsPage(AppContext(village, Session("clerk1", "clerk")))
    qtbot.addWidget(page)

    assert page.public.isEnabled() and not page.public.isChecked()
    assert "card" in offered(page)
