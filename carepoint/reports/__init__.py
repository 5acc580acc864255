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
    write: Callable[..., Path]  # (store, month, out, *, public, today, progress, cancelled)


def _roster(store: Store, month: dt.date, out: Path, **options) -> Path:
    from carepoint.reports.roster import write_roster

    return write_roster(store, month, out, **options)


FORMS: dict[str, FormSpec] = {
    spec.name: spec
    for spec in (FormSpec("roster", N_("Roster of older residents"), True, _roster),)
}
