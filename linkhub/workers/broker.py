"""dramatiq broker set-up: RabbitMQ with publisher confirms, or an in-process broker.

The actors (one per outbox lane, see actors.py) are declared when the broker is made (dramatiq
binds actors to a broker at declaration), so a process calls :func:`init_broker` once, before
sending anything.

RabbitMQ connections get ``blocked_connection_timeout`` (``LINKHUB_BROKER_BLOCKED_TIMEOUT``,
10 s) unless the URL sets one: a broker that blocks publishers (disk or memory alarm) makes a
publish fail after that long instead of hanging, and the relay releases its claim. Several
nodes may be given separated by ``;`` (a cluster); ``LINKHUB_BROKER_QUEUE_TYPE=quorum`` declares
quorum queues (replicated across the cluster's nodes), ``classic`` (the default) classic ones.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from linkhub.platform.db import utcnow

_state: dict = {"broker": None, "app": None, "actors": {}, "started_at": None}
QUEUE_TYPES = ("classic", "quorum")


def _middleware():
    # Retries back off from 1 s to 5 min. max_retries is generous on purpose: the outbox counts
    # deliveries in the database and dead-letters there (see linkhub.platform.outbox.process).
    return [
        AgeLimit(),
        TimeLimit(time_limit=10 * 60 * 1000),
        ShutdownNotifications(),
        Callbacks(),
        Pipelines(),
        Retries(max_retries=20, min_backoff=1000, max_backoff=300_000),
    ]


def with_blocked_timeout(url: str, seconds: float) -> str:
    """``url`` with ``blocked_connection_timeout`` added, unless it has one already."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.setdefault("blocked_connection_timeout", str(seconds))
    return urlunsplit(parts._replace(query=urlencode(query)))


def make_broker(url: str, queue_type: str = "classic", blocked_timeout: float = 10):
    if queue_type not in QUEUE_TYPES:
        raise ValueError(f"LINKHUB_BROKER_QUEUE_TYPE must be one of {QUEUE_TYPES}, not {queue_type!r}")
    if url.startswith("amqp"):
        from .quorum import broker_class

        urls = [with_blocked_timeout(u.strip(), blocked_timeout) for u in url.split(";") if u.strip()]
        # confirm_delivery: a publish returns only once RabbitMQ has taken the message, so the
        # relay marks an outbox row published only after the confirm.
        return broker_class(queue_type)(
            url=urls if len(urls) > 1 else urls[0], confirm_delivery=True, middleware=_middleware()
        )
    return StubBroker(middleware=_middleware())


def init_broker(app):
    """Create the broker for this process, bind the lanes' actors to it and remember the app."""
    from . import actors

    broker = make_broker(
        app.config["BROKER_URL"], app.config["BROKER_QUEUE_TYPE"], app.config["BROKER_BLOCKED_TIMEOUT"]
    )
    dramatiq.set_broker(broker)
    _state["broker"], _state["app"], _state["started_at"] = broker, app, utcnow()
    _state["actors"] = actors.declare(broker)
    return broker


def broker():
    return _state["broker"]


def current_app_for_workers():
    return _state["app"]


def outbox_actor(lane: str = "default"):
    """The actor that carries out events of ``lane``."""
    return _state["actors"][lane]


def may_have_lost(lane: str, published_at: datetime, verdicts: dict) -> bool:
    """Can the broker no longer hold the message of an outbox row of ``lane`` published at
    ``published_at``? (``verdicts`` caches one answer per lane for one relay pass.)

    - The in-process broker keeps messages in this process's memory: a row published before
      this broker was made went with the process that published it.
    - RabbitMQ keeps a confirmed message (durable queue, persistent message) until a worker
      acknowledges it: it can only be gone if the lane's queue and delay queue are empty (an
      operator purged them, say). While they hold anything, nothing is sent twice.
    """
    current = _state["broker"]
    if isinstance(current, StubBroker):
        started = _state["started_at"]
        return started is not None and published_at is not None and _aware(published_at) < started
    if lane not in verdicts:
        from .actors import LANE_ACTORS

        ready, delayed, _dead = current.get_queue_message_counts(LANE_ACTORS[lane][1])
        verdicts[lane] = ready == 0 and delayed == 0
    return verdicts[lane]


def _aware(moment: datetime) -> datetime:
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
