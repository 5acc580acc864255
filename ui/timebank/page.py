"""时间银行: volunteers on the left, the chosen volunteer's passbook on the right
(服务内容 / 存入 / 取出 / 结余), with service, withdrawal and correction as new entries."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import N_, _, format_date
from carepoint.timebank.caps import hours_text, timebank_rules_on
from carepoint.timebank.ledger import get_entry
from carepoint.timebank.passbook import hours_certificate, passbook
from carepoint.timebank.summary import month_hours
from carepoint.timebank.volunteers import Volunteer, get_volunteer, list_volunteers, set_active

from ui.context import AppContext
from ui.ops import run_op
from ui.timebank.dialogs import CorrectionDialog, ServiceDialog, VolunteerDialog, WithdrawDialog
from ui.widgets.empty_state import EmptyState
from ui.widgets.lists import FIT, set_up_list
from ui.widgets.rows_model import RowsModel

VOLUNTEER_HEADERS = (N_("Name"), N_("Group"), N_("Served (h)"), N_("Balance (h)"))
PASSBOOK_HEADERS = (
    N_("Date"),
    N_("Service"),
    N_("Deposited (h)"),
    N_("Withdrawn (h)"),
    N_("Balance (h)"),
    N_("Recorded by"),
)


def _table(model: RowsModel) -> QTableView:
    # Columns as wide as their titles and figures (a village has tens of volunteers, not more).
    return set_up_list(QTableView(), model, columns=FIT)


class TimebankPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog = None
        self.volunteer: Volunteer | None = None
        can_edit = context.session.can_edit
        title = QLabel(_("Time bank"))
        title.setObjectName("pageTitle")
        self.month_label = QLabel(self)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch()
        head.addWidget(self.month_label)
        splitter = QSplitter(self)
        splitter.addWidget(self._volunteer_side(can_edit))
        splitter.addWidget(self._passbook_side(can_edit))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([360, 900])
        self.volunteer_view.setColumnWidth(0, 110)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        self._connect()
        context.changes.follow(self, Changed.TIMEBANK | Changed.RULES, self._changed)
        self.refresh()

    def _volunteer_side(self, can_edit: bool) -> QWidget:
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(_("Search volunteers"))
        self.search_box.setClearButtonEnabled(True)
        self.new_button = QPushButton(_("New volunteer…"), self)
        self.volunteers = RowsModel([_(h) for h in VOLUNTEER_HEADERS], (2, 3), self)
        self.volunteer_view = _table(self.volunteers)
        self.empty_state = EmptyState(
            self.volunteer_view,
            _("No volunteers yet"),
            _("The time bank keeps the hours volunteers give to older people, to be given back "
              "as services later. Start by adding a volunteer."),
            [(_("New volunteer…"), self.new_volunteer)] if can_edit else [],
            when=lambda: self.search_box.text().strip() == "",
            filtered_words=_("No volunteer matches the search."),
        )
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.search_box, 1)
        row.addWidget(self.new_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.volunteer_view, 1)
        return left

    def _passbook_side(self, can_edit: bool) -> QWidget:
        self.person_label = QLabel(self)
        self.person_label.setObjectName("cardTitle")
        self.balance_label = QLabel(self)
        self.balance_label.setObjectName("bigNumber")
        self.passbook = RowsModel([_(h) for h in PASSBOOK_HEADERS], (2, 3, 4), self)
        self.passbook_view = _table(self.passbook)
        for column, width in enumerate((130, 320, 90, 90, 90)):
            self.passbook_view.setColumnWidth(column, width)
        self.service_button = QPushButton(_("Record service…"), self)
        self.withdraw_button = QPushButton(_("Withdraw…"), self)
        self.correct_button = QPushButton(_("Correct…"), self)
        self.certificate_button = QPushButton(_("Certificate of hours"), self)
        self.active_button = QPushButton(self)
        buttons = QHBoxLayout()
        for button in (self.service_button, self.withdraw_button, self.correct_button):
            buttons.addWidget(button)
            button.setEnabled(can_edit)
        buttons.addStretch()
        buttons.addWidget(self.certificate_button)
        buttons.addWidget(self.active_button)
        self.new_button.setEnabled(can_edit)
        self.active_button.setEnabled(can_edit)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.person_label)
        right_layout.addWidget(self.balance_label)
        right_layout.addWidget(self.passbook_view, 1)
        right_layout.addLayout(buttons)
        return right

    def _connect(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        self.volunteer_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_volunteer(self.volunteers.key(current.row()))
        )
        self.new_button.clicked.connect(self.new_volunteer)
        self.service_button.clicked.connect(lambda: self._open(ServiceDialog))
        self.withdraw_button.clicked.connect(lambda: self._open(WithdrawDialog))
        self.correct_button.clicked.connect(self.correct_selected)
        self.certificate_button.clicked.connect(self.show_certificate)
        self.active_button.clicked.connect(self.toggle_active)

    def _changed(self, _changed: Changed) -> None:
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        store = self.context.store
        hours = month_hours(store, clock.today())
        self.month_label.setText(
            _("This month: {hours} hours, {services} services").format(
                hours=hours_text(hours.minutes), services=hours.services
            )
        )
        found = list_volunteers(store, self.search_box.text())
        rows = [
            (
                v.name if v.active else _("{name} (stopped)").format(name=v.name),
                v.group_name,
                hours_text(v.deposited_minutes),
                hours_text(v.balance_minutes),
            )
            for v in found
        ]
        keep = self.volunteer.id if self.volunteer else None
        self.volunteers.set_rows(rows, [v.id for v in found])
        row = self.volunteers.row_of(keep) if keep is not None else None
        if row is None and found:
            row = 0
        if row is not None:
            self.volunteer_view.setCurrentIndex(self.volunteers.index(row, 0))
        self.show_volunteer(self.volunteers.key(row) if row is not None else None)

    def show_volunteer(self, volunteer_id: int | None) -> None:
        store = self.context.store
        self.volunteer = get_volunteer(store, volunteer_id) if volunteer_id is not None else None
        has = self.volunteer is not None
        for button in (self.service_button, self.withdraw_button, self.correct_button):
            button.setEnabled(has and self.context.session.can_edit)
        self.certificate_button.setEnabled(has)
        if not has:
            self.person_label.setText(_("No volunteer chosen"))
            self.balance_label.clear()
            self.passbook.set_rows([])
            return
        v = self.volunteer
        caps = timebank_rules_on(store, clock.today())
        self.person_label.setText(
            _("{name} · joined {date} · served {served} of at most {cap} hours").format(
                name=v.name,
                date=format_date(v.joined_on),
                served=hours_text(v.deposited_minutes),
                cap=hours_text(caps.lifetime_cap_minutes),
            )
        )
        self.balance_label.setText(
            _("Balance {hours} hours").format(hours=hours_text(v.balance_minutes))
        )
        self.active_button.setText(_("Stop volunteering") if v.active else _("Resume"))
        lines = passbook(store, v.id)
        self.passbook.set_rows(
            [
                (
                    format_date(line.entry.entry_date),
                    line.content,
                    hours_text(line.deposit_minutes) if line.deposit_minutes else "",
                    hours_text(line.withdraw_minutes) if line.withdraw_minutes else "",
                    hours_text(line.balance_minutes),
                    line.entry.recorded_by,
                )
                for line in lines
            ],
            [line.entry.id for line in lines],
        )

    def _open(self, dialog_class) -> None:
        if self.volunteer is None:
            return
        self.dialog = dialog_class(self.context, self.volunteer, self)
        self.dialog.open()

    def new_volunteer(self) -> None:
        self.dialog = VolunteerDialog(self.context, self)
        self.dialog.accepted.connect(self._select_new)
        self.dialog.open()

    def _select_new(self) -> None:
        added = self.dialog.result_value
        row = self.volunteers.row_of(added.id)
        if row is not None:
            self.volunteer_view.setCurrentIndex(self.volunteers.index(row, 0))

    def correct_selected(self) -> None:
        index = self.passbook_view.currentIndex()
        entry_id = self.passbook.key(index.row()) if index.isValid() else None
        if entry_id is None:
            return
        entry = get_entry(self.context.store, entry_id)
        if entry.corrects_id:
            entry = get_entry(self.context.store, entry.corrects_id)
        self.dialog = CorrectionDialog(self.context, entry, self)
        self.dialog.open()

    def toggle_active(self) -> None:
        if self.volunteer is None:
            return
        store, volunteer = self.context.store, self.volunteer
        run_op(
            self,
            self.context,
            lambda: set_active(store, volunteer.id, not volunteer.active),
        )

    def show_certificate(self) -> None:
        if self.volunteer is None:
            return
        certificate = hours_certificate(self.context.store, self.volunteer.id)
        types = "\n".join(f"{kind}: {hours_text(minutes)}" for kind, minutes in certificate.by_type)
        box = QMessageBox(QMessageBox.Icon.Information, _("Certificate of hours"),
                          certificate.summary(), parent=self)  # fmt: skip
        box.setInformativeText(types)
        box.setProperty("expected", True)
        self.dialog = box
        box.open()
