"""A resident's history from the audit log, in plain words: who, when, what changed."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from carepoint.audit import history
from carepoint.changes import describe, local_time, writes
from carepoint.i18n import N_, _
from carepoint.residents import ResidentDetail

HEADERS = (N_("When"), N_("Who"), N_("What"))


class HistoryView(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels([_(text) for text in HEADERS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def load(self, detail: ResidentDetail, masked: bool) -> None:
        rows = []
        ended: dict[str, list[str]] = {}
        for membership in detail.categories:
            if membership.end_date:
                ended.setdefault(membership.end_date.isoformat(), []).append(membership.code)
        for lines in writes(history(detail.entity_uuids)):
            for text in describe(lines, ended, masked):
                rows.append((local_time(lines[0].at), lines[0].actor, text))
        self.setRowCount(len(rows))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                self.setItem(row, column, QTableWidgetItem(text))

    def texts(self) -> list[str]:
        """The 'what' column, newest first (for tests and screen readers)."""
        return [self.item(row, 2).text() for row in range(self.rowCount())]
