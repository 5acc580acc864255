"""A resident's history from the audit log, in plain words: who, when, what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from carepoint import categories, clock
from carepoint.audit import HistoryLine, history
from carepoint.i18n import N_, _, format_date
from carepoint.residents import ResidentDetail, field_label, status_label
from carepoint.residents.fields import GENDER_LABELS, MARITAL_LABELS

from ui.register.editor_fields import masked_value

HEADERS = (N_("When"), N_("Who"), N_("What"))
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
    local = clock.to_local(at)
    return f"{format_date(local.date())} {local:%H:%M}"


def writes(entries: list[HistoryLine]) -> Iterator[list[HistoryLine]]:
    """Split newest-first entries into the writes they came from (a field repeats: a new write)."""
    group: list[HistoryLine] = []
    for line in entries:
        if group and (
            _write_key(line) != _write_key(group[0]) or line.field in {g.field for g in group}
        ):
            yield group
            group = []
        group.append(line)
    if group:
        yield group


def _write_key(line: HistoryLine) -> tuple:
    return (line.at, line.actor, line.action, line.entity, getattr(line, "entity_uuid", None))


def ended_category(end_date: str | None, detail: ResidentDetail) -> str:
    """The label of the category an end-date entry belongs to (entries do not name the record)."""
    codes = [m.code for m in detail.categories if m.end_date and m.end_date.isoformat() == end_date]
    return "、".join(categories.label(code) for code in codes) or _("a category")


def describe(lines: list[HistoryLine], detail: ResidentDetail, masked: bool) -> list[str]:
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
                    label=ended_category(end, detail), date=value_text("end_date", end)
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


class HistoryView(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels([_(text) for text in HEADERS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def load(self, detail: ResidentDetail, masked: bool) -> None:
        rows = []
        for lines in writes(history(detail.entity_uuids)):
            for text in describe(lines, detail, masked):
                rows.append((local_time(lines[0].at), lines[0].actor, text))
        self.setRowCount(len(rows))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                self.setItem(row, column, QTableWidgetItem(text))

    def texts(self) -> list[str]:
        """The 'what' column, newest first (for tests and screen readers)."""
        return [self.item(row, 2).text() for row in range(self.rowCount())]
