"""dramatiq broker set-up: RabbitMQ with publisher confirms, or an in-process broker.

The actors (one per outbox lane, see actors.py) are declared when the broker is made (dramatiq
binds actors to a broker at declaration), so a process calls :func:`init_broker` once, before
sending anything.
"""
from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

_state: dict = {"broker": None, "app": None, "actors": {}}


def _middleware():
    # Retries back off from 1 s to 5 min. max_retries is generous on purpose: the outbox counts
    # deliveries in the database and dead-letters there (see linkhub.platform.outbox.process).
    return [AgeLimit(), TimeLimit(time_limit=10 * 60 * 1000), ShutdownNotifications(), Callbacks(),
            Pipelines(), Retries(max_retries=20, min_backoff=1000, max_backoff=300_000)]


def make_broker(url: str):
    if url.startswith("amqp"):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        # confirm_delivery: a publish returns only once RabbitMQ has taken the message, so the
        # relay marks an outbox row published only after the confirm.
        return RabbitmqBroker(url=url, confirm_delivery=True, middleware=_middleware())
    return StubBroker(middleware=_middleware())


def init_broker(app):
    """Create the broker for this process, bind the lanes' actors to it and remember the app."""
    from . import actors

    broker = make_broker(app.config["BROKER_URL"])
    dramatiq.set_broker(broker)
    _state["broker"], _state["app"] = broker, app
    _state["actors"] = actors.declare(broker)
    return broker


def broker():
    return _state["broker"]


def current_app_for_workers():
    return _state["app"]


def outbox_actor(lane: str = "default"):
    """The actor that carries out events of ``lane``."""
    return _state["actors"][lane]
