"""Importing a village roster into the register: every valid person right, nothing lost.

All or nothing by default; with `valid_only` the good rows go in and the others are written back,
unchanged and with a 问题 column, to a workbook the cadre corrects and imports again. A person
already registered (matched by ID number) only gets what the register leaves empty. A roster
describes people as of its date (`as_of`): they join the register, and their categories hold,
from that date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from carepoint import categories, clock
from carepoint.binding import uses_store
from carepoint.category_words import learned_words
from carepoint.db import Store
from carepoint.errors import CarePointError, UserInputError
from carepoint.i18n import N_, _
from carepoint.privacy import masked_value
from carepoint.residents import NewResident, check_resident, insert_residents
from carepoint.residents.fields import field_label
from carepoint.residents.refill import Fill, apply_fills, plan_fill, registered_people
from carepoint.roster_rows import RowProblem, RowReader
from carepoint.roster_sheets import SheetTable, open_tables, roster_date

SPREADSHEET_FIELD = {"group_name": "group", "carers": "carer_name"}
MAX_LISTED = 200  # problems listed in --json and the wizard; the problems workbook holds all
_BATCH = 2000


class ImportCancelled(CarePointError):
    pass


@dataclass
class ImportProblem:
    row: int
    column: str
    header: str
    message: str
    sheet: str = ""


@dataclass
class FieldChange:
    sheet: str
    row: int
    id_number: str
    name: str
    field: str
    old: str
    new: str


@dataclass
class PreviewRow:
    """A row as it will be stored (normalised) beside the cells it came from, for the wizard."""

    sheet: str
    row: int
    shown: dict[str, str]
    raw: dict[str, str]
    problems: list[str] = field(default_factory=list)
    bad: bool = False


@dataclass
class ImportResult:
    sheet: str
    rows: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: int = 0  # rows left out (valid_only) or that stopped the import
    dry_run: bool = False
    valid_only: bool = False
    as_of: dt.date | None = None
    sheets: list[str] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    unknown_words: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # (sheet, row) → what is wrong with it, for the problems workbook and the preview
    bad_rows: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    problems_file: str | None = None
    previews: list[PreviewRow] | None = None  # filled when asked (the wizard's dry run)

    @property
    def blocked(self) -> bool:
        """Nothing may be written: there are problems and only all-or-nothing was asked."""
        return bool(self.errors) and not self.valid_only

    def to_json(self) -> dict:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "errors": [asdict(p) for p in self.errors[:MAX_LISTED]],
            "errors_total": len(self.errors),
            "warnings": [asdict(p) for p in self.warnings[:MAX_LISTED]],
            "warnings_total": len(self.warnings),
            "changes": [asdict(c) for c in self.changes[:MAX_LISTED]],
            "changes_total": len(self.changes),
            "unknown_categories": sorted(self.unknown_words),
            "dry_run": self.dry_run,
            "valid_only": self.valid_only,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "sheet": self.sheet,
            "sheets": self.sheets,
            "rows": self.rows,
            "problems_file": self.problems_file,
        }


class _Locator:
    """Where a problem is: the sheet, the row a spreadsheet program shows, the column."""

    def __init__(self, item: SheetTable):
        self.sheet = item.name
        self.columns = item.table.columns
        self.headers = {name: item.table.header_of(name) for name in item.table.columns}

    def problem(self, row: int, spreadsheet_field: str, message: str) -> ImportProblem:
        index = self.columns.get(spreadsheet_field)
        letter = get_column_letter(index + 1) if index is not None else ""
        return ImportProblem(row, letter, self.headers.get(spreadsheet_field, ""), message,
                             self.sheet)


@dataclass
class _Plan:
    people: dict[str, tuple[tuple[str, int], NewResident]] = field(default_factory=dict)
    fills: dict[str, tuple[tuple[str, int], Fill]] = field(default_factory=dict)
    seen: dict[str, tuple[str, int, dict]] = field(default_factory=dict)


@uses_store
def plan_import(store: Store, tables: list[SheetTable], result: ImportResult, today: dt.date,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> _Plan:
    as_of = result.as_of or today
    learned = learned_words(store)
    plan, total, done = _Plan(), sum(len(t.table.rows) for t in tables), 0
    locators = {t.name: _Locator(t) for t in tables}
    known_people = _known_people(store)
    kept: list[tuple[_Locator, object, object, object]] = []  # only for the wizard's preview
    for item in tables:
        where = locators[item.name]
        rows = item.table.rows
        # in batches, so a county's 300,000 rows never hold every row's reading at once
        for start in range(0, len(rows), _BATCH):
            batch = []
            for row in rows[start : start + _BATCH]:
                if progress and done % 500 == 0:
                    progress(done, total)
                if cancelled and cancelled():
                    raise ImportCancelled(_("The import was cancelled; nothing was changed"))
                done += 1
                batch.append((where, row, *_read_row(row, as_of, today, learned, item.group)))
            numbers = [p.values["id_number"] for _w, _r, read, p in batch
                       if p is not None and not read.has_errors]
            registered = registered_people(store, numbers, today)
            for where_, row, read, prepared in batch:
                _plan_row(result, plan, where_, row.row_number, read, prepared, registered,
                          known_people)
            if result.previews is not None:
                kept += batch
    if result.previews is not None:
        result.previews = [_preview(result, where.sheet, row, read, prepared)
                           for where, row, read, prepared in kept]
    for word, places in result.unknown_words.items():
        sheet, row = places[0]
        rows = "、".join(str(r) for _s, r in places[:20]) + ("…" if len(places) > 20 else "")
        result.errors.append(locators[sheet].problem(row, "categories", _(
            "“{word}” in the categories column is not a category CarePoint knows (rows {rows}). "
            "Known categories: {known}. Map it to one of them in the import wizard, or correct "
            "the file."
        ).format(word=word, rows=rows, known=categories.known_words())))
    return plan


def _read_row(row, as_of: dt.date, today: dt.date, learned: dict[str, str], group: str):
    read = RowReader(row, as_of, today, learned, group).read()
    prepared, problems = check_resident(read.data, today)
    id_reported = any(p.field == "id_number" for p in read.problems)
    for problem in problems:
        if not (id_reported and problem.field == "id_number"):
            read.problems.append(_row_problem(problem))
    return read, prepared


def _preview(result: ImportResult, sheet: str, row, read, prepared) -> PreviewRow:
    from carepoint.residents.fields import GENDER_LABELS, status_label
    from carepoint.spreadsheet.values import cell_text

    data = read.data
    values = prepared.values if prepared else {}
    shown = {
        "name": data.name,
        "id_number": str(values.get("id_number") or cell_text(row.values.get("id_number")) or ""),
        "gender": _(GENDER_LABELS[values["gender"]]) if values else "",
        "birth_date": values["birth_date"].isoformat() if values else "",
        "group": data.group_name,
        "categories": "、".join(categories.label(c.code) for c in data.categories),
        "status": status_label(read.history[-1].status) if read.history else status_label(
            "active"),
    }
    raw = {name: cell_text(value) or "" for name, value in row.values.items()}
    place = (sheet, row.row_number)
    problems = list(result.bad_rows.get(place, []))
    problems += [p.message for p in read.problems if not p.error]
    return PreviewRow(sheet, row.row_number, shown, raw, problems, place in result.bad_rows)


_WHAT_TO_DO = {
    "name": N_("write the person's name as the household register has it"),
    "phone": N_("write the number, or leave the cell empty"),
    "medical_contact_phone": N_("write the number, or leave the cell empty"),
    "agent_phone": N_("write the number, or leave the cell empty"),
    "carers": N_("write each carer's name, relation and phone, or leave them empty"),
    "bank_account": N_("write the account's digits, or leave the cell empty"),
}


def _row_problem(problem) -> RowProblem:
    """A rule's message with what the cadre should do about it in the sheet."""
    todo = _WHAT_TO_DO.get(problem.field, N_("correct the cell in the sheet"))
    message = _("{problem}: {what_to_do}").format(problem=problem.message.rstrip("。."),
                                                  what_to_do=_(todo))
    return RowProblem(SPREADSHEET_FIELD.get(problem.field, problem.field), message)


