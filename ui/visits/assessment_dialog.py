"""An ability assessment (GB/T 42195-2022): a score box per item in four groups, the total and
level as they will be saved, the raise for dementia or risk events, two assessors and the date.
Type a score and Tab to the next item; Enter saves."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import N_, _
from carepoint.residents import resident_detail
from carepoint.visits.assessment_items import (
    DIMENSION_LABELS,
    DIMENSIONS,
    ITEMS,
    MAX_TOTAL,
    dimension_items,
    final_level,
    level_for_total,
    raise_reasons,
)
from carepoint.visits.assessments import AssessmentInput, assessments_of, record_assessment
from carepoint.visits.labels import level_label

from ui.context import AppContext
from ui.ops import run_op
from ui.visits.annex_a_panel import AnnexAPanel
from ui.visits.common import combo, date_edit, error_label
from ui.widgets.discard_guard import ConfirmDiscard

REASON_LABELS = {
    "first": N_("first assessment"),
    "routine": N_("routine reassessment"),
    "change": N_("after a change"),
    "review": N_("review of a disputed result"),
}


class AssessmentDialog(ConfirmDiscard, QDialog):
    saved = Signal(int)

    def __init__(self, context: AppContext, resident_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id = resident_id
        self.today = clock.today()
        resident = resident_detail(resident_id).resident
        self.setWindowTitle(_("Ability assessment: {name}").format(name=resident.name))
        self.date_edit = date_edit(self.today, self, maximum=self.today)
        self.assessor_1 = QLineEdit(self)
        self.assessor_2 = QLineEdit(self)
        first = not assessments_of(context.store, resident_id)
        self.reason = combo(self, [(_(REASON_LABELS[k]), k) for k in REASON_LABELS])
        self.reason.setCurrentIndex(0 if first else 1)
        head = QHBoxLayout()
        for label, widget in (
            (_("Date"), self.date_edit),
            (_("Assessor"), self.assessor_1),
            (_("Second assessor"), self.assessor_2),
            (_("Reason"), self.reason),
        ):
            head.addWidget(QLabel(label, self))
            head.addWidget(widget)
        self.scores: dict[str, QSpinBox] = {}
        grid = QGridLayout()
        for index, dimension in enumerate(DIMENSIONS):
            grid.addWidget(self._dimension_box(dimension), index % 2, index // 2)
        self.dementia = QCheckBox(_("Diagnosed dementia"), self)
        self.risk_events = QSpinBox(self)
        self.risk_events.setRange(0, 99)
        self.notes = QLineEdit(self)
        extra = QFormLayout()
        extra.addRow(self.dementia)
        extra.addRow(
            _("Care-risk events in the last 30 days (falls, choking, wandering …)"),
            self.risk_events,
        )
        extra.addRow(_("Notes"), self.notes)
        self.annex = AnnexAPanel(self)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("assessmentResult")
        self.error_label = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        body = QHBoxLayout()  # Annex A beside the scores: the dialog fits a 1366×768 screen
        body.addLayout(grid, 3)
        body.addWidget(self.annex, 2)
        layout.addLayout(body)
        layout.addLayout(extra)
        layout.addWidget(self.result_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        for box in self.scores.values():
            box.valueChanged.connect(self.show_result)
        self.dementia.toggled.connect(self.show_result)
        self.risk_events.valueChanged.connect(self.show_result)
        self.annex.changed.connect(self.show_result)
        self.show_result()
        self.assessor_1.setFocus()

    def _dimension_box(self, dimension: str) -> QGroupBox:
        items = dimension_items(dimension)
        most = sum(item.max_score for item in items)
        box = QGroupBox(
            _("{dimension} (0–{max})").format(dimension=_(DIMENSION_LABELS[dimension]), max=most),
            self,
        )
        form = QFormLayout(box)
        form.setVerticalSpacing(2)
        for item in items:
            spin = QSpinBox(box)
            spin.setRange(0, item.max_score)
            spin.setValue(item.max_score)
            spin.setSuffix(f" / {item.max_score}")
            form.addRow(item.title, spin)
            self.scores[item.code] = spin
        return box

    def total(self) -> int:
        return sum(box.value() for box in self.scores.values())

    def risk_count(self) -> int:
        """The events listed one by one in Annex A, or else the number typed."""
        return len(self.annex.risk_detail()) or self.risk_events.value()

    def show_result(self) -> None:
        total = self.total()
        base = level_for_total(total)
        coma, psychiatric = self.annex.coma.isChecked(), self.annex.psychiatric.text().strip()
        level = final_level(base, self.dementia.isChecked(), self.risk_count(), coma=coma,
                            psychiatric=bool(psychiatric))  # fmt: skip
        text = _("Total {total} of {max}: {level}").format(
            total=total, max=MAX_TOTAL, level=level_label(base)
        )
        if level != base:
            reasons = _(", ").join(
                raise_reasons(
                    self.dementia.isChecked(), self.risk_count(), coma=coma, psychiatric=psychiatric
                )  # fmt: skip
            )
            text += _("; one level worse for {reasons}: {level}").format(
                reasons=reasons, level=level_label(level)
            )
        self.result_label.setText(text)
        self.level = level

    def assessment_input(self) -> AssessmentInput:
        return AssessmentInput(
            assessed_on=self.date_edit.date().toPython(),
            assessor_1=self.assessor_1.text(),
            assessor_2=self.assessor_2.text(),
            scores={item.code: self.scores[item.code].value() for item in ITEMS},
            dementia=self.dementia.isChecked(),
            risk_events=self.risk_events.value(),
            reason=self.reason.currentData(),
            notes=self.notes.text(),
            **self.annex.values(),
        )

    def save(self) -> None:
        store, data = self.context.store, self.assessment_input()
        done, _assessment = run_op(
            self, self.context, lambda: record_assessment(store, self.resident_id, data),
            refused=self.error_label.setText,
            success=lambda _assessment: self.saved.emit(self.resident_id),
        )  # fmt: skip
        if done:
            self.accept()
