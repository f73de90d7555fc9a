"""PostgreSQL full-text backend, built to stay fast at a million reports without extensions.

Index: a stored generated `tsv` (English config; title A, summary B, body C) with a GIN
index; `facet_keys text[]` with a GIN index (every facet filter is one `&&`);
`sample_bucket` = hash(doc_id) mod 100, with a partial GIN index over the 1% sample.

Query plan (why: ranking or counting every match of a common word is what makes naive
full-text search slow; see tests/bench/bench_search.py):

1. Probe the 1% sample through its small partial index: how many matches, with and without
   the facet filters, and facet counts over at most ~`facet_rows` of those sample rows (a
   second hash digit picks a uniform part of the sample). Cost grows with the sample, not
   with the table.
2. Few matches (estimate <= `exact_limit`): everything is exact: rank every match with
   `ts_rank_cd`, count facets over every match, exact total.
3. Many matches: total and facet counts are the sample's, scaled and flagged
   (`total_is_estimate`, `facets_are_estimates`); a filtered total that is small in the
   sample is counted exactly instead (up to `count_cap`). Hits are ranked by `ts_rank_cd`
   within a bounded candidate set, the newest `window` matches, so a common word never
   ranks hundreds of thousands of rows. Dense matches (>= `dense_share` of the table) are
   found by walking the date index and testing rows; sparser ones through the GIN index,
   bounded by a date cutoff read off the sample.
4. Highlights (`ts_headline`) are computed for the page of hits only.
Popular queries are cached by `SqlBackend.search`, keyed on the index generation.
"""
from __future__ import annotations

import math
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..documents import (MARK_END, MARK_START, SearchDocument, SearchHit, SearchQuery, SearchResult,
                         render_snippet, sort_facet_counts)
from ..query_text import Clause, ParsedQuery, parse
from . import pg_reindex
from .base import Progress
from .sql import SqlBackend, Where, as_date, facet_plan, install_sql, split_facet_rows, upsert

SAMPLE_MODULUS = 100

_TSV = ("setweight(to_tsvector('english'::regconfig, title), 'A') || "
        "setweight(to_tsvector('english'::regconfig, summary), 'B') || "
        "setweight(to_tsvector('english'::regconfig, body), 'C')")
def _columns_ddl(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS ({_TSV}) STORED",
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS sample_bucket smallint "
        f"GENERATED ALWAYS AS (mod(hashtext(doc_id) & 2147483647, {SAMPLE_MODULUS})) STORED",
        # Keep tsv in the row (body moves to TOAST instead): matching and ranking read tsv for
        # every candidate, and an out-of-line value costs a TOAST index lookup each time.
        f"ALTER TABLE {table} ALTER COLUMN tsv SET STORAGE MAIN",
        # The same for facet_keys: out of line, every facet count paid ~20 us a row to fetch it.
        f"ALTER TABLE {table} ALTER COLUMN facet_keys SET STORAGE MAIN",
        # Richer statistics on tsv let the planner tell common words from rare ones.
        f"ALTER TABLE {table} ALTER COLUMN tsv SET STATISTICS 1000",
    ]


def _indexes_ddl(table: str, suffix: str = "") -> list[str]:
    """The search indexes of `table`; a reindex builds them on its shadow table with a suffix
    and renames them when it swaps the tables."""
    ix = f"ix_search_documents_{{}}{suffix}"
    return [
        f"CREATE INDEX IF NOT EXISTS {ix.format('tsv')} ON {table} USING gin (tsv)",
        f"CREATE INDEX IF NOT EXISTS {ix.format('tsv_sample')} ON {table} USING gin (tsv) "
        f"WHERE sample_bucket = 0",
        f"CREATE INDEX IF NOT EXISTS {ix.format('sample')} ON {table} (published_on) "
        f"WHERE sample_bucket = 0",
        f"CREATE INDEX IF NOT EXISTS {ix.format('facets')} ON {table} USING gin (facet_keys)",
    ]


INDEX_NAMES = ("tsv", "tsv_sample", "sample", "facets", "published")
_DDL = _columns_ddl("search_documents") + _indexes_ddl("search_documents")
HEADLINE_OPTIONS = (f'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, '
                    f'MaxFragments=2, FragmentDelimiter=" … "')


def install_postgres(conn: Connection) -> None:
    for ddl in _DDL:
        conn.exec_driver_sql(ddl)


def _web_clause(c: Clause) -> str:
    return f'"{" ".join(c.words)}"' if c.is_phrase else c.words[0]


def _ts_clause(c: Clause) -> str:
    words = list(c.words)
    if c.prefix:
        words[-1] += ":*"
    return "(" + " <-> ".join(words) + ")"


