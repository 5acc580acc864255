"""What a cadre calls each subsidy: the name the rules give its item (尊老金, not the type's
generic 高龄津贴). The type's label is only the fallback for an item the rules leave unnamed."""

from __future__ import annotations

from collections.abc import Iterable

from carepoint import rules
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.subsidies import months
from carepoint.subsidies.rule_tables import AREA, TYPES, parse, type_label


def item_title(name: str, code: str) -> str:
    return name or type_label(code)


def group_title(names: Iterable[str], code: str) -> str:
    """A sum of one type's lines: its items' names ('尊老金', '尊老金、百岁津贴'), else the type."""
    found = list(dict.fromkeys(name for name in names if name))
    return "、".join(found) or type_label(code)


@uses_store
def type_titles(store: Store, month: int) -> dict[str, str]:
    """Every type's title in `month`: the names on the month's lines, else the rules' items."""
    stored: dict[str, list[str]] = {}
    for code, name in store.db.execute_sql(
        "SELECT DISTINCT subsidy_type, item_name FROM subsidy_line"
        " WHERE month = ? AND deleted_at IS NULL AND item_name != ''"
        " ORDER BY subsidy_type, item_name",
        [months.text(month)],
    ):
        stored.setdefault(code, []).append(name)
    named: dict[str, list[str]] = {}
    try:
        version = rules.rules_on(store, AREA, months.first_day(month))
        for item in parse(version.content, version.effective_from, version.note).items:
            named.setdefault(item.type, []).append(item.name)
    except UserInputError:
        pass  # no rules yet: the types' own labels
    return {code: group_title(stored.get(code) or named.get(code, []), code) for code in TYPES}
