"""导入数据包: choose the villages' package files (or a whole USB drive), give the passphrase, see
per village what a dry run finds (new / changed / unchanged / conflicts, new checks, refused
files and why), then import on confirmation. Both runs go on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from carepoint.change_areas import Changed
from carepoint.exchange.gui_support import sort_packages, village_packages_in
from carepoint.exchange.packages import status_label
from carepoint.i18n import _

from ui.context import AppContext
from ui.exchange.folder_chooser import FolderChooser
from ui.exchange.passphrase import PassphraseDialog
from ui.exchange.work import WorkBar
from ui.widgets import file_dialogs
from ui.widgets.lists import fill, read_only_table

COUNTS = ("new", "changed", "unchanged", "conflicts")


class TownshipImportPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.paths: list[Path] = []
        self.accepted: list[Path] = []
        self._passphrase: str | None = None
        self.passphrase_dialog: PassphraseDialog | None = None

        title = QLabel(_("Import the villages' packages"))
        title.setObjectName("pageTitle")
        self.add_files_button = QPushButton(_("Choose package files…"))
        self.source = FolderChooser()
        self.add_folder_button = QPushButton(_("Add the packages on it"))
        self.clear_button = QPushButton(_("Clear the list"))
        self.files = QListWidget()
        self.files.setObjectName("chosenFiles")
        self.check_button = QPushButton(_("Check (dry run)"))
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("primary")
        self.confirm_keys_button = QPushButton()
        self.confirm_keys_button.setObjectName("confirmKeysButton")
        self.confirm_dialog = None
        self.work = WorkBar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("importMessage")

        self.summary = read_only_table(
            [_("Village code"), _("Village"), _("Package"), _("File"), _("Result"), _("New"),
             _("Changed"), _("Unchanged"), _("Conflicts")],
            "packageSummary",
        )  # fmt: skip
        self.refused = read_only_table([_("File"), _("Why it was refused")], "refusedPackages")
        self.new_flags = read_only_table(
            [_("Village"), _("Check"), _("What was found")], "newFlags"
        )

        choose = QGroupBox(_("Packages to import"))
        choose_column = QVBoxLayout(choose)
        row = QHBoxLayout()
        row.addWidget(self.add_files_button)
        row.addWidget(QLabel(_("or a USB drive / folder")))
        row.addWidget(self.source, 1)
        row.addWidget(self.add_folder_button)
        row.addWidget(self.clear_button)
        choose_column.addLayout(row)
        choose_column.addWidget(self.files)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.work, 1)
        actions.addStretch(1)  # keeps the buttons their own size while the bar is hidden
        actions.addWidget(self.confirm_keys_button)
        choose_column.addLayout(actions)
        choose_column.addWidget(self.message)

        summary_box = QGroupBox(_("What the packages hold"))
        QVBoxLayout(summary_box).addWidget(self.summary)
        refused_box = QGroupBox(_("Refused packages"))
        QVBoxLayout(refused_box).addWidget(self.refused)
        flags_box = QGroupBox(_("New checks across villages"))
        QVBoxLayout(flags_box).addWidget(self.new_flags)
        lower = QSplitter()
        lower.addWidget(refused_box)
        lower.addWidget(flags_box)
        results = QSplitter(Qt.Orientation.Vertical)
        results.addWidget(summary_box)
        results.addWidget(lower)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(choose)
        layout.addWidget(results, 1)

        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button.clicked.connect(self.add_folder)
        self.clear_button.clicked.connect(self.clear)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.import_checked)
        self.confirm_keys_button.clicked.connect(self.confirm_keys)
        self.source.changed.connect(self._show_state)
        self.files.setFixedHeight(self.files.fontMetrics().height() * 6 + 16)  # a few packages
        self._show_state()

    def _show_state(self) -> None:
        from carepoint.exchange.confirmation import held_count

        idle, can_edit = not self.work.busy, self.context.session.can_edit
        held = held_count(self.context.store)
        self.confirm_keys_button.setText(
            _("Keys to confirm ({count})…").format(count=held)
        )
        self.confirm_keys_button.setEnabled(bool(held) and idle)
        self.add_folder_button.setEnabled(self.source.folder() is not None)
        self.check_button.setEnabled(bool(self.paths) and idle and can_edit)
        self.import_button.setEnabled(bool(self.accepted) and idle and can_edit)

    # choosing

    def choose_files(self) -> None:
        start = self.source.folder() or Path.home()
        names, _chosen = file_dialogs.get_open_file_names(
            self, _("The villages' packages"), str(start), _("CarePoint package (*.cpkg)")
        )
        self.add([Path(name) for name in names])

    def add_folder(self) -> None:
        folder = self.source.folder()
        if folder is not None:
            found = village_packages_in(folder)
            if not found:
                self.message.setText(_("No package in {folder}").format(folder=folder))
            self.add(found)

    def add(self, paths: list[Path]) -> None:
        added = [path for path in dict.fromkeys(paths) if path not in self.paths]
        for path in added:
            self.paths.append(path)
            self.files.addItem(str(path))
        if added:
            self._forget_check()

    def clear(self) -> None:
        self.paths.clear()
        self.files.clear()
        self._forget_check()

    def _forget_check(self) -> None:
        """A changed list needs a new dry run before anything is imported."""
        self.accepted = []
        self._passphrase = None
        self._show_state()

    # the dry run, then the import

    def check(self) -> None:
        if not self.paths or self.work.busy:
            return
        self.passphrase_dialog = PassphraseDialog(
            self.context.store, _("The passphrase opens the packages sealed to this office."), self
        )
        self.passphrase_dialog.accepted.connect(self._checked_passphrase)
        self.passphrase_dialog.open()

    def _checked_passphrase(self) -> None:
        self._passphrase = self.passphrase_dialog.passphrase
        self._run(dry_run=True)

    def import_checked(self) -> None:
        if self.accepted and self._passphrase is not None and not self.work.busy:
            self._run(dry_run=False)

    def _run(self, dry_run: bool) -> None:
        from carepoint.exchange.township_import import import_packages

        store, paths, passphrase = self.context.store, list(self.paths), self._passphrase
        actor = self.context.session

        def work(progress, _cancelled):
            accepted, refused = sort_packages(store, paths)
            result = None
            if accepted:
                result = import_packages(
                    store, accepted, passphrase, dry_run=dry_run, progress=progress, actor=actor
                )
            return [package.path for package in accepted], refused, result

        self.accepted = []
        text = _("Checking the packages…") if dry_run else _("Importing the packages…")
        self.work.start(work, self._finished, self._failed, text)
        self.work.cancel_button.setEnabled(False)  # one transaction: it ends whole or not at all
        self._show_state()

    def _finished(self, outcome) -> None:
        accepted, refused, result = outcome
        fill(self.refused, [[r.file, r.reason] for r in refused])
        packages = result.packages if result else []
        fill(self.summary, [
            [p.village_code, p.village_name, str(p.sequence), p.file, status_label(p.status),
             *(str(p.total(what)) for what in COUNTS)]
            for p in packages
        ])  # fmt: skip
        found = result.new_flags if result else []
        fill(self.new_flags, [[f.village_code, f.label, f.message] for f in found])
        waiting = [p for p in packages if p.status in ("would import", "awaiting confirmation")]
        if result is not None and not result.dry_run:
            self._passphrase = None
            text = _("Imported {count} packages; nothing else was changed.").format(
                count=sum(p.status == "imported" for p in packages)
            )
            held = sum(p.status == "awaiting confirmation" for p in packages)
            if held:
                text += " " + _(
                    "{count} packages are held until their village's key is confirmed against "
                    "its 入网确认单: press \"Keys to confirm\"."
                ).format(count=held)
            self.message.setText(text)
            self.context.changes.announce(Changed.EXCHANGE)
        elif waiting:
            self.accepted = accepted
            self.message.setText(
                _("Dry run: nothing was written yet. Check the summary, then press Import.")
            )
        else:
            self._passphrase = None
            self.message.setText(_("There is nothing new to import."))
        self._show_state()

    def confirm_keys(self) -> None:
        from ui.township.confirm_dialog import ConfirmKeysDialog

        self.confirm_dialog = ConfirmKeysDialog(self.context, self)
        self.confirm_dialog.finished.connect(self._show_state)
        self.confirm_dialog.open()

    def _failed(self, message: str) -> None:
        self._passphrase = None
        self.message.setText(_("Nothing was imported: {reason}").format(reason=message))
        self._show_state()
