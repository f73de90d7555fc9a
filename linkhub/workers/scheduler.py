"""Periodic jobs, run from the worker side.

A job is registered with :func:`linkhub.platform.periodic.periodic`. Each time slot of a job becomes one outbox event
(``periodic.<name>``) written together with a ``scheduled_runs`` row whose key is
(job, slot): however many schedulers run, a slot is claimed once, and the job then runs
through the same idempotent actor as every other side effect.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from linkhub.platform.db import db, utcnow
from linkhub.platform.models import ScheduledRun
from linkhub.platform.outbox import emit
from linkhub.platform.periodic import periodic, registered_jobs  # noqa: F401  (periodic re-exported)
from linkhub.platform.tenancy import platform_scope

from .relay import relay_once

log = logging.getLogger(__name__)


def slot_for(every_seconds: int, now: datetime) -> str:
    return str(int(now.timestamp()) // every_seconds)


def claim_due_slots(now: datetime | None = None) -> list[str]:
    """Claim the current slot of every job not yet claimed; returns the jobs claimed."""
    now = now or utcnow()
    claimed = []
    for name, every in registered_jobs().items():
        slot = slot_for(every, now)
        with platform_scope():
            if db.session.get(ScheduledRun, (name, slot)) is not None:
                db.session.rollback()
                continue  # claimed already (by this or another scheduler): no INSERT to fail
            try:
                event = emit(f"periodic.{name}", {"slot": slot}, network_id=None)
                db.session.flush()
                db.session.add(ScheduledRun(job=name, slot=slot, outbox_id=event.id))
                db.session.commit()
                claimed.append(name)
            except IntegrityError:  # another scheduler claimed it between the check and the insert
                db.session.rollback()
    return claimed


class SchedulerThread(threading.Thread):
    """Claims periodic slots and relays the outbox, in a loop, until stopped."""

    def __init__(self, app):
        super().__init__(name="linkhub-scheduler", daemon=True)
        self.app = app
        self.stopping = threading.Event()

    def run(self) -> None:
        poll = self.app.config["OUTBOX_POLL_SECONDS"]
        last_claim = 0.0
        while not self.stopping.is_set():
            try:
                with self.app.app_context():
                    if time.monotonic() - last_claim >= 1.0:
                        claim_due_slots()
                        last_claim = time.monotonic()
                    while relay_once(self.app) > 0:
                        pass
                    db.session.remove()
            except Exception:  # keep relaying after a passing database or broker fault
                log.exception("scheduler loop failed; retrying")
            self.stopping.wait(poll)

    def stop(self) -> None:
        self.stopping.set()
