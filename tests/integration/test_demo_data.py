"""The demo shows each new part of issue 16, and loading it twice changes nothing."""

from sqlalchemy import func, select

from linkhub.demo import load_demo
from linkhub.platform.db import db
from linkhub.platform.models import ApiToken, AuditEvent, Invitation, ServiceFeedback


def test_demo_shows_people_audit_tokens_and_service_feedback(app):
    for _ in load_demo():
        pass
    counts = lambda: (  # noqa: E731
        db.session.scalar(select(func.count()).select_from(Invitation)),  # noqa: E731
        db.session.scalar(select(func.count()).select_from(ApiToken)),
        db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "contact.viewed")),
        db.session.scalar(select(func.count()).select_from(ServiceFeedback)),
    )
    first = counts()
    assert all(first), first
    for _ in load_demo():
        pass
    assert counts() == first
