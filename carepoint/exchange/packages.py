"""The log of packages written and read on this PC (exchange_package)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import N_, _
from carepoint.models import utcnow

STATUS_LABELS = {
    "imported": N_("imported"),
    "would import": N_("would be imported (dry run)"),
    "already imported": N_("already imported; nothing changed"),
    "awaiting confirmation": N_(
        "held: the village's key awaits confirmation against its 入网确认单; nothing imported"
    ),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status])


@dataclass(frozen=True)
class PackageRecord:
    direction: str  # sent / received
    kind: str  # village / return
    village_code: str
    sequence: int
    file_name: str
    payload_sha256: str
    counts: dict
    created_at: str
    recorded_at: str
    acknowledged_at: str | None


_COLUMNS = (
    "direction, kind, village_code, sequence, file_name, payload_sha256, counts, created_at,"
    " recorded_at, acknowledged_at"
)


@uses_store
def record(store: Store, direction: str, manifest: dict, file_name: str, summary=None) -> None:
    store.db.execute_sql(
        f"INSERT INTO exchange_package ({_COLUMNS}, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " NULL, ?)",
        [
            direction,
            manifest["kind"],
            manifest["village_code"],
            manifest["sequence"],
            file_name,
            manifest["payload_sha256"],
            json.dumps(manifest.get("counts", {}), sort_keys=True),
            manifest.get("created_at", ""),
            utcnow().isoformat(sep=" "),
            json.dumps(summary or {}, ensure_ascii=False, sort_keys=True),
        ],
    )


@uses_store
def find(store: Store, direction: str, kind: str, village_code: str, sequence: int):
    row = store.db.execute_sql(
        f"SELECT {_COLUMNS} FROM exchange_package WHERE direction = ? AND kind = ?"
        " AND village_code = ? AND sequence = ?",
        [direction, kind, village_code, sequence],
    ).fetchone()
    return _record(row) if row else None


@uses_store
def last_sequence(store: Store, direction: str, kind: str, village_code: str) -> int:
    row = store.db.execute_sql(
        "SELECT max(sequence) FROM exchange_package WHERE direction = ? AND kind = ?"
        " AND village_code = ?",
        [direction, kind, village_code],
    ).fetchone()
    return row[0] or 0


TOWNSHIP_HAS = "exchange_township_has"  # the highest own package a return acknowledged


@uses_store
def note_township_has(store: Store, sequences: list[int]) -> None:
    """Remember the highest of this village's packages the township says it imported, even one
    this PC no longer knows it sent (a backup restored from before it)."""
    known = [s for s in sequences if type(s) is int and 0 < s < 1 << 62]
    if known and max(known) > int(store.setting(TOWNSHIP_HAS, "0") or 0):
        store.set_setting(TOWNSHIP_HAS, str(max(known)))


@uses_store
def next_village_sequence(store: Store, code: str) -> int:
    """The number of the village's next package: after its own last one and after the last one
    the township acknowledged, so a restored backup catches up through a return package."""
    township_has = int(store.setting(TOWNSHIP_HAS, "0") or 0)
    return max(last_sequence(store, "sent", "village", code), township_has) + 1


def _catch_up(package, last: int) -> str:
    """For a village's package: what a restore does to its numbering and how to catch up."""
    if package.kind != "village":
        return ""
    return " " + _(
        "(If the village restored a backup, its numbering went back: the township expects "
        "package {next} or later. At the village, import the township's latest return package, "
        "then write a new package: it will be numbered {next} or later.)"
    ).format(next=last + 1)


def _record(row) -> PackageRecord:
    values = list(row)
    values[6] = json.loads(values[6])
    return PackageRecord(*values)


@uses_store
def history(store: Store, direction: str | None = None) -> list[PackageRecord]:
    """Packages newest first (for the exchange page)."""
    where = "WHERE direction = ?" if direction else ""
    rows = store.db.execute_sql(
        f"SELECT {_COLUMNS} FROM exchange_package {where} ORDER BY recorded_at DESC, id DESC",
        [direction] if direction else [],
    ).fetchall()
    return [_record(row) for row in rows]


def now_text() -> str:
    return utcnow().isoformat(sep=" ")


@uses_store
def sequence_state(store: Store, package, last: int) -> str:
    """'new' or 'already imported' for a received package; an older or a different package with
    the number already imported is refused (a replay, or a copy from another PC)."""
    if package.sequence < last:
        raise package.refusal(
            _("it is package {seq}, older than package {last} already imported").format(
                seq=package.sequence, last=last
            )
            + _catch_up(package, last)
        )
    if package.sequence == last:
        done = find(store, "received", package.kind, package.village_code, last)
        if done is None or done.payload_sha256 != package.payload_sha256:
            raise package.refusal(
                _("another package numbered {seq} was already imported").format(
                    seq=package.sequence
                )
                + _catch_up(package, last)
            )
        return "already imported"
    return "new"
