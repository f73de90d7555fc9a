"""A contact's rights: everything held about them as JSON and CSV, and erasure that removes the
person but keeps every count."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from linkhub.platform.db import db
from linkhub.platform.models import AuditEvent
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.feedback import services
from linkhub.tenants.feedback.services import rights
from linkhub.tenants.feedback.models import Contact, Feedback
from linkhub.tenants.issues import services as issues
from tests.helpers import sign_in

pytestmark = pytest.mark.usefixtures("db_kind")


def _people_and_items(issue_id: int) -> tuple[int, int]:
    b = issues.breakdown(issue_id)
    return b.people, b.feedback


@pytest.fixture
def caller(app, world):
    """One person who gave three pieces of feedback (one under a duplicate record, merged)."""
    with network_scope(world.a.id):
        first = services.record_feedback(
            channel="phone",
            theme="access",
            service_text="GP",
            what_happened="Jo Bloggs here, ring me on 0114 271 1900 please.",
            contact_name="Jo Bloggs",
            phone="+44 114 271 1900",
            equality={"age_band": "35-44"},
            consent_to_contact=True,
        )
        second = services.record_feedback(
            channel="email",
            theme="access",
            service_text="GP",
            what_happened='=HYPERLINK("x") still waiting, jo@example.org',
            email="jo@example.org",
        )
        other = services.record_feedback(
            channel="event",
            theme="access",
            service_text="GP",
            what_happened="Someone else entirely.",
            email="sam@example.org",
        )
        db.session.flush()
        services.merge_contacts(first.contact, second.contact)
        issue = issues.create_issue(title="GP access", theme="access", provider_id=None)
        issues.add_feedback(issue, [first.id, second.id, other.id])
        db.session.commit()
        return {"contact_id": first.contact_id, "issue_id": issue.id, "ids": [first.id, second.id, other.id]}


def test_export_holds_everything_about_the_person_in_json_and_csv(client, world, caller):
    sign_in(client, "staff-a@example.org")
    base = f"/networks/alpha/feedback/contacts/{caller['contact_id']}/export"
    response = client.get(base + ".json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["contact"]["name"] == "Jo Bloggs" and data["contact"]["email"] == "jo@example.org"
    assert data["contact"]["phone"] == "0114 271 1900" and len(data["contact"]["merged_records"]) == 1
    texts = sorted(f["what_happened"] for f in data["feedback"])
    assert len(texts) == 2 and "Someone else entirely." not in texts  # the merged duplicate's is there
    assert {f["equality"].get("age_band") for f in data["feedback"]} == {"35-44", None}
    rows = list(csv.DictReader(io.StringIO(client.get(base + ".csv").data.decode())))
    assert len(rows) == 2 and {r["email"] for r in rows} == {"jo@example.org"}
    assert any(r["what_happened"].startswith("'=HYPERLINK") for r in rows)  # a formula stays text
    assert client.get(base + ".xml").status_code == 404
    sign_in(client, "member-a@example.org")
    assert client.get(base + ".json").status_code == 403


def test_erasure_removes_the_person_and_keeps_every_count(client, world, caller):
    with network_scope(world.a.id):
        before = _people_and_items(caller["issue_id"])
        assert before == (2, 3)
    sign_in(client, "staff-a@example.org")
    page = f"/networks/alpha/feedback/contacts/{caller['contact_id']}/erase"
    assert "cannot undo" in client.get(page).data.decode()
    assert client.post(page).status_code == 302
    with network_scope(world.a.id):
        assert _people_and_items(caller["issue_id"]) == before  # counts kept
        records = db.session.scalars(
            select(Contact).where(
                (Contact.id == caller["contact_id"]) | (Contact.merged_into_id == caller["contact_id"])
            )
        ).all()
        assert len(records) == 2
        for record in records:
            assert (record.name, record.email, record.phone) == ("", None, None)
        items = db.session.scalars(select(Feedback).where(Feedback.id.in_(caller["ids"][:2]))).all()
        texts = " ".join(f.what_happened for f in items)
        for gone in ("Bloggs", "0114 271 1900", "jo@example.org"):
            assert gone not in texts
        assert "[removed]" in texts and "still waiting" in texts
        assert all(f.equality == {} and not f.consent_to_contact for f in items)
        untouched = db.session.get(Feedback, caller["ids"][2])
        assert untouched.what_happened == "Someone else entirely." and untouched.contact.email == "sam@example.org"
        audit_row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "contact.erased"))
        assert "Bloggs" not in json.dumps(audit_row.details) and audit_row.details["feedback"] == 2
        db.session.rollback()
    again = client.post(page)
    assert again.status_code == 200 and "already been erased" in again.data.decode()


def test_a_merged_record_is_erased_through_its_survivor(app, world, caller):
    with network_scope(world.a.id):
        duplicate = db.session.scalar(select(Contact).where(Contact.merged_into_id == caller["contact_id"]))
        with pytest.raises(ServiceError):
            rights.erase(duplicate)
        db.session.rollback()


PHONE_STYLES = [
    lambda n: "0" + n,
    lambda n: "+44 " + n,
    lambda n: "+44 (0)" + n[:3] + " " + n[3:],
    lambda n: "0044" + n,
    lambda n: "(0" + n[:3] + ") " + n[3:6] + " " + n[6:],
    lambda n: "0" + n[:3] + "-" + n[3:6] + "-" + n[6:],
]


@given(
    national=st.from_regex(r"1[1-9]{2}[2-9][0-9]{6}", fullmatch=True),
    style=st.sampled_from(PHONE_STYLES),
    before=st.sampled_from(["call ", "Tel: ", "", "number was "]),
    after=st.sampled_from([" today", ".", ""]),
)
@settings(max_examples=60, deadline=None)
def test_the_persons_number_is_found_however_it_was_written(national, style, before, after):
    contact = Contact(name="", email=None, phone="+44" + national)
    text = f"{before}{style(national)}{after}"
    (pattern,) = rights._patterns([contact])
    assert pattern.sub(rights.REMOVED, text) == f"{before}{rights.REMOVED}{after}"
    inside = "ref 9" + national + "9"  # a longer run of digits is another number
    assert pattern.sub(rights.REMOVED, inside) == inside
