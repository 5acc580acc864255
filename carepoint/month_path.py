"""The month's work in the order a cadre does it (花名册 → 探访 → 助餐 → 补贴计算 → 审核 → 打印 →
报送乡镇), each step's state read from the data: done, how many are left, overdue, or waiting
for an earlier step. The home page lists it so a new cadre always sees what to do next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.i18n import _, format_fen, pgettext

DONE, OPEN, OVERDUE, WAITING = "done", "todo", "overdue", "waiting"
STEP_KEYS = ("roster", "visits", "meals", "subsidies", "review", "print", "township")


@dataclass(frozen=True)
class MonthStep:
    key: str  # one of STEP_KEYS
    title: str
    state: str  # DONE, OPEN, OVERDUE or WAITING
    words: str  # one sentence a cadre reads at once
    action: str  # the button's text
    page: str  # the main window's page the button opens


def _then(first: str, second: str) -> str:
    """Two sentences in a row (Chinese puts no space after 。)."""
    return _("{first} {second}").format(first=first, second=second)


def _month_text(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _previous_month(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


@uses_store
def _one(store: Store, sql: str, params=()) -> tuple:
    return store.db.execute_sql(sql, list(params)).fetchone()


@uses_store
def _roster(store: Store, today: dt.date) -> tuple[MonthStep, int]:
    active = _one(
        store, "SELECT count(*) FROM resident WHERE deleted_at IS NULL AND status = 'active'"
    )[0]
    title = pgettext("month step", "Resident register")
    if not active:
        words = _("No one is in the register yet: import the village's roster spreadsheet first.")
        return MonthStep("roster", title, OPEN, words, _("Import a roster spreadsheet"),
                         "register"), 0  # fmt: skip
    words = _("{n} older people in the register; record deaths and moves when they happen.")
    return MonthStep("roster", title, DONE, words.format(n=active), _("Open the register"),
                     "register"), active  # fmt: skip


@uses_store
def _visits(store: Store, today: dt.date, people: int) -> MonthStep:
    # Read from the stored schedule only: refreshing it writes, and belongs to the visits page
    # and card (on a worker thread when it is long), never to a glance at the home page.
    title, action = pgettext("month step", "Visits"), _("Go to visits")
    if not people:
        words = _("Visits are planned once the register has people.")
        return MonthStep("visits", title, WAITING, words, action, "visits")
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    overdue, left = _one(
        store,
        "SELECT coalesce(sum(due_date < ?), 0), coalesce(sum(due_date >= ? AND due_date < ?), 0)"
        " FROM visit_schedule WHERE due_date IS NOT NULL",
        [today.isoformat(), today.isoformat(), month_end.isoformat()],
    )
    visited = _one(
        store,
        "SELECT count(DISTINCT resident_id) FROM visit WHERE deleted_at IS NULL"
        " AND visit_date BETWEEN ? AND ?",
        [today.replace(day=1).isoformat(), today.isoformat()],
    )[0]
    counts = _("{visited} people visited this month; {left} more are due by its end.").format(
        visited=visited, left=left
    )
    if overdue:
        words = _then(_("{n} people's visits are overdue.").format(n=overdue), counts)
        return MonthStep("visits", title, OVERDUE, words, action, "visits")
    if left:
        return MonthStep("visits", title, OPEN, counts, action, "visits")
    words = _("{visited} people visited this month; no one else is due.").format(visited=visited)
    return MonthStep("visits", title, DONE, words, action, "visits")


@uses_store
def _meals(store: Store, today: dt.date) -> MonthStep:
    title = pgettext("month step", "Meals")
    enrolled = _one(
        store,
        "SELECT count(DISTINCT resident_id) FROM meal_enrollment WHERE deleted_at IS NULL"
        " AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)",
        [today.isoformat(), today.isoformat()],
    )[0]
    if not enrolled:
        words = _("No one has signed up for meals: sign people up and the sheet lists them.")
        return MonthStep("meals", title, OPEN, words, _("Sign people up"), "meals")
    closed = {
        row[0]
        for row in store.db.execute_sql(
            "SELECT month FROM meal_month WHERE deleted_at IS NULL AND status = 'closed'"
        )
    }
    before = _previous_month(today)
    served_before = _one(
        store,
        "SELECT count(*) FROM meal_sign_in WHERE deleted_at IS NULL AND status = 'served'"
        " AND meal_date BETWEEN ? AND ?",
        [before.replace(day=1).isoformat(), before.isoformat()],
    )[0]
    if served_before and _month_text(before) not in closed:
        words = _("Last month's meals ({month}) are not closed yet: check and close them.")
        return MonthStep("meals", title, OVERDUE, words.format(month=_month_text(before)),
                         _("Close last month"), "meals")  # fmt: skip
    if _month_text(today) in closed:
        return MonthStep("meals", title, DONE, _("This month's meals are closed."),
                         _("Open the sign-in sheet"), "meals")  # fmt: skip
    served = _one(
        store,
        "SELECT count(*) FROM meal_sign_in WHERE deleted_at IS NULL AND status = 'served'"
        " AND meal_date BETWEEN ? AND ?",
        [today.replace(day=1).isoformat(), today.isoformat()],
    )[0]
    words = _("{enrolled} people signed up; {served} meals served this month so far.").format(
        enrolled=enrolled, served=served
    )
    return MonthStep("meals", title, OPEN, _then(words, _("Close the month at its end.")),
                     _("Open the sign-in sheet"), "meals")  # fmt: skip


def _subsidy_steps(month: tuple | None, people: int) -> list[MonthStep]:
    """Compute, review and print, from the month's record (state, lines, total, paid on)."""
    state, lines, total, paid_on = month or ("open", 0, 0, None)
    computed = state in ("computed", "reviewed", "approved", "paid")
    compute_title = pgettext("month step", "Compute subsidies")
    compute_action = _("Compute subsidies")
    if not people:
        compute = MonthStep("subsidies", compute_title, WAITING,
                            _("Subsidies are computed once the register has people."),
                            compute_action, "subsidies")  # fmt: skip
    elif computed:
        words = _("Computed: {n} people, {amount} yuan in all.").format(
            n=lines, amount=format_fen(total)
        )
        compute = MonthStep("subsidies", compute_title, DONE, words, _("Open subsidies"),
                            "subsidies")  # fmt: skip
    else:
        words = _("Not computed yet: one click lists each person's amount and the reason.")
        compute = MonthStep("subsidies", compute_title, OPEN, words, compute_action, "subsidies")
    review_title = pgettext("month step", "Review and approve")
    if not computed:
        review = MonthStep("review", review_title, WAITING,
                           _("Reviewed after the subsidies are computed."), _("Open subsidies"),
                           "subsidies")  # fmt: skip
    elif state == "computed":
        review = MonthStep("review", review_title, OPEN,
                           _("A second person checks the list and marks it reviewed."),
                           _("Review the list"), "subsidies")  # fmt: skip
    elif state == "reviewed":
        review = MonthStep("review", review_title, OPEN,
                           _("Reviewed; an administrator approves it, which locks the month."),
                           _("Approve"), "subsidies")  # fmt: skip
    else:
        review = MonthStep("review", review_title, DONE, _("Approved and locked."),
                           _("Open subsidies"), "subsidies")  # fmt: skip
    print_title, print_action = pgettext("month step", "Print"), _("Print forms")
    if state == "paid":
        words = _("Paid on {day}.").format(day=paid_on or "")
        printing = MonthStep("print", print_title, DONE, words, print_action, "reports")
    elif state == "approved":
        words = _("Print the subsidy roster for people to sign or press a thumbprint.")
        printing = MonthStep("print", print_title, OPEN, words, print_action, "reports")
    else:
        words = _("The subsidy roster is printed once the month is approved.")
        printing = MonthStep("print", print_title, WAITING, words, print_action, "reports")
    return [compute, review, printing]


