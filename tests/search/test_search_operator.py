"""Operator tools: reindex from the sources, status, the operator page, the demo generator."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from linkhub.platform import reindex_sources
from linkhub.search import service
from linkhub.search.cli import demo_reports, search
from linkhub.search.documents import SearchDocument, SearchQuery
from linkhub.search.events import report_document
from tests.helpers import sign_in
from tests.search.pipeline import emit, publish, report_payload


@pytest.fixture
def source(app):
    """A registered source of three published reports, as the reports domain will register."""
    payloads = [report_payload(f"S{i}") for i in range(3)]
    reindex_sources.register(
        "network_report", event_type="report.published", name="test.reports", count=lambda: len(payloads)
    )(lambda: iter(payloads))
    yield [report_document(p) for p in payloads]
    reindex_sources.unregister("test.reports")


def ids() -> list[str]:
    return sorted(h.doc_id for h in service.backend().search(SearchQuery(per_page=100)).hits)


@pytest.mark.usefixtures("db_kind")  # PostgreSQL: the owner builds and swaps in a shadow table
def test_reindex_replaces_the_index_with_the_sources(app, source):
    publish("report.published", report_payload("STALE"))
    result = CliRunner().invoke(search, ["reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed 3 documents" in result.output
    assert ids() == ["report:S0", "report:S1", "report:S2"]
    # The rebuilt index (on PostgreSQL a swapped-in table) keeps the application's grants.
    publish("report.published", report_payload("AFTER"))
    assert ids() == ["report:AFTER", "report:S0", "report:S1", "report:S2"]


def test_status_compares_index_sources_and_outbox_lag(app, source):
    publish("report.published", report_payload("S0"))
    emit("report.published", report_payload("S1"))  # not yet handled: outbox lag
    result = CliRunner().invoke(search, ["status", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    kinds = {k["kind"]: k for k in data["kinds"]}
    assert (kinds["report"]["indexed"], kinds["report"]["sources"], kinds["report"]["in_step"]) == (1, 3, False)
    assert data["outbox"]["waiting"] == 1 and data["outbox"]["oldest_age_seconds"] >= 0
    text = CliRunner().invoke(search, ["status"]).output
    assert "differs" in text and "1 waiting" in text


def test_operator_page_is_for_operators(client, world, source):
    assert client.get("/operator/search/").status_code == 302
    sign_in(client, world.users["reader"].email)
    assert client.get("/operator/search/").status_code == 403
    client.post("/sign-out")
    sign_in(client, world.users["operator"].email)
    page = client.get("/operator/search/").get_data(as_text=True)
    assert "Search index" in page and "test.reports" in page and "Published reports" in page


def test_demo_reports_generates_realistic_reports_across_150_networks(app):
    result = CliRunner().invoke(demo_reports, ["--count", "600"])
    assert result.exit_code == 0, result.output
    found = service.backend().search(SearchQuery(facets=("network", "region", "report_type"), per_page=1))
    assert found.total == 600
    assert len(found.facets["region"]) == 9 and len(found.facets["network"]) == 50  # capped at FACET_SIZE
    from linkhub.search.synthetic import NETWORKS, reports

    assert len({slug for slug, _, _ in NETWORKS}) == 150
    again = [d.doc_id for d in reports(5)] == [d.doc_id for d in reports(5)]
    assert again


def test_opensearch_reindex_resumes_a_half_built_index():
    from linkhub.search.backends.opensearch import OpenSearchBackend
    from linkhub.search.reindex import rebuild

    class Indices:
        def __init__(self):
            self.aliases = {"idx-v1": {"idx"}, "idx-v2": {"idx-next"}}
            self.calls = []

        def refresh(self, index):
            self.calls.append(("refresh", index))

        def create(self, index, body):
            self.calls.append(("create", index))

        def get_alias(self, name, ignore=None):
            return {i: {"aliases": {a: {} for a in aliases}} for i, aliases in self.aliases.items() if name in aliases}

        def get_mapping(self, index):
            return {index: {"mappings": {"_meta": {"linkhub_outbox_mark": 7}}}}

        def update_aliases(self, body):
            self.calls.append(("aliases", body))

        def delete(self, index, ignore=None):
            self.calls.append(("delete", index))

    class Client:
        def __init__(self):
            self.indices, self.sent = Indices(), []

        def count(self, index):
            return {"count": 2500}

    client = Client()

    import opensearchpy.helpers as helpers

    original = helpers.streaming_bulk
    helpers.streaming_bulk = lambda c, actions, chunk_size: ((True, client.sent.append(a["_id"]) or a) for a in actions)
    try:
        docs = [
            SearchDocument(doc_id=f"report:{i}", kind="report", title="t", url="/", published_on=date(2010, 1, 1))
            for i in range(4000)
        ]
        outcome = rebuild(OpenSearchBackend(client, alias="idx"), lambda: iter(docs))
    finally:
        helpers.streaming_bulk = original
    assert outcome == {"written": 4000, "resumed_from": 1500, "index": "idx-v2"}
    assert client.sent[0] == "report:1500" and ("create", "idx-v2") not in client.indices.calls
    moves = next(c[1] for c in client.indices.calls if c[0] == "aliases")["actions"]
    assert {"add": {"index": "idx-v2", "alias": "idx"}} in moves
    assert ("delete", "idx-v1") in client.indices.calls
