"""GB/T 42195-2022 Annex A in the assessment dialog: who gave the information, diseases and
medicines, the care-risk events of the last 30 days one by one (kind and date), a coma, and
a psychiatric diagnosis other than dementia. Delete removes the chosen event."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import _
from carepoint.visits.assessment_items import (
    INFORMANT_LABELS,
    INFORMANT_RELATIONS,
    RISK_KIND_LABELS,
    RISK_KINDS,
)

from ui.visits.common import date_edit


class _EventList(QListWidget):
    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Delete and self.currentItem() is not None:
            self.takeItem(self.currentRow())
            self.parent().changed.emit()
            return
        super().keyPressEvent(event)


class AnnexAPanel(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(_("Annex A (basic information)"), parent)
        today = clock.today()
        self.informant = QLineEdit(self)
        self.relation = QComboBox(self)
        self.relation.addItem("", "")
        for code in INFORMANT_RELATIONS:
            self.relation.addItem(_(INFORMANT_LABELS[code]), code)
        self.diseases = QLineEdit(self)
        self.medicines = QLineEdit(self)
        self.coma = QCheckBox(_("In a coma"), self)
        self.psychiatric = QLineEdit(self)
        self.psychiatric.setPlaceholderText(_("diagnosis other than dementia, e.g. 抑郁症"))
        self.event_kind = QComboBox(self)
        for code in RISK_KINDS:
            self.event_kind.addItem(_(RISK_KIND_LABELS[code]), code)
        self.event_date = date_edit(today, self, maximum=today)
        self.add_event = QPushButton(_("Add event"), self)
        self.events = _EventList(self)
        self.events.setMaximumHeight(70)
        who = QHBoxLayout()
        who.addWidget(self.informant, 2)
        who.addWidget(self.relation, 1)
        adding = QHBoxLayout()
        adding.addWidget(self.event_kind)
        adding.addWidget(self.event_date)
        adding.addWidget(self.add_event)
        form = QFormLayout(self)
        form.addRow(_("Information given by"), who)
        form.addRow(_("Diagnosed diseases"), self.diseases)
        form.addRow(_("Medicines taken"), self.medicines)
        form.addRow(_("Care-risk events in the last 30 days"), adding)
        form.addRow("", self.events)
        form.addRow(_("Other psychiatric disorder"), self.psychiatric)
        form.addRow(self.coma)
        self.add_event.clicked.connect(self._add_event)
        self.coma.toggled.connect(lambda _on: self.changed.emit())
        self.psychiatric.textChanged.connect(lambda _text: self.changed.emit())

    def _add_event(self) -> None:
        day = self.event_date.date().toPython()
        kind = self.event_kind.currentData()
        item = QListWidgetItem(f"{self.event_kind.currentText()}  {day.isoformat()}")
        item.setData(Qt.ItemDataRole.UserRole, (kind, day))
        self.events.addItem(item)
        self.changed.emit()

    def risk_detail(self) -> tuple[tuple[str, dt.date], ...]:
        return tuple(
            self.events.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.events.count())
        )

    def values(self) -> dict:
        """The AssessmentInput fields this panel fills."""
        return {
            "risk_detail": self.risk_detail(),
            "informant": self.informant.text(),
            "informant_relation": self.relation.currentData(),
            "diseases": self.diseases.text(),
            "medicines": self.medicines.text(),
            "coma": self.coma.isChecked(),
            "psychiatric": self.psychiatric.text(),
        }
