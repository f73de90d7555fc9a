"""SQLite FTS5 backend: the embedded default.

`search_documents_fts` is an external-content FTS5 table over (title, summary, body), kept
in sync by triggers, so an upsert or delete of a `search_documents` row is the whole write.
Porter stemming ("visits" finds "visit"), prefix indexes for 2- and 3-character prefixes,
bm25 ranking with title > summary > body, `snippet()` for highlights. Counts are always exact:
the embedded default serves one machine's worth of reports.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..documents import MARK_END, MARK_START, SearchHit, SearchQuery, SearchResult, render_snippet, sort_facet_counts
from ..query_text import Clause, ParsedQuery, parse
from .sql import SqlBackend, Where, as_date, facet_plan, split_facet_rows

FTS = "search_documents_fts"
BM25 = f"bm25({FTS}, 10.0, 4.0, 1.0)"  # column weights: title, summary, body

_DDL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        title, summary, body, content='search_documents', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3')""",
    f"""CREATE TRIGGER IF NOT EXISTS search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO {FTS}(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body); END""",  # nosec B608 # constant names; values are bound
    f"""CREATE TRIGGER IF NOT EXISTS search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body); END""",  # nosec B608 # constant names; values are bound
    f"""CREATE TRIGGER IF NOT EXISTS search_documents_au AFTER UPDATE ON search_documents BEGIN
        INSERT INTO {FTS}({FTS}, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO {FTS}(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body); END""",  # nosec B608 # constant names; values are bound
]


def install_sqlite(conn: Connection) -> None:
    for ddl in _DDL:
        conn.exec_driver_sql(ddl)


def _fts_clause(clause: Clause) -> str:
    # Clauses hold letters and digits only, so quoting is all the escaping FTS5 needs.
    return '"' + " ".join(clause.words) + '"' + ("*" if clause.prefix else "")


def fts_match(parsed: ParsedQuery) -> tuple[str | None, str | None]:
    """(positive MATCH expression, exclusion expression) for FTS5."""
    groups = [" OR ".join(_fts_clause(c) for c in g) for g in parsed.groups]
    positive = " AND ".join(f"({g})" for g in groups) or None
    excluded = " OR ".join(_fts_clause(c) for c in parsed.excluded) or None
    if positive and excluded:
        return f"{positive} NOT ({excluded})", None
    return positive, excluded


