"""The print page at a township office: the township's forms, all villages or one, previewed."""

from __future__ import annotations

import pytest
from township_forms_fixtures import VILLAGES, import_villages, township_office

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from carepoint import i18n
from carepoint.db import open_store
from carepoint.i18n import _
from carepoint.reports import TOWNSHIP_FORMS
from carepoint.session import Session

from ui.context import AppContext
from ui.reports.page import ReportsPage


@pytest.fixture
def page(qtbot, tmp_path, capsys, monkeypatch):
    """The page at 白兔镇's office, whose two villages' packages were imported."""
    office = township_office(tmp_path, capsys, monkeypatch)
    import_villages(office)
    i18n.set_language("zh_CN")  # the command line of the setup ran in English
    store = open_store(office.folder, actor="admin")
    shown = ReportsPage(AppContext(store, Session("admin", "administrator")))
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    yield shown
    qtbot.waitUntil(lambda: shown.thread is None or shown.thread.isFinished(), timeout=20000)
    store.close()


def choose(qtbot, combo, data) -> None:
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentData() != data:
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def pdf_text(page) -> str:
    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(page.current).pages).replace(" ", "")


def test_the_page_lists_the_township_forms_and_every_village(page):
    titles = [page.form.itemText(i) for i in range(page.form.count())]
    assert titles == [_(spec.title) for spec in TOWNSHIP_FORMS.values()]
    villages = [page.village.itemText(i) for i in range(page.village.count())]
    assert villages == [_("All villages"), *(name for _code, name in VILLAGES)]
    assert page.village.isVisible()


def test_previewing_the_subsidy_roster_of_one_village(qtbot, page):
    # When the clerk chooses the subsidy roster, 梨园村 alone, and previews it
    choose(qtbot, page.form, "subsidies")
    choose(qtbot, page.village, VILLAGES[1][0])
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    # Then the preview shows that village's roster and nothing of the other
    assert page.document.pageCount() >= 1 and page.save_button.isEnabled()
    text = pdf_text(page)
    assert VILLAGES[1][1] in text and VILLAGES[0][1] not in text
