"""The indexing pipeline: outbox events in, index changes out, idempotent and order-proof."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope
from linkhub.search import service
from linkhub.search.documents import SearchQuery
from linkhub.search.events import PayloadError, report_document, shared_issue_document

from tests.search.pipeline import emit, issue_payload, publish, report_payload, run

pytestmark = pytest.mark.usefixtures("db_kind")  # SQLite and PostgreSQL


def found(text="", kind=None, groups=None) -> list[str]:
    result = service.backend().search(SearchQuery(text=text, kind=kind, working_group_ids=groups))
    return [h.doc_id for h in result.hits]


def status(event_id: int) -> str:
    with platform_scope():
        value = db.session.scalar(select(OutboxEvent.status).where(OutboxEvent.id == event_id))
        db.session.rollback()
    return value


def test_published_report_is_searchable_and_unpublished_is_gone(app):
    publish("report.published", report_payload("R1"))
    assert found("handover") == ["report:R1"]
    publish("report.unpublished", {"public_ref": "R1"})
    assert found("handover") == [] and found() == []


def test_handlers_are_idempotent(app):
    event_id = publish("report.published", report_payload("R1"))
    # A redelivery after "done", and the handler run again directly, change nothing.
    assert run(event_id) == ["done"]
    from linkhub.search.handlers import report_published

    with platform_scope():
        report_published(db.session.get(OutboxEvent, event_id))
        db.session.commit()
    assert found() == ["report:R1"]
    assert service.backend().health()["documents"]["report"] == 1
    publish("report.unpublished", {"public_ref": "R1"})
    publish("report.unpublished", {"public_ref": "R1"})  # removing twice is fine
    assert found() == []


def test_republishing_replaces_the_document(app):
    publish("report.published", report_payload("R1"))
    publish("report.published", report_payload("R1", title="Revised report on discharge"))
    assert found("discharge") == ["report:R1"] and found('"on ambulance handover"') == []


def test_an_older_publish_delivered_late_cannot_undo_a_newer_unpublish(app):
    published = emit("report.published", report_payload("R1"))
    unpublished = emit("report.unpublished", {"public_ref": "R1"})
    assert run(unpublished, published) == ["done", "done"]  # out of order, as after a retry
    assert found() == []


def test_withdrawn_issue_leaves_the_index_even_if_shared_is_retried_later(app):
    shared = emit("shared_issue.shared", issue_payload(7))
    withdrawn = emit("shared_issue.withdrawn", {"shared_issue_id": 7})
    assert run(withdrawn, shared) == ["done", "done"]
    assert found(kind="shared_issue") == []
    publish("shared_issue.shared", issue_payload(8))
    assert found(kind="shared_issue", groups=[1]) == ["shared_issue:8"]
    assert found(kind="shared_issue", groups=[2]) == []
    publish("shared_issue.withdrawn", {"shared_issue_id": "8"})  # the id as text is the same issue
    assert found(kind="shared_issue") == []


def test_malformed_payload_ends_as_a_dead_letter_with_a_clear_error(app):
    event_id = emit("report.published", {"public_ref": "R9", "title": "No network or date"})
    assert run(event_id) == ["dead"]  # at once: retrying cannot fix the payload
    with platform_scope():
        event = db.session.get(OutboxEvent, event_id)
        assert "missing 'network'" in event.last_error
        db.session.rollback()
    assert found() == []


def test_payload_defaults_and_tolerance():
    doc = report_document(
        {
            "public_ref": "X1",
            "network": "leeds",
            "title": "T",
            "published_on": "2010-02-03T10:00:00",
            "region": "yorkshire",
            "providers": "One Trust",
            "unknown_key": 1,
        }
    )
    assert (doc.doc_id, doc.url, doc.report_type, doc.network_name) == (
        "report:X1",
        "/networks/leeds/reports/X1",
        "network_report",
        "leeds",
    )
    assert doc.region == "Yorkshire and the Humber" and doc.providers == ["One Trust"]
    assert doc.powers == [] and doc.response_status is None
    issue = shared_issue_document({"shared_issue_id": 3, "title": "T", "month": "2011-04"})
    assert issue.published_on.isoformat() == "2011-04-01" and issue.working_group_ids == []
    assert issue.counts == {"feedback_count": 0, "people_count": 0}


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"network": "a", "title": "T", "published_on": "2010-01-01"}, "public_ref"),
        ({"public_ref": "X", "network": "a", "title": "T", "published_on": "01/02/2010"}, "ISO date"),
        (
            {"public_ref": "X", "network": "a", "title": "T", "published_on": "2010-01-01", "powers": ["visit"]},
            "powers",
        ),
        (
            {"public_ref": "X", "network": "a", "title": "T", "published_on": "2010-01-01", "report_type": "memo"},
            "report_type",
        ),
        (
            {"public_ref": "X", "network": "a", "title": "T", "published_on": "2010-01-01", "region": "Atlantis"},
            "region",
        ),
        ({"public_ref": {"a": 1}, "network": "a", "title": "T", "published_on": "2010-01-01"}, "single value"),
    ],
)
def test_report_payload_errors_name_the_problem(payload, message):
    with pytest.raises(PayloadError, match=message):
        report_document(payload)


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"shared_issue_id": 1, "title": "T", "month": "Sept"}, "YYYY-MM"),
        ({"shared_issue_id": 1, "title": "T", "month": "2010-09", "people_count": -1}, "negative"),
        ({"shared_issue_id": 1, "title": "T", "month": "2010-09", "working_group_ids": ["x"]}, "whole numbers"),
    ],
)
def test_shared_issue_payload_errors(payload, message):
    with pytest.raises(PayloadError, match=message):
        shared_issue_document(payload)
