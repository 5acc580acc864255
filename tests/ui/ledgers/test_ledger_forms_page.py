"""The ledger forms from the print page, as a cadre prints them: the activity ledger of the month
and one person's ability assessment report, previewed and saved as PDF."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from carepoint.ledgers import activities
from carepoint.visits.assessment_items import ITEMS
from carepoint.visits.assessments import AssessmentInput, record_assessment

from ui.reports.page import ReportsPage


def saved_text(qtbot, page, target) -> str:
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.document.status() == QPdfDocument.Status.Ready, timeout=20000)
    qtbot.waitUntil(lambda: page.thread is None or page.thread.isFinished(), timeout=20000)
    page.ask_save_path = lambda: str(target)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    return "".join(p.extract_text() for p in PdfReader(target).pages)


def test_the_activity_ledger_is_chosen_previewed_and_saved(qtbot, context, crowd, show, tmp_path):
    ids = crowd(3)
    made = activities.add_activity(context.store, activities.ActivityInput(
        dt.date(2026, 11, 20), "festival", "重阳节慰问"))  # fmt: skip
    activities.sign_in(context.store, made.id, ids["段誉"])
    page = show(ReportsPage(context))
    page.form.setCurrentIndex(page.form.findData("activities"))

    text = saved_text(qtbot, page, tmp_path / "活动台账.pdf")

    assert "活动台账" in text and "重阳节慰问" in text and "段誉" in text


def test_the_assessment_report_asks_for_the_person_and_prints_both_assessors(
    qtbot, context, crowd, show, tmp_path
):
    ids = crowd(3)
    scores = {item.code: item.max_score for item in ITEMS}
    record_assessment(context.store, ids["张三丰"], AssessmentInput(
        dt.date(2026, 11, 20), "王医生", "李护士", scores, informant="张小明"))  # fmt: skip
    number = context.store.db.execute_sql(
        "SELECT id_number FROM resident WHERE id = ?", [ids["张三丰"]]).fetchone()[0]  # fmt: skip
    page = show(ReportsPage(context))
    page.form.setCurrentIndex(page.form.findData("assessment"))
    assert page.id_number.isVisible()
    qtbot.keyClicks(page.id_number, number)

    text = saved_text(qtbot, page, tmp_path / "评估报告.pdf")

    for expected in ("老年人能力评估报告", "张三丰", "王医生", "李护士", "张小明", "能力完好"):
        assert expected in text, expected
