"""Meals and volunteer hours for the demo village: enrollments, months of sign-ins, call-offs,
walk-ins, closed months and a time bank with its passbooks. Same seed and day → same history.

Written with executemany in the caller's data folder (design.md: create() is ~25× slower); the
amounts are priced with the same rules and functions as a sign-in at the counter.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass

from carepoint import audit, clock, idcard
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.meals.closing import close_month
from carepoint.meals.pricing import RuleBook, price_meal
from carepoint.meals.report import month_end
from carepoint.models import new_uuid, utcnow
from carepoint.timebank.caps import timebank_rules_on

DIET_NOTES = (
    "软食",
    "低盐",
    "糖尿病，少糖",
    "少油",
    "忌辣",
    "清真",
    "软食，低盐",
    "牙口不好，切碎",
)
CALL_OFF_REASONS = ("请假", "住院", "走亲戚", "身体不适", "家人接走")
WALK_INS_PER_DAY = 2
WALK_IN_POOL = 200
# A care point serves tens to hundreds of diners; a county-sized demo register must not turn
# into millions of sign-ins. Months of history beyond MAX_MONTHS are left without meals.
DEFAULT_MAX_DINERS = 600
MAX_MONTHS = 12
MAX_VOLUNTEERS = 60


@dataclass
class MealsDemoSummary:
    diners: int = 0
    enrollments: int = 0
    meals: int = 0
    called_off: int = 0
    closed_months: int = 0
    volunteers: int = 0
    services: int = 0


@uses_store
def _first_rules_day(store: Store) -> dt.date:
    from carepoint import rules

    timebank = rules.versions(store, "timebank")
    return max(RuleBook(store).first_day, timebank[0].effective_from if timebank else dt.date.max)


def _years_before(day: dt.date, years: int) -> str:
    return day.replace(year=day.year - years, day=min(day.day, 28)).isoformat()


@uses_store
def _memberships(store: Store, ids: list[int]) -> dict[int, list[tuple[str, str, str | None]]]:
    found: dict[int, list] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for rid, code, begin, end in store.db.execute_sql(
            "SELECT resident_id, code, start_date, end_date FROM category_membership"
            f" WHERE deleted_at IS NULL AND resident_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found.setdefault(rid, []).append((code, begin, end))
    return found


class _Writer:
    @uses_store
    def __init__(self, store: Store, rows_expected: int):
        self.store, self.now = store, utcnow().isoformat(sep=" ")
        self.seq = store.next_change_seq(max(rows_expected, 1))
        self.audits: list[tuple] = []

    def stamp(self, entity: str, snapshot: dict) -> tuple[str, str, str, int]:
        uuid = new_uuid()
        text = json.dumps(snapshot, ensure_ascii=False, sort_keys=True)
        self.audits.append((self.now, self.store.actor, "demo", entity, uuid, "*", None, text))
        return uuid, self.now, self.now, self.seq

    def flush_audits(self) -> None:
        audit.write_entries(self.store.db, self.audits)
        self.audits = []


@uses_store
def generate_meals(
    store: Store,
    months: int = 3,
    seed: int = 1,
    *,
    today: dt.date | None = None,
    diners: int | None = None,
) -> MealsDemoSummary:
    """Fill a demo village (residents already there) with meals and volunteer hours.

    `months` full months before the current one (at most MAX_MONTHS, and none before the
    rules in force begin) are signed in and closed; the current month runs to `today`.
    `diners` defaults to a fifth of the residents aged 60 and over, at most DEFAULT_MAX_DINERS.
    """
    today = today or clock.today()
    rng = random.Random(seed)
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1) if months else today
    for _ in range(min(months, MAX_MONTHS) - 1):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    start = max(start, _first_rules_day(store))
    elders = store.db.execute_sql(
        "SELECT id, birth_date FROM resident WHERE deleted_at IS NULL AND status = 'active'"
        " AND birth_date <= ? ORDER BY id",
        [_years_before(today, 60)],
    ).fetchall()
    summary = MealsDemoSummary()
    if not elders or start > today:
        return summary
    with store.db.writing():
        wanted = diners or min(max(1, len(elders) // 5), DEFAULT_MAX_DINERS)
        chosen = rng.sample(elders, min(len(elders), wanted))
        book = RuleBook(store)
        writer = _Writer(store, len(chosen) * 2)
        plans = _enroll(store, rng, chosen, start, book, writer, summary)
        _sign_ins(store, rng, plans, elders, start, today, book, writer, summary)
        writer.flush_audits()
        _timebank(store, rng, elders, start, today, summary)
        month = start
        while month_end(month) < today:
            close_month(store, month, today=today)
            summary.closed_months += 1
            month = month_end(month) + dt.timedelta(days=1)
    return summary


@uses_store
def _enroll(store, rng, chosen, start, book, writer, summary) -> list[tuple]:
    sets = [s.key for s in book.on(start).sets]
    rows, plans = [], []
    for resident_id, birth in chosen:
        age = idcard.age_on(dt.date.fromisoformat(birth), start)
        delivery_share = 0.35 if age >= 85 else 0.1
        draw = rng.random()
        mode = "delivery" if draw < delivery_share else "pickup" if draw < 0.25 else "dine_in"
        weekdays = rng.choice(("12345", "12345", "1234567", "123456", "135"))
        diet = rng.choice(DIET_NOTES) if rng.random() < 0.25 else ""
        set_key = rng.choice(sets)
        meals = ["lunch", "dinner"] if rng.random() < 0.2 else ["lunch"]
        for meal in meals:
            values = (resident_id, meal, mode, weekdays, start.isoformat(), None, diet, set_key)
            snapshot = {"resident_id": resident_id, "meal": meal, "mode": mode, "days": weekdays}
            uuid, created, updated, seq = writer.stamp("meal_enrollment", snapshot)
            rows.append((uuid, created, updated, seq, *values))
            plans.append((resident_id, birth, *values[1:4], set_key))
    store.db.cursor().executemany(
        "INSERT INTO meal_enrollment (uuid, created_at, updated_at, change_seq, resident_id, meal,"
        " mode, weekdays, start_date, end_date, diet_note, set_key) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    summary.diners, summary.enrollments = len(chosen), len(rows)
    return plans


def _codes_on(memberships: list, day: str) -> set[str]:
    return {code for code, begin, end in memberships if begin <= day and (not end or end >= day)}


@uses_store
def _sign_ins(store, rng, plans, elders, start, today, book, writer, summary) -> None:
    walk_in_pool = rng.sample(elders, min(WALK_IN_POOL, len(elders)))
    memberships = _memberships(store, [p[0] for p in plans] + [e[0] for e in walk_in_pool])
    rows = []
    day = start
    while day <= today:
        iso, weekday, rules_today = day.isoformat(), str(day.isoweekday()), book.on(day)
        served_share = 0.5 if day == today else 0.93
        diners_today = [
            (rid, birth, meal, mode, set_key, 0)
            for rid, birth, meal, mode, weekdays, set_key in plans
            if weekday in weekdays
        ]
        diners_today += [
            (rid, birth, "lunch", "dine_in", "", 1)
            for rid, birth in rng.sample(walk_in_pool, min(WALK_INS_PER_DAY, len(walk_in_pool)))
        ]
        seen = set()
        for rid, birth, meal, mode, set_key, walk_in in diners_today:
            if (rid, meal) in seen:
                continue
            seen.add((rid, meal))
            draw = rng.random()
            if draw < served_share:
                price = price_meal(
                    rules_today,
                    age=idcard.age_on(dt.date.fromisoformat(birth), day),
                    codes=_codes_on(memberships.get(rid, []), iso),
                    meal=meal,
                    mode=mode,
                    set_key=set_key,
                )
                amounts = (
                    price.set_key, price.price_fen, price.subsidy_fen, price.delivery_fee_fen,
                    price.copay_fen, price.city_fen, price.county_fen, price.village_fen,
                    price.basis, price.age, price.rules_from.isoformat(),
                )  # fmt: skip
                status, reason, cancelled_at = "served", "", None
                summary.meals += 1
            elif draw < served_share + 0.02 and day < today and not walk_in:
                amounts = (set_key, 0, 0, 0, 0, 0, 0, 0, "", 0, "")
                status, reason, cancelled_at = "cancelled", rng.choice(CALL_OFF_REASONS), writer.now
                summary.called_off += 1
            else:
                continue
            values = (rid, iso, meal, mode, status, walk_in)
            snapshot = {"resident_id": rid, "meal_date": iso, "meal": meal, "status": status}
            uuid, created, updated, seq = writer.stamp("meal_sign_in", snapshot)
            rows.append((uuid, created, updated, seq, *values, *amounts, reason, cancelled_at))
        day += dt.timedelta(days=1)
    store.db.cursor().executemany(
        "INSERT INTO meal_sign_in (uuid, created_at, updated_at, change_seq, resident_id,"
        " meal_date, meal, mode, status, walk_in, set_key, price_fen, subsidy_fen,"
        " delivery_fee_fen, copay_fen, city_fen, county_fen, village_fen, subsidy_basis, age,"
        " rules_from, cancel_reason, cancelled_at) VALUES"
        f" ({', '.join('?' * 23)})",
        rows,
    )


@uses_store
def _timebank(store, rng, elders, start, today, summary) -> None:
    from carepoint.pinyin import name_keys, search_text

    young = store.db.execute_sql(
        "SELECT id, name, phone, group_name FROM resident WHERE deleted_at IS NULL"
        " AND status = 'active' AND birth_date > ? AND birth_date <= ? ORDER BY id",
        [_years_before(today, 73), _years_before(today, 60)],
    ).fetchall()
    volunteers = rng.sample(young, min(len(young), max(3, min(len(elders) // 40, MAX_VOLUNTEERS))))
    caps = timebank_rules_on(store, today)
    oldest = [rid for rid, birth in elders if birth <= _years_before(today, 80)] or [
        rid for rid, _birth in elders
    ]
    names = dict(
        store.db.execute_sql(
            f"SELECT id, name FROM resident WHERE id IN ({','.join('?' * len(oldest[:900]))})",
            oldest[:900],
        ).fetchall()
    )
    oldest = oldest[:900]
    writer = _Writer(store, len(volunteers) + 1)
    entries = []
    for resident_id, name, phone, group in volunteers:
        pinyin, initials = name_keys(name)
        uuid, created, updated, seq = writer.stamp("timebank_volunteer", {"name": name})
        cursor = store.db.execute_sql(
            "INSERT INTO timebank_volunteer (uuid, created_at, updated_at, change_seq,"
            " resident_id, name, phone, group_name, joined_on, name_initials, search_text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [uuid, created, updated, seq, resident_id, name, phone, group, start.isoformat(),
             initials, search_text(name, pinyin, "")],
        )  # fmt: skip
        volunteer_id = cursor.lastrowid
        day, deposited = start, 0
        while day <= today:
            room = caps.lifetime_cap_minutes - deposited >= caps.daily_cap_minutes
            if room and rng.random() < 0.25:
                minutes = min(rng.choice((30, 60, 60, 90, 120)), caps.daily_cap_minutes)
                recipient = rng.choice(oldest)
                uuid, created, updated, seq = writer.stamp("timebank_entry", {"minutes": minutes})
                entries.append(
                    (uuid, created, updated, seq, volunteer_id, day.isoformat(), "service", minutes,
                     0, rng.choice(caps.service_types), recipient, names.get(recipient, ""), "",
                     store.actor)
                )  # fmt: skip
                deposited += minutes
                summary.services += 1
            day += dt.timedelta(days=1)
        if deposited >= 240 and rng.random() < 0.3:
            uuid, created, updated, seq = writer.stamp("timebank_entry", {"minutes": 120})
            entries.append(
                (uuid, created, updated, seq, volunteer_id, today.isoformat(), "withdrawal", 0,
                 120, "", None, "", "兑换理发、助洁服务", store.actor)
            )  # fmt: skip
    store.db.cursor().executemany(
        "INSERT INTO timebank_entry (uuid, created_at, updated_at, change_seq, volunteer_id,"
        " entry_date, kind, deposit_minutes, withdraw_minutes, service_type,"
        " recipient_resident_id, recipient_name, description, recorded_by) VALUES"
        f" ({', '.join('?' * 14)})",
        entries,
    )
    writer.flush_audits()
    summary.volunteers = len(volunteers)
