"""冲突: a record the village and the township both changed, shown field by field side by side
with the differing fields highlighted, until a person keeps the township's copy or takes the
village's version. Nothing is decided silently."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from carepoint.change_areas import Changed
from carepoint.exchange.conflicts import list_conflicts, resolve_conflict
from carepoint.i18n import N_, _
from carepoint.residents.fields import field_label

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.lists import fill, read_only_table

DIFFERS = QBrush(QColor("#fde8c8"))
HIDDEN_FIELDS = ("id", "uuid")
BOOKKEEPING = {
    "change_seq": N_("change number"),
    "created_at": N_("created at (UTC)"),
    "updated_at": N_("changed at (UTC)"),
    "deleted_at": N_("withdrawn at (UTC)"),
}
RECORD_LABELS = {
    "resident": N_("resident record"),
    "carer": N_("carer"),
    "assessment": N_("assessment"),
    "visit": N_("visit"),
    "meal_sign_in": N_("meal sign-in"),
    "subsidy_line": N_("subsidy line"),
    "status_change": N_("change of status"),
}


def record_label(table: str) -> str:
    return _(RECORD_LABELS[table]) if table in RECORD_LABELS else table


def _text(value) -> str:
    return "" if value is None else str(value)


class ConflictsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.conflicts = []
        title = QLabel(_("Records changed on both sides"))
        title.setObjectName("pageTitle")
        self.list = read_only_table(
            [_("Village"), _("Record type"), _("Name"), _("Why")], "conflictList"
        )
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.fields = read_only_table(
            [_("Field"), _("Township's copy"), _("Village's version")], "conflictFields"
        )
        self.fields.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.keep_button = QPushButton(_("Keep the township's copy"))
        self.take_button = QPushButton(_("Take the village's version"))
        self.message = QLabel()
        self.message.setWordWrap(True)

        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        side_column.addWidget(self.reason)
        side_column.addWidget(self.fields, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        side_column.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(side)
        split.setSizes([400, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

        self.list.itemSelectionChanged.connect(self.show_selected)
        self.keep_button.clicked.connect(lambda: self.resolve("township"))
        self.take_button.clicked.connect(lambda: self.resolve("village"))
        context.changes.follow(self, Changed.EXCHANGE, self._changed)
        self.refresh()

    def _changed(self, areas: set[str]) -> None:
        if "exchange" in areas:
            self.refresh()

    def refresh(self) -> None:
        self.conflicts = list_conflicts(self.context.store)
        fill(self.list, [
            [c.village_code, record_label(c.table),
             _text(c.incoming.get("name") or c.kept.get("name")), c.reason_text]
            for c in self.conflicts
        ])  # fmt: skip
        if self.conflicts:
            self.list.selectRow(0)
        self.show_selected()

    def selected(self):
        rows = self.list.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.conflicts):
            return None
        return self.conflicts[rows[0].row()]

    def show_selected(self) -> None:
        found = self.selected()
        rows, brushes = [], []
        if found is not None:
            differing = found.differences
            # What a person reads first: the differing fields (a resident has some forty), then
            # the rest, then the counters and times the exchange keeps.
            names = sorted(
                set(found.kept) | set(found.incoming),
                key=lambda n: (n in BOOKKEEPING, n not in differing, n),
            )
            for name in names:
                if name in HIDDEN_FIELDS:
                    continue
                rows.append(
                    [_(BOOKKEEPING[name]) if name in BOOKKEEPING else field_label(name),
                     _text(found.kept.get(name)),
                     _text(found.incoming.get(name))]
                )  # fmt: skip
                brushes.append(name in differing)
        fill(self.fields, rows)
        for row, differs in enumerate(brushes):
            if differs:
                for column in range(3):
                    self.fields.item(row, column).setBackground(DIFFERS)
        self.reason.setText(found.reason_text if found else _("No open conflicts"))
        can_decide = found is not None and self.context.session.can_edit
        self.keep_button.setEnabled(can_decide)
        self.take_button.setEnabled(can_decide)

    def resolve(self, choice: str) -> None:
        found = self.selected()
        if found is None:
            return
        store = self.context.store
        done, _result = run_op(
            self, self.context, lambda: resolve_conflict(store, found.id, choice),
            touches=Changed.EXCHANGE,
        )  # fmt: skip
        if done:
            text = (
                _("Conflict {id} resolved: the village's version was taken")
                if choice == "village"
                else _("Conflict {id} resolved: the township's copy was kept")
            )
            self.message.setText(text.format(id=found.id))
        else:
            self.refresh()  # another clerk may have resolved it: it leaves the list
