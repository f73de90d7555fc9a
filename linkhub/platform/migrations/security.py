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

POLICY = (
    "network_id = NULLIF(current_setting('app.network_id', true), '')::integer "
    "OR current_setting('app.platform', true) = 'on'"
)


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


def apply_database_security(
    connection,
    app_role: str | None,
    app_password: str | None,
    federation_role: str | None = None,
    federation_password: str | None = None,
) -> None:
    role = app_role or "linkhub_app"
    quoted = _ensure_role(connection, role, app_password)
    schema = connection.scalar(text("SELECT current_schema()"))
    qschema = _quote(connection, schema)
    connection.execute(text(f"GRANT USAGE ON SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {qschema} FROM {quoted}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"REVOKE ALL ON alembic_version FROM {quoted}"))
    for table in _existing(connection, tenant_tables()):
        qtable = _quote(connection, table)
        connection.execute(text(f"ALTER TABLE {qtable} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {qtable} FORCE ROW LEVEL SECURITY"))
        connection.execute(text(f"DROP POLICY IF EXISTS tenant_isolation ON {qtable}"))
        connection.execute(text(f"CREATE POLICY tenant_isolation ON {qtable} USING ({POLICY}) WITH CHECK ({POLICY})"))
    for table in _existing(connection, tenant_tables()):  # nobody reaches tenant rows through a grant to everyone
        connection.execute(text(f"REVOKE ALL ON {_quote(connection, table)} FROM PUBLIC"))
    apply_federation_role(connection, federation_role or "linkhub_federation", federation_password, qschema)


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
    lane = " OR ".join(f"starts_with(event_type, '{prefix}')" for prefix in FEDERATION_EVENT_PREFIXES)
    connection.execute(text("ALTER TABLE outbox_events ENABLE ROW LEVEL SECURITY"))  # not FORCE: the owner sees all
    connection.execute(text("DROP POLICY IF EXISTS outbox_not_federation ON outbox_events"))
    connection.execute(text("DROP POLICY IF EXISTS outbox_federation ON outbox_events"))
    role_literal = "'" + role.replace("'", "''") + "'"
    connection.execute(
        text(
            f"CREATE POLICY outbox_not_federation ON outbox_events "
            f"USING (current_user <> {role_literal}) WITH CHECK (current_user <> {role_literal})"
        )
    )
    connection.execute(
        text(
            f"CREATE POLICY outbox_federation ON outbox_events TO {quoted} "
            f"USING (network_id IS NULL OR {lane}) WITH CHECK (network_id IS NULL OR {lane})"
        )
    )
