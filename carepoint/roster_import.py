"""Importing a village roster spreadsheet into the register: all or nothing, every problem named.

A patient clerk's rules: blank and footer rows are ignored, a person listed twice with the same
details is taken once, someone already registered is left as is, and anything doubtful (a wrong
check digit, an unknown category, a death with no date) is reported with its row and column
instead of being guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from carepoint import categories, clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import CarePointError
from carepoint.i18n import _
from carepoint.residents import (
    CarerInput,
    CategoryInput,
    NewResident,
    ResidentInput,
    StatusStep,
    check_resident,
    insert_residents,
)
from carepoint.residents.fields import TEXT_FIELDS, marital_code, status_code
from carepoint.spreadsheet import SourceRow, locate_table, read_rows
from carepoint.spreadsheet.values import cell_text, parse_date, parse_gender, split_categories

# Register fields that a roster column feeds, where the names differ.
REGISTER_FIELD = {"group": "group_name"}
SPREADSHEET_FIELD = {"group_name": "group", "carers": "carer_name"}
CARER_COLUMNS = ("carer_name", "carer_relation", "carer_phone", "carer_address")
_CARER_SEPARATORS = str.maketrans({"；": ";", "、": ";", "/": ";"})


class ImportCancelled(CarePointError):
    pass


@dataclass
class ImportProblem:
    row: int
    column: str
    header: str
    message: str


@dataclass
class ImportResult:
    sheet: str
    rows: int = 0
    imported: int = 0
    skipped: int = 0
    dry_run: bool = False
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "errors": [asdict(p) for p in self.errors],
            "warnings": [asdict(p) for p in self.warnings],
            "dry_run": self.dry_run,
            "sheet": self.sheet,
            "rows": self.rows,
        }


class _RowReader:
    """Turns one spreadsheet row into a ResidentInput, collecting problems with their column."""

    def __init__(self, row: SourceRow, columns: dict[str, int], headers: dict[str, str]):
        self.row, self.columns, self.headers = row, columns, headers
        self.problems: list[ImportProblem] = []

    def problem(self, spreadsheet_field: str, message: str) -> None:
        index = self.columns.get(spreadsheet_field)
        letter = get_column_letter(index + 1) if index is not None else ""
        self.problems.append(
            ImportProblem(
                self.row.row_number, letter, self.headers.get(spreadsheet_field, ""), message
            )
        )

    def text(self, name: str) -> str:
        return cell_text(self.row.values.get(name)) or ""

    def date(self, name: str) -> dt.date | None:
        value = self.row.values.get(name)
        if cell_text(value) is None:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            self.problem(name, str(error))
            return None

    def carers(self) -> list[CarerInput]:
        parts = {c: self.text(c).translate(_CARER_SEPARATORS).split(";") for c in CARER_COLUMNS}
        names = [n.strip() for n in parts["carer_name"] if n.strip()]
        carers = []
        for index, carer_name in enumerate(names):

            def part(column: str, i: int = index) -> str:
                values = parts[column]
                if len(values) == len(names):
                    return values[i].strip()
                return self.text(column) if i == 0 else ""

            carers.append(
                CarerInput(
                    carer_name, part("carer_relation"), part("carer_phone"), part("carer_address")
                )
            )
        return carers

    def categories(self, start: dt.date) -> list[CategoryInput]:
        found = []
        for word in split_categories(self.row.values.get("categories")):
            code = categories.code_for(word)
            if code is None:
                self.problem("categories", _("Unknown category {word}").format(word=word))
            elif code not in categories.DERIVED and code not in {c.code for c in found}:
                found.append(CategoryInput(code, start))
        return found

    def resident(self, today: dt.date) -> ResidentInput:
        gender = None
        if self.text("gender"):
            try:
                gender = parse_gender(self.row.values.get("gender"))
            except ValueError as error:
                self.problem("gender", str(error))
        marital = marital_code(self.text("marital_status"))
        if marital is None:
            self.problem(
                "marital_status",
                _("Unknown marital status {value}").format(value=self.text("marital_status")),
            )
        values = {name: self.text(name) for name in TEXT_FIELDS if name != "group_name"}
        return ResidentInput(
            name=self.text("name"),
            id_number=self.row.values.get("id_number"),
            gender=gender,
            birth_date=self.date("birth_date"),
            marital_status=marital or "",
            group_name=self.text("group"),
            carers=self.carers(),
            categories=self.categories(today),
            **values,
        )

    def history(self, birth: dt.date, today: dt.date) -> list[StatusStep]:
        word = self.text("status")
        if not word:
            return []
        status = status_code(word)
        if status is None:
            self.problem("status", _("Unknown status {value}").format(value=word))
            return []
        if status == "active":
            return []
        when = self.date("status_date")
        if when is None:
            if "status_date" in self.columns and self.text("status_date"):
                return []  # the bad date is already reported
            self.problem(
                "status", _("The status is {status} but no date is given").format(status=word)
            )
            return []
        if when > today or when < birth:
            self.problem(
                "status_date",
                _("The date {date} is impossible for this person").format(date=when.isoformat()),
            )
            return []
        return [StatusStep(status, "active", when, _("recorded in an imported roster"))]


@uses_store
def plan_import(
    store: Store,
    rows: list[SourceRow],
    columns: dict[str, int],
    headers: dict[str, str],
    result: ImportResult,
    today: dt.date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[NewResident]:
    existing = {
        number: name
        for number, name in store.db.execute_sql(
            "SELECT id_number, name FROM resident WHERE deleted_at IS NULL"
        )
    }
    known_people = {
        (name, birth): number
        for name, birth, number in store.db.execute_sql(
            "SELECT name, birth_date, id_number FROM resident WHERE deleted_at IS NULL"
        )
    }
    seen: dict[str, tuple[int, dict]] = {}
    people: list[NewResident] = []
    for index, row in enumerate(rows):
        if progress and index % 500 == 0:
            progress(index, len(rows))
        if cancelled and cancelled():
            raise ImportCancelled(_("The import was cancelled; nothing was changed"))
        reader = _RowReader(row, columns, headers)
        data = reader.resident(today)
        prepared, problems = check_resident(data, today)
        for problem in problems:
            reader.problem(SPREADSHEET_FIELD.get(problem.field, problem.field), problem.message)
        history = reader.history(prepared.values["birth_date"], today) if prepared else []
        if reader.problems or prepared is None:
            result.errors.extend(reader.problems)
            continue
        values = prepared.values
        number = values["id_number"]
        if number in seen:
            first_row, first_values = seen[number]
            if first_values == values:
                result.skipped += 1
                reader.problem(
                    "id_number", _("The same person as row {row}; taken once").format(row=first_row)
                )
                result.warnings.extend(reader.problems)
            else:
                reader.problem(
                    "id_number",
                    _("ID number {id_number} is also on row {row} with different details").format(
                        id_number=number, row=first_row
                    ),
                )
                result.errors.extend(reader.problems)
            continue
        seen[number] = (row.row_number, values)
        if number in existing:
            result.skipped += 1
            reader.problem(
                "id_number",
                _("Already registered as {name}; left unchanged").format(name=existing[number]),
            )
            result.warnings.extend(reader.problems)
            continue
        other = known_people.get((values["name"], values["birth_date"].isoformat()))
        if other:
            reader.problem(
                "name",
                _(
                    "Same name and birth date as the registered {id_number}; "
                    "check it is not the same person"
                ).format(id_number=other),
            )
            result.warnings.extend(reader.problems)
        people.append(NewResident(prepared, history))
    return people


@uses_store
def import_roster(
    store: Store,
    path: Path,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
    columns: dict[str, int] | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Check every row; write them all in one transaction only if none has an error."""
    today = today or clock.today()
    raw = read_rows(Path(path), sheet)
    table = locate_table(raw, columns=columns) if columns else locate_table(raw)
    headers = {name: table.header_of(name) for name in table.columns}
    result = ImportResult(sheet=table.sheet_name, rows=len(table.rows), dry_run=dry_run)
    people = plan_import(
        store, table.rows, table.columns, headers, result, today, progress, cancelled
    )
    if result.errors:
        return result
    result.imported = len(people)
    if not dry_run:
        insert_residents(store, people, action="import")
    if progress:
        progress(len(table.rows), len(table.rows))
    return result
