"""PostgreSQL full-text backend: every answer exact (relevance over every match, exact totals
and facet counts).

Index: a stored generated `tsv` (English config; title A, summary B, body C) with a GIN
index; `facet_keys text[]` with a GIN index (every facet filter is one `&&`); a btree on
(published_on, id) for date order. With Debian's `postgresql-15-rum` installed (`make rum`),
the `rum` extension adds a RUM index on `tsv` that keeps word positions in the index and
returns matches in relevance order.

Relevance, the declared scoring function, applied to every match (`score_sql`):
- with the RUM index: RUM's distance `tsv <=> query` (smaller first; the score shown is its
  inverse), read in order from the index (`ORDER BY tsv <=> q LIMIT k`);
- without it (plain GIN): `ts_rank_cd(tsv, query)` computed for every match and sorted.
Both weigh title (A) above summary (B) above body (C). Ties: newer first, then higher id.

Totals and facet counts: exact, counted over every match (disjunctive: a facet's own selection
does not narrow its own counts). Nothing is sampled or estimated, so a common word costs a scan
of its matches (figures in linkhub/search/README.md); a single-machine deployment that needs
more speed at scale uses the embedded engine (backends/tantivy_backend.py).
Highlights (`ts_headline`) are computed for the page of hits only. Popular queries are cached
by `SqlBackend.search`, keyed on the index generation.
"""

from __future__ import annotations

from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..documents import (
    MARK_END,
    MARK_START,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    render_snippet,
    sort_facet_counts,
)
from ..query_text import Clause, ParsedQuery, parse
from . import pg_reindex
from .base import Progress
from .sql import SqlBackend, Where, as_date, facet_plan, install_sql, split_facet_rows, upsert

_TSV = (
    "setweight(to_tsvector('english'::regconfig, title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, summary), 'B') || "
    "setweight(to_tsvector('english'::regconfig, body), 'C')"
)


def _columns_ddl(table: str) -> list[str]:
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS ({_TSV}) STORED",
        # Keep tsv in the row (body moves to TOAST instead): matching and ranking read tsv for
        # every candidate, and an out-of-line value costs a TOAST index lookup each time.
        f"ALTER TABLE {table} ALTER COLUMN tsv SET STORAGE MAIN",
        # The same for facet_keys: out of line, every facet count paid ~20 us a row to fetch it.
        f"ALTER TABLE {table} ALTER COLUMN facet_keys SET STORAGE MAIN",
        # Richer statistics on tsv let the planner tell common words from rare ones.
        f"ALTER TABLE {table} ALTER COLUMN tsv SET STATISTICS 1000",
    ]


def _indexes_ddl(table: str, suffix: str = "", rum: bool = False) -> list[str]:
    """The search indexes of `table`; a reindex builds them on its shadow table with a suffix
    and renames them when it swaps the tables."""
    ix = f"ix_search_documents_{{}}{suffix}"
    return [
        f"CREATE INDEX IF NOT EXISTS {ix.format('tsv')} ON {table} USING gin (tsv)",
        f"CREATE INDEX IF NOT EXISTS {ix.format('facets')} ON {table} USING gin (facet_keys)",
    ] + ([f"CREATE INDEX IF NOT EXISTS {ix.format('rum')} ON {table} USING rum (tsv rum_tsvector_ops)"] if rum else [])


