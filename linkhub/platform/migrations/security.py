"""Database-side tenancy on PostgreSQL: the application role, grants and row-level security."""
from __future__ import annotations

from sqlalchemy import text

from linkhub.platform.tenancy import TenantMixin

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


def _quote(connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def apply_database_security(connection, app_role: str | None, app_password: str | None) -> None:
    role = app_role or "linkhub_app"
    quoted = _quote(connection, role)
    found = connection.execute(text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if found is None:
        connection.execute(text(f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"))
    elif found.rolsuper or found.rolbypassrls:
        # Never a superuser or BYPASSRLS, whatever someone did to the role by hand. (Only
        # altered when needed: a managed database's owner may not change these attributes.)
        connection.execute(text(f"ALTER ROLE {quoted} NOSUPERUSER NOBYPASSRLS"))
    if app_password:
        connection.execute(text(f"ALTER ROLE {quoted} PASSWORD :p").bindparams(p=app_password))
    schema = connection.scalar(text("SELECT current_schema()"))
    qschema = _quote(connection, schema)
    connection.execute(text(f"GRANT USAGE ON SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {qschema} FROM {quoted}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {qschema} TO {quoted}"))
    connection.execute(text(f"REVOKE ALL ON alembic_version FROM {quoted}"))
    for table in tenant_tables():
        qtable = _quote(connection, table)
        connection.execute(text(f"ALTER TABLE {qtable} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {qtable} FORCE ROW LEVEL SECURITY"))
        connection.execute(text(f"DROP POLICY IF EXISTS tenant_isolation ON {qtable}"))
        connection.execute(text(f"CREATE POLICY tenant_isolation ON {qtable} USING ({POLICY}) WITH CHECK ({POLICY})"))
