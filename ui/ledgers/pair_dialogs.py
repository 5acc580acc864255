"""Pair a helper with a resident; record the helper's visit."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from carepoint.i18n import _
from carepoint.ledgers import pairs
from carepoint.visits.labels import METHODS, method_label

from ui.context import AppContext
from ui.ledgers.common import date_box, from_qdate
from ui.meals.resident_picker import ResidentPicker
from ui.ops import run_op


def _buttons(dialog: QDialog, save) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PairDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.resident_id: int | None = None
        self.setWindowTitle(_("New pair"))
        self.picker = ResidentPicker(context.store, _("Resident: name, pinyin or initials"), self)
        self.chosen_label = QLabel(_("No resident chosen yet"), self)
        self.helper_edit = QLineEdit(self)
        self.volunteer_box = QComboBox(self)
        self.volunteer_box.addItem(_("not in the time bank"), None)
        from carepoint.timebank.volunteers import list_volunteers

        for volunteer in list_volunteers(context.store, include_inactive=False):
            self.volunteer_box.addItem(f"{volunteer.name}  {volunteer.group_name}", volunteer.id)
        self.kind_box = QComboBox(self)
        for kind in pairs.HELPER_KINDS:
            self.kind_box.addItem(pairs.helper_kind_label(kind), kind)
        self.phone_edit = QLineEdit(self)
        self.start_edit = date_box(self)
        self.note_edit = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(_("Resident"), self.picker)
        form.addRow("", self.chosen_label)
        form.addRow(_("Helper"), self.helper_edit)
        form.addRow(_("Time-bank volunteer"), self.volunteer_box)
        form.addRow(_("Helper is"), self.kind_box)
        form.addRow(_("Phone"), self.phone_edit)
        form.addRow(_("Paired from"), self.start_edit)
        form.addRow(_("Notes"), self.note_edit)
        form.addRow(_buttons(self, self._save))
        self.picker.chosen.connect(self._chosen)
        self.volunteer_box.currentIndexChanged.connect(self._volunteer_chosen)

    def _volunteer_chosen(self, _index: int) -> None:
        """A time-bank volunteer is the helper: their name, and the kind of helper they are."""
        if self.volunteer_box.currentData() is None:
            return
        self.helper_edit.setText(self.volunteer_box.currentText().split("  ")[0])
        self.kind_box.setCurrentIndex(self.kind_box.findData("volunteer"))

    def _chosen(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self.chosen_label.setText(self.picker.matches.currentItem().text())
        self.helper_edit.setFocus()

    def _save(self) -> None:
        if self.resident_id is None:
            self.chosen_label.setText(_("Choose the resident first"))
            return
        data = pairs.PairInput(
            self.resident_id,
            self.helper_edit.text(),
            self.kind_box.currentData(),
            from_qdate(self.start_edit.date()),
            self.phone_edit.text(),
            self.volunteer_box.currentData(),
            note=self.note_edit.text(),
        )
        ok, _pair = run_op(
            self, self.context, lambda: pairs.add_pair(self.context.store, data),
            touches={"ledgers"},
        )  # fmt: skip
        if ok:
            self.accept()


class PairVisitDialog(QDialog):
    def __init__(self, context: AppContext, pair: pairs.Pair, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.setWindowTitle(
            _("{helper} visits {name}").format(helper=pair.helper_name, name=pair.resident_name)
        )
        self.date_edit = date_box(self)
        self.method_box = QComboBox(self)
        for method in METHODS:
            self.method_box.addItem(method_label(method), method)
        self.minutes_box = QSpinBox(self)
        self.minutes_box.setRange(0, 600)
        self.minutes_box.setSingleStep(30)
        self.minutes_box.setSuffix(_(" min"))
        self.minutes_box.setEnabled(pair.volunteer_id is not None)
        self.problems_edit = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Method"), self.method_box)
        form.addRow(_("Time for the time bank"), self.minutes_box)
        form.addRow(_("Problems found"), self.problems_edit)
        form.addRow(_buttons(self, self._save))

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())
        ok, _visit = run_op(
            self,
            self.context,
            lambda: pairs.record_pair_visit(
                self.context.store,
                self.pair.id,
                day,
                self.method_box.currentData(),
                minutes=self.minutes_box.value(),
                problems=self.problems_edit.text(),
            ),  # fmt: skip
            touches={"ledgers", "visits", "timebank"},
        )
        if ok:
            self.accept()


class EndPairDialog(QDialog):
    def __init__(self, context: AppContext, pair: pairs.Pair, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.setWindowTitle(_("End pair"))
        self.date_edit = date_box(self)
        form = QFormLayout(self)
        form.addRow(_("Pair"), QLabel(f"{pair.helper_name} → {pair.resident_name}", self))
        form.addRow(_("Paired until"), self.date_edit)
        form.addRow(_buttons(self, self._save))

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())
        ok, _pair = run_op(
            self, self.context, lambda: pairs.end_pair(self.context.store, self.pair.id, day),
            touches={"ledgers"},
        )  # fmt: skip
        if ok:
            self.accept()
