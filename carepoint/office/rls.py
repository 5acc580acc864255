"""A clerk limited to named villages or townships (issue 21, item 3).

The office records which codes an account may see (`clerk_scope`, on both engines). On PostgreSQL
the clerk also gets a login role of their own, and row-level security on every table with a
`village_code` column shows that role only the rows whose code starts with one of its codes, so
the limit holds in any SQL console too. The office's owner role owns the tables and is not
limited (PostgreSQL does not apply a table's policies to its owner). SQLite has no roles: there
the scope is only recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carepoint import audit, clock, dialect
from carepoint.binding import uses_store
from carepoint.db import Store
from carepoint.errors import UserInputError
from carepoint.i18n import _
from carepoint.permissions import require
from carepoint.session import Session

POLICY = "carepoint_clerk_scope"
# What a clerk may write of an audit entry: all but its number (carepoint/audit.py).
AUDIT_COLUMNS = ("at", "actor", "action", "entity", "entity_uuid", "field", "old_value",
                 "new_value", "change_id")  # fmt: skip
LAST_CHANGE = "carepoint_last_change"  # the newest audit number: replaced by CHANGE_MARK
CHANGE_MARK = "carepoint_change_mark"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_CODE = re.compile(r"^(\d{9}|\d{12})$")


@dataclass(frozen=True)
class ClerkScope:
    username: str
    db_role: str
    codes: tuple[str, ...]
    role_created: bool  # False on SQLite, or when the role was already there


def create_table(db) -> None:
    """Migration step: the scope rows (office-local, never travel in a package)."""
    db.execute_sql(
        """CREATE TABLE clerk_scope (
            id INTEGER PRIMARY KEY, username TEXT NOT NULL, db_role TEXT NOT NULL,
            code TEXT NOT NULL, granted_at TEXT NOT NULL, revoked_at TEXT)"""
    )
    db.execute_sql("CREATE INDEX clerk_scope_role ON clerk_scope (db_role, revoked_at)")


def _checked(codes: list[str], db_role: str) -> tuple[str, ...]:
    cleaned = tuple(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if not cleaned:
        raise UserInputError(_("Name at least one village or township code"))
    for code in cleaned:
        if not _CODE.match(code):
            raise UserInputError(
                _("{code} is not a township (9 digits) or village (12 digits) code").format(
                    code=code
                )
            )
    if not _ROLE_NAME.match(db_role) or db_role.startswith("pg_"):
        raise UserInputError(
            _(
                "A database role name is lower-case letters, digits and _ (at most 63), "
                "not starting with a digit or pg_; got {name}"
            ).format(name=db_role)
        )
    return cleaned


@uses_store
def current_scope(store: Store, username: str) -> tuple[str, tuple[str, ...]]:
    rows = store.db.execute_sql(
        "SELECT db_role, code FROM clerk_scope WHERE username = ? AND revoked_at IS NULL"
        " ORDER BY code",
        (username,),
    ).fetchall()
    return (rows[0][0] if rows else ""), tuple(code for _role, code in rows)


def within(scope: tuple[str, ...], code: str) -> bool:
    """Is a village (or township) `code` one a clerk with `scope` works on? No scope: all."""
    return not scope or any(code.startswith(own) for own in scope)


@uses_store
def set_clerk_scope(
    store: Store,
    username: str,
    codes: list[str],
    db_role: str,
    *,
    actor: Session,
    password: str | None = None,
) -> ClerkScope:
    """Limit `username` to `codes` (replacing any earlier scope), as database role `db_role` on
    PostgreSQL (created with `password` when new; its password changed when one is given)."""
    from carepoint import users
    from carepoint.models import User

    require(actor, "manage_accounts")
    wanted = _checked(codes, db_role)
    account = users.get_account(store, username)
    postgres = dialect.is_postgres(store.db)
    now = clock.utcnow().isoformat(sep=" ")
    with store.db.writing():
        old_role, old_codes = current_scope(store, account.username)
        taken = store.db.execute_sql(
            "SELECT username FROM clerk_scope WHERE db_role = ? AND username <> ?"
            " AND revoked_at IS NULL",
            (db_role, account.username),
        ).fetchone()
        if taken:
            raise UserInputError(
                _("The database role {name} is already the role of {username}").format(
                    name=db_role, username=taken[0]
                )
            )
        store.db.execute_sql(
            "UPDATE clerk_scope SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
            (now, account.username),
        )
        store.db.cursor().executemany(
            "INSERT INTO clerk_scope (username, db_role, code, granted_at) VALUES (?, ?, ?, ?)",
            [(account.username, db_role, code, now) for code in wanted],
        )
        created = _grant(store.db, db_role, password) if postgres else False
        user_uuid = User.get(User.username == account.username).uuid
        audit.record(
            store, "update", "clerk_scope", user_uuid,
            {"codes": (list(old_codes) or None, list(wanted)), "db_role": (old_role or None,
                                                                           db_role)},
        )  # fmt: skip
    return ClerkScope(account.username, db_role, wanted, created)


def _grant(db, role: str, password: str | None) -> bool:
    """The role and its grants (the policies are the migration step's), in the caller's
    transaction; True when created."""
    import psycopg
    from psycopg import sql

    cursor = db.cursor()._cursor  # PostgreSQL's own SQL, not translated
    name = sql.Identifier(role)
    exists = cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
    if not exists and not password:
        raise UserInputError(_("The new database role {name} needs a password").format(name=role))
    try:
        if not exists:
            cursor.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(name, sql.Literal(password))
            )
        elif password:
            cursor.execute(
                sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(name, sql.Literal(password))
            )
        _grants(cursor, name)
    except psycopg.errors.InsufficientPrivilege as error:
        raise UserInputError(
            _(
                "The office's database role may not create roles or policies ({reason}); give it "
                "CREATEROLE and ownership of the tables"
            ).format(reason=str(error).strip().splitlines()[0])
        ) from None
    return not exists


def _grants(cursor, name) -> None:
    from psycopg import sql

    database = cursor.execute("SELECT current_database()").fetchone()[0]
    cursor.execute(
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), name)
    )
    cursor.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name))
    cursor.execute(
        sql.SQL("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {}").format(name)
    )
    cursor.execute(sql.SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(name))
    # A sign-in that succeeds clears its count of failed tries (carepoint/sign_in_throttle.py);
    # the policies say which settings (carepoint/office/rls.py, create_office_policies).
    cursor.execute(sql.SQL("GRANT DELETE ON setting TO {}").format(name))
    # The office's keys and data version are read, never written, from a clerk's desk; of an
    # account only its password changes there; an audit entry takes the next number.
    for table in ("office_key", dialect.SCHEMA_TABLE):
        cursor.execute(sql.SQL("REVOKE INSERT, UPDATE ON {} FROM {}").format(
            sql.Identifier(table), name))  # fmt: skip
    cursor.execute(sql.SQL('REVOKE INSERT, UPDATE ON "user" FROM {}').format(name))
    cursor.execute(sql.SQL('GRANT UPDATE (password_hash, updated_at) ON "user" TO {}').format(name))
    cursor.execute(sql.SQL("REVOKE INSERT ON audit_entry FROM {}").format(name))
    cursor.execute(
        sql.SQL("GRANT INSERT ({}) ON audit_entry TO {}").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in AUDIT_COLUMNS), name)
    )  # fmt: skip
    # A clerk reads only their own scope and cannot widen it.
    cursor.execute(sql.SQL("REVOKE INSERT, UPDATE ON clerk_scope FROM {}").format(name))


def grant_clerks_again(cursor) -> list[str]:
    """After a restore (a dump carries no grants): the roles of the clerks' scopes get their
    grants back, so they read their villages again without the administrator's help."""
    from psycopg import sql

    roles = [row[0] for row in cursor.execute(
        "SELECT DISTINCT s.db_role FROM clerk_scope s JOIN pg_roles r ON r.rolname = s.db_role"
        " WHERE s.revoked_at IS NULL ORDER BY 1"
    ).fetchall()]  # fmt: skip
    for role in roles:
        _grants(cursor, sql.Identifier(role))
    return roles


def create_policies(db) -> None:
    """Migration step: on PostgreSQL, row-level security on clerk_scope and on every table with a
    village_code. It binds every role but the tables' owner (the office itself), so a role that
    has no scope reads nothing; made by a step, a backup's catalog matches what CarePoint wrote.
    A later step that adds a table with a village_code gives it the same policy."""
    if not dialect.is_postgres(db):
        return

    from psycopg import sql

    cursor = db.cursor()._cursor  # PostgreSQL's own SQL, not translated
    cursor.execute("ALTER TABLE clerk_scope ENABLE ROW LEVEL SECURITY")
    cursor.execute(f"CREATE POLICY {POLICY} ON clerk_scope USING (db_role = current_user)")
    tables = cursor.execute(
        "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t"
        " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = 'public' AND c.column_name = 'village_code'"
        " AND t.table_type = 'BASE TABLE' ORDER BY 1"
    ).fetchall()
    for (table,) in tables:
        ident = sql.Identifier(table)
        cursor.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(ident))
        _police_by_code(cursor, table, "{t}.village_code LIKE s.code || '%'")


