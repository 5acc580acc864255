"""The tabs of the subsidies page: the month's lines (lazy, filtered by type and person), 新增,
停发, the checks before approval, the amounts to recover and the payments not received."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carepoint.i18n import _, format_number, ngettext
from carepoint.subsidies.names import type_titles
from carepoint.subsidies.rule_tables import TYPES, type_label

from ui.subsidies import lists
from ui.subsidies.model import LineModel
from ui.widgets.lists import set_up_list

SEARCH_DELAY_MS = 60
COLUMN_WIDTHS = (90, 170, 150, 50, 90, 170)


class MonthTabs(QTabWidget):
    def __init__(self, store, masked: bool, can_settle: bool, parent=None):
        super().__init__(parent)
        self.masked = masked
        self.store = store
        self.month: int | None = None
        self.anomalies: list = []
        self.recovery_rows: list = []
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(_("Search by name, pinyin or ID number (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self.type_filter = QComboBox(self)
        self.type_filter.addItem(_("All subsidies"), None)
        for code in TYPES:
            self.type_filter.addItem(type_label(code), code)
        self.count_label = QLabel(self)
        self.model = LineModel(store, masked, self)
        self.table = self._line_table()
        lines_tab = QWidget(self)
        filters = QHBoxLayout()
        filters.addWidget(self.search_box, 3)
        filters.addWidget(self.type_filter, 1)
        filters.addWidget(self.count_label)
        column = QVBoxLayout(lines_tab)
        column.addLayout(filters)
        column.addWidget(self.table, 1)

        self.new_table = lists.change_table()
        self.stopped_table = lists.change_table()
        self.anomaly_table = lists.anomaly_table()
        self.anomaly_note = QLabel(self)
        self.anomaly_note.setWordWrap(True)
        anomaly_tab = QWidget(self)
        anomaly_column = QVBoxLayout(anomaly_tab)
        anomaly_column.addWidget(self.anomaly_note)
        anomaly_column.addWidget(self.anomaly_table, 1)
        self.recovery_table = lists.recovery_table()
        self.settle_button = QPushButton(_("Record amount recovered…"), self)
        self.settle_button.setVisible(can_settle)
        recovery_tab = QWidget(self)
        recovery_column = QVBoxLayout(recovery_tab)
        recovery_column.addWidget(self.recovery_table, 1)
        recovery_row = QHBoxLayout()
        recovery_row.addStretch(1)
        recovery_row.addWidget(self.settle_button)
        recovery_column.addLayout(recovery_row)
        self.unpaid_table = lists.unpaid_table()
        for widget in (lines_tab, self.new_table, self.stopped_table, anomaly_tab, recovery_tab,
                       self.unpaid_table):  # fmt: skip
            self.addTab(widget, "")
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self.apply_filter)
        self.type_filter.currentIndexChanged.connect(self.apply_filter)

    def _line_table(self) -> QTableView:
        return set_up_list(
            QTableView(self), self.model, selection=None, alternating=True, row_height=self,
            widths=COLUMN_WIDTHS,
        )  # fmt: skip

    def show_month(self, month: int) -> None:
        self.month = month
        titles = type_titles(self.store, month)  # the rules' names (尊老金), not the type's
        for index, code in enumerate(TYPES, 1):
            self.type_filter.setItemText(index, titles[code])
        self.apply_filter()

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.show(self.month, self.type_filter.currentData(), self.search_box.text() or None)
        count = self.model.rowCount()
        self.count_label.setText(
            ngettext("{count} line", "{count} lines", count).format(count=format_number(count))
        )
        self.setTabText(0, _("Lines ({count})").format(count=format_number(count)))

    def focus_search(self) -> None:
        self.setCurrentIndex(0)
        self.search_box.setFocus()
        self.search_box.selectAll()

    def show_checks(self, changes: list, found: list | str, owed: list, unpaid=()) -> None:
        """Fill the lists; `found` is the checks, or the message why they could not run."""
        new = [r for r in changes if r.change == "new"]
        stopped = [r for r in changes if r.change == "stopped"]
        lists.fill_changes(self.new_table, new, self.masked)
        lists.fill_changes(self.stopped_table, stopped, self.masked)
        self.anomalies = [] if isinstance(found, str) else found
        lists.fill_anomalies(self.anomaly_table, self.anomalies, self.masked)
        blocking = sum(1 for a in self.anomalies if a.blocking)
        if isinstance(found, str):
            self.anomaly_note.setText(found)
        else:
            self.anomaly_note.setText(
                _("{blocking} problems block approval; {warnings} warnings ask first.").format(
                    blocking=blocking, warnings=len(self.anomalies) - blocking
                )
            )
        self.recovery_rows = owed
        lists.fill_recoveries(self.recovery_table, owed, self.masked)
        lists.fill_unpaid(self.unpaid_table, list(unpaid), self.masked)
        titles = (
            (_("New ({count})"), len(new)),
            (_("Stopped ({count})"), len(stopped)),
            (_("Checks ({count})"), len(self.anomalies)),
            (_("To recover ({count})"), len(owed)),
            (_("Not received ({count})"), len(unpaid)),
        )
        for index, (text, count) in enumerate(titles, start=1):
            self.setTabText(index, text.format(count=format_number(count)))

    def selected_recovery(self):
        row = lists.selected_row(self.recovery_table)
        if row is None or row >= len(self.recovery_rows):
            return None
        return self.recovery_rows[row]
