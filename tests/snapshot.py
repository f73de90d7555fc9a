"""The test world, built once per database kind and restored before each test that asks for it.

Building the world through the services (two networks, their people, tokens and every domain's
records in ``tests/worlds``) took 1.5 s on SQLite and 3 s on PostgreSQL, and truncating every
table another second: most of the suite's time. Now:

- SQLite: the world is built once into a copy of the migrated template; a test copies that file.
- PostgreSQL: the world's rows are copied once into the ``world_snapshot`` schema; before a test
  the tables that hold rows are emptied, sequences that moved are set back, and the snapshot's
  rows are put back, so ids are the same as a fresh build's.
- The ``SimpleNamespace`` a test gets is the same shape as ``build_world()``'s: its networks and
  users are loaded again, by id, in the test's own session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import inspect, text

SNAPSHOT_SCHEMA = "world_snapshot"


@dataclass(frozen=True)
class PgSnapshot:
    columns: dict[str, list[str]] = field(default_factory=dict)  # table -> insertable columns
    sequences: dict[str, int] = field(default_factory=dict)  # sequence -> last value


def freeze(value):
    """The world as plain values: ORM rows become (class, primary key)."""
    from linkhub.platform.db import db

    if isinstance(value, SimpleNamespace):
        return ("ns", {k: freeze(v) for k, v in vars(value).items()})
    if isinstance(value, dict):
        return ("dict", {k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return (type(value).__name__, [freeze(v) for v in value])
    if isinstance(value, db.Model):
        return ("row", type(value), inspect(value).identity)
    if value is None or isinstance(value, str | int | float | bool | date | datetime):
        return ("value", value)
    raise TypeError(f"the test world holds a {type(value).__name__}: teach tests/snapshot.py to keep it")


def thaw(frozen):
    from linkhub.platform.db import db

    kind, payload, *rest = frozen
    if kind == "ns":
        return SimpleNamespace(**{k: thaw(v) for k, v in payload.items()})
    if kind == "dict":
        return {k: thaw(v) for k, v in payload.items()}
    if kind in ("list", "tuple"):
        items = [thaw(v) for v in payload]
        return items if kind == "list" else tuple(items)
    if kind == "row":
        row = db.session.get(payload, rest[0])
        assert row is not None, f"{payload.__name__} {rest[0]} is not readable outside a network scope"
        return row
    return payload


def _tables(conn) -> list[str]:
    return list(
        conn.scalars(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        )
    )


def _with_rows(conn, tables: list[str]) -> set[str]:
    if not tables:
        return set()
    probe = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM public.\"{t}\")" for t in tables)
    return set(conn.scalars(text(probe)))


def _used_sequences(conn) -> dict[str, int]:
    rows = conn.execute(
        text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL")
    )
    return {name: value for name, value in rows}


def take_pg_snapshot(engine) -> PgSnapshot:
    """Copy every table with rows into the snapshot schema (the owner engine, AUTOCOMMIT)."""
    with engine.connect() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}"))
        columns = {}
        for table in sorted(_with_rows(conn, _tables(conn))):
            # Generated columns are computed again on insert; everything else is copied as stored.
            columns[table] = list(
                conn.scalars(
                    text(
                        "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 "
                        "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
                    ),
                    {"t": f'public."{table}"'},
                )
            )
            conn.execute(text(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS SELECT * FROM public."{table}"'))
        return PgSnapshot(columns=columns, sequences=_used_sequences(conn))


def restore_pg(engine, snapshot: PgSnapshot) -> None:
    """Put the database back to the snapshot (an empty one: no rows, every sequence at its start).

    DELETE, not TRUNCATE: on tables of a few rows it is ten times faster (TRUNCATE makes new files
    for every table). Foreign keys and triggers (the append-only audit trigger, the running counts)
    do not fire while rows are taken out and put back: every table with rows is emptied, and the
    snapshot's rows go back exactly as they were."""
    with engine.connect() as conn:
        dirty = _with_rows(conn, _tables(conn)) | set(snapshot.columns)
        statements = ["SET session_replication_role = replica"]
        statements += [f'DELETE FROM public."{t}"' for t in sorted(dirty)]
        used = _used_sequences(conn)
        for sequence in sorted(set(used) | set(snapshot.sequences)):
            wanted = snapshot.sequences.get(sequence)
            if used.get(sequence) != wanted:
                statements.append(
                    f'ALTER SEQUENCE public."{sequence}" RESTART'
                    if wanted is None
                    else f"SELECT setval('public.\"{sequence}\"', {wanted})"
                )
        for table, cols in snapshot.columns.items():
            names = ", ".join(f'"{c}"' for c in cols)
            statements.append(
                f'INSERT INTO public."{table}" ({names}) OVERRIDING SYSTEM VALUE '
                f'SELECT {names} FROM {SNAPSHOT_SCHEMA}."{table}"'
            )
        try:
            conn.exec_driver_sql(";\n".join(statements))
        finally:
            conn.exec_driver_sql("RESET session_replication_role")
