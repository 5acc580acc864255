"""数据交换 (village): write the next package for the township onto a USB drive, import the
township's return package, and see what was sent, what the township acknowledged and what it said.

A care point that has not joined its township yet is told how to, and can choose the enrollment
file here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from carepoint.change_areas import Changed
from carepoint.errors import UserInputError
from carepoint.exchange import keys, packages
from carepoint.exchange.enrollment import enroll_from_file, is_enrolled
from carepoint.i18n import N_, _

from ui.context import AppContext
from ui.exchange.folder_chooser import choose_enrollment_file, still_there
from ui.exchange.passphrase import PassphraseDialog
from ui.exchange.recovery_dialog import VillageKeyBox
from ui.exchange.work import WriteToBox, when
from ui.ops import run_op
from ui.widgets import file_dialogs
from ui.widgets.lists import fill, read_only_table

PACKAGE_KINDS = {
    ("sent", "village"): N_("sent to the township"),
    ("received", "return"): N_("return from the township"),
}
NOTE_STATES = {
    "approved": N_("approved"),
    "rejected": N_("returned for correction"),
}
EXPORT_STEPS = 2  # export_package reports two steps before it writes


def describe_sent(result) -> str:
    return _("Package {seq} with {count} records written to {file}").format(
        seq=result.sequence, count=sum(result.counts.values()), file=result.path
    )


class ExchangePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.recovery: str | None = None  # the recovery passphrase, once typed this session
        self.passphrase_dialog: PassphraseDialog | None = None
        title = QLabel(_("Data exchange with the township"))
        title.setObjectName("pageTitle")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.join_button = QPushButton(_("Choose the enrollment file…"))

        send = WriteToBox(
            _("Send this month's data to the township"), _("Write the package"), "exchangeMessage"
        )
        self.destination, self.export_button = send.destination, send.button
        self.work, self.message = send.work, send.message
        self.export_button.setObjectName("primary")

        self.history = read_only_table(
            [_("Package"), _("Number"), _("File"), _("Written or read"), _("Acknowledged")],
            "packageHistory",
        )
        self.import_button = QPushButton(_("Import a return package…"))
        self.notes = read_only_table(
            [_("About"), _("Month"), _("Township's result"), _("Comment")], "townshipNotes"
        )
        history_box = QGroupBox(_("Packages"))
        QVBoxLayout(history_box).addWidget(self.history)
        notes_box = QGroupBox(_("From the township: reviews and checks"))
        notes_column = QVBoxLayout(notes_box)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.import_button)
        notes_row.addStretch(1)
        notes_column.addLayout(notes_row)
        notes_column.addWidget(self.notes)
        lists = QSplitter()
        lists.addWidget(history_box)
        lists.addWidget(notes_box)
        lists.setStretchFactor(0, 3)  # the package list has the longer lines (file names)
        lists.setStretchFactor(1, 2)

        head = QHBoxLayout()
        head.addWidget(self.status, 1)
        head.addWidget(self.join_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(head)
        self.key_box = VillageKeyBox(context)
        layout.addWidget(self.key_box)
        layout.addWidget(send)
        layout.addWidget(lists, 1)

        self.join_button.clicked.connect(self.choose_enrollment)
        self.export_button.clicked.connect(self.export_package)
        self.import_button.clicked.connect(self.choose_return)
        self.destination.changed.connect(self._show_state)
        context.changes.follow(self, Changed.EXCHANGE | Changed.SETTINGS, self._changed)
        self.refresh()

    @property
    def can_edit(self) -> bool:
        return self.context.session.can_edit

    def _changed(self, areas: set[str]) -> None:
        if "exchange" in areas or "settings" in areas:
            self.refresh()

    def refresh(self) -> None:
        store = self.context.store
        enrolled = is_enrolled(store)
        if enrolled:
            sent = packages.history(store, "sent")
            self.status.setText(
                _("This care point sends its data to {township}. Packages sent: {count}.").format(
                    township=store.setting("exchange_township_name"), count=len(sent)
                )
            )
        else:
            self.status.setText(
                _("This care point has not joined its township yet. Ask the township office"
                  " for this village's enrollment file (a .json file, e.g. on a USB drive) and"
                  " choose it here; then packages can be written for the township.")
            )  # fmt: skip
        self.join_button.setVisible(not enrolled)
        self.key_box.refresh()
        self._fill_history()
        self._fill_notes()
        self._show_state()

    def _show_state(self) -> None:
        enrolled = is_enrolled(self.context.store)
        idle = not self.work.busy
        self.join_button.setEnabled(self.can_edit)
        self.export_button.setEnabled(
            enrolled and self.can_edit and idle and self.destination.folder() is not None
        )
        self.import_button.setEnabled(enrolled and self.can_edit and idle)

    def _fill_history(self) -> None:
        rows = []
        for record in packages.history(self.context.store):
            kind = PACKAGE_KINDS.get((record.direction, record.kind))
            acknowledged = ""
            if record.direction == "sent":
                acknowledged = when(record.acknowledged_at) or _("not yet")
            rows.append(
                [_(kind) if kind else record.kind, str(record.sequence), record.file_name,
                 when(record.recorded_at), acknowledged]
            )  # fmt: skip
        fill(self.history, rows)

    def _fill_notes(self) -> None:
        from carepoint.exchange.flags import KINDS
        from carepoint.exchange.village_return import township_notes

        rows = []
        for note in township_notes(self.context.store):
            if note.kind == "review":
                about = _("review of the month")
                state = NOTE_STATES.get(note.state)
            else:
                about = _("check")
                state = KINDS.get(note.state)
            rows.append([about, note.month, _(state) if state else note.state, note.comment])
        fill(self.notes, rows)

    # joining the township

    def choose_enrollment(self) -> None:
        path = choose_enrollment_file(self)
        if path:
            self.join(path)

    def join(self, path: Path) -> None:
        store = self.context.store
        done, enrollment = run_op(
            self, self.context, lambda: enroll_from_file(store, path, actor=self.context.session),
            touches=Changed.EXCHANGE,
        )
        if done:
            self.message.setText(
                _("Joined {township}: packages can now be written for it.").format(
                    township=enrollment.township_name
                ) + "\n" + _(
                    "Print the 入网确认单 (This village's key) and give it to the township: the "
                    "first package is held there until the digits on it are confirmed."
                )
            )  # fmt: skip

    # sending

    def export_package(self) -> None:
        """A signing key locked with the recovery passphrase is opened once per session: the
        passphrase is asked at the first package and kept in memory until the app closes."""
        folder = self.destination.folder()
        if folder is None or self.work.busy or not self.can_edit:
            return
        if keys.sign_key_locked(self.context.store) and self.recovery is None:
            self.passphrase_dialog = PassphraseDialog(
                self.context.store, _("The recovery passphrase opens this village's signing key "
                                      "(asked once until CarePoint is closed)."),
                self, village_key=True,
            )  # fmt: skip
            self.passphrase_dialog.accepted.connect(self._unlocked)
            self.passphrase_dialog.open()
            return
        from carepoint.exchange.village_export import export_package

        store, actor, recovery = self.context.store, self.context.session, self.recovery

        def write(progress, cancelled):
            steps = iter(range(1, EXPORT_STEPS + 1))

            def step(_text: str) -> None:
                if cancelled():
                    raise UserInputError(_("Cancelled; nothing was written"))
                progress(next(steps, EXPORT_STEPS), EXPORT_STEPS + 1)

            return export_package(
                store, still_there(folder), progress=step, actor=actor, passphrase=recovery
            )

        self.message.clear()
        self.work.start(write, self._exported, self._export_failed,
                        _("Writing the package…"))  # fmt: skip
        self._show_state()

    def _unlocked(self) -> None:
        self.recovery = self.passphrase_dialog.passphrase
        self.export_package()

    def _exported(self, result) -> None:
        self.message.setText(
            describe_sent(result)
            + "\n"
            + _("It was read back and checked: take it to the township.")
        )
        self.context.changes.announce(Changed.EXCHANGE)

    def _export_failed(self, message: str) -> None:
        self.message.setText(_("No package was written: {reason}").format(reason=message))
        self._show_state()

    # the township's return package

    def choose_return(self) -> None:
        start = self.destination.folder() or Path.home()
        path, _chosen = file_dialogs.get_open_file_name(
            self, _("The return package from the township"), str(start),
            _("CarePoint package (*.cpkg)"),
        )  # fmt: skip
        if path:
            self.import_return(Path(path))

    def import_return(self, path: Path) -> None:
        """Dry run first: the cadre sees what the package would do, then confirms."""
        from carepoint.exchange.village_return import import_return

        store, actor = self.context.store, self.context.session
        done, preview = run_op(
            self, self.context, lambda: import_return(store, [path], dry_run=True, actor=actor),
            touches=Changed.NOTHING,
        )
        if not done:
            return
        if preview.status == "already imported":
            self.message.setText(preview.describe())
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, _("Import the return package?"),
            preview.describe() + "\n\n" + _("Import it now?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self,
        )  # fmt: skip
        box.setObjectName("returnPreview")
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        done, result = run_op(
            self, self.context, lambda: import_return(store, [path], actor=actor),
            touches=Changed.EXCHANGE | Changed.MEALS | Changed.SUBSIDIES | Changed.RULES,
        )  # fmt: skip
        if done:
            self.message.setText(result.describe())
