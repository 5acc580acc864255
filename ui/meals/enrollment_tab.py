"""报名: who is enrolled for which meals, searchable; new, edit and end an enrollment."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.i18n import N_, _, format_date
from carepoint.meals.enrollment import get_enrollment, list_enrollments
from carepoint.meals.labels import meal_label, mode_label, weekdays_label
from carepoint.meals.pricing import meal_rules_on

from ui.context import AppContext
from ui.meals.enrollment_dialog import EnrollmentDialog
from ui.widgets.empty_state import EmptyState
from ui.widgets.lists import set_up_list
from ui.widgets.rows_model import RowsModel

HEADERS = (
    N_("Name"),
    N_("Group"),
    N_("Meal"),
    N_("Mode"),
    N_("Days"),
    N_("From"),
    N_("Until"),
    N_("Diet notes"),
    N_("Set meal"),
)


class EnrollmentTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog: EnrollmentDialog | None = None
        self.model = RowsModel([_(h) for h in HEADERS], parent=self)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(_("Search by name, pinyin or initials"))
        self.search_box.setClearButtonEnabled(True)
        self.current_only = QCheckBox(_("Current only"), self)
        self.current_only.setChecked(True)
        self.new_button = QPushButton(_("New enrollment"), self)
        self.new_button.setToolTip("Ctrl+N")
        self.edit_button = QPushButton(_("Edit"), self)
        self.end_button = QPushButton(_("End…"), self)
        self.count_label = QLabel(self)
        for button in (self.new_button, self.edit_button, self.end_button):
            button.setEnabled(context.session.can_edit)
        bar = QHBoxLayout()
        bar.addWidget(self.search_box, 2)
        bar.addWidget(self.current_only)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.end_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.table = set_up_list(
            QTableView(self), self.model, widths=(90, 70, 60, 70, 110, 100, 100, 160)
        )
        self.empty_state = EmptyState(
            self.table,
            _("No one signed up for meals"),
            _("People signed up here appear on each day's sign-in sheet for their meals and "
              "days."),
            [(_("New enrollment"), self.new_enrollment)] if context.session.can_edit else [],
            when=lambda: self.search_box.text().strip() == "",
            filtered_words=_("No one matches the search."),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        self.current_only.toggled.connect(lambda _on: self.refresh())
        self.new_button.clicked.connect(self.new_enrollment)
        self.edit_button.clicked.connect(lambda: self.edit_enrollment())
        self.end_button.clicked.connect(lambda: self.edit_enrollment(ending=True))
        self.table.doubleClicked.connect(lambda _index: self.edit_enrollment())
        shortcut = QShortcut(QKeySequence("Ctrl+N"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_enrollment)
        self.refresh()

    def refresh(self) -> None:
        self._timer.stop()
        store, today = self.context.store, clock.today()
        found = list_enrollments(
            store,
            current_on=today if self.current_only.isChecked() else None,
            search=self.search_box.text(),
        )
        sets = {s.key: s.name for s in meal_rules_on(store, today).sets}
        rows = [
            (
                e.name,
                e.group_name,
                meal_label(e.meal),
                mode_label(e.mode),
                weekdays_label(e.weekdays),
                format_date(e.start_date),
                format_date(e.end_date) if e.end_date else "",
                e.diet_note,
                sets.get(e.set_key, e.set_key) if e.set_key else next(iter(sets.values()), ""),
            )
            for e in found
        ]
        self.model.set_rows(rows, [e.id for e in found])
        self.count_label.setText(_("{count} enrollments").format(count=len(rows)))

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.key(index.row()) if index.isValid() else None

    def new_enrollment(self) -> None:
        if not self.context.session.can_edit:
            return
        self.dialog = EnrollmentDialog(self.context, parent=self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()

    def edit_enrollment(self, ending: bool = False) -> None:
        enrollment_id = self.selected_id()
        if enrollment_id is None or not self.context.session.can_edit:
            return
        self.dialog = EnrollmentDialog(
            self.context, get_enrollment(self.context.store, enrollment_id), self, ending=ending
        )
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
