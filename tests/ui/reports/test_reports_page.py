import datetime as dt
from pathlib import Path

import pytest
from builders import add
from message_box_fixtures import (  # noqa: F401, I001 - fixtures are found by name
    answer_message_box,
    no_unexpected_message_box,
)
from pypdf import PdfReader

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from ui.reports.page import ReportsPage


def make_page(qtbot, context):
    add(context.store, "张三", birth=dt.date(1940, 2, 3), sequence=1, phone="13812345678")
    add(context.store, "李秀英", birth=dt.date(1950, 6, 7), sequence=2)
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def preview(qtbot, page):
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    finished(qtbot, page)


def finished(qtbot, page):
    """The worker's thread has ended (a page closed with it running would take the app down)."""
    qtbot.waitUntil(lambda: page.thread is None or page.thread.isFinished(), timeout=20000)


def test_choosing_the_roster_and_previewing_shows_its_pages(qtbot, context):
    page = make_page(qtbot, context)
    preview(qtbot, page)
    assert page.document.pageCount() == 1
    assert page.print_button.isEnabled() and page.save_button.isEnabled()


def test_the_public_copy_saved_as_pdf_masks_the_phone(qtbot, context, tmp_path):
    page = make_page(qtbot, context)
    qtbot.mouseClick(page.public, Qt.MouseButton.LeftButton)
    preview(qtbot, page)
    target = tmp_path / "公示.pdf"
    page.ask_save_path = lambda: str(target)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    text = PdfReader(target).pages[0].extract_text().replace(" ", "")
    assert "138****5678" in text and "13812345678" not in text


def test_printing_renders_every_page_to_the_printer(qtbot, context, tmp_path):
    page = make_page(qtbot, context)
    preview(qtbot, page)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.print_to(printer)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == page.document.pageCount()


def test_a_cancelled_form_writes_nothing_and_says_so(qtbot, context):
    from carepoint.demo import generate_village

    generate_village(context.store, residents=1500, months=0, seed=2)
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.preview()
    page.cancel()
    qtbot.waitUntil(lambda: page.preview_button.isEnabled(), timeout=20000)
    assert page.current is None
    assert list(Path(page.folder.name).iterdir()) == []
    assert "nothing was written" in page.status.text() or "未写入" in page.status.text()


def choose(qtbot, page, name):
    """Pick a form in the list with the keyboard, as a clerk does."""
    page.form.setFocus()
    qtbot.keyClick(page.form, Qt.Key.Key_Home)
    while page.form.currentData() != name:
        qtbot.keyClick(page.form, Qt.Key.Key_Down)


@pytest.fixture
def demo_page(qtbot, context):
    from carepoint.demo import generate_demo
    from carepoint.subsidies import months
    from carepoint.subsidies.workflow import compute_month

    generate_demo(context.store, residents=60, months=1, seed=4)
    compute_month(context.store, months.parse("2026-11"), role="administrator")
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


@pytest.mark.parametrize("name", ["meals", "subsidies", "visits", "monthly", "visit-sheet"])
def test_each_monthly_form_previews_its_pages(qtbot, demo_page, name):
    choose(qtbot, demo_page, name)
    assert not demo_page.id_number.isVisible() and not demo_page.volunteer.isVisible()
    preview(qtbot, demo_page)
    assert demo_page.document.pageCount() >= 1
    assert str(demo_page.document.pageCount()) in demo_page.status.text()


def test_the_record_card_asks_for_an_id_number_and_saves_the_card(qtbot, demo_page, tmp_path):
    name, number = demo_page.context.store.db.execute_sql(
        "SELECT name, id_number FROM resident ORDER BY id LIMIT 1"
    ).fetchone()
    choose(qtbot, demo_page, "card")
    assert demo_page.id_number.isVisible() and not demo_page.public.isEnabled()
    qtbot.keyClicks(demo_page.id_number, number)
    preview(qtbot, demo_page)
    target = tmp_path / "档案.pdf"
    demo_page.ask_save_path = lambda: str(target)
    qtbot.mouseClick(demo_page.save_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    assert name in reader.pages[0].extract_text().replace(" ", "")


def test_an_unknown_id_number_is_explained(qtbot, demo_page, answer_message_box):  # noqa: F811
    choose(qtbot, demo_page, "card")
    qtbot.keyClicks(demo_page.id_number, "11010519491231002X")
    seen = answer_message_box()
    qtbot.mouseClick(demo_page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    finished(qtbot, demo_page)
    assert "11010519491231002X" in seen[0]
    assert demo_page.current is None and not demo_page.save_button.isEnabled()


def test_the_certificate_offers_the_volunteers_to_choose_from(qtbot, demo_page):
    choose(qtbot, demo_page, "timebank-certificate")
    assert demo_page.volunteer.isVisible() and demo_page.volunteer.count() > 0
    qtbot.keyClick(demo_page.volunteer, Qt.Key.Key_Down)
    chosen = demo_page.volunteer.currentText()
    preview(qtbot, demo_page)
    text = PdfReader(demo_page.current).pages[0].extract_text().replace(" ", "")
    assert chosen in text
