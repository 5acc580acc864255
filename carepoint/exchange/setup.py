"""What `init` adds for the exchange: a village's keys (and its township, from an enrollment
file), or a township's keys. Everything is checked before the data folder is created."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.exchange import enrollment as enrollments
from carepoint.exchange import keys
from carepoint.i18n import _
from carepoint.permissions import local_administrator


@dataclass(frozen=True)
class ExchangeSetup:
    role: str
    enrollment: enrollments.Enrollment | None = None
    passphrase: str | None = None

    @property
    def township_name(self) -> str:
        return self.enrollment.township_name if self.enrollment else ""

    @uses_store
    def apply(self, store: Store) -> None:
        with store.db.writing():
            if self.role in ("township", "county"):  # a county keeps keys as a township
                if self.passphrase:
                    keys.create_township_keys(store, self.passphrase)
                return
            keys.ensure_village_keys(store)
            if self.enrollment:
                # A folder being set up has no accounts yet: its local administrator joins.
                enrollments.join_township(store, self.enrollment, actor=local_administrator())


def prepare(role: str, enrollment_file: Path | None, village_code: str) -> ExchangeSetup:
    if role in ("township", "county"):
        if enrollment_file:
            raise UserInputError(_("A township office is not enrolled; leave out --enrollment"))
        # The keys are made now when a passphrase is at hand, otherwise at the first enrollment.
        at_hand = os.environ.get(keys.PASSPHRASE_ENV) or sys.stdin.isatty()
        return ExchangeSetup(
            role, None, keys.passphrase_from_user(confirm=True) if at_hand else None
        )
    if enrollment_file is None:
        return ExchangeSetup(role)
    found = enrollments.read_enrollment(enrollment_file)
    if found.village_code != village_code.strip():
        raise UserInputError(
            _(
                "This enrollment file is for village {theirs} ({name}), but this care point is "
                "{ours}; nothing was changed"
            ).format(theirs=found.village_code, name=found.village_name, ours=village_code)
        )
    return ExchangeSetup(role, found)
