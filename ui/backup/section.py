"""The Backup section of Settings: back up to a folder or USB drive, restore from a backup, and
how many automatic backups to keep. Copying and checking run on a worker thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
)

from carepoint.i18n import _
from carepoint.permissions import may
from carepoint.safety import catalog
from carepoint.safety.backup import make_backup
from carepoint.safety.restore import apply_restore, prepare_restore
from carepoint.safety.rotation import KEEP_SETTING, parse_keep

from ui.context import AppContext
from ui.widgets import file_dialogs


class BackupSection(QGroupBox):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(_("Backup"), parent)
        self.context = context
        self.data_dir = context.store.data_dir
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        self.backup_button = QPushButton(_("Back up to a folder or USB drive…"))
        self.backup_button.clicked.connect(self.choose_folder)
        self.restore_button = QPushButton(_("Restore from a backup…"))
        self.restore_button.clicked.connect(self.choose_backup)
        # The core refuses these too (carepoint.permissions); the buttons only say so early.
        self.backup_button.setEnabled(may(context.session, "backup"))
        self.restore_button.setEnabled(may(context.session, "restore"))
        admin = context.session.can_manage_accounts
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch()

        self.keep = []
        keep_row = QHBoxLayout()
        saved = parse_keep(context.store.setting(KEEP_SETTING, ""))
        for value, suffix in zip(saved, (_(" days"), _(" weeks"), _(" months")), strict=True):
            box = QSpinBox()
            box.setRange(0, 120)
            box.setSuffix(suffix)
            box.setValue(value)
            box.setEnabled(admin and not context.store.read_only)
            box.valueChanged.connect(self._keep_chosen)
            keep_row.addWidget(box)
            self.keep.append(box)
        keep_row.addStretch()
        form = QFormLayout(self)
        form.addRow(self.last_label)
        form.addRow(buttons)
        form.addRow(_("Automatic backups kept"), keep_row)
        self.file_dialog: QFileDialog | None = None
        self.progress: QProgressDialog | None = None
        self.restore_dialog = None
        self.plan = None
        self.work = None  # the job on the window's task manager
        self.show_last()

    def show_last(self) -> None:
        last = catalog.last_good(self.data_dir)
        self.last_label.setText(
            _("Last backup: {time}, {file}").format(time=last.made_at.replace("T", " "),
                                                    file=last.file)
            if last else _("No backup has been made yet.")
        )

    def _keep_chosen(self) -> None:
        keep = ",".join(str(box.value()) for box in self.keep)
        self.context.store.set_setting(KEEP_SETTING, keep)

    def _dialog(self, title: str, mode: QFileDialog.FileMode, slot) -> QFileDialog:
        # Qt's own dialog (not the system's), so it is the same on every PC and in tests.
        dialog = QFileDialog(self, title)
        dialog.setFileMode(mode)
        file_dialogs.dress(dialog)  # Chinese sizes, types and dates; names shown whole
        dialog.fileSelected.connect(slot)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    # backing up

    def choose_folder(self) -> None:
        dialog = self._dialog(_("Choose the folder or USB drive for the backup"),
                              QFileDialog.FileMode.Directory, self.backup_to)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)

    def backup_to(self, folder: str) -> None:
        data_dir, actor = self.data_dir, self.context.session
        self._run(_("Backing up and checking the copy…"),
                  lambda progress, cancelled: make_backup(data_dir, folder, progress=progress,
                                                          cancelled=cancelled, actor=actor),
                  self._backed_up)

    def _backed_up(self, record) -> None:
        self._done()
        self.show_last()
        QMessageBox.information(self, _("Backup"), _("Backup written and checked: {file}").format(
            file=record.file))

    # restoring

    def choose_backup(self) -> None:
        dialog = self._dialog(_("Choose the backup to restore"),
                              QFileDialog.FileMode.ExistingFile, self.check_backup)
        dialog.setNameFilters([_("CarePoint backups (*.sqlite3)"), _("All files (*)")])

    def check_backup(self, path: str) -> None:
        data_dir = self.data_dir
        self._run(_("Checking the backup…"),
                  lambda _progress, _cancelled: prepare_restore(data_dir, path), self._checked)

    def _checked(self, plan) -> None:
        from ui.backup.restore_dialog import RestoreDialog

        self._done()
        self.plan = plan
        self.restore_dialog = RestoreDialog(plan, self)
        self.restore_dialog.finished.connect(self._answered)
        self.restore_dialog.open()

    def _answered(self, result: int) -> None:
        plan, self.plan = self.plan, None
        if result != QDialog.DialogCode.Accepted:
            plan.discard()
            return
        store, data_dir = self.context.store, self.data_dir
        actor = self.context.session
        typed = self.restore_dialog.key_passphrase.text() if self.restore_dialog else ""
        store.close()  # nothing may hold the data while it is replaced

        def restore(_progress, _cancelled):
            try:
                return apply_restore(plan, data_dir, actor=actor,
                                     key_passphrase=(lambda: typed) if typed else None)
            finally:
                plan.discard()

        self._run(_("Restoring…"), restore, self._restored)

    def _restored(self, result) -> None:
        self._done()
        QMessageBox.information(
            self, _("Restored"),
            _("The backup of {time} is back in place; the data as it was before is kept in "
              "{file}. CarePoint closes now: start it again.").format(
                time=result.facts.made_at.isoformat(sep=" ", timespec="minutes"),
                file=result.safety_copy or "—"))
        self.window().close()

    # the worker

    def _run(self, label: str, call, finished) -> None:
        self.progress = QProgressDialog(label, _("Cancel"), 0, 0, self)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.work = self.context.tasks.start(
            call, finished=finished, failed=self._failed, progress=self._progressed, owner=self
        )
        self.progress.canceled.connect(self.work.cancel)
        self.backup_button.setEnabled(False)
        self.restore_button.setEnabled(False)

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _done(self) -> None:
        if self.progress is not None:
            self.progress.reset()
        self.backup_button.setEnabled(may(self.context.session, "backup"))
        self.restore_button.setEnabled(may(self.context.session, "restore"))

    def _failed(self, message: str) -> None:
        self._done()
        QMessageBox.warning(self, _("Not done"), message)
