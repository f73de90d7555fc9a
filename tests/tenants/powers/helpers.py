"""Helpers of the powers tests: run outbox e-mails, read the messages a network has sent."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from linkhub.platform import outbox
from linkhub.platform.db import db
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import network_scope, platform_scope
from linkhub.tenants.common import handlers  # noqa: F401  registers email.send
from linkhub.tenants.common.models import OutgoingMessage
from linkhub.tenants.powers import handlers as powers_handlers  # noqa: F401  registers the periodic job


def events(event_type: str) -> list[SimpleNamespace]:
    """Plain copies (the session is left clean for the test's own objects)."""
    with platform_scope():
        rows = db.session.scalars(
            select(OutboxEvent).where(OutboxEvent.event_type == event_type).order_by(OutboxEvent.id)
        )
        found = [SimpleNamespace(id=e.id, status=e.status, payload=e.payload, network_id=e.network_id) for e in rows]
        db.session.rollback()
    return found


def deliver_emails() -> int:
    """Carry out pending ``email.send`` events as the worker would (idempotent per outbox id)."""
    pending = [e.id for e in events("email.send") if e.status == "pending"]
    for event_id in pending:
        assert outbox.process(event_id, max_deliveries=5) == "done"
    return len(pending)


def messages(network_id: int) -> list[SimpleNamespace]:
    with network_scope(network_id):
        rows = db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id))
        found = [SimpleNamespace(to=m.to, subject=m.subject, body=m.body) for m in rows]
        db.session.rollback()
    return found


# --- the API -----------------------------------------------------------------------------------

BASE = "/api/v1/networks/alpha"


def post(client, url, headers, body, status=200):
    response = client.post(BASE + url, json=body, headers=headers)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def organisation(client, headers, name="Alpha Commissioning Group", kind="commissioner", email="ask@acg.example"):
    return post(client, "/powers/organisations", headers, {"name": name, "kind": kind, "email": email}, 201)
