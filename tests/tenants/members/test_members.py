"""Members and participants: the public form (honeypot, NHS bodies refused, staff declaring
interests), approval, leaving with removal ("a former member"), the conflicts of interest
register and its yearly review reminders, the API's field errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from linkhub.platform import clock
from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.governance.models import BodyMember, DecisionParticipant
from linkhub.tenants.members import services
from linkhub.tenants.members.models import FORMER_MEMBER, Interest, Person
from tests.helpers import sign_in
from tests.tenants.powers.helpers import deliver_emails, messages

pytestmark = pytest.mark.usefixtures("db_kind")

JOIN = dict(
    kind="individual",
    involvement="member",
    name="Ravi Patel",
    email="ravi@example.org",
    contact_method="email",
    works_for_nhs="no",
    consent="y",
)


def people(network_id, **where):
    with network_scope(network_id):
        rows = db.session.scalars(select(Person).filter_by(**where).order_by(Person.id)).all()
        out = [(p.name, p.status, p.kind) for p in rows]
        db.session.rollback()
    return out


def test_anyone_can_ask_to_join_and_staff_approve(client, world):
    assert client.get("/networks/alpha/members/join").status_code == 200
    response = client.post("/networks/alpha/members/join", data=JOIN)
    assert response.status_code == 302 and response.headers["Location"].endswith("/members/join/thanks")
    thanks = client.get("/networks/alpha/members/join/thanks")
    assert b"Your reference" in thanks.data
    assert ("Ravi Patel", "applied", "individual") in people(world.a.id)
    assert not any(name == "Ravi Patel" for name, *_ in people(world.b.id))
    with network_scope(world.a.id):
        ravi = db.session.scalar(select(Person).where(Person.name == "Ravi Patel"))
        ravi_id = ravi.id
        assert ravi.consent_recorded_at is not None and ravi.source == "public_form"
        db.session.rollback()
    sign_in(client, world.users["staff_a"].email)
    assert client.post(f"/networks/alpha/members/{ravi_id}/approve").status_code == 302
    assert ("Ravi Patel", "active", "individual") in people(world.a.id)


def test_the_honeypot_stores_nothing(client, world):
    before = len(people(world.a.id))
    response = client.post("/networks/alpha/members/join", data={**JOIN, "website": "http://spam.example"})
    assert response.status_code == 302
    assert len(people(world.a.id)) == before


@pytest.mark.parametrize(
    "changes, field_text",
    [
        (dict(kind="organisation", name="Alpha Hospitals", organisation_type="nhs_body"), b"cannot join"),
        (
            dict(
                kind="organisation", name="Alpha Teaching Hospitals NHS Foundation Trust", organisation_type="voluntary"
            ),
            b"cannot join",
        ),
        (dict(kind="organisation", name="Alpha PCT", organisation_type="other"), b"cannot join"),
        (dict(consent=""), b"Tick the box"),
        (dict(email="not-an-address"), b"correct format"),
        (dict(contact_method="phone", phone=""), b"Enter a telephone number"),
    ],
)
def test_bad_requests_to_join_are_field_errors_and_store_nothing(client, world, changes, field_text):
    before = len(people(world.a.id))
    data = {**JOIN, **changes}
    if not data["consent"]:
        del data["consent"]
    response = client.post("/networks/alpha/members/join", data=data)
    assert response.status_code == 200
    assert b"There is a problem" in response.data and field_text in response.data
    assert len(people(world.a.id)) == before


def test_nhs_staff_join_as_individuals_declaring_the_interest(client, world):
    data = {**JOIN, "name": "Sue Nurse", "works_for_nhs": "yes", "employer": "Alpha NHS Trust", "job_role": "Nurse"}
    assert client.post("/networks/alpha/members/join", data=data).status_code == 302
    with network_scope(world.a.id):
        sue = db.session.scalar(select(Person).where(Person.name == "Sue Nurse"))
        (interest,) = db.session.scalars(select(Interest).where(Interest.person_id == sue.id)).all()
        assert (interest.employer, interest.role) == ("Alpha NHS Trust", "Nurse")
        db.session.rollback()


def test_members_pages_are_for_staff(client, world):
    sign_in(client, world.users["member_a"].email)
    assert client.get("/networks/alpha/members/").status_code == 403
    client.post("/sign-out")
    sign_in(client, world.users["staff_a"].email)
    page = client.get("/networks/alpha/members/")
    assert page.status_code == 200 and b"Chris Chair" in page.data


def test_leaving_removes_details_and_keeps_what_they_did(client, world):
    nurse_id = None
    with network_scope(world.a.id):
        nurse = db.session.scalar(select(Person).where(Person.name == "Nina Nurse"))
        chair = db.session.get(Person, world.records["alpha"]["person_id"])
        nurse_id = nurse.id
        services.leave(chair)
        services.leave(nurse)
        db.session.commit()
    with network_scope(world.a.id):
        nurse = db.session.get(Person, nurse_id)
        assert (nurse.display_name, nurse.email, nurse.name, nurse.consent_to_contact) == (FORMER_MEMBER, "", "", False)
        assert db.session.scalar(select(func.count()).select_from(Interest).where(Interest.person_id == nurse_id)) == 0
        row = db.session.scalar(select(DecisionParticipant).where(DecisionParticipant.person_id == nurse_id))
        assert row.handling == "withdrew" and "Staff nurse" not in row.declared and "removed" in row.declared
        seat = db.session.get(BodyMember, world.records["alpha"]["body_member_id"])
        assert seat.ended_on == clock.today()
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_id == str(nurse_id))).all()
        assert "member.left" in actions
        db.session.rollback()
    sign_in(client, world.users["member_a"].email)
    page = client.get(f"/networks/alpha/governance/decisions/{world.records['alpha']['decision_id']}")
    assert page.status_code == 200
    assert b"A former member" in page.data and b"Nina Nurse" not in page.data and b"Staff nurse" not in page.data


def test_the_yearly_review_reminds_staff_once(world):
    from linkhub.tenants.powers.services.reminders import remind_network

    with network_scope(world.a.id):
        interest = db.session.get(Interest, world.records["alpha"]["interest_id"])
        interest.declared_on = clock.today() - timedelta(days=365)  # the review is due today
        db.session.commit()
        assert remind_network(world.a) >= 1
        assert remind_network(world.a) == 0  # sent once
        db.session.commit()
    deliver_emails()
    subjects = [m.subject for m in messages(world.a.id)]
    assert any("Declaration of interest to renew" in s for s in subjects), subjects
    body = next(m.body for m in messages(world.a.id) if "Declaration of interest" in m.subject)
    assert "yearly review of this declaration is due on" in body


def test_renewing_a_declaration_moves_its_review_a_year_on(world):
    with network_scope(world.a.id):
        interest = db.session.get(Interest, world.records["alpha"]["interest_id"])
        services.renew_interest(interest)
        db.session.commit()
        assert interest.renew_by == clock.today() + timedelta(days=365)
        services.renew_interest(interest, still_current=False)
        db.session.commit()
        with pytest.raises(services.ServiceError):
            services.renew_interest(interest)
        db.session.rollback()


def test_api_register_field_errors_and_conflicts(client, world, staff):
    url = "/api/v1/networks/alpha/members/"
    bad = client.post(
        url, json={"kind": "individual", "involvement": "member", "name": "X", "email": "nope"}, headers=staff
    )
    assert bad.status_code == 422 and "email" in bad.get_json()["error"]["fields"]
    nhs = client.post(
        url,
        json={
            "kind": "organisation",
            "involvement": "member",
            "name": "Alpha PCT",
            "organisation_type": "other",
            "contact_method": "none",
        },
        headers=staff,
    )
    assert nhs.status_code == 422 and "name" in nhs.get_json()["error"]["fields"]
    made = client.post(
        url,
        json={
            "kind": "organisation",
            "involvement": "participant",
            "name": "Mind Alpha",
            "organisation_type": "voluntary",
            "email": "mind@example.org",
        },
        headers=staff,
    )
    assert made.status_code == 201, made.get_json()
    applicant = world.records["alpha"]["applicant_id"]
    assert client.post(f"/api/v1/networks/alpha/members/{applicant}/approve", headers=staff).status_code == 200
    again = client.post(f"/api/v1/networks/alpha/members/{applicant}/approve", headers=staff)
    assert again.status_code == 409
    listing = client.get(url + "?status=active", headers=staff).get_json()
    assert {"Carers Together", "Mind Alpha"} <= {p["name"] for p in listing["items"]}
    interest = client.post(
        f"{url}{made.get_json()['id']}/interests",
        json={"employer": "Alpha NHS Trust", "interest": "Trustee", "provider_id": 999999},
        headers=staff,
    )
    assert interest.status_code == 422 and "provider_id" in interest.get_json()["error"]["fields"]


def test_staff_invite_a_member_to_sign_in_through_the_people_invitation(client, world):
    from linkhub.platform.models import Invitation

    sign_in(client, world.users["staff_a"].email)
    person_id = world.records["alpha"]["person_id"]
    assert client.post(f"/networks/alpha/members/{person_id}/invite").status_code == 302
    with network_scope(world.a.id):  # invitations are a network's rows (forced row-level security)
        invitation = db.session.scalar(select(Invitation).where(Invitation.email == "chris@alpha.example"))
        assert invitation is not None and invitation.role == "member" and invitation.network_id == world.a.id
