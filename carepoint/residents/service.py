"""Writing the register: new residents, edits, categories, carers and the status lifecycle.

Every write runs in one transaction with its audit entries and takes the next value of the
node's change counter. Nothing is deleted: people get a status, memberships an end date, carers a
`deleted_at`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from carepoint import audit, categories, clock
from carepoint.binding import uses_store
from carepoint.change_areas import Changed, changes
from carepoint.db import Store
from carepoint.errors import NeedsConfirmation, UserInputError
from carepoint.i18n import _
from carepoint.models import Carer, CategoryMembership, Resident, StatusChange, utcnow
from carepoint.residents.duplicates import likely_duplicates
from carepoint.residents.fields import STATUSES, TEXT_FIELDS, field_label, status_label
from carepoint.residents.validation import (
    CarerInput,
    CategoryInput,
    FieldProblem,
    ResidentInput,
    check_categories,
    check_resident,
)

# Every field a clerk may edit; the rest (search keys, status) follow from these or from events.
EDITABLE = ("name", "id_number", "gender", "birth_date", "marital_status", *TEXT_FIELDS)
# What a new record's audit entry holds besides the editable fields.
CREATED_WITH = (*EDITABLE, "registered_on")


class InvalidResident(UserInputError):
    def __init__(self, problems: list[FieldProblem]):
        lines = [f"{field_label(p.field)}: {p.message}" for p in problems]
        super().__init__("\n".join(lines))
        self.problems = problems


def creation_snapshot(values: dict[str, object]) -> dict[str, tuple[object, object]]:
    """A new record's audit entry: one line holding every value it was created with."""
    filled = {key: values[key] for key in CREATED_WITH if values.get(key) not in ("", None)}
    return {"*": (None, {key: audit.as_text(value) for key, value in filled.items()})}


@uses_store
def _stamp(store: Store) -> dict[str, object]:
    return {"updated_at": utcnow(), "change_seq": store.next_change_seq()}


def _refuse_taken_id(id_number: str, exclude_id: int | None = None) -> None:
    query = Resident.select().where(
        (Resident.id_number == id_number) & Resident.deleted_at.is_null()
    )
    if exclude_id is not None:
        query = query.where(Resident.id != exclude_id)
    other = query.first()
    if other:
        raise UserInputError(
            _("ID number {id_number} is already registered for {name}").format(
                id_number=id_number, name=other.name
            )
        )


def _confirm_duplicates(values: dict, exclude_id: int | None, confirmed: bool) -> None:
    if confirmed:
        return
    hints = likely_duplicates(
        values["name"], values["birth_date"], values["group_name"], exclude_id
    )
    if hints:
        raise NeedsConfirmation(
            _("This may be a person already registered: {hints}. Save anyway?").format(
                hints="; ".join(h.reason for h in hints)
            )
        )


@changes(Changed.RESIDENTS)
@uses_store
def create_resident(
    store: Store,
    data: ResidentInput,
    *,
    confirm_duplicates: bool = False,
    today: dt.date | None = None,
) -> Resident:
    today = today or clock.today()
    prepared, problems = check_resident(data, today)
    if problems:
        raise InvalidResident(problems)
    values = prepared.values
    with store.db.writing():
        _refuse_taken_id(values["id_number"])
        _confirm_duplicates(values, None, confirm_duplicates)
        resident = Resident.create(**values, **_stamp(store))
        audit.record(store, "create", "resident", resident.uuid, creation_snapshot(values))
        for carer in prepared.carers:
            _add_carer(store, resident, carer)
        for item in prepared.categories:
            _add_category(store, resident, item)
    return resident


