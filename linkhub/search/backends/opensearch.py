"""OpenSearch backend (opensearch-py) for scale-out.

- An index template (`<alias>-template`, pattern `<alias>-v*`) holds settings and mappings
  (English analyzer on title/summary/body, keywords for facets), so every versioned index gets
  the same shape.
- Searches and writes go through the alias `<alias>`. `reindex` builds `<alias>-v<N+1>`,
  bulk-loads it, then moves the alias in one atomic `_aliases` call and drops the old index:
  zero downtime. While it builds, the alias `<alias>-next` points at the new index and
  `index`/`delete` write to it too, so events during a reindex are not lost.
- Facets are `terms` aggregations; facet filters go in `post_filter` and each facet's
  aggregation applies the *other* facets' filters (disjunctive counts, as the SQL backends).
- `track_total_hits` is bounded; beyond it the total is flagged as an estimate.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import islice
from typing import Iterable
from urllib.parse import parse_qs, unquote, urlsplit

from ..documents import (
    FACET_SIZE,
    FACETS,
    MARK_END,
    MARK_START,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    render_snippet,
)
from ..query_text import Clause, ParsedQuery, parse
from .base import Progress, SearchBackend

TEXT_FIELDS = ["title^3", "summary^2", "body"]
REINDEX_CHUNK = 1000
REINDEX_MARK = "linkhub_outbox_mark"  # key in a building index's mapping _meta
TRACK_TOTAL_HITS = True  # exact totals: never "10,000 or more"
_keyword = {"type": "keyword"}


def index_template(alias: str, shards: int = 1, replicas: int = 1) -> dict:
    text = {"type": "text", "analyzer": "english"}
    props = {name: _keyword for name in FACETS}
    props |= {
        "doc_id": _keyword,
        "year": {"type": "integer"},
        "title": text | {"fields": {"raw": _keyword}},
        "summary": text,
        "body": text,
        "url": {"type": "keyword", "index": False},
        "published_on": {"type": "date"},
        "network_name": _keyword,
        "ods_codes": _keyword,
        "cqc_location_ids": _keyword,
        "working_group_ids": {"type": "integer"},
        "counts": {
            "dynamic": False,
            "properties": {"feedback_count": {"type": "integer"}, "people_count": {"type": "integer"}},
        },
    }
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 100,
        "template": {
            "settings": {"number_of_shards": shards, "number_of_replicas": replicas},
            "mappings": {"dynamic": "strict", "properties": props},
        },
    }


def source(doc: SearchDocument) -> dict:
    return doc.to_dict()


def clause_query(c: Clause) -> dict:
    kind = "phrase_prefix" if c.prefix else "phrase" if c.is_phrase else "best_fields"
    return {"multi_match": {"query": " ".join(c.words), "fields": TEXT_FIELDS, "type": kind}}


def text_query(parsed: ParsedQuery) -> dict:
    must = [
        clause_query(g[0])
        if len(g) == 1
        else {"bool": {"should": [clause_query(c) for c in g], "minimum_should_match": 1}}
        for g in parsed.groups
    ]
    return {"bool": {"must": must or [{"match_all": {}}], "must_not": [clause_query(c) for c in parsed.excluded]}}


def _terms(facet: str, values: list[str]) -> dict:
    return {"terms": {facet: [int(v) if facet == "year" else v for v in values]}}


def search_body(query: SearchQuery) -> dict:
    parsed = parse(query.text)
    base: list[dict] = []
    if query.kind:
        base.append({"term": {"kind": query.kind}})
    if query.date_from or query.date_to:
        rng = {k: v.isoformat() for k, v in (("gte", query.date_from), ("lte", query.date_to)) if v}
        base.append({"range": {"published_on": rng}})
    if query.working_group_ids is not None:
        base.append(
            {
                "bool": {
                    "should": [{"term": {"kind": "report"}}, {"terms": {"working_group_ids": query.working_group_ids}}],
                    "minimum_should_match": 1,
                }
            }
        )
    q = text_query(parsed)
    q["bool"]["filter"] = base
    if query.hidden_networks:
        q["bool"]["must_not"].append(
            {
                "bool": {
                    "filter": [{"term": {"kind": "report"}}, {"terms": {"network": list(query.hidden_networks)}}],
                    "must_not": [{"term": {"report_type": "joint_report"}}],
                }
            }
        )
    facet_filters = {f: _terms(f, v) for f, v in query.filters.items()}
    body: dict = {
        "query": q,
        "from": query.offset,
        "size": query.per_page,
        "track_total_hits": TRACK_TOTAL_HITS,
        "_source": {"excludes": ["body"]},
    }
    if facet_filters:
        body["post_filter"] = {"bool": {"filter": list(facet_filters.values())}}
    if query.facets:
        body["aggs"] = {
            f: {
                "filter": {"bool": {"filter": [c for o, c in facet_filters.items() if o != f]}},
                "aggs": {"values": {"terms": {"field": f, "size": FACET_SIZE}}},
            }
            for f in query.facets
        }
    by_date = [{"published_on": "desc"}, {"doc_id": "asc"}]
    body["sort"] = ["_score"] + by_date if parsed.has_positive and query.sort == "relevance" else by_date
    if parsed.has_positive:
        body["highlight"] = {
            "pre_tags": [MARK_START],
            "post_tags": [MARK_END],
            "fields": {"body": {}, "summary": {}},
            "fragment_size": 160,
            "number_of_fragments": 2,
        }
    return body


def parse_response(query: SearchQuery, resp: dict) -> SearchResult:
    total = resp["hits"]["total"]
    hits = []
    for h in resp["hits"]["hits"]:
        src = h["_source"]
        fragments = h.get("highlight", {})
        snip = " … ".join(fragments.get("body") or fragments.get("summary") or [])
        doc_fields = {
            k: v
            for k, v in src.items()
            if k not in ("doc_id", "kind", "title", "url", "published_on", "summary", "year")
        }
        hits.append(
            SearchHit(
                doc_id=src["doc_id"],
                kind=src["kind"],
                title=src["title"],
                url=src["url"],
                snippet=render_snippet(snip or src.get("summary")),
                published_on=date.fromisoformat(src["published_on"][:10]),
                score=h.get("_score"),
                fields=doc_fields,
                summary=src.get("summary") or "",
            )
        )
    facets = {
        f: [(str(b["key"]), b["doc_count"]) for b in agg["values"]["buckets"]]
        for f, agg in resp.get("aggregations", {}).items()
    }
    return SearchResult(
        total=total["value"],
        hits=hits,
        facets=facets,
        page=query.page,
        total_is_estimate=total.get("relation") == "gte",
        per_page=query.per_page,
    )


class OpenSearchBackend(SearchBackend):
    name = "opensearch"

    def __init__(
        self, client, alias: str = "linkhub-search", refresh: str | bool = False, shards: int = 1, replicas: int = 1
    ):
        self.client, self.alias, self.refresh = client, alias, refresh
        self.shards, self.replicas = shards, replicas

    @classmethod
    def from_url(cls, url: str, **kwargs) -> "OpenSearchBackend":
        try:
            from opensearchpy import OpenSearch
        except ImportError as error:  # an optional extra since it brings grpcio and protobuf
            raise RuntimeError(
                "LINKHUB_SEARCH_URL names OpenSearch but opensearch-py is not installed: "
                "pip install 'linkhub[opensearch]'"
            ) from error
        parts = urlsplit(url)
        opts = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        tls = parts.scheme in ("https", "opensearchs")
        auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        client = OpenSearch(
            hosts=[{"host": parts.hostname, "port": parts.port or 9200}],
            use_ssl=tls,
            verify_certs=opts.get("verify_certs", "1") != "0",
            http_auth=auth,
            timeout=30,
        )
        return cls(client, alias=opts.get("index", "linkhub-search"), refresh=opts.get("refresh", False), **kwargs)

    # -- index lifecycle ------------------------------------------------------------------
    @property
    def next_alias(self) -> str:
        return f"{self.alias}-next"

    def _indices(self, alias: str) -> list[str]:
        found = self.client.indices.get_alias(name=alias, ignore=404)
        return sorted(k for k in found if re.fullmatch(rf"{re.escape(self.alias)}-v\d+", k))

    def install(self) -> None:
        self.client.indices.put_index_template(
            name=f"{self.alias}-template", body=index_template(self.alias, self.shards, self.replicas)
        )
        if not self.client.indices.exists_alias(name=self.alias):
            self.client.indices.create(index=f"{self.alias}-v1", body={"aliases": {self.alias: {}}})

    def reindex(
        self,
        docs: Iterable[SearchDocument],
        progress: Progress | None = None,
        *,
        mark: int | None = None,
        catch_up=None,
    ) -> int:
        """Build ``<alias>-v<N+1>`` (reachable as ``<alias>-next``, which live writes reach too),
        then move the alias in one atomic request and drop the old index: zero downtime.

        Interrupted, the half-built index stays behind ``-next`` and the next call resumes it:
        sources yield in a stable order, so it skips what the index holds (less one chunk,
        rewritten harmlessly). `mark`, the outbox position when the rebuild began, is kept in
        the new index's mapping ``_meta``; before the switch, ``catch_up(None, mark)`` gives the
        search events' changes since then, applied again (see linkhub/search/reindex.py)."""
        from opensearchpy import helpers

        live, building = self._indices(self.alias), self._indices(self.next_alias)
        if building:
            target = building[-1]
            self.client.indices.refresh(index=target)
            skip = max(0, self.client.count(index=target)["count"] - REINDEX_CHUNK)
            mapping = self.client.indices.get_mapping(index=target).get(target, {}).get("mappings", {})
            mark = mapping.get("_meta", {}).get(REINDEX_MARK)
        else:
            version = max([int(i.rsplit("-v", 1)[1]) for i in live] or [0]) + 1
            target, skip = f"{self.alias}-v{version}", 0
            body = {"aliases": {self.next_alias: {}}}
            if mark is not None:
                body["mappings"] = {"_meta": {REINDEX_MARK: mark}}
            self.client.indices.create(index=target, body=body)
        written = skip
        for _ok, _item in helpers.streaming_bulk(
            self.client, self._actions(islice(docs, skip, None), [target]), chunk_size=REINDEX_CHUNK
        ):
            written += 1
            if progress and written % REINDEX_CHUNK == 0:
                progress(written)
        if progress:
            progress(written)
        if mark is not None and catch_up is not None:
            self._apply_changes(target, catch_up(None, mark))
        self.client.indices.refresh(index=target)
        old = [i for i in live if i != target]
        # One request: readers see the old index, then the new one, never neither.
        self.client.indices.update_aliases(
            body={
                "actions": [
                    *({"remove": {"index": i, "alias": self.alias}} for i in old),
                    {"add": {"index": target, "alias": self.alias}},
                    {"remove": {"index": target, "alias": self.next_alias}},
                ]
            }
        )
        for index in old:
            self.client.indices.delete(index=index, ignore=404)
        self.resumed_from, self.last_index = skip, target
        return written

    def _apply_changes(self, index: str, changes) -> None:
        """(doc_id, document or None to delete) pairs, written to one index."""
        from opensearchpy import helpers

        upserts = [doc for _, doc in changes if doc is not None]
        if upserts:
            helpers.bulk(self.client, self._actions(upserts, [index]))
        for doc_id, doc in changes:
            if doc is None:
                self.client.delete(index=index, id=doc_id, ignore=404)

    # -- writes ---------------------------------------------------------------------------
    def _targets(self) -> list[str]:
        return [self.alias] + self._indices(self.next_alias)

    def _actions(self, docs: Iterable[SearchDocument], targets: list[str]):
        for doc in docs:
            for target in targets:
                yield {"_op_type": "index", "_index": target, "_id": doc.doc_id, "_source": source(doc)}

    def index(self, doc: SearchDocument) -> None:
        self.bulk([doc])

    def bulk(self, docs: Iterable[SearchDocument]) -> int:
        from opensearchpy import helpers

        targets = self._targets()
        ok, _ = helpers.bulk(self.client, self._actions(docs, targets), refresh=self.refresh)
        return ok // len(targets)

    def delete(self, doc_id: str) -> None:
        for target in self._targets():
            self.client.delete(index=target, id=doc_id, refresh=self.refresh, ignore=404)

    # -- reads ----------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResult:
        return parse_response(query, self.client.search(index=self.alias, body=search_body(query)))

    def suggest(
        self, prefix: str, kind: str | None = None, limit: int = 10, working_group_ids: list[int] | None = None
    ) -> list[str]:
        words = [w for g in parse(prefix).groups for c in g for w in c.words]
        if not words:
            return []
        body = search_body(SearchQuery(kind=kind, working_group_ids=working_group_ids, per_page=limit))
        body["query"]["bool"]["must"] = [{"match_phrase_prefix": {"title": " ".join(words)}}]
        body["_source"] = ["title"]
        body["collapse"] = {"field": "title.raw"}
        resp = self.client.search(index=self.alias, body=body)
        return [h["_source"]["title"] for h in resp["hits"]["hits"]]

    def health(self) -> dict:
        try:
            status = self.client.cluster.health()["status"]
            resp = self.client.search(
                index=self.alias,
                body={"size": 0, "track_total_hits": True, "aggs": {"kind": {"terms": {"field": "kind"}}}},
            )
        except Exception as exc:  # health must report, not raise
            return {"status": "error", "backend": self.name, "error": str(exc)}
        counts = {"report": 0, "shared_issue": 0} | {
            b["key"]: b["doc_count"] for b in resp["aggregations"]["kind"]["buckets"]
        }
        return {
            "status": "ok" if status in ("green", "yellow") else status,
            "cluster_status": status,
            "backend": self.name,
            "alias": self.alias,
            "indices": self._indices(self.alias),
            "documents": counts,
            "total": sum(counts.values()),
        }
