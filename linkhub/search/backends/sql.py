"""Storage shared by the SQL backends (SQLite FTS5 and PostgreSQL full-text search).

One platform-level table, `search_documents` (not tenant data: every row is already public
or anonymised, and visibility is decided by `kind` + `working_group_ids`):

- `doc_id` is the natural, unique key; `id` is a surrogate integer because an FTS5
  external-content table needs a stable integer rowid (a plain SQLite rowid may be renumbered
  by VACUUM);
- `facet_keys` holds ``"facet:value"`` tokens (JSON list on SQLite, ``text[]`` + one GIN index
  on PostgreSQL): one indexed column answers every facet filter and every facet count in a
  single pass, instead of one column and one index per facet;
- `fields` is the display payload returned with hits.

`search_index_state.generation` is bumped by every write in the same transaction; the query
cache keys on it, so any index event invalidates cached results in every process.
"""

from __future__ import annotations

from datetime import date
from itertools import islice
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from ..documents import FACETS, SearchDocument, SearchQuery, SearchResult
from .base import Progress, QueryCache, SearchBackend

metadata = sa.MetaData()

_list = sa.JSON().with_variant(postgresql.ARRAY(sa.Text), "postgresql")
_int_list = sa.JSON().with_variant(postgresql.ARRAY(sa.Integer), "postgresql")

documents = sa.Table(
    "search_documents",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False, server_default=""),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("published_on", sa.Date, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("facet_keys", _list, nullable=False),
    sa.Column("working_group_ids", _int_list, nullable=False),
    sa.Column("fields", sa.JSON().with_variant(postgresql.JSONB, "postgresql"), nullable=False),
    sa.Index("ix_search_documents_published", "published_on", "id"),
)

index_state = sa.Table(
    "search_index_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("generation", sa.BigInteger, nullable=False),
)


def install_sql(connection: Connection) -> None:
    """Create the search tables and indexes on an open connection, inside the caller's
    transaction (e.g. ``install_sql(op.get_bind())`` in an Alembic migration). Idempotent."""
    metadata.create_all(connection, checkfirst=True)
    if connection.execute(sa.select(index_state.c.id)).first() is None:
        connection.execute(index_state.insert().values(id=1, generation=0))
    if connection.dialect.name == "postgresql":
        from .postgres import install_postgres

        install_postgres(connection)
    elif connection.dialect.name == "sqlite":
        from .sqlite_fts import install_sqlite

        install_sqlite(connection)
    else:
        raise NotImplementedError(f"no SQL search support for {connection.dialect.name}")


