"""What every township form shares: the villages it covers, each read through its lens, and the
header naming the township and those villages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.exchange.schema import MIRROR_PREFIX
from carepoint.i18n import _, format_month
from carepoint.reports.template import FormHeader
from carepoint.reports.township.lens import Village, village_lens, villages_with_data

Found = TypeVar("Found")


@uses_store
def per_village(
    store: Store, code: str | None, read: Callable[[Village], Found]
) -> list[tuple[Village, Found]]:
    """`read(village)` for each village with data (or the one asked for), through its lens."""
    found = []
    for village in villages_with_data(store, code):
        with village_lens(store, village):
            found.append((village, read(village)))
    return found


@uses_store
def unless_approved(
    store: Store, header: FormHeader, month: dt.date, villages: Sequence[Village]
) -> FormHeader:
    """草稿（未审批） across every page while any village-month on the form is not approved by
    the township: a form with money on it for a month not approved can't pass for the real one."""
    from dataclasses import replace

    from carepoint.reports.subsidies import DRAFT

    codes = [village.code for village in villages]
    marks = ", ".join("?" * len(codes))
    approved = store.db.execute_sql(
        f"SELECT count(*) FROM township_month WHERE month = ? AND review = 'approved'"
        f" AND village_code IN ({marks})",
        [f"{month:%Y-%m}", *codes],
    ).fetchone()[0]
    return header if codes and approved == len(codes) else replace(header, watermark=_(DRAFT))


@uses_store
def township_header(
    store: Store, form_title: str, month: dt.date, villages: Sequence[Village]
) -> FormHeader:
    township = store.setting("township") or store.setting("village_name")
    county = store.setting("county") or "—"
    if store.setting("role") == "county":  # the townships of these villages, by name
        county = store.setting("village_name")
        codes = sorted({village.code[:9] for village in villages})
        named = dict(store.db.execute_sql("SELECT code, name FROM county_township").fetchall())
        township = "、".join(named.get(code, code) for code in codes)
    covered = villages[0].name if len(villages) == 1 else _("all villages")
    names = "、".join(village.name for village in villages)
    facts = [
        _("Township: {name}").format(name=township),
        _("County: {name}").format(name=county),
        _("Month: {month}").format(month=format_month(month)),
        _("Villages ({count}): {names}").format(count=len(villages), names=names),
    ]
    missing = _not_reported(store)
    if missing:
        facts.append(_("No package yet from: {names}").format(names="、".join(missing)))
    return FormHeader(
        title=f"{township} {format_month(month)} "
        + _("{form} ({villages})").format(form=form_title, villages=covered),
        facts=facts,
    )


@uses_store
def _not_reported(store: Store) -> list[str]:
    """Enrolled villages no form can cover yet: none of their packages came in."""
    return [
        row[0]
        for row in store.db.execute_sql(
            "SELECT name FROM township_village v WHERE NOT EXISTS (SELECT 1 FROM"
            f" {MIRROR_PREFIX}resident r WHERE r.village_code = v.code) ORDER BY code"
        )
    ]
