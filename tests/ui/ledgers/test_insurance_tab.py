"""The insurance tab: the year's insured, the export for the insurer, a claim and its answer."""

from __future__ import annotations

from openpyxl import load_workbook

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint.ledgers import insurance

from ui.ledgers.insurance_tab import InsuranceTab


def save(qtbot, dialog):
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_the_tab_lists_the_years_insured_and_exports_them_for_the_insurer(
    qtbot, context, crowd, show, tmp_path, pick_in_file_dialog
):
    crowd(20)  # everyone is born 1937–1956: all are 60 or over in 2026
    tab = show(InsuranceTab(context))
    assert tab.view.rowCount() == 23
    assert tab.rule_label.text().startswith("投保23人")

    dialogs = pick_in_file_dialog(tmp_path / "insured.xlsx")
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil((tmp_path / "insured.xlsx").exists, timeout=5000)

    rows = list(load_workbook(tmp_path / "insured.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "被保险人姓名", "证件类型", "证件号码")
    assert len(rows) == 24
    assert dialogs[0]["suggested"].endswith(".xlsx") and dialogs[0]["proxy"] == "ChineseFileColumns"


def test_a_viewer_sees_id_numbers_masked_and_cannot_note_claims(qtbot, viewer_context, crowd, show):
    crowd(2)
    tab = show(InsuranceTab(viewer_context))
    assert "*" in tab.view.item(0, 2).text()
    assert not tab.claim_button.isEnabled()


def test_a_claim_is_noted_and_the_insurers_payment_recorded(qtbot, context, crowd, show):
    ids = crowd(3)
    tab = show(InsuranceTab(context))
    qtbot.mouseClick(tab.claim_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.picker.search_box.setFocus()
    qtbot.keyClicks(dialog.picker.search_box, "oyx")
    qtbot.keyClick(dialog.picker.search_box, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.claimed_edit, "1200")
    save(qtbot, dialog)
    [claim] = insurance.claims_in(context.store, 2026)
    assert (claim.resident_id, claim.claimed_fen, claim.kind) == (ids["欧阳修"], 120000, "fall")

    tab.claims.selectRow(0)
    qtbot.mouseClick(tab.settle_button, Qt.MouseButton.LeftButton)
    answer = tab.dialog
    qtbot.waitUntil(answer.isVisible, timeout=2000)
    qtbot.keyClicks(answer.paid_edit, "800.5")
    save(qtbot, answer)

    assert insurance.get_claim(context.store, claim.id).paid_fen == 80050
    assert [tab.claims.item(0, c).text() for c in (1, 4, 5)] == ["欧阳修", "¥800.50", "已赔付"]
