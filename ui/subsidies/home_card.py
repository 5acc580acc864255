"""本月补贴: a small card for the home page — this month's total, by type, and where the month
is in the workflow. It refreshes itself when subsidies change."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.subsidies.reasons import money
from carepoint.subsidies.summary import SubsidySummary, month_summary

from ui.context import AppContext
from ui.home_loader import FigureLoader


class SubsidiesCard(QFrame):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("card")
        self.caption = QLabel()
        self.caption.setObjectName("cardTitle")
        self.total = QLabel("–")
        self.total.setObjectName("bigNumber")
        self.state = QLabel()
        self.by_type = QGridLayout()
        self.by_type.setHorizontalSpacing(16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.caption)
        layout.addWidget(self.total)
        layout.addWidget(self.state)
        layout.addLayout(self.by_type)
        self.summary: SubsidySummary | None = None
        store = context.store
        self.loader = FigureLoader(self, context, lambda: month_summary(store), self._show)
        self.refresh()
        context.changes.follow(self, Changed.SUBSIDIES, self._changed)

    @property
    def loading(self) -> bool:
        return self.loader.loading

    def refresh(self) -> None:
        self.loader.request()  # counted on a worker; the placeholder stays until then

    def _show(self, summary: SubsidySummary) -> None:
        self.summary = summary
        self.caption.setText(_("Subsidies of {month}").format(month=summary.month_label))
        self.total.setText(money(summary.total_fen))
        self.state.setText(
            _("{state} · {people} people · {new} new, {stopped} stopped").format(
                state=summary.state_label,
                people=summary.people,
                new=summary.new,
                stopped=summary.stopped,
            )
        )
        while self.by_type.count():
            item = self.by_type.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for row, line in enumerate(t for t in summary.totals if t.amount_fen):
            self.by_type.addWidget(QLabel(line.label), row, 0)
            self.by_type.addWidget(QLabel(money(line.amount_fen)), row, 1)

    def _changed(self, _changed: Changed) -> None:
        self.refresh()
