"""The kernel's changes of state: organisations and their contacts, and e-mail as an outbox event
(``email.send`` with a plain payload {to, subject, body}), plus the validators services share.

Nothing here talks to a mail server; the handler in ``handlers.py`` decides where the message
goes (in the embedded default, the ``outgoing_messages`` table staff read on a page)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import Membership, User
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import current_network_id

from .models import ORGANISATION_KINDS, Organisation, OrganisationContact


def send_email(to: list[str] | str, subject: str, body: str, *, network_id: int | None = None):
    recipients = [to] if isinstance(to, str) else sorted({t for t in to if t})
    return emit(
        "email.send",
        {"to": recipients, "subject": subject, "body": body},
        network_id=network_id if network_id is not None else current_network_id(),
    )


def people_with_roles(network_id: int, roles: tuple[str, ...]) -> list[str]:
    """E-mail addresses of active people holding any of ``roles`` (memberships are platform rows,
    filtered here explicitly by network)."""
    rows = db.session.scalars(
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == network_id, Membership.role.in_(roles), User.is_disabled.is_(False))
    )
    return sorted(set(rows))


def require_text(value: str | None, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    return value


def check_response_date(responded_on: date | None, sent_on: date | None, field: str = "responded_on") -> date:
    """A response cannot predate what it answers, nor arrive in the future."""
    if responded_on is None:
        raise ServiceError("Enter the date the response was received", field=field)
    if sent_on is not None and responded_on < sent_on:
        raise ServiceError(f"The response date must be on or after the date sent ({sent_on:%-d %B %Y})", field=field)
    if responded_on > clock.today():
        raise ServiceError("The response date cannot be in the future", field=field)
    return responded_on


def find_organisation(organisation_id: int | None, field: str = "organisation_id") -> Organisation:
    # The tenant filter applies: another network's organisation is simply not found.
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        raise ServiceError("Choose an organisation this network deals with", field=field)
    return organisation


# --- organisations and contacts -------------------------------------------------------------


def add_organisation(*, name: str, kind: str, email: str = "", address: str = "") -> Organisation:
    name = require_text(name, "Enter the organisation's name", "name")
    if kind not in ORGANISATION_KINDS:
        raise ServiceError("Choose the kind of organisation", field="kind")
    if db.session.scalar(select(Organisation.id).where(func.lower(Organisation.name) == name.lower())):
        raise ServiceError("This network already lists an organisation with that name", status=409, field="name")
    organisation = Organisation(name=name, kind=kind, email=(email or "").strip(), address=(address or "").strip())
    db.session.add(organisation)
    db.session.flush()
    audit.record("organisation.added", "organisation", organisation.id, name=name, kind=kind)
    return organisation


def add_contact(
    *, organisation_id: int, name: str, job_title: str = "", email: str = "", phone: str = ""
) -> OrganisationContact:
    organisation = find_organisation(organisation_id)
    contact = OrganisationContact(
        organisation_id=organisation.id,
        name=require_text(name, "Enter the contact's name", "name"),
        job_title=(job_title or "").strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
    )
    db.session.add(contact)
    db.session.flush()
    audit.record("organisation_contact.added", "organisation_contact", contact.id, organisation=organisation.name)
    return contact


# --- bounces ------------------------------------------------------------------------------------


def record_bounces(raw: bytes, secret: str) -> list[dict]:
    """Record on each message the recipients that a delivery status notification says failed.

    The report is matched by our signed Message-ID (:func:`linkhub.platform.mail.read_message_id`):
    a forged or foreign report changes nothing. Runs in platform code (the CLI), so each match is
    written inside its own network's scope. Returns what was recorded."""
    from linkhub.platform import mail
    from linkhub.platform.tenancy import network_scope

    from .models import OutgoingMessage

    recorded = []
    for bounce in mail.parse_bounce(raw):
        ours = mail.read_message_id(bounce.message_id, secret)
        if ours is None:
            continue
        outbox_id, network_id = ours
        with network_scope(network_id):
            message = db.session.scalar(select(OutgoingMessage).where(OutgoingMessage.outbox_id == outbox_id))
            if message is None:
                db.session.rollback()
                continue
            entry = {
                "recipient": bounce.recipient,
                "status": bounce.status,
                "action": bounce.action,
                "diagnostic": bounce.diagnostic,
                "at": utcnow().isoformat(),
            }
            if entry["recipient"] in {
                b.get("recipient") for b in (message.bounces or []) if b.get("action") == bounce.action
            }:
                db.session.rollback()
                continue
            message.bounces = [*(message.bounces or []), entry]
            if bounce.action == "failed":
                message.status = "bounced"
            audit.record(
                "email.bounced", "outgoing_message", outbox_id, network_id=network_id, recipients=[bounce.recipient]
            )
            db.session.commit()
            recorded.append({"network_id": network_id, "outbox_id": outbox_id, **entry})
    return recorded
