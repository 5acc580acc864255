"""The checks before approval, one function each; anomalies.py runs them and collects what they
find through `add(kind, resident id, message, lines concerned)`."""

from __future__ import annotations

import re
from collections import defaultdict

from carepoint import categories, idcard
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _
from carepoint.privacy import mask_account
from carepoint.subsidies import months
from carepoint.subsidies.entitlement import Calculator, Line
from carepoint.subsidies.reasons import day, describe_lines
from carepoint.subsidies.stops import StopBook, stop_in

_ACCOUNT = re.compile(r"\d{8,30}")


def luhn_ok(number: str) -> bool:
    total = 0
    for index, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


eighteen = idcard.eighteen


def stops(calc: Calculator, month: int, by_person, people, add) -> None:
    rules = calc.rules(month)
    book: StopBook = calc.register.stops
    for rid, lines in by_person.items():
        if rid not in book.steps:
            continue
        late = defaultdict(list)
        for line in lines:
            item = rules.item(line.item_key) if rules else None
            home_only = bool(item and item.home_only)
            spans = book.spans(rules, home_only).get(rid) if rules else None
            first = months.parse(line.period_from)
            for number in range(first, months.parse(line.period_to) + 1):
                stop = stop_in(spans, number) if spans else None
                if stop is not None and line.subsidy_type == "meal" and stop.day:
                    # meals are served by the day: only a stop before the month rules them out
                    stop = stop if stop.day < months.first_day(number) else None
                if stop is not None:
                    late[(stop.cause, stop.day)].append(line)
                    break
        for (cause, when), concerned in late.items():
            name = people[rid][1]
            if cause == "deceased":
                message = _("{name}: {lines} paid for months after the death on {date}")
            else:
                message = _("{name}: {lines} paid for months after a stop ({cause}) on {date}")
            add(
                "payment_after_death" if cause == "deceased" else "payment_after_stop",
                rid,
                message.format(
                    name=name,
                    lines=describe_lines(concerned),
                    cause=_status(cause),
                    date=day(when.isoformat()) if when else "?",
                ),
                concerned,
            )


def _status(code: str) -> str:
    from carepoint.residents.fields import status_label

    return status_label(code)


def duplicates(by_person, people, add) -> None:
    owners: dict[str, set[int]] = defaultdict(set)
    for rid, lines in by_person.items():
        number = people[rid][2] if rid in people else lines[0].id_number
        owners[eighteen(number)].add(rid)
        seen: dict[tuple, Line] = {}
        twice = []
        for line in lines:
            if line.kind != "entitlement":
                continue
            for number_ in range(months.parse(line.period_from), months.parse(line.period_to) + 1):
                key = (line.item_key, number_)
                if key in seen:
                    twice += [seen[key], line]
                seen[key] = line
        if twice:
            add(
                "duplicate_id",
                rid,
                _("{name}: {lines} pay the same month twice").format(
                    name=people[rid][1], lines=describe_lines(twice)
                ),
                twice,
            )
    for number, rids in owners.items():
        if len(rids) > 1:
            names = "、".join(people[r][1] for r in sorted(rids))
            for rid in sorted(rids):
                add(
                    "duplicate_id",
                    rid,
                    _("ID number {id_number} is paid to {count} people: {names}").format(
                        id_number=idcard.mask(number), count=len(rids), names=names
                    ),
                    by_person[rid],
                )


def accounts(by_person, people, add) -> None:
    for rid, lines in by_person.items():
        paid = [x for x in lines if x.subsidy_type != "meal" and x.amount_fen > 0]
        if not paid:
            continue
        account = (people[rid][4] or "").strip()
        if not account:
            add(
                "bank_account_missing",
                rid,
                _("{name}: no bank account for {lines}").format(
                    name=people[rid][1], lines=describe_lines(paid)
                ),
                paid,
            )
        elif not _ACCOUNT.fullmatch(account) or (
            account.startswith("62") and 16 <= len(account) <= 19 and not luhn_ok(account)
        ):
            add(
                "bank_account_malformed",
                rid,
                _("{name}: the bank account {account} is malformed ({lines})").format(
                    name=people[rid][1], account=mask_account(account), lines=describe_lines(paid)
                ),
                paid,
            )


