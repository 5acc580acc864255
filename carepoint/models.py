"""The tables of a CarePoint data directory.

- setting: the care point itself (village code and name, township, role), the node id and the
  node's change counter; one row per key.
- resident: the register of older residents; never deleted, only given a status; `registered_on`
  is the local date the person joined the register.
- status_change: each step of a resident's lifecycle (moved out, died, returned …) with its date.
- category_membership: a resident's categories (living alone, 低保 …), each with start and end.
- carer: a resident's 赡养人/扶养人 (supporters), several per resident.
- audit_entry: who changed what, when, from which value to which; only ever appended.
- rule_version: rule tables edited locally (visit frequencies, meal prices, subsidies), each a new
  version with the date it takes effect; the shipped presets live in resources/rules.
- user: the local accounts of this PC (username, role, scrypt password hash); never deleted, only
  disabled. Accounts stay on their PC and never travel in exchange packages.

Records that travel between PCs (SyncedModel) carry a UUID, created/updated time (UTC), the node's
change counter at their last write, and `deleted_at` instead of ever being deleted.
The schema itself is created by the ordered steps in migrations.py, not by these classes.
"""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from carepoint.binding import BoundDatabase
from carepoint.clock import utcnow

# Bound per store for the length of a call (carepoint.binding); nothing initialises it globally.
database = BoundDatabase()


def new_uuid() -> str:
    return str(uuid.uuid4())


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SyncedModel(BaseModel):
    uuid = CharField(unique=True, default=new_uuid)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    change_seq = IntegerField(default=0)
    deleted_at = DateTimeField(null=True)


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()


class Resident(SyncedModel):
    name = CharField()
    gender = CharField()  # male / female
    id_number = CharField()
    birth_date = DateField()
    ethnicity = CharField(default="")
    marital_status = CharField(default="")  # unmarried / married / widowed / divorced
    household_address = CharField(default="")
    residence_address = CharField(default="")
    group_name = CharField(default="")
    phone = CharField(default="")
    living_situation = CharField(default="")
    income_source = CharField(default="")
    health_conditions = TextField(default="")
    self_care = CharField(default="")
    medical_contact_name = CharField(default="")
    medical_contact_phone = CharField(default="")
    agent_name = CharField(default="")
    agent_phone = CharField(default="")
    bank_account = CharField(default="")
    notes = TextField(default="")
    status = CharField(default="active")
    status_date = DateField(null=True)
    # The care point's own date for when the person joined the register (a roster's as-of date,
    # the day a clerk added them); never read from a technical timestamp.
    registered_on = DateField(null=True)
    # Search keys, written with the name (never computed at start-up).
    name_pinyin = CharField(default="")
    name_initials = CharField(default="")
    search_text = CharField(default="")


class StatusChange(SyncedModel):
    resident = ForeignKeyField(Resident, backref="status_changes")
    status = CharField()
    previous_status = CharField()
    effective_date = DateField()
    reason = TextField(default="")


class CategoryMembership(SyncedModel):
    resident = ForeignKeyField(Resident, backref="categories")
    code = CharField()
    start_date = DateField()
    end_date = DateField(null=True)
    note = TextField(default="")


class Carer(SyncedModel):
    resident = ForeignKeyField(Resident, backref="carers")
    name = CharField()
    relation = CharField(default="")
    phone = CharField(default="")
    address = CharField(default="")
    is_primary = BooleanField(default=False)


class AuditEntry(BaseModel):
    at = DateTimeField(default=utcnow)
    actor = CharField()
    action = CharField()  # create / update / status / import / …
    entity = CharField()
    entity_uuid = CharField()
    field = CharField(default="")
    old_value = TextField(null=True)
    new_value = TextField(null=True)
    change_id = CharField(default="")  # shared by the entries of one transaction (one save)


class User(BaseModel):
    uuid = CharField(unique=True, default=new_uuid)
    username = CharField(unique=True)
    password_hash = CharField()
    role = CharField()  # administrator / clerk / viewer
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class RuleVersion(SyncedModel):
    area = CharField()
    effective_from = DateField()
    content = TextField()  # JSON
    note = TextField(default="")


ALL_MODELS = (
    RuleVersion,
    Setting,
    Resident,
    StatusChange,
    CategoryMembership,
    Carer,
    AuditEntry,
    User,
)
