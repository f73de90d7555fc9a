"""Index health for the operator: documents per kind in the index and in the sources, and
outbox lag (age of the oldest search event not yet done)."""

from __future__ import annotations

from sqlalchemy import func, select

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope

from . import service, sources
from .events import REPORT_EVENTS, SHARED_ISSUE_EVENTS

SEARCH_EVENTS = REPORT_EVENTS + SHARED_ISSUE_EVENTS


def outbox_lag() -> dict:
    with platform_scope():
        waiting = select(OutboxEvent).where(
            OutboxEvent.event_type.in_(SEARCH_EVENTS), OutboxEvent.status.in_(("pending", "published"))
        )
        oldest = db.session.scalar(waiting.with_only_columns(func.min(OutboxEvent.created_at)))
        pending = db.session.scalar(waiting.with_only_columns(func.count()))
        dead = db.session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.event_type.in_(SEARCH_EVENTS), OutboxEvent.status == "dead")
        )
        db.session.rollback()
    if oldest is not None and oldest.tzinfo is None:  # SQLite returns naive UTC
        from datetime import timezone

        oldest = oldest.replace(tzinfo=timezone.utc)
    age = (utcnow() - oldest).total_seconds() if oldest else 0.0
    return {"waiting": pending, "dead": dead, "oldest_age_seconds": round(max(age, 0.0), 1)}


def collect() -> dict:
    health = service.backend().health()
    indexed = health.get("documents", {})
    in_sources = sources.counts()
    kinds = [
        {"kind": kind, "indexed": indexed.get(kind), "sources": n, "in_step": n is not None and indexed.get(kind) == n}
        for kind, n in in_sources.items()
    ]
    return {
        "health": health,
        "kinds": kinds,
        "outbox": outbox_lag(),
        "sources": [s.name for s in sources.sources()],
        "missing_sources": sources.missing(),
    }
