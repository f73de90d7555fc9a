"""Database-side tenancy on PostgreSQL: the application role, grants and row-level security, and
the federation role that cannot read tenant tables.

Run after every upgrade (env.py), as the owner. Everything is derived from the models, so a new
tenant table gets row-level security, and is never granted to the federation role, by existing.
"""

from __future__ import annotations

from sqlalchemy import text

from linkhub.platform.outbox import FEDERATION_EVENT_PREFIXES
from linkhub.platform.tenancy import TenantMixin

# A model of the federation store says so with ``__lane__ = FEDERATION_LANE`` (the platform names
# no other layer's package; the lane is a platform notion, see linkhub.platform.lanes).
FEDERATION_LANE = "federation"
# Platform tables the federation lane's handlers need, and no more: not users, memberships,
# tokens, the audit log or search documents.
FEDERATION_PLATFORM_GRANTS = {
    "networks": "SELECT",  # the sharing network's region and name
    "outbox_events": "SELECT, INSERT, UPDATE",  # its own events (row policy below) and those it emits
    "outbox_handled": "SELECT, INSERT",  # the handlers' idempotency keys
}
# The federation store belongs to the federation side; nothing is ever deleted from it.
FEDERATION_STORE_PRIVILEGES = "SELECT, INSERT, UPDATE"

# The network in scope: set per transaction by the application (linkhub.platform.tenancy).
NETWORK = "NULLIF(current_setting('app.network_id', true), '')::integer"
# The one way the application role sees beyond it: a grant row naming this very transaction,
# which only the platform role can write (evaluated once per statement: an InitPlan).
GRANTED = "(SELECT linkhub_platform_granted())"
POLICY = f"network_id = {NETWORK} OR {GRANTED}"
# Rows the application role may add for no network (a federation log line of the group).
NULL_INSERT = f"network_id IS NULL OR {POLICY}"

# Tables read before any network is known, by the SHA-256 of a secret: each gets a function
# that returns the row with that digest and nothing else.
DIGEST_LOOKUPS = ("api_tokens", "calendar_feeds", "invitations")
GRANTS_TABLE = "platform_grants"
APPEND_ONLY = ("audit_events",)


def tenant_tables() -> list[str]:
    from linkhub.platform.db import db

    tables = []
    for mapper in db.Model.registry.mappers:
        if issubclass(mapper.class_, TenantMixin) and mapper.local_table is not None:
            tables.append(mapper.local_table.name)
    return sorted(set(tables))


def federation_tables() -> list[str]:
    """The federation store: every table of a model marked ``__lane__ = "federation"`` that is not
    a tenant table (``share_requests`` is one: it lives inside the network's walls)."""
    from linkhub.platform.db import db

    tables = set()
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        if (
            getattr(cls, "__lane__", None) == FEDERATION_LANE
            and not issubclass(cls, TenantMixin)
            and mapper.local_table is not None
        ):
            tables.add(mapper.local_table.name)
    return sorted(tables)


def federation_grants() -> dict[str, str]:
    """Table -> privileges of the federation role. Never a tenant table (asserted)."""
    grants = {table: FEDERATION_STORE_PRIVILEGES for table in federation_tables()}
    grants.update(FEDERATION_PLATFORM_GRANTS)
    leaked = set(grants) & set(tenant_tables())
    if leaked:
        raise RuntimeError(f"the federation role must not be granted tenant tables: {sorted(leaked)}")
    return grants


