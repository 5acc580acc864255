"""Township: cross-village checks, stored as flags until the data no longer shows them.

- duplicate_id: the same ID number active in two villages (one flag for each village);
- paid_after_death: a subsidy line for a period after a death recorded in any village, or a
  subsidised meal served after it, one flag per person, month and kind of payment;
- missing: a person in a village's previous package who is absent from its latest one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.exchange import packages
from carepoint.i18n import N_, _, format_fen
from carepoint.office.rls import owns_tables
from carepoint.privacy import mask_id_number

KINDS = {
    "duplicate_id": N_("same ID number in two villages"),
    "paid_after_death": N_("payment after death"),
    "missing": N_("missing from the latest package"),
}
_RECOMPUTED = ("duplicate_id", "paid_after_death")


@dataclass(frozen=True)
class Flag:
    key: str
    kind: str
    village_code: str
    other_village_code: str
    resident_uuid: str
    id_number: str
    name: str
    month: str
    detail: dict
    cleared_at: str | None = None

    @property
    def label(self) -> str:
        return _(KINDS[self.kind])

    @property
    def message(self) -> str:
        return self.text(masked=False)

    def text(self, masked: bool) -> str:
        """The flag in words; `masked` hides most of the ID number (viewers, printed lists)."""
        d = self.detail
        shown_id = mask_id_number(self.id_number) if masked else self.id_number
        if self.kind == "duplicate_id":
            return _("{name} ({id}) is active in village {village} and in village {other}").format(
                name=self.name, id=shown_id, village=self.village_code,
                other=self.other_village_code,
            )  # fmt: skip
        if self.kind == "paid_after_death":
            what = _("subsidies") if d.get("payment") == "subsidy" else _("meal subsidies")
            return _(
                "{name} ({id}) died on {died} (recorded by village {other}), but {what} of"
                " {amount} were paid for {month}"
            ).format(
                name=self.name, id=shown_id, died=d.get("died"),
                other=self.other_village_code, what=what,
                amount=format_fen(int(d.get("amount_fen") or 0)), month=self.month,
            )  # fmt: skip
        text = _("{name} ({id}) was in package {before} of village {village} but not in {seq}")
        return text.format(
            name=self.name, id=shown_id, village=self.village_code,
            before=d.get("previous_sequence"), seq=d.get("sequence"),
        )  # fmt: skip

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "village_code": self.village_code,
            "other_village_code": self.other_village_code,
            "id_number": self.id_number,
            "name": self.name,
            "month": self.month,
            "detail": self.detail,
            "message": self.message,
            "cleared": self.cleared_at is not None,
        }


_COLUMNS = (
    "key, kind, village_code, other_village_code, resident_uuid, id_number, name, month, detail,"
    " cleared_at"
)


def _flag(row) -> Flag:
    values = list(row)
    values[8] = json.loads(values[8])
    return Flag(*values)


@uses_store
def open_flags(store: Store, village_code: str | None = None) -> list[Flag]:
    where = " AND village_code = ?" if village_code else ""
    rows = store.db.execute_sql(
        f"SELECT {_COLUMNS} FROM township_flag WHERE cleared_at IS NULL{where}"
        " ORDER BY village_code, kind, month, id_number",
        [village_code] if village_code else [],
    ).fetchall()
    return [_flag(row) for row in rows]


@uses_store
def open_keys(store: Store) -> set[str]:
    return {
        row[0]
        for row in store.db.execute_sql("SELECT key FROM township_flag WHERE cleared_at IS NULL")
    }


@uses_store
def _upsert(store: Store, found: list[tuple]) -> None:
    now = packages.now_text()
    store.db.cursor().executemany(
        "INSERT INTO township_flag (key, kind, village_code, other_village_code, resident_uuid,"
        " id_number, name, month, detail, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET detail = excluded.detail, cleared_at = NULL",
        [(*row, now) for row in found],
    )


_DUPLICATES = """
    SELECT a.village_code, a.uuid, a.id_number, a.name, b.village_code
    FROM tw_resident a JOIN tw_resident b
      ON b.id_number = a.id_number AND b.village_code <> a.village_code
    WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL
      AND a.status = 'active' AND b.status = 'active'"""

# One query per kind of payment, so each joins its table through the (resident_uuid, day) index.
_DEATHS = """
    WITH death AS (
        SELECT id_number, village_code, min(status_date) AS died FROM tw_resident
        WHERE status = 'deceased' AND deleted_at IS NULL AND status_date IS NOT NULL
        GROUP BY id_number, village_code)
    SELECT r.village_code, r.uuid, r.id_number, r.name, d.village_code, d.died, {month},
           sum({amount}), '{payment}'
    FROM death d
    JOIN tw_resident r ON r.id_number = d.id_number AND r.deleted_at IS NULL
    JOIN {table} p ON p.resident_uuid = r.uuid AND p.village_code = r.village_code
     AND p.{day} > d.died AND p.deleted_at IS NULL AND {paid}
    GROUP BY r.village_code, r.uuid, r.id_number, r.name, d.village_code, d.died, {month}"""
_PAYMENTS = (
    _DEATHS.format(
        table="tw_subsidy_line", day="period_from", month="p.month", amount="p.amount_fen",
        payment="subsidy",
        # money the bank returned (代发失败) never reached anyone: not a payment after death
        paid="p.amount_fen > 0 AND NOT EXISTS (SELECT 1 FROM tw_subsidy_payment b"
        " WHERE b.village_code = p.village_code AND b.resident_uuid = p.resident_uuid"
        " AND b.month = p.month AND b.status = 'failed' AND b.deleted_at IS NULL)",
    ),
    _DEATHS.format(
        table="tw_meal_sign_in", day="meal_date", month="substr(p.meal_date, 1, 7)",
        amount="p.subsidy_fen", payment="meals", paid="p.status = 'served' AND p.subsidy_fen > 0",
    ),
)  # fmt: skip


@uses_store
def refresh(store: Store) -> None:
    """Recompute the cross-village flags from the township's copies (inside a transaction)."""
    found = []
    for village, uuid, id_number, name, other in store.db.execute_sql(_DUPLICATES):
        key = f"duplicate_id:{village}:{uuid}:{other}"
        found.append((key, "duplicate_id", village, other, uuid, id_number, name, "", "{}"))
    payments = [row for sql in _PAYMENTS for row in store.db.execute_sql(sql)]
    for village, uuid, id_number, name, other, died, month, amount, payment in payments:
        key = f"paid_after_death:{village}:{uuid}:{other}:{month}:{payment}"
        detail = json.dumps(
            {"died": died, "amount_fen": amount, "payment": payment}, sort_keys=True
        )
        found.append(
            (key, "paid_after_death", village, other, uuid, id_number, name, month, detail)
        )
    keys = {row[0] for row in found}
    # A clerk limited to some villages (PostgreSQL row-level security) sees only their rows: a
    # flag whose other village is outside the scope cannot be judged from here and stays.
    seen = None if owns_tables(store.db) else {
        code for (code,) in store.db.execute_sql("SELECT code FROM township_village")
    }  # fmt: skip
    stale = [
        (packages.now_text(), key)
        for key, kind, other in store.db.execute_sql(
            "SELECT key, kind, other_village_code FROM township_flag WHERE cleared_at IS NULL"
        ).fetchall()
        if kind in _RECOMPUTED and key not in keys and (seen is None or not other or other in seen)
    ]
    store.db.cursor().executemany("UPDATE township_flag SET cleared_at = ? WHERE key = ?", stale)
    _upsert(store, found)


