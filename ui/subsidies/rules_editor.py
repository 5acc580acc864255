"""Subsidy rules in the settings: the table in force, edited and saved as a new audited version
that takes effect on the first day of a chosen month (past months keep the rules of their time).

Overlapping brackets are refused; a gap between brackets is saved only after the administrator
says it is intended.
"""

from __future__ import annotations

import copy
import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock, rules
from carepoint.change_areas import Changed
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.subsidies import months
from carepoint.subsidies.rule_tables import (
    AGE_FROM_LABELS,
    AGE_REFERENCE_LABELS,
    AREA,
    RULE_TYPES,
    STOP_RULE_LABELS,
    type_label,
)
from carepoint.subsidies.validation import check, validate

from ui.context import AppContext
from ui.ops import run_op
from ui.subsidies.item_editor import ItemEditor, combo
from ui.widgets.date_edit import DateEdit


def open_rules_editor(parent: QWidget, context: AppContext) -> None:
    parent.subsidy_rules_editor = SubsidyRulesEditor(context, parent)
    parent.subsidy_rules_editor.open()


class SubsidyRulesEditor(QDialog):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Subsidy rules"))
        this_month = months.of_day(clock.today())
        try:
            current = rules.rules_on(context.store, AREA, months.first_day(this_month))
            self.content = copy.deepcopy(current.content)
            shown = _("In force since {date}: {note}").format(
                date=current.effective_from.isoformat(), note=current.note or "—"
            )
        except UserInputError:
            self.content, shown = {"items": []}, _("No subsidy rules are in force yet.")
        self.content.setdefault("items", [])
        self.item_index = -1
        intro = QLabel(shown)
        intro.setWordWrap(True)
        general = self._general(this_month + 1)

        self.item_choice = QComboBox(self)
        self.new_type = QComboBox(self)
        for code in RULE_TYPES:
            self.new_type.addItem(type_label(code), code)
        self.add_item_button = QPushButton(_("Add a subsidy"), self)
        self.item = ItemEditor(self)
        chooser = QHBoxLayout()
        chooser.addWidget(self.item_choice, 1)
        chooser.addWidget(self.new_type)
        chooser.addWidget(self.add_item_button)
        self.item.form.insertRow(0, _("Subsidy"), chooser)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        # Side by side: one above the other was 786 px tall, off a 1366×768 screen.
        body = QHBoxLayout()
        body.addWidget(general, 0, Qt.AlignmentFlag.AlignTop)
        body.addWidget(self.item, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.item_choice.currentIndexChanged.connect(self._choose_item)
        self.add_item_button.clicked.connect(self.add_item)
        self._fill_items()
        self.resize(1100, 620)

    def _general(self, first_month: int) -> QGroupBox:
        content = self.content
        first = months.first_day(first_month)
        self.effective = DateEdit(QDate(first.year, first.month, 1), self)
        self.effective.setDisplayFormat("yyyy-MM")
        self.note = QLineEdit(self)
        self.age_reference = combo(
            self, AGE_REFERENCE_LABELS, content.get("age_reference", "month_end")
        )
        self.age_from = combo(self, AGE_FROM_LABELS, content.get("age_from", "birthday_month"))
        self.reference_day = QSpinBox(self)
        self.reference_day.setRange(1, 31)
        self.reference_day.setValue(int(content.get("reference_day", 1)))
        self.stop_on_death = combo(
            self, STOP_RULE_LABELS, content.get("stop_on_death", "month_after")
        )
        self.stop_on_move = combo(
            self, STOP_RULE_LABELS, content.get("stop_on_move", "month_after")
        )
        self.lost_months = QSpinBox(self)
        self.lost_months.setRange(1, 36)
        self.lost_months.setValue(int(content.get("lost_contact_months", 3)))
        general = QGroupBox(_("For every subsidy"), self)
        form = QFormLayout(general)
        form.addRow(_("Takes effect from the month"), self.effective)
        form.addRow(_("Note (the policy document)"), self.note)
        form.addRow(_("Ages are counted on"), self.age_reference)
        form.addRow(_("Day of the month (for a set day)"), self.reference_day)
        form.addRow(_("A new age is paid"), self.age_from)
        form.addRow(_("Payments stop after a death"), self.stop_on_death)
        form.addRow(_("Payments stop after moving away"), self.stop_on_move)
        form.addRow(_("Months out of contact before a stop"), self.lost_months)
        return general

    # Items

    def _fill_items(self, chosen: int = 0) -> None:
        self.item_choice.blockSignals(True)
        self.item_choice.clear()
        for item in self.content["items"]:
            self.item_choice.addItem(item.get("name") or type_label(item.get("type", "")))
        self.item_choice.blockSignals(False)
        self.item_index = -1
        if self.content["items"]:
            self.item_choice.setCurrentIndex(chosen)
            self._choose_item(chosen)

    def _choose_item(self, index: int) -> None:
        if self.item_index >= 0:
            try:
                self.item.store(self.content["items"][self.item_index])
            except UserInputError as error:
                QMessageBox.warning(self, _("Please check"), error.message)
        self.item_index = index
        self.item.load(self.content["items"][index])

    def add_item(self) -> None:
        if self.item_index >= 0:
            try:  # the item on screen first: a figure that is not one is said, nothing added
                self.item.store(self.content["items"][self.item_index])
            except UserInputError as error:
                QMessageBox.warning(self, _("Please check"), error.message)
                return
        code = self.new_type.currentData()
        keys = {item.get("key") for item in self.content["items"]}
        key = next(k for k in (f"{code}_{n}" if n else code for n in range(100)) if k not in keys)
        self.content["items"].append(
            {
                "key": key,
                "type": code,
                "name": type_label(code),
                "frequency": "monthly",
                "brackets": [{"min_age": 80, "amount_fen": 5000}],
            }
        )
        self._fill_items(len(self.content["items"]) - 1)

    # Saving

    def table(self) -> dict:
        """The table as the form shows it (raises UserInputError on a figure that is not one)."""
        if self.item_index >= 0:
            self.item.store(self.content["items"][self.item_index])
        content = copy.deepcopy(self.content)
        content.update(
            age_reference=self.age_reference.currentData(),
            reference_day=self.reference_day.value(),
            age_from=self.age_from.currentData(),
            stop_on_death=self.stop_on_death.currentData(),
            stop_on_move=self.stop_on_move.currentData(),
            lost_contact_months=self.lost_months.value(),
        )
        return content

    def effective_from(self) -> dt.date:
        return self.effective.date().toPython().replace(day=1)

    def save(self) -> None:
        try:
            content = self.table()
        except UserInputError as error:
            QMessageBox.warning(self, _("Not saved"), error.message)
            return
        problems = check(content)
        if problems.errors:
            QMessageBox.warning(self, _("Not saved"), "\n".join(problems.errors))
            return
        if problems.gaps:
            answer = QMessageBox.question(
                self,
                _("Gaps between brackets"),
                "\n".join(problems.gaps) + "\n\n" + _("Are these gaps intended?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            for item in content["items"]:
                if check({"items": [item]}).gaps:
                    item["allow_gaps"] = True
        store, day, note = self.context.store, self.effective_from(), self.note.text()
        done, _version = run_op(
            self,
            self.context,
            lambda: rules.save_version(store, AREA, day, content, note, validate=validate),
            touches=Changed.RULES | Changed.SUBSIDIES,
        )
        if done:
            self.accept()
