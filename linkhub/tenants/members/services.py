"""Changes to the register of members and participants and to the conflicts of interest
register (the only code that writes them). Each function checks everything first, records an
audit row and leaves the commit to the caller: a refusal writes nothing.

Hooks: a domain above this one (governance) keeps copies of what a person declared in the
decisions they took part in; it registers a function in :data:`ON_ERASE` so that removing a
person's details removes those copies in the same transaction.
"""

from __future__ import annotations

import re
from typing import Callable

from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.services import require_text
from linkhub.tenants.directory.models import Provider

from .models import CONTACT_METHODS, INVOLVEMENT, KINDS, ORGANISATION_TYPES, Interest, Person

ON_ERASE: list[Callable[[Person], None]] = []  # when their details are removed
ON_LEAVE: list[Callable[[Person], None]] = []  # whenever someone leaves (their seats end)
NHS_BODY_REFUSAL = (
    "NHS trusts, NHS foundation trusts, Primary Care Trusts and Strategic Health Authorities cannot join "
    "a LINk as organisations. People who work for them can join as individuals and declare the interest."
)
# Names that say the organisation is one of the NHS bodies the law keeps out (whole words).
NHS_BODY_NAMES = re.compile(
    r"\b(nhs\s+(foundation\s+)?trust|foundation\s+trust|primary\s+care\s+trust|pct|"
    r"strategic\s+health\s+authority|sha)\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PERSON_FIELDS = (
    "kind",
    "involvement",
    "name",
    "organisation_type",
    "email",
    "phone",
    "address",
    "contact_method",
    "consent_to_contact",
    "interests_text",
    "notes",
)


