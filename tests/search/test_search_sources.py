"""Reindex sources: every kind that events index has one, declared by the domain that owns it;
after `demo load`, and again after `search reindex`, `search status` is in step (SQLite and
PostgreSQL), and the reindex rebuilds exactly the documents the events had indexed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linkhub.platform import reindex_sources
from linkhub.search import service, sources
from linkhub.search.cli import search
from linkhub.search.documents import REPORT_TYPES, SearchQuery

pytestmark = pytest.mark.usefixtures("db_kind")


def test_every_indexed_kind_has_a_reindex_source_from_its_owning_domain(app):
    # The kinds the events index: every report type report.published accepts, and shared issues.
    assert set(sources.INDEXED_KINDS) == set(REPORT_TYPES) | {"shared_issue"}
    assert sources.missing() == []
    owners = {s.indexed_kind: s.name.rsplit(".", 1)[0] for s in sources.sources()}
    assert owners == {
        "network_report": "linkhub.tenants.reports.search_sources",
        "enter_and_view": "linkhub.tenants.visits.search_sources",
        "joint_report": "linkhub.federation.search_sources",
        "shared_issue": "linkhub.federation.search_sources",
        "annual_report": "linkhub.tenants.returns.search_sources",
    }


def test_a_kind_without_a_source_is_reported_and_never_in_step(app):
    sources.sources()  # discovered
    dropped = [s for s in reindex_sources.registered() if s.kind == "enter_and_view"]
    for s in dropped:
        reindex_sources.unregister(s.name)
    try:
        assert sources.missing() == ["enter_and_view"]
        result = CliRunner().invoke(search, ["status", "--json"])
        assert result.exit_code == 0, (result.output, result.exception)
        data = json.loads(result.output)
        assert data["missing_sources"] == ["enter_and_view"]
        assert {k["kind"]: k["in_step"] for k in data["kinds"]}["report"] is False
        assert "no reindex source" in CliRunner().invoke(search, ["status"]).output
    finally:
        for s in dropped:
            reindex_sources.register(s.kind, event_type=s.event_type, name=s.name, count=s.count)(s.payloads)


def _index() -> dict:
    result = service.backend().search(SearchQuery(per_page=100))
    assert result.total <= 100
    return {h.doc_id: (h.title, h.fields.get("report_type"), h.summary) for h in result.hits}


def _status() -> dict:
    result = CliRunner().invoke(search, ["status", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_status_is_in_step_after_demo_load_and_after_reindex(app):
    from linkhub.demo import load_demo

    list(load_demo())  # runs the search events it emits, as `linkhub demo load` does
    data = _status()
    assert data["missing_sources"] == [] and data["outbox"]["waiting"] == 0
    assert all(k["in_step"] for k in data["kinds"]), data["kinds"]
    before = _index()
    kinds = {t for _, t, _ in before.values()}
    assert {"network_report", "enter_and_view", "joint_report", "annual_report"} <= kinds  # demo shows them all
    result = CliRunner().invoke(search, ["reindex"])
    assert result.exit_code == 0, result.output
    assert _index() == before  # every report kept, none added
    assert all(k["in_step"] for k in _status()["kinds"])
