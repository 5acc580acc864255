"""追回: money paid for months after a stop that was recorded late, shown until settled.

A death (or move, lost contact …) entered after its months were paid leaves lines that should
not have been paid. Only money actually paid is owed back: a month approved but not yet paid is
corrected instead (reopened and computed again, see `corrections_due`), and a line the bank
returned unpaid (subsidy_payment 'failed') owes nothing. For each paid line the months it covers
after the stop are owed back: the monthly standard for each such month, a yearly payment whole
when it was paid after the stop (otherwise the share of its months after it), a one-off payment
when it was paid after the stop. Meal subsidies paid the meal point for meals served, so they
are not recovered. What has come back is recorded in subsidy_recovery; a person is listed while
anything is owed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from carepoint import audit, clock, synced
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.subsidies import ledger, months
from carepoint.subsidies.entitlement import Calculator, Line
from carepoint.subsidies.people import Register
from carepoint.subsidies.stops import Step, stop_in
from carepoint.subsidies.workflow import require


@dataclass
class Recovery:
    resident_id: int
    id_number: str
    name: str
    cause: str
    cause_date: str
    owed_fen: int = 0
    settled_fen: int = 0
    months: list[str] = field(default_factory=list)  # months paid that should not have been
    lines: list[Line] = field(default_factory=list)

    @property
    def outstanding_fen(self) -> int:
        return self.owed_fen - self.settled_fen


@uses_store
def _stopped_people(store: Store) -> dict[int, tuple[Step, ...]]:
    steps: dict[int, list[Step]] = defaultdict(list)
    sql = (
        "SELECT resident_id, status, effective_date FROM status_change WHERE deleted_at IS NULL"
        " AND resident_id IN (SELECT resident_id FROM status_change WHERE status != 'active'"
        " AND deleted_at IS NULL) ORDER BY resident_id, effective_date, id"
    )
    for rid, status, effective in store.db.execute_sql(sql):
        steps[rid].append(Step(status, dt.date.fromisoformat(effective)))
    for rid, status, status_date in store.db.execute_sql(
        "SELECT id, status, status_date FROM resident WHERE status != 'active'"
        " AND deleted_at IS NULL"
    ):
        if rid not in steps:
            day = dt.date.fromisoformat(status_date) if status_date else None
            steps[rid].append(Step(status, day))
    return {rid: tuple(s) for rid, s in steps.items()}


@uses_store
def recoveries(store: Store, *, include_settled: bool = False) -> list[Recovery]:
    """Everyone owing money back, oldest stop first."""
    steps = _stopped_people(store)
    if not steps:
        return []
    calc = Calculator(store, Register([], steps))
    found: dict[int, Recovery] = {}
    for line, paid_in in _late_lines(store, True):
        owed, stop, late = _owed(calc, line, paid_in)
        if owed <= 0 and not late:
            continue
        entry = found.get(line.resident_id)
        if entry is None:
            entry = found[line.resident_id] = Recovery(
                line.resident_id,
                line.id_number,
                "",
                stop.cause,
                stop.day.isoformat() if stop.day else "",
            )
        entry.owed_fen += owed
        entry.lines.append(line)
        entry.months += [m for m in late if m not in entry.months]
    if not found:
        return []
    marks = ",".join("?" * len(found))
    for rid, name in store.db.execute_sql(
        f"SELECT id, name FROM resident WHERE id IN ({marks})", list(found)
    ):
        found[rid].name = name
    for rid, settled in store.db.execute_sql(
        f"SELECT resident_id, sum(amount_fen) FROM subsidy_recovery WHERE deleted_at IS NULL"
        f" AND resident_id IN ({marks}) GROUP BY resident_id",
        list(found),
    ):
        found[rid].settled_fen = int(settled)
    listed = [r for r in found.values() if include_settled or r.outstanding_fen > 0]
    for entry in listed:
        entry.months.sort()
    return sorted(listed, key=lambda r: (r.cause_date, r.resident_id))


_PAID_ROW = (
    "EXISTS (SELECT 1 FROM subsidy_payment p WHERE p.month = l.month AND p.resident_id ="
    " l.resident_id AND p.status = '{status}' AND p.deleted_at IS NULL)"
)
# A line reached its person when the bank said so (in any month, even one not yet marked paid),
# or when its month was marked paid with no bank result for the person at all.
_REACHED = (
    f"({_PAID_ROW.format(status='paid')} OR (m.state = 'paid' AND NOT EXISTS (SELECT 1 FROM"
    " subsidy_payment q WHERE q.month = l.month AND q.resident_id = l.resident_id"
    " AND q.deleted_at IS NULL)))"
)


@uses_store
def _late_lines(store: Store, paid: bool):
    """(line, month) of the stopped people's lines: those that reached the person (`paid`), or
    those of approved months the bank has not paid (to be corrected before payment)."""
    columns = ", ".join(f"l.{c}" for c in ledger.LINE_COLUMNS)
    which = (
        f"m.state IN ('paid', 'approved') AND {_REACHED}" if paid
        else f"m.state = 'approved' AND NOT {_PAID_ROW.format(status='paid')}"
    )  # fmt: skip
    sql = (
        f"SELECT {columns}, l.id, l.month FROM subsidy_line l JOIN subsidy_month m"
        f" ON m.month = l.month AND m.deleted_at IS NULL AND {which}"
        " WHERE l.deleted_at IS NULL AND l.item_key != 'meal' AND l.resident_id IN"
        " (SELECT resident_id FROM status_change WHERE status != 'active' AND deleted_at IS NULL"
        " UNION SELECT id FROM resident WHERE status != 'active')"
    )
    for *values, month in store.db.execute_sql(sql):
        yield Line(*values), months.parse(month)


@uses_store
def bank_paid(store: Store, month: int) -> bool:
    """Whether the bank's result recorded a payment in `month`: its money left, so the month is
    no longer taken back and computed again (a stop is recovered instead)."""
    return bool(store.db.execute_sql(
        "SELECT 1 FROM subsidy_payment WHERE month = ? AND status = 'paid' AND deleted_at IS NULL"
        " LIMIT 1", [months.text(month)],
    ).fetchone())  # fmt: skip


@dataclass
class Correction:
    """An approved month not yet paid that pays someone after their stop: it is corrected
    (reopened and computed again) before payment, never paid and then recovered."""

    month: str
    resident_id: int
    id_number: str
    name: str
    cause: str
    cause_date: str
    amount_fen: int = 0
    months: list[str] = field(default_factory=list)


@uses_store
def corrections_due(store: Store, month: int | None = None) -> list[Correction]:
    """Approved, unpaid months that pay people after their stop (all months, or one)."""
    steps = _stopped_people(store)
    if not steps:
        return []
    calc = Calculator(store, Register([], steps))
    found: dict[tuple[str, int], Correction] = {}
    for line, paid_in in _late_lines(store, False):
        if month is not None and paid_in != month:
            continue
        owed, stop, late = _owed(calc, line, paid_in)
        if owed <= 0 and not late:
            continue
        key = (months.text(paid_in), line.resident_id)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = Correction(
                key[0], line.resident_id, line.id_number, "", stop.cause,
                stop.day.isoformat() if stop.day else "",
            )  # fmt: skip
        entry.amount_fen += owed
        entry.months += [m for m in late if m not in entry.months]
    if found:
        ids = sorted({rid for _m, rid in found})
        names = dict(store.db.execute_sql(
            f"SELECT id, name FROM resident WHERE id IN ({','.join('?' * len(ids))})", ids
        ))  # fmt: skip
        for entry in found.values():
            entry.name = names.get(entry.resident_id, "")
    return sorted(found.values(), key=lambda c: (c.month, c.cause_date, c.resident_id))


def _owed(calc: Calculator, line: Line, paid_in: int):
    rules = calc.rules(paid_in)
    if rules is None:
        return 0, None, []
    item = rules.item(line.item_key)
    spans = calc.register.stops.spans(rules, bool(item and item.home_only)).get(line.resident_id)
    if not spans:
        return 0, None, []
    covered = range(months.parse(line.period_from), months.parse(line.period_to) + 1)
    late = [(number, stop_in(spans, number)) for number in covered]
    late = [(number, stop) for number, stop in late if stop is not None]
    paid_late = stop_in(spans, paid_in)
    first_stop = paid_late or (late[0][1] if late else None)
    if first_stop is None:
        return _above_age_at_death(line, item, spans)
    texts = [months.text(number) for number, _stop in late]
    if line.frequency == "once":
        return (line.amount_fen if paid_late else 0), first_stop, texts if paid_late else []
    if line.frequency == "yearly":
        if paid_late:
            return line.amount_fen, first_stop, [months.text(n) for n in covered]
        return line.amount_fen * len(late) // max(len(covered), 1), first_stop, texts
    return line.standard_fen * len(late), first_stop, texts


def _above_age_at_death(line: Line, item, spans):
    """A month still paid after a death (the month of death, by local rule) at a bracket the
    person never reached: the difference to the bracket of their age at death is owed back."""
    death = next((s for s in spans if s.cause == "deceased" and s.day), None)
    if death is None or item is None or line.frequency != "monthly" or not line.age_on:
        return 0, None, []
    if death.day.isoformat() >= line.age_on or "|" in line.bracket:
        return 0, None, []
    birth = dt.date(int(line.id_number[6:10]), int(line.id_number[10:12]),
                    int(line.id_number[12:14]))  # fmt: skip
    age = death.day.year - birth.year - ((death.day.month, death.day.day) < (birth.month,
                                                                          birth.day))  # fmt: skip
    due = next((b.amount_fen for b in item.brackets if not b.categories and b.min_age <= age
                and (b.max_age is None or age <= b.max_age)), 0)  # fmt: skip
    if line.standard_fen <= due:
        return 0, None, []
    return line.standard_fen - due, death, [line.period_from]


@uses_store
def settle(
    store: Store,
    resident_id: int,
    amount_fen: int,
    settled_on: dt.date,
    note: str = "",
    *,
    role: str | None = None,
    today: dt.date | None = None,
) -> None:
    """Record money recovered from a person (or their family) against what they owe."""
    require(role, "settle", store)
    owing = next((r for r in recoveries(store) if r.resident_id == resident_id), None)
    if owing is None:
        raise UserInputError(_("Nothing is owed back by this person"))
    if amount_fen <= 0 or amount_fen > owing.outstanding_fen:
        raise UserInputError(
            _("The amount recovered must be more than zero and at most {owed}").format(
                owed=_money(owing.outstanding_fen)
            )
        )
    if settled_on > (today or clock.today()):
        raise UserInputError(_("The date {date} is in the future").format(date=settled_on))
    with store.db.writing():
        _id, uuid = synced.insert(store, "subsidy_recovery", {
            "resident_id": resident_id, "amount_fen": amount_fen, "settled_on": settled_on,
            "note": note.strip(), "recorded_by": store.actor,
        })  # fmt: skip
        audit.record(
            store,
            "recover",
            "subsidy_recovery",
            uuid,
            {
                "resident_id": (None, resident_id),
                "amount_fen": (None, amount_fen),
                "settled_on": (None, settled_on),
                "note": (None, note.strip() or None),
            },
        )


def _money(fen: int) -> str:
    from carepoint.subsidies.reasons import money

    return money(fen)


@uses_store
def owed_if_stopped(
    store: Store, assumed: dict[int, Step]
) -> dict[int, tuple[int, list[str], list[str]]]:
    """resident id → (paid after the stop, the paid months concerned, the approved but unpaid
    months concerned) if these stops were recorded: a death list's dry run."""
    if not assumed:
        return {}
    known: dict[int, list[Step]] = defaultdict(list)
    ids = sorted(assumed)
    for start in range(0, len(ids), 500):  # only their own histories, not every stopped person
        chunk = ids[start : start + 500]
        for rid, status, effective in store.db.execute_sql(
            "SELECT resident_id, status, effective_date FROM status_change WHERE deleted_at IS"
            f" NULL AND resident_id IN ({','.join('?' * len(chunk))})"
            " ORDER BY resident_id, effective_date, id", chunk,
        ):  # fmt: skip
            known[rid].append(Step(status, dt.date.fromisoformat(effective)))
    steps = {rid: (*known.get(rid, ()), step) for rid, step in assumed.items()}
    calc = Calculator(store, Register([], steps))
    columns = ", ".join(f"l.{c}" for c in ledger.LINE_COLUMNS)
    found: dict[int, tuple[int, list[str], list[str]]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            f"SELECT {columns}, l.id, l.month, m.state, {_REACHED} FROM subsidy_line l JOIN"
            " subsidy_month m ON m.month = l.month AND m.deleted_at IS NULL"
            " AND m.state IN ('approved', 'paid') WHERE l.deleted_at IS NULL"
            f" AND l.item_key != 'meal' AND l.resident_id IN ({','.join('?' * len(chunk))})"
        )
        for *values, month, state, reached in store.db.execute_sql(sql, chunk):
            if not reached and state == "paid":
                continue  # the bank returned it: nothing reached the person
            state = "paid" if reached else state
            line = Line(*values)
            owed, _stop, late = _owed(calc, line, months.parse(month))
            if owed <= 0 and not late:
                continue
            paid, paid_months, unpaid_months = found.get(line.resident_id, (0, [], []))
            if state == "paid":
                paid += owed
                paid_months += [m for m in late if m not in paid_months]
            elif month not in unpaid_months:
                unpaid_months.append(month)
            found[line.resident_id] = (paid, sorted(paid_months), sorted(unpaid_months))
    return found
