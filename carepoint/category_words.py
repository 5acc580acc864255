"""The village's own category words: "五保户 → 分散供养特困人员" mapped once by a cadre and used by
every later import (wizard and command line). Kept in the settings table, each change audited."""

from __future__ import annotations

import json

from carepoint import audit, categories
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _

SETTING_KEY = "category_words"
IGNORED = ""  # a word that names no category (无, 一般 …): read and left out


@uses_store
def learned_words(store: Store) -> dict[str, str]:
    """word key (categories.word_key) → code, or IGNORED."""
    try:
        stored = json.loads(store.setting(SETTING_KEY, "{}") or "{}")
    except ValueError:
        return {}
    return {str(key): str(code) for key, code in stored.items()} if isinstance(stored, dict) else {}


@uses_store
def remember_words(store: Store, mapping: dict[str, str]) -> None:
    """Keep how the village writes its categories; `mapping` is word → code (or IGNORED)."""
    for word, code in mapping.items():
        if code != IGNORED and code not in categories.STORED_CODES:
            raise UserInputError(_("Unknown category {code}").format(code=code))
        if not categories.word_key(word):
            raise UserInputError(_("The word to remember is empty"))
    current = learned_words(store)
    changes = {}
    for word, code in mapping.items():
        key = categories.word_key(word)
        if current.get(key) != code:
            changes[word] = (current.get(key), code)
            current[key] = code
    if not changes:
        return
    with store.db.writing():
        store.set_setting(SETTING_KEY, json.dumps(current, ensure_ascii=False, sort_keys=True))
        audit.record(store, "update", "category_words", SETTING_KEY, changes)
