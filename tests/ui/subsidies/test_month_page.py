"""The subsidies page as a cadre uses it: choose the month, compute, review, approve; what each
role may do; the new / stopped / checks / recovery lists; the home card and the rules editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit, QDialogButtonBox, QMessageBox

from carepoint.residents import set_status
from carepoint.subsidies import ledger, months
from carepoint.subsidies.workflow import approve_month, compute_month, mark_paid, review_month


def state(store, text: str) -> str | None:
    record = ledger.month_record(store, months.parse(text))
    return record.state if record else None


def go_back_one_month(qtbot, page) -> None:
    """Step the month field back with the keyboard, as a cadre does with the arrow keys."""
    page.month_edit.setFocus()
    page.month_edit.setCurrentSection(QDateTimeEdit.Section.MonthSection)
    qtbot.keyClick(page.month_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.idle, timeout=5000)


def names_listed(page) -> list[str]:
    model = page.tabs.model
    return sorted(model.data(model.index(row, 0)) for row in range(model.rowCount()))


def test_an_administrator_computes_reviews_and_approves_a_month(
    qtbot, guichi, signed_in, make_page, answer_message_box
):
    # Given the administrator on the subsidies page in November
    page = make_page(signed_in("admin"))
    store = page.context.store
    # When she goes back to October and clicks Compute
    go_back_one_month(qtbot, page)
    assert page.month == months.parse("2026-10")
    qtbot.mouseClick(page.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.idle and state(store, "2026-10") == "computed", timeout=10000)
    # Then both people are listed with the October totals, and the missing card is a check
    assert names_listed(page) == ["张奶奶", "李爷爷"]
    assert "¥90.00" in page.totals_label.text()
    assert page.tabs.anomaly_table.rowCount() == 1
    # When she reviews with the keyboard shortcut and approves, accepting the warning
    qtbot.keyClick(
        page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: state(store, "2026-10") == "reviewed", timeout=5000)
    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    # Then the month is approved and locked: computing is no longer offered
    qtbot.waitUntil(lambda: state(store, "2026-10") == "approved", timeout=5000)
    assert seen and "张奶奶" in seen[0]
    qtbot.waitUntil(lambda: page.idle, timeout=5000)
    assert not page.compute_button.isEnabled()
    assert page.pay_button.isEnabled()
    assert ledger.month_record(store, months.parse("2026-10")).approved_by == "admin"


def test_a_viewer_sees_the_month_masked_and_cannot_compute_or_review(
    qtbot, guichi, signed_in, make_page
):
    # Given the clerk computed November and a viewer opens the page
    page = make_page(signed_in("viewer1"))
    store = page.context.store
    compute_month_as_clerk(store)
    page.reload()
    qtbot.waitUntil(lambda: page.idle, timeout=5000)
    # Then no workflow button is offered, and ID numbers are masked
    assert not any(b.isVisible() for b in page.workflow_buttons())
    assert not page.tabs.settle_button.isVisible()
    assert page.context.session.role_label in page.role_hint.text()
    assert "*" in page.tabs.model.data(page.tabs.model.index(0, 1))
    # When the viewer presses the compute and review shortcuts anyway, nothing happens
    modifiers = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(page, Qt.Key.Key_R, modifiers)
    qtbot.keyClick(page, Qt.Key.Key_R, modifiers | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: page.idle, timeout=5000)
    assert state(store, "2026-11") == "computed"
    assert ledger.month_record(store, months.parse("2026-11")).computed_by == "clerk1"


def compute_month_as_clerk(store) -> None:
    actor = store.actor
    store.actor = "clerk1"
    compute_month(store, months.parse("2026-11"), meal_subsidies=None, role="administrator")
    store.actor = actor


def test_a_clerk_may_compute_and_review_but_is_not_offered_approval(
    qtbot, guichi, signed_in, make_page
):
    page = make_page(signed_in("clerk1"))
    assert page.compute_button.isVisible() and page.review_button.isVisible()
    assert not page.approve_button.isVisible() and not page.pay_button.isVisible()
    qtbot.mouseClick(page.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state(page.context.store, "2026-11") == "computed", timeout=10000)
    qtbot.waitUntil(lambda: page.idle, timeout=5000)
    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    assert state(page.context.store, "2026-11") == "reviewed"


def test_turning_90_shows_in_the_new_and_stopped_lists(qtbot, guichi, signed_in, make_page):
    store = signed_in("admin").store
    compute_month(store, months.parse("2026-01"), meal_subsidies=None, role="administrator")
    page = make_page(signed_in("admin"))
    page.month_edit.setDate(page.month_edit.date().addMonths(-10))
    qtbot.waitUntil(lambda: page.idle and page.month == months.parse("2026-01"), timeout=5000)
    assert page.tabs.new_table.rowCount() == 1 and page.tabs.stopped_table.rowCount() == 1
    assert page.tabs.new_table.item(0, 0).text() == "李爷爷"
    assert "90" in page.tabs.new_table.item(0, 2).text()


def test_a_death_recorded_late_is_listed_to_recover_and_settling_it_clears_it(
    qtbot, guichi, signed_in, make_page
):
    store = signed_in("admin").store
    for text in ("2026-09", "2026-10"):
        compute_month(store, months.parse(text), meal_subsidies=None, role="administrator")
        review_month(store, months.parse(text), role="administrator")
        approve_month(store, months.parse(text), accept_warnings=True, meal_subsidies=None,
                      role="administrator")
        mark_paid(store, months.parse(text), dt.date(2026, 11, 10), f"B{text}",
                  role="administrator")
    set_status(store, guichi["li"].id, "deceased", dt.date(2026, 8, 20), "")
    page = make_page(signed_in("admin"))
    assert page.tabs.recovery_table.rowCount() == 1
    assert "¥120.00" in page.tabs.recovery_table.item(0, 2).text()
    # When the clerk selects the row and records the whole amount as recovered
    page.tabs.setCurrentIndex(4)
    page.tabs.recovery_table.selectRow(0)
    qtbot.mouseClick(page.tabs.settle_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog.amount.text() == "120"
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.idle and page.tabs.recovery_table.rowCount() == 0, timeout=5000)


def test_the_home_card_shows_this_months_total_after_computing(qtbot, guichi, signed_in):
    from ui.subsidies.home_card import SubsidiesCard

    context = signed_in("admin")
    card = SubsidiesCard(context)
    qtbot.addWidget(card)
    qtbot.waitUntil(lambda: card.total.text() == "¥0.00")  # counted off the GUI thread
    compute_month(context.store, months.parse("2026-11"), meal_subsidies=None, role="administrator")
    context.changes.changed.emit({"subsidies"})
    qtbot.waitUntil(lambda: card.total.text() == "¥90.00")
    assert card.summary.people == 2


def test_the_main_window_has_a_subsidies_page(main_window):
    page = main_window.page("subsidies")
    assert page is not None
    main_window.context.changes.changed.emit(set())


def test_the_rules_editor_refuses_an_overlap_and_saves_an_audited_version(
    qtbot, guichi, signed_in, answer_message_box
):
    from carepoint import rules
    from carepoint.subsidies.rule_tables import AREA

    from ui.subsidies.rules_editor import SubsidyRulesEditor

    context = signed_in("admin")
    editor = SubsidyRulesEditor(context)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.item.brackets.rowCount() == 3
    # When the administrator makes 80–89 reach 95, which overlaps 90–99
    editor.item.brackets.item(0, 1).setText("95")
    seen = answer_message_box(QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(
        editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert seen and "95" in seen[0]
    assert len(rules.versions(context.store, AREA)) == 1
    # When she sets it back and raises the 80–89 amount to 50 yuan
    editor.item.brackets.item(0, 1).setText("89")
    editor.item.brackets.item(0, 3).setText("50")
    qtbot.mouseClick(
        editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    [_preset, new] = rules.versions(context.store, AREA)
    assert new.effective_from == dt.date(2026, 12, 1)
    assert new.content["items"][0]["brackets"][0]["amount_fen"] == 5000


def test_a_gap_between_brackets_is_saved_only_when_the_administrator_says_it_is_intended(
    qtbot, guichi, signed_in, answer_message_box
):
    from carepoint import rules
    from carepoint.subsidies.rule_tables import AREA

    from ui.subsidies.rules_editor import SubsidyRulesEditor

    context = signed_in("admin")
    editor = SubsidyRulesEditor(context)
    qtbot.addWidget(editor)
    editor.show()
    # When 80–89 becomes 80–88, nobody aged 89 would get anything
    editor.item.brackets.item(0, 1).setText("88")
    seen = answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(
        editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    # Then she is asked, and her answer saves the gap as intended
    assert seen and "89" in seen[0]
    [_preset, new] = rules.versions(context.store, AREA)
    assert new.content["items"][0]["allow_gaps"] is True


def test_the_lines_of_a_large_month_are_fetched_a_page_at_a_time(
    qtbot, village, signed_in, make_page
):
    from carepoint.demo import generate_village

    generate_village(village, residents=1500, months=12)
    village.set_setting("rules_preset", "guangzhou")
    compute_month(village, months.parse("2026-11"), meal_subsidies=None, role="administrator")
    page = make_page(signed_in("clerk1"))
    model = page.tabs.model
    assert model.rowCount() > 400
    assert model.pages_fetched == [0]
    page.tabs.table.scrollToBottom()
    qtbot.waitUntil(lambda: max(model.pages_fetched) == (model.rowCount() - 1) // 200)
    assert len(model.pages_fetched) <= 3


def test_the_month_is_typed_as_six_digits(qtbot, guichi, signed_in, make_page):
    page = make_page(signed_in("clerk1"))
    page.month_edit.setFocus()
    page.month_edit.lineEdit().selectAll()

    qtbot.keyClicks(page.month_edit, "202609")
    qtbot.keyClick(page.month_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.month == months.parse("2026-09"), timeout=5000)
    assert page.month_edit.text() == "2026-09"
