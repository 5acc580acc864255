"""Annex A in the assessment dialog: events one by one, a coma, and the level shown and saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt

from carepoint.visits.assessments import assessments_of

from ui.visits.assessment_dialog import AssessmentDialog


def test_events_and_a_psychiatric_diagnosis_raise_the_level_and_are_saved(
    qtbot, context, type_chinese, crowd, show
):
    ids = crowd(3)
    dialog = show(AssessmentDialog(context, ids["欧阳修"]), size=(1100, 900))
    type_chinese(dialog.assessor_1, "王医生")
    type_chinese(dialog.assessor_2, "李护士")
    dialog.scores["bathing"].setValue(0)  # 86 points: mildly impaired
    annex = dialog.annex
    for kind, day in (("fall", QDate(2026, 11, 2)), ("choking", QDate(2026, 11, 10))):
        annex.event_kind.setCurrentIndex(annex.event_kind.findData(kind))
        annex.event_date.setDate(day)
        qtbot.mouseClick(annex.add_event, Qt.MouseButton.LeftButton)
    assert "能力中度受损" in dialog.result_label.text()
    annex.events.setCurrentRow(1)
    annex.events.setFocus()
    qtbot.keyClick(annex.events, Qt.Key.Key_Delete)  # the choking was a mistake
    assert "能力中度受损" not in dialog.result_label.text()
    type_chinese(annex.psychiatric, "抑郁症")
    type_chinese(annex.informant, "欧阳小红")
    annex.relation.setCurrentIndex(annex.relation.findData("family"))
    assert "能力中度受损" in dialog.result_label.text()

    dialog.save()

    [saved] = assessments_of(context.store, ids["欧阳修"])
    assert (saved.total, saved.level, saved.risk_events) == (86, "moderate", 1)
    assert saved.annex.risk_detail == (("fall", dt.date(2026, 11, 2)),)
    assert (saved.annex.psychiatric, saved.annex.informant) == ("抑郁症", "欧阳小红")


def test_a_coma_shows_ability_lost_whatever_the_scores(qtbot, context, crowd, show):
    ids = crowd(3)
    dialog = show(AssessmentDialog(context, ids["段誉"]), size=(1100, 900))
    assert "能力完好" in dialog.result_label.text()
    dialog.annex.coma.setFocus()
    qtbot.keyClick(dialog.annex.coma, Qt.Key.Key_Space)
    assert "能力完全丧失" in dialog.result_label.text()


def test_the_dialog_with_annex_a_fits_a_1366_by_768_screen(qtbot, context, crowd, show):
    ids = crowd(1)
    dialog = show(AssessmentDialog(context, ids["段誉"]), size=(900, 600))
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 40 - 32, hint
