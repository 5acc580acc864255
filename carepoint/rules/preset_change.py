"""Choosing another locality preset after setup. The new preset takes over on a month's first day
as new rule versions; what the old preset set before that day is kept as local versions, so a
month already worked out is never worked out differently. Months already computed (subsidies) or
closed (meals) cannot be reached: the change takes effect after them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date, format_month
from carepoint.permissions import require
from carepoint.rules import (
    PRESET_SINCE,
    RuleVersion,
    active_preset,
    preset_since,
    preset_versions,
    presets,
    save_version,
    versions,
)
from carepoint.session import Session
from carepoint.values import Month

AREAS = ("visits", "meals", "timebank", "subsidies")


@dataclass(frozen=True)
class PresetChange:
    preset: str
    effective_from: dt.date
    kept: list[RuleVersion]  # the old preset's versions, now stored locally
    added: list[RuleVersion]  # the new preset's tables from the day on
    dry_run: bool = False


@uses_store
def last_settled_month(store: Store) -> Month | None:
    """The latest month whose subsidies are computed or whose meals are closed."""
    found = []
    for sql in (
        "SELECT MAX(month) FROM subsidy_month WHERE deleted_at IS NULL",
        "SELECT MAX(month) FROM meal_month WHERE status = 'closed' AND deleted_at IS NULL",
    ):
        try:
            row = store.db.execute_sql(sql).fetchone()
        except Exception:  # noqa: BLE001 - a township folder has neither table
            continue
        if row and row[0]:
            found.append(Month.parse(row[0]))
    return max(found, key=lambda m: m.index) if found else None


@uses_store
def earliest_start(store: Store) -> Month | None:
    """The first month a new preset may take effect in (None: any month)."""
    settled = last_settled_month(store)
    since = preset_since(store)
    candidates = [m for m in (settled, since and Month.of(since)) if m is not None]
    if not candidates:
        return None
    return Month.from_index(max(m.index for m in candidates) + 1)


@uses_store
def _check(store: Store, key: str, day: dt.date) -> None:
    if key not in presets():
        raise UserInputError(_("Unknown rules preset {name}; known: {known}").format(
            name=key, known=", ".join(presets())))  # fmt: skip
    if day.day != 1:
        raise UserInputError(
            _("A preset takes effect on the first day of a month; got {date}").format(
                date=format_date(day)
            )
        )
    if key == active_preset(store):
        raise UserInputError(
            _("The rules are already those of {name}; nothing was changed").format(
                name=presets()[key].label
            )
        )
    first = earliest_start(store)
    if first is not None and day < first.first_day:
        raise UserInputError(
            _(
                "Months up to {last} are already computed or closed, or under the last change; "
                "a new preset can take effect from {first} at the earliest. Nothing was changed."
            ).format(last=format_month((first - 1).first_day), first=format_month(first.first_day))
        )


@uses_store
def change_preset(
    store: Store, key: str, effective_from: dt.date, *, actor: Session | None, dry_run=False
) -> PresetChange:
    """Make `key` the locality's preset from `effective_from` (a month's first day); audited."""
    require(actor, "change_rules")
    _check(store, key, effective_from)
    old, since = active_preset(store), preset_since(store)
    kept, added = [], []
    for area in AREAS:
        local = {v.effective_from for v in versions(store, area) if v.source == "local"}
        for version in preset_versions(old, area):
            day = version.effective_from
            if day < effective_from and (since is None or day >= since) and day not in local:
                kept.append(version)
        in_force = [v for v in preset_versions(key, area) if v.effective_from <= effective_from]
        if in_force and effective_from not in local:
            added.append(in_force[-1])
    if dry_run:
        return PresetChange(key, effective_from, kept, added, True)
    label = presets()[key].label
    with store.db.writing():
        for version in kept:
            note = version.note or presets()[old].label
            save_version(store, version.area, version.effective_from, version.content, note)
        for version in added:
            note = f"{label}：{version.note}" if version.note else label
            save_version(store, version.area, effective_from, version.content, note)
        store.set_setting("rules_preset", key)
        store.set_setting(PRESET_SINCE, effective_from.isoformat())
        audit.record(
            store,
            "set",
            "setting",
            "rules_preset",
            {"rules_preset": (old, key), PRESET_SINCE: (since, effective_from)},
        )
    return PresetChange(key, effective_from, kept, added)
