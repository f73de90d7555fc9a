"""Crash attribution: an event is dead-lettered only for its own failures. Events in flight when
a worker died run again one at a time; only deaths while running alone count against an event,
and such a dead letter says the worker died, distinctly from a handler's exception."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from linkhub.platform import outbox
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import OutboxEvent
from linkhub.platform.tenancy import platform_scope
from tests.integration import outbox_handlers
from tests.integration.test_outbox import effects, effects_table  # noqa: F401, F811  (a fixture)

pytestmark = pytest.mark.usefixtures("db_kind")


def make(event_type: str, payload=None, **state) -> int:
    with platform_scope():
        event = outbox.emit(event_type, payload or {}, network_id=None)
        for key, value in state.items():
            setattr(event, key, value)
        db.session.commit()
        return event.id


def row(event_id: int) -> OutboxEvent:
    with platform_scope():
        found = db.session.get(OutboxEvent, event_id)
        db.session.expunge(found)
        db.session.rollback()
    return found


def test_an_event_in_flight_when_workers_died_runs_alone_and_finishes(app, effects_table):  # noqa: F811
    """Five workers died while it was in flight beside the culprit: it is a suspect, not a dead letter."""
    died_at = utcnow() - timedelta(minutes=1)
    event_id = make("test.effect", deliveries=5, running_since=died_at)
    assert outbox.process(event_id, max_deliveries=5, max_crashes=3) == "done"
    done = row(event_id)
    assert (done.status, done.suspect, done.crashes, done.failures) == ("done", True, 0, 0)
    assert done.last_error is None and done.running_since is None
    assert effects() == [event_id]


def test_deaths_while_running_alone_make_a_dead_letter_that_says_so(app, effects_table):  # noqa: F811
    died_at = utcnow() - timedelta(minutes=1)
    event_id = make("test.effect", deliveries=4, suspect=True, running_since=died_at, running_alone=True, crashes=1)
    assert (
        outbox.process(event_id, max_deliveries=5, max_crashes=3) == "done"
    )  # its second death is counted, then it runs
    second = row(event_id)
    assert second.crashes == 2 and second.status != "dead"
    with platform_scope():  # it dies alone once more
        again = db.session.get(OutboxEvent, event_id)
        again.status, again.running_since, again.running_alone = "published", died_at, True
        db.session.commit()
    assert outbox.process(event_id, max_deliveries=5, max_crashes=3) == "dead"
    dead = row(event_id)
    assert dead.crashes == 3 and "worker died while handling this event 3 times while running alone" in dead.last_error
    assert dead.failures == 0


def test_a_handler_exception_is_recorded_as_that_not_as_a_death(app, effects_table):  # noqa: F811
    outbox_handlers.FAILURES.clear()
    event_id = make("test.flaky", {"fail_times": 9})
    for _ in range(2):
        with pytest.raises(RuntimeError):
            outbox.process(event_id, max_deliveries=2, max_crashes=3)
    dead = row(event_id)
    assert (dead.status, dead.failures, dead.crashes) == ("dead", 2, 0)
    assert "planned failure 2" in dead.last_error and outbox.WORKER_DIED not in dead.last_error


def test_suspects_run_one_at_a_time(app, effects_table):  # noqa: F811
    died_at = utcnow() - timedelta(minutes=1)
    ids = [make("test.count_together", running_since=died_at) for _ in range(8)]
    plain = [make("test.count_together") for _ in range(2)]
    outbox_handlers.RUNNING.update(now=0, most=0)
    errors = []

    def deliver(event_id):
        try:
            with app.app_context():
                outbox.process(event_id, max_deliveries=5, max_crashes=3)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=deliver, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and outbox_handlers.RUNNING["most"] == 1
    for event_id in plain:  # events never in a crash are not held back
        assert outbox.process(event_id, max_deliveries=5, max_crashes=3) == "done"
    assert effects() == sorted(ids + plain)
