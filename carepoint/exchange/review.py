"""Township: reviewing a village-month (approve / reject with a comment) and rule updates that
the next return packages carry to every village."""

from __future__ import annotations

import datetime as dt
import json

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.exchange import packages
from carepoint.exchange.enrollment import require_role
from carepoint.i18n import _


@uses_store
def require_village(store: Store, code: str) -> str:
    code = code.strip()
    found = store.db.execute_sql("SELECT name FROM township_village WHERE code = ?", [code])
    if found.fetchone() is None:
        raise UserInputError(
            _("Village {code} is not enrolled with this township").format(code=code)
        )
    return code


@uses_store
def review_month(
    store: Store, village_code: str, month: str, *, approve: bool, comment: str = ""
) -> None:
    """Record the township's decision on a village-month; the next return package sends it."""
    from carepoint.subsidies import months

    require_role(store, "township")
    code = require_village(store, village_code)
    month = months.text(months.parse(month))
    comment = comment.strip()
    if not approve and not comment:
        raise UserInputError(_("A rejection needs a comment that tells the village what to fix"))
    state = "approved" if approve else "rejected"
    approval = ""
    if approve:
        # the approval names what it approves: the lines of the package the township saw
        from carepoint.subsidies.approval import township_fingerprint

        approval = json.dumps(township_fingerprint(store, code, month).to_json(), sort_keys=True)
    with store.db.atomic():
        before = store.db.execute_sql(
            "SELECT review, comment FROM township_month WHERE village_code = ? AND month = ?",
            [code, month],
        ).fetchone() or ("", "")
        store.db.execute_sql(
            "INSERT INTO township_month (village_code, month, review, comment, reviewed_at,"
            " reviewed_by, approval) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (village_code, month)"
            " DO UPDATE SET review = excluded.review, comment = excluded.comment,"
            " reviewed_at = excluded.reviewed_at, reviewed_by = excluded.reviewed_by,"
            " approval = excluded.approval, sent_sequence = NULL",
            [code, month, state, comment, packages.now_text(), store.actor, approval],
        )
        audit.record(
            store,
            "review",
            "township_month",
            f"{code}:{month}",
            {
                "review": (before[0] or None, state),
                "comment": (before[1] or None, comment),
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