def _existing(connection, tables: list[str]) -> list[str]:
    """The tables the database has now. The models may be ahead of it: after a downgrade (run
    with today's code) a table they define can be gone, and there is nothing to secure."""
    return [t for t in tables if connection.scalar(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": t})]


def _quote(connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def _ensure_role(connection, role: str, password: str | None) -> str:
    """Create the login role if missing (roles are cluster-wide: several databases share them)."""
    quoted = _quote(connection, role)
    found = connection.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).first()
    if found is None:
        connection.execute(text(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"))
    elif found.rolsuper or found.rolbypassrls:
        # Never a superuser or BYPASSRLS, whatever someone did to the role by hand. (Only
        # altered when needed: a managed database's owner may not change these attributes.)
        connection.execute(text(f"ALTER ROLE {quoted} NOSUPERUSER NOBYPASSRLS"))
    if password:
        connection.execute(text(f"ALTER ROLE {quoted} PASSWORD :p").bindparams(p=password))
    return quoted


def network_tables(connection) -> list[str]:
    """Every table of the schema with a ``network_id`` column, from the catalog (not the models:
    a table someone adds by hand is covered too)."""
    return list(
        connection.scalars(
            text(
                "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attname = 'network_id' "
                "AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND n.nspname = current_schema() "
                "ORDER BY c.relname"
            )
        )
    )


def apply_database_security(
    connection,
    app_role: str | None,
    app_password: str | None,
    federation_role: str | None = None,
    federation_password: str | None = None,
    platform_role: str | None = None,
    platform_password: str | None = None,
) -> None:
    role = app_role or "linkhub_app"
    quoted = _ensure_role(connection, role, app_password)
    schema = connection.scalar(text("SELECT current_schema()"))
    qschema = _quote(connection, schema)
    owner = _quote(connection, connection.scalar(text("SELECT current_user")))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {qschema} FROM {quoted}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"REVOKE ALL ON alembic_version FROM {quoted}"))
    has_grants = bool(_existing(connection, [GRANTS_TABLE]))
    if has_grants:
        connection.execute(text(f"REVOKE ALL ON {GRANTS_TABLE} FROM {quoted}, PUBLIC"))
        _platform_functions(connection, qschema, quoted)
    for table in _existing(connection, list(APPEND_ONLY)):
        _append_only(connection, table, quoted)
    tables = network_tables(connection)
    federation = set(federation_tables())
    fed_role = federation_role or "linkhub_federation"
    apply_federation_role(connection, fed_role, federation_password, qschema)
    qfed = _quote(connection, fed_role)
    for table in tables:
        qtable = _quote(connection, table)
        connection.execute(text(f"ALTER TABLE {qtable} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {qtable} FORCE ROW LEVEL SECURITY"))
        for (policy,) in connection.execute(
            text("SELECT policyname FROM pg_policies WHERE schemaname = current_schema() AND tablename = :t"),
            {"t": table},
        ):
            connection.execute(text(f"DROP POLICY {_quote(connection, policy)} ON {qtable}"))
        # The owner (migrations, the SECURITY DEFINER functions below) sees every row.
        connection.execute(text(f"CREATE POLICY owner_all ON {qtable} TO {owner} USING (true) WITH CHECK (true)"))
        for name, command, using, check in _app_policies(table, table in federation, has_grants):
            clause = f"CREATE POLICY {name} ON {qtable} FOR {command} TO {quoted}"
            if using is not None:
                clause += f" USING ({using})"
            if check is not None:
                clause += f" WITH CHECK ({check})"
            connection.execute(text(clause))
        if table in federation:
            connection.execute(
                text(f"CREATE POLICY federation_lane ON {qtable} TO {qfed} USING (true) WITH CHECK (true)")
            )
        connection.execute(text(f"REVOKE ALL ON {qtable} FROM PUBLIC"))
    if "outbox_events" in tables:
        _outbox_federation_policy(connection, fed_role)
    for table in _existing(connection, tenant_tables()):  # nobody reaches tenant rows through a grant to everyone
        connection.execute(text(f"REVOKE ALL ON {_quote(connection, table)} FROM PUBLIC"))
    if has_grants:
        apply_platform_role(connection, platform_role or "linkhub_platform", platform_password, qschema)


def _app_policies(table: str, federation: bool, granted: bool = True):
    """(name, command, USING, WITH CHECK) of the application role on one table with network_id.

    ``granted`` False: a database at a revision before platform grants (an intermediate upgrade):
    the network alone."""
    if not granted:
        return [("tenant_isolation", "ALL", f"network_id = {NETWORK}", f"network_id = {NETWORK}")]
    if table in APPEND_ONLY:  # read in scope, add (also platform-wide rows), never change
        return [("app_read", "SELECT", POLICY, None), ("app_add", "INSERT", None, POLICY)]
    if federation:
        # The federation store records which network did what in a space several networks share
        # (group members, acceptances, approvals, the approval log): every member network and
        # national readers are shown them, so reading is open; a network writes only its own.
        return [
            ("app_read", "SELECT", "true", None),
            ("app_add", "INSERT", None, NULL_INSERT),
            ("app_change", "UPDATE", POLICY, POLICY),
            ("app_remove", "DELETE", POLICY, None),
        ]
    return [("tenant_isolation", "ALL", POLICY, POLICY)]


def _platform_functions(connection, qschema: str, app: str) -> None:
    path = f"SET search_path = {qschema}, pg_catalog, pg_temp"
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION linkhub_platform_granted() RETURNS boolean LANGUAGE sql STABLE "
            f"SECURITY DEFINER {path} AS $$ SELECT EXISTS (SELECT 1 FROM platform_grants "
            "WHERE xid = pg_current_xact_id_if_assigned() AND pid = pg_backend_pid()) $$"  # nosec B608 # constant names; values are bound
        )
    )
    connection.execute(text("DROP FUNCTION IF EXISTS linkhub_roles_of(integer, integer)"))
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION linkhub_roles_of(person integer, network integer, today date) "
            f"RETURNS text LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$ SELECT string_agg(role, ',') "
            "FROM memberships WHERE user_id = person AND network_id = network "
            "AND (access_ends_on IS NULL OR access_ends_on > today) $$"  # nosec B608 # constant names; values are bound
        )
    )
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION linkhub_memberships_of(person integer) RETURNS SETOF memberships "
            f"LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$ SELECT * FROM memberships WHERE user_id = person $$"  # nosec B608 # constant names; values are bound
        )
    )
    functions = [
        "linkhub_platform_granted()",
        "linkhub_roles_of(integer, integer, date)",
        "linkhub_memberships_of(integer)",
    ]
    for table in _existing(connection, list(DIGEST_LOOKUPS)):
        connection.execute(
            text(
                f"CREATE OR REPLACE FUNCTION linkhub_lookup_{table}(digest text) RETURNS SETOF {table} "
                f"LANGUAGE sql STABLE SECURITY DEFINER {path} AS $$ SELECT * FROM {table} "
                "WHERE token_hash = digest $$"  # nosec B608 # constant names; values are bound
            )
        )
        functions.append(f"linkhub_lookup_{table}(text)")
    for function in functions:
        connection.execute(text(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC"))
        connection.execute(text(f"GRANT EXECUTE ON FUNCTION {function} TO {app}"))


def _append_only(connection, table: str, app: str) -> None:
    """INSERT and SELECT only for the application role, and a trigger that refuses UPDATE and
    DELETE by anyone but the table's owner (a cascade from a deleted network runs as the owner)."""
    qtable = _quote(connection, table)
    connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {qtable} FROM {app}"))
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION linkhub_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') "
            "THEN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP "
            "USING ERRCODE = 'insufficient_privilege'; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
        )
    )
    connection.execute(text(f"DROP TRIGGER IF EXISTS append_only ON {qtable}"))
    connection.execute(
        text(
            f"CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON {qtable} "
            "FOR EACH ROW EXECUTE FUNCTION linkhub_refuse_change()"
        )
    )


