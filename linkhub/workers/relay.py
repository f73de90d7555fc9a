"""The outbox relay: publish pending outbox rows to the broker, mark them after the confirm.

Each row goes to the actor of its event type's lane (``linkhub.platform.outbox.lane_of``), so
federation events reach the actor that connects as the federation role.

Three steps, so that no database transaction is open while the broker is talked to (a broker
that blocks publishers, during a disk or memory alarm, would otherwise hold row locks and the
scheduler with them):

1. *claim*: in one short transaction, ``FOR UPDATE SKIP LOCKED`` picks rows and stamps
   ``claimed_until``; other relays skip claimed rows until the claim lapses;
2. *publish* each row, outside any transaction; ``send`` returns after RabbitMQ's publisher
   confirm, and a blocked broker times out (``blocked_connection_timeout``, see broker.py);
3. *mark* what was confirmed ``published`` (only rows still ``pending``: a worker may already
   have finished one) and release the claim of the rest, which the next pass sends.

A relay that dies between 1 and 3 leaves claims that lapse after ``OUTBOX_CLAIM_SECONDS``; a row
confirmed but not yet marked may then be sent twice, which the idempotent actors absorb.

A ``published`` row is never sent again while the broker may still hold its message (see
:func:`linkhub.workers.broker.may_have_lost`): only a row published long ago
(``OUTBOX_REPUBLISH_AFTER``), not running, never failed (a failed one waits in dramatiq's
retry backoff), and whose message the broker cannot hold any more.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select, update

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.outbox import lane_of
from linkhub.platform.tenancy import platform_scope

from .broker import may_have_lost, outbox_actor

log = logging.getLogger(__name__)


def relay_once(app, limit: int = 200) -> int:
    """Publish up to ``limit`` rows. Returns how many were published."""
    claimed = _claim(app, limit)
    sent: list[int] = []
    try:
        for event_id, event_type in claimed:
            outbox_actor(lane_of(event_type)).send(event_id)  # raises unless confirmed
            sent.append(event_id)
    finally:
        _settle(sent, [event_id for event_id, _ in claimed if event_id not in set(sent)])
    return len(sent)


def _claim(app, limit: int) -> list[tuple[int, str]]:
    now = utcnow()
    unclaimed = or_(OutboxEvent.claimed_until.is_(None), OutboxEvent.claimed_until < now)
    with platform_scope():
        rows = db.session.execute(
            select(OutboxEvent.id, OutboxEvent.event_type)
            .where(OutboxEvent.status == "pending", unclaimed)
            .order_by(OutboxEvent.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        if len(rows) < limit:
            rows += _lost(app, now, unclaimed, limit - len(rows))
        if rows:
            db.session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_([r[0] for r in rows]))
                .values(claimed_until=now + timedelta(seconds=app.config["OUTBOX_CLAIM_SECONDS"]))
                .execution_options(synchronize_session=False)
            )
        db.session.commit()
    return [(event_id, event_type) for event_id, event_type in rows]


def _lost(app, now, unclaimed, limit: int) -> list:
    """Published rows whose message the broker can no longer hold (see the module docstring)."""
    stale = now - timedelta(seconds=app.config["OUTBOX_REPUBLISH_AFTER_SECONDS"])
    rows = db.session.execute(
        select(OutboxEvent.id, OutboxEvent.event_type, OutboxEvent.published_at)
        .where(
            OutboxEvent.status == "published",
            OutboxEvent.published_at < stale,
            unclaimed,
            OutboxEvent.running_since.is_(None),
            OutboxEvent.failures == 0,
        )
        .order_by(OutboxEvent.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    verdicts: dict = {}
    lost = []
    for event_id, event_type, published_at in rows:
        lane = lane_of(event_type)
        if may_have_lost(lane, published_at, verdicts):
            lost.append((event_id, event_type))
    if lost:
        log.warning("outbox relay: %d published event(s) the broker no longer holds; publishing them again", len(lost))
    return lost


def _settle(sent: list[int], unsent: list[int]) -> None:
    with platform_scope():
        if sent:
            db.session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(sent), OutboxEvent.status.in_(("pending", "published")))
                .values(status="published", published_at=utcnow(), claimed_until=None)
                .execution_options(synchronize_session=False)
            )
            db.session.execute(  # finished by a worker before we got here: keep its status
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(sent))
                .values(claimed_until=None)
                .execution_options(synchronize_session=False)
            )
        if unsent:
            db.session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(unsent))
                .values(claimed_until=None)
                .execution_options(synchronize_session=False)
            )
        db.session.commit()
