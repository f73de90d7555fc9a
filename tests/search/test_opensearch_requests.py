"""The exact requests the OpenSearch backend sends, through a real opensearch-py client
whose connection class records each call and answers from a small script."""

from __future__ import annotations

import json
from datetime import date

import pytest
from opensearchpy import Connection, OpenSearch

from linkhub.search.backends import get_backend
from linkhub.search.backends.opensearch import OpenSearchBackend
from linkhub.search.documents import MARK_END, MARK_START, SearchQuery


class Recorder:
    def __init__(self):
        self.calls: list[tuple[str, str, dict, object]] = []
        self.routes: dict[tuple[str, str], tuple[int, object]] = {}

    def answer(self, method, path, status=200, data=None):
        self.routes[(method, path)] = (status, {} if data is None else data)

    def respond(self, method, url, body):
        path = url.split("?")[0]
        if (method, path) in self.routes:
            return self.routes[(method, path)]
        if path == "/_bulk":
            lines = body
            items = [{next(iter(a)): {"_id": a[next(iter(a))]["_id"], "status": 201}} for a in lines[::2]]
            return 200, {"errors": False, "items": items}
        return 200, {"acknowledged": True}

    def sent(self, method=None, path=None):
        return [
            c for c in self.calls if (method is None or c[0] == method) and (path is None or c[1].split("?")[0] == path)
        ]


def _decode(body):
    if body is None:
        return None
    text = body.decode() if isinstance(body, bytes) else body
    try:
        return json.loads(text)
    except ValueError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture
def backend(rec):
    class FakeConnection(Connection):
        def perform_request(self, method, url, params=None, body=None, timeout=None, ignore=(), headers=None):
            decoded = _decode(body)
            rec.calls.append((method, url, dict(params or {}), decoded))
            status, data = rec.respond(method, url, decoded)
            raw = json.dumps(data)
            if not (200 <= status < 300) and status not in ignore:
                self._raise_error(status, raw)
            return status, {"content-type": "application/json"}, raw

    client = OpenSearch(hosts=[{"host": "fake", "port": 9200}], connection_class=FakeConnection)
    return OpenSearchBackend(client, alias="lh", refresh="wait_for", replicas=0)


def test_install_puts_template_and_creates_first_versioned_index(backend, rec):
    rec.answer("HEAD", "/_alias/lh", 404)
    backend.install()
    ((_, _, _, template),) = rec.sent("PUT", "/_index_template/lh-template")
    assert template["index_patterns"] == ["lh-v*"]
    mappings = template["template"]["mappings"]
    assert mappings["dynamic"] == "strict"
    props = mappings["properties"]
    for text_field in ("title", "summary", "body"):
        assert props[text_field]["type"] == "text" and props[text_field]["analyzer"] == "english"
    for facet in (
        "kind",
        "network",
        "region",
        "providers",
        "service_types",
        "powers",
        "theme",
        "pathway",
        "response_status",
        "report_type",
    ):
        assert props[facet] == {"type": "keyword"}
    assert props["year"] == {"type": "integer"} and props["published_on"] == {"type": "date"}
    assert template["template"]["settings"]["number_of_replicas"] == 0
    ((_, _, _, created),) = rec.sent("PUT", "/lh-v1")
    assert created == {"aliases": {"lh": {}}}


def test_install_again_keeps_existing_alias(backend, rec):
    rec.answer("HEAD", "/_alias/lh", 200)
    backend.install()
    assert rec.sent("PUT", "/_index_template/lh-template") and not rec.sent("PUT", "/lh-v1")


def test_bulk_uses_doc_id_and_the_alias(backend, rec, corpus):
    rec.answer("GET", "/_alias/lh-next", 404, {"error": "alias missing", "status": 404})
    assert backend.bulk(corpus[:2]) == 2
    ((_, _, params, lines),) = rec.sent("POST", "/_bulk")
    assert params["refresh"] in ("wait_for", b"wait_for")  # the client pre-encodes params
    assert lines[0] == {"index": {"_index": "lh", "_id": "report:r1"}}
    assert lines[1]["title"] == corpus[0].title and lines[1]["year"] == 2009
    assert lines[1]["published_on"] == "2009-03-10" and lines[1]["providers"] == ["Oak Lodge Ltd"]
    assert lines[2] == {"index": {"_index": "lh", "_id": "report:r2"}}


def test_writes_during_a_reindex_also_reach_the_new_index(backend, rec, corpus):
    rec.answer("GET", "/_alias/lh-next", 200, {"lh-v3": {"aliases": {"lh-next": {}}}})
    backend.index(corpus[0])
    ((_, _, _, lines),) = rec.sent("POST", "/_bulk")
    assert [line["index"]["_index"] for line in lines[::2]] == ["lh", "lh-v3"]
    backend.delete("report:r1")
    assert [c[1].split("?")[0] for c in rec.sent("DELETE")] == ["/lh/_doc/report%3Ar1", "/lh-v3/_doc/report%3Ar1"]


