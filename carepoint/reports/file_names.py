"""Default names for saved forms, in the user's language: 老年人花名册-2026年12月.pdf."""

from __future__ import annotations

import datetime as dt
import re

from carepoint.i18n import _, format_month

# Characters Windows refuses in a file name.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|]+')


def pdf_file_name(title: str, month: dt.date, *, public: bool = False) -> str:
    """`title` already translated; the month as the language writes it."""
    stem = f"{title}-{format_month(month)}"
    if public:
        stem = _("{name} (public copy)").format(name=stem)
    return _NOT_IN_NAMES.sub("-", stem).strip() + ".pdf"
