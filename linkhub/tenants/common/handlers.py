"""Outbox handler of the tenant kernel (imported by the worker side through discovery).

``email.send`` (payload ``{to, subject, body}``, optionally ``html`` and ``headers`` such as
List-Unsubscribe): every network's message is kept in ``outgoing_messages`` (the "Messages sent"
page). With no mail server configured (the embedded default) that row *is* the delivery. With
``LINKHUB_SMTP_URL`` set the worker also hands it to the SMTP server (:mod:`linkhub.platform.mail`)
and records the outcome on the row:

- accepted: ``sent`` (``bounced`` when the server refused some recipients; later bounces come
  in through ``linkhub mail bounce``);
- refused for good (5xx): ``failed`` at once, and the event is a dead letter;
- the server could not be reached (or said 4xx): ``retrying``, written in its own transaction,
  then the error goes back to the outbox, which retries with backoff; on its last delivery the
  row says ``failed`` and the event is a dead letter the operator sees. Nothing is lost silently.

Delivery is at least once: a worker killed after the server accepted the message and before the
row committed sends it again on redelivery, with the same Message-ID (derived from the outbox
id), so mail clients can drop the copy. A message already ``sent`` is never sent again.

Platform mail (no network: password resets) is sent the same way but has no row to record on;
its failures are on the outbox event. (The handler keeps the name it was first registered under,
``powers.store_outgoing_message``: handled events are keyed by it.)
"""

from __future__ import annotations

import logging
from email.utils import parseaddr

from flask import current_app
from sqlalchemy import select

from linkhub.platform import audit, mail
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Network
from linkhub.platform.outbox import DeadLetter, on_event

from .models import OutgoingMessage

log = logging.getLogger(__name__)


def _recipients(payload: dict) -> list[str]:
    to = payload.get("to") or []
    return [str(t) for t in (to if isinstance(to, list) else [to]) if t]


def _build(event, payload: dict, sender: str, network_id: int | None) -> tuple[str, object]:
    config = current_app.config
    msg_id = mail.message_id(event.id, network_id or 0, config["SECRET_KEY"], mail.domain_of(config["MAIL_FROM"]))
    message = mail.build_message(
        sender=sender,
        to=_recipients(payload),
        subject=str(payload.get("subject", "")),
        body=str(payload.get("body", "")),
        msg_id=msg_id,
        html=payload.get("html") or None,
        headers={str(k): str(v) for k, v in (payload.get("headers") or {}).items()},
    )
    return msg_id, message


def _sender(network_id: int | None) -> str:
    sender = current_app.config["MAIL_FROM"]
    if network_id is None:
        return sender
    network = db.session.get(Network, network_id)
    _, address = parseaddr(sender)
    if network is None or not address:
        return sender
    display = f"{network.name} via LINkHub".replace('"', "")
    return f'"{display}" <{address}>'


@on_event("email.send", name="powers.store_outgoing_message")
def store_outgoing_message(event) -> None:
    payload = event.payload or {}
    settings = mail.SmtpSettings.from_url(current_app.config.get("SMTP_URL", ""), current_app.config["SMTP_TIMEOUT"])
    if event.network_id is None:  # platform mail has no network to file it under
        if settings is None:
            log.info("email.send %s has no network and no mail server; not stored", event.id)
            return
        _, message = _build(event, payload, _sender(None), None)
        try:
            mail.send(settings, message, _recipients(payload))
        except mail.PermanentFailure as exc:
            raise DeadLetter(str(exc)) from exc
        return

    row = db.session.scalar(select(OutgoingMessage).where(OutgoingMessage.outbox_id == event.id))
    if row is None:
        to = _recipients(payload)
        row = OutgoingMessage(
            network_id=event.network_id,
            outbox_id=event.id,
            to=", ".join(to),
            subject=str(payload.get("subject", ""))[:300],
            body=str(payload.get("body", "")),
            headers={str(k): str(v) for k, v in (payload.get("headers") or {}).items()},
            bounces=[],
            attempts=0,
            last_error="",
            status="stored",
        )
        db.session.add(row)
    if settings is None or row.status in ("sent", "bounced"):
        return  # stored is delivered (embedded default); sent is never sent twice
    msg_id, message = _build(event, payload, _sender(event.network_id), event.network_id)
    row.message_id = msg_id
    row.attempts = (row.attempts or 0) + 1
    try:
        result = mail.send(settings, message, _recipients(payload))
    except mail.PermanentFailure as exc:
        row.status, row.last_error = "failed", f"Attempt {row.attempts}: refused for good: {exc}"[:4000]
        audit.record("email.failed", "outgoing_message", row.outbox_id, subject=row.subject, reason=str(exc)[:300])
        db.session.commit()  # the row says so before the event becomes a dead letter
        raise DeadLetter(str(exc)) from exc
    except mail.TemporaryFailure as exc:
        last = (event.failures or 0) + 1 >= current_app.config["OUTBOX_MAX_DELIVERIES"]
        row.status = "failed" if last else "retrying"
        note = " Gave up: the outbox event is a dead letter for the operator to retry." if last else ""
        row.last_error = f"Attempt {row.attempts}: {exc}.{note}"[:4000]
        if last:
            audit.record("email.failed", "outgoing_message", row.outbox_id, subject=row.subject, reason=str(exc)[:300])
        db.session.commit()  # recorded on the message; the outbox retries (or dead-letters) it
        raise
    row.sent_at, row.last_error = utcnow(), ""
    if result.refused:
        row.status = "bounced"
        row.bounces = [
            {"recipient": rcpt, "status": reply.split(" ", 1)[0], "diagnostic": reply, "at": utcnow().isoformat()}
            for rcpt, reply in sorted(result.refused.items())
        ]
        audit.record("email.bounced", "outgoing_message", row.outbox_id, recipients=sorted(result.refused))
    else:
        row.status = "sent"