def test_delete_of_missing_document_is_fine(backend, rec):
    rec.answer("GET", "/_alias/lh-next", 404, {"status": 404})
    rec.answer("DELETE", "/lh/_doc/nope", 404, {"result": "not_found"})
    backend.delete("nope")


def test_reindex_builds_next_version_then_switches_alias_atomically(backend, rec, corpus):
    rec.answer("GET", "/_alias/lh", 200, {"lh-v3": {"aliases": {"lh": {}}}})
    seen = []
    assert backend.reindex(corpus, progress=seen.append) == len(corpus)
    order = [(m, u.split("?")[0]) for m, u, _, _ in rec.calls]
    create = order.index(("PUT", "/lh-v4"))
    bulk = order.index(("POST", "/_bulk"))
    switch = order.index(("POST", "/_aliases"))
    drop = order.index(("DELETE", "/lh-v3"))
    assert create < bulk < switch < drop
    assert rec.calls[create][3] == {"aliases": {"lh-next": {}}}
    assert {line["index"]["_index"] for line in rec.calls[bulk][3][::2]} == {"lh-v4"}
    assert rec.calls[switch][3] == {
        "actions": [
            {"remove": {"index": "lh-v3", "alias": "lh"}},
            {"add": {"index": "lh-v4", "alias": "lh"}},
            {"remove": {"index": "lh-v4", "alias": "lh-next"}},
        ]
    }
    assert seen[-1] == len(corpus)


