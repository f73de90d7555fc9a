"""Outbox: atomic with the change, idempotent handlers, dead letters, relay and workers."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select, text

from linkhub.platform import outbox, services
from linkhub.platform.db import db
from linkhub.platform.models import Network, OutboxEvent, OutboxHandled
from linkhub.platform.tenancy import platform_scope
from tests.integration import outbox_handlers  # noqa: F401  registers the test handlers

pytestmark = pytest.mark.usefixtures("db_kind")  # every test on SQLite and on PostgreSQL


@pytest.fixture
def effects_table(app, request):
    """A table the test handlers write to (created by the owner on PostgreSQL)."""
    ddl = "CREATE TABLE IF NOT EXISTS test_effects (outbox_id INTEGER NOT NULL)"
    if db.engine.dialect.name == "postgresql":
        with request.getfixturevalue("pg_owner_engine").connect() as conn:
            conn.execute(text(ddl))
            conn.execute(text("GRANT SELECT, INSERT ON test_effects TO linkhub_app"))
    else:
        db.session.execute(text(ddl))
        db.session.commit()


def effects() -> list[int]:
    rows = db.session.execute(text("SELECT outbox_id FROM test_effects ORDER BY outbox_id")).scalars().all()
    db.session.rollback()
    return rows


def events(event_type=None):
    with platform_scope():
        query = select(OutboxEvent).order_by(OutboxEvent.id)
        if event_type:
            query = query.where(OutboxEvent.event_type == event_type)
        rows = db.session.scalars(query).all()
        for row in rows:  # kept as read: outside the scope row-level security hides other networks' events
            db.session.expunge(row)
        db.session.rollback()
    return rows


def test_change_and_outbox_row_commit_together(app):
    services.create_network(
        slug="gamma", name="Gamma LINk", local_authority="Gamma", region="London", host_organisation="Gamma CVS"
    )
    db.session.commit()
    assert [e.event_type for e in events()] == ["network.created"]


def test_change_and_outbox_row_roll_back_together(app):
    services.create_network(
        slug="gamma", name="Gamma LINk", local_authority="Gamma", region="London", host_organisation="Gamma CVS"
    )
    db.session.rollback()
    assert db.session.scalar(select(Network).where(Network.slug == "gamma")) is None
    assert events() == []


def test_a_failed_request_writes_neither_change_nor_event(app, client, world):
    from tests.helpers import bearer

    before = len(events())
    response = client.post(
        "/api/v1/networks",
        json={"slug": "alpha", "name": "Dup", "local_authority": "x", "region": "London", "host_organisation": "y"},
        headers=bearer(world.tokens["operator"]),
    )
    assert response.status_code == 409
    assert len(events()) == before


def test_process_runs_each_handler_once_however_often_delivered(app, effects_table):
    with platform_scope():
        event = outbox.emit("test.effect", {}, network_id=None)
        db.session.commit()
        event_id = event.id
    assert outbox.process(event_id, max_deliveries=5) == "done"
    assert outbox.process(event_id, max_deliveries=5) == "done"  # a redelivery
    # Even if the status were lost, the handled row stops a second effect.
    with platform_scope():
        db.session.get(OutboxEvent, event_id).status = "published"
        db.session.commit()
    outbox.process(event_id, max_deliveries=5)
    assert effects() == [event_id]


def test_failing_handler_becomes_a_dead_letter_and_can_be_retried(app, effects_table):
    outbox_handlers.FAILURES.clear()
    with platform_scope():
        event = outbox.emit("test.flaky", {"fail_times": 3}, network_id=None)
        db.session.commit()
        event_id = event.id
    for _ in range(2):
        with pytest.raises(RuntimeError):
            outbox.process(event_id, max_deliveries=2)
    assert events("test.flaky")[0].status == "dead"
    assert "planned failure" in events("test.flaky")[0].last_error
    assert outbox.status_counts()["dead"] == 1
    assert outbox.retry() == 1
    with pytest.raises(RuntimeError):
        outbox.process(event_id, max_deliveries=2)  # third planned failure
    assert outbox.process(event_id, max_deliveries=2) == "done"
    assert effects() == [event_id]


def test_a_message_that_kills_its_worker_cannot_loop_forever(app):
    """Redeliveries after a crash are counted in the database: deaths while running alone end in a
    dead letter, and even deliveries that never finish for any other reason stop at a hard limit."""
    with platform_scope():
        event = outbox.emit("test.effect", {}, network_id=None)
        event.deliveries = outbox.hard_delivery_limit(5, 3)  # that many deliveries never finished
        db.session.commit()
        event_id = event.id
    assert outbox.process(event_id, max_deliveries=5, max_crashes=3) == "dead"


def test_embedded_broker_and_worker_carry_out_events(app, effects_table):
    from linkhub.workers.runtime import WorkerRuntime

    app.config["WORKER_IMPORTS"] = ["tests.integration.outbox_handlers"]
    runtime = WorkerRuntime(app, threads=2).start()
    try:
        with platform_scope():
            ids = [outbox.emit("test.effect", {}, network_id=None) for _ in range(10)]
            db.session.commit()
            ids = [e.id for e in ids]
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and effects() != ids:
            time.sleep(0.1)
    finally:
        runtime.stop()
    assert effects() == ids
    assert {e.status for e in events("test.effect")} == {"done"}


TICKS: list[int] = []


def _tick(event):
    TICKS.append(event.id)


def test_periodic_slots_are_claimed_once(app):
    from linkhub.workers import scheduler

    TICKS.clear()
    calls = TICKS
    scheduler.periodic("test-tick", every_seconds=3600)(_tick)
    first = scheduler.claim_due_slots()
    second = scheduler.claim_due_slots()
    assert "test-tick" in first and "test-tick" not in second
    tick_events = events("periodic.test-tick")
    assert len(tick_events) == 1
    outbox.process(tick_events[0].id, max_deliveries=5)
    assert calls == [tick_events[0].id]
    with platform_scope():
        assert db.session.get(OutboxHandled, (tick_events[0].id, "periodic:test-tick")) is not None
        db.session.rollback()


def test_a_dead_letter_raised_by_a_handler_is_dead_at_once(app):
    """Retrying cannot fix a malformed payload: no retries, no backoff, straight to the operator."""
    with platform_scope():
        event = outbox.emit("test.malformed", {}, network_id=None)
        db.session.commit()
        event_id = event.id
    assert outbox.process(event_id, max_deliveries=5) == "dead"
    (dead,) = events("test.malformed")
    assert dead.status == "dead" and dead.deliveries == 1 and "cannot be handled" in dead.last_error
