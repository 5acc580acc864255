"""`carepoint gui` on damaged data: a message that names the last good backup, then the app
opens read-only instead of crashing; sound data opens as usual."""

from __future__ import annotations

import contextlib
import sqlite3

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from carepoint.db import DB_FILE
from carepoint.i18n import _
from carepoint.permissions import local_administrator
from carepoint.safety import catalog
from carepoint.safety.backup import make_backup

from ui import app as app_module


class _ClaimBoxes(QObject):
    """Marks each message box expected in its show event, before the stray-box guard's timer can
    run inside the box's own loop (polling alone lost that race on a loaded machine)."""

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            watched.setProperty("expected", True)
        return False


def act_on_windows(steps: dict):
    """Each top-level window type, when it shows, gets its step (dialogs run their own loop)."""
    timer = QTimer()
    if "QMessageBox" in steps:
        timer.claim = _ClaimBoxes(timer)
        QApplication.instance().installEventFilter(timer.claim)
    timer.setInterval(20)
    done = set()

    def check():
        for widget in QApplication.topLevelWidgets():
            kind = type(widget).__name__
            if kind in steps and kind not in done and widget.isVisible():
                done.add(kind)
                steps[kind](widget)

    timer.timeout.connect(check)
    timer.start()
    return timer


def run_app(folder, passwords, seen):
    def message(box):
        seen["message"] = box.text()
        box.accept()

    def sign_in(dialog):
        QTest.keyClicks(dialog.form.username, "admin")
        QTest.keyClicks(dialog.form.password, passwords["admin"])
        dialog.form.sign_in_button.click()

    def main_window(window):
        seen["read_only"] = window.context.store.read_only
        window.close()
        QApplication.quit()

    _watch = act_on_windows(
        {"QMessageBox": message, "SignInDialog": sign_in, "MainWindow": main_window}
    )
    try:
        return app_module.run(data_dir=folder)
    finally:
        _watch.stop()
        QApplication.instance().removeEventFilter(_watch.claim)
        QCoreApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)


def test_damaged_data_opens_read_only_with_the_last_good_backup_named(village, passwords):
    good = make_backup(village.data_dir, actor=local_administrator("tester"))
    village.close()
    with contextlib.closing(sqlite3.connect(village.data_dir / DB_FILE)) as db, db:
        db.execute("INSERT INTO carer (uuid, created_at, updated_at, resident_id, name)"
                   " VALUES ('c1', '2026-01-01', '2026-01-01', 4242, '王五')")
    seen = {}
    code = run_app(village.data_dir, passwords, seen)
    assert code == 0
    assert good.file in seen["message"] and seen["read_only"] is True
    assert _("It is opened read-only") in seen["message"] or "只读" in seen["message"]
    assert [r.kind for r in catalog.load(village.data_dir)] == ["manual"]  # no backup of damage
    assert query_carer(village.data_dir) == [(4242,)]  # the file itself was left as it was


def test_sound_data_opens_writable_and_closing_waits_for_no_backup(village, passwords):
    # (the backup of the session's work is made during the session or by the next start:
    # tests/ui/safety/test_auto_backup.py)
    village.close()
    seen = {}
    assert run_app(village.data_dir, passwords, seen) == 0
    assert "message" not in seen and seen["read_only"] is False
    assert catalog.load(village.data_dir) == []


def query_carer(folder):
    with contextlib.closing(sqlite3.connect(folder / DB_FILE)) as db:
        return db.execute("SELECT resident_id FROM carer WHERE uuid = 'c1'").fetchall()


def test_data_too_damaged_to_open_is_refused_naming_the_restore_command(village, passwords):
    from safety.safety_helpers import damage

    good = make_backup(village.data_dir, actor=local_administrator("tester"))
    village.close()
    damage(village.data_dir / DB_FILE, first_page=1, pages=40)
    seen = {}
    code = run_app(village.data_dir, passwords, seen)
    assert code == 3 and "read_only" not in seen  # no window on unreadable data
    assert f'restore "{good.file}"' in seen["message"] and "无法打开" in seen["message"]
    assert str(village.data_dir) in seen["message"]
    assert [r.kind for r in catalog.load(village.data_dir)] == ["manual"]


def test_a_file_that_is_no_database_is_refused_naming_the_restore_command(village, passwords):
    good = make_backup(village.data_dir, actor=local_administrator("tester"))
    village.close()
    with open(village.data_dir / DB_FILE, "r+b") as handle:
        handle.write(b"not a database" * 8)
    seen = {}
    assert run_app(village.data_dir, passwords, seen) == 3
    assert f'restore "{good.file}"' in seen["message"]
