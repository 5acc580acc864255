"""Township: reviewing a village-month (approve / reject with a comment) and rule updates that
the next return packages carry to every village."""

from __future__ import annotations

import datetime as dt
import json

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.exchange import decisions, packages
from carepoint.exchange.enrollment import require_role
from carepoint.i18n import N_, _


@uses_store
def require_village(store: Store, code: str) -> str:
    code = code.strip()
    found = store.db.execute_sql("SELECT name FROM township_village WHERE code = ?", [code])
    if found.fetchone() is None:
        raise UserInputError(
            _("Village {code} is not enrolled with this township").format(code=code)
        )
    return code


REVIEWS = {"approved": N_("approved"), "rejected": N_("returned for correction")}
_ROW = (
    "SELECT review, comment, reviewed_at, reviewed_by FROM township_month"
    " WHERE village_code = ? AND month = ?"
)


def review_state(seen) -> tuple[str, str, str, str]:
    """What a clerk saw of a village-month's review (anything with review, comment, reviewed_at
    and reviewed_by, such as queries.VillageMonth), in the shape the row is compared in."""
    return (seen.review or "", seen.comment or "", seen.reviewed_at or "", seen.reviewed_by or "")


@uses_store
def review_month(
    store: Store, village_code: str, month: str, *, approve: bool, comment: str = "", seen=None
) -> None:
    """Record the township's decision on a village-month; the next return package sends it.
    `seen`: the review as the clerk saw it (queries.VillageMonth); if another clerk has decided
    the month since, the decision is refused and nothing changes. Without it (the CLI: a clerk
    who names the month decides on it as it is now) the decision replaces the last one."""
    from carepoint.subsidies import months

    require_role(store, "township")
    code = require_village(store, village_code)
    month = months.text(months.parse(month))
    comment = comment.strip()
    if not approve and not comment:
        raise UserInputError(_("A rejection needs a comment that tells the village what to fix"))
    state = "approved" if approve else "rejected"
    with store.db.writing():
        # The row to lock exists from here on (a month no package reported yet has none; two
        # clerks inserting it at once would both "win"); a refusal rolls it back with the rest.
        store.db.execute_sql(
            "INSERT INTO township_month (village_code, month) VALUES (?, ?)"
            " ON CONFLICT (village_code, month) DO NOTHING",
            [code, month],
        )
        review, old_comment, reviewed_at, reviewed_by = decisions.locked_row(
            store, _ROW, [code, month]
        )
        now = (review, old_comment, reviewed_at or "", reviewed_by)
        if seen is not None and review_state(seen) != now:
            what = _(REVIEWS[review]) if review in REVIEWS else _("not reviewed")
            raise decisions.already_decided(reviewed_by, reviewed_at, what)
        approval = ""
        if approve:
            # the approval names what it approves: the lines of the package the township holds
            # now, read under the lock (an import that changed them has committed or waits)
            from carepoint.subsidies.approval import township_fingerprint

            approval = json.dumps(
                township_fingerprint(store, code, month).to_json(), sort_keys=True
            )
        store.db.execute_sql(
            "UPDATE township_month SET review = ?, comment = ?, reviewed_at = ?, reviewed_by = ?,"
            " approval = ?, sent_sequence = NULL WHERE village_code = ? AND month = ?",
            [state, comment, packages.now_text(), store.actor, approval, code, month],
        )
        audit.record(
            store,
            "review",
            "township_month",
            f"{code}:{month}",
            {
                "review": (review or None, state),
                "comment": (old_comment or None, comment),
                "approval": (None, approval or None),
            },  # fmt: skip
        )


@uses_store
def send_rule_update(
    store: Store, area: str, effective_from: dt.date, content: dict, note: str = ""
):
    """A new rule version for every village from `effective_from` (sent with return packages)."""
    from carepoint import rules

    require_role(store, "township")
    if area not in rules.AREA_LABELS:
        raise UserInputError(
            _("Unknown rule area {area}; use one of: {areas}").format(
                area=area, areas=", ".join(rules.AREA_LABELS)
            )
        )
    if not isinstance(content, dict) or not content:
        raise UserInputError(_("The rule table is empty or not a JSON object"))
    return rules.save_version(store, area, effective_from, content, note)