@changes(Changed.RESIDENTS)
@uses_store
def update_resident(
    store: Store,
    resident_id: int,
    changes: dict[str, object],
    *,
    confirm_duplicates: bool = False,
    today: dt.date | None = None,
) -> Resident:
    """Apply field edits; the audit log gets one entry per field that really changed."""
    today = today or clock.today()
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise UserInputError(
            _("These fields cannot be edited: {fields}").format(fields=", ".join(sorted(unknown)))
        )
    resident = get_for_update(resident_id)
    current = {key: getattr(resident, key) for key in EDITABLE}
    merged = {**current, **changes}
    if "id_number" in changes:
        # A corrected ID number brings its own birth date and gender.
        merged.pop("gender")
        merged.pop("birth_date")
    prepared, problems = check_resident(ResidentInput(**merged), today)
    if problems:
        raise InvalidResident(problems)
    values = prepared.values
    diff = {key: (current[key], values[key]) for key in EDITABLE if current[key] != values[key]}
    if not diff:
        return resident
    with store.db.writing():
        if "id_number" in diff:
            _refuse_taken_id(values["id_number"], resident.id)
        if diff.keys() & {"name", "birth_date", "group_name"}:
            _confirm_duplicates(values, resident.id, confirm_duplicates)
        Resident.update(**values, **_stamp(store)).where(Resident.id == resident.id).execute()
        audit.record(store, "update", "resident", resident.uuid, diff)
    return Resident.get_by_id(resident.id)


def get_for_update(resident_id: int) -> Resident:
    resident = Resident.get_or_none((Resident.id == resident_id) & Resident.deleted_at.is_null())
    if resident is None:
        raise UserInputError(_("No such resident"))
    return resident


def find_by_id_number(id_number: str) -> Resident:
    """The living record for an ID number in any form an import accepts: 15 digits, a lower-case
    x, full-width digits, spaces."""
    from carepoint import idcard

    try:
        number = idcard.parse(id_number).number
    except idcard.InvalidIdNumber as error:
        raise UserInputError(str(error)) from None
    resident = Resident.get_or_none((Resident.id_number == number) & Resident.deleted_at.is_null())
    if resident is None:
        raise UserInputError(
            _("No resident with ID number {id_number} is registered").format(id_number=number)
        )
    return resident


@changes(Changed.RESIDENTS)
@uses_store
def set_status(
    store: Store,
    resident_id: int,
    status: str,
    effective_date: dt.date,
    reason: str = "",
    *,
    today: dt.date | None = None,
) -> StatusChange:
    """Record a death, a move, a return …; the person stays in the register."""
    today = today or clock.today()
    resident = get_for_update(resident_id)
    if status not in STATUSES:
        raise UserInputError(
            _("Unknown status {status}; use one of: {choices}").format(
                status=status, choices=", ".join(STATUSES)
            )
        )
    if status == resident.status:
        raise UserInputError(
            _("{name} is already recorded as {status}").format(
                name=resident.name, status=status_label(status)
            )
        )
    if effective_date > today:
        raise UserInputError(_("The date {date} is in the future").format(date=effective_date))
    if effective_date < resident.birth_date:
        raise UserInputError(
            _("The date {date} is before the birth date").format(date=effective_date)
        )
    if resident.status_date and effective_date < resident.status_date:
        raise UserInputError(
            _("The date {date} is before the last status change ({last})").format(
                date=effective_date, last=resident.status_date
            )
        )
    if resident.status == "deceased" and not reason.strip():
        raise UserInputError(_("Correcting a recorded death needs a reason"))
    with store.db.writing():
        change = StatusChange.create(
            resident=resident,
            status=status,
            previous_status=resident.status,
            effective_date=effective_date,
            reason=reason.strip(),
            **_stamp(store),
        )
        Resident.update(status=status, status_date=effective_date, **_stamp(store)).where(
            Resident.id == resident.id
        ).execute()
        audit.record(
            store,
            "status",
            "resident",
            resident.uuid,
            {
                "status": (resident.status, status),
                "status_date": (resident.status_date, effective_date),
                "reason": (None, reason.strip() or None),
            },
        )
    return change


@uses_store
def _add_category(store: Store, resident: Resident, item: CategoryInput) -> CategoryMembership:
    membership = CategoryMembership.create(
        resident=resident,
        code=item.code,
        start_date=item.start_date,
        end_date=item.end_date,
        note=item.note,
        **_stamp(store),
    )
    audit.record(
        store,
        "add",
        "category_membership",
        membership.uuid,
        {
            "resident": (None, resident.uuid),
            "code": (None, item.code),
            "start_date": (None, item.start_date),
            "end_date": (None, item.end_date),
        },
    )
    return membership


