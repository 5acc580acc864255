"""The resident editor: every register field checked as the user types, carers, categories,
status and history. Enter saves, Esc cancels; viewers get a read-only, masked record."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from carepoint import clock, idcard
from carepoint.i18n import _, format_date
from carepoint.privacy import masked_value
from carepoint.residents import (
    ResidentEdit,
    ResidentInput,
    check_resident,
    create_resident,
    groups,
    resident_detail,
    save_edit,
    status_label,
)
from carepoint.residents.fields import GENDER_LABELS

from ui.context import AppContext
from ui.ops import run_op
from ui.register.categories_panel import CategoriesPanel
from ui.register.editor_fields import DERIVED_FIELDS, CarersTable, build_form
from ui.register.history_view import HistoryView
from ui.widgets.discard_guard import ConfirmDiscard

ID_LENGTH = 18


class ResidentEditor(ConfirmDiscard, QDialog):
    saved = Signal(int)  # the resident's id

    def __init__(self, context: AppContext, resident_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id = resident_id
        self.today = clock.today()
        self.read_only = not context.session.can_edit
        self.masked = not context.session.can_see_sensitive
        self.detail = resident_detail(resident_id) if resident_id is not None else None
        self.touched: set[str] = set()
        self.problems = []
        self._build()
        if self.detail is not None:
            self._load()
        if self.read_only:
            self._make_read_only()
        for row in self.fields.values():
            row.changed.connect(self.validate)
        self.fields["id_number"].changed.connect(self._fill_from_id)
        self.carers.changed.connect(self.validate)
        self.categories.changed.connect(self.validate)
        self.validate()

    def _build(self) -> None:
        if self.detail is None:
            self.setWindowTitle(_("New resident"))
        else:
            self.setWindowTitle(_("Resident: {name}").format(name=self.detail.resident.name))
        form, self.fields = build_form(groups(self.context.store), self)
        self._field_of_input = {row.input: name for name, row in self.fields.items()}
        for row in self.fields.values():
            row.input.installEventFilter(self)  # leaving a field shows what is wrong with it
        self.carers = CarersTable(self)
        self.categories = CategoriesPanel(self.today, self)
        self.tabs = QTabWidget(self)
        self.history = HistoryView(self.tabs)
        self.tabs.addTab(form, _("Details"))
        self.tabs.addTab(self.carers, _("Carers"))
        self.tabs.addTab(self.categories, _("Categories"))
        if self.detail is not None:
            self.tabs.addTab(self.history, _("History"))
            from ui.ledgers.health_record import HealthRecordView

            resident_id = self.detail.resident.id
            self.health = HealthRecordView(self.context.store, resident_id, self.tabs)
            self.tabs.addTab(self.health, _("Health checks"))
        else:
            self.history.hide()  # a new person has no history yet

        self.status_label = QLabel(self)
        self.status_button = QPushButton(_("Change status…"), self)
        self.status_button.clicked.connect(self.change_status)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.status_button)
        self.status_button.setVisible(self.detail is not None and not self.read_only)
        self.status_label.setVisible(self.detail is not None)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resize(980, 620)

    def _load(self) -> None:
        resident = self.detail.resident
        for name, row in self.fields.items():
            value = getattr(resident, name)
            if name == "birth_date":
                value = format_date(value)
            elif name == "gender":
                value = _(GENDER_LABELS.get(value, value))
            elif self.masked:
                value = masked_value(name, value)
            row.set_value(value or "")
        self.carers.set_carers(self.detail.carers, self.masked)
        self.categories.load(self.detail.categories)
        self._show_status()
        self.history.load(self.detail, self.masked)

    def _show_status(self) -> None:
        resident = self.detail.resident
        text = _("Status: {status}").format(status=status_label(resident.status))
        if resident.status_date:
            text += _(" since {date}").format(date=format_date(resident.status_date))
        self.status_label.setText(text)

    def _make_read_only(self) -> None:
        for row in self.fields.values():
            row.set_read_only()
        self.carers.set_read_only()
        self.categories.set_read_only()
        self.save_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))

    # Checking as the user types

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self._field_of_input:
            self._touch(self._field_of_input[watched])
        return False

    def _touch(self, name: str) -> None:
        if name not in self.touched:
            self.touched.add(name)
            self.validate()

    def _fill_from_id(self) -> None:
        try:
            parsed = idcard.parse(self.fields["id_number"].value(), today=self.today)
        except idcard.InvalidIdNumber:
            parsed = None
        self.fields["gender"].set_value(_(GENDER_LABELS[parsed.gender]) if parsed else "")
        self.fields["birth_date"].set_value(format_date(parsed.birth_date) if parsed else "")

    def current_input(self) -> ResidentInput:
        values = {
            name: row.value() for name, row in self.fields.items() if name not in DERIVED_FIELDS
        }
        return ResidentInput(
            **values, carers=self.carers.carers(), categories=self.categories.additions()
        )

    def validate(self) -> None:
        if self.read_only or not isValid(self.save_button):  # focus-out while closing
            return
        id_text = self.fields["id_number"].value()
        if len(id_text) >= ID_LENGTH:  # a wrong check character is shown at once
            self.touched.add("id_number")
        _prepared, self.problems = check_resident(self.current_input(), self.today)
        messages: dict[str, str] = {}
        for problem in self.problems:
            messages.setdefault(problem.field, problem.message)
        for name, row in self.fields.items():
            row.set_error(messages.get(name, "") if name in self.touched else "")
        self.carers.set_error(messages.get("carers", ""))
        self.categories.set_error(messages.get("categories", ""))
        self.save_button.setEnabled(not self.problems)

    # Saving

    def save(self) -> None:
        self.touched.update(self.fields)
        self.validate()
        if self.problems or self.read_only:
            return
        store = self.context.store
        if self.detail is None:
            data = self.current_input()
            ok, resident = run_op(
                self,
                self.context,
                lambda: create_resident(store, data),
                confirm_retry=lambda: create_resident(store, data, confirm_duplicates=True),
            )
        else:
            ok, resident = run_op(
                self,
                self.context,
                lambda: self._save_existing(confirm=False),
                confirm_retry=lambda: self._save_existing(confirm=True),
            )
        if ok:
            self.resident_id = resident.id
            self.saved.emit(resident.id)
            self.accept()

    def changed_fields(self) -> dict[str, object]:
        resident = self.detail.resident
        data = self.current_input()
        changes = {}
        for name in self.fields:
            if name in DERIVED_FIELDS:
                continue
            value = getattr(data, name)
            if value != (getattr(resident, name) or ""):
                changes[name] = value
        return changes

    def _save_existing(self, confirm: bool):
        carers = self.carers.carers()
        touched = [(c.name, c.relation, c.phone, c.address) for c in carers] != [
            (c.name, c.relation, c.phone, c.address) for c in self.detail.carers
        ]
        edit = ResidentEdit(
            self.resident_id,
            self.changed_fields(),
            carers if touched else None,
            list(self.categories.additions()),
            list(self.categories.ends()),
        )
        return save_edit(self.context.store, edit, confirm_duplicates=confirm)

    # Status

    def change_status(self) -> None:
        from ui.register.status_dialog import StatusDialog

        self.status_dialog = StatusDialog(self.context, self.resident_id, parent=self)
        self.status_dialog.accepted.connect(self._status_changed)
        self.status_dialog.open()

    def _status_changed(self) -> None:
        self.detail = resident_detail(self.resident_id)
        self._show_status()
        self.history.load(self.detail, self.masked)
