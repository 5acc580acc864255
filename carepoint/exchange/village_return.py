"""Village: importing the township's return package (see returns.py for what it carries)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.exchange import container, crypto, keys, packages
from carepoint.exchange.container import Package
from carepoint.exchange.enrollment import is_enrolled, require_role
from carepoint.i18n import N_, _
from carepoint.models import RuleVersion, utcnow
from carepoint.permissions import require
from carepoint.session import Session


@dataclass
class ReturnResult:
    file: str
    sequence: int
    status: str  # imported / would import / already imported
    reviews: list[dict] = field(default_factory=list)
    locked: list[str] = field(default_factory=list)
    not_locked: dict[str, str] = field(default_factory=dict)  # month → why
    rules_added: int = 0
    flags: list[dict] = field(default_factory=list)
    acknowledged: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return dict(vars(self))

    def describe(self) -> str:
        lines = [
            _("{file} (return package {seq}): {status}").format(
                file=self.file, seq=self.sequence, status=packages.status_label(self.status)
            )
        ]
        for review in self.reviews:
            state = (
                _("approved by the township")
                if review["state"] == "approved"
                else _("returned by the township")
            )
            lines.append(f"{review['month']}: {state} {review['comment']}".rstrip())
        if self.locked:
            lines.append(_("Locked months: {months}").format(months=", ".join(self.locked)))
        for month, why in self.not_locked.items():
            lines.append(_("{month} could not be locked: {why}").format(month=month, why=why))
        lines.append(
            _("{rules} rule updates added, {flags} flags, {acks} packages acknowledged").format(
                rules=self.rules_added, flags=len(self.flags), acks=len(self.acknowledged)
            )
        )
        return "\n".join(lines)


@dataclass(frozen=True)
class Note:
    kind: str  # review / flag
    month: str
    state: str
    comment: str
    detail: dict
    received_at: str
    cleared: bool


@uses_store
def township_notes(store: Store, include_cleared: bool = False) -> list[Note]:
    """The township's reviews and flags, for the village to see."""
    where = "" if include_cleared else "WHERE cleared_at IS NULL"
    rows = store.db.execute_sql(
        "SELECT kind, month, state, comment, detail, received_at, cleared_at IS NOT NULL"
        f" FROM exchange_note {where} ORDER BY kind, month DESC, id"
    ).fetchall()
    return [Note(k, m, s, c, json.loads(d), r, bool(x)) for k, m, s, c, d, r, x in rows]


@uses_store
def _verify(store: Store, package: Package) -> str:
    if package.kind != "return":
        raise package.refusal(_("it is not a return package from the township"))
    if package.village_code != store.setting("village_code"):
        raise package.refusal(_("it is meant for village {code}").format(
            code=package.village_code))  # fmt: skip
    box_public = crypto.unb64(store.setting("exchange_box_public"))
    if package.manifest.get("recipient_key") != crypto.fingerprint(box_public):
        raise package.refusal(_("it was encrypted for another care point's key"))
    container.check_signed(package, crypto.unb64(store.setting("exchange_township_sign_key")))
    last = packages.last_sequence(store, "received", "return", package.village_code)
    return packages.sequence_state(store, package, last)


CHANGED_SINCE = N_("Approved by the township, but this village's data has changed")


@uses_store
def _lock_month(store: Store, month: str, township: str, approves: dict | None) -> str:
    """Close the month's meals and approve its subsidies; returns why not, or ''.

    Only when the village's month is still the one the township saw (same line count, total and
    digest of its lines) and its own blocking checks pass: a month changed since, or computed
    and never sent, is left open (meals and subsidies) for the cadre to send again."""
    from carepoint.meals import closing
    from carepoint.subsidies import ledger, months
    from carepoint.subsidies.anomalies import find_anomalies
    from carepoint.subsidies.approval import Fingerprint, village_fingerprint

    number = months.parse(month)
    record = ledger.month_record(store, number)
    # a month this village never computed is not the month the township saw: like a changed
    # one, nothing is closed or approved
    pending = record is None or not record.locked
    if pending:  # checked first: a month the township did not see is not closed at all
        seen = Fingerprint.from_json(approves)
        mine = village_fingerprint(store, month)
        if record is None or seen is None or seen != mine:
            return _(CHANGED_SINCE) + _(
                " (the township saw {seen}, this village has {mine}); send the month again"
            ).format(seen=_figures(seen), mine=_figures(mine))
        blocking = [a for a in find_anomalies(store, number) if a.blocking]
        if blocking:
            return _(CHANGED_SINCE) + _(
                " ({count} problems block approval, for example: {example}); correct them and"
                " send the month again"
            ).format(count=len(blocking), example=blocking[0].message)
    first = dt.date.fromisoformat(f"{month}-01")
    problems = []
    if not closing.month_status(store, first).closed:
        try:
            closing.close_month(store, first)
        except UserInputError as error:
            problems.append(error.message)
    if not pending:
        return "; ".join(problems)
    values = {"state": "approved", "approved_at": utcnow().isoformat(sep=" "),
              "approved_by": township}  # fmt: skip
    ledger.update_month(store, number, values)
    audit.record(
        store,
        "approve",
        "subsidy_month",
        record.uuid,
        {
            "state": (record.state, "approved"),
            "approved_by": (None, township),
            "approves": (None, json.dumps(mine.to_json(), sort_keys=True)),
        },  # fmt: skip
    )
    from carepoint.subsidies.payments import fix_accounts

    fix_accounts(store, number, record.uuid)  # the bank file pays the accounts approved
    return "; ".join(problems)  # fmt: skip