@uses_store
def note_missing(store: Store, code: str, missing: set[str], present: set[str], package) -> None:
    """Flag the people absent from a village's package; clear those who came back."""
    if missing:
        marks = ", ".join("?" * len(missing))
        people = store.db.execute_sql(
            f"SELECT uuid, id_number, name FROM tw_resident WHERE village_code = ?"
            f" AND uuid IN ({marks})",
            [code, *missing],
        ).fetchall()
        previous = packages.last_sequence(store, "received", "village", code)
        detail = json.dumps({"previous_sequence": previous, "sequence": package.sequence})
        # The month the village wrote the package, on its own calendar (the stamp is UTC).
        written = clock.local_date(str(package.manifest.get("created_at", "")) or None)
        month = f"{written:%Y-%m}" if written else ""
        _upsert(
            store,
            [(f"missing:{code}:{uuid}", "missing", code, "", uuid, id_number, name, month, detail)
             for uuid, id_number, name in people],
        )  # fmt: skip
    back = [
        (packages.now_text(), f"missing:{code}:{uuid}")
        for (uuid,) in store.db.execute_sql(
            "SELECT resident_uuid FROM township_flag WHERE kind = 'missing' AND village_code = ?"
            " AND cleared_at IS NULL",
            [code],
        ).fetchall()
        if uuid in present
    ]
    store.db.cursor().executemany("UPDATE township_flag SET cleared_at = ? WHERE key = ?", back)
