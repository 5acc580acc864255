import datetime as dt
from pathlib import Path

from builders import add
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
