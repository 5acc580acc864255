"""Which role may do what, kept by the core: every operation that reveals unmasked data (print,
export, backup, restore, exchange) or changes who may act takes the acting account and asks
`require(actor, action)`, whoever calls it (the GUI passes the signed-in account, the command line
the account named by --user, or the local administrator on a folder with no accounts)."""

from __future__ import annotations

from carepoint.errors import UserInputError
from carepoint.i18n import N_, _
from carepoint.session import Session

EDITORS = ("administrator", "clerk")
ACTIONS = {
    "print_public": ("administrator", "clerk", "viewer"),  # masked copies, forms of no one
    "print_unmasked": EDITORS,  # forms with whole ID numbers, phones, bank accounts
    "export": EDITORS,
    "backup": EDITORS,
    "restore": ("administrator",),
    "exchange": EDITORS,  # writing or importing packages
    "approve": ("administrator",),  # the township's approval of a village-month
    "enroll": ("administrator",),  # enrolling, re-keying and confirming villages
    "manage_accounts": ("administrator",),
    "change_rules": ("administrator",),  # the locality's preset
}
_REFUSALS = {
    "print_public": N_("Nobody is signed in; sign in first."),
    "print_unmasked": N_(
        "A viewer may print only the public copy, with ID numbers, phones and accounts masked."
    ),
    "export": N_("Only a clerk or an administrator may export data."),
    "backup": N_("Only a clerk or an administrator may back up the data."),
    "restore": N_("Only an administrator may restore a backup."),
    "exchange": N_("Only a clerk or an administrator may write or import exchange packages."),
    "approve": N_("Only an administrator may approve."),
    "enroll": N_("Only an administrator may enroll villages or change their keys."),
    "manage_accounts": N_("Only an administrator may manage accounts."),
    "change_rules": N_("Only an administrator may change the locality's rules."),
}


class NotPermitted(UserInputError):
    """The acting account's role may not do this; nothing was done."""


def may(actor: Session | None, action: str) -> bool:
    return actor is not None and actor.role in ACTIONS[action]


def require(actor: Session | None, action: str) -> Session:
    """The actor, when its role may do `action`; refuses anything else, a missing actor too."""
    if not may(actor, action):
        if actor is None:
            raise NotPermitted(_("Nobody is signed in; sign in first."))
        raise NotPermitted(_(_REFUSALS[action]))
    return actor


def require_print(actor: Session | None, *, personal: bool, public: bool) -> Session:
    """A form about people, unless it is the masked public copy, needs a role that sees them."""
    return require(actor, "print_unmasked" if personal and not public else "print_public")


def local_administrator(username: str | None = None) -> Session:
    """Who acts on a data folder that has no accounts yet (init, demo, a fresh command line)."""
    from carepoint.db import default_actor

    return Session(username or default_actor(), "administrator")
