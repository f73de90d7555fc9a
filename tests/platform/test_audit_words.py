"""Issue 16 "Audit in plain words": network admins read their own network's log as sentences;
looking at personal data (a contact, a feedback item's contact details) is recorded."""

from __future__ import annotations

import re
from pathlib import Path

from flask import g
from sqlalchemy import select

from linkhub.platform.audit_words import PHRASES, sentence
from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent
from tests.helpers import sign_in
from tests.helpers import page_text

ROOT = Path(__file__).resolve().parents[2] / "linkhub"


def test_every_recorded_action_reads_as_a_sentence():
    recorded = set()
    for path in ROOT.rglob("*.py"):
        source = path.read_text()
        recorded |= set(re.findall(r'audit\.record(?:_many|_view)?\(\s*"([a-z_]+\.[a-z_]+)"', source))
    recorded |= {"network.suspended", "network.reactivated"}  # made with an f-string
    assert len(recorded) > 60
    assert recorded - set(PHRASES) == set()


def test_sentences_name_the_person_and_the_thing(app, world):
    event = AuditEvent(
        network_id=world.a.id,
        actor_id=world.users["staff_a"].id,
        actor_label="staff-a@example.org",
        action="visit.accuracy_response_recorded",
        entity_type="visit",
        entity_id="2",
        details={},
    )
    assert sentence(event) == "Staff A recorded the provider's factual accuracy response to visit 2"
    unknown = AuditEvent(
        network_id=None,
        actor_id=None,
        actor_label="system",
        action="thing.happened",
        entity_type="thing",
        entity_id="5",
        details={},
    )
    assert sentence(unknown) == "LINkHub did ‘thing.happened’ to thing 5"
    hostile = AuditEvent(
        network_id=None,
        actor_id=None,
        actor_label="system",
        action="invitation.sent",
        entity_type="invitation",
        entity_id="1",
        details={"email": "{0.__class__}"},
    )
    assert sentence(hostile) == "LINkHub invited {0.__class__} to join the network"  # details are data, not format


def test_viewing_contact_details_is_recorded_and_admins_read_it(client, world, db_kind):
    contact_id = world.records["alpha"]["contact_id"]
    sign_in(client, "staff-a@example.org")
    assert client.get(f"/networks/alpha/feedback/contacts/{contact_id}").status_code == 200
    assert client.get(f"/networks/alpha/feedback/{world.records['alpha']['feedback_id']}").status_code == 200
    assert client.get("/networks/alpha/feedback/contacts").status_code == 200
    assert client.get("/networks/alpha/audit/").status_code == 403  # staff: not the audit log
    views = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action.in_(("contact.viewed", "feedback.contact_viewed", "contacts.listed"))
        )
    ).all()
    assert sorted(v.action for v in views) == ["contact.viewed", "contacts.listed", "feedback.contact_viewed"]
    assert {v.actor_id for v in views} == {world.users["staff_a"].id} and {v.network_id for v in views} == {world.a.id}
    g.pop("_login_user", None)
    member = client.application.test_client()
    sign_in(member, "member-a@example.org")
    member.get(f"/networks/alpha/feedback/{world.records['alpha']['feedback_id']}")  # no contact details shown
    assert (
        db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.actor_id == world.users["member_a"].id, AuditEvent.action == "feedback.contact_viewed"
            )
        )
        is None
    )
    g.pop("_login_user", None)
    admin = client.application.test_client()
    sign_in(admin, "admin-a@example.org")
    text = page_text(admin.get("/networks/alpha/audit/?show=views").get_data(as_text=True))
    assert f"Staff A looked at the contact details of contact {contact_id}" in text
    everything = page_text(admin.get("/networks/alpha/audit/").get_data(as_text=True))
    assert "Staff A looked at the list of contacts" in everything
    assert "Beta" not in everything.split("What happened", 1)[1]  # only this network's entries
    assert "contact.viewed" not in everything
    g.pop("_login_user", None)
    other = client.application.test_client()
    sign_in(other, "admin-b@example.org")
    assert other.get("/networks/alpha/audit/").status_code == 403
    beta_log = page_text(other.get("/networks/beta/audit/").get_data(as_text=True))
    assert "Staff A" not in beta_log
