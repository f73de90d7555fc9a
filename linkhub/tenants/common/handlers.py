"""Outbox handler of the tenant kernel (imported by the worker side through discovery).

``email.send``: in the embedded default there is no mail server, so the message is kept in
``outgoing_messages`` for staff to read on the "Messages sent" page. Real SMTP can replace this
handler later behind the same event. (The handler keeps the name it was first registered under,
``powers.store_outgoing_message``: handled events are keyed by it.)
"""

from __future__ import annotations

import logging

from linkhub.platform.db import db
from linkhub.platform.outbox import on_event

from .models import OutgoingMessage

log = logging.getLogger(__name__)


@on_event("email.send", name="powers.store_outgoing_message")
def store_outgoing_message(event) -> None:
    if event.network_id is None:  # platform mail has no network to file it under
        log.info("email.send %s has no network; not stored", event.id)
        return
    payload = event.payload or {}
    to = payload.get("to") or []
    db.session.add(
        OutgoingMessage(
            network_id=event.network_id,
            outbox_id=event.id,
            to=", ".join(to) if isinstance(to, list) else str(to),
            subject=str(payload.get("subject", ""))[:300],
            body=str(payload.get("body", "")),
        )
    )
