"""The one actor: carry out an outbox event's handlers (idempotent, keyed by outbox id)."""
from __future__ import annotations

import dramatiq


def _process_outbox_event(outbox_id: int) -> None:
    from linkhub.platform.db import db
    from linkhub.platform.outbox import process

    from .broker import current_app_for_workers

    app = current_app_for_workers()
    with app.app_context():
        try:
            process(outbox_id, app.config["OUTBOX_MAX_DELIVERIES"])
        finally:
            db.session.remove()


def declare(broker) -> dramatiq.Actor:
    return dramatiq.actor(
        _process_outbox_event, actor_name="process_outbox_event", queue_name="linkhub", broker=broker,
    )
