"""Demo of the people journeys: an invitation waiting in Sheffield (People page), a record of
staff looking at a contact's details (the audit log's "who looked at personal data"), an API
token on Priya's account, and a note on the beta banner's form for the operator."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from linkhub.platform import audit, people, service_feedback, services
from linkhub.platform.db import db
from linkhub.platform.models import ApiToken, AuditEvent, Invitation, Network, ServiceFeedback, User
from linkhub.platform.tenancy import network_scope


def load_people() -> Iterator[str]:
    sheffield = db.session.scalar(select(Network).where(Network.slug == "sheffield"))
    admin = db.session.scalar(select(User).where(User.email == "admin@sheffield.example"))
    staff = db.session.scalar(select(User).where(User.email == "staff@sheffield.example"))
    if sheffield is None or admin is None or staff is None:
        return
    with network_scope(sheffield.id):  # Sheffield's rows (row-level security), committed in its scope
        if db.session.scalar(select(Invitation.id).where(Invitation.network_id == sheffield.id)) is None:
            people.invite(sheffield, email="volunteer@sheffield.example", role="member", invited_by=admin)
            db.session.commit()
            yield "invitation to volunteer@sheffield.example waiting in Sheffield"
        if db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == staff.id)) is None:
            services.create_token(staff, name="Survey import", role="staff", network=sheffield)
            db.session.commit()
            yield "API token 'Survey import' on staff@sheffield.example"
    with network_scope(sheffield.id):
        from linkhub.tenants.feedback.models import Contact

        contact = db.session.scalars(select(Contact).order_by(Contact.id)).first()
        seen = db.session.scalar(
            select(AuditEvent.id).where(AuditEvent.network_id == sheffield.id, AuditEvent.action == "contact.viewed")
        )
        if contact is not None and seen is None:
            audit.record("contact.viewed", "contact", contact.id, actor=staff)
            db.session.commit()
            yield "Priya looked at a contact's details (in Sheffield's audit log)"
    if db.session.scalar(select(ServiceFeedback.id)) is None:
        service_feedback.record(
            message="The deadlines page is really useful. Could it show bank holidays?",
            page="/networks/sheffield/powers/deadlines",
            user_id=staff.id,
        )
        yield "a note on the beta banner's form for the operator"
    db.session.commit()
