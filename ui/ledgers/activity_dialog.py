"""A new activity: date, kind, title, organiser, place, notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from carepoint.i18n import _
from carepoint.ledgers import activities

from ui.context import AppContext
from ui.ledgers.common import date_box, from_qdate
from ui.ops import run_op


class ActivityDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.created: activities.Activity | None = None
        self.setWindowTitle(_("New activity"))
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
        form = QFormLayout(self)
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Kind"), self.kind_box)
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Organiser"), self.organiser_edit)
        form.addRow(_("Place"), self.place_edit)
        form.addRow(_("Notes"), self.notes_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
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
        ok, created = run_op(
            self,
            self.context,
            lambda: activities.add_activity(self.context.store, data),
            touches={"ledgers"},
        )
        if ok:
            self.created = created
            self.accept()