def tsquery_sql(parsed: ParsedQuery) -> tuple[str, str] | None:
    """(SQL function, its text argument). websearch_to_tsquery gives phrases and -exclusion;
    it has no prefix syntax, so a query with a prefix is rendered for to_tsquery instead.
    Clauses hold letters and digits only, so neither parser can see a syntax error."""
    if parsed.is_empty:
        return None
    clauses = [c for g in parsed.groups for c in g]
    if not any(c.prefix for c in clauses):
        text = " ".join(" or ".join(_web_clause(c) for c in g) for g in parsed.groups)
        text += "".join(f" -{_web_clause(c)}" for c in parsed.excluded)
        return "websearch_to_tsquery", text.strip()
    parts = ["(" + " | ".join(_ts_clause(c) for c in g) + ")" for g in parsed.groups]
    parts += ["!" + _ts_clause(c) for c in parsed.excluded]
    return "to_tsquery", " & ".join(parts)


class PostgresBackend(SqlBackend):
    name = "sql"

    def __init__(self, engine, cache_size: int = 256, exact_limit: int = 2000,
                 window: int = 200, count_cap: int = 5000, min_sample: int = 30,
                 dense_share: float = 0.02, facet_rows: int = 400, owner_engine=None):
        super().__init__(engine, cache_size)
        # A reindex creates and swaps tables, which only the schema owner may do.
        self.owner_engine = owner_engine or engine
        self.exact_limit, self.window = exact_limit, window
        self.count_cap, self.min_sample, self.dense_share = count_cap, min_sample, dense_share
        self.facet_rows = facet_rows

    def install(self) -> None:
        with self.owner_engine.begin() as conn:  # DDL: the schema owner's
            install_sql(conn)

    # -- writes: see pg_reindex.py for the shadow table a reindex builds ----------------------
    def _upsert(self, conn: Connection, rows: list[dict]) -> None:
        super()._upsert(conn, rows)
        if pg_reindex.shadow_exists(conn):
            upsert(conn, pg_reindex.shadow, rows)

    def delete_on(self, conn: Connection, doc_id: str) -> None:
        if pg_reindex.shadow_exists(conn):
            conn.execute(pg_reindex.shadow.delete().where(pg_reindex.shadow.c.doc_id == doc_id))
        super().delete_on(conn, doc_id)

    def reindex(self, docs: Iterable[SearchDocument], progress: Progress | None = None, *,
                mark: int | None = None, catch_up: pg_reindex.CatchUp | None = None) -> int:
        """Build a shadow table and swap it in (resumable); `mark` is the outbox position at
        the start and `catch_up` re-applies search events from there (linkhub/search/reindex.py)."""
        shadow = pg_reindex.SHADOW
        indexes = _indexes_ddl(shadow, "_next") + [
            f"CREATE INDEX IF NOT EXISTS ix_search_documents_published_next ON {shadow} (published_on, id)"]
        written, self.resumed_from = pg_reindex.rebuild(
            self.owner_engine, docs, mark=mark or 0, columns_ddl=_columns_ddl(shadow), indexes_ddl=indexes,
            progress=progress, catch_up=catch_up, chunk_size=self.chunk_size)
        return written

    def _where(self, query: SearchQuery, parsed: ParsedQuery) -> Where:
        w = Where()
        w.tsq = None
        if tsq := tsquery_sql(parsed):
            w.tsq = f"{tsq[0]}('english'::regconfig, {w.bind(tsq[1])})"
            w.base.append(f"d.tsv @@ {w.tsq}")
        if query.kind:
            w.base.append(f"d.kind = {w.bind(query.kind)}")
        if query.date_from:
            w.base.append(f"d.published_on >= {w.bind(query.date_from)}")
        if query.date_to:
            w.base.append(f"d.published_on <= {w.bind(query.date_to)}")
        if query.working_group_ids is not None:
            ids = w.bind([int(i) for i in query.working_group_ids])
            w.base.append(f"d.kind = 'report' OR d.working_group_ids && CAST({ids} AS int[])")
        for facet, values in query.filters.items():
            w.facet[facet] = f"d.facet_keys && CAST({w.bind([f'{facet}:{v}' for v in values])} AS text[])"
        return w

    def _facet_columns(self, query: SearchQuery, w: Where, source: str, where: str = "TRUE") -> list[str]:
        """One json column per facet pass over `source` (aliased d), rows limited by `where`."""
        shared, own = facet_plan(query, w)
        passes = ([(shared, w.all_facets())] if shared else []) + \
                 [([f], w.all_facets(except_facet=f)) for f in own]
        return [f"(SELECT coalesce(json_agg(json_build_array(k, n)), '[]') FROM ("
                # unnest in the select list (a ProjectSet) costs a third less than a lateral
                # function scan per row
                f"SELECT k, count(*) AS n FROM (SELECT unnest(d.facet_keys) AS k FROM {source} d "
                f"WHERE {cond} AND {where}) u WHERE split_part(k, ':', 1) = ANY(CAST({w.bind(groups)} AS text[])) "
                f"GROUP BY k) x)" for groups, cond in passes]

    @staticmethod
    def _facet_result(query, columns, scale: float = 1.0) -> dict:
        counts: dict[str, dict[str, int]] = {}
        for rows in columns:
            counts |= split_facet_rows(rows, scale)
        return {f: sort_facet_counts(counts.get(f, {})) for f in query.facets}

    def _search(self, conn: Connection, query: SearchQuery) -> SearchResult:
        parsed = parse(query.text)
        w = self._where(query, parsed)
        ranked = parsed.has_positive and query.sort == "relevance"
        # JIT compilation costs tens of milliseconds and these queries are short. The probe
        # must read the sample through its partial GIN index (or, without words, a bitmap of
        # the sample's btree): an index scan in date order would visit every sample row's heap
        # page, ~10x slower, and the planner often picks it when a word is common.
        conn.exec_driver_sql("SET LOCAL jit = off; SET LOCAL enable_indexscan = off")
        # Facet estimates read at most ~`facet_rows` sample rows: a second hash digit picks
        # `tenths` tenths of the sample (uniformly, like the sample itself).
        probe_facets = self._facet_columns(query, w, "s", where=(
            "d.tenth < (SELECT least(10, ceil(10.0 * :_frows / greatest(count(*), 1))) FROM s)"))
        needed = self.window if ranked else query.offset + query.per_page
        probe = conn.execute(sa.text(
            f"WITH s AS MATERIALIZED (SELECT d.facet_keys, d.published_on, "
            f"mod((hashtext(d.doc_id) & 2147483647) / {SAMPLE_MODULUS}, 10) AS tenth FROM search_documents d "
            f"WHERE d.sample_bucket = 0 AND {w.sql(w.base)}) "
            f"SELECT (SELECT count(*) FROM s), (SELECT count(*) FROM s d WHERE {w.all_facets()}), "
            # The date above which ~3x `needed` matches are expected: bounds the hit query.
            f"(SELECT min(published_on) FILTER (WHERE n = :_k) FROM (SELECT d.published_on, "
            f"row_number() OVER (ORDER BY d.published_on DESC) AS n FROM s d "
            f"WHERE {w.all_facets()} ORDER BY d.published_on DESC LIMIT :_k) x), "
            f"(SELECT reltuples FROM pg_class WHERE oid = CAST('search_documents' AS regclass))"
            + "".join(f", {c}" for c in probe_facets)),
            w.params | {"_k": -(-3 * needed // SAMPLE_MODULUS), "_frows": self.facet_rows}).one()
        tenths = min(10, math.ceil(10.0 * self.facet_rows / max(probe[0], 1)))
        conn.exec_driver_sql("SET LOCAL enable_indexscan = on")
        if probe[0] * SAMPLE_MODULUS <= self.exact_limit:
            result = self._exact(conn, query, w, ranked)
            if result is not None:
                return result
        total, estimated = probe[1] * SAMPLE_MODULUS, True
        if probe[1] < self.min_sample:  # too few sample rows to scale: count, bounded
            n = conn.execute(sa.text(
                f"SELECT count(*) FROM (SELECT 1 FROM search_documents d WHERE "
                f"{w.sql(w.base + [w.all_facets()])} LIMIT :_cap) x"),
                w.params | {"_cap": self.count_cap}).scalar_one()
            total, estimated = (n, False) if n < self.count_cap else (max(n, total), True)
        # Dense matches are found fastest by walking the date index and testing each row; a
        # date cutoff would make the planner intersect the words' huge GIN posting lists.
        dense = probe[3] > 0 and probe[1] * SAMPLE_MODULUS >= self.dense_share * probe[3]
        ids = self._window_hits(conn, query, w, ranked, cutoff=None if dense else probe[2])
        return SearchResult(total=total, hits=self._hits(conn, w, ids), page=query.page,
                            facets=self._facet_result(query, probe[4:], SAMPLE_MODULUS * 10 / tenths),
                            total_is_estimate=estimated, facets_are_estimates=True,
                            per_page=query.per_page)

    def _exact(self, conn, query, w: Where, ranked: bool) -> SearchResult | None:
        cap = 4 * self.exact_limit
        rank = f"ts_rank_cd(d.tsv, {w.tsq})" if ranked else "0"
        order = "d.rank DESC, d.published_on DESC, d.id DESC"
        facets = self._facet_columns(query, w, "m")
        row = conn.execute(sa.text(
            f"WITH m AS MATERIALIZED (SELECT d.id, d.published_on, d.facet_keys, {rank} AS rank "
            f"FROM search_documents d WHERE {w.sql(w.base)} LIMIT :_cap) "
            f"SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM m d WHERE {w.all_facets()}), "
            f"(SELECT coalesce(json_agg(json_build_array(x.id, x.rank)), '[]') FROM ("
            f"SELECT d.id, d.rank FROM m d WHERE {w.all_facets()} ORDER BY {order} "
            f"LIMIT :_lim OFFSET :_off) x)" + "".join(f", {c}" for c in facets)),
            w.params | {"_cap": cap, "_lim": query.per_page, "_off": query.offset}).one()
        if row[0] >= cap:
            return None  # the sample under-estimated: take the bounded path
        ids = [(i, r if ranked else None) for i, r in row[2]]
        return SearchResult(total=row[1], hits=self._hits(conn, w, ids),
                            facets=self._facet_result(query, row[3:]),
                            page=query.page, per_page=query.per_page)

    def _window_hits(self, conn, query, w: Where, ranked: bool, cutoff=None) -> list:
        """Newest matches first; ranked: ts_rank_cd within the newest `window` matches.

        `cutoff` (from the sample) lets the index skip older matches; if it proves too
        tight, the query runs again without it."""
        needed = max(self.window, query.offset + query.per_page) if ranked else \
            query.offset + query.per_page
        where = w.base + [w.all_facets()]
        if cutoff is not None:
            where = where + [f"d.published_on >= {w.bind(cutoff)}"]
        rows = conn.execute(sa.text(
            f"WITH c AS MATERIALIZED (SELECT d.id, d.tsv, d.published_on FROM search_documents d "
            f"WHERE {w.sql(where)} ORDER BY d.published_on DESC, d.id DESC LIMIT :_win) "
            f"SELECT c.id, {f'ts_rank_cd(c.tsv, {w.tsq})' if ranked else 'NULL'} AS rank, "
            f"count(*) OVER () AS found FROM c "
            f"ORDER BY rank DESC, c.published_on DESC, c.id DESC LIMIT :_lim OFFSET :_off"),
            w.params | {"_win": needed, "_lim": query.per_page, "_off": query.offset}).all()
        if cutoff is not None and (not rows or rows[0].found < needed):
            return self._window_hits(conn, query, w, ranked)
        return [(r.id, r.rank) for r in rows]

    def _hits(self, conn, w: Where, ids: list) -> list[SearchHit]:
        if not ids:
            return []
        snippet = (f"ts_headline('english'::regconfig, d.summary || ' ' || d.body, {w.tsq}, "
                   f":_hl)" if w.tsq else "NULL")
        rows = conn.execute(sa.text(
            f"SELECT d.id, d.doc_id, d.kind, d.title, d.url, d.published_on, d.summary, d.fields, "
            f"{snippet} AS snip FROM search_documents d WHERE d.id = ANY(:_ids)"),
            w.params | {"_ids": [i for i, _ in ids], "_hl": HEADLINE_OPTIONS}).all()
        by_id = {r.id: r for r in rows}
        return [SearchHit(doc_id=r.doc_id, kind=r.kind, title=r.title, url=r.url,
                          snippet=render_snippet(r.snip if r.snip and MARK_START in r.snip
                                                 else r.summary),
                          published_on=as_date(r.published_on),
                          score=float(score) if score is not None else None, fields=r.fields)
                for i, score in ids if (r := by_id.get(i)) is not None]

    def suggest(self, prefix: str, kind: str | None = None, limit: int = 10,
                working_group_ids: list[int] | None = None) -> list[str]:
        words = [w for g in parse(prefix).groups for c in g for w in c.words]
        if not words:
            return []
        # Weight A = title only; the GIN index finds candidates, the weight is rechecked.
        tsq = " & ".join(f"{w}:A" for w in words[:-1]) + (" & " if len(words) > 1 else "")
        tsq += f"{words[-1]}:*A"
        w = self._where(SearchQuery(kind=kind, working_group_ids=working_group_ids),
                        ParsedQuery())
        with self.engine.connect() as conn:
            return list(conn.execute(sa.text(
                f"SELECT title FROM (SELECT d.title, max(d.published_on) AS latest "
                f"FROM search_documents d WHERE d.tsv @@ to_tsquery('english'::regconfig, :_q) "
                f"AND {w.sql(w.base)} GROUP BY d.title) t ORDER BY latest DESC LIMIT :_lim"),
                w.params | {"_q": tsq, "_lim": limit}).scalars())