def _figures(found) -> str:
    if found is None:
        return _("no figures")
    from carepoint.subsidies.reasons import money

    return _("{count} lines, {total}").format(count=found.line_count, total=money(found.total_fen))


@uses_store
def _note(store: Store, key: str, kind: str, month: str, state: str, comment: str, detail: dict,
          sequence: int) -> None:  # fmt: skip
    store.db.execute_sql(
        "INSERT INTO exchange_note (key, kind, month, state, comment, detail, received_sequence,"
        " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
        " state = excluded.state, comment = excluded.comment, detail = excluded.detail,"
        " received_sequence = excluded.received_sequence, received_at = excluded.received_at,"
        " cleared_at = NULL",
        [key, kind, month, state, comment, json.dumps(detail, ensure_ascii=False), sequence,
         packages.now_text()],
    )  # fmt: skip


@uses_store
def _add_rules(store: Store, rules: list[dict]) -> int:
    known = {row.uuid for row in RuleVersion.select(RuleVersion.uuid)}
    added = 0
    for rule in rules:
        if rule["uuid"] in known:
            continue
        text = json.dumps(rule["content"], ensure_ascii=False, sort_keys=True)
        row = RuleVersion.create(
            uuid=rule["uuid"], area=rule["area"], content=text, note=rule.get("note", ""),
            effective_from=dt.date.fromisoformat(rule["effective_from"]),
            change_seq=store.next_change_seq(),
        )  # fmt: skip
        changes = {"area": rule["area"], "effective_from": rule["effective_from"], "content": text}
        audit.record(store, "township_rule", "rule_version", row.uuid,
                     {key: (None, value) for key, value in changes.items()})  # fmt: skip
        added += 1
    return added


@uses_store
def _apply(store: Store, package: Package, payload: dict, result: ReturnResult) -> None:
    township = store.setting("exchange_township_name")
    seq = package.sequence
    for review in payload.get("reviews", []):
        month = review["month"]
        _note(store, f"review:{month}", "review", month, review["state"], review["comment"],
              {"reviewed_at": review.get("reviewed_at")}, seq)  # fmt: skip
        result.reviews.append(review)
        if review["state"] == "approved":
            why = _lock_month(store, month, township, review.get("approves"))
            if why:
                result.not_locked[month] = why
                # kept with the township's note, so the cadre sees it until the month is resent
                _note(store, f"review:{month}", "review", month, review["state"],
                      review["comment"], {"reviewed_at": review.get("reviewed_at"),
                                          "not_applied": why}, seq)  # fmt: skip
            else:
                result.locked.append(month)
    for flag in payload.get("flags", []):
        _note(store, f"flag:{flag['key']}", "flag", flag.get("month", ""), flag["kind"],
              flag.get("message", ""), flag, seq)  # fmt: skip
        result.flags.append(flag)
    sent_keys = [f"flag:{flag['key']}" for flag in payload.get("flags", [])]
    marks = ", ".join("?" * len(sent_keys)) or "''"
    store.db.execute_sql(
        f"UPDATE exchange_note SET cleared_at = ? WHERE kind = 'flag' AND cleared_at IS NULL"
        f" AND key NOT IN ({marks})",
        [packages.now_text(), *sent_keys],
    )
    result.rules_added = _add_rules(store, payload.get("rules", []))
    for ack in payload.get("acknowledged", []):
        cursor = store.db.execute_sql(
            "UPDATE exchange_package SET acknowledged_at = ? WHERE direction = 'sent'"
            " AND kind = 'village' AND sequence = ? AND payload_sha256 = ?"
            " AND acknowledged_at IS NULL",
            [ack["imported_at"], ack["sequence"], ack["payload_sha256"]],
        )
        if cursor.rowcount:
            result.acknowledged.append(ack["sequence"])
    packages.note_township_has(store, [a.get("sequence") for a in payload.get("acknowledged", [])])
    packages.record(store, "received", package.manifest, package.path.name, result.to_json())
    audit.record(store, "import", "exchange_package", f"return-{seq}",
                 {"file": (None, package.path.name)})  # fmt: skip


@uses_store
def import_return(
    store: Store, paths: list[Path], *, dry_run: bool = False, actor: Session | None
) -> ReturnResult:
    """Village: check and apply the township's return package (one file)."""
    require_role(store, "village")
    require(actor, "exchange")
    if not is_enrolled(store):
        raise UserInputError(_("This care point has not joined a township yet"))
    if len(paths) != 1:
        raise UserInputError(_("A care point imports one return package at a time"))
    package = container.read(Path(paths[0]))
    state = _verify(store, package)
    result = ReturnResult(package.path.name, package.sequence, state)
    if state != "new":
        return result
    box = keys.village_box_key(store)
    payload = container.open_payload(package, box)
    result.status = "would import" if dry_run else "imported"
    with store.db.writing() as transaction, container.applying(package):
        _apply(store, package, payload, result)
        if dry_run:
            transaction.rollback()
    return result
