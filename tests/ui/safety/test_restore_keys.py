"""Restoring on a PC that lacks the village's keys: the restore dialog asks the recovery passphrase
from the 密钥恢复单 and the keys come back with the data."""

from __future__ import annotations

from PySide6.QtCore import Qt

from carepoint.exchange import keys
from carepoint.permissions import local_administrator
from carepoint.safety.backup import make_backup

from ui.settings_page import SettingsPage

RECOVERY = "taoyuan-recovery-2026"  # typed with QTest, which sends only ASCII


def test_the_restore_dialog_asks_the_recovery_passphrase_and_brings_the_keys_back(
    qtbot, context, village, answer_message_box
):
    keys.ensure_village_keys(village)
    keys.set_recovery_passphrase(village, RECOVERY, actor=local_administrator())
    sign = village.data_dir / "keys" / keys.VILLAGE[0]
    original = sign.read_bytes()
    record = make_backup(village.data_dir, actor=local_administrator("tester"))
    for name in (*keys.VILLAGE, keys.RECOVERY):  # as on a new PC: no keys
        (village.data_dir / "keys" / name).unlink()
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    section = page.backup

    qtbot.mouseClick(section.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.file_dialog is not None and section.file_dialog.isVisible())
    section.file_dialog.selectFile(record.file)
    section.file_dialog.accept()
    qtbot.waitUntil(lambda: section.restore_dialog is not None and
                    section.restore_dialog.isVisible(), timeout=10_000)  # fmt: skip
    dialog = section.restore_dialog
    assert dialog.key_passphrase.isVisible()
    qtbot.keyClicks(dialog.key_passphrase, RECOVERY)
    seen = answer_message_box()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)

    assert sign.read_bytes() == original
    assert (village.data_dir / "keys" / keys.RECOVERY).is_file()
