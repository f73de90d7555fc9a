"""Feedback intake: the only code that writes feedback and contacts.

Every piece of feedback, from any channel, goes through :func:`record_feedback`, which also
writes a ``feedback.received`` outbox event so trigger points are checked by a worker, not in
the web request.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import or_, select, update

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.tenants.directory.models import Service

from .models import CHANNELS, MAX_TEXT, RATINGS, THEMES, Contact, Feedback

EQUALITY_FIELDS = {"age_band", "sex", "ethnicity", "disability", "postcode_district"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def normalise_phone(phone: str | None) -> str | None:
    """Digits only, with +44 written as a leading 0, so one number matches however it was typed."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("44") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits or None


def find_or_create_contact(*, name: str = "", email: str | None = None, phone: str | None = None) -> Contact | None:
    """The one stored record for a person, matched on e-mail or phone; None when nothing to match."""
    email, phone = normalise_email(email), normalise_phone(phone)
    if email and not EMAIL.match(email):
        raise ServiceError("Enter an email address in the correct format, like name@example.com", field="email")
    if phone and not 10 <= len(phone) <= 13:
        raise ServiceError("Enter a telephone number, like 01632 960 001 or 07700 900 982", field="phone")
    if not (email or phone):
        return None
    clauses = [Contact.email == email] if email else []
    clauses += [Contact.phone == phone] if phone else []
    contact = db.session.scalar(select(Contact).where(or_(*clauses), Contact.merged_into_id.is_(None))
                                .order_by(Contact.id).limit(1))
    if contact is None:
        contact = Contact(name=name.strip(), email=email, phone=phone)
        db.session.add(contact)
        db.session.flush()
    else:  # fill in what we did not know yet
        contact.email = contact.email or email
        contact.phone = contact.phone or phone
        contact.name = contact.name or name.strip()
    return contact


def merge_contacts(survivor: Contact, duplicate: Contact) -> Contact:
    """Staff merge a duplicate into the survivor: its feedback moves, it stays as a pointer."""
    if survivor.id == duplicate.id:
        raise ServiceError("Choose two different contacts", field="duplicate_id")
    db.session.execute(update(Feedback).where(Feedback.contact_id == duplicate.id)
                       .values(contact_id=survivor.id).execution_options(synchronize_session=False))
    survivor.email = survivor.email or duplicate.email
    survivor.phone = survivor.phone or duplicate.phone
    survivor.name = survivor.name or duplicate.name
    duplicate.merged_into_id = survivor.id
    duplicate.email = duplicate.phone = None
    audit.record("contact.merged", "contact", survivor.id, duplicate=duplicate.id)
    return survivor


def month_start(value: date | datetime | None) -> date | None:
    return None if value is None else date(value.year, value.month, 1)


def validate_feedback(*, channel: str, what_happened: str, service_id: int | None, service_text: str,
                      theme: str, rating: int | None, happened_month: date | None, equality: dict) -> None:
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
    if happened_month is not None and happened_month > date.today():
        raise ServiceError("The month must be this month or in the past", field="happened_month")
    unknown = set(equality or {}) - EQUALITY_FIELDS
    if unknown:
        raise ServiceError(f"Unknown equality monitoring question: {', '.join(sorted(unknown))}", field="equality")


def record_feedback(*, channel: str, what_happened: str, theme: str, service_id: int | None = None,
                    service_text: str = "", rating: int | None = None, happened_month: date | None = None,
                    contact_name: str = "", email: str | None = None, phone: str | None = None,
                    consent_to_contact: bool = False, equality: dict | None = None,
                    received_at: datetime | None = None, entered_by=None) -> Feedback:
    validate_feedback(channel=channel, what_happened=what_happened, service_id=service_id, service_text=service_text,
                      theme=theme, rating=rating, happened_month=happened_month, equality=equality or {})
    provider_id = None
    if service_id is not None:
        service = db.session.get(Service, service_id)  # tenant-filtered: another network's is not found
        if service is None:
            raise ServiceError("Choose a service from this network's directory", field="service_id")
        provider_id = service.provider_id
    contact = find_or_create_contact(name=contact_name, email=email, phone=phone)
    feedback = Feedback(
        channel=channel, what_happened=what_happened.strip(), theme=theme, service_id=service_id,
        provider_id=provider_id, service_text=(service_text or "").strip()[:200], rating=rating,
        happened_month=month_start(happened_month), contact_id=contact.id if contact else None,
        consent_to_contact=bool(consent_to_contact and contact), equality={k: v for k, v in (equality or {}).items() if v},
        entered_by_id=getattr(entered_by, "id", None),
    )
    if received_at is not None:
        feedback.received_at = received_at
    db.session.add(feedback)
    db.session.flush()
    audit.record("feedback.recorded", "feedback", feedback.id, channel=channel)
    emit("feedback.received", {"feedback_id": feedback.id})
    return feedback
