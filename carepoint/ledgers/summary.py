"""The ledgers' month in a few figures, for the monthly operations report (and so for the
township, which reads each village's copy through the same tables; reports.township.lens)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_fen
from carepoint.ledgers.common import month_range


@dataclass(frozen=True)
class LedgerMonth:
    activities: int
    attendance: int
    readings: int
    readings_out_of_range: int
    calls: int
    emergencies: int
    unanswered_emergencies: int
    pairs: int
    pair_visits: int
    adaptations_accepted: int
    adaptation_subsidy_fen: int
    adaptations_open: int
    claims: int
    claims_paid_fen: int


@uses_store
def ledger_month(store: Store, month: dt.date) -> LedgerMonth:
    first, last = month_range(month)
    after = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()

    def one(sql: str, *params) -> tuple:
        return store.db.execute_sql(sql, params).fetchone()

    activities, attendance = one(
        "SELECT count(DISTINCT a.id), count(t.id) FROM activity a LEFT JOIN activity_attendance t"
        " ON t.activity_id = a.id AND t.deleted_at IS NULL WHERE a.deleted_at IS NULL"
        " AND a.activity_date BETWEEN ? AND ?", first, last)  # fmt: skip
    readings, flagged = one(
        "SELECT count(*), coalesce(sum(out_of_range != ''), 0) FROM health_reading"
        " WHERE deleted_at IS NULL AND measured_on BETWEEN ? AND ?", first, last)  # fmt: skip
    calls, emergencies, unanswered = one(
        "SELECT count(*), coalesce(sum(kind = 'emergency'), 0),"
        " coalesce(sum(kind = 'emergency' AND answered = 0), 0) FROM call_record"
        " WHERE deleted_at IS NULL AND called_at >= ? AND called_at < ?", first, after)  # fmt: skip
    pairs, pair_visits = one(
        "SELECT count(*), coalesce(sum((SELECT count(*) FROM visit v WHERE v.resident_id ="
        " p.resident_id AND v.visitor = p.helper_name AND v.deleted_at IS NULL"
        " AND v.visit_date BETWEEN ? AND ?)), 0) FROM helper_pair p WHERE p.deleted_at IS NULL"
        " AND p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)",
        first, last, last, first)  # fmt: skip
    accepted, subsidy = one(
        "SELECT count(*), coalesce(sum(subsidy_fen), 0) FROM adaptation_case"
        " WHERE deleted_at IS NULL AND accepted_on BETWEEN ? AND ?", first, last)  # fmt: skip
    (still_open,) = one(
        "SELECT count(*) FROM adaptation_case WHERE deleted_at IS NULL AND applied_on <= ?"
        " AND (accepted_on IS NULL OR accepted_on > ?)", last, last)  # fmt: skip
    claims, paid = one(
        "SELECT count(*), coalesce(sum(paid_fen), 0) FROM insurance_claim"
        " WHERE deleted_at IS NULL AND incident_date BETWEEN ? AND ?", first, last)  # fmt: skip
    return LedgerMonth(activities, attendance, readings, flagged, calls, emergencies, unanswered,
                       pairs, pair_visits, accepted, subsidy, still_open, claims, paid)  # fmt: skip


def month_lines(figures: LedgerMonth) -> tuple[tuple[str, str], ...]:
    """(item, figure) rows for the operations report."""
    f = figures
    return (
        (_("Activities (attendances)"), f"{f.activities} ({f.attendance})"),
        (_("Health checks (out of range)"), f"{f.readings} ({f.readings_out_of_range})"),
        (_("Emergency calls: all, emergencies, unanswered"),
         f"{f.calls}, {f.emergencies}, {f.unanswered_emergencies}"),
        (_("Helper pairs (helpers' visits)"), f"{f.pairs} ({f.pair_visits})"),
        (_("Home adaptations accepted (subsidy); still open"),
         f"{f.adaptations_accepted} ({format_fen(f.adaptation_subsidy_fen)}); "
         f"{f.adaptations_open}"),
        (_("Insurance claims (paid)"), f"{f.claims} ({format_fen(f.claims_paid_fen)})"),
    )  # fmt: skip
