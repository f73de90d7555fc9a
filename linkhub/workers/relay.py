"""The outbox relay: publish pending outbox rows to the broker, mark them after the confirm.

Each row goes to the actor of its event type's lane (``linkhub.platform.outbox.lane_of``), so
federation events reach the actor that connects as the federation role."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.outbox import lane_of
from linkhub.platform.tenancy import platform_scope

from .broker import outbox_actor


def relay_once(app, limit: int = 200) -> int:
    """Publish up to ``limit`` rows. Returns how many were published.

    Rows published long ago but never finished are published again (a message lost with an
    in-process broker that restarted, say); handlers are idempotent, so a duplicate is harmless.
    ``SKIP LOCKED`` lets several relays run side by side on PostgreSQL.
    """
    stale = utcnow() - timedelta(seconds=app.config["OUTBOX_REPUBLISH_AFTER_SECONDS"])
    with platform_scope():
        query = (
            select(OutboxEvent)
            .where(or_(OutboxEvent.status == "pending",
                       (OutboxEvent.status == "published") & (OutboxEvent.published_at < stale)))
            .order_by(OutboxEvent.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        events = db.session.scalars(query).all()
        for event in events:
            outbox_actor(lane_of(event.event_type)).send(event.id)  # raises unless confirmed: the row stays pending
            event.status, event.published_at = "published", utcnow()
        db.session.commit()
    return len(events)
