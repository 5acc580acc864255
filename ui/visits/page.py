"""The visits page: who is due (overdue first, by how long), per tier and group, the month's
calendar, open follow-ups; recording visits, quick phone-call entry, assessments, tiers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import N_, _, format_number, ngettext
from carepoint.residents import groups
from carepoint.visits.due import DueFilter, count_due
from carepoint.visits.labels import TIERS, tier_label
from carepoint.visits.summary import overdue_count

from ui.context import AppContext
from ui.visits.actions import VisitActions
from ui.visits.calendar_view import CalendarView
from ui.visits.common import WATCHED, combo, schedule_ready
from ui.visits.followups_view import FollowUpsView, TierGroupView
from ui.visits.model import DueModel
from ui.widgets.empty_state import EmptyState
from ui.widgets.lists import set_up_list

VIEW_LABELS = (
    ("due", N_("Overdue or due this week")),
    ("overdue", N_("Overdue")),
    ("week", N_("Due this week")),
    ("month", N_("Due by the end of the month")),
    ("all", N_("Everyone in a visit tier")),
)
COLUMN_WIDTHS = (90, 170, 80, 70, 120, 120, 110, 80, 120)
SEARCH_DELAY_MS = 40
_SCOPE = Qt.ShortcutContext.WidgetWithChildrenShortcut


class VisitsPage(VisitActions, QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.can_edit = context.session.can_edit
        self.model = DueModel(
            context.store, masked=not context.session.can_see_sensitive, parent=self
        )
        self.dialog = None
        self._skip_next_change = False
        self._stale_tabs: set[int] = set()
        self.ready = schedule_ready(context)
        self._build()
        self._connect()
        self.ready.run(self.apply_filter, self._show_preparing)

    def _build(self) -> None:
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("pageTitle")
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(_("Search by name, pinyin or initials (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.view_filter = combo(self, [(_(label), key) for key, label in VIEW_LABELS])
        self.tier_filter = combo(
            self, [(_("All tiers"), None)] + [(tier_label(t), t) for t in TIERS]
        )
        self.group_filter = combo(
            self, [(_("All groups"), None)] + [(g, g) for g in groups(self.context.store)]
        )
        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 3)
        for box in (self.view_filter, self.tier_filter, self.group_filter):
            filters.addWidget(box, 1)
        self.record_button = self._button(_("Record visit"), "Ctrl+R")
        self.batch_button = self._button(_("Quick entry of calls"), "Ctrl+B")
        self.assess_button = self._button(_("Assessment"), "Ctrl+G")
        self.history_button = self._button(_("History"), "Ctrl+H")
        self.tier_button = self._button(_("Tier…"), "Ctrl+T")
        self.extra_button = self._button(_("Extra visits…"), "Ctrl+Shift+X")
        self.count_label = QLabel(self)
        actions = QHBoxLayout()
        for button in (self.record_button, self.batch_button, self.assess_button,
                       self.history_button, self.tier_button, self.extra_button):  # fmt: skip
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        self.table = set_up_list(
            QTableView(self), self.model, alternating=True, row_height=self, widths=COLUMN_WIDTHS
        )
        self.empty_state = EmptyState(
            self.table,
            _("No visits due"),
            _("This list shows who is overdue or due a visit this week, as the visit rules "
              "plan it for the people in the register. No one is due now."),
            when=lambda: self.search_box.text().strip() == "",
            filtered_words=_("No one matches the search."),
        )
        self.calendar = CalendarView(self.context.store, self)
        self.followups = FollowUpsView(self.context, self)
        self.by_group = TierGroupView(self.context, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.table, _("Due list"))
        self.tabs.addTab(self.calendar, _("Calendar"))
        self.tabs.addTab(self.followups, _("Follow-ups"))
        self.tabs.addTab(self.by_group, _("By tier and group"))
        self._stale_tabs = {1, 2, 3}
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

    def _button(self, text: str, keys: str) -> QPushButton:
        button = QPushButton(text, self)
        sequence = QKeySequence(keys)
        button.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
        QShortcut(sequence, self, context=_SCOPE).activated.connect(button.click)
        return button

    def _connect(self) -> None:
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self.apply_filter)
        for box in (self.view_filter, self.tier_filter, self.group_filter):
            box.currentIndexChanged.connect(self.apply_filter)
        self.record_button.clicked.connect(self.record_visit)
        self.batch_button.clicked.connect(self.open_batch_entry)
        self.assess_button.clicked.connect(self.open_assessment)
        self.history_button.clicked.connect(self.open_history)
        self.tier_button.clicked.connect(self.open_tier)
        self.extra_button.clicked.connect(self.open_extra_visits)
        self.table.doubleClicked.connect(lambda index: self.record_visit())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(
                QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut
            )
            shortcut.activated.connect(self.record_visit)
        QShortcut(QKeySequence("Ctrl+F"), self, context=_SCOPE).activated.connect(
            self.search_box.setFocus
        )
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_box)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self.go_to_list)
        self.search_box.returnPressed.connect(self.go_to_list)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._show_count)
        self.tabs.currentChanged.connect(self._load_tab)
        self.calendar.resident_chosen.connect(self.record_visit_for)
        self.followups.resident_chosen.connect(self.record_visit_for)
        self.followups.assessment_wanted.connect(self.open_assessment_for)
        self.context.changes.follow(self, WATCHED, self._on_changed)

    # Lists

    def current_filter(self) -> DueFilter:
        return DueFilter(
            view=self.view_filter.currentData(),
            tier=self.tier_filter.currentData(),
            group=self.group_filter.currentData(),
            search=self.search_box.text().strip() or None,
        )

    def apply_filter(self) -> None:
        self.tabs.setEnabled(True)
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._after_change()

    def _after_change(self, *_args) -> None:
        self._show_count()
        store, today = self.context.store, clock.today()
        overdue = overdue_count(store, today)
        this_week = count_due(store, DueFilter("week"), today)
        self.summary_label.setText(
            _("Visits: {overdue} overdue, {week} more due this week").format(
                overdue=format_number(overdue), week=format_number(this_week)
            )
        )

    def _show_preparing(self) -> None:
        self.summary_label.setText(_("Preparing the visit schedule of every resident…"))
        self.tabs.setEnabled(False)

    def _show_count(self, *_args) -> None:
        count = self.model.rowCount()
        self.count_label.setText(
            ngettext("{count} resident", "{count} residents", count).format(
                count=format_number(count)
            )
        )
        self._update_buttons()

    def _load_tab(self, index: int) -> None:
        if index in self._stale_tabs:
            self._stale_tabs.discard(index)
            (None, self.calendar, self.followups, self.by_group)[index].load()

    def _on_changed(self, changed: Changed) -> None:
        if self.ready.building():
            return  # a schedule being built shows the list when it is done
        if Changed.RESIDENTS in changed:
            self._reload_groups()
        self._stale_tabs = {1, 2, 3}
        self._load_tab(self.tabs.currentIndex())
        if self._skip_next_change:  # our own write, already shown row by row
            self._skip_next_change = False
            self._after_change()
            return
        self.model.refresh()
        self._after_change()

    def _reload_groups(self) -> None:
        chosen = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        while self.group_filter.count() > 1:
            self.group_filter.removeItem(1)
        for group in groups(self.context.store):
            self.group_filter.addItem(group, group)
        self.group_filter.setCurrentIndex(max(self.group_filter.findData(chosen), 0))
        self.group_filter.blockSignals(False)
        self.model.filter = self.current_filter()

    def resident_saved(self, resident_id: int) -> None:
        """After a write from this page: update only that person's row."""
        self._skip_next_change = True
        self.model.update_resident(resident_id)

    def current_resident_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.resident_id(index.row()) if index.isValid() else None

    def _update_buttons(self, *_args) -> None:
        chosen = self.current_resident_id() is not None
        for button in (self.record_button, self.assess_button, self.tier_button):
            button.setEnabled(self.can_edit and chosen)
        self.history_button.setEnabled(chosen)
        self.batch_button.setEnabled(self.can_edit and self.model.rowCount() > 0)
        self.extra_button.setEnabled(self.can_edit)

    def go_to_list(self) -> None:
        if self._search_timer.isActive():
            self.apply_filter()
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.select_row(0)

    def select_row(self, row: int) -> None:
        self.table.setFocus()
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0, QModelIndex()))