_OWN_ACCOUNTS = (
    "(SELECT s.username FROM clerk_scope s WHERE s.db_role = current_user AND s.revoked_at IS NULL)"
)
_CHILD = "{t}.code LIKE s.code || '%'"  # a village's row, or a township's within the scope
_PARENT = "s.code LIKE {t}.code || '%'"  # the township over a clerk's villages: read only
# Office tables keyed by a code that is not called village_code.
_CODE_TABLES = ("township_village", "county_township")
# The only settings a clerk's desk writes: its window, its language, its own failed sign-ins.
_CLERK_SETTINGS = (
    "(key IN ('window_geometry', 'language') OR key IN (SELECT 'sign_in_failures:' ||"
    " lower(s.username) FROM clerk_scope s WHERE s.db_role = current_user"
    " AND s.revoked_at IS NULL))"
)


def create_office_policies(db) -> None:
    """Migration step: on PostgreSQL, the office's own tables limit a clerk's role too: the
    enrolled villages (and townships) by the clerk's codes, the township over them read only;
    the audit log to the entries made under the clerk's own account (its snapshots hold other
    villages' people), written only under that account; the accounts to the clerk's own (no
    other password hash to read; the role column not writable: see _grants); the settings
    readable, and writable only for the desk's own window and sign-in tries."""
    if not dialect.is_postgres(db):
        return
    cursor = db.cursor()._cursor  # PostgreSQL's own SQL, not translated
    for table in _CODE_TABLES:
        police_by_code(cursor, table)
    own = _OWN_ACCOUNTS
    cursor.execute("ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY")
    cursor.execute(f"CREATE POLICY {POLICY} ON audit_entry FOR SELECT USING (actor IN {own})")
    cursor.execute(
        f"CREATE POLICY {POLICY}_write ON audit_entry FOR INSERT WITH CHECK (actor IN {own})"
    )
    cursor.execute('ALTER TABLE "user" ENABLE ROW LEVEL SECURITY')
    cursor.execute(f'CREATE POLICY {POLICY} ON "user" FOR SELECT USING (username IN {own})')
    cursor.execute(
        f'CREATE POLICY {POLICY}_password ON "user" FOR UPDATE USING (username IN {own})'
        f" WITH CHECK (username IN {own})"
    )
    cursor.execute("ALTER TABLE setting ENABLE ROW LEVEL SECURITY")
    cursor.execute(f"CREATE POLICY {POLICY} ON setting FOR SELECT USING (true)")
    for command, clause in (("INSERT", "WITH CHECK ({c})"), ("UPDATE", "USING ({c}) WITH CHECK"
                            " ({c})"), ("DELETE", "USING ({c})")):  # fmt: skip
        cursor.execute(
            f"CREATE POLICY {POLICY}_{command.lower()} ON setting FOR {command} "
            + clause.format(c=_CLERK_SETTINGS)
        )
    # Every desk's window refreshes when anyone changed anything (audit.last_change): the newest
    # entry's number, which a clerk may know though the entry itself is not theirs to read.
    cursor.execute(
        f"CREATE FUNCTION {LAST_CHANGE}() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER"
        " SET search_path = public, pg_temp AS 'SELECT max(id) FROM audit_entry'"
    )
    grant_clerks_again(cursor)


