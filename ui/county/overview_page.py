"""县级总览: one month's 各村总览 figures of every village, under the township that forwarded it,
with each township's totals; the county-wide checks (the same ID number in villages of two
townships, payments after a death recorded anywhere in the county); and importing the
containers townships forward. Shown afresh each time the page is shown (another clerk may have
imported since)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.county.county_import import import_containers
from carepoint.county.overview import county_month
from carepoint.exchange import queries
from carepoint.i18n import N_, _, format_fen

from ui.context import AppContext
from ui.ops import run_task
from ui.widgets import file_dialogs
from ui.widgets.lists import fill, read_only_table

HEADERS = (
    N_("Code"), N_("Township / village"), N_("Villages"), N_("Residents"), N_("Visit rate"),
    N_("Meals"), N_("Meal subsidies"), N_("Subsidies"),
)  # fmt: skip
CHECK_HEADERS = (N_("Check"), N_("Village"), N_("What was found"))


def _rate(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "—"


def overview_rows(found) -> tuple[list[list[str]], list[bool]]:
    """Each township's totals, then its villages indented under it; (rows, is_township)."""
    rows, heads = [], []
    for township in found.townships:
        rows.append([
            township.code, township.name, str(len(township.villages)), str(township.residents),
            _rate(township.visit_rate), str(township.total("meals")),
            format_fen(township.total("meal_subsidy_fen")),
            format_fen(township.total("subsidy_fen")),
        ])  # fmt: skip
        heads.append(True)
        for v in township.villages:
            rows.append([
                v.village_code, "　" + v.village_name, "", str(sum(v.residents.values())),
                _rate(v.visit_rate), str(v.meals), format_fen(v.meal_subsidy_fen),
                format_fen(v.subsidy_fen),
            ])  # fmt: skip
            heads.append(False)
    return rows, heads


class CountyOverviewPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        title = QLabel(_("Townships and villages side by side"))
        title.setObjectName("pageTitle")
        self.month = QComboBox()
        self.month.setObjectName("month")
        self.import_button = QPushButton(_("Import townships' containers…"))
        self.enroll_button = QPushButton(_("Enroll a township…"))
        self.enroll_dialog = None
        self.table = read_only_table([_(h) for h in HEADERS], "countyOverview")
        self.checks = read_only_table([_(h) for h in CHECK_HEADERS], "countyChecks")
        self.message = QLabel()
        self.message.setObjectName("countyMessage")
        self.message.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(QLabel(_("Month")))
        head.addWidget(self.month)
        head.addWidget(self.import_button)
        head.addWidget(self.enroll_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel(_("Checks across the county")))
        layout.addWidget(self.checks, 1)
        layout.addWidget(self.message)
        self._fill_months()
        self.month.currentIndexChanged.connect(self.refresh)
        self.import_button.clicked.connect(self.import_files)
        self.enroll_button.clicked.connect(self.enroll)
        self.enroll_button.setEnabled(context.session.role == "administrator")
        context.changes.follow(self, Changed.EXCHANGE, lambda _changed: self.refresh())
        self.refresh()

    def enroll(self) -> None:
        """The township's enrollment file, onto the USB drive that goes to the township; it
        joins with `township join-county`, and the county confirms its key by the digits."""
        from ui.township.enroll_dialog import EnrollDialog

        self.enroll_dialog = EnrollDialog(self.context, self, township=True)
        self.enroll_dialog.accepted.connect(self._enrolled)
        self.enroll_dialog.open()

    def _enrolled(self) -> None:
        written = self.enroll_dialog.written
        self.message.setText(
            _("{name}'s enrollment file is written: the township joins with it, then confirm its "
              "key by the digits on its slip").format(name=written.township_name)
        )  # fmt: skip

    def _fill_months(self) -> None:
        current = self.month.currentText()
        months = queries.months(self.context.store)
        this_month = f"{clock.today():%Y-%m}"
        if this_month not in months:
            months.insert(0, this_month)
        self.month.blockSignals(True)
        self.month.clear()
        self.month.addItems(months)
        if current in months:
            self.month.setCurrentText(current)
        self.month.blockSignals(False)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._fill_months()
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        found = county_month(self.context.store, self.month.currentText())
        rows, heads = overview_rows(found)
        fill(self.table, rows)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, is_head in enumerate(heads):
            if is_head:
                for column in range(self.table.columnCount()):
                    self.table.item(row, column).setFont(bold)
        masked = self.context.session.role == "viewer"
        flagged = [*found.duplicate_ids, *found.paid_after_death]
        fill(self.checks, [[f.label, f.village_code, f.text(masked)] for f in flagged])
        if not found.townships:
            self.message.setText(_("No township is enrolled yet"))

    def import_files(self) -> None:
        paths, _chosen = file_dialogs.get_open_file_names(
            self, _("Containers from the townships"), "", _("CarePoint packages (*.cpkg)")
        )
        if not paths:
            return
        asked = QInputDialog(self)
        asked.setObjectName("countyPassphrase")
        asked.setWindowTitle(_("County passphrase"))
        asked.setLabelText(_("The county's passphrase:"))
        asked.setTextEchoMode(QLineEdit.EchoMode.Password)
        if asked.exec() != QInputDialog.DialogCode.Accepted:
            return
        passphrase = asked.textValue()
        self.import_button.setEnabled(False)
        self.message.setText(_("Importing the containers…"))
        # Three hundred villages' packages take minutes: the window stays alive meanwhile.
        self.import_task = run_task(
            self, self.context,
            lambda _progress, _cancelled: import_containers(
                self.context.store, paths, passphrase, actor=self.context.session),
            touches="exchange",
            finished=self._imported,
            failed=self._import_failed,
            busy=_("Importing the townships' containers…"),
        )  # fmt: skip

    def _imported(self, result) -> None:
        self.import_button.setEnabled(True)
        villages = sum(len(c.villages) for c in result.containers)
        held = sum(c.status == "awaiting confirmation" for c in result.containers)
        text = _("{containers} containers read: {villages} village packages; {held} held "
                 "until the township's key is confirmed").format(
            containers=len(result.containers), villages=villages, held=held)  # fmt: skip
        self.message.setText(text)
        QMessageBox.information(self, _("Import done"), text)
        self._fill_months()
        self.refresh()

    def _import_failed(self, message: str) -> None:
        self.import_button.setEnabled(True)
        self.message.setText(message)
        QMessageBox.warning(self, _("Not done"), message)
