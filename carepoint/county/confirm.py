"""County: a township's key is pinned only once a clerk confirms its fingerprint (the digits
`township join-county` shows the township's clerk, read out or written on paper), as a township
does for its villages (carepoint.exchange.confirmation): a copied enrollment file then vouches for
no stranger. The township's first containers wait in data_dir/held until then."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from carepoint import audit
from carepoint.binding import uses_store
from carepoint.county.enrollment import require_county
from carepoint.db import Store
from carepoint.errors import IntegrityError, UserInputError
from carepoint.exchange import decisions
from carepoint.exchange.confirmation import Held, held_packages, normal_digits, settle
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.session import Session


@dataclass(frozen=True)
class TownshipConfirmation:
    township_code: str
    digits: str
    imported: list  # ContainerSummary of the held containers now imported
    refused: list[Held]


@uses_store
def confirm_township(
    store: Store,
    township_code: str,
    digits: str,
    passphrase: str | Callable[[], str],
    *,
    actor: Session | None,
) -> TownshipConfirmation:
    """Pin the township key whose fingerprint is `digits`; its held containers are imported,
    others thrown away. Digits matching no held container change nothing (exit 3)."""
    from carepoint.county.county_import import import_containers

    require_county(store)
    require(actor, "enroll")
    digits = normal_digits(digits)
    row = store.db.execute_sql(
        "SELECT sign_key, confirmed_fingerprint FROM county_township WHERE code = ?",
        [township_code],
    ).fetchone()
    if row is None:
        raise UserInputError(
            _("township {code} is not enrolled with this county").format(code=township_code)
        )
    if row[0]:
        decisions.refuse_confirmed_key(
            store, "county_township", township_code,
            _("The key of township {code} was confirmed by {who} at {when}; nothing was"
              " changed. To change it, re-key the township"),
            _("The key of township {code} is already confirmed"),
        )  # fmt: skip
    held = held_packages(store, township_code)
    matching = [h for h in held if h.digits == digits]
    if held and not matching:
        raise IntegrityError(
            _("These digits are not the fingerprint of any container held for township {code};"
              " nothing was changed").format(code=township_code)
        )  # fmt: skip
    imported = []
    with store.db.writing():
        # another clerk at another desk may have confirmed it since the row was read above
        decisions.refuse_if_key_decided(store, "county_township", township_code, row)
        store.db.execute_sql(
            "UPDATE county_township SET confirmed_fingerprint = ? WHERE code = ?",
            [digits, township_code],
        )
        audit.record(store, "confirm_key", "county_township", township_code,
                     {"confirmed_fingerprint": (row[1], digits)})  # fmt: skip
        if matching:
            result = import_containers(
                store, [h.package() for h in matching], passphrase, actor=actor
            )
            imported = result.containers
        settle(store, matching, "imported")
        settle(store, [h for h in held if h.digits != digits], "refused")
    return TownshipConfirmation(
        township_code, digits, imported, [h for h in held if h.digits != digits]
    )
