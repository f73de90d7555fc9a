"""Outbox handlers: published reports and shared issues in, unpublished and withdrawn out.

They run in platform scope inside the actor's transaction (see linkhub.platform.outbox) and are
idempotent: indexing replaces the document, removing a missing document is fine. The newest
event about a document decides its state, whatever order deliveries arrive in.
"""

from __future__ import annotations

from linkhub.platform.outbox import on_event

from . import events, service


def _apply(event, event_types, key) -> None:
    payload = event.payload or {}
    # a malformed payload raises here: a dead letter
    doc_id, document = events.document_change(event.event_type, payload)
    service.lock_index()
    if service.newer_event_exists(event, event_types, key, str(payload[key]).strip()):
        return
    if document is not None:
        service.put(document)
    else:
        service.remove(doc_id)


@on_event("report.published", platform=True)
def report_published(event) -> None:
    _apply(event, events.REPORT_EVENTS, "public_ref")


@on_event("report.unpublished", platform=True)
def report_unpublished(event) -> None:
    _apply(event, events.REPORT_EVENTS, "public_ref")


@on_event("shared_issue.shared", platform=True)
def shared_issue_shared(event) -> None:
    _apply(event, events.SHARED_ISSUE_EVENTS, "shared_issue_id")


@on_event("shared_issue.withdrawn", platform=True)
def shared_issue_withdrawn(event) -> None:
    _apply(event, events.SHARED_ISSUE_EVENTS, "shared_issue_id")
