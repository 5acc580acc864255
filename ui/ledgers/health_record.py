"""A person's health checks inside their record (健康档案): the readings, latest first, and the
trend of blood pressure and blood sugar. Read-only: readings are entered on the ledgers page."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.ledgers import health

from ui.ledgers.common import fill, table
from ui.ledgers.health_chart import TrendChart


class HealthRecordView(QWidget):
    def __init__(self, store: Store, resident_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        readings = health.readings_of(store, resident_id)
        self.view = table(self, [_("Date"), _("Blood pressure"), _("Blood sugar"), _("Weight"),
                                 _("Measured by"), _("Out of range")])  # fmt: skip
        rows = [[format_date(r.measured_on), r.blood_pressure, r.glucose, r.weight, r.measured_by,
                 health.flags_text(r)] for r in readings]  # fmt: skip
        fill(self.view, rows, [r.id for r in readings])
        self.chart = TrendChart(self)
        self.chart.show_readings(readings)
        layout = QVBoxLayout(self)
        if not readings:
            layout.addWidget(QLabel(_("No health check recorded yet"), self))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.chart, 1)
