"""`calls device-add | devices | device-remove | add | list | import | counts`: 一键通 devices
and their calls."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from carepoint.commands import iso_date, opened, today
from carepoint.commands._base import emit
from carepoint.commands.ledgers_cmd import (
    action,
    group,
    iso,
    listed,
    month_arg,
    month_of,
    recorded,
)
from carepoint.i18n import _, format_date
from carepoint.ledgers import calls as core
from carepoint.ledgers.common import resident_by_id_number


def _minute(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a time in the form 'YYYY-MM-DD HH:MM'").format(value=text)
        ) from None


def register(commands, add_globals) -> None:
    sub = group(commands, add_globals, "calls", _("emergency-call devices and their calls"))
    add_device = action(sub, add_globals, "device-add", _("give a resident a device"), run_device)
    add_device.add_argument("--id-number", required=True, help=_("the resident's ID number"))
    add_device.add_argument("--number", required=True, help=_("the device's number"))
    add_device.add_argument("--installed", type=iso_date, help=_("the day (default: today)"))
    add_device.add_argument("--provider", default="")
    add_device.add_argument("--note", default="")

    devices = action(sub, add_globals, "devices", _("the devices in use"), run_devices)
    devices.add_argument("--all", action="store_true", help=_("removed devices too"))

    remove = action(sub, add_globals, "device-remove", _("a device was taken back"), run_remove)
    remove.add_argument("number", help=_("the device's number"))
    remove.add_argument("--date", type=iso_date, help=_("the day (default: today)"))

    add = action(sub, add_globals, "add", _("record a call"), run_add)
    add.add_argument("--number", required=True, help=_("the device's number"))
    add.add_argument("--time", required=True, type=_minute, help=_("'YYYY-MM-DD HH:MM'"))
    add.add_argument("--kind", required=True, choices=core.KINDS)
    add.add_argument("--unanswered", action="store_true", help=_("nobody answered the call"))
    add.add_argument("--response", default="", help=_("what was done"))
    add.add_argument("--follow-up", default="")

    listing = action(sub, add_globals, "list", _("the calls of a month"), run_list)
    listing.add_argument("--month", type=month_arg, help=_("YYYY-MM (default: this month)"))

    reading = action(sub, add_globals, "import", _("read the provider's call log"), run_import)
    reading.add_argument("file", type=Path)
    reading.add_argument("--dry-run", action="store_true", help=_("check only; write nothing"))

    counts = action(sub, add_globals, "counts", _("a month's calls per kind"), run_counts)
    counts.add_argument("--month", type=month_arg, help=_("YYYY-MM (default: this month)"))


def _device_payload(d: core.Device) -> dict:
    return {"id": d.id, "uuid": d.uuid, "number": d.device_number, "name": d.name,
            "group": d.group_name, "installed_on": iso(d.installed_on),
            "removed_on": iso(d.removed_on), "provider": d.provider}  # fmt: skip


def _device_line(d: core.Device) -> str:
    removed = (
        _(" (taken back {date})").format(date=format_date(d.removed_on)) if d.removed_on else ""
    )
    return f"{d.device_number}  {d.name}  {format_date(d.installed_on)}{removed}"


def _call_payload(c: core.Call) -> dict:
    return {"id": c.id, "uuid": c.uuid, "device": c.device_number, "name": c.name,
            "time": core.minute_text(c.called_at), "kind": c.kind, "answered": c.answered,
            "response": c.response, "follow_up": c.follow_up, "source": c.source}  # fmt: skip


def _call_line(c: core.Call) -> str:
    answered = _("answered") if c.answered else _("NOT answered")
    return f"{core.minute_text(c.called_at)}  {c.device_number}  {c.name}  " \
           f"{core.kind_label(c.kind)}  {answered}  {c.response}"  # fmt: skip


def run_device(args: argparse.Namespace) -> int:
    with opened(args) as store:
        device = core.add_device(
            store, resident_by_id_number(store, args.id_number), args.number,
            args.installed or today(), args.provider, args.note, today=today(),
        )  # fmt: skip
    return recorded(args, device, _device_payload, _device_line)


def run_devices(args: argparse.Namespace) -> int:
    with opened(args) as store:
        found = core.list_devices(store, include_removed=args.all)
    return listed(args, found, _device_payload, _device_line, _("No devices"))


def run_remove(args: argparse.Namespace) -> int:
    with opened(args) as store:
        device = core.remove_device(store, args.number, args.date or today())
    return recorded(args, device, _device_payload, _device_line)


def run_add(args: argparse.Namespace) -> int:
    data = core.CallInput(args.time, args.number, args.kind, not args.unanswered, args.response,
                          args.follow_up)  # fmt: skip
    with opened(args) as store:
        call = core.record_call(store, data, today=today())
    text = _("Recorded: {line}").format(line=_call_line(call))
    if call.needs_follow_up:
        text += "\n" + _("A follow-up visit is due on {date}").format(
            date=format_date(call.called_at.date())
        )
    emit(args, _call_payload(call), text)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with opened(args) as store:
        found = core.calls_in(store, month_of(args))
    return listed(args, found, _call_payload, _call_line, _("No calls this month"))


def run_import(args: argparse.Namespace) -> int:
    from carepoint.ledgers.calls_import import import_calls

    with opened(args) as store:
        result = import_calls(store, args.file, dry_run=args.dry_run, today=today())
    if result.errors:
        import sys

        emit(args, {"imported": 0, "errors": result.errors}, "")
        lines = [_("Row {row}: {message}").format(**e) for e in result.errors[:30]]
        print(_("Nothing was imported; correct these rows first:"), *lines, sep="\n",
              file=sys.stderr)  # fmt: skip
        return 2
    payload = {"imported": result.imported, "skipped": result.skipped,
               "follow_ups": result.follow_ups, "dry_run": args.dry_run}  # fmt: skip
    text = _(
        "{imported} calls imported, {skipped} already recorded, {follow_ups} unanswered "
        "emergencies to follow up"
    ).format(**payload)
    if args.dry_run:
        text = _("Dry run, nothing written: {summary}").format(summary=text)
    emit(args, payload, text)
    return 0


def run_counts(args: argparse.Namespace) -> int:
    with opened(args) as store:
        counts = core.month_counts(store, month_of(args))
    payload = {"by_kind": counts.by_kind, "total": counts.total,
               "unanswered_emergencies": counts.unanswered_emergencies,
               "devices_in_use": counts.devices_in_use}  # fmt: skip
    lines = [f"{core.kind_label(k)}: {n}" for k, n in counts.by_kind.items()]
    lines.append(_("Unanswered emergencies: {count}").format(count=counts.unanswered_emergencies))
    lines.append(_("Devices in use: {count}").format(count=counts.devices_in_use))
    emit(args, payload, "\n".join(lines))
    return 0
