"""Settings → Backup as an administrator uses it: back up to a USB folder, restore a backup after
seeing what it holds, refuse a damaged one; and the automatic backups of the running app."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3

import pytest
from builders import add

from PySide6.QtCore import Qt

from carepoint.db import DB_FILE
from carepoint.i18n import _
from carepoint.permissions import local_administrator
from carepoint.safety import catalog
from carepoint.safety.backup import make_backup

from ui.settings_page import SettingsPage


@pytest.fixture
def section(qtbot, context):
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    return page.backup


def residents_on_disk(folder) -> int:
    with contextlib.closing(sqlite3.connect(folder / DB_FILE)) as connection:
        return connection.execute("SELECT count(*) FROM resident").fetchone()[0]


def choose(qtbot, section, button, path) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = section.file_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.selectFile(str(path))
    dialog.accept()


def test_backing_up_to_a_usb_folder_shows_progress_and_says_where(
    qtbot, section, village, tmp_path, answer_message_box
):
    add(village, "张三")
    usb = tmp_path / "usb"
    usb.mkdir()
    assert section.last_label.text() == _("No backup has been made yet.")
    seen = answer_message_box()
    choose(qtbot, section, section.backup_button, usb)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert type(section.file_dialog.proxyModel()).__name__ == "ChineseFileColumns"  # in Chinese
    (written,) = usb.glob("*.sqlite3")
    assert str(written.resolve()) in seen[0]
    assert residents_on_disk_file(written) == 1
    assert written.name in section.last_label.text()
    assert section.backup_button.isEnabled()


def residents_on_disk_file(path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT count(*) FROM resident").fetchone()[0]


def test_restore_shows_the_backup_first_then_replaces_the_data_and_closes(
    qtbot, section, village, answer_message_box
):
    add(village, "张三")
    record = make_backup(village.data_dir, actor=local_administrator("tester"))
    add(village, "李四", birth=dt.date(1948, 1, 2), sequence=2)
    window = section.window()
    choose(qtbot, section, section.restore_button, record.file)
    qtbot.waitUntil(lambda: section.restore_dialog is not None and
                    section.restore_dialog.isVisible(), timeout=10_000)
    dialog = section.restore_dialog
    assert dialog.values[_("Residents")].text() == "1"
    assert dialog.values[_("Village")].text() == "桃园村 (321183104201)"
    assert residents_on_disk(village.data_dir) == 2  # nothing changed while looking
    seen = answer_message_box()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert residents_on_disk(village.data_dir) == 1
    (safety,) = [r for r in catalog.load(village.data_dir) if r.kind == "safety"]
    assert safety.file in seen[0]
    assert residents_on_disk_file(safety.file) == 2


def test_going_back_from_the_restore_dialog_changes_nothing(qtbot, section, village):
    add(village, "张三")
    record = make_backup(village.data_dir, actor=local_administrator("tester"))
    add(village, "李四", birth=dt.date(1948, 1, 2), sequence=2)
    choose(qtbot, section, section.restore_button, record.file)
    qtbot.waitUntil(lambda: section.restore_dialog is not None and
                    section.restore_dialog.isVisible(), timeout=10_000)
    section.restore_dialog.reject()
    assert residents_on_disk(village.data_dir) == 2
    assert not [p for p in village.data_dir.iterdir() if p.name.endswith(".part")]


def test_a_damaged_backup_is_refused_with_the_reason(qtbot, section, village, tmp_path,
                                                     answer_message_box):
    broken = tmp_path / "carepoint-321183104201-20261101-080000.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + bytes(5000))
    seen = answer_message_box()
    choose(qtbot, section, section.restore_button, broken)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert broken.name in seen[0]
    assert section.restore_dialog is None
    assert section.restore_button.isEnabled()


def test_a_viewer_may_neither_back_up_nor_restore(qtbot, village):
    from carepoint.session import Session

    from ui.context import AppContext

    page = SettingsPage(AppContext(village, Session("viewer1", "viewer")))
    qtbot.addWidget(page)
    assert not page.backup.backup_button.isEnabled()
    assert not page.backup.restore_button.isEnabled()
    assert not any(box.isEnabled() for box in page.backup.keep)


def test_the_core_refuses_a_viewers_backup_even_when_the_section_asks_for_one(
    qtbot, village, tmp_path, answer_message_box
):
    from carepoint.session import Session

    from ui.context import AppContext

    page = SettingsPage(AppContext(village, Session("viewer1", "viewer")))
    qtbot.addWidget(page)
    usb = tmp_path / "usb"
    usb.mkdir()
    seen = answer_message_box()

    page.backup.backup_to(str(usb))

    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert _("Only a clerk or an administrator may back up the data.") in seen[0]
    assert list(usb.iterdir()) == []


def test_a_clerk_may_back_up_but_not_restore(qtbot, village):
    from carepoint.session import Session

    from ui.context import AppContext

    page = SettingsPage(AppContext(village, Session("clerk1", "clerk")))
    qtbot.addWidget(page)
    assert page.backup.backup_button.isEnabled()
    assert not page.backup.restore_button.isEnabled()


def test_the_numbers_of_backups_kept_are_saved(qtbot, section, village):
    section.keep[0].setValue(10)
    assert village.setting("backup_keep") == "10,4,12"


def test_damaged_data_opened_read_only_is_mended_by_restoring_the_last_good_backup(
    qtbot, village, answer_message_box
):
    from carepoint.db import open_store
    from carepoint.safety.facts import check_database
    from carepoint.session import Session

    from ui.context import AppContext

    add(village, "张三")
    good = make_backup(village.data_dir, actor=local_administrator("tester"))
    village.close()
    with contextlib.closing(sqlite3.connect(village.data_dir / DB_FILE)) as db, db:
        db.execute("INSERT INTO carer (uuid, created_at, updated_at, resident_id, name)"
                   " VALUES ('c1', '2026-01-01', '2026-01-01', 4242, '王五')")
    assert not check_database(village.data_dir / DB_FILE).ok
    damaged = open_store(village.data_dir, read_only=True)
    page = SettingsPage(AppContext(damaged, Session("admin", "administrator")))
    qtbot.addWidget(page)
    page.show()
    section = page.backup
    choose(qtbot, section, section.restore_button, good.file)
    qtbot.waitUntil(lambda: section.restore_dialog is not None and
                    section.restore_dialog.isVisible(), timeout=10_000)
    seen = answer_message_box()
    qtbot.mouseClick(section.restore_dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert check_database(village.data_dir / DB_FILE).ok
    assert residents_on_disk(village.data_dir) == 1
    (safety,) = [r for r in catalog.load(village.data_dir) if r.kind == "safety"]
    assert safety.file in seen[0]  # the damaged data itself is kept, not thrown away
    with contextlib.closing(sqlite3.connect(safety.file)) as kept:
        assert kept.execute("SELECT resident_id FROM carer WHERE uuid = 'c1'").fetchall() == [
            (4242,)
        ]