class SqliteFtsBackend(SqlBackend):
    name = "sql"

    def _where(self, query: SearchQuery, parsed: ParsedQuery) -> tuple[Where, str | None]:
        w = Where()
        match, excluded = fts_match(parsed)
        if match:
            w.base.append(f"{FTS} MATCH {w.bind(match)}")
        if excluded:
            w.base.append(f"d.id NOT IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH {w.bind(excluded)})")  # nosec B608 # constant names; values are bound
        if query.kind:
            w.base.append(f"d.kind = {w.bind(query.kind)}")
        if query.date_from:
            w.base.append(f"d.published_on >= {w.bind(query.date_from.isoformat())}")
        if query.date_to:
            w.base.append(f"d.published_on <= {w.bind(query.date_to.isoformat())}")
        if query.working_group_ids is not None:
            ids = ", ".join(w.bind(int(i)) for i in query.working_group_ids) or "NULL"
            w.base.append(
                f"d.kind = 'report' OR EXISTS (SELECT 1 FROM json_each(d.working_group_ids) WHERE value IN ({ids}))"  # nosec B608 # constant names; values are bound
            )
        if query.hidden_networks:
            keys = ", ".join(w.bind(f"network:{n}") for n in query.hidden_networks)
            w.base.append(
                f"NOT (d.kind = 'report' AND EXISTS (SELECT 1 FROM json_each(d.facet_keys) "
                f"WHERE value IN ({keys})) AND NOT EXISTS (SELECT 1 FROM json_each(d.facet_keys) "
                f"WHERE value = 'report_type:joint_report'))"  # nosec B608 # constant names; values are bound
            )
        for facet, values in query.filters.items():
            keys = ", ".join(w.bind(f"{facet}:{v}") for v in values)
            w.facet[facet] = f"EXISTS (SELECT 1 FROM json_each(d.facet_keys) WHERE value IN ({keys}))"  # nosec B608 # constant names; values are bound
        source = f"search_documents d JOIN {FTS} ON {FTS}.rowid = d.id" if match else "search_documents d"
        return w, source

    def _search(self, conn: Connection, query: SearchQuery) -> SearchResult:
        parsed = parse(query.text)
        w, source = self._where(query, parsed)
        ranked = parsed.has_positive and query.sort == "relevance"
        where_all = w.sql(w.base + [w.all_facets()])
        total = conn.execute(sa.text(f"SELECT count(*) FROM {source} WHERE {where_all}"), w.params).scalar_one()  # nosec B608 # constant names; values are bound
        # Prefer a highlighted passage from the body, then the summary: the title is shown anyway.
        body, summary = (f"snippet({FTS}, {col}, '{MARK_START}', '{MARK_END}', ' … ', 24)" for col in (2, 1))
        snippet = (
            f"CASE WHEN instr({body}, '{MARK_START}') THEN {body} ELSE {summary} END" if parsed.has_positive else "NULL"
        )
        order = f"{BM25}, d.published_on DESC, d.id DESC" if ranked else "d.published_on DESC, d.id DESC"
        rows = conn.execute(
            sa.text(
                f"SELECT d.doc_id, d.kind, d.title, d.url, d.published_on, d.summary, d.fields, "
                f"{snippet} AS snip, {BM25 if ranked else 'NULL'} AS score "
                f"FROM {source} WHERE {where_all} ORDER BY {order} LIMIT :_lim OFFSET :_off"  # nosec B608 # constant names; values are bound
            ),
            w.params | {"_lim": query.per_page, "_off": query.offset},
        ).all()
        hits = [
            SearchHit(
                doc_id=r.doc_id,
                kind=r.kind,
                title=r.title,
                url=r.url,
                snippet=render_snippet(r.snip or r.summary),
                published_on=as_date(r.published_on),
                score=-r.score if r.score is not None else None,
                fields=json.loads(r.fields) if isinstance(r.fields, str) else r.fields,
                summary=r.summary or "",
            )
            for r in rows
        ]
        return SearchResult(
            total=total,
            hits=hits,
            facets=self._facets(conn, query, w, source),
            page=query.page,
            per_page=query.per_page,
        )

    def _facets(self, conn, query, w: Where, source: str) -> dict:
        shared, own = facet_plan(query, w)
        counts: dict[str, dict[str, int]] = {}
        passes = ([(shared, w.all_facets())] if shared else []) + [([f], w.all_facets(except_facet=f)) for f in own]
        for groups, cond in passes:
            names = ", ".join(w.bind(g) for g in groups)
            rows = conn.execute(
                sa.text(
                    f"SELECT j.value, count(*) FROM {source}, json_each(d.facet_keys) j "
                    f"WHERE {w.sql(w.base + [cond])} "
                    f"AND substr(j.value, 1, instr(j.value, ':') - 1) IN ({names}) "
                    f"GROUP BY j.value"  # nosec B608 # constant names; values are bound
                ),
                w.params,
            ).all()
            counts |= split_facet_rows(rows)
        return {f: sort_facet_counts(counts.get(f, {})) for f in query.facets}

    def suggest(
        self, prefix: str, kind: str | None = None, limit: int = 10, working_group_ids: list[int] | None = None
    ) -> list[str]:
        words = [w for g in parse(prefix).groups for c in g for w in c.words]
        if not words:
            return []
        match = " AND ".join(f'title : "{w}"' for w in words) + "*"
        query = SearchQuery(kind=kind, working_group_ids=working_group_ids)
        w, _ = self._where(query, ParsedQuery())
        with self.engine.connect() as conn:
            rows = (
                conn.execute(
                    sa.text(
                        f"SELECT DISTINCT d.title FROM search_documents d JOIN {FTS} ON {FTS}.rowid = d.id "
                        f"WHERE {FTS} MATCH :_m AND {w.sql(w.base)} ORDER BY d.published_on DESC "
                        f"LIMIT :_lim"  # nosec B608 # constant names; values are bound
                    ),
                    w.params | {"_m": match, "_lim": limit},
                )
                .scalars()
                .all()
            )
        return list(rows)