def upsert(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    """Insert or replace rows by `doc_id` (the live table, or a reindex's shadow table)."""
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = insert(table)
    updates = {c: stmt.excluded[c] for c in rows[0] if c != "doc_id"}
    conn.execute(stmt.on_conflict_do_update(index_elements=["doc_id"], set_=updates), rows)


def doc_row(doc: SearchDocument) -> dict:
    return {
        "doc_id": doc.doc_id,
        "kind": doc.kind,
        "title": doc.title,
        "summary": doc.summary or "",
        "body": doc.body or "",
        "url": doc.url,
        "published_on": doc.published_on,
        "year": doc.year,
        "facet_keys": doc.facet_keys(),
        "working_group_ids": sorted({int(i) for i in doc.working_group_ids}),
        "fields": doc.fields(),
    }


class Where:
    """WHERE fragments with generated bind names; backends supply the dialect SQL."""

    def __init__(self) -> None:
        self.params: dict = {}
        self.base: list[str] = []  # text, kind, dates, visibility
        self.facet: dict[str, str] = {}  # facet -> condition (OR within the facet)

    def bind(self, value) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def sql(self, parts: Iterable[str]) -> str:
        parts = [p for p in parts if p]
        return " AND ".join(f"({p})" for p in parts) if parts else "TRUE"

    def all_facets(self, except_facet: str | None = None) -> str:
        return self.sql(c for f, c in self.facet.items() if f != except_facet)


def facet_plan(query: SearchQuery, where: Where) -> tuple[list[str], list[str]]:
    """Facet groups counted together (no own filter) and those needing their own pass.

    Counts are disjunctive: a facet's own selection does not narrow its own counts, so the
    other values stay visible as OR choices.
    """
    wanted = [f for f in query.facets if f in FACETS]
    return ([f for f in wanted if f not in where.facet], [f for f in wanted if f in where.facet])


def split_facet_rows(rows, scale: float = 1.0) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for key, count in rows:
        facet, _, value = key.partition(":")
        out.setdefault(facet, {})[value] = int(round(count * scale))
    return out


class SqlBackend(SearchBackend):
    name = "sql"
    chunk_size = 1000

    def __init__(self, engine: Engine, cache_size: int = 256):
        self.engine = engine
        self.cache = QueryCache(cache_size)

    # -- writes ---------------------------------------------------------------------------
    def install(self) -> None:
        with self.engine.begin() as conn:
            install_sql(conn)

    def _upsert(self, conn: Connection, rows: list[dict]) -> None:
        upsert(conn, documents, rows)

    def _bump(self, conn: Connection) -> None:
        conn.execute(index_state.update().where(index_state.c.id == 1).values(generation=index_state.c.generation + 1))

    def _write(self, conn: Connection, docs: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        written, it = 0, iter(docs)
        while chunk := list(islice(it, self.chunk_size)):
            # Last write wins within a chunk: one statement may not touch a row twice.
            rows = list({d.doc_id: doc_row(d) for d in chunk}.values())
            self._upsert(conn, rows)
            written += len(chunk)
            if progress:
                progress(written)
        self._bump(conn)
        return written

    def index(self, doc: SearchDocument) -> None:
        self.bulk([doc])

    def bulk(self, docs: Iterable[SearchDocument]) -> int:
        with self.engine.begin() as conn:
            return self._write(conn, docs)

    def delete(self, doc_id: str) -> None:
        with self.engine.begin() as conn:
            self.delete_on(conn, doc_id)

    # Writes inside a caller's transaction: the outbox handler's index change then commits or
    # rolls back together with the row that marks the event handled.
    def bulk_on(self, conn: Connection, docs: Iterable[SearchDocument]) -> int:
        return self._write(conn, docs)

    def delete_on(self, conn: Connection, doc_id: str) -> None:
        conn.execute(documents.delete().where(documents.c.doc_id == doc_id))
        self._bump(conn)

    def reindex(self, docs: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        # One transaction: readers keep seeing the old index until the commit.
        with self.engine.begin() as conn:
            conn.execute(documents.delete())
            return self._write(conn, docs, progress)

    # -- reads ----------------------------------------------------------------------------
    def generation(self, conn: Connection) -> int:
        return conn.execute(sa.select(index_state.c.generation)).scalar_one()

    def search(self, query: SearchQuery) -> SearchResult:
        with self.engine.connect() as conn:
            key = (self.generation(conn), query.cache_key())
            result = self.cache.get(key)
            if result is None:
                result = self._search(conn, query)
                self.cache.put(key, result)
            return result

    def _search(self, conn: Connection, query: SearchQuery) -> SearchResult:
        raise NotImplementedError

    def health(self) -> dict:
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(documents.c.kind, sa.func.count()).group_by(documents.c.kind)).all()
                generation = self.generation(conn)
        except Exception as exc:  # health must report, not raise
            return {"status": "error", "backend": self.name, "error": str(exc)}
        counts = {"report": 0, "shared_issue": 0} | {k: n for k, n in rows}
        return {
            "status": "ok",
            "backend": self.name,
            "dialect": self.engine.dialect.name,
            "documents": counts,
            "total": sum(counts.values()),
            "generation": generation,
        }


def as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
