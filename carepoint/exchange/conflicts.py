"""Township: two versions of one record, kept side by side until a person chooses.

A conflict arises when a village's package carries a version of a record that diverges from the
township's copy (the same or a lower change counter with different content), or when the
village changed a record the township had corrected since. Nothing is overwritten silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.exchange import decisions, month_counts, packages
from carepoint.exchange.enrollment import require_role
from carepoint.exchange.schema import MIRROR_PREFIX, synced_tables
from carepoint.i18n import N_, _

REASONS = {
    "diverged": N_("the village sent a different version with no newer change"),
    "both_changed": N_("the township corrected it and the village changed it too"),
}
CHOICES = ("township", "village")


@dataclass(frozen=True)
class Conflict:
    id: int
    village_code: str
    table: str
    uuid: str
    reason: str
    kept: dict
    incoming: dict
    sequence: int
    resolved_at: str | None
    choice: str

    @property
    def reason_text(self) -> str:
        return _(REASONS[self.reason])

    @property
    def differences(self) -> dict[str, tuple[object, object]]:
        """field → (township's value, incoming value), only the fields that differ."""
        return {
            k: (self.kept.get(k), self.incoming.get(k))
            for k in sorted(set(self.kept) | set(self.incoming))
            if self.kept.get(k) != self.incoming.get(k)
        }

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "village_code": self.village_code,
            "table": self.table,
            "uuid": self.uuid,
            "reason": self.reason,
            "sequence": self.sequence,
            "differences": {k: list(v) for k, v in self.differences.items()},
            "resolved": self.resolved_at is not None,
            "choice": self.choice,
        }


_COLUMNS = "id, village_code, tbl, uuid, reason, kept, incoming, sequence, resolved_at, choice"


def _conflict(row) -> Conflict:
    values = list(row)
    values[5], values[6] = json.loads(values[5]), json.loads(values[6])
    return Conflict(*values)


@uses_store
def list_conflicts(store: Store, open_only: bool = True) -> list[Conflict]:
    where = "WHERE resolved_at IS NULL" if open_only else ""
    rows = store.db.execute_sql(
        f"SELECT {_COLUMNS} FROM township_conflict {where} ORDER BY village_code, id"
    ).fetchall()
    return [_conflict(row) for row in rows]


@uses_store
def _write_row(store: Store, code: str, table: str, values: dict) -> None:
    columns = list(values)
    store.db.execute_sql(
        f"UPDATE {MIRROR_PREFIX}{table} SET {', '.join(f'{c} = ?' for c in columns)}"
        " WHERE village_code = ? AND uuid = ?",
        [*values.values(), code, values.get("uuid")],
    )
    if table in month_counts.COUNTED:
        month_counts.refresh(store, code)


CHOSEN = {
    "township": N_("the township's copy was kept"),
    "village": N_("the village's version was taken"),
}


@uses_store
def resolve_conflict(store: Store, conflict_id: int, choice: str) -> Conflict:
    """Keep the township's copy ("township") or take the village's version ("village"). A
    conflict another clerk has resolved meanwhile (the row is locked and read again) is refused,
    naming who chose what and when; nothing changes."""
    require_role(store, "township")
    if choice not in CHOICES:
        raise UserInputError(_("Choose township or village"))
    with store.db.writing():
        row = decisions.locked_row(
            store, f"SELECT {_COLUMNS}, resolved_by FROM township_conflict WHERE id = ?",
            [conflict_id],
        )  # fmt: skip
        if row is None:
            raise UserInputError(_("There is no conflict number {id}").format(id=conflict_id))
        found = _conflict(row[:-1])
        if found.resolved_at:
            what = _(CHOSEN[found.choice]) if found.choice in CHOSEN else found.choice
            raise decisions.already_decided(row[-1], found.resolved_at, what)
        if choice == "village":
            _write_row(store, found.village_code, found.table, found.incoming)
            store.db.execute_sql(
                "UPDATE township_correction SET settled_at = ? WHERE village_code = ?"
                " AND uuid = ? AND settled_at IS NULL",
                [packages.now_text(), found.village_code, found.uuid],
            )
        store.db.execute_sql(
            "UPDATE township_conflict SET resolved_at = ?, resolved_by = ?, choice = ?"
            " WHERE id = ?",
            [packages.now_text(), store.actor, choice, conflict_id],
        )
        changes = {k: v if choice == "village" else (v[1], v[0]) for k, v in
                   found.differences.items()}  # fmt: skip
        audit.record(store, "resolve", found.table, found.uuid, {"choice": (None, choice)}
                     | changes)  # fmt: skip
    return found


@uses_store
def correct_record(store: Store, village_code: str, table: str, uuid: str, changes: dict) -> None:
    """A township correction of a village record (audited). If the village later sends a newer
    version of that record, both are kept as a conflict instead of either winning."""
    require_role(store, "township")
    if table not in synced_tables(store.db):
        raise UserInputError(_("Unknown record type {table}").format(table=table))
    protected = {"uuid", "change_seq", "created_at"} & set(changes)
    if protected:
        raise UserInputError(_("{fields} cannot be corrected").format(fields=", ".join(protected)))
    mirror = MIRROR_PREFIX + table
    names = {r[1] for r in store.db.execute_sql(f"PRAGMA table_info({mirror})").fetchall()}
    unknown = set(changes) - names
    if unknown:
        raise UserInputError(_("Unknown fields: {fields}").format(fields=", ".join(unknown)))
    columns = ", ".join(changes)
    row = store.db.execute_sql(
        f"SELECT change_seq, {columns} FROM {mirror} WHERE village_code = ? AND uuid = ?",
        [village_code, uuid],
    ).fetchone()
    if row is None:
        raise UserInputError(_("Village {code} has no such record").format(code=village_code))
    with store.db.writing():
        _write_row(store, village_code, table, {**changes, "uuid": uuid})
        store.db.execute_sql(
            "INSERT INTO township_correction (village_code, tbl, uuid, base_change_seq, changes,"
            " corrected_at, corrected_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [village_code, table, uuid, row[0], json.dumps(changes, ensure_ascii=False),
             packages.now_text(), store.actor],
        )  # fmt: skip
        old = dict(zip(changes, row[1:], strict=True))
        audit.record(store, "correct", table, uuid, {k: (old[k], v) for k, v in changes.items()})
