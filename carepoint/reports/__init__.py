"""Printed forms, Qt-free: each takes the open data and writes one PDF (see template.py).

FORMS lists what can be printed; the CLI's `report` command and the app's print page both read it,
so a new form appears in both at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carepoint.db import Store
from carepoint.errors import CarePointError
from carepoint.i18n import N_, _


class ReportCancelled(CarePointError):
    """The user stopped a long form; nothing was written."""

    def __init__(self):
        super().__init__(_("Cancelled; nothing was written."))


@dataclass(frozen=True)
class FormSpec:
    name: str  # the CLI's NAME
    title: str  # msgid
    can_mask: bool  # has a --public variant
    # (store, month, out, *, public, today, progress, cancelled[, subject])
    write: Callable[..., Path]
    subject: str = ""  # "resident" (an ID number) or "volunteer" (a name or number), if needed


def _lazy(module: str, function: str) -> Callable[..., Path]:
    """Forms import ReportLab; the registry is read at start-up, so import only when printing."""

    def write(store: Store, month: dt.date, out: Path, **options) -> Path:
        from importlib import import_module

        return getattr(import_module(f"carepoint.reports.{module}"), function)(
            store, month, out, **options
        )

    return write


FORMS: dict[str, FormSpec] = {
    spec.name: spec
    for spec in (
        FormSpec("roster", N_("Roster of older residents"), True, _lazy("roster", "write_roster")),
        FormSpec("meals", N_("Monthly meal statistics"), False, _lazy("meals", "write_meals")),
        FormSpec(
            "subsidies",
            N_("Subsidy disbursement roster"),
            True,
            _lazy("subsidies", "write_subsidies"),
        ),
        FormSpec("visits", N_("Visit summary"), False, _lazy("visits", "write_visit_summary")),
        FormSpec(
            "monthly",
            N_("Monthly operations report"),
            False,
            _lazy("monthly", "write_monthly_report"),
        ),
        FormSpec(
            "visit-sheet",
            N_("Blank visit sheet"),
            False,
            _lazy("visit_sheet", "write_visit_sheet"),
        ),
        FormSpec(
            "card",
            N_("Resident record card"),
            False,
            _lazy("card", "write_record_card"),
            subject="resident",
        ),
        FormSpec(
            "timebank-certificate",
            N_("Volunteer hours certificate"),
            False,
            _lazy("certificate", "write_hours_certificate"),
            subject="volunteer",
        ),
    )
}
