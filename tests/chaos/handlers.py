"""Outbox handlers of the fault suite (imported by its workers through LINKHUB_WORKER_IMPORTS).

``chaos.effect`` writes one row per event into ``chaos_effects`` (no unique key on purpose: a
duplicate would show as a second row), ``chaos.poison`` is a malformed payload (a dead letter at
once), ``chaos.failing`` always raises (a dead letter after its retries), ``chaos.kill`` kills the
worker process that runs it.
"""

from __future__ import annotations

import os
import signal
import time

from sqlalchemy import text

from linkhub.platform.db import db
from linkhub.platform.outbox import DeadLetter, on_event


@on_event("chaos.effect", platform=True)
def effect(event):
    time.sleep(float(event.payload.get("pause", 0)))
    db.session.execute(
        text("INSERT INTO chaos_effects (outbox_id, pid) VALUES (:i, :p)"), {"i": event.id, "p": os.getpid()}
    )


@on_event("chaos.poison", platform=True)
def poison(event):
    raise DeadLetter("chaos: a payload no handler can use")


@on_event("chaos.failing", platform=True)
def failing(event):
    raise RuntimeError("chaos: this handler always fails")


@on_event("chaos.kill", platform=True)
def kill(event):
    time.sleep(float(event.payload.get("pause", 0)))
    os.kill(os.getpid(), signal.SIGKILL)
