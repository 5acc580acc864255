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
    with store.db.atomic():
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

    return store is None or not store.is_initialised or not users.has_accounts()


def build_main_window(store: Store, session, *, demo: bool = False, **options):
    from ui.context import AppContext
    from ui.main_window import MainWindow

    store.actor = session.username
    return MainWindow(AppContext(store, session), demo=demo, **options)


def run(data_dir: Path | None = None, demo: bool = False) -> int:
    """`carepoint gui [--demo]`: returns the process exit code."""
    from PySide6.QtWidgets import QMessageBox

    from carepoint.db import default_data_dir
    from carepoint.errors import CarePointError
    from carepoint.safety.startup import damage_message, find_damage
    from carepoint.session import Session

    from ui.qt_setup import prepare_application

    app = prepare_application()
    demo_data: Demo | None = None
    try:
        if demo:
            apply_language(None)
            demo_data = make_demo()
            store = demo_data.store
            session = Session(DEMO_USERNAME, "administrator")
        else:
            folder = Path(data_dir) if data_dir else default_data_dir()
            damage = find_damage(folder)  # damaged data opens read-only instead of crashing
            store = _open_damaged(folder, damage) if damage else open_existing(folder)
            apply_language(store)
            if damage:
                QMessageBox.warning(None, "CarePoint", damage_message(folder, damage))
            if needs_setup(store):
                session, store = _first_run(folder, store)
            else:
                session = _sign_in(store)
            if session is None:
                if store is not None:
                    store.close()
                return 0
    except CarePointError as error:
        QMessageBox.critical(None, "CarePoint", error.message)
        return error.exit_code
    window = build_main_window(store, session, demo=demo)
    window.show()
    backups = None
    if not demo and not store.read_only:
        from ui.backup.auto import AutoBackup

        backups = AutoBackup(store.data_dir, window)
        backups.start()
    try:
        return app.exec()
    finally:
        if demo_data:
            demo_data.remove()
        else:
            store.close()
            if backups is not None:
                backups.at_exit()


def _open_damaged(folder: Path, damage: list[str]) -> Store:
    """Damaged data read-only; data too damaged to read at all is refused with the command
    that restores the last good backup."""
    from peewee import DatabaseError

    from carepoint.errors import CarePointError, IntegrityError
    from carepoint.models import User
    from carepoint.safety.startup import damage_message

    store = None
    try:
        store = open_existing(folder, read_only=True)
        store.setting("language")  # what signing in and every page read first
        User.select().count()
    except (CarePointError, DatabaseError):
        if store is not None:
            store.close()
        apply_language(None)
        raise IntegrityError(damage_message(folder, damage, opened=False)) from None
    return store


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
