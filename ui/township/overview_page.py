"""各村总览: one month's figures of every enrolled village side by side, the township's review of
a village-month (approve, or return with a comment), and the return packages written to a USB
drive for the villages to import."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.exchange import queries
from carepoint.exchange.review import review_month
from carepoint.i18n import N_, _, format_fen
from carepoint.reports.township.ledgers import village_ledger_lines
from carepoint.values import Month

from ui.context import AppContext
from ui.exchange.folder_chooser import still_there
from ui.exchange.passphrase import PassphraseDialog
from ui.exchange.work import WriteToBox, when
from ui.ops import run_op
from ui.widgets.lists import fill, read_only_table

REVIEW_LABELS = {"approved": N_("approved"), "rejected": N_("returned for correction")}
HEADERS = (
    N_("Village code"), N_("Village"), N_("Registered"), N_("Left the register"),
    N_("Visits due"), N_("Visited"), N_("Visit rate"), N_("Meals"), N_("Meal subsidies"),
    N_("Subsidies"), N_("Review"), N_("Comment"), N_("Last package"), N_("Checks"),
    N_("Conflicts"),
)  # fmt: skip


def overview_row(village: queries.VillageStatus, figures: queries.VillageMonth) -> list[str]:
    registered = figures.residents.get("active", 0)
    left = sum(figures.residents.values()) - registered
    rate = f"{figures.visit_rate:.0%}" if figures.visit_rate is not None else "—"
    review = REVIEW_LABELS.get(figures.review)
    package = (
        _("no. {seq}, {when}").format(
            seq=village.last_sequence, when=when(village.last_imported_at)
        )
        if village.last_sequence
        else _("none yet")
    )
    return [
        figures.village_code, figures.village_name, str(registered), str(left),
        str(figures.visits_due), str(figures.visited), rate, str(figures.meals),
        format_fen(figures.meal_subsidy_fen), format_fen(figures.subsidy_fen),
        _(review) if review else _("not reviewed"), figures.comment, package,
        str(village.open_flags), str(village.open_conflicts),
    ]  # fmt: skip


class OverviewPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.codes: list[str] = []
        self.figures: dict = {}  # village code → its row as the clerk sees it
        self.passphrase_dialog: PassphraseDialog | None = None
        self.enroll_dialog = None
        title = QLabel(_("Villages side by side"))
        title.setObjectName("pageTitle")
        self.month = QComboBox()
        self.month.setObjectName("month")
        self.enroll_button = QPushButton(_("Enroll a village…"))
        self.table = read_only_table([_(h) for h in HEADERS], "villageOverview")
        # The chosen village's other ledgers (activities, health checks, calls …) this month.
        self.ledgers = QLabel()
        self.ledgers.setObjectName("villageLedgers")
        self.ledgers.setWordWrap(True)

        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("Comment for the village (needed to return a month)"))
        self.approve_button = QPushButton(_("Approve the month"))
        self.reject_button = QPushButton(_("Return with the comment"))
        review = QGroupBox(_("Review of the selected village's month"))
        review_row = QHBoxLayout(review)
        review_row.addWidget(self.comment, 1)
        review_row.addWidget(self.approve_button)
        review_row.addWidget(self.reject_button)

        returns = WriteToBox(
            _("Results for the villages: reviews, checks and rule updates"),
            _("Write the return packages"),
            "overviewMessage",
        )
        self.destination, self.returns_button = returns.destination, returns.button
        self.work, self.message = returns.work, returns.message

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(QLabel(_("Month")))
        head.addWidget(self.month)
        head.addWidget(self.enroll_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.ledgers)
        layout.addWidget(review)
        layout.addWidget(returns)

        self._fill_months()
        self.month.currentIndexChanged.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._show_state)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.returns_button.clicked.connect(self.write_returns)
        self.enroll_button.clicked.connect(self.enroll)
        self.destination.changed.connect(self._show_state)
        context.changes.follow(self, Changed.EXCHANGE, self._changed)
        self.refresh()

    def _fill_months(self) -> None:
        chosen = self.month.currentData()
        found = set(queries.months(self.context.store)) | {f"{clock.today():%Y-%m}"}
        self.month.blockSignals(True)
        self.month.clear()
        for month in sorted(found, reverse=True):
            self.month.addItem(month, month)
        self.month.setCurrentIndex(max(0, self.month.findData(chosen)))
        self.month.blockSignals(False)

    def _changed(self, areas: set[str]) -> None:
        if "exchange" in areas:
            self._fill_months()
            self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        selected = self.selected_village()
        found = queries.villages(store)
        overview = queries.month_overview(store, self.month.currentData())
        self.codes = [figures.village_code for figures in overview]
        self.figures = {figures.village_code: figures for figures in overview}
        fill(self.table, [overview_row(v, f) for v, f in zip(found, overview, strict=True)])
        if selected in self.codes:
            self.table.selectRow(self.codes.index(selected))
        self._show_state()

    def selected_village(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.codes[rows[0].row()] if rows and rows[0].row() < len(self.codes) else None

    def _show_ledgers(self, code: str | None) -> None:
        month = self.month.currentData()
        if code is None or not month:
            self.ledgers.setText(_("Choose a village to see its other ledgers for the month."))
            return
        lines = village_ledger_lines(self.context.store, Month.parse(month).first_day, code)
        name = self.table.item(self.codes.index(code), 1).text()
        self.ledgers.setText(
            _("{village}'s ledgers: {lines}").format(
                village=name, lines="；".join(f"{item} {figure}" for item, figure in lines)
            )
        )

    def _show_state(self) -> None:
        self._show_ledgers(self.selected_village())
        can_edit = self.context.session.can_edit
        chosen = self.selected_village() is not None and can_edit
        self.approve_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)
        self.enroll_button.setEnabled(can_edit)
        self.returns_button.setEnabled(
            can_edit and not self.work.busy and self.destination.folder() is not None
        )

    # reviewing

    def approve(self) -> None:
        self._review(approve=True)

    def reject(self) -> None:
        self._review(approve=False)

    def _review(self, approve: bool) -> None:
        code, month = self.selected_village(), self.month.currentData()
        if code is None:
            return
        store, comment, seen = self.context.store, self.comment.text(), self.figures.get(code)
        done, _result = run_op(
            self, self.context,
            lambda: review_month(store, code, month, approve=approve, comment=comment, seen=seen),
            touches=Changed.EXCHANGE,
        )  # fmt: skip
        if done:
            self.comment.clear()
            self.message.setText(_("Saved; it goes out with the next return packages."))
        else:
            self.refresh()  # another clerk may have decided it: show their decision

    # return packages

    def write_returns(self) -> None:
        if self.destination.folder() is None or self.work.busy:
            return
        self.passphrase_dialog = PassphraseDialog(
            self.context.store, _("The passphrase signs the return packages."), self
        )
        self.passphrase_dialog.accepted.connect(self._write_returns)
        self.passphrase_dialog.open()

    def _write_returns(self) -> None:
        from carepoint.exchange.returns import export_returns

        store, folder = self.context.store, self.destination.folder()
        passphrase, actor = self.passphrase_dialog.passphrase, self.context.session
        self.work.start(
            lambda _p, _c: export_returns(store, still_there(folder), passphrase, actor=actor),
            self._returns_written, self._returns_failed, _("Writing the return packages…"),
        )  # fmt: skip
        self._show_state()

    def _returns_written(self, written) -> None:
        if written:
            lines = [_("Return packages written:")] + [
                f"{r.village_code}: {r.path.name}" for r in written
            ]
        else:
            lines = [_("No village has results waiting; nothing was written")]
        self.message.setText("\n".join(lines))
        self.context.changes.announce(Changed.EXCHANGE)

    def _returns_failed(self, message: str) -> None:
        self.message.setText(_("No return package was written: {reason}").format(reason=message))
        self._show_state()

    # enrolling villages

    def enroll(self) -> None:
        from ui.township.enroll_dialog import EnrollDialog

        self.enroll_dialog = EnrollDialog(self.context, self)
        self.enroll_dialog.open()
