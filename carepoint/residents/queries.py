"""Reading the register: filtered, searched and pinyin-sorted lists, and one person in full.

Filtering and sorting happen in SQL so that lists of 300,000 residents stay fast; list views ask
for the ordered ids first and then fetch rows a page at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from carepoint import categories, idcard
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.groups import sorted_groups
from carepoint.i18n import _
from carepoint.models import Carer, CategoryMembership, Resident, StatusChange
from carepoint.pinyin import normalise_query
from carepoint.residents.fields import STATUSES

AGE_BANDS = {
    "under_60": (0, 59),
    "60_69": (60, 69),
    "70_79": (70, 79),
    "80_89": (80, 89),
    "90_99": (90, 99),
    "100_plus": (100, None),
}
# Each order is a list of (SQL expression, ascending); descending flips every term.
ORDERS = {
    "pinyin": [("r.name_pinyin COLLATE NOCASE", True), ("r.id", True)],
    "id_number": [("r.id_number", True), ("r.id", True)],
    "birth_date": [("r.birth_date", True), ("r.id", True)],
    "age": [("r.birth_date", False), ("r.id", True)],
    # group_order(): a function of every connection (db.py), 一组 < 二组 < … < 十一组
    "group": [
        ("group_order(r.group_name)", True),
        ("r.name_pinyin COLLATE NOCASE", True),
        ("r.id", True),
    ],
    "status": [("r.status", True), ("r.name_pinyin COLLATE NOCASE", True), ("r.id", True)],
}
_ACTIVE_MEMBERSHIP = (
    "m.deleted_at IS NULL AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?)"
)


@dataclass(frozen=True)
class RegisterFilter:
    status: str | None = None
    category: str | None = None
    group: str | None = None
    search: str | None = None
    age_band: str | None = None


@dataclass(frozen=True, slots=True)
class ResidentRow:
    id: int
    uuid: str
    name: str
    gender: str
    id_number: str
    birth_date: dt.date
    group_name: str
    status: str
    status_date: dt.date | None
    phone: str
    categories: tuple[str, ...]
    age: int
    registered_on: dt.date | None = None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _where(filters: RegisterFilter, today: dt.date) -> tuple[str, list]:
    clauses, params = ["r.deleted_at IS NULL"], []
    if filters.status:
        if filters.status not in STATUSES:
            raise UserInputError(
                _("Unknown status {status}; use one of: {choices}").format(
                    status=filters.status, choices=", ".join(STATUSES)
                )
            )
        # "+" keeps SQLite on the covering search index instead of the low-selectivity status one
        clauses.append("+r.status = ?")
        params.append(filters.status)
    if filters.category:
        code = filters.category
        if code not in categories.CODES:
            raise UserInputError(
                _("Unknown category {code}; use one of: {choices}").format(
                    code=code, choices=", ".join(categories.CODES)
                )
            )
        if code == "oldest_old":
            clauses.append("r.birth_date <= ?")
            params.append(_years_before(today, categories.OLDEST_OLD_AGE).isoformat())
        else:
            clauses.append(
                "r.id IN (SELECT m.resident_id FROM category_membership m WHERE m.code = ? AND "
                + _ACTIVE_MEMBERSHIP
                + ")"
            )
            params += [code, today.isoformat(), today.isoformat()]
    if filters.group:
        clauses.append("+r.group_name = ?")
        params.append(filters.group)
    if filters.age_band:
        if filters.age_band not in AGE_BANDS:
            raise UserInputError(
                _("Unknown age band {band}; use one of: {choices}").format(
                    band=filters.age_band, choices=", ".join(AGE_BANDS)
                )
            )
        low, high = AGE_BANDS[filters.age_band]
        clauses.append("r.birth_date <= ?")
        params.append(_years_before(today, low).isoformat())
        if high is not None:
            clauses.append("r.birth_date > ?")
            params.append(_years_before(today, high + 1).isoformat())
    query = normalise_query(filters.search or "")
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("(r.search_text LIKE ? ESCAPE '\\' OR r.name_initials LIKE ? ESCAPE '\\')")
        params += [f"%{escaped}%", f"{escaped}%"]
    return " AND ".join(clauses), params


def name_match_rank(
    search: str | None,
    *,
    name: str = "r.name",
    pinyin: str = "replace(r.name_pinyin, ' ', '')",
    initials: str = "r.name_initials",
) -> tuple[str, list]:
    """An ORDER BY term (and its parameters) for how well a name answers what was typed: the
    exact name, then the whole pinyin (or its start), then the initials, then any fragment.
    Typing "zh" puts 张华 (zhang hua) above 冯秀珍 (feng xiu zhen), so Enter takes the person
    the cadre meant. Every name search uses it; the column expressions name another table's."""
    query = normalise_query(search or "")
    if not any(ch.isalpha() for ch in query):
        return "", []  # digits (an ID number, a year) match no name: nothing to rank
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    prefix = f"{escaped}%"
    sql = (
        f"CASE WHEN {name} = ? THEN 0"
        f" WHEN {pinyin} = ? COLLATE NOCASE THEN 1"
        f" WHEN {name} LIKE ? ESCAPE '\\' THEN 2"
        f" WHEN {pinyin} LIKE ? ESCAPE '\\' THEN 2"
        f" WHEN {initials} = ? COLLATE NOCASE THEN 3"
        f" WHEN {initials} LIKE ? ESCAPE '\\' THEN 4"
        " ELSE 5 END"
    )
    return sql, [query, query, prefix, prefix, query, prefix]


