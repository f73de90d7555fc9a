"""A contact's data rights, carried out by the network's staff (the network is the controller):

- **access** (UK GDPR article 15): :func:`export` gathers everything the network holds about one
  contact, the records merged into it included, as JSON (nested) and CSV (one row per piece of
  feedback, the contact's details repeated), to hand to the person;
- **erasure** (article 17): :func:`erase` removes the person but keeps the counts. The contact
  row stays as an empty tombstone (no name, e-mail or telephone, ``erased_at`` set), so its
  feedback still counts once towards "distinct people" and every issue keeps its figures; their
  equality answers and consent to be contacted go; where the feedback text repeats the person's
  own name, e-mail address or telephone number, that is replaced by ``[removed]``. The audit log
  records that an erasure happened and how many items it touched, never what was removed.
"""

from __future__ import annotations

import csv
import io
import re

import phonenumbers
from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError
from linkhub.platform.spreadsheet import safe_cell

from ..models import CHANNELS, THEMES, Contact, Feedback
from ..phones import display_phone

REMOVED = "[removed]"
CSV_COLUMNS = (
    "contact_id",
    "name",
    "email",
    "phone",
    "contact_since",
    "reference",
    "received_at",
    "channel",
    "service",
    "theme",
    "what_happened",
    "happened_month",
    "rating",
    "consent_to_contact",
    "equality",
    "issue_id",
)


def _records(contact: Contact) -> list[Contact]:
    """The contact and the duplicates merged into it (theirs is the same person's data)."""
    merged = db.session.scalars(select(Contact).where(Contact.merged_into_id == contact.id).order_by(Contact.id)).all()
    return [contact, *merged]


def _feedback(contacts: list[Contact]) -> list[Feedback]:
    ids = [c.id for c in contacts]
    return list(
        db.session.scalars(
            select(Feedback).where(Feedback.contact_id.in_(ids)).order_by(Feedback.received_at, Feedback.id)
        )
    )


def export(contact: Contact, *, audit_as: str | None = None) -> dict:
    """Everything held about the person, as plain JSON-ready data; ``audit_as`` (the format handed
    out) records in the audit log that their data was exported."""
    if audit_as:
        audit.record("contact.exported", "contact", contact.id, format=audit_as)
    records = _records(contact)
    items = _feedback(records)
    return {
        "contact": {
            "id": contact.id,
            "name": contact.name,
            "email": contact.email,
            "phone": display_phone(contact.phone) or None,
            "created_at": contact.created_at.isoformat(),
            "erased_at": contact.erased_at.isoformat() if contact.erased_at else None,
            "merged_records": [c.id for c in records[1:]],
        },
        "feedback": [
            {
                "reference": f.reference,
                "received_at": f.received_at.isoformat(),
                "channel": CHANNELS.get(f.channel, f.channel),
                "service": f.service_label,
                "theme": THEMES.get(f.theme, f.theme),
                "what_happened": f.what_happened,
                "happened_month": f.happened_month.strftime("%Y-%m") if f.happened_month else None,
                "rating": f.rating,
                "consent_to_contact": f.consent_to_contact,
                "equality": f.equality,
                "issue_id": f.issue_id,
            }
            for f in items
        ],
    }


def export_csv(data: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    person = data["contact"]
    head = [person["id"], person["name"] or "", person["email"] or "", person["phone"] or "", person["created_at"]]
    for f in data["feedback"] or [None]:
        rest = (
            ["" for _ in CSV_COLUMNS[5:]]
            if f is None
            else [
                f["reference"],
                f["received_at"],
                f["channel"],
                f["service"],
                f["theme"],
                f["what_happened"],
                f["happened_month"] or "",
                f["rating"] or "",
                "yes" if f["consent_to_contact"] else "no",
                "; ".join(f"{k}={v}" for k, v in sorted(f["equality"].items())),
                f["issue_id"] or "",
            ]
        )
        writer.writerow([safe_cell(str(v)) for v in head + rest])
    return buffer.getvalue()


def _patterns(contacts: list[Contact]) -> list[re.Pattern]:
    """The person's own details as they may appear in text: the name (whole words, any case), the
    e-mail address, and the telephone number written with any spacing, national or international."""
    found = []
    for c in contacts:
        if c.name and len(c.name.strip()) >= 2:
            found.append(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, c.name.split())) + r"(?!\w)", re.I))
        if c.email:
            found.append(re.compile(re.escape(c.email), re.I))
        if c.phone:
            try:
                number = phonenumbers.parse(c.phone, None)
            except phonenumbers.NumberParseException:
                continue
            national = str(number.national_number)
            digits = r"[\s().-]*".join(national)
            found.append(
                re.compile(
                    rf"(?<!\d)(?:(?:\+|00)\s*{number.country_code}[\s().-]*(?:\(0\)[\s-]*)?|\(?0)?{digits}(?!\d)"
                )
            )
    return found


def erase(contact: Contact, *, actor=None) -> dict:
    """Remove the person, keep the counts. Returns what was done (numbers only)."""
    if contact.merged_into_id is not None:
        raise ServiceError("This contact was merged into another: erase that one", field="contact_id")
    if contact.erased_at is not None:
        raise ServiceError("This contact has already been erased", status=409, field="contact_id")
    records = _records(contact)
    items = _feedback(records)
    patterns = _patterns(records)
    texts_changed = 0
    for item in items:
        text = item.what_happened
        for pattern in patterns:
            text = pattern.sub(REMOVED, text)
        if text != item.what_happened:
            item.what_happened, texts_changed = text, texts_changed + 1
        item.equality, item.consent_to_contact = {}, False
    for record in records:
        record.name, record.email, record.phone = "", None, None
    contact.erased_at = utcnow()
    outcome = {"feedback": len(items), "texts_changed": texts_changed, "records": len(records)}
    audit.record("contact.erased", "contact", contact.id, actor=actor, **outcome)
    return outcome
