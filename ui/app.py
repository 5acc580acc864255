"""Starting the desktop app: open the data folder, set up or sign in, show the main window.

Qt and the pages are imported inside the functions: start-up time is mostly imports, and
`carepoint gui` loads this module through an entry point before anything is shown.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from carepoint import i18n
from carepoint.db import Store

DEMO_RESIDENTS = 300
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "demo"


@dataclass
class Demo:
    store: Store
    folder: Path

    def remove(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def apply_language(store: Store | None) -> str:
    """The data folder's language (set in Settings), else the one already chosen (zh_CN)."""
    wanted = store.setting("language") if store is not None else ""
    try:
        locale = i18n.set_language(wanted or i18n.current_locale())
    except ValueError:
        locale = i18n.set_language(None)
    from ui.qt_setup import install_qt_translations

    install_qt_translations(locale)
    return locale


def make_demo(residents: int = DEMO_RESIDENTS, progress=None) -> Demo:
    """A generated village in a temporary folder, with the account admin / demo."""
    from carepoint import users
    from carepoint.db import open_store
    from carepoint.demo import generate_demo

    folder = Path(tempfile.mkdtemp(prefix="carepoint-demo-"))
    store = open_store(folder / "data", create=True, actor=DEMO_USERNAME)
    generate_demo(store, residents=residents, progress=progress)
    users.create_account(store, DEMO_USERNAME, DEMO_PASSWORD, "administrator", min_length=1)
    store.set_setting("rules_preset", "jurong")  # the demo village lies in Jurong
    return Demo(store, folder)


def open_existing(data_dir: Path, *, read_only: bool = False) -> Store | None:
    """The data folder if it exists (schema brought up to date), else None."""
    from carepoint.db import data_dir_exists, open_store

    if not data_dir_exists(data_dir):
        return None
    return open_store(data_dir, read_only=read_only)


def needs_setup(store: Store | None) -> bool:
    from carepoint import users

    return store is None or not store.is_initialised or not users.has_accounts(store)


def build_main_window(store: Store, session, *, demo: bool = False, **options):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    store.actor = session.username
    return MainWindow(AppContext(store, session), demo=demo, **options)


def run(data_dir: Path | None = None, demo: bool = False) -> int:
    """`carepoint gui [--demo]`: returns the process exit code."""

    from carepoint.errors import CarePointError
    from carepoint.session import Session

    from ui.qt_setup import prepare_application

    app = prepare_application()
    if demo:
        apply_language(None)
        demo_data = make_demo()
        window = build_main_window(
            demo_data.store, Session(DEMO_USERNAME, "administrator"), demo=True
        )
        window.show()
        try:
            return app.exec()
        finally:
            demo_data.remove()
    running = Running(Path(data_dir) if data_dir else None)
    try:
        if not running.open_and_sign_in():
            return 0
    except CarePointError as error:
        running.stop_check()
        tell(None, error.message, critical=True)
        return error.exit_code
    running.show_main_window()
    code = 1
    try:
        code = app.exec()
        return code
    finally:
        if not running.close():
            _end_now(code)  # a worker still reading the file: no one waits for it