def apply_platform_role(connection, role: str, password: str | None, qschema: str) -> None:
    """The platform role: it can write and remove grants and nothing else (no table, no data)."""
    quoted = _ensure_role(connection, role, password)
    for (member_of,) in connection.execute(
        text(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :r"
        ),
        {"r": role},
    ):
        connection.execute(text(f"REVOKE {_quote(connection, member_of)} FROM {quoted}"))
    connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {qschema} FROM {quoted}"))
    connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {qschema} FROM {quoted}"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"GRANT SELECT, INSERT, DELETE ON {GRANTS_TABLE} TO {quoted}"))


def apply_federation_role(connection, role: str, password: str | None, qschema: str) -> None:
    """The federation lane's role: the federation store and a few platform tables, nothing else.

    Everything is revoked first, so a table that stopped being granted (or a grant made by hand)
    does not linger; memberships in other roles are revoked too, since they would carry their
    grants. On outbox_events a row policy lets it see only federation events and platform-wide
    ones (no network): other events' payloads can carry a network's data (e-mails, feedback).
    """
    quoted = _ensure_role(connection, role, password)
    for (member_of,) in connection.execute(
        text(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :r"
        ),
        {"r": role},
    ):
        connection.execute(text(f"REVOKE {_quote(connection, member_of)} FROM {quoted}"))
    connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {qschema} FROM {quoted}"))
    connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {qschema} FROM {quoted}"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA {qschema} TO {quoted}"))
    grants = federation_grants()
    present = set(_existing(connection, list(grants)))
    for table, privileges in ((t, p) for t, p in grants.items() if t in present):
        connection.execute(text(f"GRANT {privileges} ON {_quote(connection, table)} TO {quoted}"))
    writable = [t for t, privileges in grants.items() if "INSERT" in privileges]
    for (sequence,) in connection.execute(
        text(
            "SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
            "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE s.relkind = 'S' AND n.nspname = current_schema() AND t.relname = ANY(:t)"
        ),
        {"t": writable},
    ):
        connection.execute(text(f"GRANT USAGE ON SEQUENCE {_quote(connection, sequence)} TO {quoted}"))


def _outbox_federation_policy(connection, role: str) -> None:
    """On outbox_events the federation role sees only federation events and platform-wide ones
    (no network): other events' payloads can carry a network's data (e-mails, feedback)."""
    quoted = _quote(connection, role)
    lane = " OR ".join(f"starts_with(event_type, '{prefix}')" for prefix in FEDERATION_EVENT_PREFIXES)
    connection.execute(text("DROP POLICY IF EXISTS outbox_not_federation ON outbox_events"))
    connection.execute(text("DROP POLICY IF EXISTS outbox_federation ON outbox_events"))
    connection.execute(
        text(
            f"CREATE POLICY outbox_federation ON outbox_events TO {quoted} "
            f"USING (network_id IS NULL OR {lane}) WITH CHECK (network_id IS NULL OR {lane})"
        )
    )
