"""PostgreSQL reindex: build a shadow table, then swap it in, in one short transaction.

Why not rewrite `search_documents` in place: every inserted row then updates two large GIN
indexes, which made a rebuild crawl (284 documents/s), and one transaction over a million rows
cannot be resumed. Instead:

1. `search_documents_next` is created LIKE the live table (generated `tsv` and
   columns, defaults, storage) with only its `doc_id` key, and the live table's grants,
   so workers can write to it. Its table comment records the outbox position when the rebuild
   began (see 4).
2. Documents stream in, committed a chunk at a time. Interrupted, the next run finds the shadow
   table and resumes: sources yield in a stable order, so it skips what is there (less one
   chunk, rewritten harmlessly).
3. The indexes are built once, after loading (much faster than maintaining them row by row),
   and the table is analysed.
4. The swap transaction takes the index-state row lock that every search handler takes first,
   so no handler writes meanwhile; it re-applies the newest search event of every document
   changed since the rebuild began (a report unpublished after the sources were read must not
   come back), then drops the old table and renames the shadow table and its indexes.
   Readers see the old index until the commit and the new one after it.

While the shadow table exists, live index writes go to both tables (`PostgresBackend._upsert`
and `delete_on`), as the OpenSearch backend writes to both indices during its reindex.
Creating a table needs the schema owner: the backend runs this on its `owner_engine` (the
`LINKHUB_DATABASE_URL` that `linkhub db upgrade` uses), not the application role.
"""

from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..documents import SearchDocument
from .base import Progress
from .sql import doc_row, documents, index_state, upsert

LIVE, SHADOW = "search_documents", "search_documents_next"
shadow = documents.to_metadata(sa.MetaData(), name=SHADOW)

# (conn, outbox id when the rebuild began) -> (doc_id, document or None to delete), oldest first
CatchUp = Callable[[Connection, int], Iterable[tuple[str, SearchDocument | None]]]


def shadow_exists(conn: Connection) -> bool:
    return conn.scalar(sa.text("SELECT to_regclass(:t) IS NOT NULL"), {"t": SHADOW})


def _create_shadow(conn: Connection, mark: int, columns_ddl: list[str]) -> None:
    conn.exec_driver_sql(
        f"CREATE TABLE {SHADOW} (LIKE {LIVE} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING STORAGE)"
    )
    conn.exec_driver_sql(f"ALTER TABLE {SHADOW} ADD CONSTRAINT {SHADOW}_doc_id_key UNIQUE (doc_id)")
    for ddl in columns_ddl:  # idempotent; brings the statistics target the LIKE leaves out
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql(f"COMMENT ON TABLE {SHADOW} IS 'linkhub reindex since outbox {int(mark)}'")
    grants = conn.execute(
        sa.text(
            "SELECT a.grantee::regrole::text AS grantee, string_agg(a.privilege_type, ', ') AS privileges "
            "FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = CAST(:t AS regclass) "
            "AND a.grantee <> c.relowner AND a.grantee <> 0 GROUP BY a.grantee"
        ),
        {"t": LIVE},
    ).all()
    quote = conn.dialect.identifier_preparer.quote
    for grantee, privileges in grants:
        conn.exec_driver_sql(f"GRANT {privileges} ON {SHADOW} TO {quote(grantee.strip(chr(34)))}")


def _mark(conn: Connection) -> int:
    comment = conn.scalar(sa.text("SELECT obj_description(CAST(:t AS regclass), 'pg_class')"), {"t": SHADOW}) or ""
    return int(comment.rsplit(" ", 1)[-1]) if comment.startswith("linkhub reindex") else 0


def rebuild(
    engine: Engine,
    docs: Iterable[SearchDocument],
    *,
    mark: int,
    columns_ddl: list[str],
    indexes_ddl: list[str],
    progress: Progress | None = None,
    catch_up: CatchUp | None = None,
    chunk_size: int = 1000,
) -> tuple[int, int]:
    """Returns (documents written including those resumed over, documents resumed over)."""
    with engine.begin() as conn:
        if shadow_exists(conn):
            skip = max(0, conn.scalar(sa.text(f"SELECT count(*) FROM {SHADOW}")) - chunk_size)  # nosec B608 # constant names; values are bound
        else:
            _create_shadow(conn, mark, columns_ddl)
            skip = 0
    written, it = skip, islice(iter(docs), skip, None)
    while chunk := list(islice(it, chunk_size)):
        with engine.begin() as conn:
            upsert(conn, shadow, list({d.doc_id: doc_row(d) for d in chunk}.values()))
        written += len(chunk)
        if progress:
            progress(written)
    with engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        conn.exec_driver_sql(f"ALTER TABLE {SHADOW} DROP CONSTRAINT IF EXISTS {SHADOW}_pkey")
        conn.exec_driver_sql(f"ALTER TABLE {SHADOW} ADD CONSTRAINT {SHADOW}_pkey PRIMARY KEY (id)")
        for ddl in indexes_ddl:
            conn.exec_driver_sql(ddl)
        conn.exec_driver_sql(f"ANALYZE {SHADOW}")
    _swap(engine, catch_up)
    return written, skip


def _swap(engine: Engine, catch_up: CatchUp | None) -> None:
    with engine.begin() as conn:
        conn.execute(sa.select(index_state.c.id).where(index_state.c.id == 1).with_for_update())
        for doc_id, doc in catch_up(conn, _mark(conn)) if catch_up else ():
            if doc is None:
                conn.execute(shadow.delete().where(shadow.c.doc_id == doc_id))
            else:
                upsert(conn, shadow, [doc_row(doc)])
        conn.exec_driver_sql(f"LOCK TABLE {LIVE} IN ACCESS EXCLUSIVE MODE")
        sequence = conn.scalar(sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": LIVE})
        if sequence:  # the id sequence belongs to the old table: keep it when that is dropped
            conn.exec_driver_sql(f"ALTER SEQUENCE {sequence} OWNED BY {SHADOW}.id")
        conn.exec_driver_sql(f"DROP TABLE {LIVE}")
        conn.exec_driver_sql(f"ALTER TABLE {SHADOW} RENAME TO {LIVE}")
        for suffix in ("pkey", "doc_id_key"):
            conn.exec_driver_sql(f"ALTER TABLE {LIVE} RENAME CONSTRAINT {SHADOW}_{suffix} TO {LIVE}_{suffix}")
        for name in _index_names(conn, "_next"):
            conn.exec_driver_sql(f"ALTER INDEX {name} RENAME TO {name.removesuffix('_next')}")
        conn.exec_driver_sql(f"COMMENT ON TABLE {LIVE} IS NULL")
        conn.execute(index_state.update().where(index_state.c.id == 1).values(generation=index_state.c.generation + 1))


def _index_names(conn: Connection, suffix: str) -> list[str]:
    return list(
        conn.scalars(
            sa.text(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = :t "
                "AND indexname LIKE :p"
            ),
            {"t": LIVE, "p": f"ix_search_documents_%{suffix}"},
        )
    )
