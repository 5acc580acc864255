"""Printed forms, Qt-free: each takes the open data and writes one PDF (see template.py).

FORMS lists what a village care point can print and TOWNSHIP_FORMS what the township office
prints over its villages (carepoint.reports.township); `forms_for(store)` picks by the data
folder's role. The CLI's `report` command and the app's print page both read them, so a new form
appears in both at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from carepoint.binding import uses_store
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
    # Shows people (names with ID numbers, phones, accounts): printed whole only by a role that
    # sees them (carepoint.permissions); a viewer gets the masked copy or nothing.
    personal: bool = True

    def __post_init__(self):
        # Whoever calls `write` names the acting account, and the core checks it.
        object.__setattr__(self, "write", _checked(self.write, self.personal))


def _checked(write: Callable[..., Path], personal: bool) -> Callable[..., Path]:
    @uses_store
    def checked(store: Store, month: dt.date, out: Path, *, actor=None, **options) -> Path:
        from carepoint.permissions import require_print

        require_print(actor, personal=personal, public=bool(options.get("public")))
        return write(store, month, out, **options)

    return checked


def _lazy(module: str, function: str) -> Callable[..., Path]:
    """Forms import ReportLab; the registry is read at start-up, so import only when printing."""

    @uses_store
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
            personal=False,
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
        FormSpec(
            "activities",
            N_("Activity ledger"),
            False,
            _lazy("activities", "write_activity_ledger"),
        ),
        FormSpec("pairs", N_("Pairing roster"), False, _lazy("pairs", "write_pairing_roster")),
        FormSpec("calls", N_("Emergency call ledger"), False, _lazy("calls", "write_call_ledger")),
        FormSpec("insurance", N_("Accident insurance: insured list"), True,
                 _lazy("insurance", "write_insured_list")),  # fmt: skip
        FormSpec("adaptations", N_("Home adaptation ledger"), False,
                 _lazy("adaptations", "write_adaptation_ledger")),  # fmt: skip
        FormSpec("assessment", N_("Ability assessment report"), False,
                 _lazy("assessment", "write_assessment_report"), subject="resident"),  # fmt: skip
    )
}


# Same names as the village forms they sum up; `village` (a code) narrows one to a village.
TOWNSHIP_FORMS: dict[str, FormSpec] = {
    spec.name: spec
    for spec in (
        FormSpec("roster", N_("Roster of older residents, all villages"), True,
                 _lazy("township.registers", "write_township_roster")),
        FormSpec("subsidies", N_("Subsidy disbursement roster, all villages"), True,
                 _lazy("township.registers", "write_township_subsidies")),
        FormSpec("meals", N_("Monthly meal statistics, all villages"), False,
                 _lazy("township.meals", "write_township_meals")),
        FormSpec("monthly", N_("Township monthly operations report"), False,
                 _lazy("township.overview", "write_township_report"), personal=False),
        FormSpec("visits", N_("Visits by village"), False,
                 _lazy("township.overview", "write_township_visits"), personal=False),
        FormSpec("adaptations", N_("Home adaptation ledger, all villages"), False,
                 _lazy("township.ledgers", "write_township_adaptations")),
    )
}  # fmt: skip


@uses_store
def is_township(store: Store) -> bool:
    """An office over villages: a township, or a county (its forms per township or village)."""
    return store.setting("role", "village") in ("township", "county")


@uses_store
def forms_for(store: Store) -> dict[str, FormSpec]:
    """The forms this data folder prints: a village's own, or the township's over its villages."""
    return TOWNSHIP_FORMS if is_township(store) else FORMS
