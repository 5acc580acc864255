"""What the ledger forms share: a month with nothing in a ledger still prints, saying so (the
township's inspection files the empty month as well as the full ones)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.reports.common import form_header
from carepoint.reports.template import FormWriter


@uses_store
def empty_form(store: Store, title: str, month: dt.date, out: Path, says: str) -> Path:
    with FormWriter(out, form_header(store, title, month)) as writer:
        writer.note(says, size=12)
        return writer.finish()
