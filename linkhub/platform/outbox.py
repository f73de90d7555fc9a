"""Transactional outbox: side effects are rows committed with the change, handled later.

Services call :func:`emit` inside their transaction. The relay (``linkhub.workers.relay``)
publishes pending rows to dramatiq; the actor of the event's *lane* calls every handler
registered for the event type, each exactly once in effect: the handler's work and the
``outbox_handled`` row that marks it done commit in one transaction, so a redelivered message
finds the row and does nothing twice.

Lanes: a handler declares the lane it runs in (``on_event(..., lane="federation")``). Every
handler of one event type shares one lane, so one event goes to one actor, whose process
connects to the database as that lane's role (see :mod:`linkhub.platform.lanes`): the
federation lane's role has no grant on any tenant table.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import func, insert, select

from .db import db, utcnow
from .models import OutboxEvent, OutboxHandled
from .observability import bind_request_id, current_request_id
from .solo import alone
from .tenancy import current_network_id, network_scope, platform_scope

log = logging.getLogger(__name__)


DEFAULT_LANE = "default"
# The federation lane's role may read and write only outbox rows of these event types (a row-level
# policy on outbox_events, see migrations/security.py): its own events and those it emits.
FEDERATION_EVENT_PREFIXES = ("federation.", "shared_issue.")
LANES = (DEFAULT_LANE, "federation")


@dataclass(frozen=True)
class Handler:
    name: str
    func: Callable[[OutboxEvent], None]
    platform: bool  # runs in platform scope (federation, search) instead of the event's network
    lane: str = DEFAULT_LANE


_handlers: dict[str, list[Handler]] = {}


def on_event(event_type: str, *, name: str | None = None, platform: bool = False, lane: str = DEFAULT_LANE):
    """Register a handler: ``@on_event("report.published", platform=True)``.

    ``lane`` picks the actor (and so the database role) that runs it. All handlers of one event
    type must share a lane: one event is one message to one actor.
    """
    # Raised, not asserted: these must hold under ``python -O`` too.
    if lane not in LANES:
        raise ValueError(f"unknown lane {lane!r}")
    if lane != DEFAULT_LANE and not event_type.startswith(FEDERATION_EVENT_PREFIXES):
        raise ValueError(
            f"{event_type}: the federation lane's role can only see events named {FEDERATION_EVENT_PREFIXES}"
        )

    def register(func):
        handler = Handler(name or f"{func.__module__}.{func.__qualname__}", func, platform, lane)
        existing = _handlers.setdefault(event_type, [])
        others = {h.lane for h in existing if h.name != handler.name}
        if not others <= {lane}:
            raise ValueError(f"{event_type}: handlers in lanes {sorted(others | {lane})}; one event, one lane")
        if all(h.name != handler.name for h in existing):
            existing.append(handler)
        return func

    return register


def handlers_for(event_type: str) -> list[Handler]:
    return list(_handlers.get(event_type, []))


def lane_of(event_type: str) -> str:
    """The lane whose actor carries out this event type (the default when nobody handles it)."""
    handlers = _handlers.get(event_type)
    return handlers[0].lane if handlers else DEFAULT_LANE


def emit(event_type: str, payload: dict | None = None, *, network_id: int | None = None) -> OutboxEvent:
    """Add an outbox row to the current transaction. Payloads are plain JSON, never ORM objects."""
    event = OutboxEvent(
        event_type=event_type,
        payload=payload or {},
        network_id=network_id if network_id is not None else current_network_id(),
        request_id=current_request_id(),
    )
    db.session.add(event)
    return event


def emit_many(event_type: str, payloads: list[dict], *, network_id: int | None = None) -> None:
    """Add many outbox rows of one type in one statement (bulk intake); same transaction rules."""
    if not payloads:
        return
    network_id = network_id if network_id is not None else current_network_id()
    now = utcnow()
    db.session.execute(
        insert(OutboxEvent),
        [
            {
                "event_type": event_type,
                "payload": payload,
                "network_id": network_id,
                "status": "pending",
                "created_at": now,
                "deliveries": 0,
                "request_id": current_request_id(),
            }
            for payload in payloads
        ],
    )


class DeadLetter(Exception):
    """Raised by a handler when retrying cannot help (a malformed payload, say): the event
    becomes a dead letter at once, for an operator to look at, instead of after every retry."""


def process(outbox_id: int, max_deliveries: int, lane: str | None = None, max_crashes: int = 3) -> str:
    """Carry out one event's handlers. Returns the event's status afterwards.

    Deliveries are counted in the database, not by the broker, because a message that kills
    its worker is redelivered without counting towards dramatiq's retries. Each event is
    dead-lettered for its *own* failures only:

    - a handler's exception counts in ``failures``; ``max_deliveries`` of them make a dead letter
      (at once for :class:`DeadLetter`);
    - a worker death is seen at the next delivery (``running_since`` still set). Every event that
      was in flight then is a *suspect*: from now on it runs alone (:mod:`linkhub.platform.solo`),
      so the innocent ones simply finish, and only a death while running alone counts in
      ``crashes``; ``max_crashes`` of them make a dead letter that says so.

    ``lane`` is the lane of the calling actor. An event of another lane (a message queued before
    a handler changed lanes, say) is put back in line for the relay, which sends it to the right
    actor, rather than run with the wrong database role. (The federation role cannot even see
    another lane's row: that message finds nothing, and the relay republishes the row later.)
    """
    with platform_scope():
        event = db.session.get(OutboxEvent, outbox_id, with_for_update=True)
        if event is None or event.status in ("done", "dead"):
            db.session.rollback()
            return "missing" if event is None else event.status
        event.deliveries += 1
        if event.deliveries > hard_delivery_limit(max_deliveries, max_crashes):  # a bounce loop, say
            event.status, event.running_since = "dead", None
            event.last_error = _append(
                event.last_error, f"Gave up after {event.deliveries - 1} deliveries that never finished."
            )
            db.session.commit()
            return "dead"
        if lane is not None and lane_of(event.event_type) != lane:  # counted: a bounce cannot loop forever
            event.status, event.published_at = "pending", None
            db.session.commit()
            return "rerouted"
        if event.running_since is not None and not event.suspect:  # it was in flight when its worker died
            event.suspect = True
        suspect = event.suspect
        if not suspect:
            event.running_since, event.running_alone = utcnow(), False
        db.session.commit()
        event_type, network_id = event.event_type, event.network_id

    if suspect:
        with alone():
            outcome = _start_alone(outbox_id, max_crashes)
            if outcome is not None:
                return outcome
            return _run_handlers(outbox_id, event_type, network_id, max_deliveries)
    return _run_handlers(outbox_id, event_type, network_id, max_deliveries)


WORKER_DIED = "The worker died while handling this event"


def hard_delivery_limit(max_deliveries: int, max_crashes: int) -> int:
    """Deliveries that never finish (reroutes, lost acks) end somewhere; own failures and crashes
    reach their own limits long before."""
    return 4 * max_deliveries + max_crashes


def _append(text: str | None, line: str) -> str:
    return ((text + "\n") if text else "") + line


def _start_alone(outbox_id: int, max_crashes: int) -> str | None:
    """With the run-alone lock held: count a death of the previous lone run, or start one."""
    with platform_scope():
        event = db.session.get(OutboxEvent, outbox_id, with_for_update=True)
        if event is None or event.status in ("done", "dead"):
            db.session.rollback()
            return "missing" if event is None else event.status
        if event.running_since is not None and event.running_alone:
            # Nobody else runs alone while we hold the lock: that lone run's worker died.
            event.crashes += 1
            event.last_error = _append(
                event.last_error, f"{WORKER_DIED} (running alone, {event.crashes} of {max_crashes})."
            )
            if event.crashes >= max_crashes:
                event.status, event.running_since = "dead", None
                event.last_error = _append(
                    event.last_error, f"Dead letter: {WORKER_DIED.lower()} {event.crashes} times while running alone."
                )
                db.session.commit()
                return "dead"
        event.running_since, event.running_alone = utcnow(), True
        db.session.commit()
    return None


def _run_handlers(outbox_id: int, event_type: str, network_id: int | None, max_deliveries: int) -> str:
    for handler in handlers_for(event_type):
        try:
            _run_handler(outbox_id, handler, network_id)
        except DeadLetter as exc:
            db.session.rollback()
            _record_failure(outbox_id, handler, exc, max_deliveries, dead=True)
            return "dead"
        except Exception as exc:  # recorded, then re-raised so dramatiq retries with backoff
            db.session.rollback()
            _record_failure(outbox_id, handler, exc, max_deliveries)
            raise
    with platform_scope():
        event = db.session.get_one(OutboxEvent, outbox_id)
        event.status, event.done_at, event.running_since = "done", utcnow(), None
        db.session.commit()
    return "done"


def _run_handler(outbox_id: int, handler: Handler, network_id: int | None) -> None:
    scope = platform_scope() if handler.platform or network_id is None else network_scope(network_id)
    with scope:
        done = db.session.get(OutboxHandled, (outbox_id, handler.name))
        if done is not None:
            db.session.rollback()
            return
        event = db.session.get_one(OutboxEvent, outbox_id)
        try:
            with bind_request_id(event.request_id):  # the handler's log lines name the request behind it
                handler.func(event)
            db.session.add(OutboxHandled(outbox_id=outbox_id, handler=handler.name))
            db.session.commit()
        except Exception:
            # Roll back inside the scope: leaving it re-sends the settings, which on a failed
            # PostgreSQL transaction would raise and hide the handler's own error.
            db.session.rollback()
            raise


def _record_failure(outbox_id: int, handler: Handler, exc: Exception, max_deliveries: int, dead: bool = False) -> None:
    """Count the handler's own failure. If even that cannot be written (the database is gone),
    log it and let the handler's error go on: the next delivery finds the event unfinished."""
    log.warning("outbox event %s: handler %s failed: %r", outbox_id, handler.name, exc)
    try:
        with platform_scope():
            event = db.session.get_one(OutboxEvent, outbox_id)
            event.failures += 1
            event.running_since = None
            event.last_error = f"{handler.name}: {exc!r}"[:4000]
            if dead or event.failures >= max_deliveries:
                event.status = "dead"
            db.session.commit()
    except Exception:  # noqa: BLE001  the handler's error is the one to raise
        log.exception("outbox event %s: could not record the failure of %s", outbox_id, handler.name)
        db.session.rollback()


def status_counts() -> dict[str, int]:
    with platform_scope():
        rows = db.session.execute(select(OutboxEvent.status, func.count()).group_by(OutboxEvent.status)).all()
        db.session.rollback()
    counts = {"pending": 0, "published": 0, "done": 0, "dead": 0}
    counts.update({status: n for status, n in rows})
    return counts


def retry(outbox_ids: list[int] | None = None) -> int:
    """Put dead letters (all, or the ids given) back in line for the relay."""
    with platform_scope():
        query = select(OutboxEvent).where(OutboxEvent.status == "dead")
        if outbox_ids:
            query = query.where(OutboxEvent.id.in_(outbox_ids))
        events = db.session.scalars(query).all()
        for event in events:
            event.status, event.deliveries, event.published_at = "pending", 0, None
            event.failures, event.crashes, event.suspect, event.running_since = 0, 0, False, None
        db.session.commit()
    return len(events)
