"""入网确认单 (the enrollment confirmation slip) and 密钥恢复单 (the key recovery sheet): the two
papers a village prints about its exchange key.

The slip carries the fingerprint of the village's signing key as 8 groups of 5 digits; it goes to
the township office (by hand, or read out by phone), whose clerk compares it with the key of the
village's first package before that key is pinned. A copied enrollment file cannot make a slip
with the village's stamp and these digits.

The recovery sheet says where the recovery passphrase is kept, never the passphrase itself: a
sheet that held it would open the keys in the same office file as the backups it protects.
"""

from __future__ import annotations

from pathlib import Path

from carepoint import clock
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _, format_date
from carepoint.reports.template import Column, FormHeader, FormWriter


@uses_store
def _facts(store: Store) -> list[list[str]]:
    village = f"{store.setting('village_name')} ({store.setting('village_code')})"
    township = store.setting("exchange_township_name") or store.setting("township") or "—"
    return [
        [_("Village"), village],
        [_("Township"), township],
        [_("Printed on"), format_date(clock.today())],
    ]


@uses_store
def _header(title: str, store: Store) -> FormHeader:
    care_point = store.setting("care_point_name") or store.setting("village_name")
    return FormHeader(title=f"{care_point} {title}", facts=[])


def _fingerprint(writer: FormWriter, digits: str) -> None:
    writer.heading(_("Fingerprint of the village's exchange key"))
    groups = digits.split()
    writer.table([Column("", 45, "center") for _i in range(4)], titles=False)
    writer.rows([groups[:4], groups[4:]], min_lines=2)


@uses_store
def write_enrollment_slip(store: Store, out: Path) -> Path:
    """The village's 入网确认单 (after it joined its township, or with its key alone)."""
    from carepoint.exchange.confirmation import own_digits

    if store.setting("role", "village") != "village":
        raise UserInputError(
            _("Only a village care point can do this; this data folder is a township's")
        )
    digits = own_digits(store)
    with FormWriter(out, _header(_("Enrollment confirmation slip"), store)) as writer:
        writer.table([Column("", 40), Column("", 140)], titles=False)
        writer.rows(_facts(store))
        _fingerprint(writer, digits)
        writer.note(_(
            "Give this slip, signed and stamped, to the township office. Before the township "
            "accepts this village's first package, its clerk compares these 40 digits with those "
            "CarePoint shows for the package's key; a package whose digits differ is not this "
            "village's and is refused. After a re-key or a new enrollment file, print a new slip."
        ), size=10)  # fmt: skip
        return writer.finish()


@uses_store
def write_recovery_sheet(store: Store, out: Path, kept_where: str) -> Path:
    """The village's 密钥恢复单: which key the backups carry and where its passphrase is kept."""
    from carepoint.exchange.confirmation import own_digits
    from carepoint.exchange.keys import has_recovery

    if not has_recovery(store):
        raise UserInputError(_("Set the recovery passphrase first; then print the sheet"))
    kept_where = kept_where.strip()
    if not kept_where:
        raise UserInputError(_("Say where the recovery passphrase is kept"))
    with FormWriter(out, _header(_("Key recovery sheet"), store)) as writer:
        writer.table([Column("", 50), Column("", 130)], titles=False)
        writer.rows([*_facts(store), [_("The passphrase is kept"), kept_where]], min_lines=1)
        _fingerprint(writer, own_digits(store))
        writer.note(_(
            "Every backup of this care point carries its exchange keys, locked with the recovery "
            "passphrase. When the computer is replaced, restore the last backup on the new one and "
            "type the passphrase when asked; the packages then go on with the same key. The "
            "passphrase is not on this sheet: it is kept where the line above says. Without it the "
            "township must re-key the village."
        ), size=10)  # fmt: skip
        return writer.finish()
