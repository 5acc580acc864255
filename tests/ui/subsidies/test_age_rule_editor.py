"""The rules editor says when a new age starts paying: a county whose policy pays "from the month
after the birthday" (自年满周岁的次月起) chooses it, and the month is computed that way."""

from __future__ import annotations

import datetime as dt

from builders import id_number

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from carepoint import rules
from carepoint.residents import ResidentInput, create_resident
from carepoint.subsidies import months
from carepoint.subsidies.rule_tables import AREA
from carepoint.subsidies.workflow import compute_month


def test_choosing_the_month_after_the_birthday_pays_a_new_bracket_one_month_later(
    qtbot, guichi, signed_in
):
    from ui.subsidies.rules_editor import SubsidyRulesEditor

    context = signed_in("admin")
    editor = SubsidyRulesEditor(context)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.age_from.currentData() == "birthday_month"  # Guichi: 当月起发放
    editor.age_from.setCurrentIndex(editor.age_from.findData("month_after"))
    qtbot.mouseClick(
        editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    [_preset, new] = rules.versions(context.store, AREA)
    assert new.content["age_from"] == "month_after"
    # 王爷爷 turns 90 on 1 January 2027: January still pays 80–89 (30 元), February 90–99
    store = context.store
    wang = create_resident(store, ResidentInput(
        name="王爷爷", id_number=id_number(dt.date(1937, 1, 1), 33),
        bank_account="6228480402564890026"))  # fmt: skip
    for text, fen in (("2027-01", 3000), ("2027-02", 6000)):
        result = compute_month(store, months.parse(text), meal_subsidies=None, role="administrator")
        [line] = [x for x in result.lines if x.resident_id == wang.id]
        assert line.amount_fen == fen


def test_adding_an_item_while_a_bracket_age_is_not_a_number_says_so_and_adds_nothing(
    qtbot, guichi, signed_in, answer_message_box
):
    from PySide6.QtWidgets import QTableWidgetItem

    from ui.subsidies.rules_editor import SubsidyRulesEditor

    editor = SubsidyRulesEditor(signed_in("admin"))
    qtbot.addWidget(editor)
    editor.show()
    items = editor.item_choice.count()
    editor.item.brackets.setItem(0, 0, QTableWidgetItem("八十"))
    seen = answer_message_box()

    qtbot.mouseClick(editor.add_item_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "1" in seen[0]
    assert editor.item_choice.count() == items
