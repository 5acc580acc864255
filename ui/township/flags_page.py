"""核查提示: the checks across villages that need a person (the same ID number in two villages,
payments after a death, people missing from a village's latest package)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from carepoint.change_areas import Changed
from carepoint.exchange import queries
from carepoint.exchange.flags import open_flags
from carepoint.i18n import _
from carepoint.privacy import mask_id_number

from ui.context import AppContext
from ui.widgets.lists import fill, read_only_table


class FlagsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        title = QLabel(_("Checks across villages"))
        title.setObjectName("pageTitle")
        self.village = QComboBox()
        self.village.setObjectName("village")
        self.count = QLabel()
        self.table = read_only_table(
            [_("Village"), _("Check"), _("Name"), _("ID number"), _("Month"), _("What was found")],
            "flagTable",
        )
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count)
        head.addWidget(QLabel(_("Village")))
        head.addWidget(self.village)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        self._fill_villages()
        self.village.currentIndexChanged.connect(self.refresh)
        context.changes.follow(self, Changed.EXCHANGE, self._changed)
        self.refresh()

    def _fill_villages(self) -> None:
        chosen = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(_("All villages"), None)
        for village in queries.villages(self.context.store):
            self.village.addItem(f"{village.name} ({village.code})", village.code)
        self.village.setCurrentIndex(max(0, self.village.findData(chosen)))
        self.village.blockSignals(False)

    def _changed(self, areas: set[str]) -> None:
        if "exchange" in areas:
            self._fill_villages()
            self.refresh()

    def refresh(self) -> None:
        masked = not self.context.session.can_see_sensitive
        found = open_flags(self.context.store, self.village.currentData())
        self.count.setText(_("{count} open").format(count=len(found)))
        fill(self.table, [
            [f.village_code, f.label, f.name,
             mask_id_number(f.id_number) if masked else f.id_number, f.month, f.text(masked)]
            for f in found
        ])  # fmt: skip
