"""Pair a helper with a resident; record the helper's visit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from carepoint.change_areas import Changed
from carepoint.i18n import _
from carepoint.ledgers import pairs
from carepoint.visits.labels import METHODS, method_label

from ui.context import AppContext
from ui.ledgers.common import FormDialog, ResidentFormDialog, date_box, from_qdate


class PairDialog(ResidentFormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, _("New pair"), parent)
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
        self.lay_out(
            (_("Helper"), self.helper_edit),
            (_("Time-bank volunteer"), self.volunteer_box),
            (_("Helper is"), self.kind_box),
            (_("Phone"), self.phone_edit),
            (_("Paired from"), self.start_edit),
            (_("Notes"), self.note_edit),
        )
        self.volunteer_box.currentIndexChanged.connect(self._volunteer_chosen)

    def _volunteer_chosen(self, _index: int) -> None:
        """A time-bank volunteer is the helper: their name, and the kind of helper they are."""
        if self.volunteer_box.currentData() is None:
            return
        self.helper_edit.setText(self.volunteer_box.currentText().split("  ")[0])
        self.kind_box.setCurrentIndex(self.kind_box.findData("volunteer"))

    def first_field(self) -> QWidget:
        return self.helper_edit

    def save_for(self, resident_id: int) -> None:
        data = pairs.PairInput(
            resident_id,
            self.helper_edit.text(),
            self.kind_box.currentData(),
            from_qdate(self.start_edit.date()),
            self.phone_edit.text(),
            self.volunteer_box.currentData(),
            note=self.note_edit.text(),
        )
        self.submit(lambda: pairs.add_pair(self.context.store, data))


class PairVisitDialog(FormDialog):
    def __init__(self, context: AppContext, pair: pairs.Pair, parent: QWidget | None = None):
        title = _("{helper} visits {name}").format(helper=pair.helper_name, name=pair.resident_name)
        super().__init__(context, title, parent)
        self.pair = pair
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
        self.lay_out(
            (_("Date"), self.date_edit),
            (_("Method"), self.method_box),
            (_("Time for the time bank"), self.minutes_box),
            (_("Problems found"), self.problems_edit),
        )

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())
        self.submit(
            lambda: pairs.record_pair_visit(
                self.context.store, self.pair.id, day, self.method_box.currentData(),
                minutes=self.minutes_box.value(), problems=self.problems_edit.text(),
            ),
            touches=Changed.LEDGERS | Changed.VISITS | Changed.TIMEBANK,
        )  # fmt: skip


class EndPairDialog(FormDialog):
    def __init__(self, context: AppContext, pair: pairs.Pair, parent: QWidget | None = None):
        super().__init__(context, _("End pair"), parent)
        self.pair = pair
        self.date_edit = date_box(self)
        self.lay_out(
            (_("Pair"), QLabel(f"{pair.helper_name} → {pair.resident_name}", self)),
            (_("Paired until"), self.date_edit),
        )

    def _save(self) -> None:
        day = from_qdate(self.date_edit.date())
        self.submit(lambda: pairs.end_pair(self.context.store, self.pair.id, day))
