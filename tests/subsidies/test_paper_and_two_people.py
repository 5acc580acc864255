"""Paper that can't be mistaken (草稿（未审批） on every page of a month not approved) and two
people for money (the approver is not who computed or reviewed; the audit shows both)."""

from __future__ import annotations

import datetime as dt

import pytest
from subsidies.cadre import Village

from carepoint.db import open_store
from carepoint.errors import UserInputError
from carepoint.models import AuditEntry
from carepoint.subsidies import months
from carepoint.subsidies.workflow import approve_month, compute_month, review_month

DRAFT = "草稿（未审批）"


def _pages(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture
def village(tmp_path, capsys):
    village = Village(tmp_path / "village", capsys)
    # enough people for the roster to run over several pages
    village.roster([(f"老人{n:03d}", dt.date(1930 + n % 15, 1 + n % 12, 1 + n % 28), "")
                    for n in range(60)])  # fmt: skip
    return village


def test_every_page_of_a_month_not_approved_says_draft_and_an_approved_one_does_not(
    village, tmp_path
):
    village.run("subsidies", "compute", "--month", "2026-10")
    draft = tmp_path / "draft.pdf"
    village.run("report", "subsidies", "--month", "2026-10", "--out", draft)
    pages = _pages(draft)
    assert len(pages) > 1 and all(DRAFT in text for text in pages)
    village.run("subsidies", "review", "--month", "2026-10")
    village.run("subsidies", "approve", "--month", "2026-10")
    final = tmp_path / "final.pdf"
    village.run("report", "subsidies", "--month", "2026-10", "--out", final)
    assert not any(DRAFT in text for text in _pages(final))


def test_the_meal_form_of_an_open_month_says_draft_until_the_month_is_closed(village, tmp_path):
    number = village.people["老人001"]
    village.run("meals", "sign-in", "--date", "2026-10-12", "--id-number", number)
    form = tmp_path / "meals.pdf"
    village.run("report", "meals", "--month", "2026-10", "--out", form)
    assert all(DRAFT in text for text in _pages(form))
    village.run("meals", "close", "--month", "2026-10")
    village.run("report", "meals", "--month", "2026-10", "--out", form)
    assert not any(DRAFT in text for text in _pages(form))


def _as(folder, actor, action):
    store = open_store(folder, actor=actor)
    try:
        with store.bound():
            return action(store)
    finally:
        store.close()


def test_with_two_people_on_the_approver_must_be_another_account(village):
    october = months.parse("2026-10")
    village.run("subsidies", "two-person", "on")
    _as(village.folder, "clerk_li", lambda s: compute_month(s, october, meal_subsidies=None))
    _as(village.folder, "clerk_wang", lambda s: review_month(s, october))
    for same in ("clerk_li", "clerk_wang"):
        with pytest.raises(UserInputError, match=same):
            _as(village.folder, same, lambda s: approve_month(s, october, meal_subsidies=None))
    _as(village.folder, "director_zhao",
        lambda s: approve_month(s, october, meal_subsidies=None))  # fmt: skip

    def approval(store):
        rows = AuditEntry.select().where(AuditEntry.action == "approve")
        return {row.field: (row.actor, row.new_value) for row in rows}

    logged = _as(village.folder, "auditor", approval)
    assert logged["computed_by"] == ("director_zhao", "clerk_li")
    assert logged["reviewed_by"] == ("director_zhao", "clerk_wang")


def test_with_two_people_off_one_account_may_do_everything_and_the_log_still_shows_it(village):
    october = months.parse("2026-10")
    for step in (
        lambda s: compute_month(s, october, meal_subsidies=None),
        lambda s: review_month(s, october),
        lambda s: approve_month(s, october, meal_subsidies=None),
    ):
        _as(village.folder, "clerk_li", step)
    logged = village.sql(
        "SELECT field, new_value FROM audit_entry WHERE action = 'approve' AND field IN"
        " ('computed_by', 'reviewed_by', 'two_person')"
    )
    assert dict(logged)["computed_by"] == "clerk_li"
    assert dict(logged)["reviewed_by"] == "clerk_li"
