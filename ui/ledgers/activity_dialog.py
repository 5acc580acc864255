"""A new activity: date, kind, title, organiser, place, notes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from carepoint.i18n import _
from carepoint.ledgers import activities

from ui.context import AppContext
from ui.ledgers.common import FormDialog, date_box, from_qdate


class ActivityDialog(FormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, _("New activity"), parent)
        self.created: activities.Activity | None = None
        self.date_edit = date_box(self)
        self.kind_box = QComboBox(self)
        for kind in activities.KINDS:
            self.kind_box.addItem(activities.kind_label(kind), kind)
        self.title_edit = QLineEdit(self)
        self.organiser_edit = QLineEdit(self)
        self.organiser_edit.setPlaceholderText(_("e.g. the older people's association"))
        self.place_edit = QLineEdit(self)
        self.place_edit.setPlaceholderText(_("e.g. activity room"))
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setMaximumHeight(70)
        self.lay_out(
            (_("Date"), self.date_edit),
            (_("Kind"), self.kind_box),
            (_("Title"), self.title_edit),
            (_("Organiser"), self.organiser_edit),
            (_("Place"), self.place_edit),
            (_("Notes"), self.notes_edit),
        )
        self.title_edit.setFocus()

    def _save(self) -> None:
        data = activities.ActivityInput(
            from_qdate(self.date_edit.date()),
            self.kind_box.currentData(),
            self.title_edit.text(),
            self.organiser_edit.text(),
            self.place_edit.text(),
            self.notes_edit.toPlainText(),
        )

        def add() -> activities.Activity:
            # kept before the dialog closes: the tab reads it when `accepted` fires
            self.created = activities.add_activity(self.context.store, data)
            return self.created

        self.submit(add)
