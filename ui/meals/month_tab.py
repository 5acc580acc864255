"""月结: a month per person and per day, the funding split, the checks, close and reopen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import N_, _, format_date, format_fen
from carepoint.meals.closing import close_month, month_key, month_status, reopen_month
from carepoint.meals.labels import basis_label
from carepoint.meals.report import MonthReport, month_report
from carepoint.privacy import mask_id_number

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.lists import set_up_list
from ui.widgets.rows_model import RowsModel

LINE_HEADERS = (
    N_("Name"),
    N_("ID number"),
    N_("Subsidy basis"),
    N_("Dine in"),
    N_("Pick up"),
    N_("Delivery"),
    N_("Meal cost"),
    N_("Subsidy"),
    N_("Co-pay"),
)
DAY_HEADERS = (N_("Day"), N_("Lunch"), N_("Dinner"), N_("Diners"))
MONTHS_SHOWN = 24


def _table(model: RowsModel) -> QTableView:
    return set_up_list(QTableView(), model, selection=None)


class MonthTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.report: MonthReport | None = None
        self.reason_dialog: QInputDialog | None = None
        self.month_box = QComboBox(self)
        month = clock.today().replace(day=1)
        for _n in range(MONTHS_SHOWN):
            self.month_box.addItem(month_key(month), month)
            month = (month - dt.timedelta(days=1)).replace(day=1)
        self.month_box.setCurrentIndex(1)  # last month is the one to close
        self.state = QLabel(self)
        self.close_button = QPushButton(_("Close month"), self)
        self.close_button.setToolTip(_("Check the figures and lock the month"))
        self.reopen_button = QPushButton(_("Reopen…"), self)
        self.reopen_button.setToolTip(_("Administrators only, with a reason"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Month")))
        bar.addWidget(self.month_box)
        bar.addWidget(self.state, 1)
        bar.addWidget(self.close_button)
        bar.addWidget(self.reopen_button)
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        self.bases = QLabel(self)
        self.bases.setWordWrap(True)
        self.checks = QLabel(self)
        self.checks.setWordWrap(True)

        self.lines = RowsModel([_(h) for h in LINE_HEADERS], (3, 4, 5, 6, 7, 8), self)
        self.days = RowsModel([_(h) for h in DAY_HEADERS], (1, 2, 3), self)
        self.lines_view, self.days_view = _table(self.lines), _table(self.days)
        for column, width in enumerate((80, 160, 110, 50, 50, 50, 90, 90)):
            self.lines_view.setColumnWidth(column, width)
        splitter = QSplitter(self)
        splitter.addWidget(self.lines_view)
        splitter.addWidget(self.days_view)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 330])
        self.days_view.setColumnWidth(0, 130)
        for column in (1, 2):
            self.days_view.setColumnWidth(column, 50)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.totals)
        layout.addWidget(self.bases)
        layout.addWidget(self.checks)
        layout.addWidget(splitter, 1)

        self.month_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.close_button.clicked.connect(self.close_selected)
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.refresh()

    @property
    def month(self) -> dt.date:
        return self.month_box.currentData()

    def refresh(self) -> None:
        store, month = self.context.store, self.month
        report = month_report(store, month)
        self.report = report
        status = month_status(store, month)
        if status.closed:
            self.state.setText(_("Closed by {user}").format(user=status.closed_by or "—"))
        elif status.reopen_reason:
            self.state.setText(_("Open (reopened: {reason})").format(reason=status.reopen_reason))
        else:
            self.state.setText(_("Open"))
        session = self.context.session
        self.close_button.setEnabled(session.can_edit and not status.closed)
        self.reopen_button.setEnabled(session.role == "administrator" and status.closed)
        t = report.totals
        self.totals.setText(
            _(
                "{meals} meals · meal cost {cost} · delivery fees {delivery} · subsidy {subsidy} "
                "(city {city}, county {county}, village {village}) · paid by the diners {copay} · "
                "operating subsidy {operator}"
            ).format(
                meals=t.meals,
                cost=format_fen(t.price_fen),
                delivery=format_fen(t.delivery_fee_fen),
                subsidy=format_fen(t.subsidy_fen),
                city=format_fen(t.city_fen),
                county=format_fen(t.county_fen),
                village=format_fen(t.village_fen),
                copay=format_fen(t.copay_fen),
                operator=format_fen(report.operator_subsidy_fen),
            )
        )
        self.bases.setText(
            _("By subsidy basis: {bases}").format(
                bases="; ".join(
                    f"{basis_label(b.basis)} {b.meals} · {format_fen(b.subsidy_fen)}"
                    for b in report.by_basis
                )
                or "—"
            )
        )
        self.checks.setText("   ".join(f"{'✓' if c.ok else '✗'} {c.label}" for c in report.checks))
        self.checks.setObjectName("" if report.balanced else "error")
        self.checks.style().polish(self.checks)
        masked = not session.can_see_sensitive
        self.lines.set_rows(
            [
                (
                    line.name,
                    mask_id_number(line.id_number) if masked else line.id_number,
                    "、".join(basis_label(b) for b in line.bases) or basis_label(""),
                    str(line.dine_in),
                    str(line.pickup),
                    str(line.delivery),
                    format_fen(line.price_fen + line.delivery_fee_fen),
                    format_fen(line.subsidy_fen),
                    format_fen(line.copay_fen),
                )
                for line in report.lines
            ],
            [line.resident_id for line in report.lines],
        )
        self.days.set_rows(
            [(format_date(d.day), str(d.lunch), str(d.dinner), str(d.diners)) for d in report.days]
        )

    def close_selected(self) -> None:
        store, month = self.context.store, self.month
        ok, _report = run_op(self, self.context, lambda: close_month(store, month))
        if ok:
            self.refresh()

    def ask_reopen(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Reopen {month}").format(month=month_key(self.month)))
        dialog.setLabelText(_("Why must the closed month be changed?"))
        dialog.textValueSelected.connect(self.reopen)
        self.reason_dialog = dialog
        dialog.open()

    def reopen(self, reason: str) -> None:
        store, month, session = self.context.store, self.month, self.context.session
        ok, _result = run_op(
            self,
            self.context,
            lambda: reopen_month(store, month, reason, session),
        )
        if ok:
            self.refresh()
