"""Alembic environment: one migration chain for SQLite and PostgreSQL.

After every upgrade on PostgreSQL, :mod:`linkhub.platform.migrations.security` (re)applies the
database-side tenancy: the application role, its grants (no TRUNCATE) and forced row-level
security with the tenant policy on every tenant table, and the federation role with grants on
the federation store only. Doing it here, from the models, means a new tenant table cannot be
forgotten (nor granted to the federation side).
"""

from alembic import context
from sqlalchemy import create_engine, pool

from linkhub.platform.db import db
from linkhub.platform.discovery import import_models
from linkhub.platform.migrations.security import apply_database_security

import_models()
config = context.config
target_metadata = db.metadata


def include_object(obj, name, type_, reflected, compare_to):
    """Search tables are created by the search layer's own DDL (FTS5, tsvector): autogenerate
    must not try to drop or alter them."""
    table = obj.name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not (table or "").startswith("search_")


def run_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online():
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
            if connection.dialect.name == "postgresql" and not context.is_offline_mode():
                apply_database_security(
                    connection,
                    config.attributes.get("app_role"),
                    config.attributes.get("app_password"),
                    config.attributes.get("federation_role"),
                    config.attributes.get("federation_password"),
                    config.attributes.get("platform_role"),
                    config.attributes.get("platform_password"),
                )


if context.is_offline_mode():
    run_offline()
else:
    run_online()
