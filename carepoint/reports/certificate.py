"""志愿服务时长证明: the certificate of a volunteer's hours that the village committee signs and
stamps: who, since when, how many services and hours, by kind of service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.reports.common import form_header
from carepoint.reports.template import Column, FormWriter
from carepoint.timebank.caps import hours_text
from carepoint.timebank.passbook import HoursCertificate, hours_certificate
from carepoint.timebank.volunteers import list_volunteers


@uses_store
def find_volunteer(store: Store, text: str) -> int:
    """A volunteer's number from a number or an exact name; a shared name asks for the number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    found = [v for v in list_volunteers(store, text) if v.name == text]
    if not found:
        raise UserInputError(_("No volunteer is called {name}").format(name=text))
    if len(found) > 1:
        numbers = ", ".join(str(v.id) for v in found)
        raise UserInputError(
            _("Several volunteers are called {name} (numbers {numbers}); give the number").format(
                name=text, numbers=numbers
            )
        )
    return found[0].id


def write_certificate_of(certificate: HoursCertificate, header, out: Path) -> Path:
    volunteer = certificate.volunteer
    with FormWriter(out, header) as writer:
        if certificate.services:
            body = _(
                "This certifies that {name} served as a volunteer of {care_point} from {first} "
                "to {last}: {count} services, {hours} hours in all. {withdrawn} hours have been "
                "spent; {balance} hours remain in the time bank."
            ).format(
                name=volunteer.name,
                care_point=certificate.care_point_name,
                first=format_date(certificate.first_service),
                last=format_date(certificate.last_service),
                count=certificate.services,
                hours=hours_text(certificate.deposited_minutes),
                withdrawn=hours_text(certificate.withdrawn_minutes),
                balance=hours_text(certificate.balance_minutes),
            )
        else:
            body = _("{name} has no recorded volunteer service at {care_point}.").format(
                name=volunteer.name, care_point=certificate.care_point_name
            )
        writer.note(body, size=12)
        if certificate.by_type:
            writer.heading(_("Hours by kind of service"))
            writer.table([Column(_("Service"), 80), Column(_("Hours"), 30, "right")])
            writer.rows([[kind, hours_text(minutes)] for kind, minutes in certificate.by_type])
            writer.total_row([_("Total"), hours_text(certificate.deposited_minutes)])
        writer.note(
            _("Issued on {date}. The time bank records are kept by the care point.").format(
                date=format_date(certificate.issued_on)
            )
        )
        return writer.finish()


@uses_store
def write_hours_certificate(
    store: Store, month: dt.date, out: Path, *, subject: str | None = None, **options
) -> Path:
    """`subject`: the volunteer's name or number."""
    certificate = hours_certificate(
        store, find_volunteer(store, subject or ""), options.get("today") or clock.today()
    )
    title = _("Volunteer hours certificate: {name}").format(name=certificate.volunteer.name)
    return write_certificate_of(certificate, form_header(store, title, month), out)