@uses_store
def _township(store: Store, today: dt.date) -> MonthStep:
    from carepoint.exchange.enrollment import is_enrolled

    title, action = pgettext("month step", "Send to the township"), _("Data exchange")
    if not is_enrolled(store):
        words = _("Not joined to the township yet: ask its civil affairs office for the "
                  "enrollment file.")  # fmt: skip
        return MonthStep("township", title, OPEN, words, action, "exchange")
    sent = _one(
        store,
        "SELECT max(recorded_at) FROM exchange_package WHERE direction = 'sent'"
        " AND recorded_at >= ?",
        [today.replace(day=1).isoformat()],
    )[0]
    if sent:
        words = _("Sent this month on {day}.").format(day=str(sent)[:10])
        return MonthStep("township", title, DONE, words, action, "exchange")
    words = _("Write this month's package to a USB drive and take it to the township.")
    return MonthStep("township", title, OPEN, words, action, "exchange")


@uses_store
def month_path(store: Store, today: dt.date | None = None) -> list[MonthStep]:
    """The month's steps in order, each with its state from the data."""
    today = today or clock.today()
    roster, people = _roster(store, today)
    month = _one(
        store,
        "SELECT state, line_count, total_fen, paid_on FROM subsidy_month"
        " WHERE deleted_at IS NULL AND month = ?",
        [_month_text(today)],
    )
    return [
        roster,
        _visits(store, today, people),
        _meals(store, today),
        *_subsidy_steps(month, people),
        _township(store, today),
    ]
