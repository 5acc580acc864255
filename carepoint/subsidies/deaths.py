"""Deaths the care point was not told about: a death list (火化 / 公安销户 / 卫健) against the
register.

A list is messy like any roster: ID numbers in any form (15 digits, a lower-case x, floats),
dates as 1938.2 or real cells, the death under 死亡日期, 火化日期 or 注销日期. A row matches a
person by ID number; a row whose ID matches nobody but whose name and birth date fit someone is
only a suggestion for a person to check. Matched people still 在册 are shown with what was paid
for the months after their death; applying the list records the deaths (which stops the
payments) in one transaction, and the recoveries (and approved months to correct before
payment) follow from them. At the township, the same list runs against every village's copy of
the register.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import clock, idcard
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _

_HEADERS = {
    "name": ("姓名", "死者姓名", "逝者姓名", "户主姓名", "名字"),
    "id_number": ("身份证号码", "公民身份号码", "身份证号", "身份证", "证件号码", "死者身份证号码"),
    "birth_date": ("出生日期", "出生年月", "出生年月日"),
    "death_date": (
        "死亡日期",
        "去世日期",
        "死亡时间",
        "去世时间",
        "逝世日期",
        "火化日期",
        "火化时间",
        "注销日期",
        "销户日期",
        "注销时间",
    ),  # fmt: skip
}
_NOISE = re.compile(r"[\s*:：()（）\[\]【】]+")


@dataclass
class DeathRow:
    row: int
    name: str
    id_number: str  # as normalised, or as written when it is not an ID number
    death_date: dt.date | None
    birth_date: dt.date | None = None


@dataclass
class Match:
    row: DeathRow
    resident_id: int
    name: str
    id_number: str
    status: str
    village: str = ""  # at the township: the village whose register holds the person
    paid_since_fen: int = 0  # paid for months after the death (owed back once recorded)
    paid_months: list[str] = field(default_factory=list)
    unpaid_months: list[str] = field(default_factory=list)  # approved, unpaid: to correct


@dataclass
class DeathImport:
    file: str
    rows: int = 0
    matched: list[Match] = field(default_factory=list)  # still 在册: deaths to record
    already: list[Match] = field(default_factory=list)  # recorded as deceased already
    suggestions: list[Match] = field(default_factory=list)  # name + birth date only
    unmatched: list[DeathRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    recorded: int = 0


def _key(text: object) -> str:
    import unicodedata

    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text or ""))).lower()


def read_death_list(path: Path) -> tuple[list[DeathRow], list[str]]:
    from carepoint.spreadsheet import read_rows
    from carepoint.spreadsheet.values import cell_text, parse_date

    raw = read_rows(path)
    wanted = {_key(t): name for name, texts in _HEADERS.items() for t in texts}
    columns: dict[str, int] = {}
    start = None
    for index, (_number, cells) in enumerate(raw.rows[:15]):
        found = {}
        for col, cell in enumerate(cells):
            name = wanted.get(_key(cell))
            if name and name not in found:
                found[name] = col
        if "death_date" in found and ("id_number" in found or "name" in found):
            columns, start = found, index
            break
    if start is None:
        raise UserInputError(
            _("{file} is not a death list: no row has the columns 姓名 or 身份证号码 and a date of"
              " death (死亡日期, 火化日期 or 注销日期)").format(file=Path(path).name)
        )  # fmt: skip
    rows, problems = [], []
    for number, cells in raw.rows[start + 1 :]:

        def cell(name, cells=cells):
            col = columns.get(name)
            return cells[col] if col is not None and col < len(cells) else None

        name = cell_text(cell("name")) or ""
        written = cell("id_number")
        if not name and not cell_text(written):
            continue
        if any(marker in name for marker in ("合计", "制表", "填表", "审核")):
            break
        try:
            number_text = idcard.parse(written).number if cell_text(written) else ""
        except idcard.InvalidIdNumber:
            number_text = cell_text(written) or ""
        died = birth = None
        try:
            died = parse_date(cell("death_date"))
        except ValueError:
            problems.append(_("Row {row}: {name} has no readable date of death").format(
                row=number, name=name or number_text))  # fmt: skip
        if cell("birth_date") is not None:
            try:
                birth = parse_date(cell("birth_date"))
            except ValueError:
                birth = None
        rows.append(DeathRow(number, name, number_text, died, birth))
    return rows, problems


def _date_problem(row: DeathRow, since: tuple[str, str], status: str, today: dt.date) -> str:
    """Why a matched row's death cannot be recorded as it stands ('' when it can)."""
    died = row.death_date
    if died is None or status == "deceased":
        return ""
    if died > today:
        return _("Row {row}: the date of death {date} is in the future").format(
            row=row.row, date=died)  # fmt: skip
    birth, last = since
    if died.isoformat() < birth:
        return _("Row {row}: {name} died on {date}, before the birth date").format(
            row=row.row, name=row.name, date=died)  # fmt: skip
    if last and died.isoformat() < last:
        return _("Row {row}: {name} died on {date}, before the last status change ({last})").format(
            row=row.row, name=row.name, date=died, last=last)  # fmt: skip
    return ""


def _birth_of(row: DeathRow) -> dt.date | None:
    if row.birth_date:
        return row.birth_date
    text = re.sub(r"[^0-9Xx]", "", row.id_number)  # a damaged number still shows its birth
    if len(text) >= 14 and text[6:14].isdigit():
        try:
            return dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
        except ValueError:
            return None
    return None


