"""County: the 各村总览 figures of every village, grouped by the township that vouches for it,
with each township's totals; and the county-wide checks (the same ID number active in villages
of two townships, payments after a death recorded in any village of the county), which are the
township's cross-village flags computed over every village the county holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from carepoint.binding import uses_store
from carepoint.county.enrollment import require_county
from carepoint.db import Store
from carepoint.exchange import flags, queries


@dataclass
class TownshipMonth:
    code: str
    name: str
    last_sequence: int
    villages: list[queries.VillageMonth] = field(default_factory=list)

    def total(self, what: str) -> int:
        return sum(getattr(v, what) for v in self.villages)

    @property
    def residents(self) -> int:
        return sum(sum(v.residents.values()) for v in self.villages)

    @property
    def visit_rate(self) -> float | None:
        due = self.total("visits_due")
        return self.total("visited") / due if due else None

    def to_json(self) -> dict:
        return {
            "township_code": self.code, "township_name": self.name,
            "last_sequence": self.last_sequence, "residents": self.residents,
            **{what: self.total(what) for what in (
                "visits_due", "visited", "visits", "meals", "meal_subsidy_fen", "subsidy_fen")},
            "visit_rate": self.visit_rate,
            "villages": [v.to_json() for v in self.villages],
        }  # fmt: skip


@dataclass
class CountyMonth:
    month: str
    townships: list[TownshipMonth]
    duplicate_ids: list[flags.Flag]  # only those across two townships
    paid_after_death: list[flags.Flag]

    def to_json(self) -> dict:
        return {"month": self.month, "townships": [t.to_json() for t in self.townships],
                "cross_township_duplicate_ids": [f.to_json() for f in self.duplicate_ids],
                "paid_after_death": [f.to_json() for f in self.paid_after_death]}  # fmt: skip


@uses_store
def county_month(store: Store, month: str) -> CountyMonth:
    require_county(store)
    owner = dict(store.db.execute_sql(
        "SELECT village_code, township_code FROM county_village").fetchall())  # fmt: skip
    townships = {
        code: TownshipMonth(code, name, last)
        for code, name, last in store.db.execute_sql(
            "SELECT code, name, last_sequence FROM county_township ORDER BY code"
        ).fetchall()
    }
    figures = queries.month_overview(store, month)
    for village in figures:
        township = townships.get(owner.get(village.village_code, ""))
        if township is not None:
            township.villages.append(village)
    found = flags.open_flags(store)
    duplicates = [
        f for f in found if f.kind == "duplicate_id"
        and owner.get(f.village_code) != owner.get(f.other_village_code)
    ]  # fmt: skip
    deaths = [f for f in found if f.kind == "paid_after_death"]
    month_text = figures[0].month if figures else month
    return CountyMonth(month_text, list(townships.values()), duplicates, deaths)