def _police_by_code(cursor, table: str, condition: str, command: str = "") -> None:
    from psycopg import sql

    ident = sql.Identifier(table)
    name = POLICY + (f"_{command.split()[-1].lower()}" if command else "")
    cursor.execute(
        sql.SQL(
            "CREATE POLICY {} ON {} {} USING (EXISTS (SELECT 1 FROM clerk_scope s"
            " WHERE s.db_role = current_user AND s.revoked_at IS NULL AND {}))"
        ).format(sql.Identifier(name), ident, sql.SQL(command),
                 sql.SQL(condition.format(t=table)))  # fmt: skip
    )


def police_by_code(cursor, table: str) -> None:
    """Row-level security on an office table keyed by a village's or township's `code`: a
    clerk reads and writes the rows within their scope and reads the township over it."""
    from psycopg import sql

    cursor.execute(
        sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(table))
    )
    _police_by_code(cursor, table, _CHILD)
    _police_by_code(cursor, table, _PARENT, "FOR SELECT")


def create_change_mark(db) -> None:
    """Migration step, PostgreSQL only: the mark every desk compares to see another's change
    (audit.last_change), read through a function of the owner since a clerk reads only its own
    audit entries. It replaces the newest number alone, which missed an entry committed after a
    newer one had been seen."""
    if not dialect.is_postgres(db):
        return
    cursor = db.cursor()._cursor
    cursor.execute(
        f"CREATE FUNCTION {CHANGE_MARK}() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER"
        f" SET search_path = public, pg_temp AS $mark$ {audit.CHANGE_MARK_SQL} $mark$"
    )
    cursor.execute(f"DROP FUNCTION {LAST_CHANGE}()")


def police_new_table(db, table: str, *, village_rows: bool = False) -> None:
    """For a migration step that adds an office table keyed by a village's or township's `code`
    (or, `village_rows`, holding a village's rows under `village_code`, as the copies do): the
    same limit on clerks as the others, and the clerks' roles granted on it."""
    if not dialect.is_postgres(db):
        return
    cursor = db.cursor()._cursor
    if village_rows:
        from psycopg import sql

        cursor.execute(
            sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(sql.Identifier(table))
        )
        _police_by_code(cursor, table, "{t}.village_code LIKE s.code || '%'")
    else:
        police_by_code(cursor, table)
    grant_clerks_again(cursor)


def owns_tables(db) -> bool:
    """Is the connection's role the owner of the office's tables, which no policy limits (the
    desk that set the office up)? Always on SQLite."""
    if not dialect.is_postgres(db):
        return True
    row = db.cursor()._cursor.execute(
        "SELECT tableowner = current_user FROM pg_tables WHERE schemaname = 'public'"
        " AND tablename = 'setting'"
    ).fetchone()
    return row is None or bool(row[0])