@uses_store
def add_category(store: Store, resident_id: int, item: CategoryInput) -> CategoryMembership:
    resident = get_for_update(resident_id)
    problems: list[FieldProblem] = []
    check_categories([item], resident.birth_date, problems)
    if problems:
        raise InvalidResident(problems)
    overlapping = CategoryMembership.select().where(
        (CategoryMembership.resident == resident)
        & (CategoryMembership.code == item.code)
        & CategoryMembership.deleted_at.is_null()
        & (CategoryMembership.end_date.is_null() | (CategoryMembership.end_date >= item.start_date))
    )
    if item.end_date:
        overlapping = overlapping.where(CategoryMembership.start_date <= item.end_date)
    if overlapping.exists():
        raise UserInputError(
            _("{name} is already in the category {label} for that time").format(
                name=resident.name, label=categories.label(item.code)
            )
        )
    with store.db.writing():
        return _add_category(store, resident, item)


@uses_store
def end_category(store: Store, membership_id: int, end_date: dt.date) -> None:
    membership = CategoryMembership.get_or_none(
        (CategoryMembership.id == membership_id) & CategoryMembership.deleted_at.is_null()
    )
    if membership is None:
        raise UserInputError(_("No such category entry"))
    if end_date < membership.start_date:
        raise UserInputError(_("A category cannot end before it starts"))
    with store.db.writing():
        CategoryMembership.update(end_date=end_date, **_stamp(store)).where(
            CategoryMembership.id == membership.id
        ).execute()
        audit.record(
            store,
            "update",
            "category_membership",
            membership.uuid,
            {"end_date": (membership.end_date, end_date)},
        )


@uses_store
def _add_carer(store: Store, resident: Resident, carer: CarerInput) -> Carer:
    row = Carer.create(
        resident=resident,
        name=carer.name,
        relation=carer.relation,
        phone=carer.phone,
        address=carer.address,
        **_stamp(store),
    )
    audit.record(
        store,
        "add",
        "carer",
        row.uuid,
        {
            "resident": (None, resident.uuid),
            "name": (None, carer.name),
            "relation": (None, carer.relation),
            "phone": (None, carer.phone),
            "address": (None, carer.address),
        },
    )
    return row


@uses_store
def set_carers(store: Store, resident_id: int, carers: list[CarerInput]) -> None:
    """Make the resident's carers exactly `carers`: unchanged ones stay, others are retired."""
    resident = get_for_update(resident_id)
    problems: list[FieldProblem] = []
    for carer in carers:
        if not carer.name.strip():
            problems.append(FieldProblem("carers", _("A carer needs a name")))
    if problems:
        raise InvalidResident(problems)
    existing = list(Carer.select().where((Carer.resident == resident) & Carer.deleted_at.is_null()))
    key = lambda c: (c.name.strip(), c.relation.strip(), c.phone.strip(), c.address.strip())  # noqa: E731
    wanted = {key(c): c for c in carers}
    with store.db.writing():
        for row in existing:
            if key(row) in wanted:
                wanted.pop(key(row))
            else:
                Carer.update(deleted_at=utcnow(), **_stamp(store)).where(
                    Carer.id == row.id
                ).execute()
                audit.record(store, "retire", "carer", row.uuid, {"name": (row.name, None)})
        for carer in wanted.values():
            _add_carer(store, resident, CarerInput(*key(carer)))


@dataclass(frozen=True)
class ResidentEdit:
    """One save of the resident editor: field changes, the carers as they now stand (None when
    untouched), categories added and memberships ended."""

    resident_id: int
    changes: dict[str, object] = field(default_factory=dict)
    carers: list[CarerInput] | None = None
    added_categories: list[CategoryInput] = field(default_factory=list)
    ended_categories: list[tuple[int, dt.date]] = field(default_factory=list)


@changes(Changed.RESIDENTS)
@uses_store
def save_edit(store: Store, edit: ResidentEdit, *, confirm_duplicates: bool = False) -> Resident:
    """Fields, carers and categories in one transaction (one change set): all saved or none."""
    with store.db.writing():
        resident = update_resident(
            store, edit.resident_id, edit.changes, confirm_duplicates=confirm_duplicates
        )
        if edit.carers is not None:
            set_carers(store, edit.resident_id, edit.carers)
        for item in edit.added_categories:
            add_category(store, edit.resident_id, item)
        for membership_id, end in edit.ended_categories:
            end_category(store, membership_id, end)
    return resident
