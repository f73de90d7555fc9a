"""Outbox handlers used by the outbox tests (imported by test workers via LINKHUB_WORKER_IMPORTS).

``test.effect`` inserts one row per event into ``test_effects`` (created by the test), after an
optional pause so a test can kill the worker mid-task. ``test.flaky`` fails a configurable
number of times first.
"""

from __future__ import annotations

import time

from sqlalchemy import text

from linkhub.platform.db import db
from linkhub.platform.outbox import on_event

FAILURES: dict[int, int] = {}


@on_event("test.effect", platform=True)
def write_effect(event):
    time.sleep(float(event.payload.get("pause", 0)))
    db.session.execute(text("INSERT INTO test_effects (outbox_id) VALUES (:i)"), {"i": event.id})


@on_event("test.flaky", platform=True)
def flaky(event):
    seen = FAILURES.get(event.id, 0)
    if seen < event.payload.get("fail_times", 0):
        FAILURES[event.id] = seen + 1
        raise RuntimeError(f"planned failure {seen + 1}")
    db.session.execute(text("INSERT INTO test_effects (outbox_id) VALUES (:i)"), {"i": event.id})


@on_event("test.malformed", platform=True)
def malformed(event):
    from linkhub.platform.outbox import DeadLetter

    raise DeadLetter("the payload cannot be handled")


@on_event("test.nested_db_error", platform=True)
def nested_db_error(event):
    """A database error inside a network scope nested in the handler's own scope (as the periodic
    trigger sweep does): ``divide`` fails a statement, ``duplicate`` fails a flush."""
    from linkhub.platform.models import Network
    from linkhub.platform.tenancy import network_scope

    with network_scope(event.payload["network_id"]):
        if event.payload["how"] == "divide":
            db.session.execute(text("SELECT 1/0"))
        else:
            existing = db.session.get(Network, event.payload["network_id"])
            db.session.add(
                Network(slug=existing.slug, name="Copy", local_authority="x", region="London", host_organisation="y")
            )
            db.session.flush()


@on_event("test.kill_worker", platform=True)
def kill_worker(event):
    """A poison message of the worst kind: it kills the worker process that runs it."""
    import os
    import signal

    time.sleep(float(event.payload.get("pause", 0)))
    os.kill(os.getpid(), signal.SIGKILL)


RUNNING = {"now": 0, "most": 0}


@on_event("test.count_together", platform=True)
def count_together(event):
    """Records how many of these handlers ever ran at the same moment."""
    import threading

    lock = RUNNING.setdefault("lock", threading.Lock())
    with lock:
        RUNNING["now"] += 1
        RUNNING["most"] = max(RUNNING["most"], RUNNING["now"])
    time.sleep(0.05)
    with lock:
        RUNNING["now"] -= 1
    db.session.execute(text("INSERT INTO test_effects (outbox_id) VALUES (:i)"), {"i": event.id})
