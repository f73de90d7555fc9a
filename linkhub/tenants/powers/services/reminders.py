"""Deadline reminders: 5 working days before a statutory clock runs out, on the due date, and
an overdue escalation to the network admins. Each is sent once: its ``reminders_sent`` row
(unique on network, subject, kind) commits in the same transaction as its ``email.send``
outbox event, so running the job again, or on two workers at once, sends nothing twice."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from linkhub.platform import audit, clock
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.common.deadlines import Deadline, open_deadlines
from linkhub.tenants.common.services import people_with_roles, send_email

from .. import services
from ..models import InformationRequest, ReminderSent

log = logging.getLogger(__name__)
STAFF = ("network_admin", "staff")
ADMINS = ("network_admin",)
WORDING = {
    "due_soon": "Due within 5 working days",
    "due_today": "Due today",
    "overdue": "Overdue",
}


def _message(network: Network, d: Deadline, kind: str) -> tuple[str, str]:
    subject = f"{WORDING[kind]}: {d.kind} – {d.title}"
    lines = [
        f"{network.name}: {d.kind.lower()} \u201c{d.title}\u201d ({d.organisation}).",
        f"{d.due_wording} {d.due_on:%A %-d %B %Y}.",
    ]
    if kind == "overdue":
        lines.append(
            "No response has been recorded and the deadline has passed. As network admin, please decide "
            "what to do next (chase, escalate or refer the matter to the Overview and Scrutiny Committee)."
        )
    lines.append(f"See every deadline at /networks/{network.slug}/powers/deadlines")
    return subject, "\n\n".join(lines)


def _mark_overdue(on: date) -> None:
    for request in db.session.scalars(
        select(InformationRequest).where(InformationRequest.status == "sent", InformationRequest.due_on < on)
    ):
        services.mark_overdue(request)
    db.session.commit()


def remind_network(network: Network, on: date | None = None) -> int:
    """Send the reminders now due for one network (call inside its network scope)."""
    on = on or clock.today()
    _mark_overdue(on)
    sent = 0
    for d in open_deadlines():
        kind = d.state(on)
        if not d.sends_reminders or kind == "running":
            continue
        if db.session.scalar(
            select(ReminderSent.id).where(ReminderSent.subject == d.subject, ReminderSent.kind == kind)
        ):
            continue
        to = people_with_roles(network.id, ADMINS if kind == "overdue" else STAFF)
        subject, body = _message(network, d, kind)
        event = send_email(to, subject, body, network_id=network.id) if to else None
        db.session.flush()
        db.session.add(ReminderSent(subject=d.subject, kind=kind, outbox_id=event.id if event else None))
        audit.record("deadline.reminder_sent", "deadline", d.key, kind=kind, due_on=d.due_on.isoformat(), to=to)
        try:
            db.session.commit()
            sent += 1
        except IntegrityError:  # another worker sent this one a moment ago
            db.session.rollback()
    return sent


def run_reminders(on: date | None = None) -> int:
    networks = db.session.scalars(select(Network).where(Network.status == "active").order_by(Network.id)).all()
    ids = [(n.id, n.slug) for n in networks]
    db.session.commit()
    total = 0
    for network_id, slug in ids:
        with network_scope(network_id):
            try:
                total += remind_network(db.session.get(Network, network_id), on)
            except Exception:  # one network's fault must not stop the others' reminders
                db.session.rollback()
                log.exception("deadline reminders failed for network %s", slug)
    return total
