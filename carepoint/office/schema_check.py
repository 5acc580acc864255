"""Only the schema CarePoint wrote, on PostgreSQL (issues 17 and 21): a database's catalog
(schemas, tables and columns, constraints, indexes, triggers, functions with their bodies, rules,
views, row-level policies, types, operators, collations, extensions, event triggers) compared with
the catalog of a database freshly made by the migration steps up to the same version. A dump that
brings a rule swallowing audit entries, or a trigger function whose body was replaced, differs."""

from __future__ import annotations

from carepoint.i18n import N_, _

_OURS = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
# kind → SQL giving (name, definition) rows
_CATALOG = {
    N_("schema"): f"SELECT n.nspname, '' FROM pg_namespace n WHERE {_OURS}",
    N_("table"): "SELECT n.nspname || '.' || c.relname,"
    " c.relkind::text || ' rls=' || c.relrowsecurity || ' force=' || c.relforcerowsecurity"
    " FROM pg_class c JOIN pg_namespace n"
    f" ON n.oid = c.relnamespace WHERE {_OURS} AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p')",
    N_("column"): "SELECT n.nspname || '.' || c.relname || '.' || a.attname,"
    " format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull || ' #' || a.attnum"
    " || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
    " || coalesce(' collate ' || co.collname, '') || ' gen=' || a.attgenerated::text"
    " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
    " LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100"
    f" WHERE {_OURS} AND a.attnum > 0 AND NOT a.attisdropped"
    " AND c.relkind IN ('r', 'v', 'm', 'f', 'p')",
    N_("constraint"): "SELECT n.nspname || '.' || c.conrelid::regclass || '.' || c.conname,"
    " pg_get_constraintdef(c.oid) FROM pg_constraint c"
    f" JOIN pg_namespace n ON n.oid = c.connamespace WHERE {_OURS}",
    N_("index"): "SELECT schemaname || '.' || indexname, indexdef FROM pg_indexes n"
    " WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'",
    N_("trigger"): "SELECT n.nspname || '.' || c.relname || '.' || t.tgname,"
    " pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text FROM pg_trigger t"
    " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
    f" WHERE {_OURS} AND NOT t.tgisinternal",
    N_("function"): "SELECT n.nspname || '.' || p.proname || '('"
    " || pg_get_function_identity_arguments(p.oid) || ')', p.prokind::text || ' '"
    " || pg_get_function_result(p.oid) || ' lang=' || l.lanname || ' secdef=' || p.prosecdef"
    " || ' vol=' || p.provolatile::text"
    " || ' config=' || coalesce(array_to_string(p.proconfig, ','), '')"
    " || ' body=' || coalesce(p.prosrc, '') || coalesce(' ' || a.aggtransfn::regproc::text, '')"
    " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
    " JOIN pg_language l ON l.oid = p.prolang"
    f" LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid WHERE {_OURS}",
    N_("rule"): "SELECT schemaname || '.' || tablename || '.' || rulename, definition"
    " FROM pg_rules n WHERE schemaname NOT LIKE 'pg\\_%'"
    " AND schemaname <> 'information_schema'",
    N_("view"): "SELECT schemaname || '.' || viewname, definition FROM pg_views"
    " WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema'",
    N_("policy"): "SELECT schemaname || '.' || tablename || '.' || policyname, permissive"
    " || ' ' || cmd || ' ' || roles::text || ' ' || coalesce(qual, '') || ' '"
    " || coalesce(with_check, '') FROM pg_policies",
    N_("type"): "SELECT n.nspname || '.' || t.typname, t.typtype::text FROM pg_type t"
    f" JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {_OURS}"
    " AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')"
    " AND t.typelem = 0",
    N_("operator"): "SELECT o.oid::regoperator::text, o.oprcode::text FROM pg_operator o"
    f" JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE {_OURS}",
    N_("collation"): "SELECT n.nspname || '.' || c.collname, c.collprovider::text || ' '"
    " || c.collisdeterministic FROM pg_collation c JOIN pg_namespace n"
    f" ON n.oid = c.collnamespace WHERE {_OURS}",
    N_("extension"): "SELECT extname, '' FROM pg_extension",
    N_("event trigger"): "SELECT evtname, evtevent || ' ' || evtenabled::text || ' '"
    " || evtfoid::regproc::text FROM pg_event_trigger",
}


def catalog(conn) -> dict[str, dict[str, str]]:
    """kind → {name: definition} of everything a database's schema holds (psycopg connection)."""
    return {kind: dict(conn.execute(sql).fetchall()) for kind, sql in _CATALOG.items()}


def differences(expected: dict[str, dict[str, str]], found: dict[str, dict[str, str]]) -> list[str]:
    """What `found` holds that `expected` does not, lacks, or holds otherwise; one line each."""
    problems = []
    for kind in _CATALOG:
        want, have = expected.get(kind, {}), found.get(kind, {})
        label = _(kind)
        for name in sorted(have.keys() - want.keys()):
            problems.append(
                _("a {kind} {name} that CarePoint did not create").format(kind=label, name=name)
            )
        for name in sorted(want.keys() - have.keys()):
            problems.append(_("the {kind} {name} is missing").format(kind=label, name=name))
        for name in sorted(k for k in want.keys() & have.keys() if want[k] != have[k]):
            problems.append(
                _("the {kind} {name} differs from what CarePoint wrote").format(
                    kind=label, name=name
                )
            )
    return problems


_reference: dict[tuple[str, int], dict[str, dict[str, str]]] = {}


def migrated_catalog(url: str, version: int, scratch) -> dict[str, dict[str, str]]:
    """The catalog the migration steps 1…`version` create in an empty database on the same server
    (made in the scratch database `scratch(suffix)` gives; kept for the rest of the process)."""
    from carepoint import migrations
    from carepoint.office.postgres import describe, open_postgres, password_for, prepare

    key = (describe(url)[1], version)
    if key not in _reference:
        with scratch("ref") as name:
            db = open_postgres(url.rsplit("/", 1)[0] + "/" + name, password=password_for(url))
            try:
                prepare(db)
                migrations.upgrade(db, migrations.STEPS[:version])
                _reference[key] = catalog(db.connection())
            finally:
                db.close()
    return _reference[key]
