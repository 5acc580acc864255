"""`health add | list`: readings from the village clinic's health checks."""

from __future__ import annotations

import argparse
import datetime as dt
import re

from carepoint.commands import iso_date, opened, today
from carepoint.commands._base import emit
from carepoint.commands.ledgers_cmd import action, group, listed, month_arg, month_of
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.ledgers import health as core
from carepoint.ledgers.common import resident_by_id_number


def register(commands, add_globals) -> None:
    sub = group(commands, add_globals, "health", _("health checks with the village clinic"))
    add = action(sub, add_globals, "add", _("record a health check's readings"), run_add)
    add.add_argument("--id-number", required=True, help=_("the resident's ID number"))
    add.add_argument("--by", required=True, help=_("who measured (the village doctor)"))
    add.add_argument("--date", type=iso_date, help=_("the day (default: today)"))
    add.add_argument("--bp", default="", help=_("blood pressure in mmHg, e.g. 135/85"))
    add.add_argument("--glucose", default="", help=_("blood sugar in mmol/L, e.g. 6.1"))
    add.add_argument(
        "--random", action="store_true", help=_("blood sugar taken after a meal (not fasting)")
    )
    add.add_argument("--weight", default="", help=_("weight in kg, e.g. 52.5"))
    add.add_argument("--note", default="")

    listing = action(sub, add_globals, "list", _("readings of a person or a month"), run_list)
    listing.add_argument("--id-number", help=_("one resident's readings"))
    listing.add_argument("--month", type=month_arg, help=_("YYYY-MM (default: this month)"))


def _pressure(text: str) -> tuple[int | None, int | None]:
    text = text.strip().replace("／", "/")
    if not text:
        return None, None
    found = re.fullmatch(r"(\d{2,3})\s*/\s*(\d{2,3})", text)
    if not found:
        raise UserInputError(_("Write blood pressure as two numbers, e.g. 135/85"))
    return int(found[1]), int(found[2])


def _payload(reading: core.Reading) -> dict:
    return {
        "id": reading.id, "uuid": reading.uuid, "name": reading.name,
        "date": reading.measured_on.isoformat(), "measured_by": reading.measured_by,
        "systolic": reading.systolic, "diastolic": reading.diastolic,
        "glucose": reading.glucose or None, "fasting": reading.glucose_fasting,
        "weight": reading.weight or None, "out_of_range": list(reading.flags),
        "note": reading.note,
    }  # fmt: skip


def _line(reading: core.Reading) -> str:
    parts = [format_date(reading.measured_on), reading.name]
    if reading.blood_pressure:
        parts.append(_("BP {value} mmHg").format(value=reading.blood_pressure))
    if reading.glucose:
        parts.append(_("sugar {value} mmol/L").format(value=reading.glucose))
    if reading.weight:
        parts.append(_("weight {value} kg").format(value=reading.weight))
    if reading.flags:
        parts.append("⚠ " + core.flags_text(reading))
    return "  ".join(parts)


def run_add(args: argparse.Namespace) -> int:
    systolic, diastolic = _pressure(args.bp)
    data = core.ReadingInput(
        args.date or today(), args.by, systolic, diastolic,
        core.tenths(args.glucose, _("Blood sugar")), not args.random,
        core.tenths(args.weight, _("Weight")), args.note,
    )  # fmt: skip
    with opened(args) as store:
        reading = core.record_reading(
            store, resident_by_id_number(store, args.id_number), data, today=today()
        )
    text = _("Recorded: {line}").format(line=_line(reading))
    if reading.flags:
        text += "\n" + _("A follow-up visit is due on {date}").format(
            date=format_date(reading.measured_on + dt.timedelta(days=1))
        )
    emit(args, _payload(reading), text)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with opened(args) as store:
        if args.id_number:
            found = core.readings_of(store, resident_by_id_number(store, args.id_number))
        else:
            found = core.readings_in(store, month_of(args))
    return listed(args, found, _payload, _line, _("No readings"))
