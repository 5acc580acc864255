"""签到: today's expected diners, signed in with Space (or a click on the first column).

Built for a cadre signing in 60 diners in under a minute with the keyboard alone: focus stays in
the list, Space signs the current diner in (or undoes a sign-in) and moves down, Delete calls a
meal off with a reason, Ctrl+F goes to the walk-in box and Escape comes back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carepoint import clock
from carepoint.change_areas import Changed
from carepoint.i18n import N_, _
from carepoint.meals import signin, summary
from carepoint.meals.closing import month_key, month_status
from carepoint.meals.labels import MEALS, MODES, meal_label, mode_label
from carepoint.meals.sheet import sheet

from ui.context import AppContext
from ui.meals.sheet_model import STATUS_COLUMN, SheetModel
from ui.ops import run_op
from ui.widgets.date_edit import DateEdit
from ui.widgets.empty_state import EmptyState
from ui.widgets.lists import set_up_list
from ui.widgets.resident_picker import ResidentPicker

CALL_OFF_REASONS = (N_("Away"), N_("In hospital"), N_("Unwell"), N_("Eating with family"))
COLUMN_WIDTHS = (70, 90, 70, 50, 70, 150, 80, 80, 120)


class SheetView(QTableView):
    toggle_requested = Signal(int)
    call_off_requested = Signal(int)

    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.toggle_requested.emit(self.currentIndex().row())
            return
        if event.key() == Qt.Key.Key_Delete:
            self.call_off_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class SignInSheet(QWidget):
    enroll_requested = Signal()  # the empty sheet's first step: sign people up

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.can_edit = context.session.can_edit
        self.model = SheetModel(self)
        self.reason_dialog: QInputDialog | None = None
        self._own_change = False
        self.locked_reason = ""

        self.day_edit = DateEdit(self)
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        today = clock.today()
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day_edit.setDate(QDate(today.year, today.month, today.day))
        self.meal_box = QComboBox(self)
        for meal in MEALS:
            self.meal_box.addItem(meal_label(meal), meal)
        self.counters = QLabel(self)
        self.counters.setObjectName("mealCounters")
        self.delivery_button = QPushButton(_("Delivery list…"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Day")))
        top.addWidget(self.day_edit)
        top.addWidget(self.meal_box)
        top.addSpacing(12)
        top.addWidget(self.counters, 1)
        top.addWidget(self.delivery_button)

        self.message = QLabel(self)
        self.message.setObjectName("error")
        self.view = SheetView(self)
        set_up_list(self.view, self.model, row_height=self, widths=COLUMN_WIDTHS)

        self.walk_in = ResidentPicker(
            self.context.store, _("Walk-in: name, pinyin or initials (Ctrl+F)"), self
        )
        self.walk_in_mode = QComboBox(self)
        for mode in MODES:
            self.walk_in_mode.addItem(mode_label(mode), mode)
        self.call_off_button = QPushButton(_("Call off…"), self)
        self.call_off_button.setToolTip(_("Call the meal off with a reason (Delete)"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.walk_in, 1)
        bottom.addWidget(self.walk_in_mode, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.call_off_button, 0, Qt.AlignmentFlag.AlignTop)
        hint = QLabel(
            _("Space: sign in or undo, then the next diner · Delete: call off · Ctrl+F: walk-in")
        )
        hint.setObjectName("cardTitle")

        self.empty_state = EmptyState(
            self.view,
            _("No one on this sheet"),
            _("The sheet lists the people signed up for this meal on this day. Sign people up "
              "for meals first; someone who just turns up is signed in below as a walk-in."),
            [(_("Sign people up"), self.enroll_requested.emit)] if self.can_edit else [],
        )

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addLayout(bottom)
        self._connect()
        context.changes.follow(self, Changed.MEALS | Changed.RESIDENTS, self._changed)
        self.reload()

    def _connect(self) -> None:
        self.day_edit.dateChanged.connect(lambda _date: self.reload())
        self.meal_box.currentIndexChanged.connect(lambda _index: self.reload())
        self.view.toggle_requested.connect(self.toggle)
        self.view.call_off_requested.connect(self.ask_call_off)
        self.view.clicked.connect(self._clicked)
        self.walk_in.chosen.connect(self.sign_in_walk_in)
        self.walk_in.escaped.connect(self.view.setFocus)
        self.call_off_button.clicked.connect(lambda: self.ask_call_off(self.current_row()))
        self.delivery_button.clicked.connect(self.show_delivery_list)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.walk_in.search_box.setFocus)
        for widget in (self.walk_in, self.walk_in_mode, self.call_off_button):
            widget.setEnabled(self.can_edit)

    # state

    @property
    def day(self) -> dt.date:
        return self.day_edit.date().toPython()

    @property
    def meal(self) -> str:
        return self.meal_box.currentData()

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    def reload(self) -> None:
        day = self.day
        self.model.set_rows(sheet(self.context.store, day, self.meal))
        status = month_status(self.context.store, day)
        self.locked_reason = (
            _("{month} is closed: sign-ins cannot be changed").format(month=month_key(day))
            if status.closed
            else ""
        )
        self._say(self.locked_reason)
        self.update_counters()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def update_counters(self) -> None:
        today = summary.today_meals(self.context.store, self.day)
        parts = []
        for count in today.meals:
            modes = " · ".join(
                f"{mode_label(mode)} {count.served[mode]}" for mode in MODES if count.served[mode]
            )
            parts.append(
                _("{meal}: {served} of {expected} signed in").format(
                    meal=meal_label(count.meal), served=count.total_served, expected=count.expected
                )
                + (f" ({modes})" if modes else "")
            )
        self.counters.setText("   ".join(parts))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _changed(self, _changed: Changed) -> None:
        if not self._own_change:
            self.reload()

    def _refused(self) -> bool:
        if not self.can_edit:
            self._say(_("Your account can look at the sheet but not change it"))
            return True
        if self.locked_reason:
            self._say(self.locked_reason)
            return True
        return False

    def _run(self, call) -> tuple[bool, object]:
        self._own_change = True
        try:
            return run_op(self, self.context, call)
        finally:
            self._own_change = False

    # actions

    def _clicked(self, index) -> None:
        if index.column() == STATUS_COLUMN:
            self.toggle(index.row())

    def toggle(self, row: int) -> None:
        """Sign the diner of `row` in, or undo their sign-in; then go to the next row."""
        current = self.model.sheet_row(row)
        if current is None or self._refused():
            return
        store, day, meal = self.context.store, self.day, self.meal
        if current.status == "served":
            undone = _("Sign-in undone")
            ok, _result = self._run(
                lambda: signin.cancel(store, current.resident_id, day, meal, undone)
            )
            if not ok:
                return
            updated = dataclasses.replace(
                current, status="cancelled", cancel_reason=undone, subsidy_fen=0, copay_fen=0
            )
        else:
            ok, done = self._run(lambda: signin.sign_in(store, current.resident_id, day, meal))
            if not ok:
                return
            updated = dataclasses.replace(
                current,
                status="served",
                mode=done.mode,
                set_key=done.set_key,
                walk_in=done.walk_in,
                subsidy_fen=done.subsidy_fen,
                copay_fen=done.copay_fen,
                cancel_reason="",
            )
        self.model.replace_row(row, updated)
        self.update_counters()
        self._say("")
        next_row = min(row + 1, self.model.rowCount() - 1)
        self.view.setCurrentIndex(self.model.index(next_row, 0))

    def ask_call_off(self, row: int) -> None:
        current = self.model.sheet_row(row)
        if current is None or self._refused():
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(_("Call off a meal"))
        dialog.setLabelText(
            _("Why will {name} not have {meal}?").format(
                name=current.name, meal=meal_label(self.meal)
            )
        )
        dialog.setComboBoxItems([_(reason) for reason in CALL_OFF_REASONS])
        dialog.setComboBoxEditable(True)
        dialog.textValueSelected.connect(lambda reason: self.call_off(current.resident_id, reason))
        self.reason_dialog = dialog
        dialog.open()

    def call_off(self, resident_id: int, reason: str) -> None:
        store, day, meal = self.context.store, self.day, self.meal
        ok, _result = self._run(lambda: signin.cancel(store, resident_id, day, meal, reason))
        if ok:
            self._reload_keeping(resident_id)

    def sign_in_walk_in(self, resident_id: int) -> None:
        if self._refused():
            return
        row = self.model.row_of(resident_id)
        if row is not None and self.model.sheet_row(row).status != "served":
            self.walk_in.clear()
            self.toggle(row)
            return
        store, day, meal, mode = (
            self.context.store,
            self.day,
            self.meal,
            self.walk_in_mode.currentData(),
        )
        ok, _result = self._run(lambda: signin.sign_in(store, resident_id, day, meal, mode=mode))
        if ok:
            self.walk_in.clear()
            self._reload_keeping(resident_id)

    def _reload_keeping(self, resident_id: int) -> None:
        self.reload()
        row = self.model.row_of(resident_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))

    def show_delivery_list(self) -> None:
        from ui.meals.delivery_dialog import DeliveryDialog

        self.delivery_dialog = DeliveryDialog(self.context, self.day, self)
        self.delivery_dialog.open()
