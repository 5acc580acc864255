"""A public roster about one benefit (低保 here) shows that category and keeps the other health
and hardship categories hidden; chosen on the print page or with --notice-for on the command
line, read back from the PDF."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

from builders import add
from message_box_fixtures import (  # noqa: F401, I001 - fixtures are found by name
    answer_message_box,
    no_unexpected_message_box,
)
from pypdf import PdfReader

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from carepoint.residents import CategoryInput

from ui.reports.page import ReportsPage

SINCE = dt.date(2020, 1, 1)


def _village(store):
    add(
        store,
        "张三",
        birth=dt.date(1940, 2, 3),
        sequence=1,
        categories=[CategoryInput("low_income", SINCE), CategoryInput("living_alone", SINCE)],
    )
    add(store, "李秀英", birth=dt.date(1950, 6, 7), sequence=2,
        categories=[CategoryInput("dementia", SINCE)])  # fmt: skip


def _text(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace(" ", "")


def _rows(path) -> str:
    """The form without its note of what a public copy leaves out (which names them all)."""
    text = _text(path)
    assert re.search(r"为保护.*?等类别。", text, flags=re.S)  # the note is printed
    return re.sub(r"为保护.*?等类别。", "", text, flags=re.S)


def _page(qtbot, context):
    _village(context.store)
    page = ReportsPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    return page


def test_the_notice_choice_appears_only_for_the_public_roster(qtbot, context):
    page = _page(qtbot, context)
    assert not page.notice_for.isVisible()

    qtbot.mouseClick(page.public, Qt.MouseButton.LeftButton)

    assert page.notice_for.isVisible() and page.notice_for_label.isVisible()
    assert page.notice_for.currentData() is None
    page.form.setCurrentIndex(page.form.findData("meals"))
    assert not page.notice_for.isVisible()


def test_a_notice_about_low_income_shows_it_and_still_hides_dementia(qtbot, context, tmp_path):
    page = _page(qtbot, context)
    qtbot.mouseClick(page.public, Qt.MouseButton.LeftButton)
    page.notice_for.setFocus()
    while page.notice_for.currentData() != "low_income":
        qtbot.keyClick(page.notice_for, Qt.Key.Key_Down)

    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    qtbot.waitUntil(lambda: page.thread is None or page.thread.isFinished(), timeout=20000)

    rows = _rows(page.current)
    assert "低保" in rows and "独居" in rows
    assert "失智" not in rows
    assert "低保" not in _text(page.current).split("为保护")[1].split("等类别")[0]  # not left out


def test_the_plain_public_roster_shows_neither(qtbot, context):
    page = _page(qtbot, context)
    qtbot.mouseClick(page.public, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    qtbot.waitUntil(lambda: page.thread is None or page.thread.isFinished(), timeout=20000)

    rows = _rows(page.current)
    assert "低保" not in rows and "失智" not in rows and "独居" in rows


def _cli(data_dir, *args):
    command = [str(Path(sys.executable).parent / "carepoint"), "--data-dir", str(data_dir), *args]
    env = {**os.environ, "CAREPOINT_TODAY": "2026-11-23"}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_the_command_line_prints_the_notice_for_a_benefit(store, data_dir, tmp_path):
    _village(store)
    out = tmp_path / "低保公示.pdf"

    done = _cli(data_dir, "report", "roster", "--month", "2026-11", "--public",
                "--notice-for", "low_income", "--out", str(out))  # fmt: skip
    by_word = _cli(data_dir, "report", "roster", "--month", "2026-11", "--public",
                   "--notice-for", "失智", "--out", str(tmp_path / "失智.pdf"))  # fmt: skip

    assert done.returncode == 0, done.stderr
    rows = _rows(out)
    assert "低保" in rows and "失智" not in rows
    assert by_word.returncode == 0, by_word.stderr
    assert "失智" in _rows(tmp_path / "失智.pdf")


def test_the_command_line_refuses_a_notice_for_without_public_or_an_open_category(
    store, data_dir, tmp_path
):
    _village(store)
    out = tmp_path / "x.pdf"

    full = _cli(data_dir, "report", "roster", "--month", "2026-11", "--notice-for", "low_income",
                "--out", str(out))  # fmt: skip
    open_category = _cli(data_dir, "report", "roster", "--month", "2026-11", "--public",
                         "--notice-for", "living_alone", "--out", str(out))  # fmt: skip

    assert full.returncode == 2 and "--public" in full.stderr
    assert open_category.returncode == 2 and "low_income" in open_category.stderr
    assert "Traceback" not in full.stderr + open_category.stderr
    assert not out.exists()
