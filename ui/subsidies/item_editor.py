"""One subsidy of the rule table in the rules editor: its name, how often it is paid, who it
excludes, and its brackets (ages, categories, amount in yuan)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carepoint import categories
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.subsidies.money import parse_yuan, yuan_text
from carepoint.subsidies.rule_tables import FREQUENCY_LABELS

WORDS = re.compile(r"[、,，;；\s]+")


def combo(parent: QWidget, labels: dict[str, str], chosen: str) -> QComboBox:
    box = QComboBox(parent)
    for code, label in labels.items():
        box.addItem(_(label), code)
    box.setCurrentIndex(max(box.findData(chosen), 0))
    return box


def category_codes(text: str) -> list[str]:
    """'低保、失能' (or English labels, or codes) → their codes; an unknown word is refused."""
    found = []
    for word in (w for w in WORDS.split(text.strip()) if w):
        code = categories.code_for(word)
        if code is None:
            raise UserInputError(_("Unknown category {value}").format(value=word))
        found.append(code)
    return found


def labels(codes) -> str:
    return "、".join(categories.label(code) for code in codes)


class ItemEditor(QGroupBox):
    """Shows one item of the table (a dict) and writes the form back into it."""

    def __init__(self, parent=None):
        super().__init__(_("Subsidy"), parent)
        self.name = QLineEdit(self)
        self.frequency = combo(self, FREQUENCY_LABELS, "monthly")
        self.pay_months = QLineEdit(self)
        self.pay_months.setPlaceholderText(_("e.g. 6, 12"))
        self.excludes = QLineEdit(self)
        self.excludes.setPlaceholderText(_("e.g. 低保"))
        self.home_only = QCheckBox(_("Stops when the person enters an institution"), self)
        self.allow_gaps = QCheckBox(_("Gaps between age brackets are intended"), self)
        self.brackets = QTableWidget(0, 4, self)
        self.brackets.setHorizontalHeaderLabels(
            [
                _("From age"),
                _("To age (empty: no limit)"),
                _("Only for categories"),
                _("Amount (yuan)"),
            ]
        )
        self.brackets.horizontalHeader().setStretchLastSection(True)
        self.brackets.setMinimumHeight(150)
        for column, width in enumerate((80, 170, 220)):
            self.brackets.setColumnWidth(column, width)
        self.add_row_button = QPushButton(_("Add bracket"), self)
        self.remove_row_button = QPushButton(_("Remove bracket"), self)
        self.form = QFormLayout()
        self.form.addRow(_("Subsidy name"), self.name)
        self.form.addRow(_("Paid"), self.frequency)
        self.form.addRow(_("Paid in the months"), self.pay_months)
        self.form.addRow(_("Not for categories"), self.excludes)
        self.form.addRow(self.home_only)
        self.form.addRow(self.allow_gaps)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_row_button)
        row_buttons.addWidget(self.remove_row_button)
        row_buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.brackets, 1)
        column.addLayout(row_buttons)
        self.add_row_button.clicked.connect(lambda: self.add_row({}))
        self.remove_row_button.clicked.connect(
            lambda: self.brackets.removeRow(max(self.brackets.currentRow(), 0))
        )

    def load(self, item: dict) -> None:
        self.name.setText(item.get("name", ""))
        self.frequency.setCurrentIndex(max(self.frequency.findData(item.get("frequency")), 0))
        self.pay_months.setText(", ".join(str(m) for m in item.get("pay_months", [])))
        self.excludes.setText(labels(item.get("excludes", [])))
        self.home_only.setChecked(bool(item.get("home_only")))
        self.allow_gaps.setChecked(bool(item.get("allow_gaps")))
        self.brackets.setRowCount(0)
        for bracket in item.get("brackets", []):
            self.add_row(bracket)

    def add_row(self, bracket: dict) -> None:
        row = self.brackets.rowCount()
        self.brackets.insertRow(row)
        high = bracket.get("max_age")
        values = (
            str(bracket.get("min_age", "")),
            "" if high is None else str(high),
            labels(bracket.get("categories", [])),
            yuan_text(bracket["amount_fen"]) if "amount_fen" in bracket else "",
        )
        for column, text in enumerate(values):
            self.brackets.setItem(row, column, QTableWidgetItem(text))

    def _cell(self, row: int, column: int) -> str:
        item = self.brackets.item(row, column)
        return item.text().strip() if item else ""

    def store(self, item: dict) -> None:
        """Write the form into `item`; a figure that is not one raises UserInputError."""
        item["name"] = self.name.text().strip()
        item["frequency"] = self.frequency.currentData()
        words = [w for w in WORDS.split(self.pay_months.text().strip()) if w]
        if not all(w.isdigit() for w in words):
            raise UserInputError(_("The payment months are numbers from 1 to 12"))
        item["pay_months"] = [int(w) for w in words]
        item["excludes"] = category_codes(self.excludes.text())
        item["home_only"] = self.home_only.isChecked()
        item["allow_gaps"] = self.allow_gaps.isChecked()
        brackets = []
        for row in range(self.brackets.rowCount()):
            low, high = self._cell(row, 0), self._cell(row, 1)
            if not low.isdigit() or (high and not high.isdigit()):
                raise UserInputError(
                    _("Bracket {number}: ages are whole numbers").format(number=row + 1)
                )
            bracket = {
                "min_age": int(low),
                "categories": category_codes(self._cell(row, 2)),
                "amount_fen": parse_yuan(self._cell(row, 3) or "0"),
            }
            if high:
                bracket["max_age"] = int(high)
            brackets.append(bracket)
        item["brackets"] = brackets