def shared_accounts(by_person, people, add) -> None:
    """One account number paid for two people: the bank pays both into one pocket."""
    holders: dict[str, list[int]] = {}
    for rid, lines in by_person.items():
        account = (people[rid][4] or "").strip().replace(" ", "") if rid in people else ""
        if account and any(x.subsidy_type != "meal" and x.amount_fen > 0 for x in lines):
            holders.setdefault(account, []).append(rid)
    for account, rids in holders.items():
        if len(rids) < 2:
            continue
        names = "、".join(people[r][1] for r in rids)
        for rid in rids:
            add(
                "shared_account",
                rid,
                _("The bank account {account} is used by {names}").format(
                    account=mask_account(account), names=names
                ),
                by_person[rid],
            )


@uses_store
def account_names(store: Store, by_person, people, add) -> None:
    """The name on the account (as the bank's result file gave it) is not the person's."""
    held = {}
    for rid, name in store.db.execute_sql(
        "SELECT resident_id, account_name FROM subsidy_payment WHERE deleted_at IS NULL"
        " AND account_name != '' ORDER BY id"
    ):
        held[rid] = name
    for rid, lines in by_person.items():
        name = held.get(rid)
        if rid in people and name and name.replace(" ", "") != people[rid][1].replace(" ", ""):
            add(
                "account_name_mismatch",
                rid,
                _("{name}: the bank says the account belongs to {holder}").format(
                    name=people[rid][1], holder=name
                ),
                lines,
            )


@uses_store
def ages(store: Store, month: int, by_person, people, add) -> None:
    earlier = {}
    sql = (
        "SELECT resident_id, age, age_on, max(month) FROM subsidy_line WHERE month >= ?"
        " AND month < ? AND kind = 'entitlement' AND age > 0 AND deleted_at IS NULL"
        " GROUP BY resident_id"
    )
    for rid, age, age_on, _m in store.db.execute_sql(
        sql, [months.text(month - 12), months.text(month)]
    ):
        earlier[rid] = (age, age_on)
    for rid, lines in by_person.items():
        aged = [x for x in lines if x.age and x.age_on]
        if not aged or rid not in people:
            continue
        line = max(aged, key=lambda x: x.age_on)
        birth = months.iso_number(people[rid][3])
        expected = (months.iso_number(line.age_on) - birth) // 10000
        name = people[rid][1]
        if expected != line.age:
            add(
                "age_jump",
                rid,
                _(
                    "{name}: age {age} on the line, but the birth date in the register gives"
                    " {expected} on {date}"
                ).format(name=name, age=line.age, expected=expected, date=day(line.age_on)),
                aged,
            )
        elif rid in earlier:
            before, before_on = earlier[rid]
            years = int(line.age_on[:4]) - int(before_on[:4])
            if not max(years - 1, 0) <= line.age - before <= years + 1:
                add(
                    "age_jump",
                    rid,
                    _("{name}: age {age} on {date}, but {before} on {before_date}").format(
                        name=name,
                        age=line.age,
                        date=day(line.age_on),
                        before=before,
                        before_date=day(before_on),
                    ),
                    aged,
                )


@uses_store
def excluded(store: Store, calc: Calculator, month: int, by_person, people, add) -> None:
    rules = calc.rules(month)
    if rules is None:
        return
    codes = set().union(*(item.excludes for item in rules.items))
    if not codes:
        return
    held = defaultdict(list)
    marks = ",".join("?" * len(codes))
    sql = (
        "SELECT resident_id, code, start_date, end_date FROM category_membership WHERE"
        f" deleted_at IS NULL AND code IN ({marks}) AND resident_id IN (SELECT resident_id"
        " FROM subsidy_line WHERE month = ? AND deleted_at IS NULL)"
    )
    for rid, code, start, end in store.db.execute_sql(sql, [*sorted(codes), months.text(month)]):
        held[rid].append((code, start, end or "9999-12-31"))
    for rid, memberships in held.items():
        for line in by_person.get(rid, []):
            item = rules.item(line.item_key)
            if item is None or not item.excludes or not line.age_on:
                continue
            hit = [c for c, s, e in memberships if c in item.excludes and s <= line.age_on <= e]
            if hit:
                add(
                    "excluded_category",
                    rid,
                    _(
                        "{name}: {lines} although in the category {category}, which this subsidy"
                        " excludes"
                    ).format(
                        name=people[rid][1],
                        lines=describe_lines([line]),
                        category=categories.label(hit[0]),
                    ),
                    [line],
                )
