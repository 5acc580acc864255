"""Effective-dated rule tables: visit frequencies, meal prices and subsidies, subsidy brackets.

Each locality preset ships one TOML file per area in resources/rules/<preset>/<area>.toml, a list
of versions each with the date it takes effect. A care point chooses its preset at setup
(setting `rules_preset`); edits made in settings are stored as new local versions (never by
changing an old one), so a past month is always computed with the rules of its time.

    [[versions]]
    effective_from = 2023-01-01
    note = "句容市老年助餐补贴标准（2023）"
    [versions.content]
    ...
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from carepoint import audit
from carepoint.assets import resource_path
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import N_, _, current_locale
from carepoint.models import RuleVersion as RuleVersionRow
from carepoint.models import utcnow

DEFAULT_PRESET = "jurong"
AREA_LABELS = {
    "visits": N_("visit"),
    "meals": N_("meal"),
    "timebank": N_("time bank"),
    "subsidies": N_("subsidy"),
}


NATIONAL_PRESET = "national"


@dataclass(frozen=True)
class Preset:
    key: str
    name_zh: str
    name_en: str
    provinces: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.name_zh if current_locale() == "zh_CN" else self.name_en


@dataclass(frozen=True)
class RuleVersion:
    area: str
    effective_from: dt.date
    content: dict
    note: str
    source: str  # "preset" or "local"


@cache
def presets() -> dict[str, Preset]:
    with resource_path("rules", "presets.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {
        key: Preset(key, v["name_zh"], v["name_en"], tuple(v.get("provinces", ())))
        for key, v in data.items()
    }


def preset_for_code(code: str) -> str:
    """The preset a new care point starts from: its province's, else the national template."""
    province = (code or "").strip()[:2]
    for key, preset in presets().items():
        if province and province in preset.provinces:
            return key
    return NATIONAL_PRESET


@uses_store
def choose_preset(store: Store, key: str | None = None) -> str:
    """Set the care point's rules preset (by default its province's); audited."""
    key = key or preset_for_code(store.setting("village_code"))
    if key not in presets():
        raise UserInputError(_("Unknown rules preset {name}; known: {known}").format(
            name=key, known=", ".join(presets())))  # fmt: skip
    before = store.setting("rules_preset") or None
    with store.db.writing():
        store.set_setting("rules_preset", key)
        audit.record(store, "set", "setting", "rules_preset", {"rules_preset": (before, key)})
    return key


@uses_store
def active_preset(store: Store) -> str:
    key = store.setting("rules_preset", DEFAULT_PRESET)
    return key if key in presets() else DEFAULT_PRESET


PRESET_SINCE = "rules_preset_from"  # a preset chosen later counts from this day (see preset_change)


@uses_store
def preset_since(store: Store) -> dt.date | None:
    """The day the active preset took over; None when it has held from the start."""
    text = store.setting(PRESET_SINCE)
    return dt.date.fromisoformat(text) if text else None


@cache
def preset_versions(preset: str, area: str) -> tuple[RuleVersion, ...]:
    path = resource_path("rules", preset, f"{area}.toml")
    if not path.is_file():
        return ()
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        RuleVersion(area, v["effective_from"], v.get("content", {}), v.get("note", ""), "preset")
        for v in data.get("versions", [])
    )


@uses_store
def versions(store: Store, area: str) -> list[RuleVersion]:
    """Every version of an area's rules, oldest first; a local version wins on the same date."""
    local = [
        RuleVersion(area, row.effective_from, json.loads(row.content), row.note, "local")
        for row in RuleVersionRow.select()
        .where((RuleVersionRow.area == area) & RuleVersionRow.deleted_at.is_null())
        .order_by(RuleVersionRow.effective_from, RuleVersionRow.id)
    ]
    since = preset_since(store)
    by_date = {
        v.effective_from: v
        for v in preset_versions(active_preset(store), area)
        if since is None or v.effective_from >= since
    }
    by_date.update({v.effective_from: v for v in local})
    return [by_date[day] for day in sorted(by_date)]


@uses_store
def rules_on(store: Store, area: str, day: dt.date) -> RuleVersion:
    """The version of `area` in force on `day`."""
    found = None
    for version in versions(store, area):
        if version.effective_from <= day:
            found = version
    if found is None:
        raise UserInputError(
            _("No {area} rules are in force on {date}; add them in the settings").format(
                area=_(AREA_LABELS[area]) if area in AREA_LABELS else area, date=day.isoformat()
            )
        )
    return found


@uses_store
def save_version(
    store: Store,
    area: str,
    effective_from: dt.date,
    content: dict,
    note: str = "",
    validate: Callable[[dict], list[str]] | None = None,
) -> RuleVersion:
    """Store an edited table as a new local version taking effect on `effective_from`."""
    problems = validate(content) if validate else []
    if problems:
        raise UserInputError("\n".join(problems))
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    with store.db.writing():
        row = RuleVersionRow.create(
            area=area,
            effective_from=effective_from,
            content=text,
            note=note.strip(),
            updated_at=utcnow(),
            change_seq=store.next_change_seq(),
        )
        audit.record(
            store,
            "add",
            "rule_version",
            row.uuid,
            {
                "area": (None, area),
                "effective_from": (None, effective_from),
                "content": (None, text),
                "note": (None, note.strip() or None),
            },
        )
    return RuleVersion(area, effective_from, content, note.strip(), "local")
