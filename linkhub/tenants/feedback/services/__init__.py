"""Feedback intake: the only code that writes feedback and contacts.

Every piece of feedback, from any channel, goes through :func:`record_feedback`, which also
writes a ``feedback.received`` outbox event so trigger points are checked by a worker, not in
the web request.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import event, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.models import AuditEvent, OutboxEvent
from linkhub.platform.observability import current_request_id
from linkhub.platform.outbox import emit_many
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.directory.models import Service

from ..models import CHANNELS, MAX_TEXT, RATINGS, THEMES, Contact, Feedback, new_reference
from ..phones import NotAPhoneNumber, normalise_phone

EQUALITY_FIELDS = {"age_band", "sex", "ethnicity", "disability", "postcode_district"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def _contact_cache() -> dict:
    """Contacts found or made in this transaction, by e-mail and phone: a contact made a moment
    ago is not in the database yet (nothing is flushed until commit) but must still match."""
    return db.session.info.setdefault("linkhub_contacts", {})


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_contacts(session) -> None:
    session.info.pop("linkhub_contacts", None)


def find_or_create_contact(*, name: str = "", email: str | None = None, phone: str | None = None) -> Contact | None:
    """The one stored record for a person, matched on e-mail or phone; None when nothing to match.
    A new contact is added to the session, not flushed: its feedback is inserted with it."""
    email = normalise_email(email)
    if email and not EMAIL.match(email):
        raise ServiceError("Enter an email address in the correct format, like name@example.com", field="email")
    try:
        phone = normalise_phone(phone)
    except NotAPhoneNumber:
        raise ServiceError("Enter a telephone number, like 01632 960 001 or 07700 900 982", field="phone") from None
    if not (email or phone):
        return None
    cache = _contact_cache()
    network = current_network_id()
    contact = cache.get((network, "email", email)) or cache.get((network, "phone", phone))
    looked_up = cache.get("looked_up", set())
    if contact is None and not (
        (not email or (network, "email", email) in looked_up) and (not phone or (network, "phone", phone) in looked_up)
    ):
        clauses = [Contact.email == email] if email else []
        clauses += [Contact.phone == phone] if phone else []
        with db.session.no_autoflush:  # autoflush would cost a round trip per item
            contact = db.session.scalar(
                select(Contact).where(or_(*clauses), Contact.merged_into_id.is_(None)).order_by(Contact.id).limit(1)
            )
    if contact is None:
        contact = Contact(name=name.strip(), email=email, phone=phone)
        db.session.add(contact)
    else:  # fill in what we did not know yet
        contact.email = contact.email or email
        contact.phone = contact.phone or phone
        contact.name = contact.name or name.strip()
    for key, value in (("email", contact.email), ("phone", contact.phone)):
        if value:
            cache[(network, key, value)] = contact
    return contact


def merge_contacts(survivor: Contact, duplicate: Contact) -> Contact:
    """Staff merge a duplicate into the survivor: its feedback moves, it stays as a pointer."""
    db.session.flush()  # both must have ids (either may have been made in this transaction)
    if survivor.id == duplicate.id:
        raise ServiceError("Choose two different contacts", field="duplicate_id")
    db.session.execute(
        update(Feedback)
        .where(Feedback.contact_id == duplicate.id)
        .values(contact_id=survivor.id)
        .execution_options(synchronize_session=False)
    )
    survivor.email = survivor.email or duplicate.email
    survivor.phone = survivor.phone or duplicate.phone
    survivor.name = survivor.name or duplicate.name
    duplicate.merged_into_id = survivor.id
    duplicate.email = duplicate.phone = None
    audit.record("contact.merged", "contact", survivor.id, duplicate=duplicate.id)
    return survivor


def month_start(value: date | datetime | None) -> date | None:
    return None if value is None else date(value.year, value.month, 1)


def validate_feedback(
    *,
    channel: str,
    what_happened: str,
    service_id: int | None,
    service_text: str,
    theme: str,
    rating: int | None,
    happened_month: date | None,
    equality: dict,
) -> None:
    """Raise ServiceError on the first field that is wrong."""
    if channel not in CHANNELS:
        raise ServiceError("Choose how the feedback was received", field="channel")
    text = (what_happened or "").strip()
    if not text:
        raise ServiceError("Enter what happened", field="what_happened")
    if len(text) > MAX_TEXT:
        raise ServiceError(f"What happened must be {MAX_TEXT:,} characters or fewer", field="what_happened")
    if service_id is None and not (service_text or "").strip():
        raise ServiceError("Choose the service, or type its name", field="service_id")
    if theme not in THEMES:
        raise ServiceError("Choose what the feedback is about", field="theme")
    if rating is not None and rating not in RATINGS:
        raise ServiceError("Choose how it felt, from very poor to very good", field="rating")
    if happened_month is not None and happened_month > clock.today():
        raise ServiceError("The month must be this month or in the past", field="happened_month")
    unknown = set(equality or {}) - EQUALITY_FIELDS
    if unknown:
        raise ServiceError(f"Unknown equality monitoring question: {', '.join(sorted(unknown))}", field="equality")


def _preload_contacts(emails: set[str], phones: set[str]) -> None:
    """One query for every person a batch names, instead of one query per item."""
    if not (emails or phones):
        return
    cache, network = _contact_cache(), current_network_id()
    # Whatever is not found now is not in the database: find_or_create_contact need not ask again.
    cache.setdefault("looked_up", set()).update(
        {(network, "email", e) for e in emails} | {(network, "phone", p) for p in phones}
    )
    with db.session.no_autoflush:
        found = db.session.scalars(
            select(Contact)
            .where(or_(Contact.email.in_(emails), Contact.phone.in_(phones)), Contact.merged_into_id.is_(None))
            .order_by(Contact.id.desc())
        ).all()  # oldest last, so it wins when two match
    for contact in found:
        if contact.email:
            cache[(network, "email", contact.email)] = contact
        if contact.phone:
            cache[(network, "phone", contact.phone)] = contact


def record_feedback(**item) -> Feedback:
    """Record one piece of feedback (see :func:`record_feedback_many` for the fields)."""
    return record_feedback_many([item])[0]


def record_feedback_many(items: list[dict], *, entered_by=None) -> list[Feedback]:
    """Record a batch of feedback: each item is checked, its contact stored once, and an audit row
    and a ``feedback.received`` outbox event added with it, in the caller's transaction.

    Item fields: channel, what_happened, theme, and optionally service_id, service_text, rating,
    happened_month, contact_name, email, phone, consent_to_contact, equality, received_at,
    entered_by. The first bad item raises ServiceError (its position is in the message of a batch
    of more than one) and the caller rolls back, so nothing is half-written.
    """
    for position, item in enumerate(items, start=1):
        try:
            validate_feedback(
                channel=item.get("channel"),
                what_happened=item.get("what_happened"),
                service_id=item.get("service_id"),
                service_text=item.get("service_text", ""),
                theme=item.get("theme"),
                rating=item.get("rating"),
                happened_month=item.get("happened_month"),
                equality=item.get("equality") or {},
            )
        except ServiceError as exc:
            if len(items) > 1:
                exc.message = f"Item {position}: {exc.message}"
            raise
    service_ids = {item["service_id"] for item in items if item.get("service_id") is not None}
    with db.session.no_autoflush:  # tenant-filtered: another network's service is not found
        services = (
            {
                s.id: s
                for s in db.session.execute(  # the two columns needed, not the object and its provider
                    select(Service.id, Service.provider_id).where(Service.id.in_(service_ids))
                )
            }
            if service_ids
            else {}
        )
    if service_ids - set(services):
        raise ServiceError("Choose a service from this network's directory", field="service_id")
    _preload_contacts(
        {e for e in (normalise_email(i.get("email")) for i in items) if e},
        {p for p in (_phone_or_none(i.get("phone")) for i in items) if p},
    )
    added = [_add_feedback(item, services, entered_by) for item in items]
    # The reference (random, made now) names each item in its audit row and event, so nothing
    # needs flushing first; the rows go in as one statement each.
    references = [feedback.reference for feedback in added]
    audit.record_many("feedback.recorded", "feedback", references, channels=sorted({f.channel for f in added}))
    emit_many("feedback.received", [{"reference": reference} for reference in references])
    return added


def record_web_feedback(**item) -> str:
    """The public form's one item, as :func:`record_feedback` records it, returning its
    reference. Without contact details, on PostgreSQL, the feedback row, its audit row and its
    outbox event go in as one statement (the service looked up in it: another network's service
    inserts nothing, which is the same error), so a busy public form costs one round trip to the
    database for its writes instead of four. Anything else takes :func:`record_feedback`."""
    contact_given = (item.get("email") or "").strip() or (item.get("phone") or "").strip()
    if contact_given or db.session.connection().dialect.name != "postgresql":
        return record_feedback(**item).reference
    equality = item.get("equality") or {}
    validate_feedback(
        channel=item.get("channel"),
        what_happened=item.get("what_happened"),
        service_id=item.get("service_id"),
        service_text=item.get("service_text", ""),
        theme=item.get("theme"),
        rating=item.get("rating"),
        happened_month=item.get("happened_month"),
        equality=equality,
    )
    network, now, reference = current_network_id(), utcnow(), new_reference()
    actor_id, actor_label = audit.actor()
    feedback_table, services = Feedback.__table__, Service.__table__

    def value(table, column: str, given):
        return literal(given, type_=table.c[column].type).label(column)

    row = {
        "reference": reference,
        "channel": item["channel"],
        "service_text": (item.get("service_text") or "").strip()[:200],
        "theme": item["theme"],
        "what_happened": item["what_happened"].strip(),
        "happened_month": month_start(item.get("happened_month")),
        "rating": item.get("rating"),
        "contact_id": None,
        "consent_to_contact": False,  # no contact to consent for
        "equality": {k: v for k, v in equality.items() if v},
        "issue_id": None,
        "received_at": now,
        "entered_by_id": getattr(item.get("entered_by"), "id", None),
        "network_id": network,
    }
    columns = [value(feedback_table, name, given) for name, given in row.items()]
    if item.get("service_id") is not None:
        source = select(*columns, services.c.id.label("service_id"), services.c.provider_id.label("provider_id")).where(
            services.c.id == item["service_id"], services.c.network_id == network
        )
    else:
        source = select(*columns, value(feedback_table, "service_id", None), value(feedback_table, "provider_id", None))
    added = (
        insert(feedback_table)
        .from_select([*row, "service_id", "provider_id"], source)
        .returning(feedback_table.c.reference)
        .cte("added")
    )

    def after(table, values: dict):
        """An INSERT of one row for each feedback row added (none if none was)."""
        picked = select(*(value(table, name, given) for name, given in values.items())).select_from(added)
        return insert(table).from_select(list(values), picked)

    audited = after(
        AuditEvent.__table__,
        {
            "network_id": network,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": "feedback.recorded",
            "entity_type": "feedback",
            "entity_id": reference,
            "details": {"channels": [item["channel"]]},
            "created_at": now,
        },
    ).cte("audited")
    event_row = after(
        OutboxEvent.__table__,
        {
            "event_type": "feedback.received",
            "network_id": network,
            "payload": {"reference": reference},
            "status": "pending",
            "created_at": now,
            "deliveries": 0,
            "request_id": current_request_id(),
            "running_alone": False,
            "suspect": False,
            "crashes": 0,
            "failures": 0,
        },
    )
    stored = db.session.execute(event_row.add_cte(audited).returning(OutboxEvent.__table__.c.id)).all()
    if not stored:
        raise ServiceError("Choose a service from this network's directory", field="service_id")
    return reference


def _phone_or_none(text: str | None) -> str | None:
    """For preloading only: a number that is not one is reported by find_or_create_contact."""
    try:
        return normalise_phone(text)
    except NotAPhoneNumber:
        return None


def _add_feedback(item: dict, services: dict, entered_by) -> Feedback:
    service = services.get(item.get("service_id"))
    contact = find_or_create_contact(
        name=item.get("contact_name", ""), email=item.get("email"), phone=item.get("phone")
    )
    feedback = Feedback(
        channel=item["channel"],
        what_happened=item["what_happened"].strip(),
        theme=item["theme"],
        service_id=service.id if service else None,
        provider_id=service.provider_id if service else None,
        service_text=(item.get("service_text") or "").strip()[:200],
        rating=item.get("rating"),
        happened_month=month_start(item.get("happened_month")),
        contact=contact,
        consent_to_contact=bool(item.get("consent_to_contact") and contact),
        equality={k: v for k, v in (item.get("equality") or {}).items() if v},
        entered_by_id=getattr(item.get("entered_by") or entered_by, "id", None),
    )
    if item.get("received_at") is not None:
        feedback.received_at = item["received_at"]
    db.session.add(feedback)  # not flushed: callers that need the id flush first
    return feedback
