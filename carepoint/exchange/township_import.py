"""Township: importing village packages. Every file is checked (enrolled village, this office's
key, the village's pinned or vouched-for signing key, signature and hash, sequence) before any is
decrypted; then all are merged in one transaction through executemany. A dry run does the same
work inside the transaction and rolls it back, so its summary is exactly what an import would do.

Per record (matched by uuid within its village):
- new: not seen before; changed: a higher change counter than the township's copy;
- unchanged: the same row, or an older counter the township already has;
- conflict: a different row with the same or a lower counter (two diverging versions), or a
  village edit of a record the township corrected since; both are kept for a person to decide.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import audit, migrations
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.dialect import insert_rows, upsert_rows
from carepoint.errors import UserInputError
from carepoint.exchange import (
    container,
    crypto,
    flags,
    keys,
    month_counts,
    outbox,
    packages,
    tables,
)
from carepoint.exchange.container import Package
from carepoint.exchange.enrollment import require_role
from carepoint.exchange.schema import MIRROR_PREFIX
from carepoint.i18n import _
from carepoint.office import rls
from carepoint.permissions import require
from carepoint.session import Session


@dataclass
class TableCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicts: int = 0


@dataclass
class PackageSummary:
    file: str
    village_code: str
    village_name: str
    sequence: int
    status: str  # imported / would import / already imported
    tables: dict[str, TableCounts] = field(default_factory=dict)

    def total(self, what: str) -> int:
        return sum(getattr(counts, what) for counts in self.tables.values())

    def to_json(self) -> dict:
        return {
            "file": self.file,
            "village_code": self.village_code,
            "village_name": self.village_name,
            "sequence": self.sequence,
            "status": self.status,
            **{what: self.total(what) for what in ("new", "changed", "unchanged", "conflicts")},
            "tables": {name: vars(counts) for name, counts in self.tables.items()},
        }


@dataclass
class ImportResult:
    packages: list[PackageSummary]
    new_flags: list[flags.Flag]
    dry_run: bool

    def to_json(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "packages": [p.to_json() for p in self.packages],
            "conflicts": sum(p.total("conflicts") for p in self.packages),
            "flags": [f.to_json() for f in self.new_flags],
        }


@uses_store
def _village(store: Store, code: str):
    return store.db.execute_sql(
        "SELECT name, secret, sign_key, last_sequence, confirmed_fingerprint"
        " FROM township_village WHERE code = ?",
        [code],
    ).fetchone()


@uses_store
def verify(store: Store, package: Package) -> str:
    """Check one package before anything is read from it; returns 'new', 'already imported' or,
    for the first package of a village whose key no clerk has confirmed yet, 'awaiting
    confirmation'. The enrollment proof of an unpinned key is checked once the township's key is
    open (check_proofs)."""
    if package.kind != "village":
        raise package.refusal(_("it is not a village package"))
    found = _village(store, package.village_code)
    if found is None:
        raise package.refusal(
            _("village {code} is not enrolled with this township").format(
                code=package.village_code
            ),
        )
    _name, _secret, pinned, last_sequence, confirmed = found
    _sign_public, box_public = keys.township_public(store)
    if package.manifest.get("recipient_key") != crypto.fingerprint(box_public):
        raise package.refusal(_("it was encrypted for another township's key"))
    signer = crypto.unb64(str(package.manifest["signer_key"]))
    if pinned and pinned != package.manifest["signer_key"]:
        raise package.refusal(_("it was signed with a key that is not this village's"))
    if not pinned and not isinstance(package.manifest.get("enrollment_proof"), str):
        raise package.refusal(_("its key was not vouched for by this township's enrollment"))
    if not pinned and confirmed and crypto.fingerprint_digits(signer) != confirmed:
        raise package.refusal(_(
            "its key is not the one whose fingerprint was confirmed from the village's 入网确认单"
        ))  # fmt: skip
    container.check_signed(package, signer)
    if package.manifest.get("schema_version", 0) > migrations.latest_version():
        raise UserInputError(
            _(
                "{file} was written by a newer CarePoint; update this office's CarePoint first"
            ).format(file=package.path.name)
        )
    state = packages.sequence_state(store, package, last_sequence)
    return "awaiting confirmation" if state == "new" and not pinned and not confirmed else state


@uses_store
def check_proofs(store: Store, checked: list[tuple[Package, str]], box) -> None:
    """The enrollment secret in each package from a village whose key is not pinned yet must be
    the one the township issued (it keeps only the secret's digest)."""
    for package, state in checked:
        found = _village(store, package.village_code)
        if state == "already imported" or found[2]:
            continue
        signer = crypto.unb64(str(package.manifest["signer_key"]))
        if not crypto.proof_matches(found[1], box, signer, package.manifest["enrollment_proof"]):
            raise package.refusal(_("its key was not vouched for by this township's enrollment"))


def _check_columns(package: Package, payload: dict, ours: dict[str, list[str]]) -> None:
    for table, part in payload.get("tables", {}).items():
        unknown = set(part["columns"]) - set(ours.get(table, ()))
        if table not in ours or unknown or "uuid" not in part["columns"]:
            raise UserInputError(
                _(
                    "{file} holds records this CarePoint does not know ({table}); update it first"
                ).format(file=package.path.name, table=table)
            )


@uses_store
def _merge_table(store, code, table, columns, rows, sequence, counts: TableCounts, corrected):
    mirror = MIRROR_PREFIX + table
    column_list = ", ".join(columns)
    uuid_at, seq_at = columns.index("uuid"), columns.index("change_seq")
    existing = {
        row[uuid_at]: row
        for row in store.db.execute_sql(
            f"SELECT {column_list} FROM {mirror} WHERE village_code = ?", [code]
        )
    }
    news, writes, conflicts = {}, [], []
    fresh = None
    if not existing:  # the village's first package here (a county's first import): all new
        if rows and len({row[uuid_at] for row in rows}) == len(rows):
            # no row twice: each row is made as the write takes it, while the server stores the
            # ones before (not all made first, the server waiting, then all held at once)
            fresh = ((code, *row) for row in rows)
            counts.new += len(rows)
        else:
            news = {row[uuid_at]: (code, *row) for row in rows}  # a row twice: the last, as below
            counts.new += len(news)
        rows = ()
    for row in rows:
        row = tuple(row)
        old = existing.get(row[uuid_at])
        if old is None:
            counts.new += row[uuid_at] not in news
            news[row[uuid_at]] = (code, *row)  # a row twice in one package: the last, as before
        elif old == row:
            counts.unchanged += 1
        elif row[uuid_at] in corrected:
            if row[seq_at] <= corrected[row[uuid_at]]:
                counts.unchanged += 1
            else:
                conflicts.append(("both_changed", old, row))
        elif row[seq_at] > old[seq_at]:
            writes.append((code, *row))
            counts.changed += 1
        else:
            conflicts.append(("diverged", old, row))
    # executemany on SQLite, COPY on PostgreSQL (carepoint/dialect.py); rows this village has
    # not sent before go straight in (the village's row is locked: no other desk adds them)
    if fresh is not None:
        insert_rows(store.db, mirror, ["village_code", *columns], fresh)
    elif news:
        insert_rows(store.db, mirror, ["village_code", *columns], list(news.values()))
    if writes:
        upsert_rows(store.db, mirror, ["village_code", *columns], ("village_code", "uuid"), writes)
    if conflicts:
        counts.conflicts += record_conflicts(store, code, table, columns, conflicts, sequence)
    return existing


@uses_store
def record_conflicts(store, code, table, columns, conflicts, sequence) -> int:
    now = packages.now_text()
    rows = [
        (code, table, new[columns.index("uuid")], reason,
         json.dumps(dict(zip(columns, old, strict=True)), ensure_ascii=False, sort_keys=True),
         json.dumps(dict(zip(columns, new, strict=True)), ensure_ascii=False, sort_keys=True),
         sequence, now)
        for reason, old, new in conflicts
    ]  # fmt: skip
    cursor = store.db.cursor()
    cursor.executemany(
        "INSERT OR IGNORE INTO township_conflict (village_code, tbl, uuid, reason, kept, incoming,"
        " sequence, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return cursor.rowcount  # the rows inserted, summed over the batch (both engines)


@uses_store
def _corrected(store: Store, code: str) -> dict[str, int]:
    return dict(
        store.db.execute_sql(
            "SELECT uuid, max(base_change_seq) FROM township_correction"
            " WHERE village_code = ? AND settled_at IS NULL GROUP BY uuid",
            [code],
        ).fetchall()
    )


@uses_store
def merge(store: Store, package: Package, payload: dict, summary: PackageSummary) -> None:
    """Write one verified package's records (inside the caller's transaction)."""
    code = package.village_code
    corrected = _corrected(store, code)
    residents_before: set[str] = set()
    residents_now: set[str] = set()
    for table, part in payload["tables"].items():
        counts = summary.tables.setdefault(table, TableCounts())
        columns, rows = part["columns"], part["rows"]
        before = _merge_table(
            store, code, table, columns, rows, package.sequence, counts, corrected
        )
        if table == "resident":
            deleted_at = columns.index("deleted_at")
            residents_before = {uuid for uuid, row in before.items() if row[deleted_at] is None}
            residents_now = {row[columns.index("uuid")] for row in rows}
    flags.note_missing(store, code, residents_before - residents_now, residents_now, package)
    if set(month_counts.COUNTED) & set(payload["tables"]):
        month_counts.refresh(store, code)
    for figures in payload.get("months", []):
        store.db.execute_sql(
            "INSERT INTO township_month (village_code, month, reported) VALUES (?, ?, ?)"
            " ON CONFLICT (village_code, month) DO UPDATE SET reported = excluded.reported",
            [code, figures["month"], json.dumps(figures, sort_keys=True)],
        )
    manifest = package.manifest
    store.db.execute_sql(
        "UPDATE township_village SET sign_key = ?, box_key = ?, node_id = ?, last_sequence = ?,"
        " last_imported_at = ? WHERE code = ?",
        [manifest["signer_key"], manifest.get("box_key"), manifest.get("node_id"),
         package.sequence, packages.now_text(), code],
    )  # fmt: skip
    packages.record(store, "received", manifest, package.path.name, summary.to_json())
    outbox.keep(store, package)  # as received, for the county the township joined
    audit.record(
        store, "import", "exchange_package", f"{code}-{package.sequence}",
        {what: (None, summary.total(what)) for what in ("new", "changed", "conflicts")},
    )  # fmt: skip


@uses_store
def import_packages(
    store: Store,
    paths: list[Path | Package],
    passphrase: str | Callable[[], str],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    actor: Session | None,
) -> ImportResult:
    """Check every file, then merge them all in one transaction (rolled back for a dry run).
    `passphrase` may be a function: it is asked only when a package has to be opened;
    `progress(done, total)` is called after each package is merged. A package already read
    (gui_support.sort_packages) is taken as it is, and checked again like the others. The first
    packages of a village whose key is not confirmed are held (confirmation.py), not merged."""
    require_role(store, "township")
    require(actor, "exchange")
    if not paths:
        raise UserInputError(_("Name at least one package file"))
    read = [p if isinstance(p, Package) else container.read(Path(p)) for p in paths]
    read.sort(key=lambda p: (p.village_code, p.sequence))
    scope = rls.current_scope(store, actor.username)[1] if actor else ()
    states, seen = [], {}
    for package in read:
        if not rls.within(scope, package.village_code):
            raise UserInputError(
                _("{file}: village {code} is not among the villages {username} works on; "
                  "nothing was changed").format(file=package.path.name,
                                                code=package.village_code,
                                                username=actor.username)
            )  # fmt: skip
        state = verify(store, package)
        key = (package.village_code, package.sequence)
        before = seen.setdefault(key, {})
        if package.payload_sha256 in before:
            state = "already imported"  # the same file twice
        elif before and not (state == "awaiting confirmation" and set(before.values()) == {state}):
            raise package.refusal(_("two different packages carry the same number"))
        # Unconfirmed: a copied enrollment's package beside the real one; both are held and the
        # clerk's digits tell them apart, so the stick's other villages still go in.
        before.setdefault(package.payload_sha256, state)
        states.append(state)
    summaries, todo = [], []
    for package, state in zip(read, states, strict=True):
        summary = PackageSummary(
            package.path.name, package.village_code, str(package.manifest.get("village_name", "")),
            package.sequence, state if state != "new" else
            ("would import" if dry_run else "imported"),
        )  # fmt: skip
        summaries.append(summary)
        if state == "new":
            todo.append((package, summary))
    held = [p for p, state in zip(read, states, strict=True) if state == "awaiting confirmation"]
    if not todo and not held:
        return ImportResult(summaries, [], dry_run)
    _sign, box = keys.township_keys(store, passphrase() if callable(passphrase) else passphrase)
    check_proofs(store, list(zip(read, states, strict=True)), box)
    if not todo:
        _hold(store, held, dry_run)
        return ImportResult(summaries, [], dry_run)
    ours = tables.mirror_columns(store)
    # Every signature is checked above; payloads are opened one at a time to keep memory to one
    # village, and a payload that fails to open rolls back the ones merged before it.
    with store.db.writing() as transaction:
        todo = _still_new(store, todo)
        open_before = flags.open_keys(store)
        for done, (package, summary) in enumerate(todo, 1):
            payload = container.open_payload(package, box)
            with container.applying(package):
                _check_columns(package, payload, ours)
                merge(store, package, payload, summary)
            del payload
            if progress:
                progress(done, len(todo))
        flags.refresh(store)
        new_flags = [f for f in flags.open_flags(store) if f.key not in open_before]
        if dry_run:
            transaction.rollback()
    _hold(store, held, dry_run)
    return ImportResult(summaries, new_flags, dry_run)


@uses_store
def _still_new(store: Store, todo: list) -> list:
    """Inside the import's transaction: another clerk importing the same villages' packages at
    the same time holds their rows (PostgreSQL's row locks, SQLite's write lock) until it
    commits; then the packages it brought in are 'already imported' here, not written twice."""
    codes = sorted({package.village_code for package, _summary in todo})
    store.db.execute_sql(
        "UPDATE township_village SET last_sequence = last_sequence"
        f" WHERE code IN ({', '.join('?' * len(codes))})",
        codes,
    )
    left = []
    for package, summary in todo:
        last = _village(store, package.village_code)[3]
        if packages.sequence_state(store, package, last) == "new":
            left.append((package, summary))
        else:
            summary.status = "already imported"
    return left


@uses_store
def _hold(store: Store, held: list[Package], dry_run: bool) -> None:
    if held and not dry_run:
        from carepoint.exchange.confirmation import hold

        for package in held:
            hold(store, package)