@uses_store
def _known_people(store: Store) -> dict[tuple[str, str], str]:
    return {
        (name, birth): number
        for name, birth, number in store.db.execute_sql(
            "SELECT name, birth_date, id_number FROM resident WHERE deleted_at IS NULL"
        )
    }


def _plan_row(result, plan, where, row_number, read, prepared, registered, known_people) -> None:
    place = (where.sheet, row_number)

    def report(spreadsheet_field: str, message: str, error: bool) -> None:
        problem = where.problem(row_number, spreadsheet_field, message)
        (result.errors if error else result.warnings).append(problem)
        if error:
            result.bad_rows.setdefault(place, []).append(_problem_line(problem))

    for word in read.unknown_words:
        result.unknown_words.setdefault(word, []).append(place)
        result.bad_rows.setdefault(place, []).append(_(
            "“{word}” is not a known category").format(word=word))
    person = registered.get(prepared.values["id_number"]) if prepared else None
    # a registered person's status is not changed by a remark alone: it is asked instead
    asked = bool(read.notes_status) and person is not None
    for problem in read.problems:
        if not (asked and problem.field == "notes" and not problem.error):
            report(problem.field, problem.message, problem.error)
    if read.has_errors or prepared is None:
        return
    values = prepared.values
    number = values["id_number"]
    if number in plan.seen:
        first_sheet, first_row, first_values = plan.seen[number]
        first = _("row {row}").format(row=first_row) if first_sheet == where.sheet else _(
            "sheet “{sheet}”, row {row}").format(sheet=first_sheet, row=first_row)
        if first_values == values:
            result.skipped += 1
            report("id_number", _("The same person as {first}; taken once").format(first=first),
                   False)
            return
        report("id_number", _(
            "ID number {id_number} is also on {first} with different details: keep one of the "
            "two rows and correct the other"
        ).format(id_number=number, first=first), True)
        _reject_first(result, plan, number, where.sheet, row_number)
        return
    plan.seen[number] = (where.sheet, row_number, values)
    if number in registered:
        history = read.history
        if asked:
            from carepoint.residents.fields import status_label

            history = []
            if person.status == "active" and read.history:
                report("notes", _(
                    "The remark “{said}” may say that {name} is {status}: a remark alone does"
                    " not change the register. If it is so, record it with its date (residents"
                    " set-status, or the person's record)."
                ).format(said=read.notes_status, name=person.name,
                         status=status_label(read.history[-1].status)), False)  # fmt: skip
        fill = plan_fill(registered[number], prepared, history)
        for name, (old, new) in fill.differing.items():
            # the register's phone or account is not shown to whoever holds a roster file
            report(SPREADSHEET_FIELD.get(name, name), _(
                "The register has “{old}”, the roster “{new}”: the register's is kept"
            ).format(old=masked_value(name, str(old)), new=new), False)
        if fill.changes_anything:
            plan.fills[number] = (place, fill)
            _list_changes(result, where.sheet, row_number, number, fill)
        else:
            result.skipped += 1
            report("id_number", _("Already registered as {name}; nothing to add").format(
                name=registered[number].name), False)
        return
    other = known_people.get((values["name"], values["birth_date"].isoformat()))
    if other:
        report("name", _("Same name and birth date as the registered {id_number}; check it is "
                         "not the same person").format(id_number=other), False)
    plan.people[number] = (place, NewResident(prepared, read.history))