INDEX_NAMES = ("tsv", "facets", "published", "rum")
RUM_INDEX = "ix_search_documents_rum"
HEADLINE_OPTIONS = (
    f'StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)


def rum_available(conn: Connection) -> bool:
    """The `rum` extension is installed in this database, or can be and now is (creating it
    needs a superuser, as `linkhub db upgrade` runs; the app role only looks)."""
    if conn.scalar(sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'rum'")):
        return True
    if not conn.scalar(sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'rum'")):
        return False
    if not conn.scalar(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")):
        return False
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS rum")
    return True


def install_postgres(conn: Connection) -> None:
    for ddl in _columns_ddl("search_documents") + _indexes_ddl("search_documents", rum=rum_available(conn)):
        conn.exec_driver_sql(ddl)


def _ts_clause(c: Clause) -> str:
    """One clause for to_tsquery. A phrase must lie within one field: the tsvector joins title,
    summary and body end to end, so the phrase is asked for in each weight (A, B, C) alone."""
    if not c.is_phrase:
        return c.words[0] + (":*" if c.prefix else "")

    def within(weight: str) -> str:
        words = [f"{w}:{weight}" for w in c.words]
        if c.prefix:
            words[-1] = f"{c.words[-1]}:*{weight}"
        return "(" + " <-> ".join(words) + ")"

    return "(" + " | ".join(within(weight) for weight in "ABC") + ")"


def tsquery_sql(parsed: ParsedQuery) -> tuple[str, str] | None:
    """(SQL function, its text argument) for to_tsquery: phrases, prefixes, OR and exclusion.
    Clauses hold letters and digits only, so to_tsquery can see no syntax error."""
    if parsed.is_empty:
        return None
    parts = ["(" + " | ".join(_ts_clause(c) for c in g) + ")" for g in parsed.groups]
    parts += ["!" + _ts_clause(c) for c in parsed.excluded]
    return "to_tsquery", " & ".join(parts)


class PostgresBackend(SqlBackend):
    name = "sql"

    def __init__(self, engine, cache_size: int = 256, owner_engine=None, rum: bool | None = None):
        """`rum`: rank through the RUM index (None: when the index exists; False: plain GIN)."""
        super().__init__(engine, cache_size)
        # A reindex creates and swaps tables, which only the schema owner may do.
        self.owner_engine = owner_engine or engine
        self._rum = rum

    def uses_rum(self, conn: Connection) -> bool:
        if self._rum is None:
            self._rum = bool(conn.scalar(sa.text("SELECT to_regclass(:i) IS NOT NULL"), {"i": RUM_INDEX}))
        return self._rum

    def score_sql(self, conn: Connection, tsq: str) -> tuple[str, str]:
        """(the declared scoring expression over `d.tsv`, "ASC"/"DESC": which end is best)."""
        if self.uses_rum(conn):
            return f"(d.tsv <=> {tsq})", "ASC"
        return f"ts_rank_cd(d.tsv, {tsq})", "DESC"

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

    def reindex(
        self,
        docs: Iterable[SearchDocument],
        progress: Progress | None = None,
        *,
        mark: int | None = None,
        catch_up: pg_reindex.CatchUp | None = None,
    ) -> int:
        """Build a shadow table and swap it in (resumable); `mark` is the outbox position at
        the start and `catch_up` re-applies search events from there (linkhub/search/reindex.py)."""
        shadow = pg_reindex.SHADOW
        with self.owner_engine.connect() as conn:
            rum = rum_available(conn)
            conn.commit()
        indexes = _indexes_ddl(shadow, "_next", rum=rum) + [
            f"CREATE INDEX IF NOT EXISTS ix_search_documents_published_next ON {shadow} (published_on, id)"
        ]
        written, self.resumed_from = pg_reindex.rebuild(
            self.owner_engine,
            docs,
            mark=mark or 0,
            columns_ddl=_columns_ddl(shadow),
            indexes_ddl=indexes,
            progress=progress,
            catch_up=catch_up,
            chunk_size=self.chunk_size,
        )
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
        if query.hidden_networks:
            hidden = w.bind([f"network:{n}" for n in query.hidden_networks])
            w.base.append(
                f"NOT (d.kind = 'report' AND d.facet_keys && CAST({hidden} AS text[]) "
                f"AND NOT d.facet_keys && ARRAY['report_type:joint_report'])"
            )
        for facet, values in query.filters.items():
            w.facet[facet] = f"d.facet_keys && CAST({w.bind([f'{facet}:{v}' for v in values])} AS text[])"
        return w

    def _facet_columns(self, query: SearchQuery, w: Where, source: str, where: str = "TRUE") -> list[str]:
        """One json column per facet pass over `source` (aliased d), rows limited by `where`."""
        shared, own = facet_plan(query, w)
        passes = ([(shared, w.all_facets())] if shared else []) + [([f], w.all_facets(except_facet=f)) for f in own]
        return [
            f"(SELECT coalesce(json_agg(json_build_array(k, n)), '[]') FROM ("
            # unnest in the select list (a ProjectSet) costs a third less than a lateral
            # function scan per row
            f"SELECT k, count(*) AS n FROM (SELECT unnest(d.facet_keys) AS k FROM {source} d "
            f"WHERE {cond} AND {where}) u WHERE split_part(k, ':', 1) = ANY(CAST({w.bind(groups)} AS text[])) "
            f"GROUP BY k) x)"  # nosec B608 # constant names; values are bound
            for groups, cond in passes
        ]

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
        # JIT compilation costs tens of milliseconds and these queries are short.
        conn.exec_driver_sql("SET LOCAL jit = off")
        if not query.facets and not query.want_total:  # a page only (open data walks)
            return SearchResult(
                total=-1,
                hits=self._hits(conn, w, self._page_ids(conn, query, w, ranked)),
                page=query.page,
                per_page=query.per_page,
            )
        facets = self._facet_columns(query, w, "m")
        # Every match once: the exact total, the facet counts and (unless RUM ranks them) the
        # page, all from the same matches.
        rum = ranked and self.uses_rum(conn)
        score = self.score_sql(conn, w.tsq)[0] if ranked and not rum else "NULL::real"
        order = "x.s DESC, x.published_on DESC, x.id DESC"
        page = (
            "NULL"
            if rum
            else f"(SELECT coalesce(json_agg(json_build_array(x.id, x.s) ORDER BY {order}), '[]') FROM ("
            f"SELECT d.id, d.published_on, d.s FROM m d WHERE {w.all_facets()} "
            f"ORDER BY {order.replace('x.', 'd.')} LIMIT :_lim OFFSET :_off) x)"  # nosec B608 # constant names; values are bound
        )
        row = conn.execute(
            sa.text(
                f"WITH m AS MATERIALIZED (SELECT d.id, d.published_on, d.facet_keys, {score} AS s "
                f"FROM search_documents d WHERE {w.sql(w.base + ([] if facets else [w.all_facets()]))}) "
                f"SELECT (SELECT count(*) FROM m d WHERE {w.all_facets()}), {page}" + "".join(f", {c}" for c in facets)  # nosec B608 # constant names; values are bound
            ),
            w.params | {"_lim": query.per_page, "_off": query.offset},
        ).one()
        total = row[0]
        if rum:
            ids = self._page_ids(conn, query, w, ranked) if query.offset < total else []
        else:
            ids = [(i, s if ranked else None) for i, s in row[1]]
        return SearchResult(
            total=total,
            hits=self._hits(conn, w, ids),
            facets=self._facet_result(query, row[2:]),
            page=query.page,
            per_page=query.per_page,
        )

    def _page_ids(self, conn, query: SearchQuery, w: Where, ranked: bool) -> list:
        """[(id, score)] of the page: the exact order of the declared function over every match."""
        where = w.sql(w.base + [w.all_facets()])
        params = w.params | {"_lim": query.per_page, "_off": query.offset}
        if not ranked:
            rows = conn.execute(
                sa.text(
                    f"SELECT d.id FROM search_documents d WHERE {where} "
                    f"ORDER BY d.published_on DESC, d.id DESC LIMIT :_lim OFFSET :_off"  # nosec B608 # constant names; values are bound
                ),
                params,
            ).scalars()
            return [(i, None) for i in rows]
        score, best = self.score_sql(conn, w.tsq)
        if best == "DESC":  # plain GIN: score every match, sort
            rows = conn.execute(
                sa.text(
                    f"SELECT d.id, {score} AS s FROM search_documents d WHERE {where} "
                    f"ORDER BY s DESC, d.published_on DESC, d.id DESC LIMIT :_lim OFFSET :_off"  # nosec B608 # constant names; values are bound
                ),
                params,
            ).all()
            return [(r.id, r.s) for r in rows]
        # RUM: matches come out of the index in distance order; read until the distance of the
        # page's last row is passed, so rows tied with it are all seen, then break ties.
        need = query.offset + query.per_page
        limit = need + 1
        while True:
            rows = conn.execute(
                sa.text(
                    f"SELECT d.id, d.published_on, {score} AS s FROM search_documents d WHERE {where} "
                    f"ORDER BY {score} LIMIT :_k"  # nosec B608 # constant names; values are bound
                ),
                params | {"_k": limit},
            ).all()
            if len(rows) < limit or rows[-1].s > rows[min(need, len(rows)) - 1].s:
                break
            limit *= 4
        rows.sort(key=lambda r: (r.s, -r.published_on.toordinal(), -r.id))
        # The score shown is higher for better matches: the inverse of RUM's distance.
        return [(r.id, 1.0 / r.s if r.s else None) for r in rows[query.offset : need]]

    def _hits(self, conn, w: Where, ids: list) -> list[SearchHit]:
        if not ids:
            return []
        snippet = f"ts_headline('english'::regconfig, d.summary || ' ' || d.body, {w.tsq}, :_hl)" if w.tsq else "NULL"
        rows = conn.execute(
            sa.text(
                f"SELECT d.id, d.doc_id, d.kind, d.title, d.url, d.published_on, d.summary, d.fields, "
                f"{snippet} AS snip FROM search_documents d WHERE d.id = ANY(:_ids)"  # nosec B608 # constant names; values are bound
            ),
            w.params | {"_ids": [i for i, _ in ids], "_hl": HEADLINE_OPTIONS},
        ).all()
        by_id = {r.id: r for r in rows}
        return [
            SearchHit(
                doc_id=r.doc_id,
                kind=r.kind,
                title=r.title,
                url=r.url,
                snippet=render_snippet(r.snip if r.snip and MARK_START in r.snip else r.summary),
                published_on=as_date(r.published_on),
                score=float(score) if score is not None else None,
                fields=r.fields,
                summary=r.summary or "",
            )
            for i, score in ids
            if (r := by_id.get(i)) is not None
        ]

    def suggest(
        self, prefix: str, kind: str | None = None, limit: int = 10, working_group_ids: list[int] | None = None
    ) -> list[str]:
        words = [w for g in parse(prefix).groups for c in g for w in c.words]
        if not words:
            return []
        # Weight A = title only; the GIN index finds candidates, the weight is rechecked.
        tsq = " & ".join(f"{w}:A" for w in words[:-1]) + (" & " if len(words) > 1 else "")
        tsq += f"{words[-1]}:*A"
        w = self._where(SearchQuery(kind=kind, working_group_ids=working_group_ids), ParsedQuery())
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    sa.text(
                        f"SELECT title FROM (SELECT d.title, max(d.published_on) AS latest "
                        f"FROM search_documents d WHERE d.tsv @@ to_tsquery('english'::regconfig, :_q) "
                        f"AND {w.sql(w.base)} GROUP BY d.title) t ORDER BY latest DESC LIMIT :_lim"  # nosec B608 # constant names; values are bound
                    ),
                    w.params | {"_q": tsq, "_lim": limit},
                ).scalars()
            )
