"""What the ledger tabs share: dates between Qt and Python, a date box, a read-only table, and the
small form dialog every ledger saves its records through."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import _

from ui.context import AppContext
from ui.ops import run_op
from ui.widgets.date_edit import DateEdit
from ui.widgets.lists import FIT, set_up_list
from ui.widgets.resident_picker import ResidentPicker


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_box(parent: QWidget, day: dt.date | None = None, month_only: bool = False) -> QDateEdit:
    """A date box that cannot go past the care point's today."""
    box = DateEdit(parent)
    box.setCalendarPopup(not month_only)
    box.setDisplayFormat("yyyy-MM" if month_only else "yyyy-MM-dd")
    today = clock.today()
    box.setMaximumDate(to_qdate(today))
    box.setDate(to_qdate(day or today))
    return box


def table(parent: QWidget, titles: list[str]) -> QTableWidget:
    """A read-only, whole-row table: the ledgers hold tens of rows a month, not thousands."""
    view = QTableWidget(0, len(titles), parent)
    view.setHorizontalHeaderLabels(titles)
    return set_up_list(view, columns=FIT)


def fill(view: QTableWidget, rows: list[list[object]], keys: list[int]) -> None:
    """Replace the rows; each row's key (a record id) rides on its first cell."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidgetItem

    view.setRowCount(len(rows))
    for r, (cells, key) in enumerate(zip(rows, keys, strict=True)):
        for c, value in enumerate(cells):
            item = QTableWidgetItem("" if value is None else str(value))
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            view.setItem(r, c, item)


def current_key(view: QTableWidget) -> int | None:
    from PySide6.QtCore import Qt

    row = view.currentRow()
    item = view.item(row, 0) if row >= 0 else None
    return item.data(Qt.ItemDataRole.UserRole) if item else None


def choose_photo_files(parent: QWidget) -> list:
    from pathlib import Path

    from carepoint.i18n import _

    from ui.widgets import file_dialogs

    names, _filter = file_dialogs.get_open_file_names(
        parent, _("Photos"), "", _("Photos (*.jpg *.jpeg *.png *.heic *.webp *.bmp *.gif)")
    )
    return [Path(name) for name in names]


class LedgerTab(QWidget):
    """A ledger's tab: filled again whenever the core reports a change in an area it `follows`."""

    follows: Changed = Changed.RESIDENTS | Changed.LEDGERS

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog: QDialog | None = None

    def follow_changes(self) -> None:
        """Called once the tab is built: fill it now and whenever its areas change."""
        self.context.changes.follow(self, self.follows, self._changed)
        self.refresh()

    def _changed(self, _changed: Changed) -> None:
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


def open_modal(owner: QWidget, dialog: QDialog) -> QDialog:
    """Show a ledger dialog modal without blocking the tab, kept as `owner.dialog` (the tab's
    callbacks and its tests reach it there)."""
    owner.dialog = dialog
    dialog.setModal(True)
    dialog.show()
    return dialog


class FormDialog(QDialog):
    """A ledger's form: labelled rows, then Save and Cancel. Save runs one core operation through
    run_op; the dialog closes only when it succeeded (otherwise run_op has said why)."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.form = QFormLayout(self)

    def lay_out(self, *rows: tuple[str, QWidget]) -> None:
        """The remaining rows, then the buttons (created last, so Tab reaches them last)."""
        for label, widget in rows:
            self.form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)

    def submit(self, operation, touches: Changed = Changed.LEDGERS) -> tuple:
        ok, result = run_op(self, self.context, operation, touches=touches)
        if ok:
            self.accept()
        return ok, result

    def _save(self) -> None:
        raise NotImplementedError


class ResidentFormDialog(FormDialog):
    """A form about one resident, found first with the picker; Save asks for the resident until
    one is chosen, and choosing one moves the cursor to `first_field()`."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(context, title, parent)
        self.resident_id: int | None = None
        self.picker = ResidentPicker(context.store, _("Resident: name, pinyin or initials"), self)
        self.chosen_label = QLabel(_("No resident chosen yet"), self)
        self.form.addRow(_("Resident"), self.picker)
        self.form.addRow("", self.chosen_label)
        self.picker.chosen.connect(self._chosen)

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def save_for(self, resident_id: int) -> None:
        raise NotImplementedError

    def _chosen(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self.chosen_label.setText(self.picker.matches.currentItem().text())
        self.first_field().setFocus()

    def _save(self) -> None:
        if self.resident_id is None:
            self.chosen_label.setText(_("Choose the resident first"))
            return
        self.save_for(self.resident_id)
