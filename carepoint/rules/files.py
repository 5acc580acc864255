"""A locality's rules as files: `rules export DIR` writes one TOML file per area in the presets'
own shape; `rules import DIR` checks every version with the settings editor's validator and adds
those not yet in force as local versions (audited, effective-dated), all or nothing. A county
writes its rules once; every village loads them.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import rules
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _

AREAS = ("visits", "meals", "timebank", "subsidies")


def validators() -> dict[str, Callable[[dict], list[str]]]:
    from carepoint.meals.pricing import validate as meals
    from carepoint.subsidies.validation import validate as subsidies
    from carepoint.timebank.caps import validate as timebank
    from carepoint.visits.tiers import problems as visits

    return {"visits": visits, "meals": meals, "timebank": timebank, "subsidies": subsidies}


# TOML out: the shapes rule tables use (tables, arrays of tables, arrays of flat tables, scalars).


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = [f"{_key(k)} = {_scalar(v)}" for k, v in value.items() if v is not None]
        return "{ " + ", ".join(pairs) + " }"
    return json.dumps(str(value), ensure_ascii=False)  # JSON escapes are TOML basic-string ones


def _key(key: str) -> str:
    text = str(key)
    return text if text and all(c.isalnum() or c in "_-" for c in text) else json.dumps(text)


def _deep(value) -> bool:
    """A list of tables that holds lists of tables itself is written as [[…]] blocks."""
    return any(isinstance(v, list) and v and all(isinstance(x, dict) for x in v)
               for v in value.values())  # fmt: skip


def _table(path: str, table: dict, out: list[str], array: bool = False) -> None:
    out.append(f"[[{path}]]" if array else f"[{path}]")
    nested = []
    for key, value in table.items():
        if value is None:
            continue  # TOML has no null: a missing key reads back as the default
        if isinstance(value, dict):
            nested.append((key, value, False))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            if any(_deep(x) for x in value):
                nested.append((key, value, True))
            else:
                out.append(f"{_key(key)} = [")
                out.extend(f"    {_scalar(x)}," for x in value)
                out.append("]")
        else:
            out.append(f"{_key(key)} = {_scalar(value)}")
    for key, value, many in nested:
        out.append("")
        if many:
            for item in value:
                _table(f"{path}.{_key(key)}", item, out, array=True)
                out.append("")
        else:
            _table(f"{path}.{_key(key)}", value, out)


def to_toml(versions: list[rules.RuleVersion]) -> str:
    out: list[str] = []
    for version in versions:
        out.append("[[versions]]")
        out.append(f"effective_from = {version.effective_from.isoformat()}")
        out.append(f"note = {_scalar(version.note)}")
        _table("versions.content", version.content, out)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


@uses_store
def export_rules(store: Store, folder: Path) -> list[Path]:
    """Every area's versions (the preset's and local ones, as they are in force) as TOML."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserInputError(_("The folder {folder} does not exist.").format(folder=folder))
    written = []
    for area in AREAS:
        found = rules.versions(store, area)
        if not found:
            continue
        path = folder / f"{area}.toml"
        header = _("# {area} rules of {place}, exported by CarePoint; `rules import` loads them.")
        text = header.format(area=area, place=store.setting("village_name")) + "\n\n"
        try:
            path.write_text(text + to_toml(found), encoding="utf-8")
        except OSError as error:
            raise UserInputError(
                _("{file} cannot be written: {error}").format(file=path, error=error.strerror)
            ) from None
        written.append(path)
    return written


@dataclass
class ImportedRules:
    added: list[tuple[str, str, str]] = field(default_factory=list)  # area, from, note
    unchanged: int = 0
    applied: bool = False


@uses_store
def import_rules(store: Store, folder: Path, *, dry_run: bool = False) -> ImportedRules:
    folder = Path(folder)
    files = [folder / f"{area}.toml" for area in AREAS if (folder / f"{area}.toml").is_file()]
    if not folder.is_dir() or not files:
        raise UserInputError(
            _("{folder} holds no rule files ({names})").format(
                folder=folder, names=", ".join(f"{a}.toml" for a in AREAS)
            )
        )
    checks = validators()
    wanted: list[tuple[str, dt.date, dict, str]] = []
    problems: list[str] = []
    for path in files:
        area = path.stem
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            problems.append(_("{file}: {error}").format(file=path.name, error=error))
            continue
        for index, raw in enumerate(data.get("versions", []), start=1):
            day = raw.get("effective_from") if isinstance(raw, dict) else None
            content = raw.get("content") if isinstance(raw, dict) else None
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                problems.append(_("{file}, version {n}: effective_from must be a date").format(
                    file=path.name, n=index))  # fmt: skip
                continue
            if not isinstance(content, dict):
                problems.append(_("{file}, version {n}: the content table is missing").format(
                    file=path.name, n=index))  # fmt: skip
                continue
            for problem in checks[area](content):
                problems.append(f"{path.name}, {day.isoformat()}: {problem}")
            wanted.append((area, day, content, str(raw.get("note", ""))))
    if problems:
        raise UserInputError(
            _("The rules were not imported; nothing was changed:") + "\n" + "\n".join(problems)
        )
    result = ImportedRules()
    in_force = {(v.area, v.effective_from): v.content for a in AREAS
                for v in rules.versions(store, a)}  # fmt: skip
    todo = []
    for area, day, content, note in wanted:
        if _same(in_force.get((area, day)), content):
            result.unchanged += 1
        else:
            todo.append((area, day, content, note))
            result.added.append((area, day.isoformat(), note))
    if dry_run or not todo:
        return result
    with store.db.writing():
        for area, day, content, note in todo:
            rules.save_version(store, area, day, content, note, validate=checks[area])
    result.applied = True
    return result


def _same(old: dict | None, new: dict) -> bool:
    if old is None:
        return False
    return json.dumps(old, sort_keys=True, default=str) == json.dumps(new, sort_keys=True,
                                                                       default=str)  # fmt: skip
