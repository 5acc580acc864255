"""活动: the month's activities on the left; on the right, attendance signed in with the keyboard
alone, like the meal sign-in sheet: type a name, pinyin or initials, Enter signs the person in
and the box is ready for the next; a visitor is typed by name; Delete takes a sign-in back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carepoint.change_areas import Changed
from carepoint.i18n import _, format_date
from carepoint.ledgers import activities

from ui.context import AppContext
from ui.ledgers.common import current_key, date_box, fill, from_qdate, open_modal, table
from ui.ops import run_op
from ui.widgets.resident_picker import ResidentPicker


class AttendeeList(QListWidget):
    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Delete and self.currentItem() is not None:
            self.parent().withdraw_current()
            return
        super().keyPressEvent(event)


class ActivitiesTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.dialog = None
        self.month_edit = date_box(self, month_only=True)
        self.new_button = QPushButton(_("New activity…"), self)
        self.new_button.setEnabled(context.session.can_edit)
        self.photo_button = QPushButton(_("Add photos…"), self)
        self.photo_button.setEnabled(False)
        self.view = table(self, [_("Date"), _("Kind"), _("Activity"), _("Place"), _("Attended")])
        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)

        self.activity_label = QLabel(_("Choose an activity on the left"), self)
        self.activity_label.setObjectName("activityTitle")
        self.picker = ResidentPicker(context.store, _("Resident: name, pinyin or initials"), self)
        self.visitor_edit = QLineEdit(self)
        self.visitor_edit.setPlaceholderText(_("Visitor's name, then Enter"))
        self.attendees = AttendeeList(self)
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month"), self))
        top.addWidget(self.month_edit)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.photo_button)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.view, 1)
        left.addWidget(self.counts_label)
        right = QVBoxLayout()
        right.addWidget(self.activity_label)
        right.addWidget(self.picker)
        right.addWidget(self.visitor_edit)
        right.addWidget(self.attendees, 1)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

        self.month_edit.dateChanged.connect(lambda _d: self.refresh())
        self.new_button.clicked.connect(self.new_activity)
        self.photo_button.clicked.connect(self.choose_photos)
        self.view.itemSelectionChanged.connect(self._show_attendees)
        self.picker.chosen.connect(self.sign_in_resident)
        self.visitor_edit.returnPressed.connect(self.sign_in_visitor)
        self._set_signing(False)
        self.refresh()

    def _set_signing(self, enabled: bool) -> None:
        enabled = enabled and self.context.session.can_edit
        self.photo_button.setEnabled(enabled)
        self.picker.setEnabled(enabled)
        self.visitor_edit.setEnabled(enabled)

    def current_activity(self) -> int | None:
        return current_key(self.view)

    def refresh(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.current_activity()
        month = from_qdate(self.month_edit.date()).replace(day=1)
        store = self.context.store
        found = activities.list_activities(store, month)
        rows = [[format_date(a.activity_date), activities.kind_label(a.kind), a.title, a.place,
                 a.attendance] for a in found]  # fmt: skip
        fill(self.view, rows, [a.id for a in found])
        for row, activity in enumerate(found):
            if activity.id == keep:
                self.view.selectRow(row)
        counts = activities.month_counts(store, month)
        parts = [
            _("{kind}: {activities} activities, {attendance} attended").format(
                kind=activities.kind_label(kind),
                activities=counts.activities_by_kind[kind],
                attendance=counts.attendance_by_kind[kind],
            )  # fmt: skip
            for kind in activities.KINDS
            if counts.activities_by_kind[kind]
        ]
        people = _("{count} people took part").format(count=len(counts.people))
        self.counts_label.setText(_("; ").join([*parts, people]) if parts else "")
        self._show_attendees()

    def new_activity(self) -> None:
        from ui.ledgers.activity_dialog import ActivityDialog

        open_modal(self, ActivityDialog(self.context, self)).accepted.connect(self._created)

    def _created(self) -> None:
        created = self.dialog.created
        if created:
            from ui.ledgers.common import to_qdate

            self.month_edit.setDate(to_qdate(created.activity_date))
            self.refresh(keep=created.id)
            self.picker.search_box.setFocus()

    def _show_attendees(self) -> None:
        activity_id = self.current_activity()
        self.attendees.clear()
        self._set_signing(activity_id is not None)
        if activity_id is None:
            self.activity_label.setText(_("Choose an activity on the left"))
            return
        activity = activities.get_activity(self.context.store, activity_id)
        self.activity_label.setText(
            _("{date} {title}: {count} attended").format(
                date=format_date(activity.activity_date),
                title=activity.title,
                count=activity.attendance,
            )  # fmt: skip
        )
        for person in activities.attendees(self.context.store, activity_id):
            label = f"{person.name}  {person.group_name or _('visitor')}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            self.attendees.addItem(item)

    def _sign(self, resident_id: int | None, visitor: str) -> bool:
        activity_id = self.current_activity()
        if activity_id is None:
            return False
        store = self.context.store
        done, _person = run_op(
            self, self.context,
            lambda: activities.sign_in(store, activity_id, resident_id, visitor),
            touches=Changed.LEDGERS, refused=self.message.setText,
            success=lambda person: self._after_change(
                activity_id, _("{name} signed in").format(name=person.name)),
        )  # fmt: skip
        return done

    def sign_in_resident(self, resident_id: int) -> None:
        self._sign(resident_id, "")
        self.picker.clear()
        self.picker.search_box.setFocus()

    def sign_in_visitor(self) -> None:
        if self._sign(None, self.visitor_edit.text()):
            self.visitor_edit.clear()

    def withdraw_current(self) -> None:
        item = self.attendees.currentItem()
        activity_id = self.current_activity()
        if item is None or activity_id is None or not self.context.session.can_edit:
            return
        store, attendance = self.context.store, item.data(Qt.ItemDataRole.UserRole)
        said = _("{name}'s sign-in was taken back").format(name=item.text().split("  ")[0])
        run_op(
            self, self.context, lambda: activities.withdraw(store, attendance),
            touches=Changed.LEDGERS, refused=self.message.setText,
            success=lambda _withdrawn: self._after_change(activity_id, said),
        )  # fmt: skip

    def _after_change(self, activity_id: int, said: str) -> None:
        # The list's counts and the right-hand side change; the activity stays chosen.
        self.message.setText(said)
        self.refresh(keep=activity_id)

    def choose_photos(self) -> None:
        from ui.ledgers.common import choose_photo_files

        paths = choose_photo_files(self)
        if paths:
            self.add_photos(paths)

    def add_photos(self, paths: list) -> bool:
        from carepoint.ledgers.photos import add_photos

        activity_id = self.current_activity()
        if activity_id is None:
            return False
        ok, names = run_op(
            self, self.context,
            lambda: add_photos(self.context.store, "activity", activity_id, paths),
            touches=Changed.LEDGERS,
        )  # fmt: skip
        if ok:
            self.message.setText(_("Photos kept: {names}").format(names="、".join(names)))
            self.refresh(keep=activity_id)
        return ok