def _limit(value: str, field: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ServiceError(f"This must be {limit:,} characters or fewer", field=field)
    return value


def _user():
    try:
        return current_user if current_user and current_user.is_authenticated else None
    except Exception:  # outside a request (demo, CLI)
        return None


def _checked(data: dict, current: Person | None = None) -> dict:
    """Validate the fields given (on a change, the others keep their values)."""
    get = lambda key, default=None: data[key] if key in data else getattr(current, key, default)  # noqa: E731
    out = {}
    kind = get("kind")
    if kind not in KINDS:
        raise ServiceError("Choose whether this is an individual or an organisation", field="kind")
    if get("involvement") not in INVOLVEMENT:
        raise ServiceError("Choose member or participant", field="involvement")
    name = _limit(require_text(get("name"), "Enter the name", "name"), "name", 200)
    organisation_type = get("organisation_type") or None
    if kind == "organisation":
        if organisation_type not in ORGANISATION_TYPES:
            raise ServiceError("Choose the kind of organisation", field="organisation_type")
        if organisation_type == "nhs_body":
            raise ServiceError(NHS_BODY_REFUSAL, field="organisation_type")
        if NHS_BODY_NAMES.search(name):
            raise ServiceError(NHS_BODY_REFUSAL, field="name")
    else:
        organisation_type = None
    email = _limit(get("email", ""), "email", 254).lower()
    if email and not EMAIL.match(email):
        raise ServiceError("Enter an email address in the correct format, like name@example.com", field="email")
    phone = _limit(get("phone", ""), "phone", 40)
    if phone and not re.fullmatch(r"[0-9 +()\-]{6,40}", phone):
        raise ServiceError("Enter a telephone number, like 0114 496 0000", field="phone")
    method = get("contact_method") or "email"
    if method not in CONTACT_METHODS:
        raise ServiceError("Choose how to contact them", field="contact_method")
    address = _limit(get("address", ""), "address", 2000)
    if method == "email" and not email:
        raise ServiceError("Enter an email address, or choose another way to be contacted", field="email")
    if method == "phone" and not phone:
        raise ServiceError("Enter a telephone number, or choose another way to be contacted", field="phone")
    if method == "post" and not address:
        raise ServiceError("Enter a postal address, or choose another way to be contacted", field="address")
    out.update(
        kind=kind,
        involvement=get("involvement"),
        name=name,
        organisation_type=organisation_type,
        email=email,
        phone=phone,
        address=address,
        contact_method=method,
        consent_to_contact=bool(get("consent_to_contact", False)),
        interests_text=_limit(get("interests_text", ""), "interests_text", 5000),
        notes=_limit(get("notes", ""), "notes", 5000),
    )
    return out


def _interest_values(employer, role, interest, provider_id) -> dict:
    if provider_id is not None and db.session.get(Provider, provider_id) is None:
        raise ServiceError("Choose a provider from this network's directory", field="provider_id")
    return dict(
        employer=_limit(require_text(employer, "Enter the employer or organisation", "employer"), "employer", 200),
        role=_limit(role, "role", 200),
        interest=_limit(require_text(interest, "Describe the interest", "interest"), "interest", 2000),
        provider_id=provider_id or None,
    )


def apply_to_join(*, consent: bool, works_for_nhs: bool = False, employer="", job_role="", **data) -> Person:
    """Someone asks to join from the public pages (no account). Staff approve or decline."""
    if not consent:
        raise ServiceError("Tick the box to agree that the LINk keeps your details", field="consent")
    values = _checked({**data, "notes": ""})
    interest = None
    if works_for_nhs:
        if values["kind"] != "individual":
            raise ServiceError(NHS_BODY_REFUSAL, field="organisation_type")
        interest = _interest_values(
            employer, job_role, f"Works for {(employer or '').strip()}" if (employer or "").strip() else "", None
        )
    person = Person(status="applied", source="public_form", consent_recorded_at=utcnow(), **values)
    db.session.add(person)
    db.session.flush()
    if interest is not None:
        db.session.add(Interest(person_id=person.id, declared_on=clock.today(), **interest))
    audit.record("member.applied", "person", person.id, kind=person.kind, involvement=person.involvement)
    return person


def add_person(**data) -> Person:
    """Staff add someone who joined another way (at an event, on paper): active at once."""
    values = _checked(data)
    person = Person(
        status="active",
        source="staff",
        joined_on=clock.today(),
        decided_at=utcnow(),
        decided_by_id=getattr(_user(), "id", None),
        consent_recorded_at=utcnow() if values["consent_to_contact"] else None,
        **values,
    )
    db.session.add(person)
    db.session.flush()
    audit.record("member.added", "person", person.id, kind=person.kind, involvement=person.involvement)
    return person


def update_person(person: Person, **changes) -> Person:
    if person.status == "left":
        raise ServiceError("This person has left and their details were removed", status=409)
    values = _checked({k: v for k, v in changes.items() if k in PERSON_FIELDS}, person)
    altered = sorted(k for k, v in values.items() if getattr(person, k) != v)
    if altered:
        if "consent_to_contact" in altered:
            person.consent_recorded_at = utcnow()
        for key in altered:
            setattr(person, key, values[key])
        audit.record("member.updated", "person", person.id, fields=altered)
    return person


def approve(person: Person) -> Person:
    if person.status != "applied":
        raise ServiceError("Only a request to join that is waiting can be approved", status=409)
    person.status, person.joined_on = "active", clock.today()
    person.decided_at, person.decided_by_id = utcnow(), getattr(_user(), "id", None)
    audit.record("member.approved", "person", person.id)
    return person


def decline(person: Person, reason: str = "") -> Person:
    if person.status != "applied":
        raise ServiceError("Only a request to join that is waiting can be declined", status=409)
    person.status, person.decline_reason = "declined", _limit(reason, "reason", 2000)
    person.decided_at, person.decided_by_id = utcnow(), getattr(_user(), "id", None)
    audit.record("member.declined", "person", person.id)
    return person


def leave(person: Person, *, remove_details: bool = True) -> Person:
    """The person leaves. With ``remove_details`` (the default) their name, contact details,
    notes and declarations go; the row stays, so what they did is shown as "A former member"."""
    if person.status == "left":
        raise ServiceError("This person has already left", status=409)
    person.status, person.left_on = "left", clock.today()
    for hook in ON_LEAVE:
        hook(person)
    if remove_details:
        for hook in ON_ERASE:
            hook(person)
        for interest in db.session.scalars(select(Interest).where(Interest.person_id == person.id)):
            db.session.delete(interest)
        person.name, person.email, person.phone, person.address = "", "", "", ""
        person.interests_text, person.notes, person.decline_reason = "", "", ""
        person.consent_to_contact, person.consent_recorded_at = False, None
        person.contact_method, person.user_id = "none", None
    audit.record("member.left", "person", person.id, details_removed=remove_details)
    return person


def invite_to_sign_in(person: Person, network, *, by=None):
    """Offer an active member or participant an account through the People page's invitation
    (``linkhub.platform.people``: an e-mail they accept; nobody is added without accepting)."""
    from linkhub.platform import people

    if person.status != "active":
        raise ServiceError("Only an active member or participant can be invited to sign in", status=409)
    if not person.email:
        raise ServiceError("Add their email address first", field="email")
    invitation, _ = people.invite(network, email=person.email, role="member", invited_by=by)
    audit.record("member.invited", "person", person.id, invitation_id=invitation.id)
    return invitation


def find_person(person_id: int | None, field: str = "person_id", *, active: bool = True) -> Person:
    person = db.session.get(Person, person_id) if person_id else None
    if person is None or (active and person.status != "active"):
        raise ServiceError("Choose a member or participant of this network", field=field)
    return person


# --- conflicts of interest ---------------------------------------------------------------------


def declare_interest(
    person: Person, *, employer: str, role: str = "", interest: str, provider_id: int | None = None, declared_on=None
) -> Interest:
    if person.status != "active":
        raise ServiceError("Only an active member or participant can declare an interest", status=409)
    values = _interest_values(employer, role, interest, provider_id)
    declared_on = declared_on or clock.today()
    if declared_on > clock.today():
        raise ServiceError("The date declared cannot be in the future", field="declared_on")
    row = Interest(person_id=person.id, declared_on=declared_on, **values)
    db.session.add(row)
    db.session.flush()
    audit.record("interest.declared", "interest", row.id, person_id=person.id, provider_id=row.provider_id)
    return row


def renew_interest(interest: Interest, *, still_current: bool = True) -> Interest:
    """The yearly review: the declaration still stands (renewed today) or has ended."""
    if interest.ended_on is not None:
        raise ServiceError("This declaration has ended", status=409)
    if still_current:
        interest.renewed_on = clock.today()
        audit.record("interest.renewed", "interest", interest.id)
    else:
        interest.ended_on = clock.today()
        audit.record("interest.ended", "interest", interest.id)
    return interest


def current_interests(person_ids: list[int]) -> list[Interest]:
    if not person_ids:
        return []
    return list(
        db.session.scalars(
            select(Interest)
            .where(Interest.person_id.in_(person_ids), Interest.ended_on.is_(None))
            .order_by(Interest.person_id, Interest.id)
        )
    )


def related_interests(person_ids: list[int], provider: Provider | None) -> list[Interest]:
    """Current declarations of these people that touch this provider: named as the provider,
    or an employer with the provider's name."""
    if provider is None:
        return []
    name = provider.name.strip().lower()
    return [
        i for i in current_interests(person_ids) if i.provider_id == provider.id or i.employer.strip().lower() == name
    ]
