"""Embedded search engine: tantivy (Rust, PyPI `tantivy`), an index directory on this machine.

Why: on one machine it ranks the exact top hits with block-max WAND over posting lists and
counts facets over posting lists and columnar fast fields, which PostgreSQL core cannot do
fast for words with tens of thousands of matches (figures in linkhub/search/README.md).

``LINKHUB_SEARCH_URL=tantivy:///srv/linkhub/search-index``. Documents come from the same outbox
events as every backend (handlers.py), so indexing stays outbox-driven and idempotent (a write
replaces the document by its id). Tantivy allows one writer per index directory (its own lock
file): a write takes the lock, commits and gives it back, waiting up to `lock_wait` seconds for
another writer (then it fails and the outbox retries the event). Only the workers that handle
search events write; web processes only read (they handle no events; ``?writer=0`` makes any
write there an error). A reader sees a write once it is committed (readers reload before each
search). `linkhub search reindex` holds the lock while it rebuilds; events handled meanwhile
wait or are retried, and apply after it (the newest event of a document decides).

Relevance, the declared scoring function, applied to every match: BM25 (tantivy's, k1 1.2,
b 0.75) per field, title x3 + summary x2 + body x1, summed over the query's words; filters add
nothing (constant score 0). Prefix clauses score a constant. Ties: newer first, then the
higher `tie_key(doc_id)` (a 64-bit hash of the id, stored as a fast field). Totals and facet
counts are exact: counted over every match (terms aggregations asked for every value).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterable
from urllib.parse import parse_qs, urlsplit

import tantivy

from ..documents import (
    FACETS,
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
from .base import Progress, SearchBackend

ANALYZER = "linkhub_en"
TEXT_FIELDS = {"title": 3.0, "summary": 2.0, "body": 1.0}  # title > summary > body
EPOCH = date(1970, 1, 1)
AGG_SIZE = 1_000_000  # every value of a facet: counts are exact, never a truncated top list
CHUNK = 1000


def analyzer() -> tantivy.TextAnalyzer:
    """Split on non-alphanumerics, drop tokens over 40 characters, lower-case, English stems."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def tie_key(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big", signed=True)


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("doc_id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        b.add_text_field(name, stored=True, tokenizer_name=ANALYZER)
    for name in FACETS:  # kind, network, region, ..., year, providers, ...: raw, countable
        b.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("day", indexed=True, fast=True)  # published_on, days since 1970
    b.add_integer_field("tie", fast=True)
    b.add_integer_field("wg", indexed=True)  # working_group_ids
    b.add_text_field("payload", stored=True, tokenizer_name="raw", index_option="basic")
    return b.build()


def _day(d: date) -> int:
    return (d - EPOCH).days


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(self, path: str | Path, writer: bool = True, heap: int = 64_000_000, lock_wait: float = 60.0):
        """`writer`: False for a process that must only read."""
        self.path, self.may_write, self.heap, self.lock_wait = Path(path), writer, heap, lock_wait
        self.schema = _schema()
        self.analyzer = analyzer()
        self._index: tantivy.Index | None = None
        self._lock = threading.RLock()
        self.resumed_from = 0

    @classmethod
    def from_url(cls, url: str) -> "TantivyBackend":
        parts = urlsplit(url)
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return cls(parts.path, writer=options.get("writer", "1") != "0")

    # -- the index, the writer ------------------------------------------------------------
    @property
    def index_(self) -> tantivy.Index:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self.path.mkdir(parents=True, exist_ok=True)
                    index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
                    index.register_tokenizer(ANALYZER, self.analyzer)
                    self._index = index
        return self._index

    def install(self) -> None:
        self.index_  # noqa: B018 - creates the directory and the index

    @contextmanager
    def _writing(self):
        """The index's one writer, for one commit; the lock file is given back afterwards."""
        if not self.may_write:
            raise RuntimeError(
                "this process only reads the search index; the workers that handle search events write it"
            )
        with self._lock:
            deadline = time.monotonic() + self.lock_wait
            while True:
                try:
                    writer = self.index_.writer(heap_size=self.heap, num_threads=1)
                    break
                except ValueError as exc:  # LockBusy: another process is writing
                    if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # ends the writer: the lock is free again
            self.index_.reload()

    def _add(self, writer, doc: SearchDocument, replace: bool = True) -> None:
        if replace:
            writer.delete_documents_by_term("doc_id", doc.doc_id)
        values = doc.facet_values()
        data = {
            "doc_id": doc.doc_id,
            "title": doc.title,
            "summary": doc.summary or "",
            "body": doc.body or "",
            "day": _day(doc.published_on),
            "tie": tie_key(doc.doc_id),
            "wg": sorted({int(i) for i in doc.working_group_ids}),
            "payload": json.dumps(
                {
                    "kind": doc.kind,
                    "url": doc.url,
                    "published_on": doc.published_on.isoformat(),
                    "fields": doc.fields(),
                },
                default=str,
            ),
        }
        data |= {name: vs for name, vs in values.items() if vs}
        writer.add_document(tantivy.Document.from_dict(data, self.schema))

    def index(self, doc: SearchDocument) -> None:
        self.bulk([doc])

    def bulk(self, docs: Iterable[SearchDocument]) -> int:
        n = 0
        with self._writing() as writer:
            for doc in docs:
                self._add(writer, doc)
                n += 1
        return n

    def delete(self, doc_id: str) -> None:
        with self._writing() as writer:
            writer.delete_documents_by_term("doc_id", doc_id)

    def reindex(self, docs: Iterable[SearchDocument], progress: Progress | None = None, **_) -> int:
        """Everything replaced in one commit: readers see the old index until it."""
        n = 0
        with self._writing() as writer:
            writer.delete_all_documents()
            for doc in docs:
                self._add(writer, doc, replace=False)  # the index is empty: nothing to replace
                n += 1
                if progress and n % CHUNK == 0:
                    progress(n)
        if progress:
            progress(n)
        return n

    # -- queries ----------------------------------------------------------------------------
    def _terms(self, words) -> list[str]:
        return [t for w in words for t in self.analyzer.analyze(w)]

    def _clause(self, c: Clause, boosted: bool = True) -> tantivy.Query | None:
        Q, per_field = tantivy.Query, []
        words = list(c.words)
        if c.prefix:
            last = self.analyzer.analyze(words[-1])
            if not last:
                return None
            terms, prefix = self._terms(words[:-1]), last[-1]
        else:
            terms, prefix = self._terms(words), None
        if not terms and prefix is None:
            return None
        for field, boost in TEXT_FIELDS.items():
            if prefix is not None and terms:
                q = Q.phrase_prefix_query(self.schema, field, terms + [prefix])
            elif prefix is not None:
                q = Q.regex_query(self.schema, field, re.escape(prefix) + ".*")
            elif len(terms) > 1:
                q = Q.phrase_query(self.schema, field, terms)
            else:
                q = Q.term_query(self.schema, field, terms[0])
            per_field.append((tantivy.Occur.Should, Q.boost_query(q, boost) if boosted else q))
        return Q.boolean_query(per_field)

    def _text_query(self, parsed: ParsedQuery) -> tuple[list, bool]:
        """(boolean clauses, whether any positive clause survived analysis)."""
        Occur, out, positive = tantivy.Occur, [], False
        for group in parsed.groups:
            options = [q for c in group if (q := self._clause(c)) is not None]
            if not options:
                # a group of nothing searchable (e.g. one 300-letter word) matches nothing
                return [(Occur.Must, tantivy.Query.empty_query())], True
            positive = True
            out.append(
                (
                    Occur.Must,
                    options[0]
                    if len(options) == 1
                    else tantivy.Query.boolean_query([(Occur.Should, q) for q in options]),
                )
            )
        for c in parsed.excluded:
            if (q := self._clause(c, boosted=False)) is not None:
                out.append((Occur.MustNot, q))
        return out, positive

    def _filters(self, query: SearchQuery, except_facet: str | None = None) -> list:
        Q, Occur, out = tantivy.Query, tantivy.Occur, []
        if query.kind:
            out.append(Q.term_query(self.schema, "kind", query.kind))
        if query.date_from or query.date_to:
            out.append(
                Q.range_query(
                    self.schema,
                    "day",
                    tantivy.FieldType.Integer,
                    _day(query.date_from) if query.date_from else None,
                    _day(query.date_to) if query.date_to else None,
                )
            )
        if query.working_group_ids is not None:
            out.append(
                Q.boolean_query(
                    [(Occur.Should, Q.term_query(self.schema, "kind", "report"))]
                    + (
                        [(Occur.Should, Q.term_set_query(self.schema, "wg", [int(i) for i in query.working_group_ids]))]
                        if query.working_group_ids
                        else []
                    )
                )
            )
        for facet, values in query.filters.items():
            if facet != except_facet:
                out.append(Q.term_set_query(self.schema, facet, [str(v) for v in values]))
        # Filters decide what matches, never the score.
        out = [(Occur.Must, Q.const_score_query(q, 0.0)) for q in out]
        if query.hidden_networks:
            out.append(
                (
                    Occur.MustNot,
                    Q.boolean_query(
                        [
                            (Occur.Must, Q.term_query(self.schema, "kind", "report")),
                            (Occur.Must, Q.term_set_query(self.schema, "network", list(query.hidden_networks))),
                            (Occur.MustNot, Q.term_query(self.schema, "report_type", "joint_report")),
                        ]
                    ),
                )
            )
        return out

    def _query(self, text: list, query: SearchQuery, except_facet: str | None = None) -> tantivy.Query:
        clauses = text + self._filters(query, except_facet)
        if not any(o == tantivy.Occur.Must for o, _ in clauses):
            clauses = [(tantivy.Occur.Must, tantivy.Query.all_query())] + clauses
        return tantivy.Query.boolean_query(clauses)

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = parse(query.text)
        text, positive = self._text_query(parsed)
        ranked = positive and query.sort == "relevance"
        index = self.index_
        index.reload()
        searcher = index.searcher()
        full = self._query(text, query)
        # The facet pass over every match also counts them, when one pass has every filter;
        # then the page needs no count and its top hits come from block-max WAND alone.
        facets, total = self._facets(searcher, text, query, count=True)
        hits, counted = self._page(searcher, full, query, ranked, count=total is None)
        total = counted if total is None else total
        return SearchResult(
            total=total,
            hits=self._hits(searcher, full, hits, positive),
            facets=facets,
            page=query.page,
            per_page=query.per_page,
        )

    def _page(self, searcher, q, query: SearchQuery, ranked: bool, count: bool = True):
        """The page's (score, address) in the exact order: read the top `need` (+ those tied
        with the last of them), then order by (score, day, tie)."""
        need = query.offset + query.per_page
        limit = need + 1
        while True:
            found = (
                searcher.search(q, limit=limit, count=count)
                if ranked
                else searcher.search(q, limit=limit, count=count, order_by_field="day")
            )
            hits = found.hits
            if len(hits) < limit or hits[-1][0] != hits[min(need, len(hits)) - 1][0]:
                break
            limit *= 4
        if not hits:
            return [], found.count
        addresses = [a for _, a in hits]
        days = searcher.fast_field_values("day", addresses)
        ties = searcher.fast_field_values("tie", addresses)
        rows = sorted(zip(hits, days, ties), key=lambda r: (-r[0][0], -r[1], -r[2]) if ranked else (-r[1], -r[2]))
        return [(h[0] if ranked else None, h[1]) for h, _, _ in rows[query.offset : need]], found.count

    def _facets(self, searcher, text: list, query: SearchQuery, count: bool = False):
        """Exact facet counts (disjunctive: a facet's own filter does not narrow it); with
        `count`, (facets, the number of matches or None when no pass had every filter)."""
        wanted = [f for f in query.facets if f in FACETS]
        own = [f for f in wanted if f in query.filters]
        passes = ([([f for f in wanted if f not in own], None)] if len(own) < len(wanted) else []) + [
            ([f], f) for f in own
        ]
        out: dict[str, list] = {}
        total = None
        for facets, except_facet in passes:
            q = self._query(text, query, except_facet)
            aggs = {f: {"terms": {"field": f, "size": AGG_SIZE, "segment_size": AGG_SIZE}} for f in facets}
            if count and except_facet is None:
                aggs["_matches"] = {"value_count": {"field": "day"}}  # every document has a day
            result = searcher.aggregate(q, aggs)
            if "_matches" in result:
                total = int(result["_matches"]["value"])
            for f in facets:
                agg = result.get(f, {})
                if agg.get("sum_other_doc_count") or agg.get("doc_count_error_upper_bound"):
                    raise RuntimeError(f"facet {f} was not counted exactly")
                out[f] = sort_facet_counts({str(b["key"]): int(b["doc_count"]) for b in agg.get("buckets", [])})
        facets = {f: out.get(f, []) for f in query.facets}
        return (facets, total) if count else facets

    def _hits(self, searcher, q, page, positive: bool) -> list[SearchHit]:
        if not page:
            return []
        generators = {}
        if positive:
            for field in ("body", "summary"):
                g = tantivy.SnippetGenerator.create(searcher, q, self.schema, field)
                g.set_max_num_chars(200)
                generators[field] = g
        out = []
        for score, address in page:
            doc = searcher.doc(address)
            data = doc.to_dict()
            payload = json.loads(data["payload"][0])
            summary = (data.get("summary") or [""])[0]
            snippet = None
            for field, g in generators.items():
                s = g.snippet_from_doc(doc)
                if s.highlighted():
                    snippet = _marked(s)
                    break
            out.append(
                SearchHit(
                    doc_id=data["doc_id"][0],
                    kind=payload["kind"],
                    title=(data.get("title") or [""])[0],
                    url=payload["url"],
                    snippet=render_snippet(snippet or summary),
                    published_on=date.fromisoformat(payload["published_on"]),
                    score=float(score) if score is not None else None,
                    fields=payload["fields"],
                    summary=summary,
                )
            )
        return out

    def facets(self, query: SearchQuery) -> dict[str, list[tuple[str, int]]]:
        text, _ = self._text_query(parse(query.text))
        index = self.index_
        index.reload()
        return self._facets(index.searcher(), text, query)

    def suggest(
        self, prefix: str, kind: str | None = None, limit: int = 10, working_group_ids: list[int] | None = None
    ) -> list[str]:
        words = [w for g in parse(prefix).groups for c in g for w in c.words]
        if not words:
            return []
        Q, Occur = tantivy.Query, tantivy.Occur
        clauses = [
            (Occur.Must, q)
            for w in words[:-1]
            for t in self.analyzer.analyze(w)
            for q in [Q.term_query(self.schema, "title", t)]
        ]
        last = self.analyzer.analyze(words[-1]) or [words[-1].lower()]
        clauses.append((Occur.Must, Q.regex_query(self.schema, "title", re.escape(last[-1]) + ".*")))
        q = self._query(clauses, SearchQuery(kind=kind, working_group_ids=working_group_ids))
        index = self.index_
        index.reload()
        searcher = index.searcher()
        titles: list[str] = []
        for _, address in searcher.search(q, limit=limit * 5, count=False, order_by_field="day").hits:
            title = searcher.doc(address).to_dict()["title"][0]
            if title not in titles:
                titles.append(title)
        return titles[:limit]

    def health(self) -> dict:
        try:
            index = self.index_
            index.reload()
            searcher = index.searcher()
            counts = {
                kind: searcher.search(tantivy.Query.term_query(self.schema, "kind", kind), limit=1, count=True).count
                for kind in ("report", "shared_issue")
            }
        except Exception as exc:  # health must report, not raise
            return {"status": "error", "backend": self.name, "error": str(exc)}
        return {
            "status": "ok",
            "backend": self.name,
            "path": str(self.path),
            "documents": counts,
            "total": sum(counts.values()),
            "segments": searcher.num_segments,
        }


def _marked(snippet) -> str:
    """The fragment with the sentinels around each highlighted range (byte offsets)."""
    text = snippet.fragment().encode()
    out, pos = [], 0
    for r in snippet.highlighted():
        out += [text[pos : r.start], MARK_START.encode(), text[r.start : r.end], MARK_END.encode()]
        pos = r.end
    return b"".join(out + [text[pos:]]).decode(errors="replace")
