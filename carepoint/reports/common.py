"""What every form needs from the data: the care point's header facts and month arithmetic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_fen, format_month, rmb_upper
from carepoint.reports.template import Column, FormHeader
from carepoint.values import Month


def parse_month(text: str) -> dt.date:
    """'2026-11' → 2026-11-01, or a clear refusal (values.Month)."""
    return Month.parse(text).first_day


def month_end(first: dt.date) -> dt.date:
    return Month.of(first).last_day


@uses_store
def form_header(store: Store, form_title: str, month: dt.date) -> FormHeader:
    care_point = store.setting("care_point_name") or store.setting("village_name")
    return FormHeader(
        title=f"{care_point} {format_month(month)} {form_title}",
        facts=[
            _("Care point: {name}").format(name=care_point),
            _("Township: {name}").format(name=store.setting("township") or "—"),
            _("County: {name}").format(name=store.setting("county") or "—"),
            _("Month: {month}").format(month=format_month(month)),
        ],
    )


@uses_store
def in_register_on(store: Store, day: dt.date) -> list[int]:
    """Residents whose status on `day` was 在册, by their status history, in pinyin order."""
    sql = (
        "SELECT r.id FROM resident r WHERE r.deleted_at IS NULL AND coalesce(("
        " SELECT s.status FROM status_change s WHERE s.resident_id = r.id"
        " AND s.deleted_at IS NULL AND s.effective_date <= ?"
        " ORDER BY s.effective_date DESC, s.id DESC LIMIT 1), 'active') = 'active'"
        " ORDER BY r.name_pinyin COLLATE NOCASE, r.id"
    )
    return [row[0] for row in store.db.execute_sql(sql, [day.isoformat()])]


money = format_fen


def in_words(fen: int) -> str:
    """The amount as written on paper beside the figures: 人民币（大写）壹仟肆佰零玖元伍角."""
    return _("RMB in words: {upper}").format(upper=rmb_upper(fen))


def village_of(line: object) -> str:
    return getattr(line, "village", "") or ""


def several_villages(lines: Sequence[object]) -> bool:
    """Township forms pass lines of many villages: they get a village column."""
    return any(village_of(line) for line in lines)


def village_column() -> Column:
    return Column(_("Village"), 18)


def require_data(found: object, message: str) -> None:
    if not found:
        raise UserInputError(message)