def _reject_first(result, plan, number, sheet, row) -> None:
    """Two different rows with one ID: neither goes in until a person says which is right."""
    for bucket in (plan.people, plan.fills):
        if number in bucket:
            place, _item = bucket.pop(number)
            result.bad_rows.setdefault(place, []).append(_(
                "The same ID number is on sheet “{sheet}”, row {row}, with different details"
            ).format(sheet=sheet, row=row))


def _list_changes(result: ImportResult, sheet: str, row: int, number: str, fill: Fill) -> None:
    person = fill.person

    def change(name: str, old: str, new: str) -> None:
        result.changes.append(FieldChange(sheet, row, number, person.name, name, old, new))

    for name, (old, new) in fill.fields.items():
        change(field_label(name), old, new)
    for item in fill.categories:
        change(field_label("categories"), "", categories.label(item.code))
    if fill.carers:
        change(field_label("carers"), "", "；".join(c.name for c in fill.carers))
    if fill.status:
        change(field_label("status"), person.status, fill.status.status)


def _problem_line(problem: ImportProblem) -> str:
    where = " ".join(part for part in (problem.column, problem.header) if part)
    return f"{where}: {problem.message}" if where else problem.message


@uses_store
def import_roster(
    store: Store,
    path: Path,
    *,
    sheet: str | None = None,
    all_sheets: bool = False,
    dry_run: bool = False,
    valid_only: bool = False,
    problems_path: Path | None = None,
    as_of: dt.date | None = None,
    columns: dict[str, int] | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    keep_preview: bool = False,
) -> ImportResult:
    """Check every row; write them all in one transaction only if none has an error (or, with
    `valid_only`, write the good ones and hand the others back in `problems_path`)."""
    today = today or clock.today()
    path = Path(path)
    tables, skipped_sheets = open_tables(path, sheet=sheet, all_sheets=all_sheets,
                                         columns=columns)
    as_of = as_of or roster_date(tables) or today
    if as_of > today:
        raise UserInputError(_("The roster's date {date} is in the future: give the date the "
                               "roster describes with --as-of YYYY-MM-DD").format(date=as_of))
    result = ImportResult(
        sheet=tables[0].name, sheets=[t.name for t in tables],
        rows=sum(len(t.table.rows) for t in tables), dry_run=dry_run, valid_only=valid_only,
        as_of=as_of, previews=[] if keep_preview else None,
    )
    for name, reason in skipped_sheets:
        result.warnings.append(ImportProblem(0, "", "", _(
            "Sheet not read: {reason}").format(reason=reason), name))
    plan = plan_import(store, tables, result, today, progress, cancelled)
    result.rejected = len(result.bad_rows)
    result.errors.sort(key=lambda p: (result.sheets.index(p.sheet), p.row))
    if result.blocked:
        return result
    result.imported, result.updated = len(plan.people), len(plan.fills)
    if valid_only and result.bad_rows and (problems_path or not dry_run):
        from carepoint.roster_problems import default_problems_path, write_problems

        target = Path(problems_path) if problems_path else default_problems_path(path)
        write_problems(target, tables, result.bad_rows)
        result.problems_file = str(target)
    if not dry_run:
        with store.db.writing():
            insert_residents(store, [person for _p, person in plan.people.values()],
                             action="import")
            apply_fills(store, [fill for _p, fill in plan.fills.values()], action="import")
    if progress:
        progress(result.rows, result.rows)
    return result
