"""National search: backends, what is indexed, the reports library page and API.

The search tables are made by this layer's own DDL (FTS5 or tsvector); migrations apply it
through the hook registered here.
"""

from linkhub.platform.migration_hooks import register


def _install_sql(connection) -> None:
    from .backends import (
        install_sql,  # imported when a migration runs, not on every start
    )

    install_sql(connection)


register("search.install_sql", _install_sql)
