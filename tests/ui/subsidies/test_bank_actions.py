"""The month page's way to the bank: an administrator writes the bank file of an approved month,
reads the bank's result back after seeing what it says, and reopens an approved unpaid month."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from carepoint.residents import set_status
from carepoint.subsidies import ledger, months
from carepoint.subsidies.workflow import approve_month, compute_month, review_month

OCTOBER = months.parse("2026-10")


def _approved(store) -> None:
    compute_month(store, OCTOBER, meal_subsidies=None, role="administrator")
    review_month(store, OCTOBER, role="administrator")
    approve_month(store, OCTOBER, accept_warnings=True, meal_subsidies=None, role="administrator")


def _show_october(qtbot, page) -> None:
    page.set_month(OCTOBER)
    qtbot.waitUntil(lambda: page.idle, timeout=5000)


def test_a_clerk_is_not_offered_the_bank(qtbot, guichi, signed_in, make_page):
    _approved(signed_in("admin").store)
    page = make_page(signed_in("clerk1"))
    _show_october(qtbot, page)
    assert not page.bank.file_button.isVisible() and not page.bank.reopen_button.isVisible()
    assert page.bank.deaths_button.isVisible()


def test_the_administrator_writes_the_bank_file_and_reads_the_result_back(
    qtbot, guichi, signed_in, make_page, answer_message_box, pick_in_file_dialog, tmp_path
):
    _approved(signed_in("admin").store)
    page = make_page(signed_in("admin"))
    _show_october(qtbot, page)
    assert page.bank.file_button.isEnabled()
    sent = tmp_path / "代发.xlsx"
    dialogs = pick_in_file_dialog(sent)
    seen = answer_message_box(QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(page.bank.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert sent.exists() and "张奶奶" in seen[0]  # she has no bank account
    assert dialogs[0]["suggested"] == "代发-2026-10.xlsx" and not dialogs[0]["native"]
    assert dialogs[0]["proxy"] == "ChineseFileColumns"  # the shared dialog, in Chinese
    from openpyxl import Workbook, load_workbook

    rows = list(load_workbook(sent).active.iter_rows(values_only=True))
    result = Workbook()
    result.active.append(["姓名", "身份证号码", "账号", "金额", "摘要", "状态", "失败原因"])
    for name, number, account, amount, memo in rows[1:]:
        failed = name == "张奶奶"
        status, reason = ("失败", "无账号") if failed else ("成功", "")
        result.active.append([name, number, account, amount, memo, status, reason])
    back = tmp_path / "回盘.xlsx"
    result.save(back)
    pick_in_file_dialog(back)
    seen = answer_message_box(QMessageBox.StandardButton.Yes)  # the same list: one more answer
    qtbot.mouseClick(page.bank.result_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert "无账号" in seen[-1]
    store = page.context.store
    failed = store.db.execute_sql(
        "SELECT count(*) FROM subsidy_payment WHERE status = 'failed' AND deleted_at IS NULL"
    ).fetchone()[0]
    assert failed == 1
    # and the page lists her as not received (未到账), to be paid with the next month computed
    qtbot.waitUntil(lambda: page.idle and page.tabs.unpaid_table.rowCount() == 1, timeout=5000)
    assert page.tabs.unpaid_table.item(0, 1).text() == "张奶奶"
    assert "1" in page.tabs.tabText(5)


def test_the_administrator_reopens_an_approved_month_after_a_late_death(
    qtbot, guichi, signed_in, make_page, answer_message_box
):
    store = signed_in("admin").store
    _approved(store)
    set_status(store, guichi["li"].id, "deceased", dt.date(2026, 9, 2), "",
               today=dt.date(2026, 11, 23))  # fmt: skip
    page = make_page(signed_in("admin"))
    _show_october(qtbot, page)
    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.bank.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ledger.month_record(store, OCTOBER).state == "computed", timeout=5000)
    assert seen
    lines = ledger.stored_lines(store, OCTOBER)
    assert guichi["li"].id not in {line.resident_id for line in lines}


def test_a_clerk_reads_a_death_list_sees_what_was_paid_since_and_records_it(
    qtbot, guichi, signed_in, make_page, answer_message_box, pick_in_file_dialog, tmp_path
):
    store = signed_in("admin").store
    _approved(store)
    from carepoint.subsidies.workflow import mark_paid

    mark_paid(store, OCTOBER, dt.date(2026, 11, 10), "B-10", role="administrator")
    listing = tmp_path / "火化名单.csv"
    number = guichi["li"].id_number
    listing.write_bytes(f"死者姓名,公民身份号码,火化日期\r\n李爷爷,{number.lower()},2026.9.3\r\n"
                        .encode("gb18030"))  # fmt: skip
    page = make_page(signed_in("clerk1"))
    _show_october(qtbot, page)
    dialogs = pick_in_file_dialog(listing)
    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.bank.deaths_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "李爷爷" in seen[0] and "¥60.00" in seen[0]  # October, paid after the death
    qtbot.waitUntil(lambda: page.idle and page.tabs.recovery_table.rowCount() == 1, timeout=5000)
    assert [d["proxy"] for d in dialogs] == ["ChineseFileColumns"]
    status = store.db.execute_sql(
        "SELECT status FROM resident WHERE id = ?", [guichi["li"].id]
    ).fetchone()[0]
    assert status == "deceased"


def test_the_administrator_turns_two_people_for_money_on_from_the_page(
    qtbot, guichi, signed_in, make_page
):
    page = make_page(signed_in("admin"))
    store = page.context.store
    assert not page.bank.two_person.isChecked()
    qtbot.mouseClick(page.bank.two_person, Qt.MouseButton.LeftButton)
    assert store.setting("subsidies_two_person") == "1"
    logged = store.db.execute_sql(
        "SELECT actor, new_value FROM audit_entry WHERE entity_uuid = 'subsidies_two_person'"
    ).fetchall()
    assert logged == [("admin", "True")]
