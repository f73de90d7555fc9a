"""The relay: never re-sends a message the broker still holds; publishes outside the transaction
that claims rows; a broker that blocks publishers times out and the claim is released."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from linkhub.platform import outbox
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope
from tests.conftest import BROKER_URL, need


def emit(n: int) -> list[int]:
    with platform_scope():
        rows = [outbox.emit("test.relay", {"n": i}, network_id=None) for i in range(n)]
        db.session.commit()
        return [r.id for r in rows]


def age_published(app, seconds_more: int = 60) -> None:
    """Make every published row older than the republish threshold."""
    with platform_scope():
        db.session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.status == "published")
            .values(
                published_at=utcnow() - timedelta(seconds=app.config["OUTBOX_REPUBLISH_AFTER_SECONDS"] + seconds_more)
            )
        )
        db.session.commit()


def statuses(ids) -> set[str]:
    with platform_scope():
        found = set(db.session.scalars(select(OutboxEvent.status).where(OutboxEvent.id.in_(ids))))
        db.session.rollback()
    return found


@pytest.mark.usefixtures("db_kind")
def test_the_in_process_broker_is_not_sent_what_it_still_holds(app):
    from linkhub.workers import broker as brokers
    from linkhub.workers.relay import relay_once

    broker = brokers.init_broker(app)
    broker.flush_all()
    brokers._state["started_at"] = utcnow() - timedelta(hours=1)  # this process has run for an hour
    ids = emit(7)
    assert relay_once(app) == 7
    age_published(app)
    assert relay_once(app) == 0, "still queued in this process: nothing sent twice"
    assert broker.queues["linkhub"].qsize() == 7
    brokers._state["started_at"] = utcnow() + timedelta(seconds=1)  # as if this process had restarted
    broker.flush_all()
    assert relay_once(app) == 7, "what went with the old process is sent again"
    assert broker.queues["linkhub"].qsize() == 7 and statuses(ids) == {"published"}
    broker.flush_all()


@pytest.mark.rabbitmq
@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_a_paused_lanes_queue_does_not_grow_with_copies(app, db_kind):
    """No worker consumes: the queue holds every message once, however long they wait; if the
    queue is emptied behind the relay's back (a purge), the relay sends them again."""
    need("RabbitMQ (LINKHUB_TEST_BROKER_URL)", BROKER_URL is not None)
    from linkhub.workers import broker as brokers
    from linkhub.workers.relay import relay_once

    app.config["BROKER_URL"] = BROKER_URL
    broker = brokers.init_broker(app)
    try:
        broker.flush("linkhub")
        ids = emit(40)
        assert relay_once(app) == 40
        assert broker.get_queue_message_counts("linkhub")[0] == 40
        for _ in range(3):  # three relay passes after the republish threshold
            age_published(app)
            assert relay_once(app) == 0
        assert broker.get_queue_message_counts("linkhub")[0] == 40, "no copies of messages still queued"
        broker.flush("linkhub")  # the broker lost them
        age_published(app)
        assert relay_once(app) == 40
        assert broker.get_queue_message_counts("linkhub")[0] == 40 and statuses(ids) == {"published"}
    finally:
        broker.flush("linkhub")
        broker.close()


class _Probe:
    """Stands in for an actor: checks, at the moment of publishing, what the database holds."""

    def __init__(self, owner_engine, fail: bool = False):
        self.owner_engine, self.fail, self.seen = owner_engine, fail, []

    def send(self, event_id):
        in_transaction = db.session().in_transaction()
        locked = None
        if self.owner_engine is not None:  # can another connection take the row's lock right now?
            with self.owner_engine.connect() as conn:
                try:
                    conn.execute(text("SET lock_timeout = '200ms'"))
                    conn.execute(text("SELECT id FROM outbox_events WHERE id = :i FOR UPDATE"), {"i": event_id})
                    locked = False
                except Exception:  # noqa: BLE001
                    locked = True
                conn.rollback()
        self.seen.append((event_id, in_transaction, locked))
        if self.fail:
            from dramatiq.errors import ConnectionClosed

            raise ConnectionClosed(RuntimeError("blocked connection timed out"))


@pytest.mark.usefixtures("db_kind")
def test_publishing_happens_outside_the_claiming_transaction(app, request, monkeypatch):
    from linkhub.workers import relay

    owner = request.getfixturevalue("pg_owner_engine") if db.engine.dialect.name == "postgresql" else None
    probe = _Probe(owner)
    monkeypatch.setattr(relay, "outbox_actor", lambda lane: probe)
    ids = emit(3)
    assert relay.relay_once(app) == 3
    assert [event_id for event_id, _, _ in probe.seen] == ids
    assert {(in_tx, locked) for _, in_tx, locked in probe.seen} == {(False, False if owner is not None else None)}
    assert statuses(ids) == {"published"}


@pytest.mark.usefixtures("db_kind")
def test_a_blocked_broker_releases_the_claim(app, monkeypatch):
    from dramatiq.errors import ConnectionClosed

    from linkhub.workers import relay

    monkeypatch.setattr(relay, "outbox_actor", lambda lane: _Probe(None, fail=True))
    ids = emit(2)
    with pytest.raises(ConnectionClosed):
        relay.relay_once(app)
    with platform_scope():
        rows = db.session.execute(
            select(OutboxEvent.status, OutboxEvent.claimed_until).where(OutboxEvent.id.in_(ids))
        ).all()
        db.session.rollback()
    assert rows == [("pending", None), ("pending", None)], "released at once, not after the claim lapses"
    probe = _Probe(None)
    monkeypatch.setattr(relay, "outbox_actor", lambda lane: probe)
    assert relay.relay_once(app) == 2 and statuses(ids) == {"published"}


def test_rabbitmq_connections_time_out_when_the_broker_blocks_publishers(app):
    from linkhub.workers.broker import make_broker

    single = make_broker("amqp://guest:guest@127.0.0.1:5672/rel", blocked_timeout=7)
    assert single.parameters.blocked_connection_timeout == 7
    chosen = make_broker("amqp://g:g@127.0.0.1:5672/x?blocked_connection_timeout=3", blocked_timeout=7)
    assert chosen.parameters.blocked_connection_timeout == 3
    cluster = make_broker("amqp://g:g@127.0.0.1:5681/x;amqp://g:g@127.0.0.1:5682/x", queue_type="quorum")
    assert [p.blocked_connection_timeout for p in cluster.parameters] == [10, 10]
    assert cluster._build_queue_arguments("linkhub")["x-queue-type"] == "quorum"
    assert "x-queue-type" not in make_broker("amqp://g:g@127.0.0.1:5672/x")._build_queue_arguments("linkhub")
    with pytest.raises(ValueError):
        make_broker("amqp://g:g@127.0.0.1:5672/x", queue_type="stream")