@uses_store
def match_deaths(store: Store, path: Path) -> DeathImport:
    """Read the list and match it against the register (every village's at the township)."""
    rows, problems = read_death_list(path)
    result = DeathImport(Path(path).name, len(rows), problems=problems)
    township = store.setting("role") == "township"
    table, village = ("tw_resident", "village_code") if township else ("resident", "''")
    # Only the people the list names are read (by ID number, then by name for the rest): a
    # scan of 300,000 residents into dictionaries took longer than all the matching.
    columns = f"id, name, id_number, birth_date, status, {village}, status_date"
    by_number: dict[str, list[tuple]] = {}
    by_name: dict[tuple[str, str], list[tuple]] = {}
    since: dict[int, tuple[str, str]] = {}  # the register's birth and last status dates

    def read(column: str, values: list[str]) -> None:
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            for rid, name, number, birth, status, code, status_date in store.db.execute_sql(
                f"SELECT {columns} FROM {table} WHERE deleted_at IS NULL"
                f" AND {column} IN ({','.join('?' * len(chunk))})", chunk,
            ):  # fmt: skip
                if rid in since:
                    continue
                entry = (rid, name, number, status, code)
                since[rid] = (str(birth), str(status_date or ""))
                by_number.setdefault(number, []).append(entry)
                by_name.setdefault((name, str(birth)), []).append(entry)

    read("id_number", sorted({row.id_number for row in rows if row.id_number}))
    read("name", sorted({row.name for row in rows if row.name and row.id_number not in by_number}))
    today = clock.today()
    for row in rows:
        found = by_number.get(row.id_number)
        if found:
            for rid, name, number, status, code in found:
                problem = _date_problem(row, since[rid], status, today)
                if problem:
                    result.problems.append(problem)
                    continue
                match = Match(row, rid, name, number, status, code)
                (result.already if status == "deceased" else result.matched).append(match)
            continue
        birth = _birth_of(row)
        hits = by_name.get((row.name, birth.isoformat())) if birth and row.name else None
        if hits:
            result.suggestions += [Match(row, rid, n, num, s, c) for rid, n, num, s, c in hits]
        else:
            result.unmatched.append(row)
    if not township:
        _paid_since(store, [m for m in result.matched if m.row.death_date])
    return result


@uses_store
def _paid_since(store: Store, matched: list[Match]) -> None:
    """What each person was paid (or is approved to be paid) for months after their death."""
    from carepoint.subsidies.recovery import owed_if_stopped
    from carepoint.subsidies.stops import Step

    owed = owed_if_stopped(
        store, {m.resident_id: Step("deceased", m.row.death_date) for m in matched}
    )
    for match in matched:
        paid, paid_months, unpaid_months = owed.get(match.resident_id, (0, [], []))
        match.paid_since_fen, match.paid_months, match.unpaid_months = (
            paid,
            paid_months,
            unpaid_months,
        )


@uses_store
def import_deaths(
    store: Store, path: Path, *, dry_run: bool = False, role: str | None = None
) -> DeathImport:
    """Match the list; unless `dry_run`, record every matched death in one transaction."""
    from carepoint.subsidies.workflow import require

    require(role, "compute", store)
    result = match_deaths(store, path)
    if store.setting("role") == "township" or dry_run or not result.matched:
        return result
    with store.db.writing():
        result.recorded = _record_deaths(store, result)
    return result


@uses_store
def _record_deaths(store: Store, result: DeathImport) -> int:
    """Every matched death at once (executemany; 5,000 one by one took seconds): the status
    history step, the register's status and an audit entry per person, in the caller's
    transaction. The dates were checked while matching."""
    from carepoint import audit
    from carepoint.models import new_uuid, utcnow

    once: dict[int, Match] = {}
    for match in result.matched:  # a person listed twice dies once, on the first date given
        if match.row.death_date is not None and match.resident_id not in once:
            once[match.resident_id] = match
    todo = list(once.values())
    if not todo:
        return 0
    now = utcnow().isoformat(sep=" ")
    seq = store.next_change_seq()
    uuids: dict[int, tuple[str, str, str]] = {}
    ids = [m.resident_id for m in todo]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for rid, uuid, status, status_date in store.db.execute_sql(
            "SELECT id, uuid, status, status_date FROM resident WHERE id IN"
            f" ({','.join('?' * len(chunk))})", chunk,
        ):  # fmt: skip
            uuids[rid] = (uuid, status, status_date or "")
    reason = _("death list {file}, row {row}")
    changes, updates, entries = [], [], []
    for m in todo:
        uuid, status, before = uuids[m.resident_id]
        day, why = m.row.death_date.isoformat(), reason.format(file=result.file, row=m.row.row)
        changes.append((new_uuid(), now, now, seq, m.resident_id, "deceased", status, day, why))
        updates.append((day, now, m.resident_id))
        for name, old, new in (
            ("status", status, "deceased"),
            ("status_date", before or None, day),
            ("reason", None, why),
        ):
            entries.append((now, store.actor, "status", "resident", uuid, name, old, new))
    cursor = store.db.cursor()
    cursor.executemany(
        "INSERT INTO status_change (uuid, created_at, updated_at, change_seq, resident_id, status,"
        " previous_status, effective_date, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", changes,
    )  # fmt: skip
    cursor.executemany(
        f"UPDATE resident SET status = 'deceased', status_date = ?, updated_at = ?,"
        f" change_seq = {seq:d} WHERE id = ?", updates,
    )  # fmt: skip
    audit.write_entries(store.db, entries)
    return len(todo)
