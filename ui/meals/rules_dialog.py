"""Meal prices and subsidies: edit the table in force and save it as a new version taking effect on
a chosen day (past meals keep the amounts frozen at their sign-in)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carepoint import categories, clock
from carepoint.change_areas import Changed
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _
from carepoint.meals.labels import MEALS, meal_label
from carepoint.meals.pricing import AREA, FUNDERS, fen_to_yuan, meal_rules_on, validate, yuan_to_fen

from ui.context import AppContext
from ui.widgets.rule_version import RuleVersionDialog

FUNDER_LABELS = {"city": N_("City"), "county": N_("County"), "village": N_("Village")}
_EDITABLE = Qt.ItemFlag.ItemIsEditable


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    # As wide as its columns, so the last one (stretched) is never narrower than its title.
    table.setMinimumWidth(
        table.horizontalHeader().length() + 2 * table.frameWidth()
        + table.verticalScrollBar().sizeHint().width()
    )  # fmt: skip
    return table


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text().strip() if item else ""


def _growing(table: QTableWidget) -> QWidget:
    """The table with Add row / Remove row buttons under it."""
    box = QWidget()
    add, remove = QPushButton(_("Add row")), QPushButton(_("Remove row"))
    add.clicked.connect(lambda: table.insertRow(table.rowCount()))
    remove.clicked.connect(lambda: table.removeRow(max(table.currentRow(), 0)))
    buttons = QHBoxLayout()
    buttons.addWidget(add)
    buttons.addWidget(remove)
    buttons.addStretch()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(table)
    layout.addLayout(buttons)
    return box


class MealRulesDialog(RuleVersionDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        today = clock.today()
        touches = Changed.MEALS | Changed.RULES
        super().__init__(context, AREA, validate, touches, parent)
        self.setWindowTitle(_("Meal prices and subsidies"))
        current = meal_rules_on(context.store, today)
        self.add_version_fields(today + dt.timedelta(days=1))
        self.note.setPlaceholderText(_("e.g. the document number of the new standard"))
        self.sets = _table(
            [_("Key"), _("Set meal"), _("Price (yuan)")],
            [[s.key, s.name, fen_to_yuan(s.price_fen)] for s in current.sets],
        )
        self.bands = _table(
            [_("From age"), _("To age (empty: and over)"), _("Subsidy per meal (yuan)")],
            [
                [
                    str(b.from_age),
                    "" if b.to_age is None else str(b.to_age),
                    fen_to_yuan(b.subsidy_fen),
                ]
                for b in current.age_bands
            ],
        )
        by_code = dict(current.category_subsidies)
        self.category_codes = list(categories.CODES)
        self.categories = _table(
            [_("Category"), _("Subsidy per meal (yuan, empty: none)")],
            [
                [categories.label(c), fen_to_yuan(by_code[c]) if c in by_code else ""]
                for c in self.category_codes
            ],
        )
        for row in range(self.categories.rowCount()):
            self.categories.item(row, 0).setFlags(self.categories.item(row, 0).flags() & ~_EDITABLE)
        self.delivery_fee = QLineEdit(fen_to_yuan(current.delivery_fee_fen), self)
        self.operator_subsidy = QLineEdit(fen_to_yuan(current.operator_subsidy_fen), self)
        self.subsidised = {meal: QCheckBox(meal_label(meal), self) for meal in MEALS}
        for meal, box in self.subsidised.items():
            box.setChecked(meal in current.subsidised_meals)
        self.shares = {}
        for funder, share in zip(FUNDERS, current.funding, strict=True):
            spin = QSpinBox(self)
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setValue(share)
            self.shares[funder] = spin
        self._lay_out()

    def _lay_out(self) -> None:
        top = QFormLayout()
        top.addRow(_("Takes effect on"), self.effective)
        top.addRow(_("Note"), self.note)
        money = QFormLayout()
        money.addRow(_("Delivery fee (yuan, paid by the diner)"), self.delivery_fee)
        money.addRow(_("Operating subsidy per diner and day (yuan)"), self.operator_subsidy)
        meals_row = QHBoxLayout()
        for box in self.subsidised.values():
            meals_row.addWidget(box)
        meals_row.addStretch()
        money.addRow(_("Subsidised meals"), meals_row)
        split_row = QHBoxLayout()
        for funder, spin in self.shares.items():
            split_row.addWidget(QLabel(_(FUNDER_LABELS[funder])))
            split_row.addWidget(spin)
        split_row.addStretch()
        money.addRow(_("Who pays the subsidy"), split_row)
        grid = QGridLayout()
        for column, (title, widget) in enumerate(
            (
                (_("Set meals"), _growing(self.sets)),
                (_("Subsidy by age on the meal date"), _growing(self.bands)),
                (_("Subsidy by category"), self.categories),
            )
        ):
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(widget)
            grid.addWidget(group, 0, column)
        hint = QLabel(
            _("A diner gets the highest subsidy that applies, never more than the price.")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        layout.addWidget(hint)
        layout.addLayout(money)
        layout.addWidget(self.error)
        layout.addWidget(self.add_buttons())
        self.resize(1100, 560)

    def content(self) -> dict:
        """The table as entered; a malformed amount or age raises UserInputError."""
        sets = []
        for row in range(self.sets.rowCount()):
            key, name, price = (_cell(self.sets, row, c) for c in range(3))
            if key or name or price:
                sets.append({"key": key, "name": name, "price_fen": yuan_to_fen(price)})
        bands = []
        for row in range(self.bands.rowCount()):
            low, high, amount = (_cell(self.bands, row, c) for c in range(3))
            if not (low or high or amount):
                continue
            if not low.isdigit() or (high and not high.isdigit()):
                raise UserInputError(_("Ages are whole numbers of years"))
            band = {"from_age": int(low), "subsidy_fen": yuan_to_fen(amount)}
            if high:
                band["to_age"] = int(high)
            bands.append(band)
        by_category = [
            {"category": code, "subsidy_fen": yuan_to_fen(_cell(self.categories, row, 1))}
            for row, code in enumerate(self.category_codes)
            if _cell(self.categories, row, 1)
        ]
        return {
            "sets": sets,
            "age_bands": bands,
            "category_subsidies": by_category,
            "delivery_fee_fen": yuan_to_fen(self.delivery_fee.text()),
            "operator_subsidy_fen": yuan_to_fen(self.operator_subsidy.text()),
            "subsidised_meals": [m for m, box in self.subsidised.items() if box.isChecked()],
            "funding": {funder: spin.value() for funder, spin in self.shares.items()},
        }


def open_meal_rules(parent: QWidget, context: AppContext) -> None:
    dialog = MealRulesDialog(context, parent)
    parent._meal_rules_dialog = dialog  # kept alive while open; tests find it here
    dialog.open()