class Running:
    """One session of the app on a data folder: opened without reading the whole file, the
    whole-file check behind the window (damage found later reopens the data read-only), the
    automatic backups, and a close that waits for nothing."""

    def __init__(self, data_dir: Path | None):
        from carepoint.db import default_data_dir

        self.folder = data_dir or default_data_dir()
        self.store: Store | None = None
        self.session = None
        self.window = None
        self.backups = None
        self.check = None
        self.damage: list[str] = []
        self.clean_start = False

    def open_and_sign_in(self) -> bool:

        from carepoint.binding import bind_here
        from carepoint.safety.startup import damage_message, unchanged_since_backup

        from ui.startup_check import BackgroundCheck

        # read before anything opens the file: were all its changes backed up last time?
        self.clean_start = unchanged_since_backup(self.folder)
        self.store, self.damage = _open(self.folder)
        if self.store is not None and not self.damage:
            self.check = BackgroundCheck(self.folder)
            self.check.damaged.connect(self._damage_found)
            self.check.start()
        if self.store is not None:  # signing in reads accounts on this thread, from this store
            bind_here(self.store.db)
        apply_language(self.store)
        if self.damage:
            tell(None, damage_message(self.folder, self.damage))
        if needs_setup(self.store):
            self.session, self.store = _first_run(self.folder, self.store)
        else:
            self.session = _sign_in(self.store)
        if self.session is None:
            self.stop_check()
            if self.store is not None:
                self.store.close()
            return False
        if self.check is not None:
            self.check.deliver_if_finished()
        if self.damage and not self.store.read_only:  # found while signing in
            self._reopen_read_only()
        return True

    def show_main_window(self) -> None:
        self.window = build_main_window(self.store, self.session)
        self.window.show()
        if not self.store.read_only:
            from ui.backup.auto import AutoBackup

            self.backups = AutoBackup(
                self.store.data_dir, self.window, clean_start=self.clean_start
            )
            self.window.context.changes.changed.connect(self.backups.changed)
            self.backups.start()

    def _damage_found(self, problems: list[str]) -> None:
        """The background check found damage: say so at once, and stop writing to the file."""

        from carepoint.safety.startup import damage_message

        if self.window is not None and not self.window.isVisible():
            return  # the app is closing: nothing more is written, the next start checks again
        self.damage = problems
        tell(self.window, damage_message(self.folder, problems))
        if self.window is not None and self.window.isVisible():
            from PySide6.QtWidgets import QApplication

            from carepoint.errors import CarePointError

            try:
                self._reopen_read_only()
            except CarePointError as error:
                tell(self.window, error.message, critical=True)
                QApplication.instance().exit(error.exit_code)
                return
            old, self.window = self.window, None
            self.show_main_window()
            old.close()
            old.deleteLater()

    def _reopen_read_only(self) -> None:
        if self.backups is not None:
            self.backups.at_exit(wait_ms=0)  # never a backup of damaged data
            self.backups = None
        writable, self.store = self.store, None
        writable.close()
        self.store = _open_damaged(self.folder, self.damage)

    def stop_check(self) -> None:
        if self.check is not None:
            self.check.stop()

    def close(self) -> bool:
        """After the event loop: the data closed and nothing waited for (the check is left to
        end by itself, the home figures give up at once). False when a backup is still
        verifying its copy: the process then ends without waiting (a half-made copy is a
        temporary file, and the next start backs up again)."""
        from ui.tasks import stop_all

        self.stop_check()
        stop_all()
        if self.store is not None:
            self.store.close()
        return self.backups.at_exit() if self.backups is not None else True


def _open(folder: Path) -> tuple[Store | None, list[str]]:
    """The data folder opened as usual; only data that cannot be opened is checked now, to open
    it read-only or say how to restore it (carepoint.safety.startup)."""
    from carepoint.errors import IntegrityError
    from carepoint.safety.startup import DamagedBeyondViewing, damage_message, open_or_find_damage

    try:
        return open_or_find_damage(folder)
    except DamagedBeyondViewing as refused:
        apply_language(None)  # the refusal is read before any language was chosen
        raise IntegrityError(damage_message(folder, refused.problems, opened=False)) from None


def tell(parent, text: str, *, critical: bool = False) -> None:
    """A message the user must read before going on (a box of our own, modal to `parent`)."""
    from PySide6.QtWidgets import QMessageBox

    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning
    box = QMessageBox(icon, "CarePoint", text, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def _end_now(code: int) -> None:
    """End the process while an automatic backup still verifies its copy: the data is closed,
    the half-made copy is a temporary file removed later, and no clean close was recorded."""
    import logging
    import os
    import sys

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)


def _open_damaged(folder: Path, damage: list[str]) -> Store:
    """Damaged data read-only; data too damaged to read at all is refused with the command
    that restores the last good backup."""
    from carepoint.errors import IntegrityError
    from carepoint.safety.startup import DamagedBeyondViewing, damage_message, open_damaged

    try:
        return open_damaged(folder, damage)
    except DamagedBeyondViewing:
        apply_language(None)  # the refusal is read before any language was chosen
        raise IntegrityError(damage_message(folder, damage, opened=False)) from None


def _first_run(folder: Path, store: Store | None):
    from PySide6.QtWidgets import QDialog

    from ui.first_run import FirstRunWizard

    initialised = store is not None and store.is_initialised
    if store is not None and not initialised:
        store.close()  # initialise() opens the folder itself
    wizard = FirstRunWizard(folder, store if initialised else None)
    if wizard.exec() != QDialog.DialogCode.Accepted:
        return None, None
    return wizard.session, wizard.store


def _sign_in(store: Store):
    from PySide6.QtWidgets import QDialog

    from ui.sign_in import SignInDialog

    dialog = SignInDialog(store)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.session
