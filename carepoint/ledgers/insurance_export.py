"""The insured list in the insurer's layout: which columns, in which order, under which titles.

One layout is built in (the one most insurers' 团体意外险 templates share); an insurer's own is a
small TOML file the cadre keeps beside the data:

    name = "人保财险句容支公司"
    [[columns]]
    title = "被保险人姓名"
    field = "name"
    [[columns]]
    title = "证件号码"
    field = "id_number"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.ledgers.insurance import insured_rows

# Each field as SQL over the insured's columns (insurance.INSURED_FIELDS), every value text, so
# the whole file comes out of SQLite ready to write; only "no" (the row number) is added here.
FIELDS: dict[str, str | None] = {
    "no": None,
    "name": "name",
    "id_type": "'身份证'",
    "id_number": "id_number",
    "gender": "CASE gender WHEN 'male' THEN '男' WHEN 'female' THEN '女' ELSE gender END",
    "birth_date": "birth_date",
    "age": "CAST(age AS TEXT)",
    "phone": "phone",
    "group": "group_name",
    "address": "address",
    "relation": "'本人'",
}


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[tuple[str, str], ...]  # (title, field)


BUILT_IN = Layout(
    "built-in",
    (("序号", "no"), ("被保险人姓名", "name"), ("证件类型", "id_type"), ("证件号码", "id_number"),
     ("性别", "gender"), ("出生日期", "birth_date"), ("年龄", "age"), ("联系电话", "phone"),
     ("村民小组", "group"), ("与投保人关系", "relation")),
)  # fmt: skip


def read_layout(path: Path) -> Layout:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserInputError(
            _("The layout {file} cannot be read: {error}").format(file=Path(path).name, error=error)
        ) from None
    columns = []
    for column in data.get("columns", []):
        title, field = str(column.get("title", "")).strip(), column.get("field")
        if field not in FIELDS:
            raise UserInputError(
                _("Unknown field {field} in the layout; known fields: {fields}").format(
                    field=field, fields=", ".join(FIELDS)
                )
            )
        columns.append((title or field, field))
    if not columns:
        raise UserInputError(_("The layout {file} has no columns").format(file=Path(path).name))
    return Layout(str(data.get("name", Path(path).stem)), tuple(columns))


@uses_store
def export_insured(store: Store, year: int, out: Path, layout: Layout = BUILT_IN) -> int:
    """Write the year's insured list as .xlsx or .csv, every value as text (ID numbers stay
    whole); returns how many people are in it."""
    from carepoint.spreadsheet import write_table

    out = Path(out)
    fields = [field for _title, field in layout.columns]
    rows = insured_rows(store, year, [FIELDS[f] for f in fields if FIELDS[f] is not None])
    count = len(rows)
    numbered = [i for i, field in enumerate(fields) if FIELDS[field] is None]
    if numbered:
        rows = _numbered(rows, numbered)
    titles = [title for title, _field in layout.columns]
    if out.suffix.lower() != ".xlsx":
        write_table(out, titles, rows, sheet_title="被保险人清单")
        return count
    from carepoint.ledgers.xlsx_stream import write_xlsx
    from carepoint.safety.files import publish, storage_error, temp_beside

    if not out.parent.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=out.parent))
    temp = temp_beside(out)
    try:
        write_xlsx(temp, "被保险人清单", titles, rows)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise storage_error(out, error) from None
    publish(temp, out)
    return count


def _numbered(rows: list[tuple], places: list[int]) -> Iterator[tuple]:
    """Each row with its number (1, 2, …) put in at `places`; the built-in layout starts with it."""
    if places == [0]:
        return ((str(n), *row) for n, row in enumerate(rows, 1))
    return (_put(row, places, str(n)) for n, row in enumerate(rows, 1))


def _put(row: tuple, places: list[int], value: str) -> list:
    cells = list(row)
    for place in places:
        cells.insert(place, value)
    return cells
