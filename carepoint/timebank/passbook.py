"""The passbook as a volunteer reads it (服务内容 / 存入 / 取出 / 结余), the certificate of hours.

A certificate is the data a village committee signs (printed by the forms); both are Qt-free.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.timebank.caps import hours_text
from carepoint.timebank.ledger import Entry, entries
from carepoint.timebank.volunteers import Volunteer, get_volunteer


@dataclass(frozen=True, slots=True)
class PassbookLine:
    entry: Entry
    content: str  # 服务内容
    deposit_minutes: int  # 存入 (a correction may be negative)
    withdraw_minutes: int  # 取出
    balance_minutes: int  # 结余


def describe(entry: Entry, corrected: Entry | None = None) -> str:
    if entry.kind == "service":
        parts = [entry.service_type]
        if entry.recipient_name:
            parts.append(_("for {name}").format(name=entry.recipient_name))
        if entry.description:
            parts.append(entry.description)
        return " · ".join(parts)
    if entry.kind == "withdrawal":
        return _("Spent on: {what}").format(what=entry.description)
    target = corrected.service_type or corrected.description if corrected else ""
    when = format_date(corrected.entry_date) if corrected else ""
    return _("Correction of {date} {what}: {reason}").format(
        date=when, what=target, reason=entry.reason
    )


@uses_store
def passbook(store: Store, volunteer_id: int) -> list[PassbookLine]:
    lines, balance = [], 0
    found = entries(store, volunteer_id)
    by_id = {entry.id: entry for entry in found}
    for entry in found:
        balance += entry.deposit_minutes - entry.withdraw_minutes
        content = describe(entry, by_id.get(entry.corrects_id) if entry.corrects_id else None)
        lines.append(
            PassbookLine(entry, content, entry.deposit_minutes, entry.withdraw_minutes, balance)
        )
    return lines


@dataclass(frozen=True)
class HoursCertificate:
    volunteer: Volunteer
    care_point_name: str
    issued_on: dt.date
    first_service: dt.date | None
    last_service: dt.date | None
    services: int
    deposited_minutes: int
    withdrawn_minutes: int
    by_type: tuple[tuple[str, int], ...]  # (service type, minutes), corrections applied

    @property
    def balance_minutes(self) -> int:
        return self.deposited_minutes - self.withdrawn_minutes

    def summary(self) -> str:
        return _(
            "{name} served {count} times, {hours} hours in all; balance {balance} hours"
        ).format(
            name=self.volunteer.name,
            count=self.services,
            hours=hours_text(self.deposited_minutes),
            balance=hours_text(self.balance_minutes),
        )


@uses_store
def hours_certificate(
    store: Store, volunteer_id: int, issued_on: dt.date | None = None
) -> HoursCertificate:
    volunteer = get_volunteer(store, volunteer_id)
    found = entries(store, volunteer_id)
    services = [e for e in found if e.kind == "service"]
    by_type: dict[str, int] = {}
    for entry in found:
        if entry.deposit_minutes:
            by_type[entry.service_type] = by_type.get(entry.service_type, 0) + entry.deposit_minutes
    return HoursCertificate(
        volunteer,
        store.setting("care_point_name") or store.setting("village_name"),
        issued_on or clock.today(),
        min((e.entry_date for e in services), default=None),
        max((e.entry_date for e in services), default=None),
        len(services),
        sum(e.deposit_minutes for e in found),
        sum(e.withdraw_minutes for e in found),
        tuple(sorted(((k, v) for k, v in by_type.items() if v), key=lambda kv: -kv[1])),
    )