def _order_sql(order: str, descending: bool = False) -> str:
    if order not in ORDERS:
        raise UserInputError(_("Unknown sort order {order}").format(order=order))
    return ", ".join(
        f"{expr} {'ASC' if ascending != descending else 'DESC'}"
        for expr, ascending in ORDERS[order]
    )


@uses_store
def resident_ids(
    store: Store,
    filters: RegisterFilter, today: dt.date, order: str = "pinyin", descending: bool = False
) -> list[int]:
    """Ids in `order`; a search in the default (name) order lists the best matches first."""
    where, params = _where(filters, today)
    ordering = _order_sql(order, descending)
    rank, rank_params = name_match_rank(filters.search) if order == "pinyin" else ("", [])
    if rank:
        # The rank reads r.name, which the covering search index lacks: matching inside the
        # index first and ranking only the matches keeps SQLite from walking the whole table
        # (lgy at 300,000: 0.25 s instead of 10.8 s cold, 2.5 s warm).
        sql = (
            f"SELECT r.id FROM resident r WHERE r.id IN (SELECT r.id FROM resident r WHERE {where})"
            f" ORDER BY {rank}, {ordering}"
        )
        params = [*params, *rank_params]
    else:
        sql = f"SELECT r.id FROM resident r WHERE {where} ORDER BY {ordering}"
    return [row[0] for row in store.db.execute_sql(sql, params)]


@uses_store
def count_residents(store: Store, filters: RegisterFilter, today: dt.date) -> int:
    where, params = _where(filters, today)
    return store.db.execute_sql(
        f"SELECT count(*) FROM resident r WHERE {where}", params
    ).fetchone()[0]


_ROW_COLUMNS = (
    "r.id, r.uuid, r.name, r.gender, r.id_number, r.birth_date, r.group_name, r.status,"
    " r.status_date, r.phone, r.registered_on"
)
_CHUNK = 900


def _row(record: tuple, codes_text: str | None, today: dt.date) -> ResidentRow:
    birth = dt.date.fromisoformat(record[5])
    status_date = dt.date.fromisoformat(record[8]) if record[8] else None
    reference = status_date if record[7] == "deceased" and status_date else today
    age = idcard.age_on(birth, reference)
    codes = (
        tuple(sorted(set(codes_text.split(",")), key=categories.CODES.index)) if codes_text else ()
    )
    if age >= categories.OLDEST_OLD_AGE:
        codes += ("oldest_old",)
    registered = dt.date.fromisoformat(record[10]) if record[10] else None
    return ResidentRow(
        *record[:5], birth, record[6], record[7], status_date, record[9], codes, age, registered
    )


@uses_store
def _current_categories(
    store: Store, chunk: list[int], marks: str, today: dt.date
) -> dict[int, str]:
    # One grouped query per page: a subquery per row cost three times the row fetch itself.
    sql = (
        f"SELECT m.resident_id, group_concat(m.code) FROM category_membership m"
        f" WHERE m.resident_id IN ({marks}) AND {_ACTIVE_MEMBERSHIP} GROUP BY m.resident_id"
    )
    return dict(store.db.execute_sql(sql, [*chunk, today.isoformat(), today.isoformat()]))


@uses_store
def rows_by_ids(store: Store, ids: list[int], today: dt.date) -> list[ResidentRow]:
    """The rows for `ids`, in the order given (a list view's page, or a whole list)."""
    found: dict[int, ResidentRow] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        codes = _current_categories(store, chunk, marks, today)
        sql = f"SELECT {_ROW_COLUMNS} FROM resident r WHERE r.id IN ({marks})"
        for record in store.db.execute_sql(sql, chunk):
            found[record[0]] = _row(record, codes.get(record[0]), today)
    return [found[i] for i in ids if i in found]


@uses_store
def list_residents(
    store: Store, filters: RegisterFilter, today: dt.date, order: str = "pinyin"
) -> list[ResidentRow]:
    return rows_by_ids(store, resident_ids(store, filters, today, order), today)


@uses_store
def groups(store: Store) -> list[str]:
    # The distinct names come from the group index alone; filtering deleted_at on every row
    # instead looked up all rows in the table (1.1 s at 300,000 residents against 0.03 s).
    sql = (
        "SELECT g.group_name FROM (SELECT DISTINCT group_name FROM resident"
        " WHERE group_name != '') g WHERE EXISTS (SELECT 1 FROM resident r"
        " WHERE r.group_name = g.group_name AND r.deleted_at IS NULL)"
    )
    # 一组 < 二组 < … < 十一组, which no collation gives
    return sorted_groups(row[0] for row in store.db.execute_sql(sql))


@dataclass
class ResidentDetail:
    resident: Resident
    carers: list[Carer] = field(default_factory=list)
    categories: list[CategoryMembership] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)

    @property
    def entity_uuids(self) -> list[str]:
        rows = [self.resident, *self.carers, *self.categories, *self.status_changes]
        return [row.uuid for row in rows]


def resident_detail(resident_id: int) -> ResidentDetail:
    resident = Resident.get_or_none((Resident.id == resident_id) & Resident.deleted_at.is_null())
    if resident is None:
        raise UserInputError(_("No such resident"))
    return ResidentDetail(
        resident,
        list(Carer.select().where((Carer.resident == resident) & Carer.deleted_at.is_null())),
        list(
            CategoryMembership.select()
            .where(
                (CategoryMembership.resident == resident) & CategoryMembership.deleted_at.is_null()
            )
            .order_by(CategoryMembership.start_date)
        ),
        list(
            StatusChange.select()
            .where(StatusChange.resident == resident)
            .order_by(StatusChange.effective_date, StatusChange.id)
        ),
    )
