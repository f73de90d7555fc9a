"""Pick a search backend from `LINKHUB_SEARCH_URL`.

URL scheme:

- unset, ``""`` or ``"sql"``: the SQL backend on the application database (the `engine`
  argument): SQLite FTS5 or PostgreSQL full-text search, by the engine's dialect.
  ``sql?cache=0`` turns the popular-query cache off (``cache=N`` sets its size).
- ``opensearch://host:9200`` (plain HTTP) or ``opensearchs://host:9200`` (TLS);
  ``http://...`` and ``https://...`` are accepted as-is. Credentials go in the URL
  (``opensearchs://user:pass@host:9200``). Query parameters: ``index=<alias>`` (default
  ``linkhub-search``), ``verify_certs=0``, ``refresh=wait_for`` (make writes visible before
  returning: for tests and small installs).

- ``tantivy:///path/to/index-directory``: the embedded engine (backends/tantivy_backend.py);
  ``?writer=0`` for a process that must only read.

Examples: ``sql``, ``tantivy:///srv/linkhub/search-index``, ``opensearch://127.0.0.1:9200?index=linkhub-search``,
``https://search.example.org:443?index=lh-prod``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from .base import SearchBackend
from .sql import install_sql

__all__ = ["SearchBackend", "get_backend", "install_sql"]


def get_backend(url: str | None, engine=None, owner_url: str | None = None) -> SearchBackend:
    """`owner_url`: the schema owner's database URL; the PostgreSQL backend's reindex needs it
    to create and swap tables (the application role may not)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if url in ("", "sql") or parts.scheme == "sql" or url.startswith("sql?"):
        if engine is None:
            raise ValueError("the sql search backend needs the application's database engine")
        cache = int(options.get("cache", 256))
        if engine.dialect.name == "postgresql":
            import sqlalchemy as sa

            from .postgres import PostgresBackend

            owner = None
            if owner_url and sa.engine.make_url(owner_url) != engine.url:
                # NullPool: used by the occasional reindex only, so it holds no connection.
                owner = sa.create_engine(owner_url, poolclass=sa.pool.NullPool)
            return PostgresBackend(engine, cache_size=cache, owner_engine=owner)
        if engine.dialect.name == "sqlite":
            from .sqlite_fts import SqliteFtsBackend

            return SqliteFtsBackend(engine, cache_size=cache)
        raise ValueError(f"no SQL search backend for {engine.dialect.name}")
    if parts.scheme == "tantivy":
        from .tantivy_backend import TantivyBackend

        return TantivyBackend.from_url(url)
    if parts.scheme in ("opensearch", "opensearchs", "http", "https"):
        from .opensearch import OpenSearchBackend

        return OpenSearchBackend.from_url(url)
    raise ValueError(f"unknown search backend URL {url!r}")
