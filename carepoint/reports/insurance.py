"""老年人意外伤害保险被保险人清单: the year's insured list by the locality's rule, with the claims
noted against people this year. `public` masks ID numbers for the notice board."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_date
from carepoint.ledgers import insurance as core
from carepoint.privacy import mask_id_number
from carepoint.reports.common import form_header, in_words, money, require_data
from carepoint.reports.fitting import fitted_table
from carepoint.reports.template import Column, FormWriter

GENDER = {"male": "男", "female": "女"}


@uses_store
def write_insured_list(store: Store, month: dt.date, out: Path, **options) -> Path:
    year = month.year
    people = core.insured_list(store, year)
    require_data(people, _("Nobody in the register is insured by the rule for {year}").format(
        year=year))  # fmt: skip
    rule = core.rule_for(store, year)
    public = options.get("public", False)
    header = form_header(store, _("Accident insurance: insured list {year}").format(year=year),
                         month)  # fmt: skip
    with FormWriter(out, header) as writer:
        writer.note(
            _("Insured: everyone in the register aged {age} or over on {day}{categories}.").format(
                age=rule.min_age, day=format_date(rule.reference_day(year)),
                categories=_(", in the categories {codes}").format(codes=", ".join(rule.categories))
                if rule.categories else "",
            )
        )  # fmt: skip
        insured = ([Column(_("No."), 10, "right"), Column(_("Name"), 22),
                      Column(_("Gender"), 10), Column(_("ID number"), 44),
                      Column(_("Birth date"), 24), Column(_("Age"), 10, "right"),
                      Column(_("Group"), 20), Column(_("Notes"), 30)])  # fmt: skip
        rows = [
            [n, p.name, GENDER.get(p.gender, p.gender),
             mask_id_number(p.id_number) if public else p.id_number, p.birth_date, p.age,
             p.group_name, ""]
            for n, p in enumerate(people, 1)
        ]  # fmt: skip
        fitted_table(writer, insured, rows, keep=(len(insured) - 1,))  # notes: room to write
        writer.rows(rows, options.get("progress"), options.get("cancelled"))
        writer.total_row([_("Total"), _("{count} people").format(count=len(people)), None, None,
                          None, None, None, None])  # fmt: skip
        claims = [] if public else core.claims_in(store, year)
        if claims:
            writer.heading(_("Claims this year"))
            writer.table([Column(_("No."), 10, "right"), Column(_("Name"), 22),
                          Column(_("Date"), 26), Column(_("Accident"), 24),
                          Column(_("Amount claimed"), 24, "right"),
                          Column(_("Amount paid"), 24, "right"),
                          Column(_("State"), 18)])  # fmt: skip
            writer.rows([
                [n, c.name, format_date(c.incident_date), core.claim_kind_label(c.kind),
                 money(c.claimed_fen), money(c.paid_fen) if c.paid_fen else "",
                 _(core.CLAIM_STATE_LABELS[c.state])]
                for n, c in enumerate(claims, 1)
            ])  # fmt: skip
            paid = sum(c.paid_fen or 0 for c in claims)
            claimed = sum(c.claimed_fen for c in claims)
            writer.total_row([_("Total"), None, None, None, money(claimed), money(paid), ""])
            writer.note(in_words(paid))
        return writer.finish()
