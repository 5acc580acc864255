"""Automatic backups: one a day and one on leaving the app, thinned out to the newest of each of
the last 7 days, 4 weeks and 12 months (the numbers are a setting)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from pathlib import Path

from carepoint.db import DB_FILE
from carepoint.safety import catalog
from carepoint.safety.backup import make_backup, now_local
from carepoint.safety.catalog import AUTOMATIC, BackupRecord
from carepoint.safety.files import REPLACING_DATA

log = logging.getLogger(__name__)
KEEP_SETTING = "backup_keep"  # "days,weeks,months"
DEFAULT_KEEP = (7, 4, 12)


def parse_keep(text: str) -> tuple[int, int, int]:
    try:
        days, weeks, months = (max(int(part), 0) for part in text.split(","))
    except ValueError:
        return DEFAULT_KEEP
    return days, weeks, months


def keep_setting(data_dir: Path) -> tuple[int, int, int]:
    with contextlib.suppress(sqlite3.Error), contextlib.closing(
        sqlite3.connect(Path(data_dir) / DB_FILE)
    ) as connection:
        row = connection.execute("SELECT value FROM setting WHERE key = ?", [KEEP_SETTING])
        found = row.fetchone()
        if found:
            return parse_keep(found[0])
    return DEFAULT_KEEP


def to_keep(records: list[BackupRecord], keep: tuple[int, int, int]) -> set[str]:
    """The files to keep: the newest backup of each of the last N days, weeks and months, and
    the newest of all whatever the numbers (0 days, 0 weeks, 0 months still keeps one)."""
    # Records made within one second: the one recorded later is the newer.
    order = {id(r): index for index, r in enumerate(records)}
    newest_first = sorted(records, key=lambda r: (r.made_at, order[id(r)]), reverse=True)
    kept: set[str] = {newest_first[0].file} if newest_first else set()
    periods = (
        (keep[0], lambda d: d.date()),
        (keep[1], lambda d: d.isocalendar()[:2]),
        (keep[2], lambda d: (d.year, d.month)),
    )
    for count, period_of in periods:
        seen: list = []
        for record in newest_first:
            period = period_of(dt.datetime.fromisoformat(record.made_at))
            if period not in seen:
                if len(seen) == count:
                    break
                seen.append(period)
                kept.add(record.file)
    return kept


def rotate(data_dir: Path, keep: tuple[int, int, int] | None = None) -> list[str]:
    """Remove automatic backups that fell out of every period; returns the removed files."""
    records = catalog.load(data_dir)
    automatic = [r for r in records if r.kind in AUTOMATIC]
    # A backup whose file is gone cannot stand for its day, week or month: its record goes too.
    present = [r for r in automatic if Path(r.file).is_file()]
    kept = to_keep(present, keep or keep_setting(data_dir))
    removed = [r.file for r in automatic if r.file not in kept]
    for file in removed:
        with contextlib.suppress(OSError):
            Path(file).unlink(missing_ok=True)
    if removed:
        catalog.save(data_dir, [r for r in records if r.file not in removed])
        log.info("rotation removed %d automatic backups", len(removed))
    return removed


def daily_due(data_dir: Path, today: dt.date) -> bool:
    return not any(
        r.kind in AUTOMATIC and r.made_at[:10] == today.isoformat()
        for r in catalog.load(data_dir)
    )


def automatic_backup(data_dir: Path, kind: str, now: dt.datetime | None = None):
    """An automatic backup into backups/, then rotation. Returns the record (None when a daily
    one was already made today)."""
    now = now or now_local()
    if kind == "daily" and not daily_due(data_dir, now.date()):
        return None
    if not REPLACING_DATA.acquire(blocking=False):  # a restore is under way: not now
        return None
    try:
        record = make_backup(data_dir, kind=kind, now=now)
        rotate(data_dir)
    finally:
        REPLACING_DATA.release()
    return record
