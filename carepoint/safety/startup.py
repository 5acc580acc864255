"""The fast check when the app starts: quick_check and foreign keys, and if the data is damaged
a message that says so and where the last good backup is."""

from __future__ import annotations

import logging
from pathlib import Path

from carepoint.db import DB_FILE
from carepoint.i18n import _
from carepoint.safety import catalog
from carepoint.safety.facts import check_database

log = logging.getLogger(__name__)


def find_damage(data_dir: Path) -> list[str]:
    """Problems found by the quick check (a newer schema is open_store's to refuse)."""
    if not (Path(data_dir) / DB_FILE).is_file():
        return []
    report = check_database(Path(data_dir) / DB_FILE, quick=True)
    problems = report.integrity + report.foreign_keys
    if problems:
        log.warning("start-up check found %d problems", len(problems))
    return problems


def damage_message(data_dir: Path, problems: list[str], *, opened: bool = True) -> str:
    """What is wrong and what to do: where the last good backup is. Data too damaged to be
    `opened` at all can only be restored with the command (Settings cannot be reached)."""
    if opened:
        text = _(
            "The data in {folder} is damaged ({problem}). It is opened read-only: you can look "
            "and print, but changes are not kept."
        )
    else:
        text = _("The data in {folder} is damaged ({problem}) and cannot be opened.")
    text = text.format(folder=data_dir, problem=problems[0])
    last = catalog.last_good(data_dir)
    if not opened:
        return text + " " + _(
            "Restore a good backup with the command: carepoint --data-dir \"{folder}\" restore "
            "\"{file}\""
        ).format(folder=data_dir, file=last.file if last else _("backup file"))
    if last is None:
        return text + " " + _(
            "No backup of it was found here; if you have one on a USB drive, restore it in "
            "Settings → Backup."
        )
    return text + " " + _(
        "The last good backup is {file} of {time}: restore it in Settings → Backup, or with "
        "'carepoint restore'."
    ).format(file=last.file, time=last.made_at.replace("T", " "))