def _search_body(backend, rec, query, response=None):
    rec.answer("POST", "/lh/_search", 200, response or {"hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}})
    result = backend.search(query)
    ((_, _, _, body),) = rec.sent("POST", "/lh/_search")
    return body, result


def test_search_request_for_text_filters_facets_and_visibility(backend, rec):
    query = SearchQuery(
        text='ambulance "care home" -handover disch* crisis OR weekend',
        kind="report",
        filters={"region": ["yorkshire"], "year": [2009, 2010]},
        date_from=date(2009, 1, 1),
        date_to=date(2010, 12, 31),
        page=3,
        per_page=10,
        facets=("region", "theme"),
        working_group_ids=[4],
    )
    body, _ = _search_body(backend, rec, query)
    fields = ["title^3", "summary^2", "body"]
    assert body["query"]["bool"]["must"] == [
        {"multi_match": {"query": "ambulance", "fields": fields, "type": "best_fields"}},
        {"multi_match": {"query": "care home", "fields": fields, "type": "phrase"}},
        {"multi_match": {"query": "disch", "fields": fields, "type": "phrase_prefix"}},
        {
            "bool": {
                "minimum_should_match": 1,
                "should": [
                    {"multi_match": {"query": "crisis", "fields": fields, "type": "best_fields"}},
                    {"multi_match": {"query": "weekend", "fields": fields, "type": "best_fields"}},
                ],
            }
        },
    ]
    assert body["query"]["bool"]["must_not"] == [
        {"multi_match": {"query": "handover", "fields": fields, "type": "best_fields"}}
    ]
    assert body["query"]["bool"]["filter"] == [
        {"term": {"kind": "report"}},
        {"range": {"published_on": {"gte": "2009-01-01", "lte": "2010-12-31"}}},
        {
            "bool": {
                "should": [{"term": {"kind": "report"}}, {"terms": {"working_group_ids": [4]}}],
                "minimum_should_match": 1,
            }
        },
    ]
    region, year = {"terms": {"region": ["yorkshire"]}}, {"terms": {"year": [2009, 2010]}}
    assert body["post_filter"] == {"bool": {"filter": [region, year]}}
    assert body["aggs"] == {  # each facet sees the other facets' filters, not its own
        "region": {
            "filter": {"bool": {"filter": [year]}},
            "aggs": {"values": {"terms": {"field": "region", "size": 50}}},
        },
        "theme": {
            "filter": {"bool": {"filter": [region, year]}},
            "aggs": {"values": {"terms": {"field": "theme", "size": 50}}},
        },
    }
    assert body["highlight"]["pre_tags"] == [MARK_START]
    assert body["highlight"]["post_tags"] == [MARK_END]
    assert set(body["highlight"]["fields"]) == {"body", "summary"}
    assert body["sort"] == ["_score", {"published_on": "desc"}, {"doc_id": "asc"}]
    assert (body["from"], body["size"], body["track_total_hits"]) == (20, 10, True)


def test_empty_or_date_sorted_query_browses_by_date(backend, rec):
    body, _ = _search_body(backend, rec, SearchQuery(text=' - OR "'))
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"] == [{"published_on": "desc"}, {"doc_id": "asc"}]
    assert "highlight" not in body and "post_filter" not in body and "aggs" not in body


def test_response_becomes_a_search_result(backend, rec):
    response = {
        "hits": {
            "total": {"value": 10000, "relation": "gte"},
            "hits": [
                {
                    "_score": 3.5,
                    "highlight": {"body": [f"the {MARK_START}crisis{MARK_END} <team>"]},
                    "_source": {
                        "doc_id": "report:r3",
                        "kind": "report",
                        "title": "Crisis",
                        "url": "/r/3",
                        "published_on": "2010-01-15",
                        "summary": "s",
                        "network": "bradford",
                        "year": 2010,
                    },
                }
            ],
        },
        "aggregations": {
            "year": {
                "doc_count": 3,
                "values": {"buckets": [{"key": 2010, "doc_count": 2}, {"key": 2009, "doc_count": 1}]},
            }
        },
    }
    _, result = _search_body(backend, rec, SearchQuery(text="crisis", facets=("year",)), response)
    assert result.total == 10000 and result.total_is_estimate
    (hit,) = result.hits
    assert hit.snippet == "the <mark>crisis</mark> &lt;team&gt;"
    assert (hit.doc_id, hit.published_on, hit.score) == ("report:r3", date(2010, 1, 15), 3.5)
    assert hit.fields == {"network": "bradford"}
    assert result.facets == {"year": [("2010", 2), ("2009", 1)]}


def test_health_reports_cluster_status_and_counts(backend, rec):
    rec.answer("GET", "/_cluster/health", 200, {"status": "yellow"})
    rec.answer("GET", "/_alias/lh", 200, {"lh-v2": {}})
    rec.answer(
        "POST",
        "/lh/_search",
        200,
        {
            "hits": {"total": {"value": 5}, "hits": []},
            "aggregations": {"kind": {"buckets": [{"key": "report", "doc_count": 5}]}},
        },
    )
    health = backend.health()
    assert health["status"] == "ok" and health["indices"] == ["lh-v2"]
    assert health["documents"] == {"report": 5, "shared_issue": 0}


def test_health_reports_errors_instead_of_raising(backend, rec):
    rec.answer("GET", "/_cluster/health", 503, {"error": "down"})
    health = backend.health()
    assert health["status"] == "error"


def test_url_scheme():
    b = get_backend("opensearchs://user:p%40ss@search.example:9201?index=lh-prod&refresh=wait_for")
    assert isinstance(b, OpenSearchBackend)
    assert (b.alias, b.refresh) == ("lh-prod", "wait_for")
    conn = b.client.transport.connection_pool.connections[0]
    assert conn.host == "https://search.example:9201"
    plain = get_backend("opensearch://127.0.0.1:9200")
    assert plain.alias == "linkhub-search"
    assert plain.client.transport.connection_pool.connections[0].host == "http://127.0.0.1:9200"
    with pytest.raises(ValueError):
        get_backend("sql")  # needs an engine
    with pytest.raises(ValueError):
        get_backend("solr://x")


def test_rebuild_applies_events_emitted_while_it_ran_before_the_switch(app, backend, rec, corpus):
    """A report unpublished after the sources were read must not come back with the new index."""
    from linkhub.search.backends.opensearch import REINDEX_MARK as MARK
    from linkhub.search.reindex import rebuild
    from tests.search.pipeline import emit, report_payload

    rec.answer("GET", "/_alias/lh", 200, {"lh-v3": {"aliases": {"lh": {}}}})
    rec.answer("GET", "/_alias/lh-next", 404, {"status": 404})
    before = emit("report.published", report_payload("EARLIER"))

    def documents():  # the sources are read; meanwhile r1 is unpublished and r9 published
        emit("report.unpublished", {"public_ref": "r1"})
        emit("report.published", report_payload("r9"))
        return iter(corpus)

    rebuild(backend, documents)
    order = [(m, u.split("?")[0]) for m, u, _, _ in rec.calls]
    ((_, _, _, created),) = rec.sent("PUT", "/lh-v4")
    assert created["mappings"]["_meta"][MARK] == before  # kept for a resumed run
    switch = order.index(("POST", "/_aliases"))
    assert order.index(("DELETE", "/lh-v4/_doc/report%3Ar1")) < switch
    caught_up = [c[3] for c in rec.sent("POST", "/_bulk")][-1]
    assert caught_up[0] == {"index": {"_index": "lh-v4", "_id": "report:r9"}}
    assert not any(line.get("index", {}).get("_id") == "report:EARLIER" for line in caught_up[::2])
