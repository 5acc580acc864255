"""Who is signed in and what their role lets them do (accounts themselves live in users.py)."""

from __future__ import annotations

from dataclasses import dataclass

from carepoint.i18n import N_, _

ROLES = ("administrator", "clerk", "viewer")
ROLE_LABELS = {
    "administrator": N_("administrator"),
    "clerk": N_("clerk"),
    "viewer": N_("viewer"),
}


@dataclass(frozen=True)
class Session:
    username: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role in ("administrator", "clerk")

    @property
    def can_see_sensitive(self) -> bool:
        """Viewers see ID numbers, phones and accounts masked."""
        return self.role in ("administrator", "clerk")

    @property
    def can_manage_accounts(self) -> bool:
        return self.role == "administrator"

    @property
    def role_label(self) -> str:
        return _(ROLE_LABELS[self.role])
