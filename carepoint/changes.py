"""Change sets from the audit log, in plain words: one module for the history view, the home
page and the forms.

The log has one entry per changed field; the entries of one save share a `change_id`. A *write*
is the entries of one change set about one record (a save may touch a person, a carer and a
category at once); `writes` splits newest-first entries into them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from carepoint import categories, clock
from carepoint.audit import HistoryLine
from carepoint.i18n import N_, _, current_locale, format_date, pgettext
from carepoint.privacy import masked_value
from carepoint.residents.fields import (
    GENDER_LABELS,
    MARITAL_LABELS,
    field_label,
    status_label,
)

CREATED = {
    "create": N_("created the record"),
    "import": N_("created the record from an imported roster"),
    "demo": N_("created the record (demo data)"),
}
ARROW = " → "


def value_text(field: str, value: str | None, masked: bool = False) -> str:
    if value in (None, ""):
        return _("(empty)")
    if field == "gender":
        return _(GENDER_LABELS.get(value, value))
    if field == "marital_status":
        return _(MARITAL_LABELS.get(value, value))
    if field == "status":
        return status_label(value)
    if field in ("status_date", "birth_date", "start_date", "end_date"):
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return masked_value(field, value) if masked else value


def local_time(at: dt.datetime) -> str:
    """A stored UTC time as the care point's local date and time."""
    local = clock.to_local(at)
    return f"{format_date(local.date())} {local:%H:%M}"


def writes(entries: list[HistoryLine]) -> Iterator[list[HistoryLine]]:
    """Split newest-first entries into writes: one change set's entries about one record."""
    group: list[HistoryLine] = []
    for line in entries:
        if group and _write_key(line) != _write_key(group[0]):
            yield group
            group = []
        group.append(line)
    if group:
        yield group


def _write_key(line: HistoryLine) -> tuple:
    return (line.change_id, line.entity, line.entity_uuid)


def ended_category(end_date: str | None, ended_codes: dict[str, list[str]]) -> str:
    """The label of the category an end-date entry belongs to (entries do not name the code):
    `ended_codes` maps an end date to the codes the person's memberships ended on it."""
    codes = ended_codes.get(end_date or "", [])
    return "、".join(categories.label(code) for code in codes) or _("a category")


def describe(
    lines: list[HistoryLine], ended_codes: dict[str, list[str]], masked: bool
) -> list[str]:
    """The sentences for one write (the entries of one record made together)."""
    first = lines[0]
    fields = {line.field: line for line in lines}
    if first.entity == "resident" and "*" in fields:
        return [_(CREATED.get(first.action, CREATED["create"]))]
    if first.entity == "resident" and first.action == "status" and "status" in fields:
        status = fields["status"]
        text = _("status: {old} → {new}").format(
            old=value_text("status", status.old_value, masked),
            new=value_text("status", status.new_value, masked),
        )
        if "status_date" in fields and fields["status_date"].new_value:
            text += _(", from {date}").format(
                date=value_text("status_date", fields["status_date"].new_value, masked)
            )
        if "reason" in fields and fields["reason"].new_value:
            text += _(" ({reason})").format(reason=fields["reason"].new_value)
        return [text]
    if first.entity == "category_membership":
        if first.action == "add":
            code = fields["code"].new_value if "code" in fields else ""
            text = _("category added: {label} from {start}").format(
                label=categories.label(code),
                start=value_text("start_date", getattr(fields.get("start_date"), "new_value", "")),
            )
            return [text]
        if "end_date" in fields:
            end = fields["end_date"].new_value
            return [
                _("category {label} ends on {date}").format(
                    label=ended_category(end, ended_codes), date=value_text("end_date", end)
                )
            ]
    if first.entity == "carer":
        if first.action == "add":
            name = fields["name"].new_value if "name" in fields else ""
            relation = fields["relation"].new_value if "relation" in fields else ""
            return [_("carer added: {name} {relation}").format(name=name, relation=relation or "")]
        if first.action == "retire":
            name = fields["name"].old_value if "name" in fields else ""
            return [_("carer removed: {name}").format(name=name)]
    return [
        f"{field_label(line.field)}: {value_text(line.field, line.old_value, masked)}"
        f"{ARROW}{value_text(line.field, line.new_value, masked)}"
        for line in lines
        if line.field
    ] or [first.action]


def describe_change(
    entity: str, action: str, fields: dict[str, tuple[str | None, str | None]]
) -> str:
    """One audit change (its fields' old and new values) in plain words."""
    parts = []
    if entity == "category_membership":
        code = (fields.get("code") or (None, None))[1]
        label = categories.label(code) if code else ""
        if action == "add":
            return _("category added: {label}").format(label=label)
        return _("category changed")
    if entity == "carer":
        name = fields.get("name") or (None, None)
        if action == "retire":
            return _("carer removed: {name}").format(name=name[0] or "")
        return _("carer added: {name}").format(name=name[1] or "")
    if "*" in fields:
        parts.append(
            {"import": _("registered by import"), "demo": _("registered (demo data)")}.get(
                action, pgettext("change", "registered")
            )
        )
    if "status" in fields:
        new_status = fields["status"][1] or ""
        date = (fields.get("status_date") or (None, None))[1]
        text = _("status changed to {status}").format(status=status_label(new_status))
        if date:
            text = _("{change} on {date}").format(
                change=text, date=format_date(dt.date.fromisoformat(date))
            )
        parts.append(text)
    edited = [f for f in fields if f not in ("*", "status", "status_date", "reason", "")]
    if edited:
        labels = _join([field_label(f) for f in edited])
        parts.append(_("changed {fields}").format(fields=labels))
    if not parts:
        parts.append(_("changed"))
    return _join(parts)


def _join(items: list[str]) -> str:
    """'a, b and c' in the user's language (中文: a、b和c)."""
    from babel.lists import format_list

    return format_list(items, locale=current_locale())
