"""Local accounts: hashed passwords, roles, disabling, and the last administrator."""

import pytest

from carepoint import users
from carepoint.errors import UserInputError
from carepoint.models import AuditEntry, User


@pytest.fixture
def admin(store):
    store.actor = "setup"
    return users.create_account(store, "admin", "correct horse", "administrator")


def test_a_created_account_signs_in_with_its_password_and_role(store, admin):
    session = users.authenticate(store, "admin", "correct horse")

    assert session is not None
    assert (session.username, session.role) == ("admin", "administrator")


def test_the_stored_hash_is_salted_scrypt_and_never_the_password(store, admin):
    users.create_account(store, "clerk1", "correct horse", "clerk")

    hashes = {u.username: u.password_hash for u in User.select()}

    assert all("correct horse" not in h for h in hashes.values())
    assert hashes["admin"].startswith("scrypt$16384$8$1$")
    assert hashes["admin"] != hashes["clerk1"]  # same password, different salt


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(store, admin):
    assert users.authenticate(store, "admin", "wrong horse!") is None
    assert users.authenticate(store, "nobody", "correct horse") is None


def test_a_username_is_found_whatever_its_case(store, admin):
    assert users.authenticate(store, "ADMIN", "correct horse") is not None


def test_a_taken_username_is_refused_and_nothing_is_written(store, admin):
    with pytest.raises(UserInputError, match="Admin"):
        users.create_account(store, "Admin", "another password", "clerk")

    assert User.select().count() == 1


def test_a_short_password_is_refused_and_no_account_is_made(store):
    with pytest.raises(UserInputError) as error:
        users.create_account(store, "clerk1", "short", "clerk")

    assert "8" in error.value.message
    assert not users.has_accounts(store)


def test_an_unknown_role_is_refused(store):
    with pytest.raises(UserInputError):
        users.create_account(store, "boss", "long enough", "owner")

    assert not users.has_accounts(store)


def test_a_viewer_session_may_not_see_sensitive_fields(store, admin):
    users.create_account(store, "guest", "long enough", "viewer")

    session = users.authenticate(store, "guest", "long enough")

    assert session.can_see_sensitive is False
    assert session.can_edit is False


def test_the_last_active_administrator_cannot_be_disabled(store, admin):
    with pytest.raises(UserInputError, match="admin"):
        users.disable_account(store, "admin")

    assert users.get_account(store, "admin").active


def test_the_last_active_administrator_cannot_be_demoted(store, admin):
    with pytest.raises(UserInputError):
        users.set_role(store, "admin", "clerk")

    assert users.get_account(store, "admin").role == "administrator"


def test_an_administrator_can_be_disabled_when_another_remains(store, admin):
    users.create_account(store, "second", "long enough", "administrator")

    users.disable_account(store, "admin")

    assert not users.get_account(store, "admin").active
    assert users.authenticate(store, "admin", "correct horse") is None


def test_a_disabled_administrator_does_not_count_as_the_remaining_one(store, admin):
    users.create_account(store, "second", "long enough", "administrator")
    users.disable_account(store, "admin")

    with pytest.raises(UserInputError):
        users.set_role(store, "second", "viewer")


def test_a_changed_password_replaces_the_old_one(store, admin):
    users.change_password(store, "admin", "a new password")

    assert users.authenticate(store, "admin", "correct horse") is None
    assert users.authenticate(store, "admin", "a new password") is not None


def test_every_account_change_is_audited_with_who_made_it(store, admin):
    store.actor = "admin"
    users.create_account(store, "clerk1", "long enough", "clerk")
    users.set_role(store, "clerk1", "viewer")
    users.change_password(store, "clerk1", "another one!")
    users.disable_account(store, "clerk1")

    entries = list(AuditEntry.select().where(AuditEntry.entity == "user").order_by(AuditEntry.id))

    assert [(e.actor, e.action, e.field) for e in entries] == [
        ("setup", "create", "username"),
        ("setup", "create", "role"),
        ("admin", "create", "username"),
        ("admin", "create", "role"),
        ("admin", "update", "role"),
        ("admin", "password", "username"),
        ("admin", "update", "active"),
    ]
    assert not any("another one!" in (e.new_value or "") for e in entries)


def test_a_malformed_hash_never_verifies():
    assert not users.verify_password("anything", "plain-text")
    assert not users.verify_password("anything", "scrypt$16384$8$1$!!$!!")
