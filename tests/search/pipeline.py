"""Helpers for the search layer's app-level tests: emit search events and run them."""

from __future__ import annotations

from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.tenancy import platform_scope


def report_payload(ref: str, **overrides) -> dict:
    payload = {
        "public_ref": ref,
        "network": "alpha",
        "network_name": "Alpha LINk",
        "region": "North West",
        "title": f"Report {ref} on ambulance handover",
        "summary": "Crews waited outside A&E.",
        "body": "Ambulance crews waited hours at handover; patients lay on trolleys.",
        "published_on": "2009-06-01",
        "report_type": "network_report",
        "providers": ["North West Ambulance Service"],
        "service_types": ["ambulance"],
        "pathway": "ambulance",
        "powers": ["report_with_recommendations"],
        "response_status": "awaiting",
        "url": f"/networks/alpha/reports/{ref}",
    }
    payload.update(overrides)
    return payload


def issue_payload(issue_id, **overrides) -> dict:
    payload = {
        "shared_issue_id": issue_id,
        "working_group_ids": [1],
        "pathway": "ambulance",
        "stage": "handover",
        "theme": "waiting",
        "service_type": "ambulance",
        "provider": "North West Ambulance Service",
        "month": "2010-09",
        "region": "North West",
        "network": "alpha",
        "feedback_count": 12,
        "people_count": 9,
        "title": f"Shared issue {issue_id}: long handover waits",
        "summary": "Handover delays at A&E.",
    }
    payload.update(overrides)
    return payload


def emit(event_type: str, payload: dict) -> int:
    with platform_scope():
        event = outbox.emit(event_type, payload, network_id=None)
        db.session.commit()
        return event.id


def run(*event_ids: int) -> list[str]:
    return [outbox.process(i, 5) for i in event_ids]


def publish(event_type: str, payload: dict) -> int:
    """Emit and process one event; returns its id."""
    event_id = emit(event_type, payload)
    assert run(event_id) == ["done"]
    return event_id
