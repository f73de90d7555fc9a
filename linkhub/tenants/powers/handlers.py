"""Outbox handlers of the powers package (imported by the worker side through discovery).

- ``email.send``: in the embedded default there is no mail server, so the message is kept in
  ``outgoing_messages`` for staff to read on the "Messages sent" page. Real SMTP can replace
  this handler later behind the same event.
- ``periodic.powers.deadline_reminders``: hourly; reminders are idempotent, so the hour only
  decides how soon after midnight a new day's reminders go out.
"""
from __future__ import annotations

import logging

from linkhub.platform.db import db
from linkhub.platform.outbox import on_event
from linkhub.workers.scheduler import periodic

from .models import OutgoingMessage
from .reminders import run_reminders

log = logging.getLogger(__name__)


@on_event("email.send", name="powers.store_outgoing_message")
def store_outgoing_message(event) -> None:
    if event.network_id is None:  # platform mail has no network to file it under
        log.info("email.send %s has no network; not stored", event.id)
        return
    payload = event.payload or {}
    to = payload.get("to") or []
    db.session.add(OutgoingMessage(network_id=event.network_id, outbox_id=event.id,
                                   to=", ".join(to) if isinstance(to, list) else str(to),
                                   subject=str(payload.get("subject", ""))[:300], body=str(payload.get("body", ""))))


@periodic("powers.deadline_reminders", every_seconds=3600)
def deadline_reminders(event) -> None:
    run_reminders()
