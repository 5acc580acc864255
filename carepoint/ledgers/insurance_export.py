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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.ledgers.insurance import Insured

GENDER = {"male": "男", "female": "女"}
FIELDS: dict[str, Callable[[int, Insured], object]] = {
    "no": lambda n, p: n,
    "name": lambda n, p: p.name,
    "id_type": lambda n, p: "身份证",
    "id_number": lambda n, p: p.id_number,
    "gender": lambda n, p: GENDER.get(p.gender, p.gender),
    "birth_date": lambda n, p: p.birth_date,
    "age": lambda n, p: p.age,
    "phone": lambda n, p: p.phone,
    "group": lambda n, p: p.group_name,
    "address": lambda n, p: p.address,
    "relation": lambda n, p: "本人",
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


def export_insured(people: list[Insured], out: Path, layout: Layout = BUILT_IN) -> Path:
    """Write the list as .xlsx or .csv, every value as text (ID numbers stay whole)."""
    from carepoint.spreadsheet import write_table

    out = Path(out)
    getters = [FIELDS[field] for _title, field in layout.columns]
    rows = ([str(get(n, p)) for get in getters] for n, p in enumerate(people, 1))
    titles = [title for title, _field in layout.columns]
    if out.suffix.lower() != ".xlsx":
        write_table(out, titles, rows, sheet_title="被保险人清单")
        return out
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
    return out
