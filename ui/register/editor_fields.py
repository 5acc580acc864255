"""The editor's inputs: one row per register field with its error line, and the carers table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carepoint.i18n import N_, _
from carepoint.privacy import mask_phone
from carepoint.residents import CarerInput, field_label
from carepoint.residents.fields import MARITAL_LABELS, MARITAL_STATUSES

# Two columns so that the whole record fits a 1366×768 screen without scrolling.
LEFT_FIELDS = (
    "name",
    "id_number",
    "gender",
    "birth_date",
    "ethnicity",
    "marital_status",
    "group_name",
    "phone",
    "household_address",
    "residence_address",
)
RIGHT_FIELDS = (
    "living_situation",
    "income_source",
    "health_conditions",
    "self_care",
    "medical_contact_name",
    "medical_contact_phone",
    "agent_name",
    "agent_phone",
    "bank_account",
    "notes",
)
DERIVED_FIELDS = ("gender", "birth_date")  # filled from the ID number
ERROR_STYLE = "color: #c0392b;"
CARER_HEADERS = (N_("Name"), N_("Relation"), N_("Phone"), N_("Address"))


def error_label(parent: QWidget) -> QLabel:
    """A red line saying what is wrong, empty while all is well."""
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


class FieldRow(QWidget):
    """One input with the reason it is refused shown right under it."""

    changed = Signal()

    def __init__(self, field: str, groups: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        if field == "marital_status":
            self.input = QComboBox(self)
            self.input.addItem("", "")
            for code in MARITAL_STATUSES:
                self.input.addItem(_(MARITAL_LABELS[code]), code)
            self.input.currentIndexChanged.connect(self.changed)
        elif field == "group_name":
            self.input = QComboBox(self)
            self.input.setEditable(True)
            self.input.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # Enter saves the record
            self.input.addItems(["", *groups])
            self.input.editTextChanged.connect(self.changed)
        else:
            self.input = QLineEdit(self)
            self.input.textChanged.connect(self.changed)
            if field in DERIVED_FIELDS:
                self.input.setReadOnly(True)
                self.input.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                self.input.setPlaceholderText(_("from the ID number"))
        self.error_label = error_label(self)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.input)
        layout.addWidget(self.error_label)

    def value(self) -> str:
        if self.field == "marital_status":
            return self.input.currentData() or ""
        if self.field == "group_name":
            return self.input.currentText().strip()
        return self.input.text().strip()

    def set_value(self, value: str) -> None:
        if self.field == "marital_status":
            self.input.setCurrentIndex(max(self.input.findData(value or ""), 0))
        elif self.field == "group_name":
            self.input.setEditText(value or "")
        else:
            self.input.setText(value or "")

    def set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    @property
    def error(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def set_read_only(self) -> None:
        if isinstance(self.input, QLineEdit):
            self.input.setReadOnly(True)
        else:
            self.input.setEnabled(False)


def build_form(groups: list[str], parent: QWidget) -> tuple[QWidget, dict[str, FieldRow]]:
    rows: dict[str, FieldRow] = {}
    page = QWidget(parent)
    columns = QHBoxLayout(page)
    for names in (LEFT_FIELDS, RIGHT_FIELDS):
        form = QFormLayout()
        for field in names:
            rows[field] = FieldRow(field, groups, page)
            label = QLabel(field_label(field), page)
            label.setBuddy(rows[field].input)
            form.addRow(label, rows[field])
        columns.addLayout(form, 1)
    return page, rows


class CarersTable(QWidget):
    """赡养人/扶养人: name, relation, phone, address; rows added and removed freely."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(CARER_HEADERS), self)
        self.table.setHorizontalHeaderLabels([_(text) for text in CARER_HEADERS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self.changed)
        self.add_button = QPushButton(_("Add carer"), self)
        self.remove_button = QPushButton(_("Remove carer"), self)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)
        self.error_label = error_label(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def add_row(self, values: tuple[str, ...] = ("", "", "", "")) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.blockSignals(False)
        self.table.setCurrentCell(row, 0)
        if not any(values):
            self.table.editItem(self.table.item(row, 0))
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def set_carers(self, carers, masked: bool = False) -> None:
        self.table.setRowCount(0)
        for carer in carers:
            phone = mask_phone(carer.phone) if masked and carer.phone else carer.phone
            self.add_row((carer.name, carer.relation, phone, carer.address))

    def carers(self) -> list[CarerInput]:
        found = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(len(CARER_HEADERS))]
            texts = [cell.text().strip() if cell else "" for cell in cells]
            if any(texts):
                found.append(CarerInput(*texts))
        return found

    def set_error(self, message: str) -> None:
        self.error_label.setText(message)

    def set_read_only(self) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button.hide()
        self.remove_button.hide()
